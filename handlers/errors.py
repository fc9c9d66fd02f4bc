"""The last line of defence: log the failure, tell the member something useful."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import ContextTypes

from handlers.common import translator

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, Forbidden):
        log.info("the member blocked the bot: %s", error)
        return
    if isinstance(error, RetryAfter | TimedOut | NetworkError) and not isinstance(update, Update):
        log.warning("Telegram transport problem: %s", error)
        return
    log.error("unhandled error while handling an update", exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        tr = translator(update, context)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
        except TelegramError:  # already answered or too old: the message below still helps
            pass
        try:
            await context.bot.send_message(update.effective_chat.id, tr("err.internal"))
        except TelegramError:
            log.exception("could not tell the member about the error")
