"""Refund requests in a team group wait for an approver (ORDERBOT_REFUNDS_NEED_APPROVAL).

The member's preview becomes the approval card; approvers decide by the group's rule for orders
(bot/approvals.py `decider_refusal`: ORDERBOT_APPROVERS, group admins with
ORDERBOT_ADMINS_APPROVE, not one's own unless ORDERBOT_ALLOW_SELF_APPROVAL). The first decision
wins (a conditional UPDATE); Approve submits the request, Reject asks for the reason as a reply.
The card then becomes the request's card, and the requester is told.
"""

from __future__ import annotations

import logging
import re

from telegram import ForceReply, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler
from telegram.ext import filters as tg_filters

from bot.domain.text import clean
from bot.i18n import Translator
from bot.refund_session import REFUND_FLOW, RefundSession
from handlers import refunds_keyboards as kb
from handlers.access import requires_access
from handlers.approval_cards import actor_of
from handlers.approval_render import mention
from handlers.chat_migration import send_following_migration
from handlers.common import answer, deps, drop_state, edit_text, translator
from handlers.refunds_common import card, outcome_note, refunds
from handlers.refunds_notify import send_background
from handlers.refunds_render import goods_label, terms_lines, when
from storage.refunds import PENDING_APPROVAL, RefundRepository, StoredRefund

log = logging.getLogger(__name__)

ADMIN_STATUSES = ("creator", "administrator")
MAX_REASON_LENGTH = 300


def approval_text(tr: Translator, context, refund: StoredRefund) -> str:
    order, line = refunds(context).goods(refund)
    parts = [
        tr("refund.approval.title", ref=refund.ref, order=order.ref),
        tr(
            "refund.approval.requested",
            requester=mention(refund.requester_id, refund.requester_name),
            when=when(refund.created_at),
        ),
        "",
        *terms_lines(
            tr,
            goods=goods_label(tr, refund.line_no, line),
            kind=refund.kind,
            reason=refund.reason_text,
            amount_fen=refund.amount_fen,
            max_fen=refund.max_fen,
            description=refund.description,
            photos=refund.photo_count,
        ),
        "",
        tr("refund.approval.waiting"),
    ]
    return "\n".join(parts)


async def send_for_approval(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: RefundSession,
    refund: StoredRefund,
    approval_chat_id: int,
):
    """In the group: the member's preview becomes the approval card. Asked privately about a
    group's order: the card goes to that group, and the private panel says so."""
    drop_state(update, context, REFUND_FLOW)
    service = refunds(context)
    query = update.callback_query
    panel = query.message if query is not None else None
    if refund.approval_message_id is not None:  # a repeat press: posted already
        return ConversationHandler.END
    if approval_chat_id == update.effective_chat.id and panel is not None:
        tr = translator(update, context)
        await edit_text(panel, approval_text(tr, context, refund), kb.approval_card(tr, refund.id))
        service.repo.set_approval_card(refund.id, approval_chat_id, panel.message_id)
        return ConversationHandler.END
    d = deps(context)
    group_tr = Translator(
        d.preferences.language(refund.requester_id) or d.settings.default_language
    )
    posted = await send_following_migration(
        context,
        approval_chat_id,
        approval_text(group_tr, context, refund),
        reply_markup=kb.approval_card(group_tr, refund.id),
    )
    service.repo.set_approval_card(refund.id, posted.chat.id, posted.message_id)
    tr = translator(update, context)
    text, markup = card(tr, context, refund, note=tr("refund.note.sent_for_approval"))
    if panel is not None:
        await edit_text(panel, text, markup)
    else:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return ConversationHandler.END


