"""Webhook mode and the web side, end to end over 127.0.0.1.

The real `WebhookBot` serves one uvicorn server; the Telegram stand-in delivers updates to the
URL given in setWebhook with the secret header, as Telegram does; the sandbox platform posts
its message callbacks to the same server. `PollingBot` serves callbacks when configured.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.app import build_application
from bot.cli import main
from bot.pandapon.models_callback import CallbackEnvelope
from bot.runner import PollingBot, WebhookBot
from bot.web import SECRET_HEADER
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.server import start_sandbox_platform
from sandbox.pandapon.testkit import call, signed_client
from sandbox.telegram.server import TelegramStandIn
from tests.e2e.harness import BUYER, TOKEN, Stack
from tests.integration.test_sandbox_taobao import SEED_BODY

CALLBACK_PATH = "/pandapon/e2e-Zr5uQ8wNc3Lp7Ht2"


class Recorder:
    def __init__(self) -> None:
        self.received: list[CallbackEnvelope] = []

    async def __call__(self, envelope: CallbackEnvelope) -> None:
        self.received.append(envelope)


def free_port() -> int:
    """A port that was free a moment ago: the webhook URL must name the port before the
    server starts, because the bot registers it at start."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_until(check, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


class Servers:
    def __init__(self, stack: Stack, standin: TelegramStandIn, platform_url: str) -> None:
        self.stack = stack
        self.standin = standin
        self.platform_url = platform_url

    async def get_updates(self) -> httpx.Response:
        async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
            return await client.post(f"{self.standin.base_url}{TOKEN}/getUpdates")

    async def create_platform_order(self) -> dict[str, Any]:
        async with signed_client(SandboxConfig(), self.platform_url, timeout=5) as client:
            return (await call(client, "taobao.order.create", SEED_BODY))["data"]

    async def send_callbacks_to(self, url: str) -> None:
        response = await self.stack.control.put("/_sandbox/callback-url", json={"url": url})
        response.raise_for_status()


@pytest.fixture
async def servers(tmp_path) -> AsyncIterator[Servers]:
    standin = TelegramStandIn(token=TOKEN)
    await standin.start()
    platform = await start_sandbox_platform(SandboxConfig(time_scale=50, build_seconds=0))
    stack = Stack(tmp_path, platform_url=platform.url, telegram_url=standin.sim_url)
    try:
        yield Servers(stack, standin, platform.url)
    finally:
        await stack.close()
        await standin.stop()
        await platform.stop()


@pytest.fixture
async def webhook_bot(servers) -> AsyncIterator[tuple[WebhookBot, Recorder]]:
    port = free_port()
    settings = servers.stack.settings(
        ORDERBOT_LISTEN_PORT=port,
        ORDERBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}",
        ORDERBOT_CALLBACK_PATH=CALLBACK_PATH,
    )
    recorder = Recorder()
    bot = WebhookBot(build_application(settings), on_callback=recorder)
    await bot.start()
    try:
        yield bot, recorder
    finally:
        await bot.stop()


async def test_a_users_start_is_answered_through_the_webhook(servers, webhook_bot):
    bot, _ = webhook_bot
    buyer = servers.stack.user(BUYER)
    await buyer.says("/start", "Taobao/Tmall")
    info = await servers.stack.sim.webhook()
    assert info["webhook"]["url"] == bot.webhook_url
    assert info["webhook"]["has_secret_token"] is True
    assert any(d["status"] == 200 for d in info["deliveries"])
    # a conversation goes on the same way
    await buyer.says("/neworder", "Which platform")


async def test_get_updates_is_409_while_the_webhook_is_set(servers, webhook_bot):
    response = await servers.get_updates()
    assert response.status_code == 409
    assert "webhook is active" in response.json()["description"]


async def test_a_post_with_a_wrong_or_missing_secret_is_refused(servers, webhook_bot):
    bot, _ = webhook_bot
    forged = {
        "update_id": 990001,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": BUYER, "type": "private"},
            "from": {"id": BUYER, "is_bot": False, "first_name": "Mallory"},
            "text": "/neworder",
            "entities": [{"type": "bot_command", "offset": 0, "length": 9}],
        },
    }
    async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
        for headers in ({}, {SECRET_HEADER: "not-the-secret"}):
            response = await client.post(bot.webhook_url, json=forged, headers=headers)
            assert response.status_code == 403
    # Updates are handled in order: a forged /neworder that got in would be answered first.
    buyer = servers.stack.user(BUYER)
    answer = await buyer.says("/help", "How to order")
    earlier = (await servers.stack.sim.outbox(BUYER, method="sendMessage"))["calls"]
    assert [call["seq"] for call in earlier] == [answer["seq"]]


