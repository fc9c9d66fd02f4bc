"""Default deny: only configured members and chats may use the bot (DESIGN §2.4)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import Settings
from handlers.chat_migration import migrated_from
from handlers.common import deps, translator

log = logging.getLogger(__name__)

OPEN_COMMANDS = ("/start", "/help", "/language")
OPEN_BUTTONS = ("lang:",)  # the language choice /language offers

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]


def is_allowed(settings: Settings, user_id: int | None, chat_id: int | None) -> bool:
    # Approvers are let in too: they answer cards and reject reasons in their private chats.
    members = settings.allowed_users | settings.admins | settings.approvers
    if user_id is not None and user_id in members:
        return True
    return chat_id is not None and chat_id in settings.allowed_chats


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler. Strangers get their id and how to be let in. Whatever
    happens while telling them (a query too old to answer, a blocked chat), the update stops
    here: the refusal is decided first and the stop is in a `finally`."""
    if may_use(update, context):
        return
    try:
        if update.effective_user is not None and update.effective_chat is not None:
            await _refuse(update, context)
    except Exception:
        log.exception("could not tell user %s they are refused", update.effective_user)
    finally:
        raise ApplicationHandlerStop


def may_use(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The gate's rule: allowed members and chats; strangers only for /start, /help and the
    language choice in a private chat. Updates with nobody behind them are never let in."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return False
    if may_act(update, context):
        return True
    if chat.type != "private":
        return False
    message = update.effective_message
    text = (message.text or "") if message and update.callback_query is None else ""
    if text.split("@")[0].split(" ")[0] in OPEN_COMMANDS:
        return True  # /start and /help explain the refusal themselves
    query = update.callback_query
    return query is not None and (query.data or "").startswith(OPEN_BUTTONS)


def may_act(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """May this member order, pay, cancel or approve here? Checked by the gate and again by
    every handler that spends or changes money (a second lock on the same door)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return False
    settings = deps(context).settings
    # A team group upgraded to a supergroup keeps its place under its new id.
    upgraded = migrated_from(context.application, chat.id) in settings.allowed_chats
    return is_allowed(settings, user.id, chat.id) or upgraded


def requires_access(callback: Callback) -> Callback:
    """For handlers that spend or change money: refuse (and do nothing) unless `may_act`."""

    @wraps(callback)
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not may_act(update, context):
            log.warning("refused %s for user %s", callback.__qualname__, update.effective_user)
            try:
                await _refuse(update, context)
            except Exception:
                log.exception("could not tell the refused member")
            return None
        return await callback(update, context)

    checked.requires_access = True  # type: ignore[attr-defined]
    return checked


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, chat = update.effective_user, update.effective_chat
    log.info("refused user %s in chat %s", user.id, chat.id)
    tr = translator(update, context)
    message = update.effective_message
    text = (message.text or "") if message else ""
    if update.callback_query is not None:
        await update.callback_query.answer(tr("access.refused_short"), show_alert=True)
    elif message is not None and (chat.type == "private" or text.startswith("/")):
        await context.bot.send_message(
            chat.id, tr("access.refused", user_id=user.id, chat_id=chat.id)
        )
