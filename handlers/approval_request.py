"""Asking for approval: Confirm in a group turns the member's preview into the approval card;
a private preview offers the member's team groups ("Send to <group> for approval").

Orders small enough (ORDERBOT_AUTO_APPROVE_FEN) go straight to the platform, as in a private
chat. A repeated tap finds the same stored order and request and posts nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict

from telegram import InlineKeyboardMarkup, Update
from telegram.error import ChatMigrated, TelegramError
from telegram.ext import ContextTypes, ConversationHandler

from bot.approvals import Requested
from bot.session import OrderSession
from handlers import keyboards, order_card, order_steps, render
from handlers.access import requires_access
from handlers.approval_cards import (
    actor_of,
    approval_service,
    copy_to_approvers,
    post_card,
    render_card,
)
from handlers.chat_migration import move_chat
from handlers.common import (
    answer,
    deps,
    drop_session,
    edit_text,
    load_session,
    recheck_minutes,
    translator,
)
from storage.approvals import Approval

log = logging.getLogger(__name__)

MEMBER_STATUSES = ("creator", "administrator", "member", "restricted")
TEAM_GROUPS_CACHE_SECONDS = 300
_TEAM_GROUPS = "approval:team_groups"  # bot_data: {user id: (monotonic time, [(id, title)])}
_POSTING = "approval:posting"  # bot_data: one lock per approval while its card is posted


async def request_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Confirm in a group: the member's preview becomes the approval card (or the order goes
    straight to the platform when it is small enough to skip approval)."""
    session = load_session(update, context)
    return await _request(update, context, session, update.effective_chat.id, None)


@requires_access
async def on_send_to_group(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The "Send to <group> for approval" button of a private preview (membership is checked
    again now: it may have changed since the preview)."""
    session = load_session(update, context)
    chat_id = int(update.callback_query.data.rsplit(":", 1)[1])
    groups = dict(await team_groups(context, update.effective_user.id, fresh=True))
    if chat_id not in groups:
        tr = translator(update, context)
        await answer(update, tr("approval.answer.not_member"), alert=True)
        return None
    return await _request(update, context, session, chat_id, groups[chat_id])


async def _request(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: OrderSession,
    approval_chat_id: int,
    group_title: str | None,
):
    tr = translator(update, context)
    await answer(update, tr("approval.answer.sending"))
    try:
        requested = approval_service(context).request(
            session.draft,
            order_chat_id=update.effective_chat.id,
            approval_chat_id=approval_chat_id,
            requester=actor_of(update.effective_user),
        )
    except Exception:
        log.exception("approval request for %s failed", session.draft.seller_order_number)
        return await order_steps.preview_again(update, context, session, tr("err.submit_crashed"))
    if requested.approval is None or not requested.approval.pending:
        # auto-approved, or a repeated tap on an order already past approval
        return await _submit_now(update, context, session, requested)
    approval = requested.approval
    async with _posting_lock(context, approval.id):
        if not approval_service(context).approvals.messages(approval.id):
            await _post_first_card(update, context, approval, group_title)
            await copy_to_approvers(context, approval)
    drop_session(update, context)
    return ConversationHandler.END


async def _post_first_card(
    update: Update, context: ContextTypes.DEFAULT_TYPE, approval: Approval, group_title: str | None
) -> None:
    query = update.callback_query
    if approval.chat_id == update.effective_chat.id:
        # In the group the member's preview becomes the card: one message less in a busy chat.
        text, markup = render_card(context, approval, approval.chat_id)
        await edit_text(query.message, text, markup)
        approval_service(context).approvals.add_message(
            approval.id, approval.chat_id, query.message.message_id
        )
        return
    await post_card(context, approval, approval.chat_id)
    tr = translator(update, context)
    ref = f"#{approval.order_id}"
    await edit_text(query.message, tr("approval.sent_private", title=group_title, ref=ref))


async def _submit_now(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession, requested: Requested
):
    tr = translator(update, context)
    message = update.callback_query.message
    await edit_text(message, tr("note.submitting"))
    service = approval_service(context)
    outcome = None
    if requested.approval is not None:
        decision = await service.submit_approved(requested.approval)
        outcome = decision.outcome
    else:
        try:
            outcome = await service.service.submit_stored(requested.order.id)
        except Exception:
            log.exception("order %s: submission failed", requested.order.ref)
    if outcome is None:
        return await order_steps.preview_again(update, context, session, tr("err.submit_crashed"))
    text = render.outcome(tr, session.draft, outcome, recheck_minutes(context))
    if requested.auto:
        limit = render.money(tr, deps(context).settings.auto_approve_fen)
        text = tr("approval.auto_note", limit=limit) + "\n\n" + text
    if outcome.kind in ("submitted", "unknown"):
        markup = order_card.check_now(tr, outcome.order_id) if outcome.kind == "unknown" else None
        await edit_text(message, text, markup)
        drop_session(update, context)
        return ConversationHandler.END
    return await order_steps.preview_again(update, context, session, text)


def _posting_lock(context: ContextTypes.DEFAULT_TYPE, approval_id: int) -> asyncio.Lock:
    locks = context.application.bot_data.setdefault(_POSTING, defaultdict(asyncio.Lock))
    return locks[approval_id]


# --- team groups a private member may send a draft to ----------------------------------------


async def team_groups(
    context: ContextTypes.DEFAULT_TYPE, user_id: int, *, fresh: bool = False
) -> list[tuple[int, str]]:
    """The allowed team groups (ORDERBOT_ALLOWED_CHATS) the member belongs to, with titles.
    Asked of Telegram (getChatMember) and remembered for a few minutes between previews."""
    allowed = sorted(deps(context).settings.allowed_chats)
    if not allowed:
        return []
    cache = context.application.bot_data.setdefault(_TEAM_GROUPS, {})
    hit = cache.get(user_id)
    if hit is not None and not fresh and time.monotonic() - hit[0] < TEAM_GROUPS_CACHE_SECONDS:
        return hit[1]
    groups = []
    for chat_id in allowed:
        found = await _membership(context, chat_id, user_id)
        if found is not None:
            groups.append(found)
    cache[user_id] = (time.monotonic(), groups)
    return groups


async def _membership(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int
) -> tuple[int, str] | None:
    try:
        try:
            member = await context.bot.get_chat_member(chat_id, user_id)
        except ChatMigrated as exc:  # the group became a supergroup: move to it, ask there
            await move_chat(context, chat_id, exc.new_chat_id)
            chat_id = exc.new_chat_id
            member = await context.bot.get_chat_member(chat_id, user_id)
        if member.status not in MEMBER_STATUSES:
            return None
        chat = await context.bot.get_chat(chat_id)
    except TelegramError as exc:
        log.info("team group %d: membership of %d unknown: %s", chat_id, user_id, exc)
        return None
    return chat_id, chat.title or str(chat_id)


async def add_team_groups(
    update: Update, context: ContextTypes.DEFAULT_TYPE, keyboard: InlineKeyboardMarkup
) -> InlineKeyboardMarkup:
    """A private preview that can be confirmed also offers the member's team groups."""
    if update.effective_chat.type != "private":
        return keyboard
    groups = await team_groups(context, update.effective_user.id)
    if not groups:
        return keyboard
    return keyboards.with_approval_targets(translator(update, context), keyboard, groups)
