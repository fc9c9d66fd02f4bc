"""Group approval on Telegram: the card's buttons, the reject reason, /pending, the expiry job,
and a group's upgrade to a supergroup (asking for approval: handlers/approval_request.py).

The card's buttons are a stateless `CallbackQueryHandler(pattern=CARD_BUTTON)` outside the draft
conversation: everything it needs is in SQLite, so a restart changes nothing, and any member
may press (the approver check decides). Each press is answered first and exactly once.
"""

from __future__ import annotations

import logging
import re

from telegram import ForceReply, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.approvals import Actor
from bot.domain.text import clean
from bot.i18n import Html, Translator
from handlers import callback_data as cd
from handlers import render
from handlers.access import requires_access
from handlers.approval_cards import (
    actor_of,
    already_decided,
    approval_service,
    post_card,
    refresh_cards,
    tell_requester,
)
from handlers.approval_render import mention, status_line, when
from handlers.chat_migration import move_chat
from handlers.common import answer, deps, translator
from storage.approvals import Approval, ApprovalRepository

log = logging.getLogger(__name__)

CARD_BUTTON = re.compile(rf"^ap:(y|n):({cd.ID})$")
GROUP_CHATS = ("group", "supergroup")
ADMIN_STATUSES = ("creator", "administrator")
EXPIRY_INTERVAL_SECONDS = 30
MAX_REASON_LENGTH = 300


# --- the card's buttons ----------------------------------------------------------------------


@requires_access
async def on_card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    tr = translator(update, context)
    match = CARD_BUTTON.match(query.data or "")
    service = approval_service(context)
    approval, expired_now = service.current(int(match.group(2))) if match else (None, False)
    if approval is None:
        await answer(update, tr("approval.answer.gone"))
        return
    if not approval.pending:
        await answer(update, already_decided(tr, approval))
        if expired_now:
            await announce_expired(context, approval)
        elif query.message is not None and query.message.reply_markup is not None:
            # a decided card still showing its buttons: its edit was cut off (a stop between
            # the decision and the edits): bring every copy up to date now
            await refresh_cards(context, approval)
        return
    actor = actor_of(update.effective_user)

    async def is_chat_admin() -> bool:
        try:
            member = await context.bot.get_chat_member(approval.chat_id, actor.id)
        except TelegramError as exc:
            log.info("approval %d: admin check of %d failed: %s", approval.id, actor.id, exc)
            return False
        return member.status in ADMIN_STATUSES

    refusal = await service.refusal(approval, actor.id, is_chat_admin)
    if refusal is not None:
        service.record_refusal(approval, actor, refusal)
        text = tr(f"approval.answer.{refusal}", ref=f"#{approval.order_id}")
        await answer(update, text, alert=True)
        return
    if match.group(1) == "n":
        await answer(update, tr("approval.answer.reason"))
        await _ask_reason(update, context, approval, actor)
        return
    decision = service.approve(approval.id, actor)
    if not decision.won:
        await answer(update, already_decided(tr, decision.approval))
        return
    await answer(update, tr("approval.answer.approving"))
    # One edit per copy, with the outcome: a group allows about 20 bot messages a minute.
    decision = await service.submit_approved(decision.approval)
    await refresh_cards(context, decision.approval, answering=query.message.chat.id)
    await tell_requester(context, decision)


async def _ask_reason(
    update: Update, context: ContextTypes.DEFAULT_TYPE, approval: Approval, actor: Actor
) -> None:
    """Reject needs a reason: ask for it as a reply (ForceReply opens the reply for them)."""
    tr = translator(update, context)
    card = update.callback_query.message
    prompt = await context.bot.send_message(
        card.chat.id,
        tr(
            "approval.ask_reason",
            approver=mention(actor.id, actor.name),
            ref=f"#{approval.order_id}",
        ),
        reply_to_message_id=card.message_id,
        reply_markup=ForceReply(selective=True, input_field_placeholder=tr("label.reject_reason")),
    )
    approval_service(context).ask_reason(approval, actor, card.chat.id, prompt.message_id)


class ReasonReply(filters.MessageFilter):
    """A reply, by the approver who pressed Reject, to the prompt that asked them why."""

    def __init__(self, approvals: ApprovalRepository) -> None:
        super().__init__(name="ReasonReply")
        self._approvals = approvals

    def filter(self, message: Message) -> bool:
        reply, author = message.reply_to_message, message.from_user
        if reply is None or author is None:
            return False
        request = self._approvals.reason_request(message.chat.id, reply.message_id)
        return request is not None and request.actor_id == author.id


