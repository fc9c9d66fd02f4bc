"""/refunds and the refund card: open and past requests of this chat, newest first, paged; each
card shows the request in buyer words and the actions its status allows (modify, cancel, send
the goods back, messages, refresh). Changing ones check access again (default deny)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.domain.refund_status import RefundAction, allowed_refund_actions
from bot.pandapon.errors import PandaPonError
from bot.refund_actions import NotOnPlatform
from handlers import refunds_keyboards as kb
from handlers.access import may_act
from handlers.common import answer, edit_text, translator
from handlers.refunds_common import card, outcome_note, refunds, refusal_note, visible_refund
from handlers.refunds_render import list_label
from storage.refunds import PENDING_APPROVAL, StoredRefund

log = logging.getLogger(__name__)

PAGE_SIZE = 8


async def refunds_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    text, markup = _page(update, context, tr, 0)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def _page(update: Update, context, tr, page: int):
    total, page, shown = refunds(context).page(update.effective_chat.id, page, PAGE_SIZE)
    if total == 0:
        return tr("refunds.empty"), None
    buttons = [(list_label(tr, refund), refund.id) for refund in shown]
    more = (page + 1) * PAGE_SIZE < total
    return tr("refunds.title", count=total), kb.refund_list(tr, buttons, page, more)


async def on_list_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    await answer(update)
    page = int(update.callback_query.data.rsplit(":", 1)[1])
    text, markup = _page(update, context, tr, page)
    await edit_text(update.callback_query.message, text, markup)


async def on_card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    query = update.callback_query
    action, refund_id = (query.data or "").split(":")[1:3]
    refund = visible_refund(update, context, int(refund_id))
    if refund is None:
        await answer(update, tr("refund.answer.gone"), alert=True)
        return
    if action in ("x", "xy") and not may_act(update, context):  # the gate's rule, again
        log.warning("refund %s: cancel refused for user %s", refund.ref, update.effective_user.id)
        await answer(update, tr("access.refused_short"), alert=True)
        return
    await answer(update)
    if action == "c":
        await _show(update, context, refund)
    elif action == "r":
        await _refresh(update, context, refund)
    elif action == "x":
        key = "refund.cancel.withdraw" if refund.state == PENDING_APPROVAL else "refund.cancel.ask"
        await edit_text(query.message, tr(key, ref=refund.ref), kb.cancel_confirm(tr, refund))
    elif action == "xy":
        await _cancel(update, context, refund)


async def _show(update: Update, context, refund: StoredRefund, note: str | None = None) -> None:
    tr = translator(update, context)
    fresh = refunds(context).repo.get(refund.id) or refund
    text, markup = card(tr, context, fresh, note=note)
    await edit_text(update.callback_query.message, text, markup)


async def _refresh(update: Update, context, refund: StoredRefund) -> None:
    tr = translator(update, context)
    try:
        change = await refunds(context).tracker.refresh(refund)
    except PandaPonError as exc:
        log.info("refund %s: refresh failed: %s", refund.ref, exc)
        await _show(update, context, refund, refusal_note(tr, exc))
        return
    await _show(update, context, refund, None if change else tr("note.refreshed"))


async def _cancel(update: Update, context, refund: StoredRefund) -> None:
    tr = translator(update, context)
    service = refunds(context)
    if refund.state == PENDING_APPROVAL:
        withdrawn = service.actions.withdraw(refund)
        await _show(update, context, refund, tr("refund.note.withdrawn") if withdrawn else None)
        return
    actions = allowed_refund_actions(refund.status)
    if RefundAction.CANCEL not in actions:  # e.g. an old card after the goods were sent back
        await _show(update, context, refund, tr("note.not_allowed_now"))
        return
    try:
        outcome = await service.actions.cancel(refund)
    except NotOnPlatform:
        await _show(update, context, refund, tr("refund.answer.not_now"))
        return
    order = service.orders.get(refund.order_id)
    note = outcome_note(tr, outcome, "refund.note.cancelled_request", order.ref if order else "")
    await _show(update, context, refund, note)


def build_refund_handlers() -> list:
    return [
        CommandHandler("refunds", refunds_command),
        CallbackQueryHandler(on_card_button, pattern=kb.CARD_BUTTON),
        CallbackQueryHandler(on_list_button, pattern=kb.LIST_BUTTON),
    ]
