"""Team group chats: drafts side by side, approval cards, who may decide, reject reasons,
private copies, auto-approval, expiry, a supergroup upgrade and a restart — through the
Telegram stand-in and the sandbox platform, with several members in one group."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from tests.e2e.flows import ADDRESS_BLOCK, TSHIRT, TSHIRT_ID, to_preview
from tests.e2e.harness import BUYER, Member, Stack

GROUP = -200
BOSS = 2002  # a configured approver
CAROL = 3003  # a member of the group who is not an approver
BOB = 4004  # another member drafting in the group
TEAM = {
    "ORDERBOT_ALLOWED_CHATS": str(GROUP),
    "ORDERBOT_APPROVERS": str(BOSS),
}


def in_group(stack: Stack, user_id: int, name: str, chat_id: int = GROUP) -> Member:
    chat_type = "group" if chat_id == GROUP else "supergroup"
    return stack.user(user_id, chat_id=chat_id, chat_type=chat_type, first_name=name)


async def start_team(stack: Stack, **settings: Any) -> tuple[Member, Member]:
    """The bot for the team group; Alice drafts there, Boss approves (both known by name)."""
    await stack.start_bot(**{**TEAM, **settings})
    alice, boss = in_group(stack, BUYER, "Alice"), in_group(stack, BOSS, "Boss")
    await stack.sim.set_member(GROUP, BOSS, "member", first_name="Boss", chat_title="Purchasing")
    return alice, boss


async def card_from(alice: Member) -> dict[str, Any]:
    """Alice drafts an order in the group and confirms: her preview becomes the card."""
    await to_preview(alice)
    await alice.taps("Confirm", "Waiting for an approver")
    return await alice.panel()


async def message(member: Member, message_id: int) -> dict[str, Any]:
    return next(m for m in await member.messages() if m["message_id"] == message_id)


async def press_for_answer(member: Member, target: dict[str, Any], label: str) -> str:
    """Press a button; return the text of the bot's answer to that press."""
    await member.press(label, message=target)
    call = await member.sim.wait_for(member.chat_id, "answerCallbackQuery")
    return call["params"].get("text") or ""


def replied_to(call: dict[str, Any]) -> int | None:
    """The message a bot message answers (PTB sends it as reply_parameters)."""
    return (call["params"].get("reply_parameters") or {}).get("message_id")


