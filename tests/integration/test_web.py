"""The bot's web side (bot.web): platform callbacks, /healthz and the Telegram webhook route.

Requests go in-process through httpx's ASGI transport, or over 127.0.0.1 where the order of
"response sent" and "callback handed on" matters. The webhook route feeds the real PTB
application, which answers through the Telegram stand-in.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import build_application
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID, Settings
from bot.pandapon.models_callback import CallbackEnvelope
from bot.serving import serve_in_background
from bot.web import SECRET_HEADER, create_web_app
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import call, sandbox_in_process
from sandbox.telegram.client import TelegramSim
from sandbox.telegram.server import TelegramStandIn
from tests.integration.test_sandbox_taobao import SEED_BODY

CALLBACK_PATH = "/pandapon/cb-7Hq2vX9kLm4Rt8Wz"
MAX_BYTES = 2048
TOKEN = "123456:WEB-TEST-TOKEN"
WEBHOOK_SECRET = "webhook-secret_0123456789"
BUYER = 1001

ORDER_BODY = {
    "orderId": "3305075341149134260",
    "orderNo": "PO202605200001",
    "orderStatus": "WAITING_FOR_PAYMENT",
    "payStatus": 1,
    "totalAmount": 10000,
}


def callback(**changes: Any) -> dict[str, Any]:
    """The documented example callback (messageBody is a JSON string, timestamp ms text)."""
    message = {
        "messageType": "ORDER_CREATE",
        "messageBody": json.dumps(ORDER_BODY),
        "messagePlatform": 1,
        "timestamp": "1779263269913",
    }
    message.update(changes)
    return message


def web_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "ORDERBOT_DB": str(tmp_path / "orderbot.db"),
        "ORDERBOT_CALLBACK_PATH": CALLBACK_PATH,
        "ORDERBOT_CALLBACK_MAX_BYTES": MAX_BYTES,
        **overrides,
    }
    return Settings(_env_file=None, **values)


class Recorder:
    """A callback handler that records what it was handed; `gate` holds it until released."""

    def __init__(self, *, gate: asyncio.Event | None = None, fail: bool = False) -> None:
        self.received: list[CallbackEnvelope] = []
        self.finished = 0
        self.gate = gate
        self.fail = fail

    async def __call__(self, envelope: CallbackEnvelope) -> None:
        self.received.append(envelope)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("the handler broke")
        self.finished += 1


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


async def wait_until(check, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def web(tmp_path, recorder) -> AsyncIterator[httpx.AsyncClient]:
    app = create_web_app(web_settings(tmp_path), on_callback=recorder)
    async with client_for(app) as client:
        yield client


# --- callbacks --------------------------------------------------------------------------------


async def test_a_good_callback_is_answered_200_and_handed_on_once(web, recorder):
    response = await web.post(CALLBACK_PATH, json=callback())
    assert response.status_code == 200
    assert len(recorder.received) == 1
    envelope = recorder.received[0]
    assert (envelope.message_type, envelope.platform) == ("ORDER_CREATE", "1688")
    assert envelope.message_body.order_no == "PO202605200001"
    assert envelope.message_body.total_amount == 10000
    assert envelope.timestamp == 1779263269913


async def test_the_answer_does_not_wait_for_the_handling(tmp_path):
    """Over a real socket: the platform has its 200 while the handler is still busy (its
    timeout is 1000 ms), and the handler runs once the response is out."""
    gate = asyncio.Event()
    recorder = Recorder(gate=gate)
    server = await serve_in_background(create_web_app(web_settings(tmp_path), on_callback=recorder))
    try:
        async with httpx.AsyncClient(base_url=server.url, trust_env=False) as client:
            response = await asyncio.wait_for(client.post(CALLBACK_PATH, json=callback()), 1.0)
            assert response.status_code == 200
            await wait_until(lambda: len(recorder.received) == 1)
            assert recorder.finished == 0  # still held: the response did not wait for it
            gate.set()
            await wait_until(lambda: recorder.finished == 1)
    finally:
        gate.set()
        await server.stop()
    assert len(recorder.received) == 1


async def test_the_sandbox_platforms_callbacks_are_taken(tmp_path):
    """The sandbox posts callbacks in the platform's shape to the real endpoint: accepted at the
    first attempt and handed on with the order's fields."""
    recorder = Recorder()
    server = await serve_in_background(create_web_app(web_settings(tmp_path), on_callback=recorder))
    config = SandboxConfig(callback_url=f"{server.url}{CALLBACK_PATH}", build_seconds=0)
    try:
        async with sandbox_in_process(config) as (_, platform):
            created = (await call(platform, "taobao.order.create", SEED_BODY))["data"]
            await wait_until(lambda: len(recorder.received) == 1)
            for _ in range(200):  # the sandbox notes the answer just after it came
                deliveries = (await platform.get("/_sandbox/callbacks")).json()["deliveries"]
                if deliveries and deliveries[0]["attempts"]:
                    break
                await asyncio.sleep(0.01)
    finally:
        await server.stop()
    envelope = recorder.received[0]
    assert envelope.platform == "taobao"
    assert str(envelope.message_body.order_id) == str(created["id"])
    assert envelope.message_body.seller_order_number == "1"
    assert [a["httpStatus"] for a in deliveries[0]["attempts"]] == [200]


