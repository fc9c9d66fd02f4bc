"""Updates processed again after a crash (bot.polling.queue_unfinished).

An update whose handling was cut off may already have moved its member's draft on: the draft
row names the update that last changed it and whether its answer was sent. Such an update is
not input for the new step; the member is shown the step they are on (when the answer may not
have reached them) and the update goes no further. Updates that never reached the draft are
processed as usual; the handlers that spend or change money are idempotent on their own.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.polling import REPLAYED
from handlers.common import load_session
from handlers.new_order import show_step_again

log = logging.getLogger(__name__)


async def skip_applied(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replayed: set[int] | None = context.application.bot_data.get(REPLAYED)
    if not replayed or update.update_id not in replayed:
        return
    replayed.discard(update.update_id)
    if update.effective_chat is None or update.effective_user is None:
        return
    session = load_session(update, context)
    if session.update_id != update.update_id:
        return  # it never reached the draft: process it now
    if not session.answered:
        log.info("update %d: applied before the restart; showing its step again", update.update_id)
        await show_step_again(update, context, session)
    else:
        log.info("update %d: applied and answered before the restart", update.update_id)
    raise ApplicationHandlerStop
