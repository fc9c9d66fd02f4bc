"""Privacy in team groups: a member's receiver shown in the group — the pasted address read
back, the address to confirm, the preview, the approval card, the order card — has its mobile
masked and its street cut short; the full receiver is shown only privately (the requester's own
chat, an approver's private copy of the card)."""

from __future__ import annotations

from typing import Any

from tests.e2e.flows import ADDRESS_BLOCK, to_address
from tests.e2e.harness import BUYER
from tests.e2e.test_group_approval import BOSS, message, start_team

FULL = ("13812345678", "138 1234 5678", "文一西路969号", "969")  # none of it in the group
MASKED = ("138****5678", "文一西路…")


def text_of(call: dict[str, Any]) -> str:
    return call.get("text") or call["params"].get("text") or ""


def assert_masked(text: str) -> None:
    for part in MASKED:
        assert part in text, f"{part!r} missing from {text!r}"
    for part in FULL:
        assert part not in text, f"{part!r} shown in the group: {text!r}"
    assert "张三" in text and "余杭区" in text  # who and roughly where to, for the approver


def assert_full(text: str) -> None:
    assert "+86 138 1234 5678" in text and "文一西路969号" in text
    assert "****" not in text


async def test_the_group_sees_the_receiver_masked_approvers_see_it_privately(stack):
    alice, _ = await start_team(stack, ORDERBOT_NOTIFY_APPROVERS_PRIVATELY=True)
    boss_private = stack.user(BOSS, first_name="Boss")
    await boss_private.says("/start", "Hello")
    await to_address(alice)
    await alice.taps("Paste a whole address", "Paste the whole address")
    # pasted without its postal code: what was read is said back, masked, before asking for it
    partial = await alice.says(ADDRESS_BLOCK.replace(" 311121", ""), "I read this")
    assert "• Mobile number: 138****5678" in text_of(partial)
    assert "• Street address: 文一西路…" in text_of(partial)
    assert "13812345678" not in text_of(partial) and "969" not in text_of(partial)
    await alice.expect("Postal code")
    confirm = await alice.says("311121", "Use this address")
    assert_masked(text_of(confirm))
    await alice.taps("Use this address", "Budget")
    await alice.taps("Use the total", "come from")
    await alice.taps("Skip", "Your own order number")
    preview = await alice.taps("Generate one", "Preview")
    assert_masked(text_of(preview))
    card = await alice.taps("Confirm", "Waiting for an approver")
    assert_masked(text_of(card))
    copy = await boss_private.expect("Waiting for an approver")  # the approver's own copy
    assert_full(text_of(copy))
    await boss_private.press("Approve", message=await boss_private.panel())
    await boss_private.expect("Order placed")
    # after the decision every copy is edited: still masked in the group, full in private
    assert_masked((await message(alice, card["message_id"]))["text"])
    assert_full((await message(boss_private, copy["message_id"]))["text"])
    # the order card: masked in the group, in full in the requester's private chat
    assert_masked(text_of(await alice.says("/status #1", "Order #1")))
    alice_private = stack.user(BUYER, first_name="Alice")
    assert_full(text_of(await alice_private.says("/status #1", "Order #1")))
    # what the platform received is the real address, of course
    placed = (await stack.platform_orders())[0]
    assert placed["receiver"]["mobile_phone"] == "13812345678"
    assert placed["receiver"]["address"] == "文一西路969号"


async def test_a_private_preview_shows_the_receiver_in_full(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    assert_full(text_of(await buyer.says(ADDRESS_BLOCK, "Use this address")))
    await buyer.taps("Use this address", "Budget")
    await buyer.taps("Use the total", "come from")
    await buyer.taps("Skip", "Your own order number")
    assert_full(text_of(await buyer.taps("Generate one", "Preview")))


async def test_the_address_book_shows_a_saved_receiver_masked_in_the_group(stack):
    alice, _ = await start_team(stack)
    await to_address(alice)
    await alice.taps("Paste a whole address", "Paste the whole address")
    await alice.says(ADDRESS_BLOCK, "Use this address")
    await alice.taps("Use and save", "Budget")
    await alice.says("/cancel", "cancelled")
    await alice.says("/addresses", "Your saved addresses")
    editing = await alice.taps("Edit", "Paste the address again")
    assert_masked(text_of(editing))
    edited = await alice.says("13912345678", "updated")
    assert "139****5678" in text_of(edited) and "13912345678" not in text_of(edited)
    alice_private = stack.user(BUYER, first_name="Alice")
    await alice_private.says("/addresses", "Your saved addresses")
    again = text_of(await alice_private.taps("Edit", "Paste the address again"))
    assert "+86 139 1234 5678" in again and "文一西路969号" in again
