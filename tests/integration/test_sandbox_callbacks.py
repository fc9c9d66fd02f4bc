"""Message callbacks of the sandbox platform, delivered to a real receiver on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import call, sandbox_in_process
from sandbox.serving import serve_in_background
from tests.integration.test_sandbox_taobao import SEED_BODY


class Receiver:
    """A callback endpoint that answers the given HTTP statuses in turn (then 200)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.received: list[dict] = []
        self.app = Starlette(routes=[Route("/cb", self.receive, methods=["POST"])])

    async def receive(self, request: Request) -> PlainTextResponse:
        self.received.append(await request.json())
        status = self.statuses.pop(0) if self.statuses else 200
        return PlainTextResponse("ok" if status == 200 else "no", status_code=status)

    def bodies(self) -> list[tuple[str, dict]]:
        return [(m["messageType"], json.loads(m["messageBody"])) for m in self.received]


@pytest.fixture
async def receiver():
    made: list = []

    async def start(statuses: list[int] | None = None) -> tuple[Receiver, str]:
        target = Receiver(statuses)
        server = await serve_in_background(target.app)
        made.append(server)
        return target, f"{server.url}/cb"

    yield start
    for server in made:
        await server.stop()


async def wait_until(check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_callback_retried_after_a_500_until_200(receiver):
    target, url = await receiver([500])
    # a roomy receiver deadline: on a loaded machine a 200 may take longer than the platform's 1 s
    config = SandboxConfig(
        callback_url=url,
        callback_retry_interval_seconds=0.05,
        callback_timeout_seconds=10,
        build_seconds=0,
    )
    async with sandbox_in_process(config) as (_, client):
        created = (await call(client, "taobao.order.create", SEED_BODY))["data"]
        await wait_until(lambda: len(target.received) == 2)
        first, second = target.received
        assert first == second  # the same message, sent again
        assert first["messageType"] == "ORDER_STATUS_MODIFY"
        assert first["messagePlatform"] == 0
        assert first["timestamp"].isdigit()
        body = json.loads(first["messageBody"])
        assert (body["orderId"], body["status"]) == (created["id"], "WAIT_BUYER_P")
        assert (body["sellerOrderNumber"], body["totalAmount"]) == ("1", 400)

        log = (await client.get("/_sandbox/callbacks")).json()["deliveries"]
        assert [d["state"] for d in log] == ["delivered"]
        attempts = log[0]["attempts"]
        assert [(a["attempt"], a["httpStatus"]) for a in attempts] == [(1, 500), (2, 200)]
        assert attempts[0]["error"] == "HTTP 500"


async def test_callback_gives_up_after_max_retries(receiver):
    target, url = await receiver([503] * 10)
    config = SandboxConfig(
        callback_url=url,
        callback_retry_interval_seconds=0.01,
        callback_max_retries=2,
        build_seconds=0,
    )
    async with sandbox_in_process(config) as (_, client):
        await call(client, "taobao.order.create", SEED_BODY)

        async def failed() -> bool:
            log = (await client.get("/_sandbox/callbacks")).json()["deliveries"]
            return log[0]["state"] == "failed"

        deadline = time.monotonic() + 3
        while not await failed():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        assert len(target.received) == 3  # the first attempt and two retries
        stats = (await client.get("/_sandbox/stats")).json()
        assert stats["callbacks"]["failed"] == 1


async def test_unreachable_receiver_is_logged_not_fatal():
    config = SandboxConfig(
        callback_url="http://127.0.0.1:9/cb",  # discard port: nothing listens
        callback_retry_interval_seconds=0.01,
        callback_max_retries=1,
        build_seconds=0,
    )
    async with sandbox_in_process(config) as (_, client):
        assert (await call(client, "taobao.order.create", SEED_BODY))["code"] == 200
        deadline = time.monotonic() + 3
        while True:
            log = (await client.get("/_sandbox/callbacks")).json()["deliveries"]
            if log[0]["state"] == "failed" or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.02)
        assert log[0]["state"] == "failed"
        assert "ConnectError" in log[0]["attempts"][0]["error"]


