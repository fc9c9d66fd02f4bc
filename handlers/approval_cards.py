"""Every copy of an approval card, kept in step with the request; and the requester told.

Cards are rendered from SQLite (handlers/approval_render.py) in the language of whoever reads
them: a group copy in the requester's language, a private copy in its approver's. Copies and
the requester's news are background sends (bot/rate_limiter.py): the copy in the chat of the
member who just acted is their answer and goes first; the rest follow within Telegram's limits.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, User
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import ContextTypes

from bot.approvals import Actor, ApprovalService, Decision
from bot.i18n import Translator
from bot.rate_limiter import BACKGROUND
from bot.telegram_bot import not_modified
from handlers import keyboards
from handlers.approval_render import card_text, mention, outcome_line
from handlers.chat_migration import move_chat, send_following_migration
from handlers.common import deps
from storage.approvals import APPROVAL_APPROVED, Approval
from storage.order_records import StoredOrder

log = logging.getLogger(__name__)


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.full_name or str(user.id))


def approval_service(context: ContextTypes.DEFAULT_TYPE) -> ApprovalService:
    service = deps(context).approvals
    assert service is not None, "build_application wires the ApprovalService"
    return service


def reader_language(context: ContextTypes.DEFAULT_TYPE, chat_id: int, approval: Approval) -> str:
    """A private copy speaks its approver's language; a group copy its requester's."""
    d = deps(context)
    person = chat_id if chat_id > 0 else approval.requester_id
    return d.preferences.language(person) or d.settings.default_language


def render_card(
    context: ContextTypes.DEFAULT_TYPE, approval: Approval, chat_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card as the readers of `chat_id` see it: in their language, and the receiver in full
    only in a private chat (an approver's copy); a group's copy shows it masked."""
    service = approval_service(context)
    order = service.orders.get(approval.order_id)
    assert order is not None  # approvals reference their order
    reason = _last_error(context, order) if order.state == "rejected" else None
    tr = Translator(reader_language(context, chat_id, approval))
    text = card_text(
        tr,
        order,
        service.orders.lines(order.id),
        approval,
        service.approvals.requester_name(approval.id),
        private=chat_id > 0,
        platform_reason=reason,
    )
    markup = keyboards.approval_card(tr, approval.id) if approval.pending else None
    return text, markup


async def post_card(context: ContextTypes.DEFAULT_TYPE, approval: Approval, chat_id: int) -> None:
    """A new copy of the card in `chat_id`, remembered so every later edit reaches it."""
    text, markup = render_card(context, approval, chat_id)
    message = await send_following_migration(
        context, chat_id, text, reply_markup=markup, rate_limit_args=BACKGROUND
    )
    approval_service(context).approvals.add_message(
        approval.id, message.chat_id, message.message_id
    )


async def copy_to_approvers(context: ContextTypes.DEFAULT_TYPE, approval: Approval) -> None:
    """ORDERBOT_NOTIFY_APPROVERS_PRIVATELY: a copy in each approver's private chat."""
    settings = deps(context).settings
    if not settings.notify_approvers_privately:
        return
    for approver in sorted(settings.approvers):
        if approver == approval.requester_id and not settings.allow_self_approval:
            continue
        try:
            await post_card(context, approval, approver)
        except (Forbidden, BadRequest) as exc:  # never started the bot, or blocked it
            log.info("approver %d cannot be reached privately: %s", approver, exc.message)


async def refresh_cards(
    context: ContextTypes.DEFAULT_TYPE, approval: Approval, *, answering: int | None = None
) -> None:
    """Edit every copy to show the request as it stands now (decided copies lose buttons).
    `answering`: the chat of the member who acted; its copy is their answer and goes first."""
    service = approval_service(context)
    approval = service.approvals.get(approval.id) or approval
    for copy in service.approvals.messages(approval.id):
        text, markup = render_card(context, approval, copy.chat_id)
        lane = None if copy.chat_id == answering else BACKGROUND
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=copy.chat_id,
                message_id=copy.message_id,
                reply_markup=markup,
                rate_limit_args=lane,
            )
        except ChatMigrated as exc:
            await move_chat(context, copy.chat_id, exc.new_chat_id)
        except BadRequest as exc:
            if not not_modified(exc):
                log.warning(
                    "approval %d: card %d/%d not edited: %s",
                    approval.id,
                    copy.chat_id,
                    copy.message_id,
                    exc.message,
                )
        except Forbidden as exc:
            log.info(
                "approval %d: chat %d is closed to the bot: %s", approval.id, copy.chat_id, exc
            )


async def tell_requester(
    context: ContextTypes.DEFAULT_TYPE, decision: Decision | Approval
) -> int | None:
    """Tell the requester what became of their request, in the order's chat (in a group:
    as a reply to the card, naming them). Returns that chat, or None when nothing was said."""
    approval = decision.approval if isinstance(decision, Decision) else decision
    service = approval_service(context)
    order = service.orders.get(approval.order_id)
    if order is None:
        return None
    in_card_chat = order.chat_id == approval.chat_id
    if approval.state == APPROVAL_APPROVED and in_card_chat:
        return None  # the group watched the card change
    d = deps(context)
    tr = Translator(d.preferences.language(approval.requester_id) or d.settings.default_language)
    text = tr(
        f"approval.tell.{approval.state}",
        requester=mention(approval.requester_id, service.approvals.requester_name(approval.id)),
        ref=order.ref,
        name=approval.decided_by_name or "—",
        reason=approval.reason or "—",
    )
    if approval.state == APPROVAL_APPROVED:
        outcome = outcome_line(
            tr, order, service.orders.lines(order.id), _last_error(context, order)
        )
        text = "\n".join(part for part in (text, outcome) if part)
        if order.state not in ("submitted", "unknown", "submitting"):
            text += "\n" + tr("approval.tell.order_again")
    cards = [
        m.message_id for m in service.approvals.messages(approval.id) if m.chat_id == order.chat_id
    ]
    kwargs: dict = {"rate_limit_args": BACKGROUND}
    if cards:  # the newest copy: after a migration the old ones are in the old group
        kwargs.update(reply_to_message_id=max(cards), allow_sending_without_reply=True)
    try:
        message: Message = await send_following_migration(context, order.chat_id, text, **kwargs)
    except (Forbidden, BadRequest) as exc:
        log.warning("order %s: could not tell the requester: %s", order.ref, exc.message)
        return None
    return message.chat_id


def already_decided(tr: Translator, approval: Approval) -> str:
    """The answer to a press on a request someone else decided."""
    if approval.state == APPROVAL_APPROVED:
        if approval.decided_by is None:
            return tr("approval.answer.already_auto")
        return tr("approval.answer.already_approved", name=approval.decided_by_name or "—")
    if approval.state == "rejected":
        return tr("approval.answer.already_rejected", name=approval.decided_by_name or "—")
    return tr(f"approval.answer.already_{approval.state}")


def _last_error(context: ContextTypes.DEFAULT_TYPE, order: StoredOrder) -> str | None:
    submission = approval_service(context).orders.submission(order.seller_order_number)
    return submission.last_error if submission else None
