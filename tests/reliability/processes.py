"""Real processes for the reliability suite: the stand-ins in one, the bot (`orderbot run`) in
another that the tests kill with SIGKILL and start again on the same database.

Members are driven through the Telegram stand-in's /sim API, each with a client of its own (so
"the answer to what I just did" is per member), and are patient: while the bot is down their
input waits in Telegram, and their next expected answer comes once it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from sandbox.telegram.client import OutboxCall, SimRequestError, SimTimeout, TelegramSim

REPO_ROOT = Path(__file__).resolve().parents[2]
CALLBACK_PATH = "/pandapon/reliability-callbacks-7Qm2Xv9L"
EXPIRED = "expired"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StandIns:
    """`python -m tests.reliability.standins` as a child process."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.proc: subprocess.Popen[str] | None = None
        self.platform_url = ""
        self.telegram_url = ""
        self.token = ""

    def start(self) -> None:
        log = self.log_path.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.standins"],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the stand-ins did not start; see {self.log_path}")
        urls = json.loads(line)
        self.platform_url, self.telegram_url = urls["platform"], urls["telegram"]
        self.token = urls["token"]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class BotProcess:
    """`python -m bot run` against the stand-ins, its log appended to one file across runs."""

    def __init__(self, standins: StandIns, tmp_path: Path, users: list[int], **env: str) -> None:
        self.db_path = tmp_path / "orderbot.db"
        self.log_path = tmp_path / "bot.log"
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ORDERBOT_", "PANDAPON_"))},
            "PYTHONUNBUFFERED": "1",
            "TELEGRAM_BOT_TOKEN": standins.token,
            "TELEGRAM_BASE_URL": f"{standins.telegram_url}/bot",
            "PANDAPON_BASE_URL": standins.platform_url,
            "PANDAPON_ACCESS_KEY": SANDBOX_ACCESS_KEY,
            "PANDAPON_ACCESS_SECRET": SANDBOX_ACCESS_SECRET,
            "PANDAPON_USER_ID": SANDBOX_USER_ID,
            "ORDERBOT_DB": str(self.db_path),
            "ORDERBOT_ALLOWED_USERS": ",".join(str(u) for u in users),
            "ORDERBOT_CALLBACK_PATH": CALLBACK_PATH,
            "ORDERBOT_LISTEN_PORT": str(self.port),
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 30.0) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
            )
        self.starts += 1
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(trust_env=False, timeout=2) as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"the bot exited with {self.proc.returncode}; see log")
                with contextlib.suppress(httpx.HTTPError):
                    answer = await http.get(f"{self.url}/healthz")
                    if answer.status_code == 200 and answer.json().get("bot_running"):
                        return
                await asyncio.sleep(0.1)
        raise RuntimeError(f"the bot was not ready within {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, nothing is flushed."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_problems(self) -> list[str]:
        """Log lines at ERROR or above, and tracebacks."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [
            line
            for line in text.splitlines()
            if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
        ]


def _text_of(call: OutboxCall) -> str:
    params = call.get("params") or {}
    return str(params.get("text") or params.get("caption") or "")


class Patron:
    """One member in one chat (their private chat, or a group), patient with a bot that may
    be restarting."""

    def __init__(self, telegram_url: str, user_id: int, chat_id: int | None = None) -> None:
        self.sim = TelegramSim(telegram_url, timeout=30)
        self.user_id = user_id
        self.chat_id = user_id if chat_id is None else chat_id

    async def close(self) -> None:
        await self.sim.aclose()

    async def send(self, text: str) -> None:
        extra: dict[str, Any] = {"first_name": f"P{self.user_id}", "language_code": "en"}
        if self.chat_id != self.user_id:
            extra.update(chat_type="group", chat_title="Reliability team")
        await self.sim.send(self.chat_id, self.user_id, text, **extra)

    async def expect(self, *any_of: str, timeout: float = 90.0) -> OutboxCall:
        return await self.sim.wait_for(
            self.chat_id,
            predicate=lambda call: (
                call.get("ok", True) and any(text in _text_of(call) for text in any_of)
            ),
            timeout=timeout,
        )

    async def says(self, text: str, *expect: str, timeout: float = 90.0) -> OutboxCall:
        await self.send(text)
        return await self.expect(*expect, timeout=timeout)

    async def panel(self) -> dict[str, Any]:
        messages = (await self.sim.chat(self.chat_id))["messages"]
        for message in reversed(messages):
            if (message.get("text") or "").startswith("🔔"):
                continue  # a status notification (its "Open" button) is no step's panel
            if message.get("from_bot") and (message.get("reply_markup") or {}).get(
                "inline_keyboard"
            ):
                return message
        raise AssertionError(f"user {self.user_id} in {self.chat_id}: the bot shows no buttons")

    async def taps(
        self, label: str, *expect: str, timeout: float = 90.0, twice: bool = False
    ) -> OutboxCall:
        """Press `label` on the newest panel and wait for an answer containing one of `expect`.
        A press on a panel replaced meanwhile (a restart re-showed the step) is answered
        "expired": then the new panel is pressed. `twice`: a double tap."""
        deadline = time.monotonic() + timeout

        def remaining() -> float:
            return max(1.0, deadline - time.monotonic())

        while True:
            panel = await self.panel()
            try:
                data = TelegramSim.button_data(panel, label)
            except LookupError:  # the button is gone: an earlier press is taking effect
                return await self.expect(*expect, timeout=remaining())
            try:
                await self.sim.press(self.chat_id, panel["message_id"], self.user_id, data)
                if twice:
                    await self.sim.press(self.chat_id, panel["message_id"], self.user_id, data)
            except SimRequestError:  # the button went away under us: look again
                await asyncio.sleep(0.2)
                continue
            answer = await self.expect(*expect, EXPIRED, timeout=remaining())
            if any(text in _text_of(answer) for text in expect):
                return answer
            try:  # "expired": for the other tap of a double tap, or a panel that moved on
                return await self.expect(*expect, timeout=3.0)
            except SimTimeout:
                if time.monotonic() >= deadline:
                    raise


# --- the order flow the members of the suite go through ---------------------------------------

ITEM_LINE = "600126245031041190 5016042822039 1"  # the documented test item, 1 fen, deep stock
ADDRESS = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"


async def to_preview(patron: Patron, seller_no: str | None, *, source: str = "Skip") -> None:
    """From /neworder to the preview of a one-line Taobao order, with a pasted address;
    `seller_no` typed, or generated when None. A draft left by a kill is started over."""
    await patron.says("/neworder", "Which platform", "unfinished order draft")
    if "unfinished" in (await patron.panel())["text"]:
        await patron.taps("Start over", "Which platform")
    await patron.taps("Taobao", "Paste a")
    await patron.says(ITEM_LINE, "Subtotal")
    await patron.taps("Continue to the address", "Receiver")
    await patron.taps("Paste a whole address", "Paste the whole address")
    await patron.says(ADDRESS, "Use this address")
    await patron.taps("Use this address", "Budget")
    await patron.taps("Use the total", "Where did this order come from")
    await patron.taps(source, "Your own order number")
    if seller_no is None:
        await patron.taps("Generate one", "Preview")
    else:
        await patron.says(seller_no, "Preview")
