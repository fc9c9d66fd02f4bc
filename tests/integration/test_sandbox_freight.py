"""The sandbox's warehouse-logistics endpoints: their query-signed auth, rules and state file."""

from __future__ import annotations

import json

import httpx

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import IN_PROCESS_URL, call, sandbox_in_process

ITEM, SKU = "672991141190", "3452545926724"
RECEIVER = {
    "name": "John Smith",
    "mobilePhone": "+18185550134",
    "address": "12345 Ventura Blvd",
    "city": "Studio City",
    "state": "CA",
    "zip": "91607",
    "country": "US",
}


def _item(**more):
    return {"itemId": ITEM, "skuId": SKU, "quantity": 1, "currency": "USD", "price": 100, **more}


async def _taobao_order(client) -> str:
    receiver = json.dumps(
        {
            "name": "张三",
            "mobile_phone": "13812345678",
            "address": "文一西路969号",
            "state": "浙江省",
            "city": "杭州市",
            "zip": "311121",
        }
    )
    lines = json.dumps([{"itemId": ITEM, "skuId": SKU, "quantity": "1", "orderLineNo": "1"}])
    body = {"orderLineList": lines, "receiver": receiver, "purchaseAmount": 100_000,
            "sellerOrderNumber": "FR-1"}  # fmt: skip
    created = await call(client, "taobao.order.create", body)
    return created["data"]["id"]


async def test_header_signed_calls_are_refused_and_a_wrong_sign_too():
    async with sandbox_in_process() as (app, _):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(base_url=IN_PROCESS_URL, transport=transport) as raw:
            path = "/v2/open/pp/logistics/itemLogisticsPrice"
            answer = (await raw.post(path, json=_item(receiverAddress={"country": "US"}))).json()
            assert answer["code"] == 401 and "?timestamp=&sign=" in answer["msg"]
            headers = {"access-key": "sandbox-access-key", "user-id": "2100007341207"}
            query = {"timestamp": "1", "sign": "X"}
            answer = (await raw.post(path, params=query, headers=headers, json={})).json()
            assert answer["code"] == 403  # a stale timestamp, before the sign is looked at


async def test_a_preview_is_booked_once_and_survives_a_restart(tmp_path):
    config = SandboxConfig(state_path=str(tmp_path / "platform.db"), build_seconds=0)
    async with sandbox_in_process(config) as (_, client):
        order_id = await _taobao_order(client)
        render = await call(
            client,
            "logistics.render_freight",
            {"receiverAddress": RECEIVER, "renderItems": [_item()]},
        )
        data = render["data"]
        assert data["renderId"].startswith("FF") and data["currency"] == "USD"
        service = data["services"][0]
        book = {
            "renderId": data["renderId"],
            "receiverAddress": RECEIVER,
            "lineItems": [_item(freightInfo=service["freightInfo"])],
            "tmallOrderInfo": {"tmallOrderId": order_id},
        }
        first = (await call(client, "logistics.book_freight", book))["data"]
        again = (await call(client, "logistics.book_freight", book))["data"]
        assert first == again and first["logisticNumber"].startswith("FARUS")
        other = dict(
            book,
            renderId=(
                await call(
                    client,
                    "logistics.render_freight",
                    {"receiverAddress": RECEIVER, "renderItems": [_item()]},
                )
            )["data"]["renderId"],
        )
        refused = await call(client, "logistics.book_freight", other)
        assert refused["code"] == 409 and "already has" in refused["msg"]
    async with sandbox_in_process(config) as (_, client):
        detail = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
        assert detail["internationalLogistics"]["logisticNumber"] == first["logisticNumber"]


async def test_receiver_rules_and_bad_quantities():
    async with sandbox_in_process() as (_, client):
        for quantity in (0, -1, 10_001):
            body = _item(quantity=quantity, receiverAddress={"country": "US"})
            assert (await call(client, "logistics.item_price", body))["code"] == 400
        no_zip = {**RECEIVER, "zip": ""}
        answer = await call(
            client,
            "logistics.render_freight",
            {"receiverAddress": no_zip, "renderItems": [_item()]},
        )
        assert answer["code"] == 400 and "zip" in answer["msg"]
        brazil = {**RECEIVER, "country": "BR", "zip": "01310-100", "state": "SP"}
        answer = await call(
            client,
            "logistics.render_freight",
            {"receiverAddress": brazil, "renderItems": [_item()]},
        )
        assert answer["code"] == 400 and "taxId" in answer["msg"]
        nowhere = _item(receiverAddress={"country": "AQ"})
        assert (await call(client, "logistics.item_price", nowhere))["data"]["services"] == []
