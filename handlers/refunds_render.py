"""Text of the refund card, the request panels' summaries and /refunds — platform-neutral:
everything comes from the stored request and the buyer vocabulary."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.money import format_fen
from bot.domain.refund_status import RefundStatus
from bot.i18n import Html, Translator
from handlers.render import money, platform_name
from storage.db import now_ms
from storage.orders import StoredOrder, StoredOrderLine
from storage.refunds import DECLINED, FAILED, SUBMITTED, StoredRefund

BEIJING = ZoneInfo("Asia/Shanghai")
_DEADLINES = {"seller_agree", "buyer_return", "seller_receive", "buyer_modify"}
_MINUTE_MS = 60_000


def status_label(tr: Translator, refund: StoredRefund) -> str:
    if refund.state != SUBMITTED:
        return tr(f"refund.state.{refund.state}")
    if not refund.status or refund.status == RefundStatus.UNKNOWN:
        return tr("refund.status.unknown", raw=refund.raw_status or "?")
    return tr(f"refund.status.{refund.status}")


def goods_label(tr: Translator, line_no: int | None, line: StoredOrderLine | None) -> str:
    if line_no is None or line is None:
        return tr("refund.whole_order")
    return tr(
        "refund.line", n=line.line_no, title=line.title, sku=line.sku_label, qty=line.quantity
    )


def time_left(tr: Translator, deadline_ms: int, now: int | None = None) -> str:
    minutes = max(deadline_ms - (now_ms() if now is None else now), 0) // _MINUTE_MS
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return tr("time.days_hours", days=days, hours=hours)
    if hours:
        return tr("time.hours_minutes", hours=hours, minutes=minutes)
    if minutes:
        return tr("time.minutes", minutes=minutes)
    return tr("time.under_a_minute")


def when(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M")


def terms_lines(
    tr: Translator,
    *,
    goods: str,
    kind: str | None,
    reason: str | None,
    amount_fen: int | None,
    max_fen: int | None = None,
    description: str | None = None,
    photos: int = 0,
) -> list[str]:
    """What is asked, as the preview and the card both show it."""
    parts = [tr("refund.card.goods", goods=Html(goods))]
    if kind:
        parts.append(tr("refund.card.kind", kind=tr(f"refund.kind.{kind}")))
    if reason:
        parts.append(tr("refund.card.reason", reason=reason))
    if amount_fen is not None:
        if max_fen is not None:
            parts.append(
                tr("refund.card.amount_of", amount=money(tr, amount_fen), most=money(tr, max_fen))
            )
        else:
            parts.append(tr("refund.card.amount", amount=money(tr, amount_fen)))
    if description:
        parts.append(tr("refund.card.description", text=description))
    if photos:
        parts.append(tr("refund.card.photos", count=photos))
    return parts


def card_text(
    tr: Translator,
    refund: StoredRefund,
    order: StoredOrder,
    line: StoredOrderLine | None,
    *,
    note: str | None = None,
) -> str:
    status = RefundStatus(refund.status) if refund.status else None
    parts = [
        tr(
            "refund.card.title",
            ref=refund.ref,
            order=order.ref,
            platform=platform_name(tr, order.platform),
            status=Html(status_label(tr, refund)),
        ),
        "",
        *terms_lines(
            tr,
            goods=goods_label(tr, refund.line_no, line),
            kind=refund.kind,
            reason=refund.reason_text,
            amount_fen=refund.amount_fen,
            description=refund.description,
            photos=refund.photo_count,
        ),
    ]
    if refund.refunded_fen and status is RefundStatus.REFUNDED:
        parts.append(tr("refund.card.refunded", amount=money(tr, refund.refunded_fen)))
    if refund.seller_reason and status is RefundStatus.REFUSED:
        parts.append(tr("refund.card.seller_reason", reason=refund.seller_reason))
    if refund.return_address and status is RefundStatus.RETURN_GOODS:
        parts.append(tr("refund.card.return_to", address=refund.return_address))
    if refund.return_tracking_no:
        parts.append(
            tr(
                "refund.card.returned",
                company=refund.return_company or "—",
                number=refund.return_tracking_no,
            )
        )
    if (
        refund.deadline_at
        and status is not None
        and status
        not in (
            RefundStatus.REFUNDED,
            RefundStatus.CLOSED,
        )
    ):
        kind = (refund.deadline_kind or "").lower()
        key = f"refund.deadline.{kind}" if kind in _DEADLINES else "refund.deadline.other"
        parts.append(tr(key, left=time_left(tr, refund.deadline_at)))
    if refund.state == DECLINED:
        parts.append(
            tr(
                "refund.card.declined",
                name=refund.decided_by_name or "—",
                reason=refund.decision_reason or "—",
            )
        )
    if refund.state == FAILED and refund.error:
        parts.append(tr("refund.card.failed", reason=refund.error))
    parts.append("")
    if refund.platform_refund_id:
        parts.append(tr("refund.card.number", number=refund.platform_refund_id))
    parts.append(
        tr("refund.card.requested", name=refund.requester_name or "—", when=when(refund.created_at))
    )
    if note:
        parts.append(tr("refund.card.note", note=Html(note)))
    return "\n".join(parts)


def list_label(tr: Translator, refund: StoredRefund) -> str:
    return tr(
        "refunds.button",
        ref=refund.ref,
        order=f"#{refund.order_id}",
        status=status_label(tr, refund),
        amount=format_fen(refund.amount_fen),
    )
