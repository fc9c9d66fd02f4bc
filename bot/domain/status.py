"""One buyer-facing status vocabulary over Taobao's and 1688's raw statuses, and what each allows.

Raw values we do not know map to `unknown` with the raw value kept: platforms add statuses
("未枚举: 其他状态"), and a new one must never crash a callback or a refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

Platform = Literal["taobao", "1688"]


class BuyerStatus(StrEnum):
    CREATING = "creating"
    AWAITING_PAYMENT = "awaiting_payment"
    PAYMENT_REVIEW = "payment_review"
    PAYMENT_REJECTED = "payment_rejected"
    AWAITING_SHIPMENT = "awaiting_shipment"
    SHIPPED = "shipped"
    RECEIVED = "received"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


# Paid, or the payment is with the platform's finance: what a payment leaves an order at.
PAID = frozenset(
    {
        BuyerStatus.PAYMENT_REVIEW,
        BuyerStatus.AWAITING_SHIPMENT,
        BuyerStatus.SHIPPED,
        BuyerStatus.RECEIVED,
        BuyerStatus.COMPLETED,
    }
)


class Action(StrEnum):
    CANCEL = "cancel"
    PAY = "pay"
    CONFIRM_RECEIPT = "confirm_receipt"
    TRACK = "track"
    CONTACT_SELLER = "contact_seller"
    REFRESH = "refresh"
    REQUEST_REFUND = "request_refund"  # after-sales: refund only, or return and refund
    SEND_VOUCHER = "send_voucher"  # pay by transfer: a photo of the receipt


S = BuyerStatus

# Keys are lower-cased raw values. Taobao strings come from Taobao-Global purchase orders and
# TOP trades; integers from the look-alike TaoBaoOrderStatusEnum (pandapon-api.md §4).
_TAOBAO: Mapping[str, BuyerStatus] = MappingProxyType(
    {
        "buliding": S.CREATING,  # sic, as the platform spells it
        "building": S.CREATING,
        "wait_buyer_p": S.AWAITING_PAYMENT,
        "wait_buyer_pay": S.AWAITING_PAYMENT,
        "trade_no_create_pay": S.AWAITING_PAYMENT,
        "pay_pending": S.PAYMENT_REVIEW,  # a payment voucher is being checked
        "pay_rejected": S.PAYMENT_REJECTED,  # finance refused the voucher
        "wait_seller_send_goods": S.AWAITING_SHIPMENT,
        "seller_consigned_part": S.SHIPPED,
        "wait_buyer_confirm_goods": S.SHIPPED,
        "trade_buyer_signed": S.RECEIVED,
        "trade_finished": S.COMPLETED,
        "trade_closed": S.CANCELLED,
        "trade_closed_by_taobao": S.CANCELLED,
        "failed": S.CANCELLED,  # a line the platform could not create: nothing was bought
        "12": S.CREATING,
        "0": S.AWAITING_PAYMENT,
        "1": S.PAYMENT_REVIEW,  # payment proof uploaded, awaiting finance
        "2": S.PAYMENT_REVIEW,  # finance approved
        "3": S.PAYMENT_REJECTED,  # finance refused
        "5": S.PAYMENT_REVIEW,  # waiting for the finance system to pay
        "10": S.AWAITING_SHIPMENT,
        "11": S.SHIPPED,
        "4": S.CANCELLED,
        "9": S.UNKNOWN,  # OTHER_STATUS
    }
)
_1688: Mapping[str, BuyerStatus] = MappingProxyType(
    {
        "waitselleract": S.CREATING,  # the seller must act before the buyer can pay
        "waitbuyerpay": S.AWAITING_PAYMENT,
        "waitbuyerconfirmpay": S.AWAITING_PAYMENT,
        "waiting_for_payment": S.AWAITING_PAYMENT,
        "waitsellersend": S.AWAITING_SHIPMENT,
        "waiting_for_sent": S.AWAITING_SHIPMENT,
        "waitlogisticstakein": S.AWAITING_SHIPMENT,
        "waitbuyerreceive": S.SHIPPED,
        "confirm_goods": S.RECEIVED,
        "success": S.COMPLETED,
        "cancel": S.CANCELLED,
        "canceled": S.CANCELLED,
        "cancelled": S.CANCELLED,
        "terminated": S.CANCELLED,
        "terminate": S.CANCELLED,
    }
)
_TABLES: Mapping[str, Mapping[str, BuyerStatus]] = MappingProxyType(
    {"taobao": _TAOBAO, "1688": _1688}
)

# Order of progress. Review and rejection share a rank: a rejected payment may be reviewed
# again. Terminal statuses are handled apart from ranks.
_RANK: Mapping[BuyerStatus, int] = MappingProxyType(
    {
        S.UNKNOWN: -1,
        S.CREATING: 0,
        S.AWAITING_PAYMENT: 1,
        S.PAYMENT_REVIEW: 2,
        S.PAYMENT_REJECTED: 2,
        S.AWAITING_SHIPMENT: 3,
        S.SHIPPED: 4,
        S.RECEIVED: 5,
        S.COMPLETED: 6,
        S.CANCELLED: 7,
    }
)
_FINAL = frozenset({S.COMPLETED, S.CANCELLED})
_BEFORE_PAYMENT = frozenset({S.CREATING, S.AWAITING_PAYMENT, S.PAYMENT_REJECTED})
_TRACKABLE = frozenset({S.SHIPPED, S.RECEIVED, S.COMPLETED})
_PAID_OR_LATER = frozenset({S.AWAITING_SHIPMENT, S.SHIPPED, S.RECEIVED, S.COMPLETED})
_AWAITING_TRANSFER = frozenset({S.AWAITING_PAYMENT, S.PAYMENT_REJECTED})


@dataclass(frozen=True, slots=True)
class StatusView:
    """A buyer status with the platform's raw value, kept for display and debugging."""

    status: BuyerStatus
    raw: str | int | None

    @property
    def is_known(self) -> bool:
        return self.status is not BuyerStatus.UNKNOWN


