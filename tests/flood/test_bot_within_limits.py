"""The real bot against a Telegram stand-in that enforces Telegram's flood control: whole orders,
a group approval and a burst of notifications meet no 429, and a member's answers do not wait
behind the burst."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.domain.draft import Draft, DraftLine
from bot.domain.receiver import build_receiver
from tests.e2e.flows import TSHIRT, place_order, to_preview
from tests.e2e.harness import BUYER, Stack
from tests.e2e.test_group_approval import BOSS, GROUP, TEAM, in_group

pytestmark = pytest.mark.flood

FOLLOWERS = list(range(63_001, 63_061))  # buyers whose orders change all at once
# A sandbox test product with a million in stock at 1 fen, from a shop without postage.
ITEM_ID, SKU_ID = "600126245031041190", "5016042822039"
RECEIVER = build_receiver(
    name="张三",
    mobile="13812345678",
    state="浙江省",
    city="杭州市",
    district="余杭区",
    address="文一西路969号",
    zip="311121",
)


async def _refused(stack: Stack) -> int:
    return (await stack.sim.flood())["refused_total"]


async def test_a_whole_private_order_meets_no_429(flood_stack):
    await place_order(flood_stack.user(BUYER), "FLOOD-PRIVATE-1")
    assert await _refused(flood_stack) == 0


async def test_a_group_order_and_its_approval_meet_no_429(flood_stack):
    stack = flood_stack
    await stack.restart_bot_with(**TEAM)
    await stack.sim.set_member(GROUP, BOSS, "member", first_name="Boss", chat_title="Team")
    alice, boss = in_group(stack, BUYER, "Alice"), in_group(stack, BOSS, "Boss")
    await to_preview(alice)
    await alice.taps("Confirm", "Waiting for an approver")
    card = await alice.panel()
    await boss.press("Approve", message=card)
    await boss.expect("Order placed")
    assert await _refused(stack) == 0


async def _orders_for_followers(stack: Stack) -> list[str]:
    """One submitted order per follower, placed through the bot's own OrderService."""
    service = stack.bot.parts.deps.service
    numbers = []
    for follower in FOLLOWERS:
        number = f"FLOOD{follower}"
        line = DraftLine(
            item_id=ITEM_ID, sku_id=SKU_ID, title="PandaPon 测试商品A", quantity=1, unit_price_fen=1
        )
        draft = Draft(
            platform="taobao",
            lines=[line],
            receiver=RECEIVER,
            postage_fen=0,
            seller_order_number=number,
        )
        outcome = await service.submit(draft, chat_id=follower, requester_id=follower)
        assert outcome.kind == "submitted"
        numbers.append(number)
    return numbers


async def _notifications(stack: Stack) -> list[dict]:
    calls = (await stack.sim.outbox(method="sendMessage"))["calls"]
    return [c for c in calls if c["chat_id"] in FOLLOWERS and c["ok"]]


async def test_a_burst_of_notifications_does_not_hold_up_a_members_answer(flood_stack):
    stack = flood_stack
    await stack.sim.add_users(FOLLOWERS, first_name="Follower")
    numbers = await _orders_for_followers(stack)
    buyer = stack.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    # every follower's order is paid at once: the platform calls back, the bot tells each chat
    async with httpx.AsyncClient(base_url=stack.platform_url, trust_env=False) as control:
        for number in numbers:
            answer = await control.post(
                f"/_sandbox/orders/{number}/advance", json={"to": "WAIT_SELLER_SEND_GOODS"}
            )
            answer.raise_for_status()
    while not await _notifications(stack):
        await asyncio.sleep(0.02)  # the burst is under way
    await buyer.send(TSHIRT)
    sku_panel = await buyer.expect("Choose the SKU", timeout=30)
    while len(await _notifications(stack)) < len(FOLLOWERS):
        await asyncio.sleep(0.1)
    notes = await _notifications(stack)
    assert sorted(c["chat_id"] for c in notes) == FOLLOWERS  # each told once, none lost
    # the member's answer did not queue behind the burst: most of it came after
    after = [c for c in notes if c["seq"] > sku_panel["seq"]]
    assert len(after) > len(FOLLOWERS) // 2
    assert await _refused(stack) == 0
