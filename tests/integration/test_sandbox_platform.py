"""The sandbox platform's gate: signatures, timestamps, nonces, envelopes, bad input, catalog."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

import httpx
import pytest

from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.pandapon.endpoints import ENDPOINTS
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.handlers import HANDLERS
from sandbox.pandapon.server import create_app, start_sandbox_platform
from sandbox.pandapon.testkit import IN_PROCESS_URL, call, sandbox_in_process, signed_client

PRODUCT_PATH = ENDPOINTS["taobao.product.get"].path
ITEM = {"itemId": "672991141190"}
NONCE = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"


def now_s() -> str:
    return str(int(time.time()))


def now_ms() -> str:
    return str(int(time.time() * 1000))


def headers(signature: str, timestamp: str, nonce: str = NONCE, **override: str) -> dict:
    base = {
        "access-key": SANDBOX_ACCESS_KEY,
        "timestamp": timestamp,
        "nonce-str": nonce,
        "user-id": SANDBOX_USER_ID,
        "signature": signature,
    }
    return {**base, **override}


def md5_upper(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest().upper()


def default_sign(timestamp: str, nonce: str = NONCE) -> str:
    """ak-ts-nonce-md5: the values in the header table's order, no separators."""
    return md5_upper(f"{SANDBOX_ACCESS_KEY}{timestamp}{nonce}{SANDBOX_ACCESS_SECRET}")


def kv_md5(timestamp: str, nonce: str = NONCE) -> str:
    return md5_upper(
        f"access-key={SANDBOX_ACCESS_KEY}&nonce-str={nonce}&timestamp={timestamp}"
        f"&secret={SANDBOX_ACCESS_SECRET}"
    )


@pytest.fixture
async def raw_client():
    """An unsigned client: each test writes its own system headers."""
    app = create_app(SandboxConfig())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as client:
        yield client


async def get_product(client: httpx.AsyncClient, sent: dict) -> dict:
    response = await client.get(PRODUCT_PATH, params=ITEM, headers=sent)
    assert response.status_code == 200
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}", body["requestId"])
    return body


async def test_known_answer_of_the_default_recipe_in_seconds_is_accepted(raw_client):
    timestamp = now_s()
    body = await get_product(raw_client, headers(default_sign(timestamp), timestamp))
    assert body["code"] == 200, body["msg"]
    assert body["msg"] == "成功"
    assert body["data"]["itemId"] == 672991141190
    assert body["data"]["skuList"][0]["skuId"] == "3452545926724"


async def test_lower_case_signature_hex_is_accepted(raw_client):
    timestamp = now_s()
    body = await get_product(raw_client, headers(default_sign(timestamp).lower(), timestamp))
    assert body["code"] == 200


async def test_known_answer_kv_md5_recipe_in_milliseconds():
    app = create_app(SandboxConfig(sign_recipe="kv-md5", timestamp_unit="ms"))
    timestamp = now_ms()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as client:
        assert (await get_product(client, headers(kv_md5(timestamp), timestamp)))["code"] == 200
        # The default recipe's signature is wrong for this platform.
        other = headers(default_sign(timestamp, "n" * 32), timestamp, nonce="n" * 32)
        assert (await get_product(client, other))["code"] == 402


async def test_known_answer_concat_md5_recipe():
    app = create_app(SandboxConfig(sign_recipe="concat-md5"))
    timestamp = now_s()
    signature = md5_upper(f"{SANDBOX_ACCESS_KEY}{NONCE}{timestamp}{SANDBOX_ACCESS_SECRET}")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as client:
        assert (await get_product(client, headers(signature, timestamp)))["code"] == 200
        other = headers(default_sign(timestamp, "n" * 32), timestamp, nonce="n" * 32)
        assert (await get_product(client, other))["code"] == 402


async def test_known_answer_template_recipe_with_hmac_and_user_id():
    recipe = "template:hmac-sha256:{user_id}|{timestamp}|{nonce}|{access_key}"
    app = create_app(SandboxConfig(sign_recipe=recipe))
    timestamp = now_s()
    message = f"{SANDBOX_USER_ID}|{timestamp}|{NONCE}|{SANDBOX_ACCESS_KEY}"
    signature = hmac.new(
        SANDBOX_ACCESS_SECRET.encode(), message.encode(), hashlib.sha256
    ).hexdigest()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as client:
        assert (await get_product(client, headers(signature.upper(), timestamp)))["code"] == 200


async def test_wrong_signature_is_an_error_envelope(raw_client):
    timestamp = now_s()
    body = await get_product(raw_client, headers("B7F83FE2ADC8D8F044F2E01F0FFE8C80", timestamp))
    assert body["code"] == 402
    assert "signature" in body["msg"]
    assert body["data"] is None


async def test_stale_and_future_timestamps_are_refused(raw_client):
    for skew in (-601, +601):
        timestamp = str(int(now_s()) + skew)
        nonce = f"{abs(skew):032d}"
        sent = headers(default_sign(timestamp, nonce), timestamp, nonce)
        body = await get_product(raw_client, sent)
        assert body["code"] == 403
        assert "±600 s (seconds since the epoch)" in body["msg"]