async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    tr = translator(update, context)
    service = approval_service(context)
    request = service.approvals.reason_request(message.chat.id, message.reply_to_message.message_id)
    if request is None:  # answered by the filter; gone only if the database was swapped
        return
    reason = clean(message.text or "", multiline=True).strip()[:MAX_REASON_LENGTH]
    current, expired_now = service.current(request.approval_id)
    if expired_now and current is not None:
        await announce_expired(context, current)
    decision = service.reject(request.approval_id, actor_of(update.effective_user), reason)
    ref = f"#{decision.approval.order_id}"
    if not decision.won:
        status = Html(status_line(tr, decision.approval))
        await context.bot.send_message(
            message.chat.id,
            tr("approval.reason_late", ref=ref, status=status),
            reply_to_message_id=message.message_id,
        )
        return
    await refresh_cards(context, decision.approval, answering=message.chat.id)
    told_in = await tell_requester(context, decision)
    if told_in != message.chat.id:
        name = service.approvals.requester_name(decision.approval.id) or "—"
        await context.bot.send_message(
            message.chat.id,
            tr("approval.reason_done", ref=ref, requester=name),
            reply_to_message_id=message.message_id,
        )


# --- /pending, expiry ------------------------------------------------------------------------


async def pending_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group: its pending requests. In private: one's own, or all of them for approvers."""
    tr = translator(update, context)
    chat, user = update.effective_chat, update.effective_user
    service = approval_service(context)
    if chat.type in GROUP_CHATS:
        waiting = service.approvals.pending_in_chat(chat.id)
    else:
        approver = user.id in deps(context).settings.approvers
        waiting = [a for a in service.approvals.pending() if approver or a.requester_id == user.id]
    if not waiting:
        await context.bot.send_message(chat.id, tr("approval.pending.none"))
        return
    rows = [tr("approval.pending.title", count=len(waiting))]
    for approval in waiting:
        order = service.orders.get(approval.order_id)
        rows.append(
            tr(
                "approval.pending.item",
                ref=f"#{approval.order_id}",
                requester=service.approvals.requester_name(approval.id) or "—",
                total=render.money(tr, order.total_fen if order else 0),
                when=when(approval.expires_at),
            )
        )
    await context.bot.send_message(chat.id, "\n".join(rows))


async def announce_expired(context: ContextTypes.DEFAULT_TYPE, approval: Approval) -> None:
    await refresh_cards(context, approval)
    await tell_requester(context, approval)


async def expiry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Expire requests nobody decided in time; their cards say so and the requester is told."""
    for approval in approval_service(context).expire_due():
        try:
            await announce_expired(context, approval)
        except TelegramError:
            log.exception("approval %d: expired, but the chats could not be told", approval.id)


# --- a group became a supergroup ------------------------------------------------------------


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The service message in the old group: move everything, then re-post pending cards in
    the supergroup (the old group's messages can no longer be edited or pressed)."""
    message = update.effective_message
    if message.migrate_to_chat_id is None:
        return  # its twin in the new chat: the move is done already
    old_chat_id, new_chat_id = message.chat.id, message.migrate_to_chat_id
    moved = await move_chat(context, old_chat_id, new_chat_id)
    if not moved.anything:
        return
    tr = Translator(deps(context).settings.default_language)
    await context.bot.send_message(
        new_chat_id,
        tr(
            "group.migrated",
            orders=tr.count("count.orders", moved.orders),
            drafts=tr.count("count.drafts", moved.drafts),
            approvals=tr.count("count.approval_requests", moved.approvals),
        ),
    )
    service = approval_service(context)
    for approval in service.approvals.pending_in_chat(new_chat_id):
        await post_card(context, approval, new_chat_id)


def build_approval_handlers(approvals: ApprovalRepository) -> list[BaseHandler]:
    """Register before the draft conversation: a reject reason or a migration notice is not
    input for a member's draft."""
    return [
        MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate),
        MessageHandler(filters.TEXT & ~filters.COMMAND & ReasonReply(approvals), on_reason),
        CommandHandler("pending", pending_command),
        CallbackQueryHandler(on_card_button, pattern=CARD_BUTTON),
    ]
