"""Reusable stretches of the after-sales conversation for end-to-end tests."""

from __future__ import annotations

from typing import Any

from tests.e2e.flows import place_order
from tests.e2e.harness import Member, Stack


async def paid_order(stack: Stack, buyer: Member, seller_no: str, *, shipped: bool = False):
    """A placed Taobao order (2 T-shirts, ¥84.00), paid, and shipped if asked — the bot
    learns each step from its status poll (no callbacks in this tier)."""
    await place_order(buyer, seller_no)
    await stack.advance(seller_no, "WAIT_SELLER_SEND_GOODS")
    stack.run_job_now("status-poll")
    await buyer.expect("Paid, awaiting shipment")
    if shipped:
        await stack.advance(seller_no)
        stack.run_job_now("status-poll")
        await buyer.expect("Shipped")


async def to_refund_preview(
    buyer: Member,
    *,
    order: str = "#1",
    goods: str = "The whole order",
    kind: str = "Refund only",
    reason: str = "不想要了",
    amount: str | None = None,
    description: str | None = "Changed my mind",
) -> dict[str, Any]:
    await buyer.says(f"/status {order}", f"Order {order}")
    await buyer.taps("Refund / return", "Which goods")
    await buyer.taps(goods, "What do you ask for")
    await buyer.taps(kind, "Choose the platform's reason")
    await buyer.taps(reason, "How much do you ask back")
    if amount is None:
        await buyer.taps("Ask for the most", "Describe the problem")
    else:
        await buyer.says(amount, "Describe the problem")
    if description is None:
        await buyer.taps("Skip", "Send photos as evidence")
    else:
        await buyer.says(description, "Send photos as evidence")
    return await buyer.taps("No photos", "Your request")


async def platform_refunds(stack: Stack) -> list[dict[str, Any]]:
    response = await stack.control.get("/_sandbox/refunds")
    response.raise_for_status()
    return response.json()["refunds"]


async def seller(stack: Stack, refund_id: str, action: str, **body: Any) -> dict[str, Any]:
    """The seller agrees, refuses (reason=…), receives the goods or writes (content=…)."""
    response = await stack.control.post(f"/_sandbox/refunds/{refund_id}/{action}", json=body)
    response.raise_for_status()
    return response.json()
