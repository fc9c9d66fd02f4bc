"""A lost answer is not a "no": the platform may commit after the bot gave up waiting.

The sandbox's `commit_late` fault takes the create call, loses its answer and commits it a
moment later, after the bot's first look on the platform found nothing. The bot must keep
looking (and say so), and tell the member the truth once it is settled — never "no order was
created" for an order that exists.
"""

from __future__ import annotations

import asyncio

from tests.e2e.flows import place_order, to_preview
from tests.e2e.harness import BUYER
from tests.e2e.test_group_approval import card_from, message, start_team


async def test_an_order_committed_after_the_timeout_is_found_and_told(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="LATE-1")
    await bot.fault(endpoint="taobao.order.create", kind="commit_late", commit_after_ms=1500)
    checking = await buyer.taps("Confirm", "has not answered yet", timeout=15)
    text = checking["params"]["text"]
    assert "Do not order again" in text and "LATE-1" in text
    assert "no order" not in text.lower() and "was not created" not in text
    assert await bot.platform_orders() == []  # not yet: the first look found nothing
    settled = await buyer.expect("Checked with the platform", timeout=20)
    assert "<b>was created</b>" in settled["params"]["text"]
    assert "LATE-1" in settled["params"]["text"]
    orders = await bot.platform_orders()
    assert [o["key"] for o in orders] == ["LATE-1"]
    await asyncio.sleep(2.5)  # another round of the re-check job: nothing more is said
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert sum("Checked with the platform" in t for t in texts) == 1
    assert not any("not created" in t for t in texts)


async def test_check_now_looks_again_instead_of_ordering_again(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="LATE-2")
    await bot.fault(endpoint="taobao.order.create", kind="commit_late", commit_after_ms=500)
    await buyer.taps("Confirm", "has not answered yet", timeout=15)
    await asyncio.sleep(1.0)  # the platform has committed by now
    card = await buyer.taps("Check with the platform", "Order #1", timeout=15)
    assert "LATE-2" in card["params"]["text"]
    orders = await bot.platform_orders()
    assert [o["key"] for o in orders] == ["LATE-2"]  # looked up, never created again
    stats = (await bot.control.get("/_sandbox/stats")).json()
    assert stats["requests"]["taobao.order.create"] == 1


async def test_not_created_is_said_only_after_the_window(stack):
    await stack.start_bot(ORDERBOT_RECONCILE_WINDOW=6)
    buyer = stack.user(BUYER)
    await to_preview(buyer, seller_no="NEVER-1")
    # the platform takes the call and never commits it; every answer is lost
    await stack.fault(endpoint="taobao.order.create", kind="http_error", http_status=504)
    checking = await buyer.taps("Confirm", "has not answered yet", timeout=15)
    assert "NEVER-1" in checking["params"]["text"]
    await asyncio.sleep(3)
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("was not created" in t for t in texts)  # still inside the window
    told = await buyer.expect("was not created", timeout=20)
    assert "NEVER-1" in told["params"]["text"]
    assert await stack.platform_orders() == []


# --- the same rule for payments and cancellations --------------------------------------------


async def _platform_order(stack, key: str) -> dict:
    response = await stack.control.get(f"/_sandbox/orders/{key}")
    response.raise_for_status()
    return response.json()


async def test_a_payment_whose_answer_was_lost_is_checked_never_paid_twice(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "PAY-LATE")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Pay", "Pay ¥84.00")
    await bot.fault(endpoint="taobao.order.pay", kind="commit_late", commit_after_ms=1500)
    checking = await buyer.taps("Yes, pay", "Do not pay again", timeout=15)
    assert "Awaiting payment" in checking["params"]["text"]  # not paid as far as anyone knows
    # a second press while it is being checked looks again instead of paying again
    await buyer.taps("Pay", "Pay ¥84.00")
    await buyer.taps("Yes, pay", "Do not pay again", timeout=15)
    told = await buyer.expect("is paid", timeout=20)
    assert "#1" in told["params"]["text"]
    assert (await _platform_order(bot, "PAY-LATE"))["status"] == "WAIT_SELLER_SEND_GOODS"
    stats = (await bot.control.get("/_sandbox/stats")).json()
    assert stats["requests"]["taobao.order.pay"] == 1


