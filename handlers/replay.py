"""Updates processed again after a crash (bot.polling.queue_unfinished).

An update whose handling was cut off may already have moved its member's draft on: the draft
row names the update that last changed it and whether its answer was sent. Such an update is
not input for the new step; the member is shown the step they are on (when the answer may not
have reached them) and the update goes no further. Updates that never reached the draft are
processed as usual; the handlers that spend or change money are idempotent on their own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.polling import REPLAYED
from bot.session import Flow, FlowSession
from handlers.common import load_state

log = logging.getLogger(__name__)

ShowAgain = Callable[[Update, ContextTypes.DEFAULT_TYPE, FlowSession], Awaitable[None]]
_SHOW_AGAIN: dict[str, tuple[Flow, ShowAgain]] = {}


def shows_again(flow: Flow, show: ShowAgain) -> None:
    """How `flow` shows a member the step they are on (each durable flow registers one)."""
    _SHOW_AGAIN[flow.name] = (flow, show)


async def skip_applied(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    replayed: set[int] | None = context.application.bot_data.get(REPLAYED)
    if not replayed or update.update_id not in replayed:
        return
    replayed.discard(update.update_id)
    if update.effective_chat is None or update.effective_user is None:
        return
    for flow, show in _SHOW_AGAIN.values():
        session = load_state(update, context, flow)
        if session.update_id != update.update_id:
            continue  # it never reached this flow's state
        if not session.answered:
            log.info(
                "update %d: applied to %s before the restart; showing its step again",
                update.update_id,
                flow.name,
            )
            await show(update, context, session)
        else:
            log.info("update %d: applied and answered before the restart", update.update_id)
        raise ApplicationHandlerStop
