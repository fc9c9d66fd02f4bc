"""Taobao on the sandbox platform: goods, render, create, queries, actions, time, logistics."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import pytest

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import call, sandbox_in_process

RECEIVER = json.dumps(
    {
        "zip": "11111",
        "country": "中国",
        "address": "测试地址",
        "city": "杭州市",
        "phone": "",
        "mobile_phone": "15068763421",
        "district": "余杭区",
        "name": "a测试aa",
        "state": "浙江省",
    },
    ensure_ascii=False,
)
# The seed page's example body, verbatim.
SEED_BODY = {
    "purchaseAmount": 400,
    "receiver": RECEIVER,
    "orderLineList": json.dumps(
        [
            {
                "itemId": "600126245031041190",
                "orderLineNo": "1",
                "quantity": "200",
                "price": "1",
                "currency": "CNY",
                "skuId": "5016042822039",
            },
            {
                "itemId": "600129202197070073",
                "orderLineNo": "1",
                "quantity": "200",
                "price": "1",
                "currency": "CNY",
                "skuId": "4860968496626",
            },
        ]
    ),
    "orderSource": "lazada",
    "sellerOrderNumber": "1",
}
TSHIRT = "653211874520"  # 16 SKUs, shop postage 600 fen, free from 9900 fen


def lines(*entries: tuple) -> str:
    """(itemId, skuId, quantity, price) tuples as the orderLineList JSON string."""
    return json.dumps(
        [
            {"itemId": i, "skuId": s, "quantity": str(q), "price": str(p), "currency": "CNY"}
            for i, s, q, p in entries
        ]
    )


def create_body(order_lines: str, budget: int, seller_no: str | None = None) -> dict:
    body = {"orderLineList": order_lines, "receiver": RECEIVER, "purchaseAmount": budget}
    if seller_no is not None:
        body["sellerOrderNumber"] = seller_no
    return body


async def wait_for(check: Callable, timeout: float = 3.0):
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.02)


@pytest.fixture
async def sandbox():
    async with sandbox_in_process(SandboxConfig(build_seconds=0)) as (app, client):
        yield app, client


async def sku_of(client, item_id: str, label: str) -> dict:
    product = (await call(client, "taobao.product.get", {"itemId": item_id}))["data"]
    for sku in product["skuList"]:
        names = "/".join(p["valueName"] for p in json.loads(sku["properties"]))
        if names == label:
            return sku
    raise AssertionError(f"no sku {label}")


async def test_product_get_shape_and_unknown_item(sandbox):
    _, client = sandbox
    product = (await call(client, "taobao.product.get", {"itemId": TSHIRT}))["data"]
    assert len(product["skuList"]) == 16
    assert product["shopName"] == "优衣良品服饰旗舰店"
    properties = json.loads(product["skuList"][0]["properties"])
    assert {p["propName"] for p in properties} == {"颜色分类", "尺码"}
    # photos are served by the sandbox itself, at the base URL the call came in on
    assert product["picUrls"][0] == f"http://sandbox.local/_sandbox/images/taobao/{TSHIRT}.jpg"
    missing = await call(client, "taobao.product.get", {"itemId": "1"})
    assert (missing["code"], missing["data"]) == (404, None)


async def test_batch_check_sorts_known_and_unknown(sandbox):
    _, client = sandbox
    params = json.dumps(
        [
            {"itemId": "672991141190", "skuIds": ["3452545926724"]},
            {"itemId": "123", "skuIds": []},
            {"itemId": "679011223344"},
            {"itemId": "672991141190", "skuIds": ["999"]},
        ]
    )
    data = (await call(client, "taobao.product.batch_check", {"params": params}))["data"]
    assert data["mpProducts"] == [
        {
            "itemId": "672991141190",
            "title": "天穹发布商品,测试请不要拍",
            "skuIds": ["3452545926724"],
            # assumed: what each checked SKU costs and has in stock now
            "skuList": [
                {
                    "skuId": "3452545926724",
                    "price": 1,
                    "promotionPrice": 1,
                    "quantity": 200,
                    "status": "active",
                }
            ],
        }
    ]
    assert data["noMpProductItemIds"] == ["123", "679011223344", "672991141190"]
    reasons = [r["reason"] for r in data["noMpReasonList"]]
    assert reasons == ["item not found", "item is off the shelf", "sku not found: 999"]


async def test_seed_example_is_accepted_and_idempotent(sandbox):
    _, client = sandbox
    first = await call(client, "taobao.order.create", SEED_BODY)
    assert first["code"] == 200, first["msg"]
    data = first["data"]
    assert data["id"] and data["orderNo"]
    assert [sub["errorCode"] for sub in data["subOrderVOS"]] == [None, None]
    assert [sub["purchaseAmount"] for sub in data["subOrderVOS"]] == [200, 200]
    assert {sub["status"] for sub in data["subOrderVOS"]} == {"WAIT_BUYER_P"}

    again = await call(client, "taobao.order.create", SEED_BODY)
    assert again["data"] == data
    listed = await call(client, "taobao.order.list", {"sellerOrderNumber": "1"})
    assert listed["data"]["total"] == 1
    assert listed["data"]["records"][0]["id"] == data["id"]
    detail = (await call(client, "taobao.order.detail", {"orderId": data["orderNo"]}))["data"]
    assert (detail["totalAmount"], detail["purchaseAmount"]) == (400, 400)
    assert detail["sellerOrderNumber"] == "1" and detail["orderSource"] == "lazada"
    assert json.loads(detail["receiver"])["mobile_phone"] == "15068763421"


async def test_per_line_errors_leave_the_good_lines_ordered(sandbox):
    _, client = sandbox
    out_of_stock = await sku_of(client, TSHIRT, "黑色/XXL")
    low_stock = await sku_of(client, TSHIRT, "雾霾蓝/M")
    good = await sku_of(client, TSHIRT, "白色/M")
    order_lines = lines(
        (TSHIRT, good["skuId"], 2, 3900),
        (TSHIRT, "0000", 1, 3900),
        (TSHIRT, out_of_stock["skuId"], 1, 3900),
        (TSHIRT, low_stock["skuId"], 4, 3900),
        (TSHIRT, good["skuId"], 1, 3800),
        ("42", "1", 1, 100),
        (TSHIRT, good["skuId"], 0, 3900),
        ("665219830067", (await sku_of(client, "665219830067", "深空灰"))["skuId"], 1, 9999),
    )
    body = await call(client, "taobao.order.create", create_body(order_lines, 100_000))
    subs = body["data"]["subOrderVOS"]
    assert [sub["errorCode"] for sub in subs] == [
        None,
        "SKU_NOT_FOUND",
        "OUT_OF_STOCK",
        "OUT_OF_STOCK",
        "PRICE_ABOVE_BUDGET",
        "ITEM_NOT_FOUND",
        "INVALID_QUANTITY",
        "SKU_UNAVAILABLE",
    ]
    assert all(sub["errorMessage"] for sub in subs[1:])
    assert subs[0]["status"] == "WAIT_BUYER_P" and subs[0]["subOrderId"]
    assert {sub["status"] for sub in subs[1:]} == {"FAILED"}
    assert "3900 fen" in subs[4]["errorMessage"]
    detail = (await call(client, "taobao.order.detail", {"orderId": body["data"]["id"]}))["data"]
    # 2 × 39.00 is below the shop's free-postage threshold of 99.00: 6.00 postage.
    assert (detail["productAmount"], detail["domesticPostFee"]) == (7800, 600)
    assert detail["totalAmount"] == 8400


async def test_no_good_line_means_no_order(sandbox):
    _, client = sandbox
    body = await call(client, "taobao.order.create", create_body(lines(("1", "2", 1, 1)), 10, "n"))
    assert body["code"] == 200
    assert (body["data"]["id"], body["data"]["orderNo"]) == (None, None)
    assert body["data"]["subOrderVOS"][0]["errorCode"] == "ITEM_NOT_FOUND"
    listed = await call(client, "taobao.order.list", {})
    assert listed["data"]["total"] == 0


async def test_budget_below_total_is_422_and_creates_nothing(sandbox):
    _, client = sandbox
    sku = await sku_of(client, TSHIRT, "白色/L")
    body = create_body(lines((TSHIRT, sku["skuId"], 1, 3900)), 4400, "b-1")  # 39.00 + 6.00
    refused = await call(client, "taobao.order.create", body)
    assert refused["code"] == 422
    assert "4500" in refused["msg"] and "4400" in refused["msg"]
    assert (await call(client, "taobao.order.list", {}))["data"]["total"] == 0
    assert (await sku_of(client, TSHIRT, "白色/L"))["quantity"] == sku["quantity"]
    accepted = await call(client, "taobao.order.create", {**body, "purchaseAmount": 4500})
    assert accepted["code"] == 200 and accepted["data"]["id"]


async def test_stock_is_taken_on_create_and_restored_on_cancel(sandbox):
    _, client = sandbox
    before = (await sku_of(client, "671188203456", "奶白"))["quantity"]
    sku_id = (await sku_of(client, "671188203456", "奶白"))["skuId"]
    created = await call(
        client, "taobao.order.create", create_body(lines(("671188203456", sku_id, 5, 2900)), 99_999)
    )
    assert (await sku_of(client, "671188203456", "奶白"))["quantity"] == before - 5
    order_id = created["data"]["id"]
    cancelled = await call(
        client, "taobao.order.cancel", {"orderId": order_id, "cancelReason": "不想要了"}
    )
    assert cancelled["data"] is True
    assert (await sku_of(client, "671188203456", "奶白"))["quantity"] == before
    detail = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
    assert detail["status"] == "TRADE_CLOSED"
    assert detail["subOrderVOS"][0]["closeReason"] == "不想要了"
    # Cancelling again is a harmless no-op; stock is not given back twice.
    again = await call(client, "taobao.order.cancel", {"orderId": order_id, "cancelReason": "x"})
    assert again["data"] is True
    assert (await sku_of(client, "671188203456", "奶白"))["quantity"] == before


async def test_render_prices_lines_without_creating(sandbox):
    _, client = sandbox
    hoodie = await sku_of(client, "655012948812", "灰色/L")
    line = {"itemId": 655012948812, "skuId": hoodie["skuId"], "quantity": "2"}  # no price cap
    body = {"orderLineList": json.dumps([line]), "receiver": RECEIVER}
    data = (await call(client, "taobao.order.render", body))["data"]
    # The promotion price applies: 2 × 79.00 = 158.00 is above the free-postage threshold.
    assert data == {
        "currency": "CNY",
        "productAmount": 15800,
        "domesticPostFee": 0,
        "totalAmount": 15800,
        "orderLines": [
            {
                "itemId": "655012948812",
                "skuId": hoodie["skuId"],
                "quantity": 2,
                "price": 7900,
                "title": "连帽卫衣男春秋款加绒外套",
                "postFee": 0,
                "available": True,
                "errorCode": None,
                "errorMessage": None,
            }
        ],
    }
    assert (await call(client, "taobao.order.list", {}))["data"]["total"] == 0


async def test_cancel_after_payment_is_409_and_pay_twice_fails(sandbox):
    _, client = sandbox
    order_id = (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
    paid = await call(client, "taobao.order.pay", {"orderIdList": [order_id, "404"]})
    assert paid["data"]["paidOrderIds"] == [order_id]
    assert paid["data"]["failedOrders"][0]["errorCode"] == "ORDER_NOT_FOUND"
    detail = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
    assert detail["status"] == "WAIT_SELLER_SEND_GOODS" and detail["payTime"]
    refused = await call(client, "taobao.order.cancel", {"orderId": order_id, "cancelReason": "x"})
    assert refused["code"] == 409
    assert "WAIT_SELLER_SEND_GOODS" in refused["msg"]
    again = await call(client, "taobao.order.pay", {"orderIdList": [order_id]})
    assert again["data"]["failedOrders"][0]["errorCode"] == "ORDER_ALREADY_PAID"
    missing = await call(client, "taobao.order.cancel", {"orderId": "1", "cancelReason": "x"})
    assert missing["code"] == 404


async def test_pay_then_ship_over_accelerated_time_with_logistics():
    # 100× faster: building 0.05 s, shipped 0.3 s after payment, finished 0.3 s later.
    config = SandboxConfig(time_scale=100, build_seconds=5, ship_seconds=30, receive_seconds=30)
    async with sandbox_in_process(config) as (_, client):
        created = (await call(client, "taobao.order.create", SEED_BODY))["data"]
        assert created["subOrderVOS"][0]["status"] == "BULIDING"
        order_id, sub_id = created["id"], created["subOrderVOS"][0]["subOrderId"]

        async def status() -> str:
            return (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"][
                "status"
            ]

        assert await wait_for(lambda: _is(status, "WAIT_BUYER_P"))
        before = await call(client, "taobao.order.logistics", {"subPurchaseOrderId": sub_id})
        assert before["data"]["pnmLogisticsDetails"] == []
        await call(client, "taobao.order.pay", {"orderIdList": [order_id]})
        assert await status() == "WAIT_SELLER_SEND_GOODS"
        assert await wait_for(lambda: _is(status, "WAIT_BUYER_CONFIRM_GOODS"))

        shipped = await call(client, "taobao.order.logistics", {"subPurchaseOrderId": sub_id})
        package = shipped["data"]["pnmLogisticsDetails"][0]
        assert package["mailNo"] and package["logisticsPartner"][0]["company"]
        traces = package["logisticsTraces"]
        assert traces[0]["action"] == "TMS_ACCEPT"  # picked up when it shipped; the rest to come
        assert [t["time"] for t in traces] == sorted(t["time"] for t in traces)  # latest last
        assert (
            shipped["data"]["purchaseOrderOuterId"]
            == created["subOrderVOS"][0]["taobaoSubPurchaseId"]
        )
        # Both lines come from one shop: one parcel, the same for either sub-order.
        other = created["subOrderVOS"][1]["taobaoSubPurchaseId"]
        same = await call(client, "taobao.order.logistics", {"subPurchaseOrderId": other})
        assert same["data"]["pnmLogisticsDetails"][0]["mailNo"] == package["mailNo"]

        assert await wait_for(lambda: _is(status, "TRADE_FINISHED"))
        done = await call(client, "taobao.order.logistics", {"subPurchaseOrderId": sub_id})
        traces = done["data"]["pnmLogisticsDetails"][0]["logisticsTraces"]
        assert traces[-1]["status"] == "SIGN" and len(traces) >= 4
        assert [t["time"] for t in traces] == sorted(t["time"] for t in traces)
        paid_at = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
        assert traces[0]["time"] >= paid_at["payTime"]  # nothing before the order was paid


async def _is(status: Callable, expected: str) -> bool:
    return await status() == expected


async def test_list_pages_newest_first_and_filters_by_status(sandbox):
    _, client = sandbox
    ids = []
    for n in range(5):
        body = {**SEED_BODY, "sellerOrderNumber": f"page-{n}"}
        ids.append((await call(client, "taobao.order.create", body))["data"]["id"])
    await call(client, "taobao.order.pay", {"orderIdList": [ids[1], ids[3]]})
    page = (await call(client, "taobao.order.list", {"pageNo": 1, "pageSize": 2}))["data"]
    assert (page["total"], page["pageNo"], page["pageSize"]) == (5, 1, 2)
    assert [r["id"] for r in page["records"]] == [ids[4], ids[3]]
    last = (await call(client, "taobao.order.list", {"pageNo": 3, "pageSize": 2}))["data"]
    assert [r["id"] for r in last["records"]] == [ids[0]]
    paid = await call(client, "taobao.order.list", {"status": "WAIT_SELLER_SEND_GOODS"})
    assert [r["id"] for r in paid["data"]["records"]] == [ids[3], ids[1]]
    both = {"sellerOrderNumber": "page-2", "status": "WAIT_SELLER_SEND_GOODS"}
    assert (await call(client, "taobao.order.list", both))["data"]["total"] == 0
    too_big = await call(client, "taobao.order.list", {"pageSize": 1000})
    assert too_big["code"] == 400


async def test_im_link_warehouse_address_and_refunds(sandbox):
    _, client = sandbox
    order_id = (await call(client, "taobao.order.create", SEED_BODY))["data"]["id"]
    link = await call(client, "taobao.order.im_link", {"sourceType": "order", "bizId": order_id})
    assert link["data"].startswith("https://distributor.taobao.global/apps/open/imchat?")
    item_link = {"sourceType": "item", "bizId": "672991141190"}
    assert (await call(client, "taobao.order.im_link", item_link))["code"] == 200
    bad = await call(client, "taobao.order.im_link", {"sourceType": "shop", "bizId": "1"})
    assert bad["code"] == 400

    warehouse = {"orderId": order_id, "warehouseName": "一号仓库", "warehouseAddress": "广西省"}
    assert (await call(client, "taobao.order.update_warehouse", warehouse))["data"] == {}
    detail = (await call(client, "taobao.order.detail", {"orderId": order_id}))["data"]
    assert detail["warehouseName"] == "一号仓库"

    address = {
        "name": "张三",
        "province": "浙江省",
        "city": "杭州市",
        "district": "余杭区",
        "address": "文一西路1号",
        "phone": "13800000000",
    }
    added = await call(client, "address.add_or_update", address)
    assert added["code"] == 200 and "data" not in added
    stored = (await client.get("/_sandbox/addresses")).json()["addresses"]
    updated = await call(client, "address.add_or_update", {**address, "id": stored[0]["id"]})
    assert updated["code"] == 200
    assert (await call(client, "address.add_or_update", {**address, "id": 5}))["code"] == 404
    assert (await call(client, "address.add_or_update", {"name": "x"}))["code"] == 400

    none = await call(client, "taobao.refund.list", {"pageNo": 1, "pageSize": 10})
    assert none["data"]["total"] == 0
    assert (await client.post(f"/_sandbox/orders/{order_id}/refund", json={})).status_code == 409
    await call(client, "taobao.order.pay", {"orderIdList": [order_id]})
    made = await client.post(f"/_sandbox/orders/{order_id}/refund", json={"amount": 150})
    assert made.status_code == 200
    refunds = await call(client, "taobao.refund.list", {"purchaseOrderId": order_id})
    record = refunds["data"]["records"][0]
    assert (record["refundFee"], record["refundStatus"], record["salesOrderId"]) == (150, 100, "1")
    other = await call(client, "taobao.refund.list", {"salesOrderId": "nope"})
    assert other["data"]["total"] == 0
