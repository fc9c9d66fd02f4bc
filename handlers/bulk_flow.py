"""The /bulk conversation's wiring: its states and handlers, the guard on its buttons, and what
a restart shows again (the steps themselves: handlers/bulk.py).

A spreadsheet sent into a private chat starts the flow too, without /bulk first.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import bulk, replay
from handlers import callback_data as cd
from handlers.bulk import BULK, CHECKED, PREVIEW, RECEIVER, UPLOAD, BulkSession
from handlers.common import answer, durable, on_live_panel, say, translator

SHEET = filters.Document.ALL
SHEET_IN_PRIVATE = filters.Document.FileExtension("xlsx") | filters.Document.FileExtension("csv")


async def not_a_file(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await say(update, context, translator(update, context)("bulk.err.send_file"))


def _guarded(callback):
    """A button on anything but the member's live bulk panel: "this menu has expired"."""

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not on_live_panel(update, bulk.load_bulk(update, context)):
            await answer(update, translator(update, context)("err.menu_expired"))
            return None
        return await callback(update, context)

    handler.__qualname__ = callback.__qualname__
    return durable(handler, BULK)


def build_bulk_conversation(timeout_seconds: int) -> ConversationHandler:
    document = MessageHandler(SHEET, durable(bulk.on_document, BULK))
    cancel = CallbackQueryHandler(_guarded(bulk.on_cancel), pattern="^bk:x$")
    stay = MessageHandler(filters.ALL & ~filters.COMMAND, not_a_file)
    return ConversationHandler(
        entry_points=[
            CommandHandler("bulk", durable(bulk.start_bulk, BULK)),
            MessageHandler(
                SHEET_IN_PRIVATE & filters.ChatType.PRIVATE, durable(bulk.on_document, BULK)
            ),
        ],
        states={
            UPLOAD: [document, cancel],
            RECEIVER: [
                document,
                MessageHandler(
                    filters.TEXT & ~filters.COMMAND, durable(bulk.on_receiver_text, BULK)
                ),
                CallbackQueryHandler(
                    _guarded(bulk.on_saved_receiver), pattern=rf"^bk:adr:{cd.ID}$"
                ),
                cancel,
            ],
            CHECKED: [
                document,
                CallbackQueryHandler(_guarded(bulk.on_skip), pattern="^bk:skip$"),
                cancel,
            ],
            PREVIEW: [
                document,
                CallbackQueryHandler(_guarded(bulk.on_confirm), pattern="^bk:ok$"),
                cancel,
            ],
        },
        fallbacks=[
            CommandHandler("bulk", durable(bulk.start_bulk, BULK)),
            CommandHandler("cancel", durable(bulk.on_cancel, BULK)),
            stay,
        ],
        name=BULK.name,
        persistent=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=timeout_seconds,
    )


async def show_step_again(update: Update, context, session: BulkSession) -> None:
    """After a crash: the panel of the step the member is on."""
    shows = {
        UPLOAD: None,
        RECEIVER: bulk.ask_receiver,
        CHECKED: bulk.show_summary,
        PREVIEW: bulk.show_preview,
    }
    show = shows.get(session.step or "")
    await answer(update)
    if show is not None and session.sheet is not None:
        await show(update, context, session)
    elif session.step == UPLOAD:
        await say(update, context, translator(update, context)("bulk.err.send_file"))


replay.shows_again(BULK, show_step_again)
