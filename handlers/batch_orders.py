"""A 1688 order across sellers, on Telegram: Confirm places it in one batch create; the result
and the `#B12` card show one line per seller order, with "💳 Pay all" and each order's card.

Callback prefix `bo:` (the batch card: `bo:<batch id>`); Pay all is handlers/bulk_pay.py's.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler

from bot.batches import BatchOutcome, BatchService
from bot.domain.status import Action, BuyerStatus, allowed_actions
from bot.i18n import Html, Translator
from bot.session import OrderSession
from handlers import bulk_approval, keyboards, states
from handlers import callback_data as cd
from handlers.approval_cards import actor_of
from handlers.common import (
    answer,
    deps,
    drop_session,
    edit_text,
    recheck_minutes,
    save_session,
    translator,
)
from handlers.order_card import status_label
from handlers.render import money
from storage.batches import StoredBatch, batch_ref_id

log = logging.getLogger(__name__)

BATCH_CARD = rf"^bo:({cd.ID})$"
MAX_ORDER_BUTTONS = 6


def batch_service(context: ContextTypes.DEFAULT_TYPE) -> BatchService:
    service = deps(context).batches
    assert service is not None, "build_application wires the BatchService"
    return service


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    """Confirm of a private multi-seller preview: one batch create, one result per seller."""
    tr = translator(update, context)
    query = update.callback_query
    quote = session.quote
    postage = {block.seller_id: block.postage_fen for block in quote.sellers} if quote else {}
    if update.effective_chat.type != "private":
        return await _request_approval(update, context, session, postage)
    await answer(update, tr("note.submitting"))
    await edit_text(query.message, tr("note.submitting"))
    try:
        outcome = await batch_service(context).submit(
            session.draft,
            chat_id=update.effective_chat.id,
            requester_id=update.effective_user.id,
            postage_by_seller=postage,
        )
    except Exception:
        log.exception("batch %s failed unexpectedly", session.draft.seller_order_number)
        await edit_text(
            query.message, tr("err.submit_crashed"), keyboards.preview(tr, can_confirm=True)
        )
        return states.PREVIEW
    text, markup = batch_view(tr, context, outcome)
    await edit_text(query.message, text, markup)
    if outcome.placed or outcome.any_open:
        drop_session(update, context)
        return ConversationHandler.END
    # Nothing was placed: the preview stays, so the member can change it and try again.
    await edit_text(query.message, text, keyboards.preview(tr, can_confirm=True))
    save_session(update, context, session)
    return states.PREVIEW


async def _request_approval(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession, postage
):
    """In a group the batch is approved as a whole first (handlers/bulk_approval.py), like a
    spreadsheet order; small enough orders go straight on (ORDERBOT_AUTO_APPROVE_FEN)."""
    tr = translator(update, context)
    d = deps(context)
    draft = session.draft
    needs_approval = not (d.approvals and d.approvals.skips_approval(draft.total_fen))
    job = d.bulk.create_draft_job(
        draft,
        postage,
        chat_id=update.effective_chat.id,
        requester_id=update.effective_user.id,
        requester_name=actor_of(update.effective_user).name,
        needs_approval=needs_approval,
    )
    drop_session(update, context)
    message = update.callback_query.message
    if needs_approval:
        await answer(update, tr("approval.answer.sending"))
        await bulk_approval.post_card(context, job, message)
    else:
        await answer(update, tr("bulk.started_short"))
        d.bulk.jobs.set_progress_message(job.id, message.message_id)
        d.bulk.start(job.id)
    return ConversationHandler.END


def batch_view(
    tr: Translator, context: ContextTypes.DEFAULT_TYPE, outcome: BatchOutcome
) -> tuple[str, Markup | None]:
    """The batch as one line per seller order (placed: its numbers; refused: the reason;
    unknown: being checked), its total, and the buttons: Pay all, each order's card."""
    batch = outcome.batch
    lines = [tr("batch.result_title", ref=batch.ref, count=len(outcome.sellers)), ""]
    total = 0
    payable = 0
    buttons = []
    for number, seller in enumerate(outcome.sellers, start=1):
        result = seller.outcome
        order = deps(context).service.orders.get(result.order_id)
        name = seller.name
        if result.kind == "submitted" and order is not None:
            total += order.total_fen
            status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
            if Action.PAY in allowed_actions(order.platform, status):
                payable += 1
            lines.append(
                tr(
                    "batch.line_placed",
                    n=number,
                    seller=name,
                    ref=order.ref,
                    order_no=order.platform_order_no or "—",
                    total=money(tr, order.total_fen),
                    status=Html(status_label(tr, order)),
                )
            )
            if len(buttons) < MAX_ORDER_BUTTONS:
                buttons.append(
                    Button(tr("btn.open_order", ref=order.ref), callback_data=f"o:c:{order.id}")
                )
        elif result.kind == "unknown":
            lines.append(
                tr(
                    "batch.line_checking",
                    n=number,
                    seller=name,
                    ref=f"#{result.order_id}",
                    minutes=recheck_minutes(context),
                )
            )
        else:
            reason = result.reason or next(
                (r.error_message or r.error_code for r in result.failed_lines), None
            )
            lines.append(tr("batch.line_refused", n=number, seller=name, reason=reason or "?"))
    lines += [
        "",
        tr(
            "batch.placed_total",
            orders=tr.count("count.orders", len(outcome.placed)),
            total=money(tr, total),
        ),
    ]
    rows = []
    if payable:
        rows.append([Button(tr("btn.pay_all", count=payable), callback_data=f"bp:b:{batch.id}")])
    rows += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return "\n".join(lines), Markup(rows) if rows else None


async def show_batch(
    update: Update, context: ContextTypes.DEFAULT_TYPE, batch: StoredBatch, *, edit: bool
) -> None:
    tr = translator(update, context)
    outcome = batch_service(context).outcome(batch.id)
    if outcome is None:
        return
    text, markup = batch_view(tr, context, outcome)
    if edit and update.callback_query is not None:
        await edit_text(update.callback_query.message, text, markup)
    else:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def visible_batch(update: Update, context: ContextTypes.DEFAULT_TYPE, batch_id: int):
    """The batch, if this chat or member may see it (like an order: chat, requester, admins)."""
    batch = batch_service(context).batches.get(batch_id)
    if batch is None:
        return None
    user, chat = update.effective_user.id, update.effective_chat.id
    settings = deps(context).settings
    if batch.chat_id == chat or batch.requester_id == user or user in settings.admins:
        return batch
    return None


async def status_of_batch(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> bool:
    """`/status #B12`: the batch card. False when `key` names no batch (an order, then)."""
    batch_id = batch_ref_id(key)
    if batch_id is None:
        return False
    batch = visible_batch(update, context, batch_id)
    if batch is None:
        tr = translator(update, context)
        await context.bot.send_message(update.effective_chat.id, tr("orders.not_found", key=key))
        return True
    await show_batch(update, context, batch, edit=False)
    return True


async def on_batch_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    batch_id = int(update.callback_query.data.split(":")[1])
    batch = visible_batch(update, context, batch_id)
    if batch is None:
        await answer(update, tr("orders.not_found", key=f"#B{batch_id}"), alert=True)
        return
    await answer(update)
    await show_batch(update, context, batch, edit=True)


def build_batch_handlers() -> list:
    return [CallbackQueryHandler(on_batch_button, pattern=BATCH_CARD)]
