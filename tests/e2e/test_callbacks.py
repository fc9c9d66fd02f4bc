"""Platform message callbacks, end to end: the sandbox POSTs them to the bot's web side over
127.0.0.1, and the owning chat hears about each change exactly once."""

from __future__ import annotations

import asyncio
import json

import httpx

from bot.domain.status import BuyerStatus
from bot.notifications import dedupe_key
from bot.pandapon.models_callback import CallbackEnvelope
from storage.db import open_database
from storage.events import EventRepository
from storage.orders import OrderRepository
from tests.e2e.conftest import CALLBACK_PATH
from tests.e2e.flows import place_order
from tests.e2e.harness import BUYER


async def _notes(buyer) -> list[str]:
    return [m.get("text") or "" for m in await buyer.messages() if "🔔" in (m.get("text") or "")]


async def _delivered(stack, message_type: str, count: int = 1) -> list[dict]:
    for _ in range(200):
        log = [d for d in await stack.callback_log() if d["messageType"] == message_type]
        if len([d for d in log if d["state"] == "delivered"]) >= count:
            return log
        await asyncio.sleep(0.05)
    raise AssertionError(f"no delivered {message_type} callback: {await stack.callback_log()}")


def _events(stack) -> int:
    return EventRepository(open_database(stack.db_path)).count()


async def _post(stack, payload) -> httpx.Response:
    async with httpx.AsyncClient(trust_env=False) as http:
        url = stack.bot.web.url + CALLBACK_PATH
        if isinstance(payload, bytes):
            return await http.post(url, content=payload)
        return await http.post(url, json=payload)


async def test_an_advanced_order_is_told_once_and_never_moves_back(callback_bot):
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "CB-1")
    await stack.advance("CB-1", "WAIT_SELLER_SEND_GOODS")  # paid → callback
    note = await buyer.expect("🔔 Order #1")
    assert "Paid, awaiting shipment" in note["params"]["text"]
    await stack.advance("CB-1")  # shipped → callback
    await buyer.expect("Shipped")
    assert len(await _notes(buyer)) == 2
    log = await _delivered(stack, "ORDER_STATUS_MODIFY", 2)

    # the same callback delivered again: one message stays one message
    before = _events(stack)
    paid = next(d for d in log if "WAIT_SELLER_SEND_GOODS" in d["payload"]["messageBody"])
    assert (await _post(stack, paid["payload"])).status_code == 200
    # an older status arriving late (a different body, so not a duplicate): no regression
    stale = json.loads(paid["payload"]["messageBody"])
    stale["updateTime"] -= 60_000
    late = {**paid["payload"], "messageBody": json.dumps(stale)}
    assert (await _post(stack, late)).status_code == 200
    await asyncio.sleep(0.5)
    assert len(await _notes(buyer)) == 2
    assert _events(stack) == before + 1  # the late one is recorded, the repeat is not
    card = await buyer.says("/status #1", "Order #1")
    assert "Shipped" in card["params"]["text"]


async def test_a_malformed_callback_is_refused_and_nothing_is_stored(callback_bot):
    stack = callback_bot
    before = _events(stack)
    for bad in (
        b"not json",
        {"messageType": "ORDER_CREATE"},
        {"messageType": "X", "messageBody": "{", "messagePlatform": 0, "timestamp": "1"},
        {"messageType": "X", "messageBody": "{}", "messagePlatform": 7, "timestamp": "1"},
    ):
        assert (await _post(stack, bad)).status_code == 400, bad
    async with httpx.AsyncClient(trust_env=False) as http:
        huge = b'{"x": "' + b"a" * 200_000 + b'"}'
        answer = await http.post(stack.bot.web.url + CALLBACK_PATH, content=huge)
        assert answer.status_code == 413
        assert (await http.post(stack.bot.web.url + "/pandapon/guess", json={})).status_code == 404
    assert _events(stack) == before


async def test_a_price_change_offers_pay_or_cancel_and_a_refund_is_told(callback_bot):
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "CB-PRICE")
    response = await stack.control.post(
        "/_sandbox/orders/CB-PRICE/price", json={"totalAmount": 9000}
    )
    response.raise_for_status()
    note = await buyer.expect("changed the price")
    assert "¥84.00" in note["params"]["text"] and "¥90.00" in note["params"]["text"]
    labels = str(note["params"]["reply_markup"])
    assert "Pay" in labels and "Cancel order" in labels
    card = await buyer.says("/status #1", "Order #1")
    assert "Price now: ¥90.00" in card["params"]["text"]
    await buyer.taps("Pay", "Pay ¥90.00")
    await buyer.taps("Yes, pay", "Paid.")
    response = await stack.control.post("/_sandbox/orders/CB-PRICE/refund", json={"amount": 3900})
    response.raise_for_status()
    refund = await buyer.expect("Refund for order #1")
    assert "¥39.00" in refund["params"]["text"]