def map_status(platform: Platform, raw: str | int | None) -> StatusView:
    """Map a raw platform status (string or integer code) to the buyer vocabulary. Never raises."""
    table = _TABLES.get(platform)
    if table is None or raw is None or isinstance(raw, bool):
        return StatusView(S.UNKNOWN, raw)
    key = str(raw).strip().lower()
    return StatusView(table.get(key, S.UNKNOWN), raw)


def rank(status: BuyerStatus) -> int:
    """Progress order; higher is later. `unknown` is lowest, terminal statuses highest."""
    return _RANK[BuyerStatus(status)]


def is_final(status: BuyerStatus) -> bool:
    return BuyerStatus(status) in _FINAL


def should_apply(current: BuyerStatus | None, incoming: BuyerStatus) -> bool:
    """Whether an incoming status (callback, refresh) replaces the stored one.

    Never backwards, never out of a final status, and `unknown` never overrides a known status;
    cancellation may arrive at any non-final point.
    """
    incoming = BuyerStatus(incoming)
    if current is None:
        return True
    current = BuyerStatus(current)
    if incoming == current or current in _FINAL:
        return False
    if incoming is S.UNKNOWN:
        return current is S.UNKNOWN
    if current is S.UNKNOWN or incoming in _FINAL:
        return True
    return rank(incoming) >= rank(current)


def allowed_actions(platform: Platform, status: BuyerStatus) -> frozenset[Action]:
    """What the buyer may do now: the bot shows only these buttons (default deny)."""
    status = BuyerStatus(status)
    actions = {Action.CONTACT_SELLER}
    if status not in _FINAL:
        actions.add(Action.REFRESH)
    if status in _BEFORE_PAYMENT:
        actions.add(Action.CANCEL)
    if status is S.AWAITING_PAYMENT:
        actions.add(Action.PAY)
    if status is S.SHIPPED and platform == "1688":
        actions.add(Action.CONFIRM_RECEIPT)
    if status in _TRACKABLE:
        actions.add(Action.TRACK)
    # Offered where the platform takes them (the marketplace's after_sales / payment_vouchers).
    if status in _PAID_OR_LATER:
        actions.add(Action.REQUEST_REFUND)
    if status in _AWAITING_TRANSFER:
        actions.add(Action.SEND_VOUCHER)
    return frozenset(actions)
