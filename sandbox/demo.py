"""`orderbot demo`: sandbox platform + Telegram stand-in + the real bot + a terminal chat."""

from __future__ import annotations

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
DEMO_CALLBACK_PATH = "/pandapon/demo-callbacks"


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


async def run_demo(db_path: str) -> None:
    # the platform's state beside the bot's: a restarted demo finds its orders on the platform
    config = SandboxConfig(time_scale=5, state_path=platform_state_path(db_path))
    platform = await start_sandbox_platform(config)
    standin = TelegramStandIn(token=DEMO_TOKEN)
    await standin.start()
    settings = demo_settings(platform.url, standin.base_url, db_path)
    bot = PollingBot(
        build_application(settings, platform_note="sandbox"), poll_timeout=1, listen_port=0
    )
    await bot.start()
    # the sandbox pushes status changes to the bot's callback endpoint, as the platform would
    async with httpx.AsyncClient(base_url=platform.url, trust_env=False) as control:
        url = bot.web.url + DEMO_CALLBACK_PATH
        (await control.put("/_sandbox/callback-url", json={"url": url})).raise_for_status()
    print(
        f"orderbot demo — sandbox platform {platform.url}, Telegram stand-in {standin.sim_url}\n"
        f"You are user {DEMO_BUYER} in a private chat with the bot "
        f"(allowed: users {DEMO_BUYER}, {DEMO_COLLEAGUE}; group {DEMO_GROUP}; "
        f"user {DEMO_COLLEAGUE} approves group orders).\n"
        f"Products to paste (whole catalog: {platform.url}/_sandbox/catalog):\n"
        "  https://item.taobao.com/item.htm?id=653211874520   T-shirt, 16 SKUs\n"
        "  https://item.taobao.com/item.htm?id=655012948812   hoodie, promotion price\n"
        "  https://detail.1688.com/offer/706627393257.html    1688 folders, MOQ 10, tiers\n"
        "  张三 13812345678 浙江省杭州市余杭区文一西路969号 311121   (an address to paste)\n"
    )
    try:
        async with TelegramSim(standin.sim_url) as sim:
            await Console(sim, user_id=DEMO_BUYER, group_id=DEMO_GROUP).run()
    finally:
        await bot.stop()
        await standin.stop()
        await platform.stop()
