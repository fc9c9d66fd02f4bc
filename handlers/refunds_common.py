"""What the after-sales handlers share: the flow's steps and state, who may see what, the live
panel's guard, and the refund card.

Who may see a request: the chat it was asked in, its requester, the chat that owns its order,
and configured admins — anyone else gets "not found", never a hint that it exists.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.i18n import Translator
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.platform_calls import ActionOutcome
from bot.refund_session import REFUND_FLOW, RefundSession
from bot.refunds import RefundService
from handlers import refunds_keyboards as kb
from handlers.common import (
    answer,
    deps,
    drop_state,
    edit_text,
    load_state,
    on_live_panel,
    say,
    show_panel,
    translator,
)
from handlers.orders import may_view
from handlers.refunds_render import card_text
from storage.orders import StoredOrder
from storage.refunds import StoredRefund

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]

# The steps of the after-sales conversation (strings: the stored state stays readable).
LINE = "line"
KIND = "kind"
REASON = "reason"
AMOUNT = "amount"
DESCRIPTION = "description"
PHOTOS = "photos"
PREVIEW = "preview"
CARRIER = "carrier"
TRACKING = "tracking"
RETURN_CONFIRM = "return_confirm"
MESSAGES = "messages"

MAX_DESCRIPTION = 500
MAX_MESSAGE = 500


def refunds(context: ContextTypes.DEFAULT_TYPE) -> RefundService:
    service = deps(context).refunds
    assert service is not None, "build_application wires the RefundService"
    return service


def load(update: Update, context: ContextTypes.DEFAULT_TYPE) -> RefundSession:
    return load_state(update, context, REFUND_FLOW)


async def show(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: RefundSession,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    step: str,
) -> str:
    """The step's panel, with a one-time note (a refusal, a hint) above it."""
    if session.note:
        text = f"{session.note}\n\n{text}"
        session.note = None
    return await show_panel(update, context, session, text, keyboard, step=step, flow=REFUND_FLOW)


def leave_previous(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A card's button starts the conversation anew while a request was being written: its
    photos go (nothing was sent of it)."""
    previous = load(update, context)
    if previous.step is not None and previous.key and previous.mode in ("request", "modify"):
        refunds(context).repo.drop_photos(previous.key)


def visible_order(update: Update, context, order_id: int) -> StoredOrder | None:
    order = deps(context).service.orders.get(order_id)
    if order is None:
        return None
    settings = deps(context).settings
    if not may_view(settings, order, update.effective_user.id, update.effective_chat.id):
        return None
    return order


def visible_refund(update: Update, context, refund_id: int) -> StoredRefund | None:
    refund = refunds(context).repo.get(refund_id)
    if refund is None:
        return None
    user, chat = update.effective_user.id, update.effective_chat.id
    if refund.chat_id == chat or refund.requester_id == user:
        return refund
    order = visible_order(update, context, refund.order_id)
    return refund if order is not None else None


def card(
    tr: Translator, context, refund: StoredRefund, *, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    order, line = refunds(context).goods(refund)
    return card_text(tr, refund, order, line, note=note), kb.refund_card(tr, refund)


def guarded(callback: Callback) -> Callback:
    """A button of the member's live panel; any other message's answers "expired"."""

    @wraps(callback)
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not on_live_panel(update, load(update, context)):
            await answer(update, translator(update, context)("err.menu_expired"))
            return None
        return await callback(update, context)

    return handler


async def picked(update: Update, context, options: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The option of a list's button (its index ends the callback data), the press answered;
    None, answered "this menu has expired", when the list the session keeps has no such entry."""
    index = int(update.callback_query.data.rsplit(":", 1)[1])
    if index >= len(options):
        await answer(update, translator(update, context)("err.menu_expired"))
        return None
    await answer(update)
    return options[index]


async def finish_with_card(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: RefundSession,
    refund: StoredRefund,
    note: str | None = None,
):
    """End the conversation; its panel becomes the request's card."""
    drop_state(update, context, REFUND_FLOW)
    text, markup = card(translator(update, context), context, refund, note=note)
    await _last_panel(update, context, session, text, markup)
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Cancel on any step, or /cancel: nothing is sent; the request's card comes back where
    the conversation was about one."""
    tr = translator(update, context)
    session = load(update, context)
    service = refunds(context)
    if session.key:
        service.repo.drop_photos(session.key)  # evidence of a request that will not be made
    refund = service.repo.get(session.refund_id) if session.refund_id else None
    await answer(update)
    if refund is not None:
        return await finish_with_card(update, context, session, refund, tr("refund.note.left"))
    drop_state(update, context, REFUND_FLOW)
    markup = None
    if session.order_id is not None:
        markup = InlineKeyboardMarkup([[_order_button(tr, session.order_id)]])
    await _last_panel(update, context, session, tr("refund.note.cancelled"), markup)
    return ConversationHandler.END


async def _last_panel(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: RefundSession,
    text: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """What the conversation ends on: in its panel when a button of it was pressed, else a new
    message (the member typed or sent a photo last)."""
    query = update.callback_query
    if (
        query is not None
        and query.message is not None
        and (query.message.message_id == session.panel_message_id)
    ):
        await edit_text(query.message, text, markup)
    else:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def _order_button(tr: Translator, order_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(tr("btn.back_to_card"), callback_data=f"o:c:{order_id}")


def refusal_note(tr: Translator, exc: PandaPonError) -> str:
    if isinstance(exc, PlatformError):
        return tr("refund.note.refused", reason=exc.msg)
    return tr("err.platform_down")


def outcome_note(tr: Translator, outcome: ActionOutcome, done_key: str, order_ref: str) -> str:
    if outcome.state == "done":
        return tr(done_key)
    if outcome.state == "failed":
        if outcome.reason == "unreachable":
            return tr("err.platform_down")
        reason = outcome.refusal.msg if outcome.refusal is not None else outcome.reason
        return tr("refund.note.refused", reason=reason or "?")
    return tr(f"action.{outcome.kind}.{outcome.state}", ref=order_ref)


async def not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A message no handler of the current step takes: say so, stay on the step."""
    await say(update, context, translator(update, context)("refund.err.not_expected"))
