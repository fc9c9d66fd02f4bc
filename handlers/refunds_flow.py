"""The after-sales conversation: one persistent ConversationHandler keyed per chat and member
for asking, modifying, sending the goods back and writing to the seller (the steps live in
refunds_request.py, refunds_return.py and refunds_messages.py).

It is a durable flow (bot/refund_session.py): each step is written with the state before the
panel is answered, a restart resumes on it, and an update processed again after a crash shows
the step again instead of acting twice. Buttons count only on the member's live panel; typed
text and photos go to this flow only while its panel is the one the member used last.
"""

from __future__ import annotations

import sqlite_utils
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.refund_session import REFUND_FLOW, RefundSession
from handlers import callback_data as cd
from handlers import refunds_keyboards as kb
from handlers import refunds_messages as msg
from handlers import refunds_request as req
from handlers import refunds_return as ret
from handlers import replay
from handlers.active_flow import LatestFlow
from handlers.common import answer, deps, drop_state, durable, translator
from handlers.pictures import PICTURE
from handlers.refunds_common import (
    AMOUNT,
    CARRIER,
    DESCRIPTION,
    KIND,
    LINE,
    MESSAGES,
    PHOTOS,
    PREVIEW,
    REASON,
    RETURN_CONFIRM,
    TRACKING,
    cancel,
    guarded,
    load,
    not_understood,
    refunds,
)


async def _before_preview(update: Update, context, session: RefundSession):
    if deps(context).settings.refund_max_photos == 0:
        return await req.ask_description(update, context, session)
    return await req.ask_photos(update, context, session)


_BACK = {
    KIND: req.ask_line,
    REASON: req.ask_kind,
    AMOUNT: req.ask_reason,
    DESCRIPTION: req.ask_amount,
    PHOTOS: req.ask_description,
    PREVIEW: _before_preview,
    TRACKING: ret.ask_carrier,
    RETURN_CONFIRM: ret.ask_tracking,
}
# Each step's panel, to show again the step a member is on (replays, Back).
_SHOW_STEP = {
    LINE: req.ask_line,
    KIND: req.ask_kind,
    REASON: req.ask_reason,
    AMOUNT: req.ask_amount,
    DESCRIPTION: req.ask_description,
    PHOTOS: req.ask_photos,
    PREVIEW: req.show_preview,
    CARRIER: ret.ask_carrier,
    TRACKING: ret.ask_tracking,
    RETURN_CONFIRM: ret.ask_confirm,
    MESSAGES: msg.show_messages,
}


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load(update, context)
    previous = _BACK.get(session.step or "")
    if previous is None or (session.step == KIND and session.mode != "request"):
        return await cancel(update, context)
    await answer(update)
    return await previous(update, context, session)


async def on_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Nothing was sent; the request's photos go too (a new request starts afresh)."""
    if update.effective_chat is None or update.effective_user is None:
        return
    session = load(update, context)
    if session.key:
        refunds(context).repo.drop_photos(session.key)
    drop_state(update, context, REFUND_FLOW)
    minutes = deps(context).settings.conversation_timeout_seconds // 60
    key = "refund.note.timeout" if session.mode == "request" else "refund.note.timeout_other"
    await context.bot.send_message(
        update.effective_chat.id, translator(update, context)(key, minutes=minutes)
    )


async def show_step_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: RefundSession
) -> None:
    show = _SHOW_STEP.get(session.step or "")
    if show is None:
        return
    await answer(update)
    await show(update, context, session)


replay.shows_again(REFUND_FLOW, show_step_again)


def build_refund_conversation(
    db: sqlite_utils.Database, timeout_seconds: int
) -> ConversationHandler:
    """Register before the new-order conversation: the latest-flow filter decides who gets a
    member's text when both are open."""
    latest = LatestFlow(db, REFUND_FLOW)
    typed = filters.TEXT & ~filters.COMMAND & latest
    pictures = PICTURE & latest

    def button(pattern: str, callback) -> CallbackQueryHandler:
        return CallbackQueryHandler(
            durable(guarded(callback), REFUND_FLOW), pattern=f"^{kb.FLOW}:{pattern}$"
        )

    def text(callback) -> MessageHandler:
        return MessageHandler(typed, durable(callback, REFUND_FLOW))

    def picture(callback) -> MessageHandler:
        return MessageHandler(pictures, durable(callback, REFUND_FLOW))

    def entry(name: str, callback) -> CallbackQueryHandler:
        return CallbackQueryHandler(durable(callback, REFUND_FLOW), pattern=kb.entry(name))

    back = button("back", on_back)
    return ConversationHandler(
        entry_points=[
            entry("new", req.start_request),
            entry("mod", req.start_modify),
            entry("ret", ret.start_return),
            entry("msg", msg.start_messages),
        ],
        states={
            LINE: [button(rf"line:({cd.INDEX}|all)", req.on_line)],
            KIND: [button("kind:(refund|return)", req.on_kind), back],
            REASON: [button(rf"why:{cd.INDEX}", req.on_reason), back],
            AMOUNT: [button("max", req.on_amount_max), text(req.on_amount_text), back],
            DESCRIPTION: [
                button("skip", req.on_description_skip),
                text(req.on_description_text),
                back,
            ],
            PHOTOS: [
                picture(req.on_photo),
                button("done", req.on_photos_done),
                button("clear", req.on_photos_clear),
                back,
            ],
            PREVIEW: [button("ok", req.on_send), back],
            CARRIER: [button(rf"co:{cd.INDEX}", ret.on_carrier)],
            TRACKING: [text(ret.on_tracking_text), back],
            RETURN_CONFIRM: [button("ok", ret.on_send), back],
            MESSAGES: [
                text(msg.on_text),
                picture(msg.on_picture),
                button("reload", msg.on_reload),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        fallbacks=[
            button("cancel", cancel),
            CommandHandler("cancel", durable(cancel, REFUND_FLOW), filters=latest),
            MessageHandler((filters.TEXT | PICTURE) & ~filters.COMMAND & latest, not_understood),
        ],
        name=REFUND_FLOW.name,
        persistent=True,
        allow_reentry=True,  # a card's Modify / Send back / Messages while a step is open
        per_chat=True,
        per_user=True,
        conversation_timeout=timeout_seconds,
    )