async def test_a_lost_cancellation_that_never_happened_is_said_after_the_window(stack):
    await stack.start_bot(ORDERBOT_RECONCILE_WINDOW=6)
    buyer = stack.user(BUYER)
    await place_order(buyer, "CANCEL-LOST")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Cancel order", "Why cancel")
    await stack.fault(endpoint="taobao.order.cancel", kind="http_error", http_status=504)
    checking = await buyer.taps("Ordered twice", "checking whether #1 was cancelled", timeout=15)
    assert "Cancelled:" not in checking["params"]["text"]
    told = await buyer.expect("was not cancelled", timeout=20)
    assert "#1" in told["params"]["text"]
    assert (await _platform_order(stack, "CANCEL-LOST"))["status"] == "WAIT_BUYER_P"


# --- exactly one final answer, never "not confirmed" -----------------------------------------

STALE_WORDS = ("not confirmed", "unconfirmed")


async def _texts(stack, chat_id: int) -> list[str]:
    """Every text the bot sent or edited into the chat, in order (edits included)."""
    calls = (await stack.sim.outbox(chat_id))["calls"]
    return [
        (call["params"].get("text") or "")
        for call in calls
        if call["method"] in ("sendMessage", "editMessageText") and call.get("ok", True)
    ]


def _no_stale_words(texts: list[str]) -> None:
    for text in texts:
        assert not any(word in text.lower() for word in STALE_WORDS), text


async def test_a_lost_answer_found_at_once_is_one_final_message(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="ONCE-1")
    await bot.fault(endpoint="taobao.order.create", kind="drop_after_commit")
    placed = await buyer.taps("Confirm", "Order placed", timeout=15)
    assert "first answer was lost; I checked with the platform" in placed["params"]["text"]
    bot.run_job_now("reconcile")
    await asyncio.sleep(2.5)  # the re-check job has run: it has nothing more to say
    texts = await _texts(bot, buyer.chat_id)
    _no_stale_words(texts)
    assert sum("Order placed" in t for t in texts) == 1
    assert not any("has not answered yet" in t or "Checked with the platform" in t for t in texts)


async def test_a_lost_answer_settled_later_is_one_final_message(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="LATER-1")
    await bot.fault(endpoint="taobao.order.create", kind="commit_late", commit_after_ms=1500)
    await buyer.taps("Confirm", "has not answered yet", timeout=15)
    await buyer.expect("<b>was created</b>", timeout=20)
    await asyncio.sleep(2.5)  # another round of the re-check job
    texts = await _texts(bot, buyer.chat_id)
    _no_stale_words(texts)
    finals = [t for t in texts if "Checked with the platform" in t or "Order placed" in t]
    assert len(finals) == 1 and "<b>was created</b>" in finals[0]


async def test_a_group_orders_lost_answer_is_settled_once_on_the_card_and_in_each_chat(stack):
    alice, boss = await start_team(stack)
    alice_private = stack.user(BUYER, first_name="Alice")
    await alice_private.says("/start", "Hello")
    card = await card_from(alice)
    await stack.fault(endpoint="taobao.order.create", kind="commit_late", commit_after_ms=1500)
    await boss.press("Approve", message=card)
    await alice.expect("has not answered yet", timeout=15)  # the card says it is checking
    told = await alice_private.expect("<b>was created</b>", timeout=20)
    assert "#1" in told["params"]["text"]
    await asyncio.sleep(2.5)
    shown = await message(alice, card["message_id"])
    assert "Order placed — platform order no." in shown["text"]
    for chat_id in (alice.chat_id, alice_private.chat_id):
        texts = await _texts(stack, chat_id)
        _no_stale_words(texts)
        sent = [t for t in texts if "Checked with the platform" in t]
        assert len(sent) == 1 and "<b>was created</b>" in sent[0]
    assert len(await stack.platform_orders()) == 1  # looked up, never created twice
