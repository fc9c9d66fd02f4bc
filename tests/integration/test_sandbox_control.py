"""The sandbox control API: faults of every kind, advancing orders, price changes, reset, stats."""

from __future__ import annotations

import time

import httpx
import pytest

from bot.pandapon.endpoints import ENDPOINTS
from bot.pandapon.signing import parse_recipe, signed_headers
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.server import start_sandbox_platform
from sandbox.pandapon.testkit import call, sandbox_in_process, signed_client
from tests.integration.test_sandbox_taobao import SEED_BODY

PRODUCT = {"itemId": "672991141190"}


@pytest.fixture
async def sandbox():
    async with sandbox_in_process(SandboxConfig(build_seconds=0)) as (app, client):
        yield app, client


async def add_fault(client: httpx.AsyncClient, **spec) -> dict:
    response = await client.post("/_sandbox/faults", json=spec)
    assert response.status_code == 201, response.text
    return response.json()


async def test_latency_fault_delays_one_call(sandbox):
    _, client = sandbox
    await add_fault(client, endpoint="taobao.product.get", kind="latency", latency_ms=300)
    started = time.monotonic()
    assert (await call(client, "taobao.product.get", PRODUCT))["code"] == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    await call(client, "taobao.product.get", PRODUCT)
    assert time.monotonic() - started < 0.3  # used up


async def test_http_error_fault_answers_5xx_without_doing_anything(sandbox):
    _, client = sandbox
    await add_fault(client, endpoint="taobao.order.create", kind="http_error", http_status=502)
    response = await client.post(ENDPOINTS["taobao.order.create"].path, json=SEED_BODY)
    assert response.status_code == 502
    assert (await call(client, "taobao.order.list", {}))["data"]["total"] == 0
    assert (await call(client, "taobao.order.create", SEED_BODY))["code"] == 200


async def test_error_code_fault_answers_an_error_envelope(sandbox):
    _, client = sandbox
    await add_fault(client, endpoint="*", kind="error_code", code=1009, msg="系统繁忙", times=2)
    for _ in range(2):
        body = await call(client, "taobao.product.get", PRODUCT)
        assert (body["code"], body["msg"], body["data"]) == (1009, "系统繁忙", None)
    assert (await call(client, "alibaba.product.detail", {"offerId": 706627393257}))["code"] == 200


async def test_fault_until_cleared_and_other_endpoints_untouched(sandbox):
    _, client = sandbox
    await add_fault(client, endpoint="taobao.product.get", kind="error_code", times=0)
    for _ in range(3):
        assert (await call(client, "taobao.product.get", PRODUCT))["code"] == 500
    assert (await call(client, "taobao.order.list", {}))["code"] == 200
    listed = (await client.get("/_sandbox/faults")).json()["faults"]
    assert listed[0]["remaining"] is None
    assert (await client.delete("/_sandbox/faults")).status_code == 200
    assert (await call(client, "taobao.product.get", PRODUCT))["code"] == 200


async def test_invalid_fault_specs_are_refused(sandbox):
    _, client = sandbox
    for spec in (
        {"endpoint": "nope", "kind": "latency"},
        {"endpoint": "*", "kind": "explode"},
        {"endpoint": "*", "kind": "http_error", "http_status": 200},
        {"endpoint": "*", "kind": "latency", "times": -1},
    ):
        response = await client.post("/_sandbox/faults", json=spec)
        assert response.status_code == 400
        assert response.json()["error"]
    assert (await client.post("/_sandbox/faults", content=b"[")).status_code == 400


async def test_drop_after_commit_in_process_keeps_exactly_one_order(sandbox):
    _, client = sandbox
    await add_fault(client, endpoint="taobao.order.create", kind="drop_after_commit")
    body = {**SEED_BODY, "sellerOrderNumber": "drop-1"}
    with pytest.raises(httpx.TransportError):
        await call(client, "taobao.order.create", body)
    listed = (await call(client, "taobao.order.list", {"sellerOrderNumber": "drop-1"}))["data"]
    assert listed["total"] == 1
    retried = (await call(client, "taobao.order.create", body))["data"]
    assert retried["id"] == listed["records"][0]["id"]
    assert (await call(client, "taobao.order.list", {}))["data"]["total"] == 1


async def test_drop_after_commit_over_a_socket_is_a_network_error():
    config = SandboxConfig(build_seconds=0)
    server = await start_sandbox_platform(config)
    try:
        async with signed_client(config, server.url) as client:
            await add_fault(client, endpoint="taobao.order.create", kind="drop_after_commit")
            body = {**SEED_BODY, "sellerOrderNumber": "drop-2"}
            with pytest.raises(httpx.RemoteProtocolError):
                await call(client, "taobao.order.create", body)
            listed = await call(client, "taobao.order.list", {"sellerOrderNumber": "drop-2"})
            assert listed["data"]["total"] == 1
            assert (await call(client, "taobao.order.create", body))["data"]["id"] == listed[
                "data"
            ]["records"][0]["id"]
    finally:
        await server.stop()


