"""The flood tier: the Telegram stand-in enforces Telegram's flood control (sandbox/telegram/
flood.py) and the bot keeps to it with its own limiter (bot/rate_limiter.py) at Telegram's
limits. Loopback only: real sockets and real waits, as a bot meets them."""

from __future__ import annotations

import pytest

from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from sandbox.telegram.flood import FloodLimits
from sandbox.telegram.server import TelegramStandIn
from tests.e2e.harness import TOKEN, Stack

CALLBACK_PATH = "/pandapon/flood-callbacks-3Vt8Qp2Ws6"
# What the bot is told: Telegram's own limits (the e2e tiers give the limiter room instead).
TELEGRAMS_LIMITS = {
    "TELEGRAM_MESSAGES_PER_SECOND": 30,
    "TELEGRAM_PRIVATE_BURST": 3,
    "TELEGRAM_PRIVATE_WINDOW": 3,
    "TELEGRAM_GROUP_BURST": 20,
    "TELEGRAM_GROUP_WINDOW": 60,
}


@pytest.fixture
async def strict_standin():
    """The stand-in alone, with Telegram's flood control."""
    standin = TelegramStandIn(token=TOKEN, flood=FloodLimits())
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
async def flood_stack(tmp_path):
    """Both stand-ins over 127.0.0.1, flood control on, and the real bot at Telegram's limits
    with platform callbacks (so the platform can set off notifications)."""
    standin = TelegramStandIn(token=TOKEN, flood=FloodLimits())
    platform = await start_sandbox_platform(
        SandboxConfig(build_seconds=0, ship_seconds=3600, receive_seconds=3600)
    )
    await standin.start()
    stack = Stack(tmp_path, platform_url=platform.url, telegram_url=standin.sim_url)
    try:
        await stack.start_bot(ORDERBOT_CALLBACK_PATH=CALLBACK_PATH, **TELEGRAMS_LIMITS)
        await stack.point_callbacks_at_bot()
        yield stack
    finally:
        await stack.close()
        await standin.stop()
        await platform.stop()
