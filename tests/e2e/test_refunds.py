"""After-sales end to end: refund and return requests through the Telegram stand-in and the
sandbox platform, from the order card to the money back."""

from __future__ import annotations

from tests.e2e.harness import BUYER
from tests.e2e.refund_flows import paid_order, platform_refunds, seller, to_refund_preview


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
    bot.run_job_now("status-poll")
    note = await buyer.expect("🔔 <b>Refund R1</b>")
    assert "Refunded: ¥84.00" in note["params"]["text"]
    bot.run_job_now("status-poll")  # nothing new: nothing said
    await buyer.says("/refunds", "Refund and return requests in this chat")
    card = await buyer.taps("R1", "Refund R1")
    assert "✅ Refunded" in card["params"]["text"]
    assert len(await _notes(buyer, "🔔 Refund R1")) == 1
    order = await buyer.says("/status #1", "Order #1")
    assert "Refunded: ¥84.00" in order["params"]["text"]
