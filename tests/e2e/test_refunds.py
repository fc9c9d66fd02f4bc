"""After-sales end to end: refund and return requests through the Telegram stand-in and the
sandbox platform, from the order card to the money back."""

from __future__ import annotations

import pytest

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
from tests.images import jpeg, png, size_of


@pytest.fixture
async def bot(stack):
    await stack.start_bot(**FAST_POLL)
    return stack


async def _notes(buyer, needle: str) -> list[str]:
    return [m.get("text") or "" for m in await buyer.messages() if needle in (m.get("text") or "")]


async def test_a_refund_only_request_ends_refunded(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-1")
    preview = await to_refund_preview(buyer)
    text = preview["params"]["text"]
    assert "¥84.00" in text and "不想要了" in text and "Changed my mind" in text
    sent = await buyer.taps("Send the request", "Sent: the seller has your request")
    assert "Requested — waiting for the seller" in sent["params"]["text"]
    [made] = await platform_refunds(bot)
    assert (made["fee"], made["refundType"], made["status"]) == (8400, 1, 10)
    await seller(bot, made["refundId"], "agree")
    await poll(bot)
    note = await buyer.expect("🔔 <b>Refund R1</b>")
    assert "Refunded: ¥84.00" in note["params"]["text"]
    bot.run_job_now("status-poll")  # nothing new: nothing said
    await buyer.says("/refunds", "Refund and return requests in this chat")
    card = await buyer.taps("R1", "Refund R1")
    assert "✅ Refunded" in card["params"]["text"]
    assert len(await _notes(buyer, "🔔 Refund R1")) == 1
    order = await buyer.says("/status #1", "Order #1")
    assert "Refunded: ¥84.00" in order["params"]["text"]


async def test_a_return_with_a_tracking_number_ends_refunded(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-2", shipped=True)
    await to_refund_preview(buyer, kind="Return and refund", reason="质量问题", amount="50")
    await buyer.taps("Send the request", "Sent: the seller has your request")
    [made] = await platform_refunds(bot)
    assert (made["fee"], made["refundType"], made["goodsStatus"]) == (5000, 2, 2)
    await seller(bot, made["refundId"], "agree", describe="请寄回，勿寄到付")
    await poll(bot)
    note = await buyer.expect("Agreed — send the goods back")
    assert "请寄回" not in note["params"]["text"] or "退货组" in note["params"]["text"]
    await buyer.press("Send the goods back", message=note["params"] | note)
    await buyer.expect("Which carrier takes the parcel back")
    await buyer.taps("顺丰速运", "tracking number (like <code>SF1234567890123</code>)")
    wrong = await buyer.says("12345", "does not look like a 顺丰速运 tracking number")
    assert "SF1234567890123" in wrong["params"]["text"]
    await buyer.says("sf 1234-5678-9012-3", "Your return shipment")  # spaces and dashes: fine
    done = await buyer.taps("Send the tracking number", "Tracking number sent")
    assert "SF1234567890123" in done["params"]["text"]
    assert "Goods on the way back" in done["params"]["text"]
    [returned] = await platform_refunds(bot)
    assert (returned["status"], returned["returnCompany"], returned["returnNo"]) == (
        30,
        "SF",
        "SF1234567890123",
    )
    await seller(bot, made["refundId"], "receive")
    await poll(bot)
    refunded = await buyer.expect("✅ Refunded")
    assert "Refunded: ¥50.00" in refunded["params"]["text"]


async def test_a_refusal_shows_the_sellers_reason_then_is_modified_and_sent_again(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-3")
    await to_refund_preview(buyer)
    await buyer.taps("Send the request", "Sent: the seller has your request")
    [made] = await platform_refunds(bot)
    await seller(bot, made["refundId"], "refuse", reason="商品已发出，请收货后再申请")
    await poll(bot)
    note = await buyer.expect("The seller refused")
    assert "商品已发出，请收货后再申请" in note["params"]["text"]
    await buyer.press("Modify", message=note["params"] | note)
    await buyer.expect("What do you ask for")
    await buyer.taps("Refund only", "Choose the platform's reason")
    await buyer.taps("协商一致退款", "How much do you ask back")
    await buyer.says("60.5", "Describe the problem")
    await buyer.says("The seller agreed by phone", "Send photos as evidence")
    preview = await buyer.taps("No photos", "Your changes")
    assert "¥60.50" in preview["params"]["text"]
    sent = await buyer.taps("Send the changes", "Changes sent to the seller")
    assert "Requested — waiting for the seller" in sent["params"]["text"]
    assert "商品已发出" not in sent["params"]["text"]  # the refusal is history now
    [modified] = await platform_refunds(bot)
    assert (modified["status"], modified["fee"], modified["modifications"]) == (10, 6050, 1)
    assert modified["reasonText"] == "协商一致退款"
    await seller(bot, made["refundId"], "agree")
    await poll(bot)
    refunded = await buyer.expect("✅ Refunded")
    assert "¥60.50" in refunded["params"]["text"]


async def test_a_request_is_cancelled_from_its_card(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-4")
    await to_refund_preview(buyer)
    await buyer.taps("Send the request", "Sent: the seller has your request")
    await buyer.taps("Cancel the request", "Cancel refund request R1?")
    done = await buyer.taps("Yes, cancel the request", "Request cancelled")
    assert "✖ Closed" in done["params"]["text"]
    assert "Modify" not in str(done["params"]["reply_markup"])
    [made] = await platform_refunds(bot)
    assert made["status"] == -20
    # the goods are free again: a new request may be made for them
    await to_refund_preview(buyer, amount="10")
    await buyer.taps("Send the request", "Sent: the seller has your request")
    assert len(await platform_refunds(bot)) == 2


async def test_bad_amounts_files_and_too_many_photos_are_refused_and_nothing_is_lost(stack):
    await stack.start_bot(ORDERBOT_REFUND_MAX_PHOTOS=2, **FAST_POLL)
    buyer = stack.user(BUYER)
    await paid_order(stack, buyer, "RF-BAD")
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refund / return", "Which goods")
    await buyer.taps("The whole order", "What do you ask for")
    await buyer.taps("Refund only", "Choose the platform's reason")
    await buyer.taps("未按约定时间发货", "At most ¥84.00")
    await buyer.says("84.01", "above the limit of ¥84.00")  # above the most refundable
    await buyer.says("12.345", "at most 2 decimals")  # a fraction of a fen
    await buyer.says("twelve", "is not an amount")
    await buyer.says("12.34", "Describe the problem")  # the step was kept all along
    await buyer.says("Still not shipped after a week", "Send photos as evidence")
    await send_file(buyer, "receipt.jpg", b"%PDF-1.4 this is no picture", "image/jpeg")
    await buyer.expect("not a picture I can open")
    await send_photo(buyer, jpeg(640, 480, (200, 30, 30)))
    await buyer.expect("(1 so far)")
    await send_photo(buyer, jpeg(640, 480, (200, 30, 30)))
    await buyer.expect("You sent that picture already")
    await send_file(buyer, "box.png", png(300, 200), "image/png")  # an image file counts
    await buyer.expect("(2 so far)")
    await send_photo(buyer, jpeg(640, 480, (30, 200, 30)))
    await buyer.expect("At most 2 photos — that one was not added")
    preview = await buyer.taps("Done (2)", "Your request")
    text = preview["params"]["text"]
    assert "¥12.34" in text and "Evidence photos: 2" in text and "Still not shipped" in text
    await buyer.taps("Send the request", "Sent: the seller has your request")
    [made] = await platform_refunds(stack)
    assert (made["fee"], len(made["images"]), made["reasonText"]) == (1234, 2, "未按约定时间发货")
    for image_id in made["images"]:
        picture = await stack.control.get(f"/_sandbox/refund-images/{image_id}")
        assert size_of(picture.content)[0] in (640, 300)  # re-encoded, not cropped


async def test_messages_go_both_ways_with_text_and_photos(bot):
    buyer = bot.user(BUYER)
    await paid_order(bot, buyer, "RF-MSG")
    await to_refund_preview(buyer)
    await buyer.taps("Send the request", "Sent: the seller has your request")
    history = await buyer.taps("Messages", "Messages — refund R1")
    assert "买家发起了退款申请" in history["params"]["text"]  # the platform's own record
    sent = await buyer.says("Where is my money?", "Sent to the seller")
    assert "Where is my money?" in sent["params"]["text"]
    await send_photo(buyer, jpeg(400, 300), caption="the damage")
    with_photo = await buyer.expect("Sent to the seller")
    assert "📷" in with_photo["params"]["text"] and "the damage" in with_photo["params"]["text"]
    [made] = await platform_refunds(bot)
    await seller(bot, made["refundId"], "message", content="已安排退款，请耐心等待")
    reply = await buyer.taps("Refresh", "已安排退款，请耐心等待")
    assert "Seller" in reply["params"]["text"]
    [now] = await platform_refunds(bot)
    buyer_said = [m for m in now["messages"] if m["outMessageId"]]
    assert [m["content"] for m in buyer_said] == ["Where is my money?", "the damage"]
    assert len(buyer_said[1]["images"]) == 1
    await buyer.taps("Back to the refund", "Refund R1")
