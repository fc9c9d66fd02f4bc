"""The bot under test in a process of its own — `python -m bot run`, as an operator runs it —
or the bare echo bot (`python -m bench.echo_bot`), so that what is measured of it (CPU, memory,
open files) is its own and the load generator does not share its event loop.

Both bind 127.0.0.1 only, and are stopped (SIGTERM, then SIGKILL if they hang) when the
context manager ends; their output goes to a log file beside their database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.standins import REPO_ROOT, TOKEN
from bench.world import World
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID

CALLBACK_PATH = "/pandapon/bench-callbacks-4Kd9Rw2Zx7"
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningProcess:
    process: asyncio.subprocess.Process
    url: str = ""  # the bot's web side (callbacks, /healthz); "" for the echo bot

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        return self._status_mb("VmRSS")

    def peak_rss_mb(self) -> float:
        """The most resident memory the process has had so far (its high-water mark)."""
        return self._status_mb("VmHWM")

    def _status_mb(self, field: str) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no {field} for process {self.pid}")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def cpu_seconds(self) -> float:
        """User + system CPU the process has used so far."""
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        fields = stat.rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()


def bot_environment(
    world: World, db_path: Path, allowed: list[int], port: int, extra: dict[str, str]
) -> dict[str, str]:
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("ORDERBOT_", "PANDAPON_"))
    }
    return {
        **inherited,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": world.bot_api_url,
        "PANDAPON_BASE_URL": world.platform_url,
        "PANDAPON_ACCESS_KEY": SANDBOX_ACCESS_KEY,
        "PANDAPON_ACCESS_SECRET": SANDBOX_ACCESS_SECRET,
        "PANDAPON_USER_ID": SANDBOX_USER_ID,
        "ORDERBOT_DB": str(db_path),
        "ORDERBOT_ALLOWED_USERS": ",".join(str(user) for user in allowed),
        "ORDERBOT_CALLBACK_PATH": CALLBACK_PATH,
        "ORDERBOT_LISTEN_PORT": str(port),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.asynccontextmanager
async def orderbot_process(
    world: World, db_path: Path, allowed: list[int], **settings: str
) -> AsyncIterator[RunningProcess]:
    """`python -m bot run` polling the stand-in, ready once its /healthz says so; `settings`:
    more of its environment (`ORDERBOT_BULK_CONCURRENCY="16"`)."""
    port = free_port()
    log = db_path.with_suffix(".log").open("ab")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO_ROOT,
        env=bot_environment(world, db_path, allowed, port, settings),
        stdout=log,
        stderr=asyncio.subprocess.STDOUT,
    )
    running = RunningProcess(process, f"http://127.0.0.1:{port}")
    try:
        await _ready(running, db_path.with_suffix(".log"))
        yield running
    finally:
        await _stop(process)
        log.close()


async def _ready(running: RunningProcess, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    async with httpx.AsyncClient(trust_env=False, timeout=2) as http:
        while time.monotonic() < deadline:
            if running.process.returncode is not None:
                raise RuntimeError(
                    f"the bot exited with {running.process.returncode}; see {log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                answer = await http.get(f"{running.url}/healthz")
                if answer.status_code == 200 and answer.json().get("bot_running"):
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(
        f"the bot was not ready within {START_TIMEOUT_SECONDS:.0f} s; see {log_path}"
    )


@contextlib.asynccontextmanager
async def echo_process(world: World, log_path: Path) -> AsyncIterator[RunningProcess]:
    """The bare PTB echo bot polling the stand-in; ready once it says so on stdout."""
    log = log_path.open("ab")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.echo_bot",
        world.telegram_url,
        cwd=REPO_ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=log,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT_SECONDS)
        if not json.loads(line or b"{}").get("ready"):
            raise RuntimeError(f"the echo bot did not start; see {log_path}")
        yield RunningProcess(process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        await _stop(process)
        log.close()
