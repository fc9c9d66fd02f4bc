"""Double taps, restarts, platform refusals, lost answers, Telegram flood limits, strangers."""

from __future__ import annotations

import asyncio

import sqlite_utils

from tests.e2e.flows import ADDRESS_BLOCK, to_address, to_preview
from tests.e2e.harness import BUYER, STRANGER

BOXES = "https://item.taobao.com/item.htm?id=672405588190"  # 2 in stock


async def test_double_tap_on_confirm_creates_one_order(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer)
    panel = await buyer.panel()
    data = bot.sim.button_data(panel, "Confirm")
    # both taps reach Telegram before the bot has answered either
    await bot.sim.press(buyer.chat_id, panel["message_id"], BUYER, data)
    await bot.sim.press(buyer.chat_id, panel["message_id"], BUYER, data)
    await buyer.expect("Order placed", timeout=15)
    await asyncio.sleep(0.5)  # let the second tap be handled too
    assert len(await bot.platform_orders()) == 1
    texts = [m.get("text") or "" for m in await buyer.messages()]
    assert sum("Order placed" in t for t in texts) == 1


async def test_restart_in_the_middle_of_the_address_step_resumes_there(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("step by step", "name")
    await buyer.says("张三", "mobile")
    await buyer.says("13812345678", "Country")
    await bot.restart_bot()
    await buyer.taps("China", "Province")  # the same panel keeps working
    await buyer.says("浙江省", "City")
    await buyer.says("杭州市", "District")
    await buyer.says("余杭区", "Street")
    await buyer.says("文一西路969号", "Postal")
    confirm = await buyer.says("311121", "Use this address")
    assert "张三" in confirm["params"]["text"]  # what was typed before the restart is kept
    assert "+86 138 1234 5678" in confirm["params"]["text"]


async def test_platform_refusal_keeps_the_draft_for_editing(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="REFUSE-1")
    await bot.fault(
        endpoint="taobao.order.create", kind="error_code", code=500, msg="风控拦截: risk control"
    )
    refused = await buyer.taps("Confirm", "refused the order")
    assert "risk control" in refused["params"]["text"]
    assert len(await bot.platform_orders()) == 0
    # the draft is intact: its preview comes back below the refusal, and confirming again (the
    # fault was one-off) places the order
    await buyer.expect("Preview")
    placed = await buyer.taps("Confirm", "Order placed")
    assert "REFUSE-1" in placed["params"]["text"]
    assert len(await bot.platform_orders()) == 1


async def test_per_line_refusal_shows_each_lines_reason(bot):
    first, second = bot.user(BUYER), bot.user(1002)
    await bot.restart_bot_with(ORDERBOT_ALLOWED_USERS=f"{BUYER},1002")
    for member in (first, second):
        await member.says("/neworder", "Which platform")
        await member.taps("Taobao", "Paste a")
        await member.says(BOXES, "How many")  # one SKU: straight to quantity
        await member.says("2", "Subtotal")
        await member.taps("Continue to the address", "Receiver")
        await member.taps("Paste a whole address", "Paste")
        await member.says(ADDRESS_BLOCK, "Use this address")
        await member.taps("Use this address", "Budget")
        await member.taps("Use the total", "come from")
        await member.taps("Skip", "order number")
        await member.taps("Generate one", "Preview")
    await first.taps("Confirm", "Order placed")
    refused = await second.taps("Confirm", "refused the order")
    text = refused["params"]["text"]
    assert "❌ 1." in text and "stock" in text.lower()
    # the refusal stays where Confirm was pressed; below it the lines are checked anew: the
    # boxes are gone now, so the member settles that line (no Confirm) before a preview
    await second.expect("changed since you added")
    panel = await second.panel()
    assert panel["message_id"] > refused["message_id"]
    markup = str(panel["reply_markup"])
    assert "remove the line" in markup and "Confirm" not in markup


async def test_lost_answer_is_reconciled_into_one_order(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="LOST-1")
    await bot.fault(endpoint="taobao.order.create", kind="drop_after_commit")
    placed = await buyer.taps("Confirm", "Order placed", timeout=15)
    assert "first answer was lost" in placed["params"]["text"]
    orders = await bot.platform_orders()
    assert [o["key"] for o in orders] == ["LOST-1"]


async def test_lost_answer_and_platform_down_is_settled_after_restart(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="LOST-2")
    await bot.fault(endpoint="taobao.order.create", kind="drop_after_commit")
    await bot.fault(endpoint="taobao.order.list", kind="http_error", http_status=503, times=3)
    unknown = await buyer.taps("Confirm", "Do not order", timeout=15)
    assert "LOST-2" in unknown["params"]["text"]
    await bot.restart_bot()  # start-up reconciliation finds the order and tells the chat
    settled = await buyer.expect("was created", timeout=15)
    assert "LOST-2" in settled["params"]["text"]
    assert len(await bot.platform_orders()) == 1


async def test_telegram_429_is_absorbed_by_the_rate_limiter(bot):
    buyer = bot.user(BUYER)
    await bot.sim.fault("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    reply = await buyer.says("/help", "How to order", timeout=15)
    assert reply["ok"]
    calls = (await bot.sim.outbox(buyer.chat_id, method="sendMessage"))["calls"]
    assert [c["ok"] for c in calls[-2:]] == [False, True]
    assert calls[-2]["error_code"] == 429


async def test_a_stranger_is_refused_and_told_their_id(bot):
    stranger = bot.user(STRANGER)
    refusal = await stranger.says("/neworder", "not allowed")
    assert str(STRANGER) in refusal["params"]["text"]
    await stranger.says("https://item.taobao.com/item.htm?id=653211874520", "not allowed")
    start = await stranger.says("/start", "Hello")
    assert str(STRANGER) in start["params"]["text"]
    assert len(await bot.platform_orders()) == 0


async def test_preview_while_the_platform_is_down_offers_to_ask_again(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer)
    await buyer.taps("Edit budget", "Budget")
    await bot.fault(endpoint="taobao.order.render", kind="http_error", http_status=503, times=3)
    await buyer.taps("Use the total", "could not price")
    panel = await buyer.panel()
    assert "Confirm" not in str(panel["reply_markup"])
    await buyer.taps("Ask the platform again", "Preview")
    assert "Confirm" in str((await buyer.panel())["reply_markup"])


def _quiet_job(stack):
    """The member's job: it acts half the timeout after their last update."""
    (job,) = [j for j in stack.bot.application.job_queue.jobs() if j.name.startswith("draft-")]
    return job


def _run_now(job) -> None:
    """The job queue is real: the job runs now."""
    job.job.modify(next_run_time=job.next_t.now(job.next_t.tzinfo))


def _fire(job) -> None:
    """Fast-forward: the member's deadline passes, and their job runs."""
    job.data.due = 0.0
    _run_now(job)


def _seconds_to(job) -> float:
    return (job.next_t - job.next_t.now(job.next_t.tzinfo)).total_seconds()


async def _run_early(stack, job):
    """Run the member's job before their deadline; the job it sets for the deadline instead."""
    _run_now(job)
    for _ in range(500):  # until it ran (and set a new one)
        jobs = [j for j in stack.bot.application.job_queue.jobs() if j.name == job.name]
        if jobs and jobs[0] is not job:
            return jobs[0]
        await asyncio.sleep(0.01)
    raise AssertionError("the job did not set itself for the member's deadline")


def _said(calls, text: str) -> list:
    return [c for c in calls if text in str(c["params"].get("text"))]


async def test_a_quiet_draft_gets_a_reminder_then_is_put_aside(stack):
    await stack.start_bot(ORDERBOT_CONVERSATION_TIMEOUT=60)
    buyer = stack.user(BUYER)
    await to_address(buyer)
    job = _quiet_job(stack)  # one for the member, whose deadline each update moves on
    assert 25 <= _seconds_to(job) <= 30
    _fire(job)
    reminder = await buyer.expect("waiting for you")
    assert "/cancel" in reminder["params"]["text"]
    # still quiet half the timeout later: the draft is put aside, out of the conversation
    job = _quiet_job(stack)
    assert 25 <= _seconds_to(job) <= 30
    _fire(job)
    await buyer.expect("put aside after 1 minute without")
    drafts = stack.bot.parts.deps.drafts
    assert drafts.step(BUYER, BUYER) is None and drafts.load(BUYER, BUYER) is not None
    # out of the conversation: an address is no step's input any more (updates of a chat are
    # handled in order, so an answer to it would come before the answer to /neworder)
    await buyer.send(ADDRESS_BLOCK)
    sent_at = stack.sim.mark
    answer = await buyer.says("/neworder", "unfinished order draft")
    calls = (await stack.sim.outbox(BUYER, after=sent_at))["calls"]
    between = [c for c in calls if c["seq"] < answer["seq"]]
    assert not [c for c in between if "Use this address" in str(c["params"].get("text"))]
    # the draft is kept: /neworder offers to continue it
    await buyer.taps("Continue the draft", "Subtotal")


async def test_a_job_due_before_the_members_deadline_waits_for_it(stack):
    """A member's updates move only their deadline; the job, set at the draft's first update,
    finds the member still answering and sets itself for the deadline instead of reminding."""
    await stack.start_bot(ORDERBOT_CONVERSATION_TIMEOUT=60)
    buyer = stack.user(BUYER)
    await to_address(buyer)
    sent_at = stack.sim.mark
    again = await _run_early(stack, _quiet_job(stack))  # the member's last update: moments ago
    assert again.data.stage == "remind" and 25 <= _seconds_to(again) <= 30
    assert not _said((await stack.sim.outbox(BUYER, after=sent_at))["calls"], "waiting for you")
    _fire(again)  # quiet from here on: the reminder comes when the deadline passes
    await buyer.expect("waiting for you")


async def _reminded(stack):
    """A buyer at the address step who went quiet and was reminded (a one-minute timeout)."""
    await stack.start_bot(ORDERBOT_CONVERSATION_TIMEOUT=60)
    buyer = stack.user(BUYER)
    await to_address(buyer)
    _fire(_quiet_job(stack))
    await buyer.expect("waiting for you")
    return buyer


async def test_a_member_who_answers_in_time_is_not_put_aside(stack):
    buyer = await _reminded(stack)
    await buyer.taps("Paste a whole address", "Paste the whole address")  # back in time
    sent_at = stack.sim.mark
    # the job that would put the draft aside comes when it was set for, and finds the member
    # answered: a new quiet spell, which starts with a reminder again
    again = await _run_early(stack, _quiet_job(stack))
    assert again.data.stage == "remind" and 25 <= _seconds_to(again) <= 30
    assert not _said((await stack.sim.outbox(BUYER, after=sent_at))["calls"], "put aside")
    await buyer.says(ADDRESS_BLOCK, "Use this address")


async def test_a_draft_put_aside_has_no_reminder_whatever_the_member_does(stack):
    buyer = await _reminded(stack)
    _fire(_quiet_job(stack))
    await buyer.expect("put aside after 1 minute without")
    await buyer.says("/help", "/neworder")  # out of the conversation: nothing to remind of
    assert not [j for j in stack.bot.application.job_queue.jobs() if j.name.startswith("draft-")]


def _inbox_rows(stack) -> dict[int, tuple[int, str | None]]:
    """update id → (tries counted, outcome) of every update the bot stored."""
    db = sqlite_utils.Database(stack.db_path)
    try:
        rows = db.execute("SELECT update_id, attempts, outcome FROM inbox").fetchall()
    finally:
        db.close()
    return {update_id: (attempts, outcome) for update_id, attempts, outcome in rows}


def _reopen(stack, update_id: int, tries: int = 0) -> None:
    """As if the bot had died handling the update, `tries` restarts in a row."""
    db = sqlite_utils.Database(stack.db_path)
    try:
        db.execute(
            "UPDATE inbox SET done_at = NULL, outcome = NULL, attempts = ? WHERE update_id = ?",
            (tries, update_id),
        )
    finally:
        db.close()


async def test_an_update_open_at_a_restart_is_handled_again_and_a_poison_one_given_up(stack):
    """Tries are counted for updates handled again after a restart (the run in which an update
    first came is not counted); one that crashed the bot after three restarts is closed."""
    await stack.start_bot()
    buyer = stack.user(BUYER)
    await buyer.says("/help", "/neworder")
    answered = await buyer.says("/start", "/neworder")
    help_id, start_id = sorted(_inbox_rows(stack))
    assert _inbox_rows(stack)[help_id] == (0, "handled")
    await stack.stop_bot()
    _reopen(stack, help_id)  # died while answering /help
    _reopen(stack, start_id, tries=3)  # crashed the bot after three restarts
    await stack.start_bot()
    for _ in range(500):  # until the replay is closed
        if _inbox_rows(stack)[help_id][1] is not None:
            break
        await asyncio.sleep(0.01)
    assert _inbox_rows(stack)[help_id] == (1, "handled")
    assert _inbox_rows(stack)[start_id] == (3, "given up")
    calls = (await stack.sim.outbox(BUYER, after=answered["seq"]))["calls"]
    (again,) = [c for c in calls if c["method"] == "sendMessage"]  # not /start's answer
    assert "/neworder" in again["params"]["text"]