async def test_advance_walks_forward_and_refuses_going_back(sandbox):
    _, client = sandbox
    order_id = (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
    step = await client.post(f"/_sandbox/orders/{order_id}/advance")
    assert step.json()["status"] == "WAIT_SELLER_SEND_GOODS"
    jump = await client.post(f"/_sandbox/orders/{order_id}/advance", json={"to": "TRADE_FINISHED"})
    assert jump.json()["status"] == "TRADE_FINISHED"
    assert jump.json()["shipments"][0]["mailNo"]  # shipped on the way
    back = await client.post(f"/_sandbox/orders/{order_id}/advance", json={"to": "WAIT_BUYER_P"})
    assert back.status_code == 409
    unknown = await client.post("/_sandbox/orders/nope/advance")
    assert unknown.status_code == 404

    other = await call(client, "taobao.order.create", {**SEED_BODY, "sellerOrderNumber": "2"})
    bad = await client.post(f"/_sandbox/orders/{other['data']['id']}/advance", json={"to": "x"})
    assert bad.status_code == 400
    back = await client.post(
        f"/_sandbox/orders/{other['data']['id']}/advance", json={"to": "WAIT_BUYER_P"}
    )
    assert back.status_code == 409  # already there


async def test_price_modification_before_payment_only(sandbox):
    _, client = sandbox
    order_id = (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
    changed = await client.post(f"/_sandbox/orders/{order_id}/price", json={"totalAmount": 380})
    assert changed.json()["totalAmount"] == 380
    detail = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
    assert detail["totalAmount"] == 380
    await call(client, "taobao.order.pay", {"orderIdList": [order_id]})
    late = await client.post(f"/_sandbox/orders/{order_id}/price", json={"totalAmount": 1})
    assert late.status_code == 409
    missing = await client.post(f"/_sandbox/orders/{order_id}/price", json={})
    assert missing.status_code == 400


async def test_orders_views_span_both_platforms(sandbox):
    _, client = sandbox
    await call(client, "taobao.order.create", SEED_BODY)
    catalog = (await client.get("/_sandbox/catalog")).json()["items"]
    pens = next(item for item in catalog if item["itemId"] == "707118845120")
    cargo = {"offerId": 707118845120, "specId": pens["skus"][0]["specId"], "quantity": 2}
    address = {"fullName": "张三", "mobile": "13800000000", "address": "x"}
    await call(
        client,
        "alibaba.order.create",
        {"flow": "general", "addressParam": address, "cargoParamList": [cargo], "outOrderId": "a"},
    )
    everything = (await client.get("/_sandbox/orders")).json()
    assert everything["total"] == 2
    assert {o["platform"] for o in everything["orders"]} == {"taobao", "1688"}
    only = (await client.get("/_sandbox/orders", params={"platform": "1688"})).json()
    assert only["total"] == 1
    by_key = (await client.get("/_sandbox/orders/1")).json()  # sellerOrderNumber "1"
    assert by_key["platform"] == "taobao" and by_key["wire"]["sellerOrderNumber"] == "1"
    by_out = (await client.get("/_sandbox/orders/a")).json()
    assert by_out["wire"]["baseInfo"]["outOrderId"] == "a"


async def test_stats_and_reset():
    config = SandboxConfig(build_seconds=0)
    async with sandbox_in_process(config) as (app, client):
        before = (await client.get("/_sandbox/catalog")).json()["items"]
        await call(client, "taobao.order.create", SEED_BODY)
        await call(client, "taobao.product.get", PRODUCT)
        await call(client, "taobao.product.get", PRODUCT)
        await add_fault(client, endpoint="*", kind="latency", latency_ms=1, times=0)
        stats = (await client.get("/_sandbox/stats")).json()
        assert stats["requests"] == {"taobao.order.create": 1, "taobao.product.get": 2}
        assert stats["orders"] == {"taobao": 1, "1688": 0}
        assert stats["faults"] == 1

        # A request whose nonce the platform has seen is refused until the reset.
        sent = signed_headers(
            parse_recipe(config.sign_recipe),
            access_key=config.access_key,
            secret=config.secret,
            user_id=config.user_id,
        )
        path = ENDPOINTS["taobao.product.get"].path
        raw = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=client.base_url)
        async with raw:
            assert (await raw.get(path, params=PRODUCT, headers=sent)).json()["code"] == 200
            assert (await raw.get(path, params=PRODUCT, headers=sent)).json()["code"] == 405
            assert (await client.post("/_sandbox/reset")).json() == {"reset": True}
            assert (await raw.get(path, params=PRODUCT, headers=sent)).json()["code"] == 200

        assert (await client.get("/_sandbox/catalog")).json()["items"] == before
        assert (await client.get("/_sandbox/orders")).json()["total"] == 0
        assert (await client.get("/_sandbox/faults")).json()["faults"] == []
        assert (await call(client, "taobao.order.list", {}))["data"]["total"] == 0
        assert (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