def buttons(target: dict[str, Any]) -> list[str]:
    rows = (target.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def set_expiry_passed(stack: Stack) -> None:
    """What the clock would do after ORDERBOT_APPROVAL_TTL: the deadline is behind us."""
    with sqlite3.connect(stack.db_path) as db:
        db.execute("UPDATE approvals SET expires_at = 0 WHERE state = 'pending'")


class Drafter:
    """A member drafting in the group who keeps hold of their own panel (the newest panel in
    the chat may be someone else's)."""

    def __init__(self, member: Member) -> None:
        self.member = member
        self.panel_id = 0

    async def says(self, text: str, expect: str) -> dict[str, Any]:
        call = await self.member.says(text, expect)
        self.panel_id = call["message_id"]
        return call

    async def taps(self, label: str, expect: str) -> dict[str, Any]:
        await self.member.press(label, message=await message(self.member, self.panel_id))
        call = await self.member.expect(expect)
        self.panel_id = call["message_id"]
        return call


# --- drafting side by side ---------------------------------------------------------------


async def test_two_members_draft_at_once_without_interfering(bot):
    await bot.restart_bot_with(**TEAM)
    alice, bob = Drafter(in_group(bot, BUYER, "Alice")), Drafter(in_group(bot, BOB, "Bob"))
    boss = in_group(bot, BOSS, "Boss")
    shirt = next(item for item in await bot.catalog() if item["itemId"] == TSHIRT_ID)
    sku = {
        f"{s['properties']['颜色分类']}/{s['properties']['尺码']}": s["skuId"]
        for s in shirt["skus"]
    }
    await alice.says("/neworder", "Which platform")
    first = await bob.says("/neworder", "Which platform")
    assert replied_to(first) is not None  # answers Bob's own message
    # Bob's press on Alice's panel is refused and changes nothing
    alices_panel = await message(alice.member, alice.panel_id)
    assert await press_for_answer(bob.member, alices_panel, "Taobao") == (
        "This is not your draft. Send /neworder to start your own."
    )
    assert (await message(alice.member, alice.panel_id))["text"] == alices_panel["text"]
    # the steps interleave; each edited panel starts with its member's name
    step = await alice.taps("Taobao", "Paste a")
    assert step["params"]["text"].startswith("👤 <b>Alice</b>")
    await bob.taps("Taobao", "Paste a")
    await bob.says(f"{TSHIRT_ID} {sku['黑色/M']} 3", "Subtotal")
    await alice.says(f"{TSHIRT_ID} {sku['白色/L']} 2", "Subtotal")
    await alice.taps("Continue to the address", "Receiver")
    await bob.taps("Continue to the address", "Receiver")
    await bob.says(ADDRESS_BLOCK.replace("张三", "李四"), "Use this address")
    await alice.says(ADDRESS_BLOCK, "Use this address")
    for drafter in (alice, bob):
        await drafter.taps("Use this address", "Budget")
        await drafter.taps("Use the total", "come from")
        await drafter.taps("Skip", "order number")
        await drafter.taps("Generate one", "Preview")
        await drafter.taps("Confirm", "Waiting for an approver")
    cards = [(await message(d.member, d.panel_id))["text"] for d in (alice, bob)]
    assert "Requested by Alice" in cards[0] and "2 × ¥39.00" in cards[0]
    assert "白色 / L" in cards[0] and "张三" in cards[0]
    assert "Requested by Bob" in cards[1] and "3 × ¥39.00" in cards[1]
    assert "黑色 / M" in cards[1] and "李四" in cards[1]
    # what is approved is what Bob drafted
    await boss.press("Approve", message=await message(bob.member, bob.panel_id))
    await boss.expect("Order placed")
    (order,) = await bot.platform_orders()
    assert order["receiver"]["name"] == "李四"


# --- who may decide ------------------------------------------------------------------------


async def test_a_non_approver_is_refused_and_admins_may_approve_when_allowed(stack):
    alice, _ = await start_team(stack)
    carol = in_group(stack, CAROL, "Carol")
    await stack.sim.set_member(GROUP, CAROL, "administrator", first_name="Carol")
    card = await card_from(alice)
    refusal = await press_for_answer(carol, card, "Approve")
    assert refusal == "⛔ You may not approve orders here."
    assert await stack.platform_orders() == []
    assert buttons(await message(alice, card["message_id"])) == ["✅ Approve", "❌ Reject"]
    pending = await carol.says("/pending", "Waiting for approval</b> (1)")
    assert "#1 · Alice" in pending["params"]["text"]
    # with ORDERBOT_ADMINS_APPROVE the group's administrators count (asked at press time)
    await stack.restart_bot_with(ORDERBOT_ADMINS_APPROVE=True)
    await carol.press("Approve", message=card)
    placed = await carol.expect("Order placed")
    assert "Approved</b> by Carol" in placed["params"]["text"]
    assert len(await stack.platform_orders()) == 1


async def test_a_press_on_a_card_whose_edit_was_lost_brings_it_up_to_date(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    await stack.sim.fault("editMessageText", 400, "Bad Request: the edit is lost")
    assert await press_for_answer(boss, card, "Approve") == "✅ Approved — submitting…"
    await asyncio.sleep(0.5)  # placed on the platform; the card's one edit failed
    assert len(await stack.platform_orders()) == 1
    assert buttons(await message(alice, card["message_id"])) == ["✅ Approve", "❌ Reject"]
    await boss.press("Approve", message=card)  # the stale buttons: pressed again
    placed = await boss.expect("Order placed")
    assert placed["params"]["message_id"] == card["message_id"]
    assert buttons(await message(alice, card["message_id"])) == []
    assert len(await stack.platform_orders()) == 1  # told "already approved", never twice


OWN_ORDER = "⛔ #1 is your own order: another approver has to decide it."


async def test_self_approval_is_refused_unless_allowed(stack):
    alice, _ = await start_team(stack, ORDERBOT_APPROVERS=f"{BUYER},{BOSS}")
    card = await card_from(alice)
    assert await press_for_answer(alice, card, "Approve") == OWN_ORDER
    assert await stack.platform_orders() == []
    await stack.restart_bot_with(ORDERBOT_ALLOW_SELF_APPROVAL=True)
    await alice.press("Approve", message=card)
    placed = await alice.expect("Order placed")
    assert "Approved</b> by Alice" in placed["params"]["text"]
    assert len(await stack.platform_orders()) == 1


async def test_a_requester_who_is_no_approver_is_told_it_is_their_own_order(stack):
    alice, _ = await start_team(stack)  # only Boss approves
    card = await card_from(alice)
    assert await press_for_answer(alice, card, "Approve") == OWN_ORDER
    assert await press_for_answer(alice, card, "Reject") == OWN_ORDER
    assert await stack.platform_orders() == []
    await alice.says("/status #1", "Order #1")
    history = (await alice.expect("Approval"))["params"]["text"]
    assert "Alice pressed on their own order (not allowed)" in history


# --- decisions -----------------------------------------------------------------------------


async def test_reject_asks_for_a_reason_and_tells_the_requester(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    assert await press_for_answer(boss, card, "Reject") == "Reply to my message with the reason."
    prompt = await boss.expect("reply to this message with the reason")
    assert prompt["params"]["reply_markup"]["force_reply"] is True
    assert replied_to(prompt) == card["message_id"]
    # the approver answers by replying to the prompt
    await stack.sim.send(
        GROUP,
        BOSS,
        "Too expensive this month",
        chat_type="group",
        first_name="Boss",
        reply_to_message_id=prompt["message_id"],
    )
    told = await alice.expect("was <b>rejected</b>")
    text = told["params"]["text"]
    assert "tg://user?id=1001" in text and "by Boss" in text
    assert "Reason: Too expensive this month" in text
    assert replied_to(told) == card["message_id"]
    edited = await message(alice, card["message_id"])
    assert "Rejected by Boss" in edited["text"] and "Too expensive this month" in edited["text"]
    assert buttons(edited) == []
    assert await stack.platform_orders() == []
    # the order is recorded as cancelled before submission, with the decision in its audit
    with sqlite3.connect(stack.db_path) as db:
        state = db.execute("SELECT state FROM orders").fetchone()[0]
        audit = [row[0] for row in db.execute("SELECT action FROM approval_audit ORDER BY id")]
    assert state == "cancelled_before_submit"
    assert audit == ["requested", "reason_asked", "rejected"]


async def test_approve_places_one_order_and_edits_the_card_everywhere(stack):
    alice, _ = await start_team(stack, ORDERBOT_NOTIFY_APPROVERS_PRIVATELY=True)
    boss_private = stack.user(BOSS, first_name="Boss")
    await boss_private.says("/start", "Hello")  # the approver has a private chat with the bot
    card = await card_from(alice)
    copy = await boss_private.expect("Waiting for an approver")
    assert buttons(await boss_private.panel()) == ["✅ Approve", "❌ Reject"]
    await boss_private.press("Approve", message=await boss_private.panel())
    await boss_private.expect("Order placed")
    orders = await stack.platform_orders()
    assert len(orders) == 1
    for member, message_id in ((alice, card["message_id"]), (boss_private, copy["message_id"])):
        shown = await message(member, message_id)
        assert "Approved by Boss" in shown["text"]
        assert "Order placed — platform order no." in shown["text"]
        assert buttons(shown) == []
        assert "Total: ¥84.00 (8400 fen)" in shown["text"]
    # the order card in the group tells the approval's story
    history = await alice.says("/status #1", "Approval")
    assert "requested by Alice" in history["params"]["text"]
    assert "approved by Boss" in history["params"]["text"]


async def test_a_platform_refusal_after_approval_shows_on_the_card(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    await stack.fault(
        endpoint="taobao.order.create", kind="error_code", code=500, msg="风控拦截: risk control"
    )
    await boss.press("Approve", message=card)
    refused = await boss.expect("The platform refused the order")
    assert "risk control" in refused["params"]["text"]
    assert "Approved</b> by Boss" in refused["params"]["text"]
    assert await stack.platform_orders() == []


async def test_two_approvers_pressing_at_once_make_one_order(stack):
    alice, _ = await start_team(stack, ORDERBOT_APPROVERS=f"{BOSS},{CAROL}")
    await stack.sim.set_member(GROUP, CAROL, "member", first_name="Carol")
    card = await card_from(alice)
    data = stack.sim.button_data(card, "Approve")
    # both presses reach Telegram before the bot has answered either
    await stack.sim.press(GROUP, card["message_id"], BOSS, data)
    await stack.sim.press(GROUP, card["message_id"], CAROL, data)
    await alice.expect("Order placed")
    await asyncio.sleep(0.3)  # let the second press be handled too
    answers = [
        call["params"].get("text") or ""
        for call in (await stack.sim.outbox(GROUP, method="answerCallbackQuery"))["calls"][-2:]
    ]
    assert sorted(answers)[0].startswith("Already approved by")
    assert "Approved — submitting" in sorted(answers)[1]
    assert len(await stack.platform_orders()) == 1


async def test_small_orders_skip_approval(stack):
    alice, _ = await start_team(stack, ORDERBOT_AUTO_APPROVE_FEN=10000)
    await to_preview(alice)
    placed = await alice.taps("Confirm", "Order placed")
    assert "Approved automatically: the budget is at most ¥100.00" in placed["params"]["text"]
    assert len(await stack.platform_orders()) == 1
    assert buttons(await message(alice, placed["message_id"])) == []


async def test_a_request_nobody_decides_expires_with_a_message(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    set_expiry_passed(stack)
    stack.run_job_now("approval-expiry")
    told = await alice.expect("nobody approved your order")
    assert replied_to(told) == card["message_id"]
    expired = await message(alice, card["message_id"])
    assert "Expired" in expired["text"] and buttons(expired) == []
    await boss.says("/pending", "Nothing is waiting for approval here.")
    assert await stack.platform_orders() == []


async def test_a_press_after_the_deadline_finds_the_request_expired(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    set_expiry_passed(stack)  # the expiry job has not run yet
    assert await press_for_answer(boss, card, "Approve") == "This request has expired."
    await alice.expect("nobody approved your order")
    assert buttons(await message(alice, card["message_id"])) == []
    assert await stack.platform_orders() == []


# --- a private draft sent to the team --------------------------------------------------------


async def test_a_private_draft_can_be_sent_to_the_team_group(stack):
    await start_team(stack)
    await stack.sim.set_member(GROUP, BUYER, "member", first_name="Alice")
    alice = stack.user(BUYER, first_name="Alice")
    boss = in_group(stack, BOSS, "Boss")
    await to_preview(alice)
    sent = await alice.taps("Send to Purchasing for approval", "Sent to <b>Purchasing</b>")
    assert "#1" in sent["params"]["text"]
    card = await boss.expect("Waiting for an approver")
    await boss.press("Approve", message=await message(boss, card["message_id"]))
    told = await alice.expect("was <b>approved</b> by Boss")
    assert "Order placed — platform order no." in told["params"]["text"]
    assert len(await stack.platform_orders()) == 1


# --- upgrades and restarts ---------------------------------------------------------------


async def test_a_supergroup_upgrade_keeps_orders_drafts_and_approvals(stack):
    alice, _ = await start_team(stack, ORDERBOT_AUTO_APPROVE_FEN=10000)
    await to_preview(alice)
    await alice.taps("Confirm", "Order placed")  # an order of the group, placed already
    await stack.restart_bot_with(ORDERBOT_AUTO_APPROVE_FEN=0)
    card_from_alice = await card_from(alice)  # a second one, waiting for approval
    bob = Drafter(in_group(stack, BOB, "Bob"))
    await bob.says("/neworder", "Which platform")
    await bob.taps("Taobao", "Paste a")
    await bob.says(TSHIRT, "Choose the SKU")
    await bob.taps("黑色 / M", "How many")
    await bob.says("1", "Subtotal")  # Bob's draft is in progress

    new_id = await stack.sim.migrate(GROUP, BOSS)
    boss_there = in_group(stack, BOSS, "Boss", chat_id=new_id)
    notice = await boss_there.expect("now a supergroup")
    assert "2 orders, 1 draft and 2 approval requests moved" in notice["params"]["text"]
    reposted = await boss_there.expect("Waiting for an approver")
    assert "#2" in reposted["params"]["text"] and card_from_alice["message_id"]

    listed = await boss_there.says("/orders", "Orders in this chat")
    assert "(2)" in listed["params"]["text"]
    await boss_there.says("/pending", "Waiting for approval</b> (1)")
    await boss_there.press("Approve", message=await message(boss_there, reposted["message_id"]))
    await boss_there.expect("Order placed")
    assert len(await stack.platform_orders()) == 2
    bob_there = in_group(stack, BOB, "Bob", chat_id=new_id)
    await bob_there.says("/neworder", "unfinished order draft")


async def test_a_card_pending_across_a_restart_can_still_be_approved(stack):
    alice, boss = await start_team(stack)
    card = await card_from(alice)
    await stack.restart_bot()
    await boss.press("Approve", message=await message(alice, card["message_id"]))
    placed = await boss.expect("Order placed")
    assert "Approved</b> by Boss" in placed["params"]["text"]
    assert len(await stack.platform_orders()) == 1
