"""`--state FILE`: the sandbox platform keeps its state in SQLite and finds it again at start —
orders with their lines, shipments and refunds, addresses, stock, and the counters, so order
numbers never repeat; automatic status steps fall due by the wall clock."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.state import ORDERS
from sandbox.pandapon.store import SandboxStore
from sandbox.pandapon.testkit import call, platform_of, sandbox_in_process
from tests.integration.test_sandbox_alibaba import PENS, cargo, specs
from tests.integration.test_sandbox_alibaba import create_body as create_1688
from tests.integration.test_sandbox_taobao import TSHIRT, create_body, lines

ADDRESS = {
    "name": "张三",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路969号",
    "phone": "13812345678",
}


def config(path, **more) -> SandboxConfig:
    return SandboxConfig(state_path=str(path), build_seconds=0, **more)


async def tshirt_sku(client) -> dict:
    product = (await call(client, "taobao.product.get", {"itemId": TSHIRT}))["data"]
    return next(sku for sku in product["skuList"] if sku["quantity"] >= 10)


async def taobao_order(client, sku: dict, seller_no: str, quantity: int = 2) -> dict:
    body = create_body(lines((TSHIRT, sku["skuId"], quantity, sku["price"])), 100_000, seller_no)
    answer = await call(client, "taobao.order.create", body)
    assert answer["code"] == 200, answer
    return answer["data"]


async def control_orders(client) -> list[dict]:
    return (await client.get("/_sandbox/orders")).json()["orders"]


async def test_a_restarted_sandbox_has_its_orders_addresses_stock_and_counters(tmp_path):
    path = tmp_path / "platform.db"
    async with sandbox_in_process(config(path)) as (_, client):
        sku = await tshirt_sku(client)
        first = await taobao_order(client, sku, "KEEP-1", quantity=3)
        await call(client, "taobao.order.pay", {"orderIdList": [first["id"]]})
        await client.post(f"/_sandbox/orders/{first['id']}/advance", json={})  # shipped
        await client.post(f"/_sandbox/orders/{first['id']}/refund", json={"amount": 100})
        pens = await specs(client, PENS)
        alibaba = (
            await call(client, "alibaba.order.create", create_1688(cargo(PENS, pens["黑色"], 2)))
        )["data"]
        await call(client, "address.add_or_update", ADDRESS)
        before = await control_orders(client)
        trace = await call(
            client,
            "taobao.order.logistics",
            {"subPurchaseOrderId": first["subOrderVOS"][0]["taobaoSubPurchaseId"]},
        )
        stock = (await tshirt_sku(client))["quantity"]
        addresses = (await client.get("/_sandbox/addresses")).json()

    async with sandbox_in_process(config(path)) as (app, client):
        assert await control_orders(client) == before  # lines, shipments, refunds, amounts
        detail = await call(client, "taobao.order.detail", {"orderId": first["orderNo"]})
        assert detail["data"]["status"] == "WAIT_BUYER_CONFIRM_GOODS"
        again = await call(
            client,
            "taobao.order.logistics",
            {"subPurchaseOrderId": first["subOrderVOS"][0]["taobaoSubPurchaseId"]},
        )
        assert again["data"] == trace["data"]
        assert (await call(client, "alibaba.order.detail", {"orderId": alibaba["orderId"]}))[
            "code"
        ] == 200
        assert (await tshirt_sku(client))["quantity"] == stock
        assert (await client.get("/_sandbox/addresses")).json() == addresses
        refunds = await call(client, "taobao.refund.list", {})
        assert [r["refundFee"] for r in refunds["data"]["records"]] == [100]
        # the same key is the same order; a new order gets the next number and fresh ids
        assert (await taobao_order(client, sku, "KEEP-1"))["id"] == first["id"]
        new = await taobao_order(client, sku, "KEEP-2")
        numbers = [o["orderNo"] for o in await control_orders(client)]
        assert len(set(numbers)) == len(numbers) == 3
        assert new["orderNo"].endswith("000003")
        ids = [o["orderId"] for o in await control_orders(client)]
        assert len(set(ids)) == 3
        await call(client, "address.add_or_update", {**ADDRESS, "name": "李四"})
        assert [a["id"] for a in (await client.get("/_sandbox/addresses")).json()["addresses"]] == [
            1001,
            1002,
        ]
        assert platform_of(app).persistence is not None


async def test_every_change_is_on_disk_when_its_answer_leaves(tmp_path):
    path = tmp_path / "platform.db"
    async with sandbox_in_process(config(path)) as (_, client):
        sku = await tshirt_sku(client)
        created = await taobao_order(client, sku, "NOW-1")
        reader = SandboxStore(path)  # another connection, while the sandbox runs
        try:
            assert reader.load(ORDERS)[created["id"]].status == "WAIT_BUYER_P"
            await call(
                client, "taobao.order.cancel", {"orderId": created["id"], "cancelReason": "x"}
            )
            assert reader.load(ORDERS)[created["id"]].status == "TRADE_CLOSED"
            refused = await client.post(f"/_sandbox/orders/{created['id']}/refund", json={})
            assert refused.status_code == 409  # never paid: a refused action changes nothing
            assert reader.load(ORDERS)[created["id"]].refunds == []
        finally:
            reader.close()


async def test_automatic_steps_fall_due_by_the_wall_clock_across_a_restart(tmp_path):
    path = tmp_path / "platform.db"
    # paid -> shipped after 20 platform seconds = 0.4 s; shipped -> received after 1 h
    timing = {"time_scale": 50, "ship_seconds": 20, "receive_seconds": 3600}
    async with sandbox_in_process(config(path, **timing)) as (_, client):
        sku = await tshirt_sku(client)
        soon = await taobao_order(client, sku, "DUE-1")
        await call(client, "taobao.order.pay", {"orderIdList": [soon["id"]]})
        later = await taobao_order(client, sku, "DUE-2")
    await asyncio.sleep(0.6)  # the sandbox is down while the step falls due
    async with sandbox_in_process(config(path, **timing)) as (_, client):
        statuses = {o["key"]: o["status"] for o in await control_orders(client)}
        assert statuses == {"DUE-1": "WAIT_SELLER_SEND_GOODS", "DUE-2": "WAIT_BUYER_P"}
        await asyncio.sleep(0.1)  # the clock's next tick
        shipped = await call(client, "taobao.order.detail", {"orderId": soon["id"]})
        assert shipped["data"]["status"] == "WAIT_BUYER_CONFIRM_GOODS"
        waiting = await call(client, "taobao.order.detail", {"orderId": later["id"]})
        assert waiting["data"]["status"] == "WAIT_BUYER_P"  # unpaid: no automatic step
    async with sandbox_in_process(config(path, **timing)) as (_, client):
        statuses = {o["key"]: o["status"] for o in await control_orders(client)}
        assert statuses["DUE-1"] == "WAIT_BUYER_CONFIRM_GOODS"  # the step was kept


async def test_reset_empties_the_file_but_order_numbers_still_never_repeat(tmp_path):
    path = tmp_path / "platform.db"
    async with sandbox_in_process(config(path)) as (_, client):
        sku = await tshirt_sku(client)
        first = await taobao_order(client, sku, "R-1")
        assert (await client.post("/_sandbox/reset")).json() == {"reset": True}
    async with sandbox_in_process(config(path)) as (_, client):
        assert await control_orders(client) == []
        assert (await tshirt_sku(client))["quantity"] == sku["quantity"]  # the seed's stock
        second = await taobao_order(client, sku, "R-1")
        assert second["orderNo"] != first["orderNo"]


async def test_without_a_state_file_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with sandbox_in_process(SandboxConfig(build_seconds=0)) as (app, client):
        await taobao_order(client, await tshirt_sku(client), "MEM-1")
        assert platform_of(app).persistence is None
        assert platform_of(app).state.changes.take() == {}
    assert list(tmp_path.iterdir()) == []


async def test_the_file_holds_plain_json_per_order(tmp_path):
    """Readable with any SQLite tool: one row per order, its JSON as the value."""
    path = tmp_path / "platform.db"
    async with sandbox_in_process(config(path)) as (_, client):
        order_id = (await taobao_order(client, await tshirt_sku(client), "JSON-1"))["id"]
    with contextlib.closing(sqlite3.connect(path)) as db:
        [(key, value)] = db.execute("SELECT key, value FROM orders").fetchall()
    stored = json.loads(value)
    assert key == order_id
    assert (stored["key"], stored["lines"][0]["item_id"]) == ("JSON-1", TSHIRT)
