"""Spreadsheet orders end to end: /bulk sends the templates; a 200-row XLSX with five bad rows
comes back with an "error" column; skip → preview → Confirm → live progress → a result sheet
with one row per input row; the same file again places nothing twice; a GBK CSV; a restart in
the middle of a submission; a group's bulk order approved as a whole."""

from __future__ import annotations

import asyncio

from tests.e2e.harness import BUYER, Member
from tests.e2e.sheets import bad_rows, csv_bytes, read_back, taobao_rows, xlsx

APPROVER = 2002
GROUP = -100777


async def _send_file(buyer: Member, name: str, content: bytes) -> None:
    await buyer.sim.send_document(
        buyer.chat_id, buyer.user_id, name, content, chat_type=buyer.chat_type, first_name="Buyer"
    )


async def _document(bot, call) -> tuple[str, bytes]:
    document = call["result"]["document"]
    return document["file_name"], await bot.sim.file(document["file_id"])


async def _expect_document(bot, buyer: Member, *, timeout: float = 30) -> dict:
    return await bot.sim.wait_for(
        buyer.chat_id, method="sendDocument", predicate=lambda c: c.get("ok"), timeout=timeout
    )


async def _wait_done(buyer: Member, *, timeout: float = 60) -> dict:
    return await buyer.expect("done</b>", timeout=timeout)


async def test_bulk_xlsx_with_five_bad_rows_then_same_file_twice(stack):
    bot = stack
    await stack.start_bot(ORDERBOT_BULK_CHECK_RPS=200)
    buyer = bot.user(BUYER)
    await buyer.send("/bulk")
    template = await _expect_document(bot, buyer)
    assert template["result"]["document"]["file_name"] == "orderbot-template.xlsx"
    await buyer.expect("Order from a spreadsheet")
    rows = taobao_rows(195)
    rows[10:10] = bad_rows()  # spreadsheet rows 12..16 are the bad ones
    content = xlsx(rows)
    await _send_file(buyer, "orders.xlsx", content)
    errors_call = await _expect_document(bot, buyer)
    name, errors = await _document(bot, errors_call)
    assert name == "orders-errors.xlsx"
    table = read_back(errors, name)
    assert table[0][-1] == "error" and len(table) == 201
    flagged = {n + 1: row[-1] for n, row in enumerate(table) if n and row[-1]}
    assert sorted(flagged) == [12, 13, 14, 15, 16], flagged
    assert "not found" in flagged[12] and "quantity" in flagged[13]
    assert "紫色" in flagged[14] and "at least 10" in flagged[15] and "cap" in flagged[16]
    summary = await buyer.expect("Checked", timeout=60)
    assert "195 rows OK" in summary["params"]["text"]
    await buyer.taps("Skip bad rows", "Preview")
    panel = await buyer.panel()
    assert "195 orders from 195 rows" in panel["text"] and "fen)" in panel["text"]
    await buyer.press("Place 195 orders")
    await _wait_done(buyer)
    result_call = await _expect_document(bot, buyer)
    name, result = await _document(bot, result_call)
    table = read_back(result, name)
    assert len(table) == 201  # one row per input row
    states = [row[-2] for row in table[1:]]
    assert states.count("placed") == 195 and states.count("skipped") == 5
    orders = await bot.platform_orders()
    assert len(orders) == 195
    # the same file again: every good row is known, nothing is placed twice
    await buyer.send("/bulk")
    await buyer.expect("Order from a spreadsheet")
    await _send_file(buyer, "orders.xlsx", content)
    await buyer.expect("Checked", timeout=60)
    preview = await buyer.taps("Skip bad rows", "Preview")
    assert "not placed again: 195 orders" in preview["params"]["text"]
    await buyer.press("Place 195 orders")
    done = await _wait_done(buyer)
    assert "195 placed before" in done["params"]["text"]
    assert len(await bot.platform_orders()) == 195


async def test_bulk_gbk_csv_with_one_receiver_for_all(bot):
    """Sent straight into the private chat: a spreadsheet starts the flow without /bulk."""
    buyer = bot.user(BUYER)
    rows = taobao_rows(6, receiver="")
    rows.append(["淘宝", "653211874520", "颜色分类:白色;尺码:L", "2", "", "", "SAME-1"])
    rows.append(["淘宝", "653211874520", "黑色 / M", "1", "", "", "SAME-1"])
    header = ["平台", "商品链接或ID", "规格", "数量", "单价上限", "收货人", "你的订单号"]
    await _send_file(buyer, "订单.csv", csv_bytes(rows, "gbk", header))
    await buyer.expect("No receiver is given on 8 rows")
    await buyer.says("李四 13900001111 上海市浦东新区世纪大道100号 200120", "Preview")
    panel = await buyer.panel()
    assert "7 orders from 8 rows" in panel["text"]
    await buyer.press("Place 7 orders")
    await _wait_done(buyer)
    name, result = await _document(bot, await _expect_document(bot, buyer))
    assert name == "订单-result.csv"
    table = read_back(result, name)
    assert [row[-2] for row in table[1:]] == ["placed"] * 8
    assert table[7][-4] == table[8][-4]  # the two rows of SAME-1 are one order
    orders = await bot.platform_orders()
    assert len(orders) == 7
    assert all(o["receiver"] and "李四" in str(o["receiver"]) for o in orders)


