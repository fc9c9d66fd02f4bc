"""Which part of the new-order flow follows which, in one place.

Each part (items, address, budget, source, seller number, preview) registers the function that
shows its first step; the part modules ask for "the step after mine" here instead of importing
each other, so the order of the flow is written once and no step module knows another.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.session import OrderSession
from handlers.common import edit_text

ITEMS = "items"
ADDRESS = "address"
BUDGET = "budget"
SOURCE = "source"
SELLER_NO = "seller_no"
PREVIEW = "preview"

# The flow, part by part; an edit started from the preview returns there instead.
NEXT = {ITEMS: ADDRESS, ADDRESS: BUDGET, BUDGET: SOURCE, SOURCE: SELLER_NO, SELLER_NO: PREVIEW}

Show = Callable[[Update, ContextTypes.DEFAULT_TYPE, OrderSession], Awaitable[object]]
_SHOWS: dict[str, Show] = {}


def shows(part: str) -> Callable[[Show], Show]:
    """Register `function` as what shows the first step of `part`."""

    def register(function: Show) -> Show:
        if part in _SHOWS and _SHOWS[part] is not function:
            raise RuntimeError(f"part {part!r} is shown by {_SHOWS[part].__qualname__} already")
        _SHOWS[part] = function
        return function

    return register


async def show(part: str, update: Update, context: ContextTypes.DEFAULT_TYPE, session):
    """Show the first step of `part`; returns the conversation state it leaves the member in."""
    return await _SHOWS[part](update, context, session)


async def advance(done: str, update: Update, context: ContextTypes.DEFAULT_TYPE, session):
    """The step after the finished part `done`: the next part, or back to the preview when the
    member came from there (and the draft has what the preview needs)."""
    if session.return_to_preview and session.draft.receiver is not None:
        return await show(PREVIEW, update, context, session)
    return await show(NEXT[done], update, context, session)


async def preview_again(update: Update, context: ContextTypes.DEFAULT_TYPE, session, text: str):
    """After a submission that did not go through: `text` (the reason) stays on the message
    whose Confirm was pressed, without buttons, and the preview comes back as a new message. A
    second tap on the old Confirm (a double tap waits behind the first) then finds its menu
    gone instead of submitting again."""
    await edit_text(update.callback_query.message, text)
    session.panel_message_id = None
    return await show(PREVIEW, update, context, session)
