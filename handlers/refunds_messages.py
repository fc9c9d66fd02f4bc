"""Talking to the seller about a request: the history (the buyer's, the seller's and the
platform's own notes, newest last) and, while the request is open, a text or a photo to send.
A finished request shows its history only."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.refund_status import RefundAction, allowed_refund_actions
from bot.domain.text import clean, shorten
from bot.i18n import Html, Translator
from bot.marketplaces.after_sales import RefundMessage
from bot.pandapon.errors import PandaPonError
from bot.refund_actions import NotOnPlatform
from bot.refund_session import RefundSession
from handlers import refunds_keyboards as kb
from handlers.access import may_act, requires_access
from handlers.common import answer, edit_text, text_within, translator
from handlers.pictures import picture_or_say
from handlers.refunds_common import (
    MAX_MESSAGE,
    MESSAGES,
    leave_previous,
    load,
    outcome_note,
    refunds,
    show,
    visible_refund,
)
from storage.refunds import StoredRefund

log = logging.getLogger(__name__)

HISTORY_CHARS = 2800  # the history's share of one message (Telegram takes 4096)
MESSAGE_CHARS = 300
_ICONS = {"buyer": "🙋", "seller": "🏪"}


def history_text(tr: Translator, refund: StoredRefund, messages: list[RefundMessage]) -> str:
    """The newest messages that fit, oldest of them first."""
    rows: list[str] = []
    used = 0
    for message in reversed(messages):
        who = (
            tr(f"refund.messages.{message.role}")
            if message.role in _ICONS
            else tr("refund.messages.platform")
        )
        photos = "".join(
            f' <a href="{html.escape(url, quote=True)}">📷</a>'
            for url in message.photo_urls
            if url.startswith(("http://", "https://"))
        )
        row = tr(
            "refund.messages.item",
            icon=_ICONS.get(message.role, "ℹ️"),
            who=who,
            time=message.time,
            text=shorten(clean(message.text, multiline=True), MESSAGE_CHARS),
            photos=Html(photos),
        )
        if used + len(row) > HISTORY_CHARS:
            rows.append(tr("refund.messages.older"))
            break
        rows.append(row)
        used += len(row)
    body = "\n\n".join(reversed(rows)) if rows else tr("refund.messages.none")
    return f"{tr('refund.messages.title', ref=refund.ref)}\n\n{body}"


async def _history(tr: Translator, context, refund: StoredRefund) -> str:
    try:
        messages = await refunds(context).messages(refund)
    except PandaPonError as exc:
        log.info("refund %s: messages not read: %s", refund.ref, exc)
        return f"{tr('refund.messages.title', ref=refund.ref)}\n\n{tr('err.platform_down')}"
    return history_text(tr, refund, messages)


async def start_messages(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A refund card's 💬 Messages: the history, and while the request is open a message."""
    tr = translator(update, context)
    query = update.callback_query
    refund = visible_refund(update, context, int(query.data.rsplit(":", 1)[1]))
    if refund is None or not refund.submitted:
        await answer(update, tr("refund.answer.gone"), alert=True)
        return None
    await answer(update)
    actions = allowed_refund_actions(refund.status)
    if RefundAction.MESSAGE not in actions or not may_act(update, context):
        # finished (or only watching): the history, no conversation
        text = await _history(tr, context, refund)
        await edit_text(query.message, text, kb.history_back(tr, refund))
        return None
    leave_previous(update, context)
    session = RefundSession(
        mode="message",
        refund_id=refund.id,
        order_id=refund.order_id,
        panel_message_id=query.message.message_id,
    )
    return await show_messages(update, context, session)


async def show_messages(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    refund = refunds(context).repo.get(session.refund_id or 0)
    assert refund is not None  # the session was started from it
    text = f"{await _history(tr, context, refund)}\n\n{tr('refund.messages.prompt')}"
    return await show(update, context, session, text, kb.messages_panel(tr), MESSAGES)


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    return await show_messages(update, context, load(update, context))


@requires_access
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    text = await text_within(
        update, context, empty_key="refund.err.empty", limit=MAX_MESSAGE, multiline=True
    )
    if text is None:
        return None
    return await _send(update, context, text, None)


@requires_access
async def on_picture(update: Update, context: ContextTypes.DEFAULT_TYPE):
    message = update.effective_message
    photo = await picture_or_say(update, context)
    if photo is None:
        return None
    caption = clean(message.caption or "", multiline=True).strip()[:MAX_MESSAGE]
    return await _send(update, context, caption, photo)


async def _send(update: Update, context, text: str, photo: bytes | None):
    """One message to the seller, keyed by the update that carried it: an update processed
    again after a restart finds its message in the ledger instead of sending it twice."""
    tr = translator(update, context)
    session = load(update, context)
    service = refunds(context)
    refund = service.repo.get(session.refund_id or 0)
    assert refund is not None
    key = f"{refund.id}-{update.update_id}"
    try:
        outcome = await service.actions.send_message(refund, key, text, photo)
    except NotOnPlatform:
        session.note = tr("refund.answer.not_now")
        return await show_messages(update, context, session)
    order = service.orders.get(refund.order_id)
    session.note = outcome_note(tr, outcome, "refund.note.message_sent", order.ref if order else "")
    return await show_messages(update, context, session)