@requires_access
async def on_approval_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    query = update.callback_query
    match = re.match(kb.APPROVAL_BUTTON, query.data or "")
    service = refunds(context)
    refund = service.repo.get(int(match.group(2))) if match else None
    if refund is None:
        await answer(update, tr("refund.answer.gone"))
        return
    if refund.state != PENDING_APPROVAL:
        await answer(update, tr("refund.answer.decided", name=refund.decided_by_name or "—"))
        return
    actor = actor_of(update.effective_user)
    approvals = deps(context).approvals
    assert approvals is not None

    async def is_chat_admin() -> bool:
        try:
            member = await context.bot.get_chat_member(refund.chat_id, actor.id)
        except TelegramError as exc:
            log.info("refund %s: admin check of %d failed: %s", refund.ref, actor.id, exc)
            return False
        return member.status in ADMIN_STATUSES

    refusal = await approvals.decider_refusal(refund.requester_id, actor.id, is_chat_admin)
    if refusal is not None:
        await answer(update, tr(f"refund.answer.{refusal}"), alert=True)
        return
    if match.group(1) == "n":
        await answer(update, tr("approval.answer.reason"))
        prompt = await context.bot.send_message(
            query.message.chat.id,
            tr(
                "refund.approval.ask_reason", approver=mention(actor.id, actor.name), ref=refund.ref
            ),
            reply_to_message_id=query.message.message_id,
            reply_markup=ForceReply(
                selective=True, input_field_placeholder=tr("label.reject_reason")
            ),
        )
        service.repo.ask_reason(refund.id, actor.id, prompt.message_id)
        return
    await answer(update, tr("refund.answer.approving"))
    won, fresh, outcome = await service.actions.decide(
        refund, approved=True, actor_id=actor.id, actor_name=actor.name, reason=""
    )
    if not won:
        return
    note = tr("refund.approval.approved", name=actor.name)
    if outcome is not None and outcome.state != "done":
        order = service.orders.get(fresh.order_id)
        note += "\n" + outcome_note(tr, outcome, "refund.note.sent", order.ref if order else "")
    await _decided(context, fresh, note)


class ReasonReply(tg_filters.MessageFilter):
    """A reply, by the approver who pressed Reject, to the prompt that asked them why."""

    def __init__(self, repo: RefundRepository) -> None:
        super().__init__(name="RefundReasonReply")
        self._repo = repo

    def filter(self, message: Message) -> bool:
        reply, author = message.reply_to_message, message.from_user
        if reply is None or author is None:
            return False
        refund = self._repo.awaiting_reason(message.chat.id, reply.message_id)
        return refund is not None and refund.reason_prompt_actor_id == author.id


@requires_access
async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    tr = translator(update, context)
    service = refunds(context)
    refund = service.repo.awaiting_reason(message.chat.id, message.reply_to_message.message_id)
    if refund is None:
        return
    actor = actor_of(update.effective_user)
    reason = clean(message.text or "", multiline=True).strip()[:MAX_REASON_LENGTH] or "—"
    won, fresh, _ = await service.actions.decide(
        refund, approved=False, actor_id=actor.id, actor_name=actor.name, reason=reason
    )
    if not won:
        await context.bot.send_message(
            message.chat.id,
            tr("refund.answer.decided", name=fresh.decided_by_name or "—"),
            reply_to_message_id=message.message_id,
        )
        return
    await _decided(context, fresh, tr("refund.approval.declined", name=actor.name, reason=reason))


async def _decided(context: ContextTypes.DEFAULT_TYPE, refund: StoredRefund, note: str) -> None:
    """The approval card becomes the request's card; the requester is told privately."""
    d = deps(context)
    lang = d.preferences.language(refund.requester_id) or d.settings.default_language
    tr = Translator(lang)
    text, markup = card(tr, context, refund, note=note)
    if refund.approval_chat_id and refund.approval_message_id:
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=refund.approval_chat_id,
                message_id=refund.approval_message_id,
                reply_markup=markup,
            )
        except TelegramError as exc:
            log.info("refund %s: approval card not updated: %s", refund.ref, exc)
    await send_background(
        context.bot,
        refund.requester_id,
        tr("refund.approval.tell", ref=refund.ref, note=note),
        kb.open_refund(tr, refund),
    )


def build_refund_approval_handlers(repo: RefundRepository) -> list:
    """Before the conversations: a reject reason is not input for anyone's panel."""
    return [
        MessageHandler(tg_filters.TEXT & ~tg_filters.COMMAND & ReasonReply(repo), on_reason),
        CallbackQueryHandler(on_approval_button, pattern=kb.APPROVAL_BUTTON),
    ]
