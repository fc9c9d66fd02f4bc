"""Fixtures for the end-to-end tiers (see harness.py): every test runs in-process and over
127.0.0.1 sockets."""

from __future__ import annotations

import httpx
import pytest

from sandbox.pandapon.server import SandboxConfig, create_app, start_sandbox_platform
from sandbox.telegram.server import TelegramStandIn
from tests.e2e.harness import TOKEN, Stack


def _config() -> SandboxConfig:
    # Orders wait for payment at once and move on only when a test advances them; the seller
    # answers refund requests, and finance payment vouchers, only when a test says so.
    return SandboxConfig(
        build_seconds=0,
        ship_seconds=3600,
        receive_seconds=3600,
        refund_answer_seconds=0,
        refund_receive_seconds=0,
        voucher_review_seconds=3600,
    )


@pytest.fixture(params=["inprocess", "loopback"])
async def stack(request, tmp_path):
    standin = TelegramStandIn(token=TOKEN)
    if request.param == "loopback":
        platform = await start_sandbox_platform(_config())
        await standin.start()
        stack = Stack(tmp_path, platform_url=platform.url, telegram_url=standin.sim_url)
        try:
            yield stack
        finally:
            await stack.close()
            await standin.stop()
            await platform.stop()
        return
    app = create_app(_config())
    async with app.router.lifespan_context(app):
        stack = Stack(
            tmp_path,
            platform_url="http://platform.inprocess",
            telegram_url="http://telegram.inprocess",
            platform_transport=httpx.ASGITransport(app=app),
            telegram_transport=httpx.ASGITransport(app=standin.app),
        )
        try:
            yield stack
        finally:
            await stack.close()
            await standin.stop()


@pytest.fixture
async def bot(stack):
    await stack.start_bot()
    return stack


CALLBACK_PATH = "/pandapon/cb-7Qm2Xv9Lr4Tz8Wd1"


@pytest.fixture
async def callback_bot(tmp_path):
    """Loopback only: the sandbox must reach the bot's callback endpoint over a socket."""
    standin = TelegramStandIn(token=TOKEN)
    platform = await start_sandbox_platform(_config())
    await standin.start()
    stack = Stack(tmp_path, platform_url=platform.url, telegram_url=standin.sim_url)
    try:
        await stack.start_bot(ORDERBOT_CALLBACK_PATH=CALLBACK_PATH)
        await stack.point_callbacks_at_bot()
        yield stack
    finally:
        await stack.close()
        await standin.stop()
        await platform.stop()


@pytest.fixture
async def standin():
    """The Telegram stand-in alone on 127.0.0.1, for `orderbot` commands run as processes."""
    server = TelegramStandIn(token=TOKEN)
    await server.start()
    yield server
    await server.stop()
