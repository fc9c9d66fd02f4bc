"""The stack for end-to-end tests: sandbox platform + Telegram stand-in + the real bot.

The bot is the real PTB Application built by `bot.app.build_application`, polling the stand-in,
with a real SQLite file. Two tiers run the same tests: "loopback" speaks HTTP over 127.0.0.1
sockets; "inprocess" sends the same HTTP requests straight into the stand-ins' ASGI apps.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from bot.app import build_application
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID, Settings
from bot.runner import PollingBot
from sandbox.telegram.client import TelegramSim

TOKEN = "123456:TEST-TOKEN"
BUYER = 1001
STRANGER = 6666
# The stand-in enforces no flood control in these tiers (tests/flood does, with the bot's real
# limiter at Telegram's limits), so the limiter is given room and tests keep their speed.
ROOMY_SEND_LIMITS = {
    "TELEGRAM_MESSAGES_PER_SECOND": 1000,
    "TELEGRAM_PRIVATE_BURST": 1000,
    "TELEGRAM_GROUP_BURST": 1000,
}


class Stack:
    def __init__(
        self,
        tmp_path: Path,
        *,
        platform_url: str,
        telegram_url: str,
        platform_transport: httpx.AsyncBaseTransport | None = None,
        telegram_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.platform_url = platform_url
        self.telegram_url = telegram_url
        self.platform_transport = platform_transport
        self.telegram_transport = telegram_transport
        self.db_path = tmp_path / "orderbot.db"
        self.sim = TelegramSim(telegram_url, timeout=30, transport=telegram_transport)
        self.control = httpx.AsyncClient(
            base_url=platform_url, timeout=10, trust_env=False, transport=platform_transport
        )
        self.bot: PollingBot | None = None
        self.overrides: dict[str, Any] = {}

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": f"{self.telegram_url}/bot",
            "PANDAPON_BASE_URL": self.platform_url,
            "PANDAPON_ACCESS_KEY": SANDBOX_ACCESS_KEY,
            "PANDAPON_ACCESS_SECRET": SANDBOX_ACCESS_SECRET,
            "PANDAPON_USER_ID": SANDBOX_USER_ID,
            "PANDAPON_TIMEOUT_SECONDS": 3,
            "ORDERBOT_DB": str(self.db_path),
            "ORDERBOT_ALLOWED_USERS": str(BUYER),
            "ORDERBOT_PERSISTENCE_INTERVAL": 0.2,
            "ORDERBOT_SHORT_LINK_TIMEOUT": 1,
            **ROOMY_SEND_LIMITS,
            **self.overrides,
            **overrides,
        }
        return Settings(_env_file=None, **values)

    async def start_bot(self, **overrides: Any) -> PollingBot:
        self.overrides.update(overrides)
        parts = build_application(
            self.settings(),
            telegram_transport=self.telegram_transport,
            platform_transport=self.platform_transport,
        )
        # the web side (callbacks, /healthz) on a free port when callbacks are configured
        self.bot = PollingBot(parts, poll_timeout=1, listen_port=0)
        await self.bot.start()
        return self.bot

    async def stop_bot(self) -> None:
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None

    async def restart_bot(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    async def restart_bot_with(self, **overrides: Any) -> None:
        await self.stop_bot()
        await self.start_bot(**overrides)

    async def close(self) -> None:
        await self.stop_bot()
        await self.sim.aclose()
        await self.control.aclose()

    # --- the sandbox platform's control API ---------------------------------------------------

    async def platform_orders(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/orders")
        response.raise_for_status()
        body = response.json()
        return body["orders"] if isinstance(body, dict) else body

    async def fault(self, **fault: Any) -> None:
        response = await self.control.post("/_sandbox/faults", json=fault)
        response.raise_for_status()

    async def advance(self, order_ref: str, to: str | None = None) -> dict[str, Any]:
        body = {} if to is None else {"to": to}
        response = await self.control.post(f"/_sandbox/orders/{order_ref}/advance", json=body)
        response.raise_for_status()
        return response.json()

    async def point_callbacks_at_bot(self) -> None:
        """Make the sandbox POST its message callbacks to the running bot's web side."""
        url = self.bot.web.url + self.settings().callback_path
        response = await self.control.put("/_sandbox/callback-url", json={"url": url})
        response.raise_for_status()

    async def callback_log(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/callbacks")
        response.raise_for_status()
        body = response.json()
        return body["deliveries"]

    def run_job_now(self, name: str) -> None:
        """Make a JobQueue job due now (the scheduler is real; this only skips the wait)."""
        job = next(j for j in self.bot.application.job_queue.jobs() if j.name == name)
        job.job.modify(next_run_time=job.next_t.now(job.next_t.tzinfo))

    async def catalog(self) -> list[dict[str, Any]]:
        response = await self.control.get("/_sandbox/catalog")
        response.raise_for_status()
        body = response.json()
        return body["items"] if isinstance(body, dict) else body

    def user(self, user_id: int = BUYER, **kwargs: Any) -> Member:
        return Member(self, user_id, **kwargs)


def _text_of(call: dict[str, Any]) -> str:
    """The text a call shows: a message's text or caption, or an edited photo's caption."""
    params = call.get("params") or {}
    media = params.get("media")
    if isinstance(media, str) and media.startswith("{"):
        media = json.loads(media)
    caption = media.get("caption") if isinstance(media, dict) else None
    return str(params.get("text") or params.get("caption") or caption or "")


class Member:
    """One Telegram user in one chat (private by default), as a test drives them."""

    def __init__(
        self,
        stack: Stack,
        user_id: int,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str = "en",
        first_name: str = "Buyer",
    ) -> None:
        self.stack = stack
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id
        self.chat_type = chat_type
        self.language_code = language_code
        self.first_name = first_name

    @property
    def sim(self) -> TelegramSim:
        return self.stack.sim

    async def send(self, text: str) -> None:
        extra: dict[str, Any] = {
            "chat_type": self.chat_type,
            "language_code": self.language_code,
            "first_name": self.first_name,
        }
        if self.chat_type != "private":
            extra["chat_title"] = "Purchasing team"
        await self.sim.send(self.chat_id, self.user_id, text, **extra)

    async def expect(self, contains: str, *, timeout: float = 10) -> dict[str, Any]:
        """The next message/edit to this chat (after our last action) whose text has `contains`."""
        return await self.sim.wait_for(
            self.chat_id,
            predicate=lambda call: call.get("ok", True) and contains in _text_of(call),
            timeout=timeout,
        )

    async def says(self, text: str, expect: str, *, timeout: float = 10) -> dict[str, Any]:
        await self.send(text)
        return await self.expect(expect, timeout=timeout)

    async def messages(self) -> list[dict[str, Any]]:
        return (await self.sim.chat(self.chat_id))["messages"]

    async def panel(self) -> dict[str, Any]:
        """The newest bot message that has inline buttons."""
        for message in reversed(await self.messages()):
            if message.get("from_bot") and (message.get("reply_markup") or {}).get(
                "inline_keyboard"
            ):
                return message
        raise AssertionError("the bot shows no buttons in this chat")

    async def press(self, label: str, *, message: dict[str, Any] | None = None) -> None:
        target = message or await self.panel()
        data = TelegramSim.button_data(target, label)
        await self.sim.press(self.chat_id, target["message_id"], self.user_id, data)

    async def taps(self, label: str, expect: str, *, timeout: float = 10) -> dict[str, Any]:
        await self.press(label)
        return await self.expect(expect, timeout=timeout)
