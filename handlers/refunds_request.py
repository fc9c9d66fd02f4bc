"""Asking for a refund or a return, and modifying a request: the line (or the whole order) →
refund only or return and refund → a reason from the platform's list → the amount (the most by
default, exact fen, never above it) → a description → evidence photos → a preview → send.

Every step validates its input and stays put on bad input with everything collected so far;
Back and Cancel are on every panel. In a group, with ORDERBOT_REFUNDS_NEED_APPROVAL, the preview
goes to an approver first (handlers/refunds_approval.py).
"""

from __future__ import annotations

import hashlib
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.money import MoneyError, parse_amount
from bot.domain.refund_status import RefundAction, RefundKind, allowed_refund_actions
from bot.domain.status import BuyerStatus
from bot.i18n import Html
from bot.marketplaces.after_sales import RefundTerms
from bot.marketplaces.base import Unsupported
from bot.order_actions import NotSubmitted
from bot.pandapon.errors import PandaPonError
from bot.refund_actions import NotOnPlatform, goods_received
from bot.refund_session import RefundSession, new_key
from handlers import refunds_keyboards as kb
from handlers.access import requires_access
from handlers.common import answer, deps, input_error_text, say, text_within, translator
from handlers.pictures import picture_or_say
from handlers.refunds_approval import send_for_approval
from handlers.refunds_common import (
    AMOUNT,
    DESCRIPTION,
    KIND,
    LINE,
    MAX_DESCRIPTION,
    PHOTOS,
    PREVIEW,
    REASON,
    finish_with_card,
    leave_previous,
    load,
    outcome_note,
    picked,
    refunds,
    refusal_note,
    show,
    visible_order,
    visible_refund,
)
from handlers.refunds_render import goods_label, terms_lines
from handlers.render import money
from storage.orders import StoredOrder
from storage.refunds import PENDING_APPROVAL, SUBMITTING, NewRefund

log = logging.getLogger(__name__)

_SHIPPED = frozenset({BuyerStatus.SHIPPED, BuyerStatus.RECEIVED, BuyerStatus.COMPLETED})


def _order(context, session: RefundSession) -> StoredOrder:
    order = refunds(context).orders.get(session.order_id or 0)
    assert order is not None  # the session was started from a visible order
    return order


def _goods(context, session: RefundSession, tr) -> str:
    service = refunds(context)
    line = service.line(_order(context, session), session.line_no)
    return goods_label(tr, session.line_no, line)


def _kinds(order: StoredOrder) -> list[RefundKind]:
    """A return needs goods that left the seller."""
    if BuyerStatus(order.status or BuyerStatus.UNKNOWN) in _SHIPPED:
        return [RefundKind.REFUND_ONLY, RefundKind.RETURN_AND_REFUND]
    return [RefundKind.REFUND_ONLY]


# --- entries --------------------------------------------------------------------------------


