"""/bulk: order from a spreadsheet. A durable flow (its state and step stored before every
answer): send the file → every row checked → (one receiver for rows without one) → summary,
with a copy of the sheet that names each bad row's problem → skip bad rows or send a fixed file
→ preview per seller (1688) and per order (Taobao) → Confirm, or an approver's decision in a
group → submission in the background (handlers/bulk_progress.py).

Callback prefix `bk:` — `bk:skip`, `bk:ok`, `bk:x` (cancel), `bk:adr:<id>` (a saved address);
the approval card's `bk:y:<job>` / `bk:n:<job>` are handlers/bulk_approval.py's.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, ConversationHandler

from bot.bulk import BulkOrders
from bot.bulk_check import CheckedSheet, RequestRate, SheetChecker, read_sheet_rows
from bot.domain.errors import InputError
from bot.domain.receiver import Receiver, build_receiver, parse_address_block
from bot.domain.sheet_rows import SheetError
from bot.i18n import Html, Translator
from bot.session import FlowSession, durable_flow
from bot.sheet_files import CSV_MIME, XLSX_MIME, read_sheet, sheet_format, template, write_sheet
from handlers import bulk_approval, bulk_preview
from handlers.access import requires_access
from handlers.approval_cards import actor_of
from handlers.bulk_preview import plain, problem_text
from handlers.common import (
    answer,
    deps,
    drop_state,
    input_error_text,
    load_state,
    say,
    show_panel,
    translator,
)

log = logging.getLogger(__name__)

UPLOAD, RECEIVER, CHECKED, PREVIEW = "upload", "receiver", "checked", "preview"
MAX_LISTED_PROBLEMS = 10


class BulkSession(FlowSession):
    file_name: str = ""
    file_format: str = "xlsx"
    sheet: CheckedSheet | None = None
    skip_bad: bool = False


BULK = durable_flow("bulk", BulkSession)


def bulk_orders(context: ContextTypes.DEFAULT_TYPE) -> BulkOrders:
    service = deps(context).bulk
    assert service is not None, "build_application wires BulkOrders"
    return service


def load_bulk(update: Update, context) -> BulkSession:
    return load_state(update, context, BULK)


async def _panel(update, context, session: BulkSession, text: str, markup, step: str) -> str:
    return await show_panel(update, context, session, text, markup, step=step, flow=BULK)


def _cancel_row(tr: Translator) -> list[Button]:
    return [Button(tr("btn.cancel"), callback_data="bk:x")]


# --- /bulk and the templates ---------------------------------------------------------------


@requires_access
async def start_bulk(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    settings = deps(context).settings
    chat_id = update.effective_chat.id
    for file_format, mime in (("xlsx", XLSX_MIME), ("csv", CSV_MIME)):
        name = f"orderbot-template.{file_format}"
        try:
            await context.bot.send_document(
                chat_id, InputFile(template(file_format), filename=name, attach=True)
            )
        except TelegramError as exc:
            log.warning("bulk template %s not sent: %s (%s)", name, exc, mime)
    text = tr(
        "bulk.explain",
        rows=settings.bulk_max_rows,
        size_kb=settings.bulk_max_bytes // 1024,
    )
    return await _panel(update, context, BulkSession(), text, Markup([_cancel_row(tr)]), UPLOAD)


# --- the file ------------------------------------------------------------------------------


@requires_access
async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A spreadsheet (at any step: a fixed file replaces the one before)."""
    tr = translator(update, context)
    settings = deps(context).settings
    document = update.message.document
    file_format = sheet_format(document.file_name or "")
    if file_format is None:
        await say(update, context, tr("bulk.err.format"))
        return None
    if (document.file_size or 0) > settings.bulk_max_bytes:
        await say(update, context, tr("bulk.err.size", size_kb=settings.bulk_max_bytes // 1024))
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        content = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("bulk file not downloaded: %s", exc)
        await say(update, context, tr("bulk.err.download"))
        return None
    if len(content) > settings.bulk_max_bytes:
        await say(update, context, tr("bulk.err.size", size_kb=settings.bulk_max_bytes // 1024))
        return None
    try:
        sheet = read_sheet_rows(read_sheet(content, file_format, settings.bulk_max_rows))
    except SheetError as exc:
        await say(update, context, problem_text(tr, exc.problem))
        return None
    if not sheet.rows:
        await say(update, context, tr("sheet.err.empty"))
        return None
    session = load_bulk(update, context)
    session.file_name = document.file_name or f"orders.{file_format}"
    session.file_format = file_format
    session.sheet, session.skip_bad = sheet, False
    # The check does not wait for the notice: Telegram may hold a chat's message for a
    # moment (its per-chat limit). The summary, or the check's error, still comes after it,
    # and a notice that cannot be sent stops the check.
    notice = tr("bulk.checking", rows=tr.count("count.rows", len(sheet.rows)))
    check = asyncio.create_task(_check(context, sheet))
    try:
        await say(update, context, notice)
    except BaseException:
        check.cancel()
        raise
    await check
    if _needs_receiver(sheet):
        return await ask_receiver(update, context, session)
    return await show_summary(update, context, session)


def _checker(context) -> SheetChecker:
    settings = deps(context).settings
    rate = RequestRate(settings.bulk_check_rps, settings.bulk_concurrency)
    return SheetChecker(deps(context).catalog, rate)


def _needs_receiver(sheet: CheckedSheet) -> bool:
    return bool(sheet.rows_without_receiver) and sheet.default_receiver is None


async def _check(context, sheet: CheckedSheet) -> None:
    """Every row looked up; quoted too, unless rows wait for the one receiver for all."""
    checker = _checker(context)
    await checker.look_up(sheet)
    if not _needs_receiver(sheet):
        await _quote(checker, sheet)


async def _quote(checker: SheetChecker, sheet: CheckedSheet) -> None:
    checker.plan(sheet)
    await checker.quote(sheet)


# --- one receiver for every row without one --------------------------------------------------


async def ask_receiver(update, context, session: BulkSession):
    tr = translator(update, context)
    count = len(session.sheet.rows_without_receiver) if session.sheet else 0
    saved = deps(context).addresses.list(update.effective_user.id)[:6]
    rows = [[Button(f"📍 {a.label}"[:40], callback_data=f"bk:adr:{a.id}")] for a in saved]
    rows.append(_cancel_row(tr))
    text = tr("bulk.ask_receiver", rows=tr.count("count.rows", count))
    return await _panel(update, context, session, text, Markup(rows), RECEIVER)


async def on_receiver_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_bulk(update, context)
    parsed = parse_address_block(update.message.text or "")
    if not parsed.complete:
        await say(update, context, tr("sheet.err.receiver", missing=", ".join(parsed.missing)))
        return None
    try:
        receiver = build_receiver(**parsed.found())
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    return await _use_receiver(update, context, session, receiver)


async def on_saved_receiver(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_bulk(update, context)
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    entry = deps(context).addresses.get(update.effective_user.id, address_id)
    if entry is None:
        await answer(update, tr("err.address.gone"), alert=True)
        return None
    await answer(update)
    return await _use_receiver(
        update, context, session, Receiver.model_validate_json(entry.receiver_json)
    )


async def _use_receiver(update, context, session: BulkSession, receiver: Receiver):
    if session.sheet is None:
        return await start_bulk(update, context)
    session.sheet.default_receiver = receiver
    await _quote(_checker(context), session.sheet)
    return await show_summary(update, context, session)


# --- summary, skip, preview, confirm ---------------------------------------------------------


async def show_summary(update, context, session: BulkSession):
    """Rows OK and rows with errors; with errors, the sheet back with an "error" column."""
    tr = translator(update, context)
    sheet = session.sheet
    assert sheet is not None
    bad = [] if session.skip_bad else sheet.bad_rows
    if not bad:
        return await show_preview(update, context, session)
    await _send_error_sheet(update, context, session, tr)
    listed = [
        tr("bulk.problem_line", row=row.row_no, problem=problem_text(tr, row.problem))
        for row in bad[:MAX_LISTED_PROBLEMS]
        if row.problem is not None
    ]
    more = len(bad) - len(listed)
    if more > 0:
        listed.append(tr("bulk.more_problems", count=more))
    problems = Html("\n".join(listed))
    text = tr(
        "bulk.summary",
        ok=tr.count("count.rows", len(sheet.good_rows)),
        bad=len(bad),
        problems=problems,
    )
    rows = []
    if sheet.orders:
        rows.append(
            [Button(tr("btn.bulk_skip", count=len(sheet.good_rows)), callback_data="bk:skip")]
        )
    rows.append(_cancel_row(tr))
    return await _panel(update, context, session, text, Markup(rows), CHECKED)


async def _send_error_sheet(update, context, session: BulkSession, tr: Translator) -> None:
    sheet = session.sheet
    width = len(sheet.header)
    header = [*sheet.header, tr("bulk.col.error")]
    body = []
    for row in sheet.rows:
        problem = plain(problem_text(tr, row.problem)) if row.problem else ""
        body.append([*(list(row.cells) + [""] * width)[:width], problem])
    stem = session.file_name.rsplit(".", 1)[0]
    name = f"{stem}-errors.{session.file_format}"
    content = write_sheet(header, body, session.file_format)
    try:
        await context.bot.send_document(
            update.effective_chat.id,
            InputFile(content, filename=name, attach=True),
            caption=tr("bulk.errors_caption", rows=tr.count("count.rows", len(sheet.bad_rows))),
        )
    except TelegramError as exc:
        log.warning("bulk error sheet not sent: %s", exc)


async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_bulk(update, context)
    await answer(update)
    if session.sheet is None:
        return await start_bulk(update, context)
    session.skip_bad = True
    # The good rows of an order that had a bad row make up their order again, without it.
    await _quote(_checker(context), session.sheet)
    if not session.sheet.orders:
        session.skip_bad = False
        return await show_summary(update, context, session)
    return await show_preview(update, context, session)


async def show_preview(update, context, session: BulkSession):
    tr = translator(update, context)
    sheet = session.sheet
    assert sheet is not None
    before = [o for o in sheet.orders if _known_key(context, o.key)]
    text = bulk_preview.preview_text(tr, sheet, known=len(before))
    in_group = update.effective_chat.type != "private"
    label = (
        tr("btn.bulk_request_approval")
        if in_group
        else tr("btn.bulk_confirm", orders=tr.count("count.orders", len(sheet.orders)))
    )
    rows = [[Button(label, callback_data="bk:ok")], _cancel_row(tr)]
    return await _panel(update, context, session, text, Markup(rows), PREVIEW)


def _known_key(context, key: str) -> bool:
    d = deps(context)
    if d.service.orders.by_seller_order_number(key) is not None:
        return True
    return d.batches is not None and d.batches.batches.by_key(key) is not None


@requires_access
async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Store the job (every row with its order's key) and submit in the background — or, in
    a group, post the approval card first."""
    tr = translator(update, context)
    session = load_bulk(update, context)
    sheet = session.sheet
    if sheet is None or not sheet.orders:
        await answer(update, tr("err.menu_expired"))
        return None
    in_group = update.effective_chat.type != "private"
    approvals = deps(context).approvals
    needs_approval = in_group and not (approvals and approvals.skips_approval(sheet.total_fen))
    job = bulk_orders(context).create_job(
        sheet,
        chat_id=update.effective_chat.id,
        requester_id=update.effective_user.id,
        requester_name=actor_of(update.effective_user).name,
        file_name=session.file_name,
        file_format=session.file_format,
        needs_approval=needs_approval,
    )
    drop_state(update, context, BULK)
    message = update.callback_query.message
    if needs_approval:
        await answer(update, tr("approval.answer.sending"))
        await bulk_approval.post_card(context, job, message)
        return ConversationHandler.END
    await answer(update, tr("bulk.started_short"))
    bulk_orders(context).jobs.set_progress_message(job.id, message.message_id)
    bulk_orders(context).start(job.id)
    return ConversationHandler.END


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_bulk(update, context)
    drop_state(update, context, BULK)
    query = update.callback_query
    if query is not None:
        await answer(update)
        if query.message is not None and query.message.message_id == session.panel_message_id:
            await query.message.edit_text(tr("bulk.cancelled"))
            return ConversationHandler.END
    await say(update, context, tr("bulk.cancelled"))
    return ConversationHandler.END
