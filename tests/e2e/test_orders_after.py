"""After submission: /orders, /status, /track, the order card and its actions, polling."""

from __future__ import annotations

import asyncio

from tests.e2e.flows import ADDRESS_BLOCK, FOLDER_1688, place_order
from tests.e2e.harness import BUYER

COLLEAGUE = 1002


async def _platform_order(bot, key: str) -> dict:
    return next(o for o in await bot.platform_orders() if o["key"] == key)


async def test_lookups_by_each_kind_of_key_and_a_foreign_chat_is_refused(stack):
    await stack.start_bot(ORDERBOT_ALLOWED_USERS=f"{BUYER},{COLLEAGUE}")
    buyer = stack.user(BUYER)
    await place_order(buyer, "LOOK-1")
    order_no = (await _platform_order(stack, "LOOK-1"))["orderNo"]
    listing = await buyer.says("/orders", "Orders in this chat")
    assert "#1" in str(listing["params"]["reply_markup"])
    await buyer.taps("#1", "Order #1")
    for key in ("#1", "LOOK-1", order_no):
        card = await buyer.says(f"/status {key}", "Order #1")
        assert "Awaiting payment" in card["params"]["text"], key
        assert "LOOK-1" in card["params"]["text"]
    await buyer.says("/status", "Send <code>/status #42</code>")
    await buyer.says("/status #99", "No order “#99” found")
    # another member, in their own chat, learns nothing about it
    colleague = stack.user(COLLEAGUE)
    for key in ("#1", "LOOK-1", order_no):
        refused = await colleague.says(f"/status {key}", "found here")
        assert "Awaiting" not in refused["params"]["text"]
    await colleague.says("/orders", "No orders in this chat yet")
    await colleague.says("/track #1", "found here")


async def test_pay_ship_track_and_contact_the_seller_from_the_card(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "CARD-1")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Pay", "Pay ¥84.00")
    paid = await buyer.taps("Yes, pay", "Paid.")
    assert "awaiting shipment" in paid["params"]["text"]
    card = await buyer.panel()
    assert "Cancel order" not in str(card["reply_markup"])  # no cancelling after payment
    assert "Track" not in str(card["reply_markup"])  # nothing shipped yet
    await buyer.says("/track CARD-1", "no parcel has been shipped yet")
    await bot.advance("CARD-1")  # the seller ships
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refresh", "Shipped")
    tracking = await buyer.taps("Track", "Tracking — order #1")
    text = tracking["params"]["text"]
    assert "📦" in text and "揽收" in text  # just picked up: the rest of the trace is to come
    link = await buyer.taps("Seller", "Chat with the seller")
    button = link["params"]["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"].startswith("http")


async def test_cancel_with_a_reason_before_payment(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "CANCEL-1")
    await buyer.says("/status CANCEL-1", "Awaiting payment")
    await buyer.taps("Cancel order", "Why cancel")
    done = await buyer.taps("Ordered twice", "Cancelled: Ordered twice by mistake")
    assert "✖ Cancelled" in done["params"]["text"]
    platform = await _platform_order(bot, "CANCEL-1")
    assert platform["status"] == "TRADE_CLOSED"
    assert platform["closeReason"] == "Ordered twice by mistake"


async def test_a_platform_refusal_of_an_action_is_shown_on_the_card(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "ERR-1")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Pay", "Pay ¥84.00")
    await bot.fault(endpoint="taobao.order.pay", kind="error_code", code=409, msg="余额不足")
    refused = await buyer.taps("Yes, pay", "The platform said no: 余额不足")
    assert "Awaiting payment" in refused["params"]["text"]  # nothing changed
    # and a platform that is down is said so, too
    await bot.fault(endpoint="taobao.order.detail", kind="http_error", http_status=503, times=3)
    await buyer.taps("Refresh", "not answering")


async def test_1688_pay_link_and_confirm_receipt(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("1688", "1688")
    await buyer.says(FOLDER_1688, "Choose the SKU")
    await buyer.taps("透明", "How many")
    await buyer.says("10", "Subtotal")
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("Paste a whole address", "Paste")
    await buyer.says(ADDRESS_BLOCK, "Use this address")
    await buyer.taps("Use this address", "Budget")
    await buyer.taps("Use the total", "come from")
    await buyer.taps("Skip", "order number")
    await buyer.says("ALI-1", "Preview")
    await buyer.taps("Confirm", "Order placed")
    await buyer.says("/status ALI-1", "Awaiting payment")
    cashier = await buyer.taps("Pay", "Open the 1688 cashier to pay")
    url = cashier["params"]["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert "/_sandbox/cashier/" in url
    await bot.advance("ALI-1", "waitsellersend")  # the buyer paid at the cashier
    await bot.advance("ALI-1")  # shipped
    await buyer.taps("Back to the order", "Order #1")
    await buyer.taps("Refresh", "Shipped")
    await buyer.taps("Confirm receipt", "cannot be undone")
    received = await buyer.taps("Yes, I received it", "Receipt confirmed")
    assert "Received" in received["params"]["text"]
    assert (await _platform_order(bot, "ALI-1"))["status"] == "confirm_goods"


async def test_polling_tells_the_chat_once_when_callbacks_are_off(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "POLL-1")
    await bot.advance("POLL-1", "WAIT_SELLER_SEND_GOODS")
    await bot.advance("POLL-1")  # shipped
    bot.run_job_now("status-poll")
    note = await buyer.expect("🔔 Order #1")
    assert "Shipped" in note["params"]["text"] and "POLL-1" in note["params"]["text"]
    bot.run_job_now("status-poll")  # nothing new: nothing said
    await asyncio.sleep(0.5)
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert sum("🔔" in t for t in texts) == 1


async def test_an_old_card_cannot_cancel_a_paid_order(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "STALE-1")
    old_card = await buyer.says("/status #1", "Awaiting payment")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Pay", "Pay ¥84.00")
    await buyer.taps("Yes, pay", "Paid.")
    await buyer.press("Cancel order", message={**old_card["params"], **old_card})
    refused = await buyer.expect("not possible in the order's current status")
    assert "awaiting shipment" in refused["params"]["text"]
    assert (await _platform_order(bot, "STALE-1"))["status"] == "WAIT_SELLER_SEND_GOODS"