@requires_access
async def start_request(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The order card's ↩️ Refund / return: the card becomes the request's panel."""
    tr = translator(update, context)
    query = update.callback_query
    order = visible_order(update, context, int(query.data.rsplit(":", 1)[1]))
    if order is None:
        await answer(update, tr("orders.not_found", key=query.data.rsplit(":", 1)[1]), alert=True)
        return None
    if not refunds(context).offers_refunds(order):
        await answer(update, tr("refund.answer.not_now"), alert=True)
        return None
    await answer(update)
    leave_previous(update, context)
    session = RefundSession(
        mode="request",
        order_id=order.id,
        key=new_key("r"),
        panel_message_id=query.message.message_id if query.message else None,
    )
    return await ask_line(update, context, session)


@requires_access
async def start_modify(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A refund card's ✏️ Modify: the same steps, filled in with what was asked."""
    tr = translator(update, context)
    query = update.callback_query
    refund = visible_refund(update, context, int(query.data.rsplit(":", 1)[1]))
    if refund is None:
        await answer(update, tr("refund.answer.gone"), alert=True)
        return None
    actions = allowed_refund_actions(refund.status)
    if not refund.submitted or RefundAction.MODIFY not in actions:
        await answer(update, tr("refund.answer.not_now"), alert=True)
        return None
    await answer(update)
    leave_previous(update, context)
    session = RefundSession(
        mode="modify",
        order_id=refund.order_id,
        refund_id=refund.id,
        key=new_key("m"),
        line_no=refund.line_no,
        line_chosen=True,
        kind=refund.kind,
        amount_fen=refund.amount_fen,
        description=refund.description,
        panel_message_id=query.message.message_id if query.message else None,
    )
    return await ask_kind(update, context, session)


# --- the steps ------------------------------------------------------------------------------


async def ask_line(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    service, order = refunds(context), _order(context, session)
    busy = {refund.line_no: refund.ref for refund in service.open_requests(order)}
    text = tr("refund.ask.line", order=order.ref)
    return await show(
        update, context, session, text, kb.line_choice(tr, service.lines(order), busy), LINE
    )


async def on_line(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load(update, context)
    service, order = refunds(context), _order(context, session)
    arg = update.callback_query.data.rsplit(":", 1)[1]
    line_no = None if arg == "all" else int(arg)
    if line_no is not None and line_no not in {line.line_no for line in service.lines(order)}:
        await answer(update, tr("err.menu_expired"))
        return None
    busy = service.blocking(order, line_no)
    if busy is not None:
        await answer(update, tr("refund.answer.busy", ref=busy.ref), alert=True)
        return None
    await answer(update)
    session.line_no, session.line_chosen = line_no, True
    return await ask_kind(update, context, session)


async def ask_kind(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    kinds = _kinds(_order(context, session))
    text = tr("refund.ask.kind", goods=Html(_goods(context, session, tr)))
    markup = kb.kind_choice(tr, kinds, back=session.mode == "request")
    return await show(update, context, session, text, markup, KIND)


async def on_kind(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load(update, context)
    service, order = refunds(context), _order(context, session)
    kind = RefundKind(update.callback_query.data.rsplit(":", 1)[1])
    if kind not in _kinds(order):
        await answer(update, tr("refund.answer.not_now"), alert=True)
        return None
    await answer(update)
    modifying = service.repo.get(session.refund_id) if session.refund_id else None
    try:
        options = await service.options(order, session.line_no, kind, modifying)
    except (PandaPonError, NotSubmitted) as exc:
        log.info("order %s: refund options refused: %s", order.ref, exc)
        is_platform = isinstance(exc, PandaPonError)
        session.note = refusal_note(tr, exc) if is_platform else tr("note.not_submitted")
        return await ask_kind(update, context, session)
    if options.max_fen <= 0 or not options.reasons:
        session.note = tr("refund.note.nothing_left")
        return await ask_kind(update, context, session)
    if session.kind != kind.value or session.reason_id not in {r.id for r in options.reasons}:
        session.reason_id = session.reason_text = None
    session.kind = kind.value
    session.reasons = [(reason.id, reason.text) for reason in options.reasons]
    session.max_fen = options.max_fen
    if session.amount_fen is not None and session.amount_fen > options.max_fen:
        session.amount_fen = None
    return await ask_reason(update, context, session)


async def ask_reason(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    text = tr("refund.ask.reason", kind=tr(f"refund.kind.{session.kind}"))
    return await show(update, context, session, text, kb.reason_choice(tr, session.reasons), REASON)


async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    reason = await picked(update, context, session.reasons)
    if reason is None:
        return None
    session.reason_id, session.reason_text = reason
    return await ask_amount(update, context, session)


async def ask_amount(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    most = session.max_fen or 0
    text = tr("refund.ask.amount", most=money(tr, most))
    if session.amount_fen is not None:
        text += "\n" + tr("refund.ask.amount_now", amount=money(tr, session.amount_fen))
    return await show(update, context, session, text, kb.amount_choice(tr, most), AMOUNT)


async def on_amount_max(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    await answer(update)
    session.amount_fen = session.max_fen
    return await ask_description(update, context, session)


async def on_amount_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load(update, context)
    try:
        amount = parse_amount(update.message.text or "", maximum_fen=session.max_fen or 0)
    except MoneyError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    session.amount_fen = amount
    return await ask_description(update, context, session)


async def ask_description(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    text = tr("refund.ask.description", limit=MAX_DESCRIPTION)
    if session.description:
        text += "\n" + tr("refund.ask.description_now", text=session.description)
    return await show(update, context, session, text, kb.skip_choice(tr), DESCRIPTION)


async def on_description_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    text = await text_within(
        update, context, empty_key="refund.err.empty", limit=MAX_DESCRIPTION, multiline=True
    )
    if text is None:
        return None
    session.description = text
    return await ask_photos(update, context, session)


async def on_description_skip(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    await answer(update)
    session.description = session.description or ""
    return await ask_photos(update, context, session)


def _photo_limit(context) -> int:
    return deps(context).settings.refund_max_photos


async def ask_photos(update: Update, context, session: RefundSession):
    limit = _photo_limit(context)
    if limit == 0:
        return await show_preview(update, context, session)
    tr = translator(update, context)
    text = tr("refund.ask.photos", count=len(session.photos), limit=limit)
    return await show(
        update, context, session, text, kb.photo_choice(tr, len(session.photos)), PHOTOS
    )


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A photo (or an image file): checked, kept under the request's key, counted."""
    tr = translator(update, context)
    session = load(update, context)
    limit = _photo_limit(context)
    if len(session.photos) >= limit:
        await say(update, context, tr("refund.err.too_many_photos", limit=limit))
        return None
    jpeg = await picture_or_say(update, context)
    if jpeg is None:
        return None
    digest = hashlib.sha256(jpeg).hexdigest()
    if digest in session.photos:
        await say(update, context, tr("refund.err.photo.twice"))
        return None
    refunds(context).repo.add_photo(session.key, len(session.photos), jpeg)
    session.photos.append(digest)
    return await ask_photos(update, context, session)


async def on_photos_clear(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    await answer(update)
    refunds(context).repo.drop_photos(session.key)
    session.photos = []
    return await ask_photos(update, context, session)


async def on_photos_done(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    return await show_preview(update, context, load(update, context))


async def show_preview(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    order = _order(context, session)
    chat = update.effective_chat
    approval = session.mode == "request" and (
        refunds(context).approval_chat(order, chat.id, chat.type) is not None
    )
    title = "refund.preview.modify" if session.mode == "modify" else "refund.preview.title"
    parts = [
        tr(title, order=order.ref),
        "",
        *terms_lines(
            tr,
            goods=_goods(context, session, tr),
            kind=session.kind,
            reason=session.reason_text,
            amount_fen=session.amount_fen,
            max_fen=session.max_fen,
            description=session.description,
            photos=len(session.photos),
        ),
    ]
    if approval:
        parts += ["", tr("refund.preview.approval")]
    markup = kb.preview_choice(tr, approval=approval, modify=session.mode == "modify")
    return await show(update, context, session, "\n".join(parts), markup, PREVIEW)


@requires_access
async def on_send(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Send the request (or the modification). A repeat press finds the stored request and
    the ledger's record: nothing is asked twice."""
    tr = translator(update, context)
    session = load(update, context)
    if session.reason_id is None or session.amount_fen is None or session.kind is None:
        await answer(update, tr("err.menu_expired"))
        return None
    if session.mode == "modify":
        return await _send_modification(update, context, session)
    service, order = refunds(context), _order(context, session)
    user, chat = update.effective_user, update.effective_chat
    approval_chat = service.approval_chat(order, chat.id, chat.type)
    approval = approval_chat is not None
    line = service.line(order, session.line_no)
    new = NewRefund(
        order_id=order.id,
        platform=order.platform,
        chat_id=chat.id,
        requester_id=user.id,
        requester_name=user.full_name or str(user.id),
        refund_key=session.key,
        line_no=session.line_no,
        sub_order_id=line.sub_order_id if line else None,
        kind=session.kind,
        reason_id=session.reason_id,
        reason_text=session.reason_text or session.reason_id,
        amount_fen=session.amount_fen,
        max_fen=session.max_fen or session.amount_fen,
        description=session.description or "",
        photo_count=len(session.photos),
        state=PENDING_APPROVAL if approval else SUBMITTING,
    )
    await answer(update, tr("refund.answer.sending"))
    try:
        stored, outcome = await service.actions.request(new)
    except (Unsupported, NotSubmitted) as exc:
        log.warning("order %s: refund request impossible: %s", order.ref, exc)
        session.note = tr("refund.answer.not_now")
        return await show_preview(update, context, session)
    if stored.state == PENDING_APPROVAL:
        return await send_for_approval(update, context, session, stored, approval_chat or chat.id)
    assert outcome is not None
    note = outcome_note(tr, outcome, "refund.note.sent", order.ref)
    if outcome.state == "failed":
        session.note = note  # nothing exists on the platform: change it and send again
        return await show_preview(update, context, session)
    return await finish_with_card(update, context, session, stored, note)


async def _send_modification(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    service, order = refunds(context), _order(context, session)
    refund = service.repo.get(session.refund_id or 0)
    assert refund is not None  # modify starts from a stored request
    kind = RefundKind(session.kind or refund.kind)
    terms = RefundTerms(
        kind=kind,
        reason_id=session.reason_id or refund.reason_id,
        amount_fen=session.amount_fen or refund.amount_fen,
        description=session.description or "",
        goods_received=goods_received(order, kind),
        photos=service.repo.photos(session.key),
    )
    await answer(update, tr("refund.answer.sending"))
    try:
        outcome = await service.actions.modify(
            refund, session.key, terms, session.reason_text or ""
        )
    except NotOnPlatform:
        session.note = tr("refund.answer.not_now")
        return await show_preview(update, context, session)
    note = outcome_note(tr, outcome, "refund.note.modified", order.ref)
    if outcome.state == "failed":
        session.note = note
        return await show_preview(update, context, session)
    return await finish_with_card(
        update, context, session, service.repo.get(refund.id) or refund, note
    )