async def test_a_timestamp_in_the_other_unit_is_refused_saying_which_unit_is_expected(
    raw_client,
):
    timestamp = now_ms()  # the docs' example unit, to a platform that takes seconds
    body = await get_product(raw_client, headers(default_sign(timestamp), timestamp))
    assert body["code"] == 403
    assert body["msg"] == (
        f"timestamp {timestamp} is in milliseconds; this platform expects seconds since the "
        "epoch (UTC)"
    )
    app = create_app(SandboxConfig(timestamp_unit="ms"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL) as client:
        seconds = now_s()
        body = await get_product(client, headers(default_sign(seconds), seconds))
        assert body["code"] == 403
        assert "is in seconds; this platform expects milliseconds" in body["msg"]
        millis = now_ms()
        assert (await get_product(client, headers(default_sign(millis), millis)))["code"] == 200


@pytest.mark.parametrize("timestamp", ["", "17156699.77", "-1715669977", "1715669977s"])
async def test_a_timestamp_that_is_not_a_number_is_refused(raw_client, timestamp):
    sent = headers(default_sign(timestamp), timestamp)
    body = await get_product(raw_client, sent)
    assert body["code"] in (401, 403)  # empty: a missing header
    assert "timestamp" in body["msg"]


async def test_timestamp_inside_the_window_is_accepted(raw_client):
    timestamp = str(int(now_s()) - 590)
    body = await get_product(raw_client, headers(default_sign(timestamp), timestamp))
    assert body["code"] == 200


def test_an_unknown_unit_stops_the_sandbox_at_start():
    with pytest.raises(ValueError, match="timestamp_unit must be s"):
        SandboxConfig(timestamp_unit="seconds")


async def test_reused_nonce_is_refused(raw_client):
    timestamp = now_s()
    sent = headers(default_sign(timestamp), timestamp)
    assert (await get_product(raw_client, sent))["code"] == 200
    replay = await get_product(raw_client, sent)
    assert replay["code"] == 405
    assert NONCE in replay["msg"]


@pytest.mark.parametrize(
    "missing", ["access-key", "timestamp", "nonce-str", "user-id", "signature"]
)
async def test_each_missing_header_is_named(raw_client, missing):
    timestamp = now_s()
    sent = headers(default_sign(timestamp), timestamp)
    del sent[missing]
    body = await get_product(raw_client, sent)
    assert body["code"] == 401
    assert missing in body["msg"]


async def test_unknown_access_key_and_user_id(raw_client):
    timestamp = now_s()
    body = await get_product(
        raw_client, headers(default_sign(timestamp), timestamp, **{"access-key": "someone-else"})
    )
    assert (body["code"], "access-key" in body["msg"]) == (401, True)
    body = await get_product(
        raw_client, headers(default_sign(timestamp), timestamp, **{"user-id": "999"})
    )
    assert (body["code"], "user-id" in body["msg"]) == (401, True)


async def test_malformed_json_body_and_bad_json_string_field():
    async with sandbox_in_process() as (_, client):
        path = ENDPOINTS["taobao.order.create"].path
        response = await client.post(
            path, content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 200
        assert response.json()["code"] == 400
        assert "not valid JSON" in response.json()["msg"]

        body = await call(
            client,
            "taobao.order.create",
            {"orderLineList": "[{oops", "receiver": "{}", "purchaseAmount": 1},
        )
        assert body["code"] == 400
        assert "orderLineList" in body["msg"]

        body = await call(
            client,
            "taobao.order.create",
            {"orderLineList": [{"itemId": "1"}], "receiver": "{}", "purchaseAmount": 1},
        )
        assert (body["code"], "JSON string" in body["msg"]) == (400, True)

        body = await call(client, "taobao.product.batch_check", {})
        assert (body["code"], body["msg"]) == (400, "params is required")


async def test_wrong_method_and_unknown_path_are_envelopes():
    async with sandbox_in_process() as (_, client):
        response = await client.get(ENDPOINTS["taobao.order.create"].path)
        assert response.json()["code"] == 400
        assert "takes POST" in response.json()["msg"]
        response = await client.get("/open/no/such/thing")
        assert response.status_code == 404
        assert response.json()["code"] == 404


def test_every_endpoint_has_a_handler():
    assert set(HANDLERS) == set(ENDPOINTS)


async def test_catalog_is_rich_enough_for_demos_and_tests():
    async with sandbox_in_process() as (_, client):
        catalog = (await client.get("/_sandbox/catalog")).json()
    items = catalog["items"]
    taobao = [item for item in items if item["platform"] == "taobao"]
    alibaba = [item for item in items if item["platform"] == "1688"]
    assert len(taobao) >= 20 and len(alibaba) >= 10
    assert len({item["seller"]["shopId"] for item in items}) >= 5
    skus = [sku for item in items for sku in item["skus"]]
    assert any(sku["stock"] == 0 for sku in skus)
    assert any(0 < sku["stock"] <= 5 for sku in skus)
    assert max(len(item["skus"]) for item in items) >= 12
    assert {item["moq"] for item in alibaba} >= {2, 10, 50}
    assert all(len(item["tiers"]) >= 2 for item in alibaba)
    assert {item["seller"]["postFee"] for item in taobao} >= {0, 600, 1000}
    assert any(item["seller"]["freeOver"] for item in taobao)
    by_id = {item["itemId"]: item for item in items}
    for item_id, sku_id in [
        ("672991141190", "3452545926724"),
        ("600126245031041190", "5016042822039"),
        ("600129202197070073", "4860968496626"),
    ]:
        sku = next(s for s in by_id[item_id]["skus"] if s["skuId"] == sku_id)
        assert sku["price"] == 1 and sku["stock"] >= 200
    assert all(
        url.startswith("http://sandbox.local/_sandbox/images/")
        for item in items
        for url in item["picUrls"]
    )
    assert all(item["title"] and item["titleEn"] for item in items)


async def test_real_socket_round_trip():
    config = SandboxConfig()
    server = await start_sandbox_platform(config)
    try:
        async with signed_client(config, server.url) as client:
            body = await call(client, "taobao.product.get", ITEM)
            assert body["code"] == 200
            assert body["data"]["title"] == "天穹发布商品,测试请不要拍"
            stats = (await client.get("/_sandbox/stats")).json()
            assert stats["requests"] == {"taobao.product.get": 1}
    finally:
        await server.stop()