async def test_malformed_json_is_refused_and_not_handed_on(web, recorder):
    for body in (b"{not json", b"\xff\xfe\x00", b"[1, 2"):
        response = await web.post(CALLBACK_PATH, content=body)
        assert response.status_code == 400
        assert response.text == "invalid JSON"
    assert recorder.received == []


async def test_deeply_nested_json_is_refused_not_a_server_error(tmp_path, recorder):
    """Found by a fault campaign: RecursionError escaped where ValueError was caught (500)."""
    settings = web_settings(tmp_path, ORDERBOT_CALLBACK_MAX_BYTES=1 << 20)
    deep = b"[" * 100_000 + b"]" * 100_000
    deep_objects = b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    nested_body = callback(messageBody="[" * 50_000 + "]" * 50_000)
    async with client_for(create_web_app(settings, on_callback=recorder)) as web:
        for content in (deep, deep_objects, json.dumps(nested_body).encode()):
            response = await web.post(CALLBACK_PATH, content=content)
            assert response.status_code == 400, response.text
    assert recorder.received == []


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ({k: v for k, v in callback().items() if k != "messageType"}, "messageType"),
        (callback(messageBody="{broken"), "messageBody"),
        (callback(messageBody=json.dumps(["not", "an", "object"])), "messageBody"),
        (callback(messagePlatform=7), "messagePlatform"),
        (callback(timestamp="yesterday"), "timestamp"),
        ([callback()], "body"),
    ],
)
async def test_a_wrong_shape_is_refused_with_the_field_named(web, recorder, message, field):
    response = await web.post(CALLBACK_PATH, json=message)
    assert response.status_code == 400
    assert response.text.startswith("not a callback envelope")
    assert field in response.text
    assert len(response.text) <= 200
    assert recorder.received == []


async def test_a_declared_oversized_body_is_refused_413(web, recorder):
    padded = callback(padding="x" * MAX_BYTES)
    response = await web.post(CALLBACK_PATH, json=padded)
    assert response.status_code == 413
    assert recorder.received == []


async def test_a_huge_streamed_body_is_refused_without_reading_it_all(web, recorder):
    """No Content-Length: the body arrives in chunks, and reading stops at the limit."""
    sent: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(10_000):  # 10 MB if anyone read it all
            sent.append(1)
            yield b"x" * 1024

    response = await web.post(CALLBACK_PATH, content=endless())
    assert response.status_code == 413
    assert 0 < len(sent) <= MAX_BYTES // 1024 + 2
    assert recorder.received == []


async def test_a_body_at_the_limit_is_accepted(web, recorder):
    message = callback()
    room = MAX_BYTES - len(json.dumps(message, separators=(",", ":"))) - len(',"pad":""')
    message["pad"] = "x" * room
    body = json.dumps(message, separators=(",", ":")).encode()
    assert len(body) == MAX_BYTES
    response = await web.post(CALLBACK_PATH, content=body)
    assert response.status_code == 200
    assert len(recorder.received) == 1


async def test_the_platforms_verify_probe_gets_200_and_nothing_is_handed_on(web, recorder):
    assert (await web.get(CALLBACK_PATH)).status_code == 200
    assert (await web.post(CALLBACK_PATH, content=b"")).status_code == 200
    assert recorder.received == []


async def test_a_failing_handler_is_logged_with_the_order_and_the_server_goes_on(tmp_path, caplog):
    recorder = Recorder(fail=True)
    app = create_web_app(web_settings(tmp_path), on_callback=recorder)
    with caplog.at_level(logging.ERROR, logger="bot.web"):
        async with client_for(app) as client:
            first = await client.post(CALLBACK_PATH, json=callback())
            second = await client.post(CALLBACK_PATH, json=callback())
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(recorder.received) == 2
    failures = [
        r for r in caplog.records if "handling the ORDER_CREATE callback failed" in r.message
    ]
    assert len(failures) == 2
    assert "order PO202605200001" in failures[0].getMessage()


async def test_other_paths_and_methods_are_404_with_no_hint(web, recorder):
    for method, path in [
        ("POST", "/"),
        ("POST", "/pandapon"),
        ("POST", "/pandapon/cb-wrong-token-0000"),
        ("POST", CALLBACK_PATH + "/"),  # no redirect to the real path either
        ("POST", CALLBACK_PATH.upper()),
        ("GET", "/admin"),
        ("PUT", CALLBACK_PATH),
        ("DELETE", CALLBACK_PATH),
        ("POST", "/telegram/webhook"),  # not served outside webhook mode
    ]:
        response = await web.request(method, path, json=callback())
        assert response.status_code == 404, (method, path)
        assert "pandapon" not in response.text and "location" not in response.headers
    assert recorder.received == []


async def test_without_a_callback_path_there_is_no_callback_route(tmp_path):
    recorder = Recorder()
    app = create_web_app(web_settings(tmp_path, ORDERBOT_CALLBACK_PATH=""), on_callback=recorder)
    async with client_for(app) as client:
        assert (await client.post(CALLBACK_PATH, json=callback())).status_code == 404
        assert (await client.get("/healthz")).status_code == 200
    assert recorder.received == []


