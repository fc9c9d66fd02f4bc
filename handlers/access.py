"""Default deny: only configured members and chats may use the bot (DESIGN §2.4)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import Settings
from handlers.chat_migration import migrated_from
from handlers.common import deps, translator

log = logging.getLogger(__name__)

OPEN_COMMANDS = ("/start", "/help", "/language")


def is_allowed(settings: Settings, user_id: int | None, chat_id: int | None) -> bool:
    # Approvers are let in too: they answer cards and reject reasons in their private chats.
    members = settings.allowed_users | settings.admins | settings.approvers
    if user_id is not None and user_id in members:
        return True
    return chat_id is not None and chat_id in settings.allowed_chats


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler; strangers get their id and how to be let in."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    settings = deps(context).settings
    # A team group upgraded to a supergroup keeps its place under its new id.
    upgraded = migrated_from(context.application, chat.id) in settings.allowed_chats
    if is_allowed(settings, user.id, chat.id) or upgraded:
        return
    message = update.effective_message
    text = (message.text or "") if message else ""
    if text.split("@")[0].split(" ")[0] in OPEN_COMMANDS and chat.type == "private":
        return  # /start and /help explain the refusal themselves
    log.info("refused user %s in chat %s", user.id, chat.id)
    tr = translator(update, context)
    refusal = tr("access.refused", user_id=user.id, chat_id=chat.id)
    if update.callback_query is not None:
        await update.callback_query.answer(tr("access.refused_short"), show_alert=True)
    elif message is not None and (chat.type == "private" or text.startswith("/")):
        await context.bot.send_message(chat.id, refusal)
    raise ApplicationHandlerStop
