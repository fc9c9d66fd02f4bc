"""Reusable stretches of the after-sales conversation for end-to-end tests."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.flows import place_order
from tests.e2e.harness import Member, Stack

FAST_POLL = {"ORDERBOT_POLL_MAX_RPS": 1000}  # the status poll looks at everything at once


async def poll(stack: Stack) -> None:
    """Run the status poll now (how the bot learns what the sandbox's seller did when callbacks
    are off), once a run still in flight has finished (the scheduler skips overlapping runs)."""
    await asyncio.sleep(0.2)
    stack.run_job_now("status-poll")


async def paid_order(stack: Stack, buyer: Member, seller_no: str, *, shipped: bool = False):
    """A placed Taobao order (2 T-shirts, ¥84.00), paid, and shipped if asked — the bot
    learns each step from its status poll (no callbacks in this tier)."""
    await place_order(buyer, seller_no)
    await stack.advance(seller_no, "WAIT_SELLER_SEND_GOODS")
    await poll(stack)
    await _told(stack, buyer, "Paid, awaiting shipment")
    if shipped:
        await stack.advance(seller_no)
        await poll(stack)
        await _told(stack, buyer, "Shipped")


async def _told(stack: Stack, buyer: Member, status: str) -> None:
    """The chat has the status notification, and so has the requester's private chat when the
    order is a group's (a background send, which may come a little later)."""
    await buyer.expect(status)
    if buyer.chat_id != buyer.user_id:
        await stack.sim.wait_for(
            buyer.user_id, "sendMessage", after=0, predicate=lambda c: status in c["params"]["text"]
        )


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


async def send_photo(member: Member, content: bytes, caption: str | None = None) -> None:
    await member.sim.send_photo(
        member.chat_id,
        member.user_id,
        content,
        caption=caption,
        chat_type=member.chat_type,
        first_name=member.first_name,
    )


async def send_file(member: Member, name: str, content: bytes, mime_type: str) -> None:
    await member.sim.send_document(
        member.chat_id,
        member.user_id,
        name,
        content,
        mime_type=mime_type,
        chat_type=member.chat_type,
        first_name=member.first_name,
    )