async def test_restart_during_submission_resumes_without_duplicates(stack):
    await stack.start_bot(ORDERBOT_BULK_CONCURRENCY=2)
    await stack.fault(endpoint="taobao.order.create", kind="latency", latency_ms=150, times=0)
    buyer = stack.user(BUYER)
    await buyer.send("/bulk")
    await buyer.expect("Order from a spreadsheet")
    await _send_file(buyer, "big.xlsx", xlsx(taobao_rows(40)))
    await buyer.expect("Preview", timeout=30)
    await buyer.taps("Place 40 orders", "submitting", timeout=30)
    while len(await stack.platform_orders()) < 8:
        await asyncio.sleep(0.1)
    await stack.restart_bot()  # mid-way: some orders placed, the rest not yet
    assert 8 <= len(await stack.platform_orders()) < 40
    await _wait_done(buyer)
    name, result = await _document(stack, await _expect_document(stack, buyer))
    table = read_back(result, name)
    assert [row[-2] for row in table[1:]] == ["placed"] * 40
    orders = await stack.platform_orders()
    assert len(orders) == 40 and len({o["key"] for o in orders}) == 40


async def test_group_bulk_order_is_approved_as_a_whole(stack):
    await stack.start_bot(ORDERBOT_ALLOWED_CHATS=str(GROUP), ORDERBOT_APPROVERS=str(APPROVER))
    buyer = stack.user(BUYER, chat_id=GROUP, chat_type="group")
    approver = stack.user(APPROVER, chat_id=GROUP, chat_type="group", first_name="Boss")
    await buyer.send("/bulk")
    await buyer.expect("Order from a spreadsheet")
    await _send_file(buyer, "team.xlsx", xlsx(taobao_rows(5)))
    await buyer.expect("Preview", timeout=30)
    await buyer.taps("Ask for approval", "Approval request")
    assert await stack.platform_orders() == []
    card = await buyer.panel()
    await buyer.press("Approve", message=card)  # the requester may not approve their own
    assert await stack.platform_orders() == []
    await approver.press("Approve", message=card)
    await approver.expect("done</b>", timeout=30)
    assert len(await stack.platform_orders()) == 5


async def test_bad_files_and_stale_buttons_keep_the_step(stack):
    await stack.start_bot(ORDERBOT_BULK_MAX_BYTES=4096)
    buyer = stack.user(BUYER)
    await buyer.send("/bulk")
    await buyer.expect("Order from a spreadsheet")
    panel = await buyer.panel()
    await _send_file(buyer, "orders.pdf", b"%PDF-1.4")
    await buyer.expect(".xlsx or .csv")
    await _send_file(buyer, "orders.xlsx", b"PK\x03\x04 not a workbook")
    await buyer.expect("cannot be read as a spreadsheet")
    await _send_file(buyer, "big.csv", b"a" * 5000)
    await buyer.expect("too large")
    await _send_file(buyer, "cols.csv", b"sku,price\nx,1\n")
    await buyer.expect("no column for")
    await buyer.says("hello", "Send the filled spreadsheet as a file")
    # a forged or stale button is answered "expired" and changes nothing
    await stack.sim.press(BUYER, panel["message_id"], BUYER, "bk:ok", forged=True)
    await stack.sim.press(BUYER, panel["message_id"], BUYER, "bk:y:999", forged=True)
    await stack.sim.wait_for(BUYER, method="answerCallbackQuery")
    # a restart on the preview step resumes there; Confirm still works
    await _send_file(buyer, "ok.csv", csv_bytes(taobao_rows(2), "utf-8"))
    await buyer.expect("Preview", timeout=30)
    await stack.restart_bot()
    await buyer.press("Place 2 orders")
    await _wait_done(buyer)
    assert len(await stack.platform_orders()) == 2


async def _platform_calls(stack, endpoint: str) -> int:
    response = await stack.control.get("/_sandbox/stats")
    response.raise_for_status()
    return response.json()["requests"].get(endpoint, 0)


async def _until(condition, *, within: float) -> bool:
    """Whether `condition()` (async) comes true within `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if await condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_check_and_submission_do_not_wait_for_telegram(stack):
    """Telegram holding the "Checking…" notice, then the first progress edit, for some
    seconds (as its per-chat limit can): the rows are quoted and the orders placed meanwhile,
    and every message still comes, in order."""
    held = 4.0  # below the bot's 5 s read timeout for a Bot API call
    await stack.start_bot()
    buyer = stack.user(BUYER)
    await buyer.send("/bulk")
    await buyer.expect("Order from a spreadsheet")
    await stack.sim.fault("sendMessage", delay=held)  # the notice
    await _send_file(buyer, "six.xlsx", xlsx(taobao_rows(6)))

    async def quoted() -> bool:
        return await _platform_calls(stack, "taobao.order.render") >= 6

    assert await _until(quoted, within=held - 1), "the check waited for the notice"
    await buyer.expect("Checking", timeout=held + 10)
    await buyer.expect("Preview", timeout=30)
    await stack.sim.fault("editMessageText", delay=held)  # the preview becomes the progress

    async def placed() -> bool:
        return len(await stack.platform_orders()) == 6

    await buyer.press("Place 6 orders")
    assert await _until(placed, within=held - 1), "the creates waited for the progress message"
    await _wait_done(buyer, timeout=held + 30)
    name, result = await _document(stack, await _expect_document(stack, buyer))
    assert [row[-2] for row in read_back(result, name)[1:]] == ["placed"] * 6
