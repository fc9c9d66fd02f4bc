"""Plain records that go into and come out of `OrderRepository` (no sqlite rows leak out)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from storage.db import require_json

PLATFORMS = frozenset({"taobao", "1688"})

# Draft/submission lifecycle of an order row (`orders.state`).
STATE_PENDING_APPROVAL = "pending_approval"
STATE_SUBMITTING = "submitting"
STATE_SUBMITTED = "submitted"
STATE_REJECTED = "rejected"
STATE_UNKNOWN = "unknown"
STATE_CANCELLED_BEFORE_SUBMIT = "cancelled_before_submit"
ORDER_STATES = frozenset(
    {
        STATE_PENDING_APPROVAL,
        STATE_SUBMITTING,
        STATE_SUBMITTED,
        STATE_REJECTED,
        STATE_UNKNOWN,
        STATE_CANCELLED_BEFORE_SUBMIT,
    }
)
# Once here, an order's `state` never changes again (its buyer `status` still may).
FINAL_ORDER_STATES = frozenset({STATE_SUBMITTED, STATE_REJECTED, STATE_CANCELLED_BEFORE_SUBMIT})

# `submissions.state`: the fate of the create call for one idempotency key.
SUBMISSION_PENDING = "pending"
SUBMISSION_SUBMITTED = "submitted"
SUBMISSION_REJECTED = "rejected"
SUBMISSION_UNKNOWN = "unknown"
SUBMISSION_STATES = frozenset(
    {SUBMISSION_PENDING, SUBMISSION_SUBMITTED, SUBMISSION_REJECTED, SUBMISSION_UNKNOWN}
)


def _require_fen(name: str, value: int | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    # bool is an int subclass; a True/False amount is always a bug.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer number of fen, got {value!r}")


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    return {field.name: row[field.name] for field in fields(cls)}


@dataclass(frozen=True, slots=True)
class NewOrder:
    platform: str
    chat_id: int
    requester_id: int
    seller_order_number: str
    receiver_json: str
    subtotal_fen: int
    postage_fen: int = 0
    total_fen: int | None = None  # None: subtotal + postage
    purchase_amount_fen: int | None = None  # the budget cap sent to the platform
    order_source: str | None = None
    note: str | None = None
    state: str = STATE_SUBMITTING  # STATE_PENDING_APPROVAL when a group approver must decide
    discount_fen: int = 0  # a 1688 shop promotion's discount, already taken off the total
    shop_promotion_id: str | None = None
    shop_promotion_name: str | None = None

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {sorted(PLATFORMS)}, got {self.platform!r}")
        if not self.seller_order_number or not self.seller_order_number.strip():
            raise ValueError("seller_order_number must not be empty")
        if self.state not in (STATE_SUBMITTING, STATE_PENDING_APPROVAL):
            raise ValueError(
                f"a new order starts as submitting or pending_approval, not {self.state!r}"
            )
        _require_fen("subtotal_fen", self.subtotal_fen)
        _require_fen("postage_fen", self.postage_fen)
        _require_fen("total_fen", self.total_fen, optional=True)
        _require_fen("purchase_amount_fen", self.purchase_amount_fen, optional=True)
        _require_fen("discount_fen", self.discount_fen)
        require_json("receiver_json", self.receiver_json)

    @property
    def effective_total_fen(self) -> int:
        if self.total_fen is not None:
            return self.total_fen
        return max(0, self.subtotal_fen + self.postage_fen - self.discount_fen)


@dataclass(frozen=True, slots=True)
class NewOrderLine:
    line_no: int
    item_id: str
    quantity: int
    unit_price_fen: int
    sku_id: str | None = None
    title: str = ""
    sku_label: str = ""
    line_total_fen: int | None = None  # None: quantity × unit price
    image_url: str | None = None
    cart_id: str | None = None  # the platform cart line it is ordered from (bot/cart.py)

    def __post_init__(self) -> None:
        if not isinstance(self.quantity, int) or self.quantity <= 0:
            raise ValueError(f"quantity must be a positive integer, got {self.quantity!r}")
        _require_fen("unit_price_fen", self.unit_price_fen)
        _require_fen("line_total_fen", self.line_total_fen, optional=True)

    @property
    def effective_line_total_fen(self) -> int:
        if self.line_total_fen is not None:
            return self.line_total_fen
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True, slots=True)
class LineResult:
    """What the platform said about one line of a create call.

    `ok` is not stored: a stored line that failed is one with an `error_code`.
    """

    line_no: int
    ok: bool = True
    sub_order_id: str | None = None
    status: str | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class StoredOrder:
    id: int
    platform: str
    chat_id: int
    requester_id: int
    seller_order_number: str
    platform_order_id: str | None
    platform_order_no: str | None
    state: str
    status: str | None
    raw_status: str | None
    status_updated_at: int | None
    subtotal_fen: int
    postage_fen: int
    total_fen: int
    purchase_amount_fen: int | None
    receiver_json: str
    order_source: str | None
    note: str | None
    created_at: int
    updated_at: int
    platform_total_fen: int | None = None  # what the platform charges now (price changes)
    refund_fen: int | None = None
    price_event_at: int | None = None  # platform time of the price applied last
    refund_event_at: int | None = None  # platform time of the refund applied last
    discount_fen: int = 0  # a 1688 shop promotion's discount (total_fen is after it)
    shop_promotion_id: str | None = None
    shop_promotion_name: str | None = None

    @property
    def ref(self) -> str:
        """The short local reference users see and type, e.g. "#42"."""
        return f"#{self.id}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredOrder:
        return cls(**_pick(cls, row))


@dataclass(frozen=True, slots=True)
class StoredOrderLine:
    order_id: int
    line_no: int
    item_id: str
    sku_id: str | None
    title: str
    sku_label: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int
    sub_order_id: str | None
    status: str | None
    error_code: str | None
    error_message: str | None
    image_url: str | None
    cart_id: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredOrderLine:
        return cls(**_pick(cls, row))


@dataclass(frozen=True, slots=True)
class Submission:
    idempotency_key: str
    order_id: int
    state: str
    attempts: int
    last_error: str | None
    created_at: int
    updated_at: int
    order_state: str  # the order's lifecycle state, so a reconciler can skip undecided approvals
    unknown_since: int | None = None  # when the answer was lost (epoch ms)
    next_check_at: int | None = None  # when to look on the platform again
    checks: int = 0  # how many times it was looked for since

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Submission:
        return cls(**_pick(cls, row))