def test_a_callback_path_without_a_handler_is_a_configuration_error(tmp_path):
    with pytest.raises(ValueError, match="no callback handler"):
        create_web_app(web_settings(tmp_path), on_callback=None)


# --- /healthz ---------------------------------------------------------------------------------


async def test_healthz_is_ok_with_facts_and_no_secrets(tmp_path, recorder):
    async def probe() -> dict[str, bool | str]:
        return {"mode": "polling", "bot_running": True, "database": True}

    app = create_web_app(web_settings(tmp_path), on_callback=recorder, health=probe)
    async with client_for(app) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "mode": "polling", "bot_running": True, "database": True}
    assert CALLBACK_PATH not in response.text and TOKEN not in response.text


async def test_healthz_is_503_when_a_fact_is_false(tmp_path, recorder):
    async def probe() -> dict[str, bool | str]:
        return {"bot_running": True, "database": False}

    app = create_web_app(web_settings(tmp_path), on_callback=recorder, health=probe)
    async with client_for(app) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["ok"] is False


# --- the Telegram webhook route -----------------------------------------------------------


@pytest.fixture
async def webhook(tmp_path) -> AsyncIterator[tuple[httpx.AsyncClient, TelegramSim, Any]]:
    """The real PTB application (no updater) talking to the stand-in in-process, behind the
    web app's webhook route."""
    standin = TelegramStandIn(token=TOKEN)
    transport = httpx.ASGITransport(app=standin.app)
    settings = web_settings(
        tmp_path,
        TELEGRAM_BASE_URL="http://telegram.inprocess/bot",
        # Never called by /help: the platform client only needs a well-formed configuration.
        PANDAPON_BASE_URL="http://127.0.0.1:9",
        PANDAPON_ACCESS_KEY=SANDBOX_ACCESS_KEY,
        PANDAPON_ACCESS_SECRET=SANDBOX_ACCESS_SECRET,
        PANDAPON_USER_ID=SANDBOX_USER_ID,
        ORDERBOT_ALLOWED_USERS=str(BUYER),
    )
    parts = build_application(settings, telegram_transport=transport)
    application = parts.application
    assert application.updater is None
    await application.initialize()
    await application.start()
    app = create_web_app(
        settings,
        on_callback=Recorder(),
        application=application,
        inbox=parts.inbox,
        webhook_secret=WEBHOOK_SECRET,
    )
    sim = TelegramSim("http://telegram.inprocess", transport=transport)
    try:
        async with client_for(app) as client:
            yield client, sim, application
    finally:
        await application.stop()
        await application.shutdown()
        await parts.client.aclose()
        await sim.aclose()
        await standin.stop()


def _sends_to(calls: list[dict[str, Any]]) -> list[str]:
    return [c["params"]["text"] for c in calls if c["method"] == "sendMessage"]


async def test_an_update_with_the_right_secret_reaches_the_bot(webhook):
    client, sim, _ = webhook
    update = await sim.send(BUYER, BUYER, "/help", first_name="Buyer")
    response = await client.post(
        "/telegram/webhook", json=update, headers={SECRET_HEADER: WEBHOOK_SECRET}
    )
    assert response.status_code == 200
    answer = await sim.wait_for(BUYER, "sendMessage")
    assert "How to order" in answer["params"]["text"]


async def test_a_wrong_or_missing_secret_is_403_and_the_update_is_dropped(webhook):
    client, sim, _ = webhook
    forged = await sim.send(BUYER, BUYER, "/start", first_name="Buyer")
    for headers in ({}, {SECRET_HEADER: "guess"}, {SECRET_HEADER: WEBHOOK_SECRET + "x"}):
        response = await client.post("/telegram/webhook", json=forged, headers=headers)
        assert response.status_code == 403
    # Updates are handled in order: had the forged /start been queued, its answer came first.
    genuine = await sim.send(BUYER, BUYER, "/help", first_name="Buyer")
    response = await client.post(
        "/telegram/webhook", json=genuine, headers={SECRET_HEADER: WEBHOOK_SECRET}
    )
    assert response.status_code == 200
    await sim.wait_for(BUYER, "sendMessage")
    texts = _sends_to((await sim.outbox(BUYER))["calls"])
    assert len(texts) == 1 and "How to order" in texts[0]


async def test_a_body_that_is_not_an_update_is_400(webhook):
    client, _, _ = webhook
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    for body in (b"{oops", b"[1, 2]", b'{"message": "no update_id"}', b"null"):
        response = await client.post("/telegram/webhook", content=body, headers=headers)
        assert response.status_code == 400, body
    assert (await client.get("/telegram/webhook", headers=headers)).status_code == 404


async def test_webhook_mode_without_a_secret_is_refused(tmp_path):
    settings = web_settings(tmp_path)
    parts = build_application(settings)
    try:
        with pytest.raises(ValueError, match="secret"):
            create_web_app(settings, on_callback=Recorder(), application=parts.application)
    finally:
        await parts.client.aclose()
