"""Text of approval cards, their outcome, and an order's approval history (pure functions).

A card is rendered from what is stored (order, lines, approval), never from a draft, so any copy
can be re-rendered at any time: after a decision, after a restart, by the expiry job.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.money import format_fen
from bot.domain.receiver import Receiver, format_receiver
from bot.i18n import Html, Translator
from handlers.render import money, platform_name
from storage.approvals import (
    APPROVAL_APPROVED,
    APPROVAL_EXPIRED,
    APPROVAL_PENDING,
    APPROVAL_REJECTED,
    AUDIT_AUTO_APPROVED,
    AUDIT_REASON_ASKED,
    AUDIT_REFUSED,
    Approval,
    ApprovalAuditEntry,
)
from storage.order_records import StoredOrder, StoredOrderLine

BEIJING = ZoneInfo("Asia/Shanghai")  # the platform's time zone, as on the order card
MAX_CARD_LINES = 20  # keeps a card far below Telegram's 4096 characters


def when(epoch_ms: int | None) -> str:
    if epoch_ms is None:
        return "—"
    return datetime.fromtimestamp(epoch_ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M")


def mention(user_id: int, name: str | None) -> Html:
    """A name that notifies its owner (works without a @username)."""
    label = html.escape(name or str(user_id), quote=False)
    return Html(f'<a href="tg://user?id={int(user_id)}">{label}</a>')


def is_auto(approval: Approval) -> bool:
    return approval.state == APPROVAL_APPROVED and approval.decided_by is None


def status_line(tr: Translator, approval: Approval) -> str:
    """Who decided what and when (or until when it waits)."""
    name = approval.decided_by_name or "—"
    if approval.state == APPROVAL_PENDING:
        return tr("approval.status.pending", when=when(approval.expires_at))
    if is_auto(approval):
        return tr("approval.status.auto", limit=money(tr, int(approval.reason or 0)))
    if approval.state == APPROVAL_APPROVED:
        return tr("approval.status.approved", name=name, when=when(approval.decided_at))
    if approval.state == APPROVAL_REJECTED:
        return tr(
            "approval.status.rejected",
            name=name,
            when=when(approval.decided_at),
            reason=approval.reason or "—",
        )
    if approval.state == APPROVAL_EXPIRED:
        return tr("approval.status.expired", when=when(approval.decided_at))
    return tr("approval.status.withdrawn", when=when(approval.decided_at))


def outcome_line(
    tr: Translator,
    order: StoredOrder,
    lines: list[StoredOrderLine],
    platform_reason: str | None = None,
) -> str:
    """What became of the order on the platform; empty while nothing was sent."""
    if order.state == "submitted":
        parts = [tr("approval.outcome.placed", order_no=order.platform_order_no or "—")]
        parts += [
            tr(
                "result.line_failed",
                n=line.line_no,
                title=line.title,
                reason=line.error_message or line.error_code,
            )
            for line in lines
            if line.error_code
        ]
        return "\n".join(parts)
    if order.state in ("submitting", "pending_approval"):  # approved, the call not done yet
        return tr("approval.outcome.submitting")
    if order.state == "unknown":
        return tr("approval.outcome.unknown")
    if order.state == "rejected":
        failed = [
            tr(
                "result.line_failed",
                n=line.line_no,
                title=line.title,
                reason=line.error_message or line.error_code,
            )
            for line in lines
            if line.error_code
        ]
        reason = platform_reason or "—"
        if reason.startswith("not created"):
            return tr("approval.outcome.not_created")
        return "\n".join([tr("approval.outcome.refused", reason=reason), *failed])
    return ""


def order_body(
    tr: Translator, order: StoredOrder, lines: list[StoredOrderLine], *, private: bool
) -> str:
    """The preview as stored: lines, totals in ¥ and fen, budget, receiver, numbers. The
    receiver in full only for a `private` copy; a group's copy shows it masked."""
    rows = [
        tr(
            "quote.line",
            n=line.line_no,
            title=line.title,
            sku=line.sku_label,
            qty=line.quantity,
            price=format_fen(line.unit_price_fen),
            total=format_fen(line.line_total_fen),
            mark="",
        )
        for line in lines[:MAX_CARD_LINES]
    ]
    if len(lines) > MAX_CARD_LINES:
        more = tr.count("count.more_lines", len(lines) - MAX_CARD_LINES)
        rows.append(tr("approval.card.more_lines", more=more))
    rows.append(
        tr(
            "quote.totals",
            subtotal=money(tr, order.subtotal_fen),
            postage=money(tr, order.postage_fen),
            total=money(tr, order.total_fen),
        )
    )
    rows.append(tr("approval.card.budget", budget=money(tr, order.purchase_amount_fen or 0)))
    rows.append("")
    rows.append("📍 " + html.escape(_receiver_text(order, private=private), quote=False))
    if order.order_source:
        rows.append(tr("preview.source", source=tr(f"src.{order.order_source}")))
    rows.append(tr("approval.card.seller_no", number=order.seller_order_number))
    return "\n".join(rows)


def card_text(
    tr: Translator,
    order: StoredOrder,
    lines: list[StoredOrderLine],
    approval: Approval,
    requester_name: str | None,
    *,
    private: bool,
    platform_reason: str | None = None,
) -> str:
    """The card; `private`: a copy in an approver's private chat (the receiver in full)."""
    parts = [
        tr("approval.card.title", ref=order.ref, platform=platform_name(tr, order.platform)),
        tr(
            "approval.card.requested",
            requester=mention(approval.requester_id, requester_name),
            when=when(approval.created_at),
        ),
        "",
        order_body(tr, order, lines, private=private),
        "",
        status_line(tr, approval),
    ]
    if approval.state == APPROVAL_APPROVED:
        outcome = outcome_line(tr, order, lines, platform_reason)
        if outcome:
            parts.append(outcome)
    return "\n".join(parts)


def render_approval_history(
    tr: Translator, approval: Approval, audit: list[ApprovalAuditEntry]
) -> str:
    """The approval part of the order card: every request and decision, oldest first."""
    rows = [tr("approval.history.title", status=Html(status_line(tr, approval)))]
    for entry in audit:
        name = entry.actor_name or (str(entry.actor_id) if entry.actor_id else "—")
        at = when(entry.at)
        if entry.action == AUDIT_AUTO_APPROVED:
            limit = money(tr, int(entry.detail or 0)) if (entry.detail or "").isdigit() else "—"
            rows.append(tr("approval.history.auto_approved", when=at, limit=limit))
        elif entry.action == APPROVAL_REJECTED:
            rows.append(
                tr("approval.history.rejected", when=at, name=name, reason=entry.detail or "—")
            )
        elif entry.action == AUDIT_REFUSED and entry.detail == "self":
            rows.append(tr("approval.history.refused_self", when=at, name=name))
        elif entry.action == AUDIT_REASON_ASKED:
            rows.append(tr("approval.history.reason_asked", when=at, name=name))
        elif entry.action in _HISTORY_KEYS:
            rows.append(tr(_HISTORY_KEYS[entry.action], when=at, name=name))
    return "\n".join(rows)


_HISTORY_KEYS = {
    "requested": "approval.history.requested",
    "reopened": "approval.history.reopened",
    "refused": "approval.history.refused",
    "approved": "approval.history.approved",
    "expired": "approval.history.expired",
    "withdrawn": "approval.history.withdrawn",
}


def _receiver_text(order: StoredOrder, *, private: bool) -> str:
    try:
        receiver = Receiver.model_validate_json(order.receiver_json)
        return format_receiver(receiver, masked=not private)
    except ValueError:
        return "—"