async def test_the_same_server_takes_platform_callbacks_and_serves_healthz(servers, webhook_bot):
    bot, recorder = webhook_bot
    assert bot.web is not None
    await servers.send_callbacks_to(f"{bot.web.url}{CALLBACK_PATH}")
    created = await servers.create_platform_order()
    await wait_until(lambda: len(recorder.received) == 1)
    assert str(recorder.received[0].message_body.order_id) == str(created["id"])
    async with httpx.AsyncClient(base_url=bot.web.url, trust_env=False) as client:
        health = await client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"ok": True, "bot_running": True, "mode": "webhook", "database": True}


async def test_the_webhook_stays_set_after_stop_and_polling_takes_over(servers, webhook_bot):
    bot, _ = webhook_bot
    await bot.stop()
    info = await servers.stack.sim.webhook()
    assert info["webhook"]["url"] == bot.webhook_url  # kept for a rolling restart
    await servers.stack.start_bot()  # polling deletes the webhook when it starts
    await servers.stack.user(BUYER).says("/start", "Taobao/Tmall")
    assert (await servers.stack.sim.webhook())["webhook"] is None


async def test_a_configured_webhook_secret_is_the_one_registered(servers):
    port = free_port()
    settings = servers.stack.settings(
        ORDERBOT_LISTEN_PORT=port,
        ORDERBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/",
        TELEGRAM_WEBHOOK_SECRET="operator-chosen_secret-42",
    )
    bot = WebhookBot(build_application(settings))
    await bot.start()
    try:
        assert bot.webhook_url == f"http://127.0.0.1:{port}/telegram/webhook"
        await servers.stack.user(BUYER).says("/start", "Taobao/Tmall")
        async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
            right = {SECRET_HEADER: "operator-chosen_secret-42"}
            response = await client.post(bot.webhook_url, content=b"{oops", headers=right)
        assert response.status_code == 400  # past the secret check, refused as not an update
    finally:
        await bot.stop()


async def test_webhook_mode_refuses_bad_settings_plainly(servers):
    without_url = build_application(servers.stack.settings())
    with pytest.raises(ValueError, match="ORDERBOT_WEBHOOK_URL is not set"):
        WebhookBot(without_url)
    await without_url.client.aclose()
    bad_secret = build_application(
        servers.stack.settings(
            ORDERBOT_WEBHOOK_URL="http://127.0.0.1:1", TELEGRAM_WEBHOOK_SECRET="has spaces!"
        ),
    )
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        WebhookBot(bad_secret)
    await bad_secret.client.aclose()


# --- polling mode with callbacks ------------------------------------------------------------


async def test_a_polling_bot_serves_callbacks_and_healthz_when_configured(servers):
    settings = servers.stack.settings(ORDERBOT_CALLBACK_PATH=CALLBACK_PATH)
    recorder = Recorder()
    bot = PollingBot(
        build_application(settings), poll_timeout=1, on_callback=recorder, listen_port=0
    )
    await bot.start()
    try:
        assert bot.web is not None
        await servers.send_callbacks_to(f"{bot.web.url}{CALLBACK_PATH}")
        created = await servers.create_platform_order()
        await wait_until(lambda: len(recorder.received) == 1)
        envelope = recorder.received[0]
        assert str(envelope.message_body.order_id) == str(created["id"])
        assert envelope.message_body.seller_order_number == "1"
        async with httpx.AsyncClient(base_url=bot.web.url, trust_env=False) as client:
            health = (await client.get("/healthz")).json()
            assert (await client.post("/telegram/webhook", json={})).status_code == 404
        assert health == {"ok": True, "mode": "polling", "bot_running": True, "database": True}
        await servers.stack.user(BUYER).says("/start", "Taobao/Tmall")  # and it still polls
    finally:
        await bot.stop()
    assert bot.web is None


async def test_a_polling_bot_without_a_callback_path_serves_nothing(servers):
    bot = await servers.stack.start_bot()
    assert bot.web is None


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    """Settings from the environment only (no .env here); logging put back afterwards."""
    monkeypatch.chdir(tmp_path)
    for name in ("ORDERBOT_WEBHOOK_URL", "ORDERBOT_CALLBACK_PATH", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ORDERBOT_DB", str(tmp_path / "orderbot.db"))
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:], level = saved
    root.setLevel(level)


def test_run_webhook_without_a_url_says_what_is_missing(cli_env, capsys):
    assert main(["run", "--webhook"]) == 2
    error = capsys.readouterr().err
    assert "ORDERBOT_WEBHOOK_URL is not set" in error
    assert "public HTTPS base URL" in error


def test_run_explains_webhook_mode(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "--webhook" in capsys.readouterr().out
