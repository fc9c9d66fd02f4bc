"""The order card: status in one buyer vocabulary, lines, amounts, receiver, allowed actions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot.domain.money import format_fen
from bot.domain.receiver import Receiver, format_receiver
from bot.domain.status import Action, BuyerStatus, allowed_actions
from bot.i18n import Html, Translator
from handlers.render import money, platform_name
from storage.orders import StoredOrder, StoredOrderLine

BEIJING = ZoneInfo("Asia/Shanghai")


def status_label(tr: Translator, order: StoredOrder) -> str:
    if order.state != "submitted":
        return tr(f"state.{order.state}")
    if not order.status or order.status == BuyerStatus.UNKNOWN:
        return tr("status.unknown", raw=order.raw_status or "?")
    return tr(f"status.{order.status}")


def card_text(
    tr: Translator,
    order: StoredOrder,
    lines: list[StoredOrderLine],
    *,
    private: bool,
    note: str | None = None,
    extra: str | None = None,
) -> str:
    """The card; `private`: read in a private chat (the receiver in full), else masked."""
    parts = [
        tr(
            "card.title",
            ref=order.ref,
            platform=platform_name(tr, order.platform),
            status=Html(status_label(tr, order)),
        ),
        tr(
            "card.numbers",
            order_no=order.platform_order_no or "—",
            seller_no=order.seller_order_number,
        ),
        tr("card.placed", when=_when(order.created_at)),
        "",
    ]
    for line in lines:
        parts.append(
            tr(
                "card.line",
                n=line.line_no,
                title=line.title,
                sku=line.sku_label,
                qty=line.quantity,
                price=format_fen(line.unit_price_fen),
                total=format_fen(line.line_total_fen),
            )
        )
        if line.error_code:
            parts.append(tr("card.line_error", reason=line.error_message or line.error_code))
    parts.append(
        tr(
            "card.amounts",
            subtotal=money(tr, order.subtotal_fen),
            postage=money(tr, order.postage_fen),
            total=money(tr, order.total_fen),
            budget=money(tr, order.purchase_amount_fen or order.total_fen),
        )
    )
    if order.discount_fen:
        name = order.shop_promotion_name or order.shop_promotion_id or "—"
        parts.append(tr("card.discount", promotion=name, amount=money(tr, order.discount_fen)))
    if order.platform_total_fen is not None and order.platform_total_fen != order.total_fen:
        parts.append(tr("card.price_now", total=money(tr, order.platform_total_fen)))
    if order.refund_fen:
        parts.append(tr("card.refund", amount=money(tr, order.refund_fen)))
    if order.order_source:
        parts.append(tr("card.source", source=tr(f"src.{order.order_source}")))
    receiver = Receiver.model_validate_json(order.receiver_json)
    parts.append(tr("card.receiver", receiver=format_receiver(receiver, masked=not private)))
    if extra:
        parts.append(extra)
    if note:
        parts.append(tr("card.note", note=Html(note)))
    return "\n".join(parts)


def card_keyboard(
    tr: Translator, order: StoredOrder, extra_rows: list[list[Button]] | None = None
) -> Markup | None:
    """The card's buttons; `extra_rows` (shipping abroad…) go below the order's own."""
    rows: list[list[Button]] = []
    if order.state == "unknown":
        rows.append([Button(tr("btn.check_platform"), callback_data=f"o:u:{order.id}")])
    if order.state == "submitted":
        status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
        actions = allowed_actions(order.platform, status)
        first = []
        if Action.PAY in actions:
            first.append(Button(tr("btn.pay"), callback_data=f"o:p:{order.id}"))
        if Action.CONFIRM_RECEIPT in actions:
            first.append(Button(tr("btn.confirm_receipt"), callback_data=f"o:k:{order.id}"))
        if Action.TRACK in actions:
            first.append(Button(tr("btn.track"), callback_data=f"o:t:{order.id}"))
        second = []
        if Action.CANCEL in actions:
            second.append(Button(tr("btn.cancel_order"), callback_data=f"o:x:{order.id}"))
        if Action.CONTACT_SELLER in actions and order.platform == "taobao":
            second.append(Button(tr("btn.contact_seller"), callback_data=f"o:i:{order.id}"))
        if Action.REFRESH in actions:
            second.append(Button(tr("btn.order_refresh"), callback_data=f"o:r:{order.id}"))
        rows += [row for row in (first, second) if row]
    rows += extra_rows or []
    return Markup(rows) if rows else None


CANCEL_REASONS = 4  # cancel.reason.0 … cancel.reason.3 in the catalogs


def cancel_reasons(tr: Translator, order: StoredOrder) -> Markup:
    rows = [
        [Button(tr(f"cancel.reason.{n}"), callback_data=f"o:xr:{order.id}:{n}")]
        for n in range(CANCEL_REASONS)
    ]
    rows.append([Button(tr("btn.back_to_card"), callback_data=f"o:c:{order.id}")])
    return Markup(rows)


def confirm(tr: Translator, order: StoredOrder, label: str, action: str) -> Markup:
    return Markup(
        [
            [Button(label, callback_data=f"o:{action}:{order.id}")],
            [Button(tr("btn.back_to_card"), callback_data=f"o:c:{order.id}")],
        ]
    )


def check_now(tr: Translator, order_id: int) -> Markup:
    """Under "the platform has not answered yet": look again right away."""
    return Markup([[Button(tr("btn.check_platform"), callback_data=f"o:u:{order_id}")]])


def open_order(tr: Translator, order: StoredOrder) -> Markup:
    return Markup([[Button(tr("btn.open_order", ref=order.ref), callback_data=f"o:c:{order.id}")]])


def price_choice(tr: Translator, order: StoredOrder) -> Markup:
    """After a seller's price change: pay the new price or cancel (and the card)."""
    return Markup(
        [
            [
                Button(tr("btn.pay"), callback_data=f"o:p:{order.id}"),
                Button(tr("btn.cancel_order"), callback_data=f"o:x:{order.id}"),
            ],
            [Button(tr("btn.open_order", ref=order.ref), callback_data=f"o:c:{order.id}")],
        ]
    )


def url_button(label: str, url: str, back: tuple[str, int] | None = None) -> Markup:
    rows = [[Button(label, url=url)]]
    if back is not None:
        rows.append([Button(back[0], callback_data=f"o:c:{back[1]}")])
    return Markup(rows)


def _when(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M")
