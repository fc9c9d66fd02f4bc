"""What a fault campaign found with hostile input, each reproduced: the gate failing open, huge
echoes, forged callback data, control characters in stored text."""

from __future__ import annotations

import asyncio

import sqlite_utils
from telegram.error import InvalidToken

from tests.e2e.flows import ADDRESS_BLOCK, place_order, to_address
from tests.e2e.harness import BUYER

OTHER = 4242
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def _order(stack, key: str) -> dict:
    response = await stack.control.get(f"/_sandbox/orders/{key}")
    response.raise_for_status()
    return response.json()


async def test_a_removed_member_cannot_cancel_with_a_stale_button_when_answering_fails(stack):
    await stack.start_bot()
    buyer = stack.user(BUYER)
    await place_order(buyer, "GATE-1")
    await buyer.says("/status #1", "Awaiting payment")
    reasons = await buyer.taps("Cancel order", "Why cancel")
    # the operator removes the buyer; Telegram then refuses to answer the stale press
    await stack.restart_bot_with(ORDERBOT_ALLOWED_USERS=str(OTHER))
    await stack.sim.fault("answerCallbackQuery", 400, QUERY_TOO_OLD, times=5)
    data = stack.sim.button_data(reasons, "Ordered twice")
    await stack.sim.press(BUYER, reasons["result"]["message_id"], BUYER, data)
    await asyncio.sleep(1.0)
    assert (await _order(stack, "GATE-1"))["status"] == "WAIT_BUYER_P"  # not cancelled
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("Cancelled:" in t for t in texts)
    requests = (await stack.control.get("/_sandbox/stats")).json()["requests"]
    assert "taobao.order.cancel" not in requests


async def test_the_gate_stops_a_refused_press_whatever_its_answer_does(stack):
    """The gate itself, not only the second lock on money: any handler stays out of reach."""
    await stack.start_bot()
    buyer = stack.user(BUYER)
    panel = await buyer.says("/neworder", "Which platform")
    await stack.restart_bot_with(ORDERBOT_ALLOWED_USERS=str(OTHER))
    await stack.sim.fault("answerCallbackQuery", 400, QUERY_TOO_OLD, times=5)
    data = stack.sim.button_data(panel, "Taobao")
    await stack.sim.press(BUYER, panel["result"]["message_id"], BUYER, data)
    await asyncio.sleep(1.0)
    messages = await buyer.messages()
    assert "Which platform" in messages[-1]["text"]  # the panel did not move on
    assert not any("Paste a" in (m.get("text") or "") for m in messages)


async def test_a_long_status_or_track_argument_is_echoed_shortened(bot):
    buyer = bot.user(BUYER)
    for command in ("/status", "/track"):
        text = f"{command} " + "A" * (4096 - len(command) - 1)  # as long as Telegram allows
        answer = await buyer.says(text, "No order")
        echoed = answer["params"]["text"]
        assert len(echoed) < 200 and "…" in echoed
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("went wrong" in t for t in texts)


FORGED = (
    ("o:c:99999999999999999999999999", "expired"),  # an id beyond SQLite's integer
    ("o:py:1", "No order"),  # well formed, but no such order here
    ("ap:y:99999999999999999999999", "expired"),
    ("n:sku:99999999999999999", "expired"),
    ("n:adr:-5", "expired"),
    ("ab:del:123456789012345678901234", "expired"),
    ("lang:xx", ""),  # a language the bot does not have: answered, nothing changes
    ("zz", "expired"),
    ("💥", "expired"),
)


async def test_forged_callback_data_is_answered_expired_never_an_error(bot):
    buyer = bot.user(BUYER)
    panel = await buyer.says("/neworder", "Which platform")
    message_id = panel["result"]["message_id"]
    for data, said in FORGED:
        await bot.sim.press(BUYER, message_id, BUYER, data, forged=True)
        answered = await bot.sim.wait_for(None, "answerCallbackQuery", timeout=10)
        assert answered["ok"], data
        assert said in (answered["params"].get("text") or ""), data
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert not any("went wrong" in t for t in texts)
    await buyer.taps("Taobao", "Paste a")  # the real panel still works


async def test_control_characters_never_reach_the_stored_receiver(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    hostile = ADDRESS_BLOCK.replace("张三", "张\u202e三\x00\u200b").replace("文一", "文\x1b[31m一")
    confirm = await buyer.says(hostile, "Use this address")
    text = confirm["params"]["text"]
    for bad in ("\u202e", "\x00", "\u200b", "\x1b"):
        assert bad not in text
    assert "张三" in text


async def test_a_malformed_update_is_kept_and_closed_and_polling_goes_on(stack):
    """Telegram sending a message update PTB cannot read (no chat): it is stored, closed as
    unreadable, and the next update is answered as usual."""
    await stack.start_bot()
    bad = await stack.sim.raw_update("message", {"message_id": 1, "text": "no chat, no date"})
    buyer = stack.user(BUYER)
    await buyer.says("/help", "/neworder")
    db = sqlite_utils.Database(stack.db_path)
    try:
        query = "SELECT outcome FROM inbox WHERE update_id = ?"
        assert db.execute(query, (bad["update_id"],)).fetchone() == ("unreadable",)
    finally:
        db.close()


async def test_a_token_revoked_while_polling_stops_the_poller_as_refused(stack):
    """Telegram refusing the token in the middle of a run (401): polling stops and says why,
    so `orderbot run` ends with its "token refused" line instead of retrying for ever."""
    bot = await stack.start_bot()
    await stack.sim.fault("getUpdates", 401, "Unauthorized", times=20)
    assert bot.poller is not None
    await asyncio.wait_for(bot.poller.stopped.wait(), timeout=30)
    assert isinstance(bot.poller.failed, InvalidToken)
