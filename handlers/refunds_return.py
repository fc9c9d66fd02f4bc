"""Sending the goods back once the seller agreed: the return address and the carriers (the
platform's return-logistics render) → the carrier → the tracking number, checked against the
carrier's shape → confirm → sent (through the ledger: a lost answer is checked, never resent)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.refund_status import RefundAction, allowed_refund_actions
from bot.domain.tracking import TrackingError, parse_tracking_number, tracking_example
from bot.pandapon.errors import PandaPonError
from bot.refund_actions import NotOnPlatform
from bot.refund_session import RefundSession
from handlers import refunds_keyboards as kb
from handlers.access import requires_access
from handlers.common import answer, input_error_text, say, translator
from handlers.refunds_common import (
    CARRIER,
    RETURN_CONFIRM,
    TRACKING,
    finish_with_card,
    leave_previous,
    load,
    outcome_note,
    picked,
    refunds,
    refusal_note,
    show,
    visible_refund,
)

log = logging.getLogger(__name__)


@requires_access
async def start_return(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    query = update.callback_query
    refund = visible_refund(update, context, int(query.data.rsplit(":", 1)[1]))
    if refund is None:
        await answer(update, tr("refund.answer.gone"), alert=True)
        return None
    actions = allowed_refund_actions(refund.status)
    if not refund.submitted or RefundAction.SEND_RETURN not in actions:
        await answer(update, tr("refund.answer.not_now"), alert=True)
        return None
    try:
        info = await refunds(context).return_info(refund)
    except PandaPonError as exc:
        log.info("refund %s: no return address: %s", refund.ref, exc)
        await answer(update, refusal_note(tr, exc)[:190], alert=True)
        return None
    await answer(update)
    leave_previous(update, context)
    session = RefundSession(
        mode="return",
        refund_id=refund.id,
        order_id=refund.order_id,
        return_address=info.address,
        return_note=info.note,
        carriers=[(carrier.code, carrier.name) for carrier in info.carriers],
        panel_message_id=query.message.message_id if query.message else None,
    )
    return await ask_carrier(update, context, session)


def _address(tr, session: RefundSession) -> str:
    text = tr("refund.return.address", address=session.return_address or "—")
    if session.return_note:
        text += "\n" + tr("refund.return.note", note=session.return_note)
    return text


async def ask_carrier(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    text = f"{_address(tr, session)}\n\n{tr('refund.ask.carrier')}"
    return await show(
        update, context, session, text, kb.carrier_choice(tr, session.carriers), CARRIER
    )


async def on_carrier(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    carrier = await picked(update, context, session.carriers)
    if carrier is None:
        return None
    session.carrier_code, session.carrier_name = carrier
    return await ask_tracking(update, context, session)


async def ask_tracking(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    code = session.carrier_code or ""
    text = tr(
        "refund.ask.tracking",
        company=session.carrier_name or code,
        example=tracking_example(code),
    )
    return await show(update, context, session, text, kb.tracking_prompt(tr), TRACKING)


async def on_tracking_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load(update, context)
    try:
        number = parse_tracking_number(
            update.message.text or "", session.carrier_code or "", session.carrier_name or ""
        )
    except TrackingError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    session.tracking_no = number
    return await ask_confirm(update, context, session)


async def ask_confirm(update: Update, context, session: RefundSession):
    tr = translator(update, context)
    text = "\n".join(
        [
            tr("refund.return.confirm"),
            "",
            _address(tr, session),
            tr(
                "refund.return.shipment",
                company=session.carrier_name or session.carrier_code or "—",
                number=session.tracking_no or "—",
            ),
        ]
    )
    return await show(update, context, session, text, kb.return_confirm(tr), RETURN_CONFIRM)


@requires_access
async def on_send(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load(update, context)
    service = refunds(context)
    refund = service.repo.get(session.refund_id or 0)
    if refund is None or not session.tracking_no or not session.carrier_code:
        await answer(update, tr("err.menu_expired"))
        return None
    await answer(update, tr("refund.answer.sending"))
    try:
        outcome = await service.actions.send_return(
            refund, session.carrier_code, session.carrier_name or "", session.tracking_no
        )
    except NotOnPlatform:
        session.note = tr("refund.answer.not_now")
        return await ask_confirm(update, context, session)
    order = service.orders.get(refund.order_id)
    note = outcome_note(tr, outcome, "refund.note.returned", order.ref if order else "")
    if outcome.state == "failed":
        session.note = note
        return await ask_confirm(update, context, session)
    return await finish_with_card(
        update, context, session, service.repo.get(refund.id) or refund, note
    )
