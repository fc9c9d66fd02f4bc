"""After-sales end to end, continued: payment vouchers, a restart in the middle of a request,
group approval, a lost answer, and refund callbacks (duplicate, out of order)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.e2e.conftest import CALLBACK_PATH
from tests.e2e.flows import place_order
from tests.e2e.harness import BUYER
from tests.e2e.refund_flows import (
    FAST_POLL,
    paid_order,
    platform_refunds,
    poll,
    seller,
    send_file,
    send_photo,
    to_refund_preview,
)
from tests.images import jpeg

APPROVER = 2002


@pytest.fixture
async def bot(stack):
    await stack.start_bot(**FAST_POLL)
    return stack


async def _texts(member, needle: str) -> list[str]:
    return [m.get("text") or "" for m in await member.messages() if needle in (m.get("text") or "")]


async def test_a_payment_voucher_is_uploaded_and_the_card_says_so(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "VC-1")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Send payment voucher", "Payment voucher — order #1")
    await buyer.says("I paid yesterday", "send a photo of the transfer receipt")
    await send_file(buyer, "transfer.jpg", b"GIF89a? no, just text", "image/jpeg")
    await buyer.expect("not a picture I can open")
    await send_photo(buyer, jpeg(800, 1200, (240, 240, 240)))
    card = await buyer.expect("Voucher sent: the platform checks the transfer")
    text = card["params"]["text"]
    assert "Payment being checked" in text and "Payment voucher sent" in text
    assert "Send payment voucher" not in str(card["params"]["reply_markup"])
    [order] = await bot.platform_orders()
    assert order["status"] == "PAY_PENDING"
    assert [v["status"] for v in order["vouchers"]] == ["PENDING"]
    response = await bot.control.post("/_sandbox/orders/VC-1/voucher", json={"approve": True})
    response.raise_for_status()
    await poll(bot)
    await buyer.expect("Paid, awaiting shipment")
    again = await buyer.says("/status #1", "Order #1")
    assert "Payment voucher sent" in again["params"]["text"]
    assert "Refund / return" in str(again["params"]["reply_markup"])  # paid: after-sales open


async def test_a_restart_in_the_middle_of_a_request_resumes_it(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-RST")
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refund / return", "Which goods")
    await buyer.taps("The whole order", "What do you ask for")
    await buyer.taps("Refund only", "Choose the platform's reason")
    await buyer.taps("不想要了", "How much do you ask back")
    await buyer.says("30", "Describe the problem")
    await bot.restart_bot()
    await buyer.says("Wrong colour", "Send photos as evidence")  # the same step, after a restart
    await send_photo(buyer, jpeg(500, 500))
    await buyer.expect("(1 so far)")
    await bot.restart_bot()
    preview = await buyer.taps("Done (1)", "Your request")  # the live panel still works
    text = preview["params"]["text"]
    assert "¥30.00" in text and "Wrong colour" in text and "Evidence photos: 1" in text
    await buyer.taps("Send the request", "Sent: the seller has your request")
    [made] = await platform_refunds(bot)
    assert (made["fee"], len(made["images"]), made["desc"]) == (3000, 1, "Wrong colour")


async def _press_as(stack, member, message: dict, label: str) -> None:
    """A press that names its member (the stand-in otherwise calls them "User<id>")."""
    data = stack.sim.button_data(message, label)
    await stack.sim.press(
        member.chat_id, message["message_id"], member.user_id, data, first_name=member.first_name
    )


async def test_in_a_group_a_refund_request_waits_for_an_approver(stack):
    await stack.start_bot(
        ORDERBOT_ALLOWED_CHATS="-300",
        ORDERBOT_APPROVERS=str(APPROVER),
        ORDERBOT_AUTO_APPROVE_FEN=100_000,  # the order itself goes through at once
        **FAST_POLL,
    )
    # ordered privately (a group allows the bot 20 messages a minute), refunded in the team group
    await paid_order(stack, stack.user(BUYER, first_name="Alice"), "GRP-RF")
    member = stack.user(BUYER, chat_id=-300, chat_type="group", first_name="Alice")
    approver = stack.user(APPROVER, chat_id=-300, chat_type="group", first_name="Bob")
    preview = await to_refund_preview(member)
    assert "An approver of the team group decides" in preview["params"]["text"]
    card = await member.taps("Send for approval", "Refund approval")
    assert "Waiting for an approver" in card["params"]["text"]
    assert await platform_refunds(stack) == []  # nothing sent yet
    await member.press("Approve")  # the requester may not approve their own request
    await asyncio.sleep(0.3)
    assert await platform_refunds(stack) == []
    await _press_as(stack, approver, await member.panel(), "Approve")
    decided = await member.expect("Approved by Bob")
    assert "Requested — waiting for the seller" in decided["params"]["text"]
    [made] = await platform_refunds(stack)
    assert made["fee"] == 8400
    # the requester hears privately too (a background send: it may come after the card)
    await stack.sim.wait_for(
        BUYER,
        "sendMessage",
        after=0,
        predicate=lambda call: (
            "Your refund request R1" in call["params"]["text"]
            and "Approved by Bob" in call["params"]["text"]
        ),
    )


async def test_a_declined_refund_request_is_never_sent(stack):
    await stack.start_bot(
        ORDERBOT_ALLOWED_CHATS="-300",
        ORDERBOT_APPROVERS=str(APPROVER),
        ORDERBOT_AUTO_APPROVE_FEN=100_000,
        **FAST_POLL,
    )
    await paid_order(stack, stack.user(BUYER, first_name="Alice"), "GRP-NO")
    member = stack.user(BUYER, chat_id=-300, chat_type="group", first_name="Alice")
    approver = stack.user(APPROVER, chat_id=-300, chat_type="group", first_name="Bob")
    await to_refund_preview(member)
    await member.taps("Send for approval", "Refund approval")
    await _press_as(stack, approver, await member.panel(), "Reject")
    prompt = await member.expect("reply to this message with the reason for declining R1")
    reply_to = prompt["result"]["message_id"]
    await stack.sim.send(
        -300, APPROVER, "We keep the goods", chat_type="group", reply_to_message_id=reply_to
    )
    declined = await member.expect("Declined by Bob: We keep the goods")
    assert "Declined by an approver" in declined["params"]["text"]
    assert await platform_refunds(stack) == []


async def test_a_lost_answer_to_a_request_is_checked_never_sent_twice(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-LOST")
    await to_refund_preview(buyer)
    # the platform takes the request, keeps us waiting past our timeout, and commits later
    await bot.fault(
        endpoint="taobao.refund.submit", kind="commit_late", latency_ms=3500, commit_after_ms=300
    )
    checking = await buyer.taps("Send the request", "Do not ask again", timeout=15)
    assert "No answer from the platform yet" in checking["params"]["text"]
    settled = await buyer.expect("the refund request for order #1 <b>arrived</b>", timeout=20)
    assert "Open refund R1" in str(settled["params"]["reply_markup"])
    [made] = await platform_refunds(bot)  # one request, never a second
    card = await buyer.taps("Open refund R1", "Refund R1")
    assert "Requested — waiting for the seller" in card["params"]["text"]
    assert made["refundId"] in card["params"]["text"]


async def _post(stack, payload) -> httpx.Response:
    async with httpx.AsyncClient(trust_env=False) as http:
        return await http.post(stack.bot.web.url + CALLBACK_PATH, json=payload)


async def _deliveries(stack, count: int) -> list[dict]:
    for _ in range(200):
        log = [
            d
            for d in await stack.callback_log()
            if d["messageType"] == "ORDER_REFUND" and d["state"] == "delivered"
        ]
        if len(log) >= count:
            return log
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {count} refund callbacks delivered")


async def test_duplicate_and_late_refund_callbacks_tell_once_and_never_go_back(callback_bot):
    stack = callback_bot
    buyer = stack.user(BUYER)
    await place_order(buyer, "RF-CB")
    await stack.advance("RF-CB", "WAIT_SELLER_SEND_GOODS")
    await buyer.expect("Paid, awaiting shipment")
    await to_refund_preview(buyer)
    await buyer.taps("Send the request", "Sent: the seller has your request")
    [made] = await platform_refunds(stack)
    await seller(stack, made["refundId"], "refuse", reason="请先联系客服")
    await buyer.expect("The seller refused")
    await seller(stack, made["refundId"], "agree")
    await buyer.expect("✅ Refunded")
    log = await _deliveries(stack, 3)  # requested (ours: told by the panel), refused, refunded
    by_status = {json.loads(d["payload"]["messageBody"])["refundStatus"]: d for d in log}
    # the platform delivers the refusal again, and the first one late in a new envelope
    assert (await _post(stack, by_status[-10]["payload"])).status_code == 200
    late = {**by_status[10]["payload"], "timestamp": "9999999999999"}
    assert (await _post(stack, late)).status_code == 200
    await asyncio.sleep(0.5)
    assert len(await _texts(buyer, "🔔 Refund R1")) == 2  # refused, refunded: once each
    card = await buyer.says("/refunds", "Refund and return requests")
    assert "Refunded" in str(card["params"]["reply_markup"])
    order = await buyer.says("/status #1", "Order #1")
    assert "Refunded: ¥84.00" in order["params"]["text"]
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("The platform reports a refund" in t for t in texts)


async def test_asked_privately_a_group_orders_request_still_goes_to_the_group(stack):
    await stack.start_bot(
        ORDERBOT_ALLOWED_CHATS="-300",
        ORDERBOT_APPROVERS=str(APPROVER),
        ORDERBOT_AUTO_APPROVE_FEN=100_000,
        **FAST_POLL,
    )
    member = stack.user(BUYER, chat_id=-300, chat_type="group", first_name="Alice")
    await paid_order(stack, member, "GRP-PRIV")  # the group's order
    private = stack.user(BUYER, first_name="Alice")
    preview = await to_refund_preview(private)  # asked in Alice's private chat
    assert "An approver of the team group decides" in preview["params"]["text"]
    sent = await private.taps("Send for approval", "Sent to the order's team group")
    assert "Waiting for an approver" in sent["params"]["text"]
    card = await member.expect("Refund approval")  # posted in the group
    assert await platform_refunds(stack) == []
    approver = stack.user(APPROVER, chat_id=-300, chat_type="group", first_name="Bob")
    await _press_as(stack, approver, {**card["params"], **card["result"]}, "Approve")
    await member.expect("Approved by Bob")
    assert len(await platform_refunds(stack)) == 1
    listed = await member.says("/refunds", "Refund and return requests in this chat")
    assert "R1" in str(listed["params"]["reply_markup"])  # the group sees its order's request
