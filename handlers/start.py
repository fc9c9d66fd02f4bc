"""/start, /help, /language and the /addresses book."""

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

from bot.domain.text import clean
from bot.i18n import LANGUAGES, t
from handlers import callback_data as cd
from handlers import keyboards
from handlers.access import may_act
from handlers.address_book import book_view
from handlers.commands import help_text
from handlers.common import answer, deps, edit_text, say, translator
from storage.addresses import AddressLabelTaken

RENAME = "rename"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    user, chat = update.effective_user, update.effective_chat
    if not may_act(update, context):
        await _tell_stranger(update, context)
        return
    text = tr("start.text", name=user.first_name or "")
    if deps(context).platform_note:
        text += "\n\n" + tr("start.sandbox_note")
    await context.bot.send_message(chat.id, text)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not may_act(update, context):
        await _tell_stranger(update, context)
        return
    tr = translator(update, context)
    await context.bot.send_message(update.effective_chat.id, help_text(tr))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no handler took (a typo, an old one): said so, pointing at /help; the step the
    member is on stays. In a group only when addressed to this bot: `/x` there may be another
    bot's."""
    message = update.effective_message
    name, _, addressee = (message.text or "").split(maxsplit=1)[0].partition("@")
    if update.effective_chat.type != "private" and (
        not addressee or addressee.lower() != (context.bot.username or "").lower()
    ):
        return
    await say(
        update, context, translator(update, context)("err.unknown_command", input=clean(name))
    )


async def _tell_stranger(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot is and how to be let in: no invitation to order, which they may not."""
    tr = translator(update, context)
    user, chat = update.effective_user, update.effective_chat
    parts = [
        tr("start.stranger", name=user.first_name or ""),
        tr("access.refused", user_id=user.id, chat_id=chat.id),
    ]
    if deps(context).platform_note:
        parts.append(tr("start.sandbox_note"))
    await context.bot.send_message(chat.id, "\n\n".join(parts))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    await context.bot.send_message(
        update.effective_chat.id, tr("ask.language"), reply_markup=keyboards.languages()
    )


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    code = update.callback_query.data.split(":", 1)[1]
    if code not in LANGUAGES:
        await answer(update)
        return
    deps(context).preferences.set_language(update.effective_user.id, code)
    await answer(update)
    await edit_text(update.callback_query.message, t(code, "note.language_set"))


# --- address book ----------------------------------------------------------------------------


def _book_view(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    # With each entry's sync mark and its Edit / Sync now buttons (handlers/address_book.py).
    return book_view(tr, deps(context).addresses.list(update.effective_user.id))


async def addresses(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text, markup = _book_view(update, context)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def on_delete_address(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    deleted = deps(context).addresses.delete(update.effective_user.id, address_id)
    await answer(update, tr("note.address_deleted") if deleted else tr("err.address.gone"))
    text, markup = _book_view(update, context)
    await edit_text(update.callback_query.message, text, markup)


async def on_rename_ask(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    if deps(context).addresses.get(update.effective_user.id, address_id) is None:
        await answer(update, tr("err.address.gone"))
        return ConversationHandler.END
    context.user_data["rename_address"] = address_id
    await answer(update)
    await context.bot.send_message(update.effective_chat.id, tr("ask.address_label"))
    return RENAME


async def on_rename_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    label = clean(update.message.text or "").strip()
    if not 1 <= len(label) <= 40:
        await context.bot.send_message(update.effective_chat.id, tr("err.address.label_length"))
        return None
    address_id = context.user_data.pop("rename_address", None)
    try:
        deps(context).addresses.rename(update.effective_user.id, address_id, label)
    except AddressLabelTaken:
        context.user_data["rename_address"] = address_id
        await context.bot.send_message(update.effective_chat.id, tr("err.address.label_taken"))
        return None
    await context.bot.send_message(
        update.effective_chat.id, tr("note.address_renamed", label=label)
    )
    return ConversationHandler.END


async def on_rename_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    context.user_data.pop("rename_address", None)
    await context.bot.send_message(
        update.effective_chat.id, translator(update, context)("note.cancelled_short")
    )
    return ConversationHandler.END


def build_start_handlers() -> list:
    rename = ConversationHandler(
        entry_points=[CallbackQueryHandler(on_rename_ask, pattern=rf"^ab:ren:{cd.ID}$")],
        states={RENAME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_rename_text)]},
        fallbacks=[CommandHandler("cancel", on_rename_cancel)],
        name="rename_address",
        persistent=True,
        per_chat=True,
        per_user=True,
    )
    return [
        CommandHandler("start", start),
        CommandHandler("help", help_command),
        CommandHandler("language", language),
        CallbackQueryHandler(on_language, pattern=r"^lang:[a-z]{2,8}$"),
        CommandHandler("addresses", addresses),
        CallbackQueryHandler(on_delete_address, pattern=rf"^ab:del:{cd.ID}$"),
        rename,
    ]