async def test_taobao_life_cycle_sends_every_status_price_and_refund(receiver):
    target, url = await receiver()
    config = SandboxConfig(build_seconds=0)
    async with sandbox_in_process(config) as (_, client):
        put = await client.put("/_sandbox/callback-url", json={"url": url})
        assert put.json() == {"url": url}
        order_id = (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
        await client.post(f"/_sandbox/orders/{order_id}/price", json={"totalAmount": 350})
        await call(client, "taobao.order.pay", {"orderIdList": [order_id]})
        await client.post(f"/_sandbox/orders/{order_id}/advance", json={"to": "TRADE_FINISHED"})
        await client.post(f"/_sandbox/orders/{order_id}/refund", json={"amount": 100})
        await wait_until(lambda: len(target.received) == 6)

    bodies = sorted(target.bodies(), key=lambda pair: pair[1]["updateTime"])
    assert [(kind, body["status"]) for kind, body in bodies] == [
        ("ORDER_STATUS_MODIFY", "WAIT_BUYER_P"),
        ("ORDER_PRICE_MODIFY", "WAIT_BUYER_P"),
        ("ORDER_STATUS_MODIFY", "WAIT_SELLER_SEND_GOODS"),
        ("ORDER_STATUS_MODIFY", "WAIT_BUYER_CONFIRM_GOODS"),
        ("ORDER_STATUS_MODIFY", "TRADE_FINISHED"),
        ("ORDER_REFUND", "TRADE_FINISHED"),
    ]
    assert bodies[1][1]["totalAmount"] == 350
    assert (bodies[-1][1]["refundAmount"], bodies[-1][1]["refundStatus"]) == (100, 100)
    assert bodies[-1][1]["refundId"]
    times = [body["updateTime"] for _, body in bodies]
    assert len(set(times)) == len(times)  # strictly increasing per order


async def test_many_orders_advance_in_one_call_each_with_its_callback(receiver):
    target, url = await receiver()
    async with sandbox_in_process(SandboxConfig(callback_url=url, build_seconds=0)) as (_, client):
        ids = []
        for number in ("B1", "B2", "B3"):
            body = {**SEED_BODY, "sellerOrderNumber": number}
            ids.append(str((await call(client, "taobao.order.create", body))["data"]["id"]))
        refused = await client.post(
            "/_sandbox/orders/advance", json={"orders": [ids[0], "no-such-order"]}
        )
        assert refused.status_code == 404
        for bad in ({"orders": []}, {"orders": ids, "to": 7}, {"orders": "x"}):
            assert (await client.post("/_sandbox/orders/advance", json=bad)).status_code == 400
        answer = await client.post(
            "/_sandbox/orders/advance", json={"orders": ids, "to": "WAIT_SELLER_SEND_GOODS"}
        )
        assert answer.status_code == 200
        assert {o["status"] for o in answer.json()["orders"]} == {"WAIT_SELLER_SEND_GOODS"}

        def paid() -> list[str]:
            bodies = target.bodies()
            return [str(b["orderId"]) for _, b in bodies if b["status"] == "WAIT_SELLER_SEND_GOODS"]

        await wait_until(lambda: len(paid()) == 3)
    assert sorted(paid()) == sorted(ids)  # one callback each: none had moved at the 404


async def test_1688_life_cycle_message_types(receiver):
    target, url = await receiver()
    async with sandbox_in_process(SandboxConfig(callback_url=url)) as (_, client):
        catalog = (await client.get("/_sandbox/catalog")).json()
        pens = next(i for i in catalog["items"] if i["itemId"] == "707118845120")
        body = {
            "flow": "general",
            "addressParam": {"fullName": "张三", "mobile": "13800000000", "address": "x"},
            "cargoParamList": [
                {"offerId": 707118845120, "specId": pens["skus"][0]["specId"], "quantity": 2}
            ],
            "outOrderId": "cb-1",
        }
        order_id = (await call(client, "alibaba.order.create", body))["data"]["orderId"]
        await call(client, "alibaba.order.batch_pay", {"orderIds": [order_id]})
        await client.post(f"/_sandbox/orders/{order_id}/advance", json={"to": "success"})
        second = await call(client, "alibaba.order.create", {**body, "outOrderId": "cb-2"})
        cancel = {"webSite": "1688", "orderId": second["data"]["orderId"], "cancelReason": "x"}
        await call(client, "alibaba.order.cancel", cancel)
        await wait_until(lambda: len(target.received) == 7)

    first = sorted(
        (b for b in target.bodies() if b[1]["outOrderId"] == "cb-1"),
        key=lambda pair: pair[1]["updateTime"],
    )
    assert [kind for kind, _ in first] == [
        "ORDER_CREATE",
        "ORDER_PAY_SUCCESS",
        "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
        "ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS",
        "ORDER_BUYER_VIEW_ORDER_SUCCESS",
    ]
    created = first[0][1]
    assert (created["orderStatus"], created["payStatus"]) == ("waitbuyerpay", 1)
    assert created["totalAmount"] == 2 * 1200 + 800 and created["shippingFee"] == 800
    assert first[1][1]["payStatus"] == 2 and first[1][1]["payTime"]
    assert all(m["messagePlatform"] == 1 for m in target.received)
    cancelled = [b for k, b in target.bodies() if k == "ORDER_CANCEL"]
    assert cancelled[0]["orderStatus"] == "cancel" and cancelled[0]["closeReason"] == "x"
