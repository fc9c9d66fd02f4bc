"""After-sales under hostile or mistaken use: strangers and other members, forged and stale
buttons, finished requests, platforms without after-sales."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.flows import ADDRESS_BLOCK, FOLDER_1688
from tests.e2e.harness import BUYER, STRANGER
from tests.e2e.refund_flows import FAST_POLL, paid_order, platform_refunds, to_refund_preview

COLLEAGUE = 1002


@pytest.fixture
async def bot(stack):
    await stack.start_bot(ORDERBOT_ALLOWED_USERS=f"{BUYER},{COLLEAGUE}", **FAST_POLL)
    return stack


async def _answer(stack) -> str:
    answered = await stack.sim.wait_for(None, "answerCallbackQuery", timeout=10)
    assert answered["ok"]
    return answered["params"].get("text") or ""


async def test_strangers_and_other_members_cannot_ask_for_an_orders_refund(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-G1")
    card = await buyer.says("/status #1", "Order #1")
    data = bot.sim.button_data(card, "Refund / return")
    # the same button, pressed in their own chats (a forwarded or forged menu)
    stranger = await bot.user(STRANGER).says("/start", "user id")
    await bot.sim.press(STRANGER, stranger["result"]["message_id"], STRANGER, data, forged=True)
    assert "not allowed" in await _answer(bot)
    colleague = bot.user(COLLEAGUE)
    theirs = await colleague.says("/refunds", "No refund or return requests in this chat")
    await bot.sim.press(COLLEAGUE, theirs["result"]["message_id"], COLLEAGUE, data, forged=True)
    assert "found" in await _answer(bot)  # not theirs: "not found", never a hint
    assert await platform_refunds(bot) == []


async def test_forged_and_stale_buttons_are_answered_expired_and_change_nothing(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-G2")
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refund / return", "Which goods")
    panel = await buyer.panel()
    for data in ("rq:line:9999", "rq:why:0", "rq:kind:swap", "rf:zz:1", "rf:c:99999999", "ra:y:7"):
        await bot.sim.press(BUYER, panel["message_id"], BUYER, data, forged=True)
        said = await _answer(bot)
        assert "expired" in said or "No such request" in said or "not" in said, (data, said)
    await buyer.taps("The whole order", "What do you ask for")  # the real panel still works
    # an old order card's button, once the request is sent, cannot start a second request
    await buyer.taps("Refund only", "Choose the platform's reason")
    await buyer.taps("不想要了", "How much do you ask back")
    await buyer.taps("Ask for the most", "Describe the problem")
    await buyer.taps("Skip", "Send photos as evidence")
    await buyer.taps("No photos", "Your request")
    await buyer.taps("Send the request", "Sent: the seller has your request")
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refund / return", "Which goods")
    await buyer.press("The whole order")
    assert "R1 is open for these goods already" in await _answer(bot)
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("went wrong" in t for t in texts)
    assert len(await platform_refunds(bot)) == 1


async def test_a_finished_request_shows_its_messages_read_only(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-G3")
    await to_refund_preview(buyer)
    await buyer.taps("Send the request", "Sent: the seller has your request")
    await buyer.taps("Cancel the request", "Cancel refund request R1?")
    await buyer.taps("Yes, cancel the request", "Request cancelled")
    history = await buyer.taps("Messages", "Messages — refund R1")
    assert "买家撤销了退款申请" in history["params"]["text"]
    assert "Send a text or a photo" not in history["params"]["text"]
    # no conversation takes it (plain words in a private chat offer a search): nothing goes to
    # the seller
    await buyer.says("hello?", "on which platform")
    [made] = await platform_refunds(bot)
    assert not any(m["content"] == "hello?" for m in made["messages"])
    shown = next(
        m for m in await buyer.messages() if m["message_id"] == history["params"]["message_id"]
    )
    await buyer.press("Back to the refund", message=shown)
    await buyer.expect("Refund R1")


async def test_1688_orders_offer_no_after_sales_buttons(bot):
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
    await buyer.says("ALI-RF", "Preview")
    await buyer.taps("Confirm", "Order placed")
    unpaid = await buyer.says("/status ALI-RF", "Awaiting payment")
    assert "voucher" not in str(unpaid["params"]["reply_markup"]).lower()
    await bot.advance("ALI-RF", "waitsellersend")
    await asyncio.sleep(0.2)
    paid = await buyer.says("/status ALI-RF", "Order #1")
    await buyer.taps("Refresh", "Paid, awaiting shipment")
    card = await buyer.panel()
    assert "Refund / return" not in str(card["reply_markup"])
    assert "Refund" not in str(paid["params"]["reply_markup"])