async def test_a_group_order_is_told_in_the_group_and_to_its_requester(callback_bot):
    stack = callback_bot
    await stack.restart_bot_with(
        ORDERBOT_CALLBACK_PATH=CALLBACK_PATH,
        ORDERBOT_ALLOWED_CHATS="-300",
        ORDERBOT_AUTO_APPROVE_FEN=100_000,  # small orders are placed without approval
    )
    await stack.point_callbacks_at_bot()
    private = stack.user(BUYER)
    await private.says("/start", "Hello")  # the requester has a private chat with the bot
    member = stack.user(BUYER, chat_id=-300, chat_type="group", first_name="Alice")
    await place_order(member, "GROUP-CB")
    await stack.advance("GROUP-CB", "WAIT_SELLER_SEND_GOODS")
    in_group = await member.expect("🔔 Order #1")
    in_private = await private.expect("🔔 Order #1")
    for note in (in_group, in_private):
        assert "Paid, awaiting shipment" in note["params"]["text"]


async def test_a_late_older_price_never_replaces_a_newer_one(callback_bot):
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "CB-LATE")
    for total in (9000, 9500):  # two price changes, 9500 is the newer
        response = await stack.control.post(
            "/_sandbox/orders/CB-LATE/price", json={"totalAmount": total}
        )
        response.raise_for_status()
        await buyer.expect(f"¥{total // 100}.00")
    log = await _delivered(stack, "ORDER_PRICE_MODIFY", 2)
    older = next(d for d in log if '"totalAmount": 9000' in d["payload"]["messageBody"])
    # the older price delivered again, late, in a new envelope (the platform retried later)
    late = {**older["payload"], "timestamp": str(int(older["payload"]["timestamp"]) + 60_000)}
    assert (await _post(stack, late)).status_code == 200
    await asyncio.sleep(0.5)
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert sum("changed the price" in t for t in texts) == 2  # nothing for the late one
    card = await buyer.says("/status #1", "Order #1")
    assert "Price now: ¥95.00" in card["params"]["text"]


async def test_a_late_older_refund_is_not_announced(callback_bot):
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "CB-REF")
    await stack.advance("CB-REF", "WAIT_SELLER_SEND_GOODS")
    for amount in (1000, 2000):  # two partial refunds: 1000, then 3000 refunded in all
        response = await stack.control.post(
            "/_sandbox/orders/CB-REF/refund", json={"amount": amount}
        )
        response.raise_for_status()
        await buyer.expect("Refund for order #1")
    log = await _delivered(stack, "ORDER_REFUND", 2)
    first = min(log, key=lambda d: json.loads(d["payload"]["messageBody"])["updateTime"])
    late = {**first["payload"], "timestamp": "9999999999999"}
    assert (await _post(stack, late)).status_code == 200
    await asyncio.sleep(0.5)
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert sum("Refund for order #1" in t for t in texts) == 2
    card = await buyer.says("/status #1", "Order #1")
    assert "¥30.00" in card["params"]["text"]


async def test_a_callback_stored_but_not_applied_before_a_stop_is_applied_at_the_start(
    callback_bot,
):
    """The bot stores a callback the moment it arrives and applies it when its turn comes; one
    a stop cut off in between is applied (and told) when the bot starts again."""
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "CB-R")
    await stack.advance("CB-R", "WAIT_SELLER_SEND_GOODS")
    await buyer.expect("Paid, awaiting shipment")
    log = await _delivered(stack, "ORDER_STATUS_MODIFY")
    paid = next(d for d in log if "WAIT_SELLER_SEND_GOODS" in d["payload"]["messageBody"])
    await stack.stop_bot()
    # as the last run left it: the "shipped" callback stored, its application cut off
    body = json.loads(paid["payload"]["messageBody"])
    shipped = {**body, "status": "WAIT_BUYER_CONFIRM_GOODS", "updateTime": body["updateTime"] + 1}
    envelope = CallbackEnvelope.model_validate(
        {**paid["payload"], "messageBody": json.dumps(shipped)}
    )
    stored = EventRepository(open_database(stack.db_path)).record(
        dedupe_key=dedupe_key(envelope),
        source="callback",
        platform=envelope.platform,
        message_type=envelope.message_type,
        body=envelope.message_body.model_dump_json(by_alias=True, exclude_none=True),
        event_time=shipped["updateTime"],
    )
    assert stored is not None
    await stack.start_bot()
    note = await buyer.expect("Shipped")
    assert "Order #1" in note["params"]["text"]
    order = OrderRepository(open_database(stack.db_path)).by_seller_order_number("CB-R")
    assert order is not None and order.status == BuyerStatus.SHIPPED
