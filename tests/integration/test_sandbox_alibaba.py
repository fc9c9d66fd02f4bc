"""1688 on the sandbox platform: goods, MOQ and tiers, preview, create, pay, receive, logistics."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import httpx
import pytest

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import call, sandbox_in_process

ADDRESS = {
    "fullName": "张三",
    "mobile": "13800000000",
    "phone": "",
    "postCode": "311121",
    "provinceText": "浙江省",
    "cityText": "杭州市",
    "areaText": "余杭区",
    "townText": "",
    "address": "文一西路969号",
}
FOLDER = 706627393257  # MOQ 10; tiers 3.50 from 10, 3.20 from 100, 2.80 from 500; seller A
PENS = 707118845120  # MOQ 2; seller A, postage 8.00
CABLE = 711302984455  # MOQ 10; 1 m tiered 3.20/2.90, 2 m its own price 4.50; seller B
STICKY = 708230567781  # MOQ 50; pink spec has 60 in stock


@pytest.fixture
async def sandbox():
    async with sandbox_in_process(SandboxConfig()) as (app, client):
        yield app, client


async def specs(client: httpx.AsyncClient, offer_id: int) -> dict[str, dict]:
    product = (await call(client, "alibaba.product.detail", {"offerId": offer_id}))["data"]
    return {
        "/".join(a["value"] for a in sku["skuAttributes"]): sku
        for sku in product["productSkuInfos"]
    }


def cargo(offer_id: int, spec: dict, quantity: int, **extra) -> dict:
    return {"offerId": offer_id, "specId": spec["specId"], "quantity": quantity, **extra}


def create_body(*cargo_lines: dict, out_order_id: str | None = None) -> dict:
    body = {"flow": "general", "addressParam": ADDRESS, "cargoParamList": list(cargo_lines)}
    if out_order_id:
        body["outOrderId"] = out_order_id
    return body


async def test_product_detail_has_yuan_strings_moq_and_tiers(sandbox):
    _, client = sandbox
    body = await call(client, "alibaba.product.detail", {"offerId": FOLDER, "country": "en"})
    data = body["data"]
    assert data["minOrderQuantity"] == 10
    assert data["productSaleInfo"]["priceRangeList"] == [
        {"startQuantity": 10, "price": "3.50"},
        {"startQuantity": 100, "price": "3.20"},
        {"startQuantity": 500, "price": "2.80"},
    ]
    assert data["sellerOpenId"] == "BBBwAN4GQ60zRPzBkv7BYPJRQ"
    assert data["subjectTrans"].startswith("PVC insert folder")
    assert {sku["price"] for sku in data["productSkuInfos"]} == {None}  # tiered
    cable = await specs(client, CABLE)
    assert (cable["1米"]["price"], cable["2米"]["price"]) == (None, "4.50")
    missing = await call(client, "alibaba.product.detail", {"offerId": 1})
    assert missing["code"] == 404


async def test_preview_applies_tiers_moq_and_stock(sandbox):
    _, client = sandbox
    folder = await specs(client, FOLDER)
    sticky = await specs(client, STICKY)
    body = {
        "addressParam": ADDRESS,
        "cargoParamList": [
            cargo(FOLDER, folder["透明"], 100),
            cargo(FOLDER, folder["蓝色"], 9),
        ],
    }
    result = (await call(client, "alibaba.order.preview", body))["data"]["orderPreviewResuslt"]
    assert len(result) == 1
    entry = result[0]
    assert (entry["success"], entry["errorCode"]) == (False, "QUANTITY_BELOW_MOQ")
    first = entry["cargoList"][0]
    assert (first["unitPrice"], first["amount"]) == (320, 32000)  # the 100+ tier

    body["cargoParamList"] = [cargo(FOLDER, folder["透明"], 500), cargo(STICKY, sticky["粉色"], 61)]
    entry = (await call(client, "alibaba.order.preview", body))["data"]["orderPreviewResuslt"][0]
    assert entry["errorCode"] == "OUT_OF_STOCK"
    body["cargoParamList"] = [cargo(FOLDER, folder["透明"], 500), cargo(STICKY, sticky["粉色"], 60)]
    entry = (await call(client, "alibaba.order.preview", body))["data"]["orderPreviewResuslt"][0]
    assert entry["success"] is True
    goods = 500 * 280 + 60 * 120
    assert (entry["sumPaymentNoCarriage"], entry["sumCarriage"]) == (goods, 800)
    assert entry["sumPayment"] == goods + 800


async def test_preview_batch_gives_one_result_per_seller(sandbox):
    _, client = sandbox
    folder, cable = await specs(client, FOLDER), await specs(client, CABLE)
    body = {
        "addressParam": ADDRESS,
        "cargoParamList": [
            cargo(FOLDER, folder["黑色"], 10, sellerOpenId="BBBwAN4GQ60zRPzBkv7BYPJRQ"),
            cargo(CABLE, cable["2米"], 200, sellerOpenId="BBBr7T0uVw4Qm8sNn2Lx9HcZe"),
            cargo(CABLE, cable["1米"], 200, sellerOpenId="BBBr7T0uVw4Qm8sNn2Lx9HcZe"),
        ],
    }
    data = (await call(client, "alibaba.order.preview_batch", body))["data"]
    by_seller = {entry["sellerOpenId"]: entry for entry in data["orderPreviewResuslt"]}
    assert set(by_seller) == {"BBBwAN4GQ60zRPzBkv7BYPJRQ", "BBBr7T0uVw4Qm8sNn2Lx9HcZe"}
    cables = by_seller["BBBr7T0uVw4Qm8sNn2Lx9HcZe"]
    # The 2 m spec keeps its own price; the 1 m spec reaches the 200+ tier.
    assert [c["unitPrice"] for c in cables["cargoList"]] == [450, 290]
    assert by_seller["BBBwAN4GQ60zRPzBkv7BYPJRQ"]["sumPaymentNoCarriage"] == 3500


async def test_create_is_idempotent_on_out_order_id_and_enforces_rules(sandbox):
    _, client = sandbox
    pens = await specs(client, PENS)
    below = await call(client, "alibaba.order.create", create_body(cargo(PENS, pens["黑色"], 1)))
    data = below["data"]
    assert (data["success"], data["orderId"], data["errorCode"]) == (
        False,
        None,
        "QUANTITY_BELOW_MOQ",
    )
    assert data["failedOfferList"][0]["offerId"] == PENS

    body = create_body(
        cargo(PENS, pens["黑色"], 20), cargo(PENS, pens["红色"], 2), out_order_id="o-1"
    )
    first = (await call(client, "alibaba.order.create", body))["data"]
    assert first["success"] is True
    # 20 pens reach the 10.50 tier, 2 pens pay 12.00; postage 8.00.
    assert (first["totalSuccessAmount"], first["postFee"]) == (20 * 1050 + 2 * 1200 + 800, 800)
    again = (await call(client, "alibaba.order.create", body))["data"]
    assert again == first
    listed = await call(client, "alibaba.order.list", {"outOrderId": "o-1"})
    assert listed["data"]["totalRecords"] == 1

    cable = await specs(client, CABLE)
    mixed = create_body(cargo(PENS, pens["蓝色"], 2), cargo(CABLE, cable["1米"], 10))
    refused = (await call(client, "alibaba.order.create", mixed))["data"]
    assert (refused["success"], refused["errorCode"]) == (False, "MULTIPLE_SELLERS")
    bad_flow = await call(client, "alibaba.order.create", {**body, "flow": "express"})
    assert bad_flow["code"] == 400 and "flow" in bad_flow["msg"]
    no_name = {**body, "addressParam": {**ADDRESS, "fullName": ""}}
    assert (await call(client, "alibaba.order.create", no_name))["msg"] == (
        "addressParam.fullName is required"
    )


async def test_batch_create_then_batch_pay(sandbox):
    _, client = sandbox
    pens, cable = await specs(client, PENS), await specs(client, CABLE)
    body = {
        **create_body(
            cargo(PENS, pens["黑色"], 2, sellerOpenId="BBBwAN4GQ60zRPzBkv7BYPJRQ"),
            cargo(CABLE, cable["1米"], 10, sellerOpenId="BBBr7T0uVw4Qm8sNn2Lx9HcZe"),
        ),
        "outOrderId": "batch-1",
    }
    orders = (await call(client, "alibaba.order.batch_create", body))["data"]["orders"]
    assert [o["success"] for o in orders] == [True, True]
    assert {o["sellerOpenId"] for o in orders} == {
        "BBBwAN4GQ60zRPzBkv7BYPJRQ",
        "BBBr7T0uVw4Qm8sNn2Lx9HcZe",
    }
    again = (await call(client, "alibaba.order.batch_create", body))["data"]["orders"]
    assert [o["orderId"] for o in again] == [o["orderId"] for o in orders]

    ids = [o["orderId"] for o in orders]
    paid = (await call(client, "alibaba.order.batch_pay", {"orderIds": [*ids, "1"]}))["data"]
    assert paid["successOrderIds"] == ids
    assert paid["failedOrders"] == [
        {"orderId": "1", "errorCode": "ORDER_NOT_FOUND", "errorMsg": "order 1 not found"}
    ]
    for order_id in ids:
        detail = await call(
            client, "alibaba.order.detail", {"webSite": "1688", "orderId": order_id}
        )
        assert detail["data"]["baseInfo"]["status"] == "waitsellersend"


async def test_detail_amounts_are_exact_yuan_numbers(sandbox):
    _, client = sandbox
    cable = await specs(client, CABLE)
    created = (
        await call(client, "alibaba.order.create", create_body(cargo(CABLE, cable["2米"], 13)))
    )["data"]
    response = await client.post(
        "/alibaba/order/detail", json={"webSite": "1688", "orderId": created["orderId"]}
    )
    data = response.json(parse_float=Decimal)["data"]
    base = data["baseInfo"]
    assert base["sumProductPayment"] == Decimal("58.5")  # 13 × 4.50
    assert base["shippingFee"] == Decimal("10")
    assert base["totalAmount"] == Decimal("68.5")
    assert base["idOfStr"] == created["orderId"] and base["id"] == int(created["orderId"])
    item = data["productItems"][0]
    assert (item["price"], item["itemAmount"], item["quantity"]) == (
        Decimal("4.5"),
        Decimal("58.5"),
        13,
    )
    assert item["skuInfos"] == [{"name": "长度", "value": "2米"}]
    assert base["receiverInfo"]["toFullName"] == "张三"


async def test_cancel_only_while_unpaid_and_pay_url(sandbox):
    _, client = sandbox
    pens = await specs(client, PENS)
    created = await call(client, "alibaba.order.create", create_body(cargo(PENS, pens["蓝色"], 2)))
    order_id = created["data"]["orderId"]
    url = (await call(client, "alibaba.order.pay_url", {"orderId": order_id}))["data"]
    assert url["cantPayOrderList"] == [] and url["protocolPaySuccess"] is False
    # Opening the pay URL pays, as the cashier would.
    cashier = await client.get(httpx.URL(url["payUrl"]).path)
    assert cashier.status_code == 200
    detail = await call(client, "alibaba.order.detail", {"orderId": order_id})
    assert detail["data"]["baseInfo"]["status"] == "waitsellersend"
    assert detail["data"]["baseInfo"]["payTime"]
    cancel = {"webSite": "1688", "orderId": int(order_id), "cancelReason": "buyerCancel"}
    refused = await call(client, "alibaba.order.cancel", cancel)
    assert refused["code"] == 409
    url = (await call(client, "alibaba.order.pay_url", {"orderId": order_id}))["data"]
    assert url["cantPayOrderList"] == [int(order_id)]

    other = await call(client, "alibaba.order.create", create_body(cargo(PENS, pens["蓝色"], 2)))
    cancel["orderId"] = int(other["data"]["orderId"])
    assert (await call(client, "alibaba.order.cancel", cancel))["data"] is True
    closed = await call(client, "alibaba.order.list", {"orderStatus": "cancel"})
    assert [r["baseInfo"]["idOfStr"] for r in closed["data"]["records"]] == [
        other["data"]["orderId"]
    ]
    assert (await call(client, "alibaba.order.cancel", {**cancel, "webSite": "x"}))["code"] == 400


async def test_receive_goods_after_shipping_and_logistics_trace(sandbox):
    _, client = sandbox
    pens = await specs(client, PENS)
    order_id = (
        await call(client, "alibaba.order.create", create_body(cargo(PENS, pens["黑色"], 4)))
    )["data"]["orderId"]
    early = await call(client, "alibaba.order.receive_goods", {"orderId": int(order_id)})
    assert early["code"] == 409
    assert (await call(client, "alibaba.order.logistics", {"orderId": order_id}))["data"][
        "logisticsTrace"
    ] == []
    await call(client, "alibaba.order.batch_pay", {"orderIds": [order_id]})
    shipped = await client.post(f"/_sandbox/orders/{order_id}/advance", json={})
    assert shipped.json()["status"] == "waitbuyerreceive"

    trace = (await call(client, "alibaba.order.logistics", {"orderId": order_id}))["data"]
    parcel = trace["logisticsTrace"][0]
    assert parcel["logisticsBillNo"] and parcel["companyName"]
    steps = parcel["logisticsSteps"]
    assert [s["remark"][-2:] for s in steps] == ["揽收"]  # just picked up: the rest is to come

    detail = (await call(client, "alibaba.order.detail", {"orderId": order_id}))["data"]
    entry = detail["productItems"][0]["subItemID"]
    bad = await call(
        client, "alibaba.order.receive_goods", {"orderId": order_id, "orderEntryIds": [1]}
    )
    assert bad["code"] == 400
    received = await call(
        client, "alibaba.order.receive_goods", {"orderId": int(order_id), "orderEntryIds": [entry]}
    )
    assert received["data"] == {"success": True, "errorInfo": "", "errorCode": ""}
    detail = (await call(client, "alibaba.order.detail", {"orderId": order_id}))["data"]
    assert detail["baseInfo"]["status"] == "confirm_goods"
    steps = (await call(client, "alibaba.order.logistics", {"orderId": order_id}))["data"][
        "logisticsTrace"
    ][0]["logisticsSteps"]
    assert "签收" in steps[-1]["remark"]
    assert len(steps) >= 3 and steps == sorted(steps, key=lambda s: s["acceptTime"])


async def test_paging_newest_first(sandbox):
    _, client = sandbox
    pens = await specs(client, PENS)
    ids = [
        (await call(client, "alibaba.order.create", create_body(cargo(PENS, pens["红色"], 2))))[
            "data"
        ]["orderId"]
        for _ in range(3)
    ]
    page = (await call(client, "alibaba.order.list", {"pageNo": 2, "pageSize": 2}))["data"]
    assert (page["totalRecords"], page["currentPage"], page["pageSize"]) == (3, 2, 2)
    assert [r["baseInfo"]["idOfStr"] for r in page["records"]] == [ids[0]]


async def _status(client: httpx.AsyncClient, order_id: str) -> str:
    return (await call(client, "alibaba.order.detail", {"orderId": order_id}))["data"]["baseInfo"][
        "status"
    ]


async def _steps(client: httpx.AsyncClient, order_id: str) -> list[dict]:
    trace = (await call(client, "alibaba.order.logistics", {"orderId": order_id}))["data"]
    return trace["logisticsTrace"][0]["logisticsSteps"]


async def test_a_shipped_order_waits_for_the_buyer_until_the_auto_confirm_time():
    # 1000× faster: ships 0.1 s after payment, the parcel arrives 0.1 s later, and the order
    # confirms itself 1.5 s after shipping unless the buyer confirms receipt first
    config = SandboxConfig(
        time_scale=1000,
        ship_seconds=100,
        receive_seconds=100,
        auto_confirm_seconds=1500,
        finish_seconds=3600,
    )
    async with sandbox_in_process(config) as (_, client):
        pens = await specs(client, PENS)
        ids = []
        for key in ("WAIT-1", "WAIT-2"):
            body = create_body(cargo(PENS, pens["黑色"], 2), out_order_id=key)
            ids.append((await call(client, "alibaba.order.create", body))["data"]["orderId"])
        await call(client, "alibaba.order.batch_pay", {"orderIds": ids})
        await asyncio.sleep(0.6)  # shipped, and the parcels delivered
        for order_id in ids:
            assert await _status(client, order_id) == "waitbuyerreceive"  # still the buyer's turn
            steps = await _steps(client, order_id)
            assert "签收" in steps[-1]["remark"]
            assert steps == sorted(steps, key=lambda s: s["acceptTime"])
        confirmed = await call(client, "alibaba.order.receive_goods", {"orderId": int(ids[0])})
        assert confirmed["data"]["success"] is True
        assert await _status(client, ids[0]) == "confirm_goods"
        assert await _status(client, ids[1]) == "waitbuyerreceive"
        deadline = asyncio.get_running_loop().time() + 3
        while await _status(client, ids[1]) == "waitbuyerreceive":
            assert asyncio.get_running_loop().time() < deadline, "never confirmed by itself"
            await asyncio.sleep(0.05)
        assert await _status(client, ids[1]) == "confirm_goods"
