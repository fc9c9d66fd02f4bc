"""The address book's link to the platform's book: sync marks, "Sync now" and "Edit" (`ab:`).

A saved address is sent to the platform right after it is saved or edited; when that fails it
stays as saved, marked "not synced", and is sent again by the retry job or by "Sync now".
Editing is pasting the address again (what is recognised replaces the old value, the rest
stays), a durable flow of its own.
"""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.domain.receiver import (
    Receiver,
    ReceiverError,
    build_receiver,
    format_receiver,
    parse_address_block,
)
from bot.i18n import Translator
from bot.pandapon.errors import PandaPonError
from bot.session import FlowSession, durable_flow
from handlers import callback_data as cd
from handlers import replay
from handlers.common import (
    answer,
    deps,
    drop_state,
    durable,
    edit_text,
    in_private_chat,
    input_error_text,
    load_state,
    show_panel,
    text_within,
    translator,
)
from storage.addresses import StoredAddress

log = logging.getLogger(__name__)

EDIT_PASTE = "ab_paste"
MAX_BLOCK = 1000


async def sync_saved(context: ContextTypes.DEFAULT_TYPE, address_id: int) -> StoredAddress | None:
    """Send a just saved or edited address to the platform's book; never raises: a failure
    is kept on the entry ("not synced") for the retry."""
    d = deps(context)
    stored = d.addresses.by_id(address_id)
    if stored is None or d.address_sync is None:
        return stored
    try:
        await d.address_sync.sync(stored)
    except PandaPonError as exc:
        log.warning("address %s: sync failed: %s", address_id, exc)
        d.addresses.mark_sync_failed(stored.id, stored.revision, str(exc))
    return d.addresses.by_id(address_id)


def sync_mark(tr: Translator, stored: StoredAddress) -> str:
    if stored.synced:
        return tr("book.synced")
    if stored.sync_state == "failed":
        return tr("book.not_synced")
    return tr("book.sync_pending")


def book_view(tr: Translator, saved: list[StoredAddress]) -> tuple[str, Markup | None]:
    """The /addresses list: each entry with its sync mark and its buttons."""
    if not saved:
        return tr("book.empty"), None
    lines = [tr("book.title")]
    rows = []
    for entry in saved:
        label = html.escape(entry.label, quote=False)
        lines.append(f"📍 <b>{label}</b> {sync_mark(tr, entry)}")
        row = [
            Button(f"✏️ {entry.label}"[:40], callback_data=f"ab:ren:{entry.id}"),
            Button(tr("btn.address_edit_short"), callback_data=f"ab:ed:{entry.id}"),
            Button(tr("btn.delete"), callback_data=f"ab:del:{entry.id}"),
        ]
        rows.append(row)
        if not entry.synced:
            rows.append([Button(tr("btn.sync_now"), callback_data=f"ab:sync:{entry.id}")])
    return "\n".join(lines), Markup(rows)


def _view(update: Update, context) -> tuple[str, Markup | None]:
    tr = translator(update, context)
    return book_view(tr, deps(context).addresses.list(update.effective_user.id))


async def on_sync_now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    stored = deps(context).addresses.get(update.effective_user.id, address_id)
    if stored is None:
        await answer(update, tr("err.address.gone"))
        return
    after = await sync_saved(context, address_id)
    await answer(update, tr("book.synced_now") if after and after.synced else tr("book.still_not"))
    text, markup = _view(update, context)
    await edit_text(update.callback_query.message, text, markup)


# --- editing: paste the address again ---------------------------------------------------------


class EditSession(FlowSession):
    address_id: int = 0


ADDRESS_EDIT = durable_flow("address_edit", EditSession)


async def on_edit_ask(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    if deps(context).addresses.get(update.effective_user.id, address_id) is None:
        await answer(update, tr("err.address.gone"))
        return ConversationHandler.END
    await answer(update)
    return await ask_paste(update, context, EditSession(address_id=address_id))


async def ask_paste(update: Update, context, session: EditSession):
    tr = translator(update, context)
    stored = deps(context).addresses.get(update.effective_user.id, session.address_id)
    if stored is None:
        drop_state(update, context, ADDRESS_EDIT)
        return ConversationHandler.END
    receiver = Receiver.model_validate_json(stored.receiver_json)
    text = tr("book.ask_edit", label=stored.label, receiver=_lines(update, receiver))
    keyboard = Markup([[Button(tr("btn.cancel"), callback_data="ab:edx")]])
    return await show_panel(
        update, context, session, text, keyboard, step=EDIT_PASTE, flow=ADDRESS_EDIT
    )


def _lines(update: Update, receiver: Receiver) -> str:
    """A saved receiver as the chat may read it (masked in a group: bot.domain.privacy)."""
    return format_receiver(receiver, masked=not in_private_chat(update))


async def on_edit_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session: EditSession = load_state(update, context, ADDRESS_EDIT)
    user_id = update.effective_user.id
    book = deps(context).addresses
    stored = book.get(user_id, session.address_id)
    if stored is None:
        drop_state(update, context, ADDRESS_EDIT)
        await context.bot.send_message(update.effective_chat.id, tr("err.address.gone"))
        return ConversationHandler.END
    text = await text_within(
        update, context, empty_key="err.address.empty", limit=MAX_BLOCK, multiline=True
    )
    if text is None:
        return None
    found = parse_address_block(text).found()
    if not found:
        await context.bot.send_message(update.effective_chat.id, tr("err.address.unparsed"))
        return None
    old = Receiver.model_validate_json(stored.receiver_json).model_dump()
    try:
        receiver = build_receiver(**{**old, **found})
    except ReceiverError as exc:
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return None
    book.update(user_id, stored.id, receiver.model_dump_json())
    after = await sync_saved(context, stored.id)
    drop_state(update, context, ADDRESS_EDIT)
    key = "book.edited" if after and after.synced else "book.edited_not_synced"
    await context.bot.send_message(
        update.effective_chat.id, tr(key, label=stored.label, receiver=_lines(update, receiver))
    )
    return ConversationHandler.END


async def on_edit_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    drop_state(update, context, ADDRESS_EDIT)
    await edit_text(update.callback_query.message, translator(update, context)("abroad.cancelled"))
    return ConversationHandler.END


async def on_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE):
    if update.effective_chat is not None and update.effective_user is not None:
        drop_state(update, context, ADDRESS_EDIT)


def build_address_book_handlers() -> list:
    edit = ConversationHandler(
        entry_points=[
            CallbackQueryHandler(durable(on_edit_ask, ADDRESS_EDIT), pattern=rf"^ab:ed:{cd.ID}$")
        ],
        states={
            EDIT_PASTE: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, durable(on_edit_text, ADDRESS_EDIT))
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        fallbacks=[CallbackQueryHandler(durable(on_edit_cancel, ADDRESS_EDIT), pattern="^ab:edx$")],
        name=ADDRESS_EDIT.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=900,
    )
    return [edit, CallbackQueryHandler(on_sync_now, pattern=rf"^ab:sync:{cd.ID}$")]


async def _show_again(update: Update, context, session: FlowSession) -> None:
    await answer(update)
    await ask_paste(update, context, session)


replay.shows_again(ADDRESS_EDIT, _show_again)
