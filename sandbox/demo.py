"""`orderbot demo`: sandbox platform + Telegram stand-in + the real bot, and a chat to try it in —
the web chat in a browser (default) or the terminal console (`--console`)."""

from __future__ import annotations

import asyncio
import errno
import logging
from pathlib import Path

import httpx

from bot.app import build_application
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID, Settings
from bot.runner import PollingBot
from sandbox.console import Console
from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from sandbox.telegram.client import TelegramSim
from sandbox.telegram.server import TelegramStandIn

log = logging.getLogger(__name__)

DEMO_TOKEN = "123456:DEMO-TOKEN"
DEMO_BUYER = 1001
DEMO_COLLEAGUE = 1002
DEMO_GROUP = -100100
DEMO_GROUP_TITLE = "Demo purchasing team"
DEMO_PEOPLE = {DEMO_BUYER: "Mei", DEMO_COLLEAGUE: "Jun"}
DEMO_CALLBACK_PATH = "/pandapon/demo-callbacks"
DEFAULT_WEBCHAT_PORT = 8790


class DemoError(Exception):
    """The demo cannot start; the message says why and what to do."""


def demo_settings(platform_url: str, telegram_url: str, db_path: str) -> Settings:
    return Settings(
        _env_file=None,
        TELEGRAM_BOT_TOKEN=DEMO_TOKEN,
        TELEGRAM_BASE_URL=telegram_url,
        PANDAPON_BASE_URL=platform_url,
        PANDAPON_ACCESS_KEY=SANDBOX_ACCESS_KEY,
        PANDAPON_ACCESS_SECRET=SANDBOX_ACCESS_SECRET,
        PANDAPON_USER_ID=SANDBOX_USER_ID,
        ORDERBOT_DB=db_path,
        ORDERBOT_ALLOWED_USERS=f"{DEMO_BUYER},{DEMO_COLLEAGUE}",
        ORDERBOT_ALLOWED_CHATS=str(DEMO_GROUP),
        ORDERBOT_APPROVERS=str(DEMO_COLLEAGUE),
        ORDERBOT_CALLBACK_PATH=DEMO_CALLBACK_PATH,
        LOG_LEVEL="WARNING",
    )


def platform_state_path(db_path: str) -> str:
    """The sandbox platform's state file beside the demo database: data/demo-platform.db."""
    db = Path(db_path)
    return str(db.with_name(f"{db.stem}-platform{db.suffix or '.db'}"))


async def seed_people(sim: TelegramSim) -> None:
    """The demo's world as Telegram would have it: Mei created the team group, Jun is in it, and
    the bot was added; so both people and the group are in the web chat from the start."""
    buyer, colleague = DEMO_PEOPLE[DEMO_BUYER], DEMO_PEOPLE[DEMO_COLLEAGUE]
    common = {"chat_title": DEMO_GROUP_TITLE, "language_code": "en"}
    await sim.set_member(DEMO_GROUP, DEMO_BUYER, "creator", first_name=buyer, **common)
    await sim.set_member(DEMO_GROUP, DEMO_COLLEAGUE, "member", first_name=colleague, **common)
    await sim.set_member(DEMO_GROUP, int(DEMO_TOKEN.split(":")[0]), "member")


async def _start_standin(port: int) -> TelegramStandIn:
    standin = TelegramStandIn(token=DEMO_TOKEN)
    try:
        await standin.start(port=port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise DemoError(
                f"Port {port} is in use (is another demo running?). Choose another with "
                "--port N, or --port 0 for any free port."
            ) from exc
        raise
    return standin


def _banner(platform_url: str, standin: TelegramStandIn, console: bool) -> str:
    buyer, colleague = DEMO_PEOPLE[DEMO_BUYER], DEMO_PEOPLE[DEMO_COLLEAGUE]
    where = "Chat in this terminal (:help lists the keys)" if console else "Open the web chat"
    return (
        f"Web chat: {standin.webchat_url}\n"
        f"orderbot demo — sandbox platform {platform_url}, Telegram stand-in {standin.sim_url}\n"
        f"{where}: you are {buyer} (user {DEMO_BUYER}) in a private chat with the bot; "
        f"{colleague} (user {DEMO_COLLEAGUE}) approves orders in the group "
        f"“{DEMO_GROUP_TITLE}” ({DEMO_GROUP}).\n"
        f"Products to paste (whole catalog: {platform_url}/_sandbox/catalog):\n"
        "  https://item.taobao.com/item.htm?id=653211874520   T-shirt, 16 SKUs\n"
        "  https://item.taobao.com/item.htm?id=655012948812   hoodie, promotion price\n"
        "  https://detail.1688.com/offer/706627393257.html    1688 folders, MOQ 10, tiers\n"
        "  张三 13812345678 浙江省杭州市余杭区文一西路969号 311121   (an address to paste)\n"
        + ("" if console else "Ctrl-C stops the demo.\n")
    )


def demo_platform_config(db_path: str) -> SandboxConfig:
    """The demo's platform: five times faster than life, yet slow enough to try every action —
    a paid order ships after 12 s, a parcel arrives a minute later, and a 1688 order then waits
    12 minutes for Confirm receipt before it confirms itself. Its state lives beside the bot's,
    so a restarted demo finds its orders on the platform."""
    return SandboxConfig(
        time_scale=5,
        ship_seconds=60,
        receive_seconds=300,
        auto_confirm_seconds=3600,
        state_path=platform_state_path(db_path),
    )


async def run_demo(
    db_path: str,
    stop: asyncio.Event,
    *,
    console: bool = False,
    port: int = DEFAULT_WEBCHAT_PORT,
) -> None:
    """Run until `stop` is set (Ctrl-C) or, with the console, until you quit it."""
    standin = await _start_standin(port)
    platform = await start_sandbox_platform(demo_platform_config(db_path))
    bot = None
    try:
        settings = demo_settings(platform.url, standin.base_url, db_path)
        bot = PollingBot(
            build_application(settings, platform_note="sandbox"), poll_timeout=1, listen_port=0
        )
        await bot.start()
        # the sandbox pushes status changes to the bot's callback endpoint, as the platform would
        async with httpx.AsyncClient(base_url=platform.url, trust_env=False) as control:
            url = bot.web.url + DEMO_CALLBACK_PATH
            (await control.put("/_sandbox/callback-url", json={"url": url})).raise_for_status()
        async with TelegramSim(standin.sim_url) as sim:
            await seed_people(sim)
            print(_banner(platform.url, standin, console), flush=True)
            if console:
                chat = Console(
                    sim, user_id=DEMO_BUYER, group_id=DEMO_GROUP, file_url=standin.sim_url
                )
                await chat.run(stop)
            else:
                await stop.wait()
    finally:
        if bot is not None:
            await bot.stop()
        await asyncio.gather(standin.stop(), platform.stop())
