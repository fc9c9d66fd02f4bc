"""Paying by bank transfer: "🧾 Send payment voucher" on an order that waits for payment asks
for a photo of the transfer receipt, checks it and uploads it (bot/vouchers.py); the order then
waits for the platform's finance, and its card says the voucher was sent.

A durable flow of one step (bot/refund_session.py VOUCHER_FLOW): a restart keeps the member
waiting on it, and the photo goes to it only while its panel is the member's latest.
"""

from __future__ import annotations

import logging

import sqlite_utils
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.order_actions import NotSubmitted
from bot.refund_session import VOUCHER_FLOW, VoucherSession
from bot.vouchers import PaymentVouchers
from handlers import refunds_keyboards as kb
from handlers import replay
from handlers.access import requires_access
from handlers.active_flow import LatestFlow
from handlers.common import (
    answer,
    deps,
    drop_state,
    durable,
    edit_text,
    load_state,
    on_live_panel,
    say,
    show_panel,
    translator,
)
from handlers.orders import order_card_message
from handlers.pictures import PICTURE, picture_or_say
from handlers.refunds_common import outcome_note, visible_order
from handlers.render import money

log = logging.getLogger(__name__)

PHOTO_STEP = "photo"


def _vouchers(context) -> PaymentVouchers:
    service = deps(context).vouchers
    assert service is not None, "build_application wires PaymentVouchers"
    return service


@requires_access
async def start_voucher(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    query = update.callback_query
    order = visible_order(update, context, int(query.data.rsplit(":", 1)[1]))
    if order is None or not _vouchers(context).accepts(order):
        await answer(update, tr("voucher.answer.not_now"), alert=True)
        return None
    await answer(update)
    session = VoucherSession(
        order_id=order.id, panel_message_id=query.message.message_id if query.message else None
    )
    return await ask_photo(update, context, session)


async def ask_photo(update: Update, context, session: VoucherSession):
    tr = translator(update, context)
    order = deps(context).service.orders.get(session.order_id or 0)
    assert order is not None
    amount = order.platform_total_fen or order.total_fen
    text = tr("voucher.ask", ref=order.ref, total=money(tr, amount))
    return await show_panel(
        update, context, session, text, kb.voucher_prompt(tr), step=PHOTO_STEP, flow=VOUCHER_FLOW
    )


@requires_access
async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_state(update, context, VOUCHER_FLOW)
    order = deps(context).service.orders.get(session.order_id or 0)
    if order is None or not _vouchers(context).accepts(order):
        drop_state(update, context, VOUCHER_FLOW)
        await say(update, context, tr("voucher.answer.not_now"))
        return ConversationHandler.END
    photo = await picture_or_say(update, context)
    if photo is None:
        return None
    try:
        outcome = await _vouchers(context).upload(order, photo)
    except NotSubmitted:
        drop_state(update, context, VOUCHER_FLOW)
        await say(update, context, tr("note.not_submitted"))
        return ConversationHandler.END
    note = outcome_note(tr, outcome, "voucher.note.sent", order.ref)
    if outcome.state == "failed":
        await say(update, context, note)  # nothing was uploaded: another photo may be sent
        return None
    drop_state(update, context, VOUCHER_FLOW)
    fresh = deps(context).service.orders.get(order.id) or order
    text, markup = order_card_message(update, context, tr, fresh, note=note)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return ConversationHandler.END


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await say(update, context, translator(update, context)("voucher.err.photo_only"))


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_state(update, context, VOUCHER_FLOW)
    drop_state(update, context, VOUCHER_FLOW)
    await answer(update)
    order = deps(context).service.orders.get(session.order_id or 0)
    query = update.callback_query
    if order is not None and query is not None and query.message is not None:
        text, markup = order_card_message(update, context, tr, order)
        await edit_text(query.message, text, markup)
    else:
        await say(update, context, tr("voucher.note.cancelled"))
    return ConversationHandler.END


async def _panel_only(update: Update, context: ContextTypes.DEFAULT_TYPE):
    if not on_live_panel(update, load_state(update, context, VOUCHER_FLOW)):
        await answer(update, translator(update, context)("err.menu_expired"))
        return None
    return await on_cancel(update, context)


async def show_step_again(update: Update, context, session: VoucherSession) -> None:
    if session.step == PHOTO_STEP:
        await answer(update)
        await ask_photo(update, context, session)


replay.shows_again(VOUCHER_FLOW, show_step_again)


def build_voucher_conversation(
    db: sqlite_utils.Database, timeout_seconds: int
) -> ConversationHandler:
    latest = LatestFlow(db, VOUCHER_FLOW)
    return ConversationHandler(
        entry_points=[
            CallbackQueryHandler(durable(start_voucher, VOUCHER_FLOW), pattern=kb.VOUCHER_START)
        ],
        states={
            PHOTO_STEP: [
                MessageHandler(PICTURE & latest, durable(on_photo, VOUCHER_FLOW)),
                MessageHandler(filters.TEXT & ~filters.COMMAND & latest, on_other),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(durable(_panel_only, VOUCHER_FLOW), pattern="^vc:cancel$"),
            CommandHandler("cancel", durable(on_cancel, VOUCHER_FLOW), filters=latest),
        ],
        name=VOUCHER_FLOW.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=timeout_seconds,
    )
