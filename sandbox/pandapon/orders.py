"""Orders of both platforms as the sandbox stores them, and the status flows they follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.pandapon.catalog import Platform
from sandbox.pandapon.logistics import Place, Shipment
from sandbox.pandapon.wire import now_ms


@dataclass(frozen=True)
class Flow:
    """A platform's status vocabulary: the happy path in order, plus the closing statuses."""

    steps: tuple[str, ...]
    unpaid: frozenset[str]
    paid: str  # entered on payment
    shipped: str  # entered when the parcel leaves (traces appear)
    received: str  # entered when the buyer has the goods (trace signed for)
    closed: tuple[str, ...]  # the first is what a cancel leads to
    # A payment voucher under review (and one refused), off the happy path: each stands where
    # the order waited for payment, so the walk forward goes on from there.
    review: frozenset[str] = frozenset()
    review_step: str = ""

    def _as_step(self, status: str) -> str:
        return self.review_step if status in self.review else status

    def next(self, status: str) -> str | None:
        status = self._as_step(status)
        if status not in self.steps:
            return None
        index = self.steps.index(status)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def is_final(self, status: str) -> bool:
        return status in self.closed or status == self.steps[-1]

    def is_known(self, status: str) -> bool:
        return status in self.steps or status in self.closed or status in self.review

    def rank(self, status: str) -> int:
        return self.steps.index(self._as_step(status))


TAOBAO_FLOW = Flow(
    steps=(
        "BULIDING",  # sic, as the platform spells it
        "WAIT_BUYER_P",
        "WAIT_SELLER_SEND_GOODS",
        "WAIT_BUYER_CONFIRM_GOODS",
        "TRADE_FINISHED",
    ),
    unpaid=frozenset({"BULIDING", "WAIT_BUYER_P", "PAY_REJECTED"}),
    paid="WAIT_SELLER_SEND_GOODS",
    shipped="WAIT_BUYER_CONFIRM_GOODS",
    received="TRADE_FINISHED",
    closed=("TRADE_CLOSED",),
    review=frozenset({"PAY_PENDING", "PAY_REJECTED"}),
    review_step="WAIT_BUYER_P",
)
PAY_PENDING = "PAY_PENDING"  # a payment voucher was uploaded: finance checks the transfer
PAY_REJECTED = "PAY_REJECTED"  # finance refused the voucher: pay, or upload another
ALIBABA_FLOW = Flow(
    steps=("waitbuyerpay", "waitsellersend", "waitbuyerreceive", "confirm_goods", "success"),
    unpaid=frozenset({"waitbuyerpay"}),
    paid="waitsellersend",
    shipped="waitbuyerreceive",
    received="confirm_goods",
    closed=("cancel", "terminated"),
)
FLOWS: dict[Platform, Flow] = {"taobao": TAOBAO_FLOW, "1688": ALIBABA_FLOW}
LINE_FAILED = "FAILED"


@dataclass
class OrderLine:
    line_no: str
    item_id: str
    sku_id: str | None
    quantity: int
    spec_id: str | None = None
    title: str | None = None
    unit_price: int | None = None  # fen; None when the line failed before pricing
    properties: tuple[tuple[str, str], ...] = ()
    shop_id: str | None = None
    post_fee: int = 0
    status: str = LINE_FAILED
    error_code: str | None = None
    error_message: str | None = None
    close_reason: str | None = None
    sub_id: str | None = None  # Taobao subOrderId, 1688 subItemID
    purchase_id: str | None = None  # Taobao-Global purchase order behind a Taobao line
    sub_purchase_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def amount(self) -> int:
        return self.quantity * (self.unit_price or 0) if self.ok else 0

    def fail(self, code: str, message: str) -> OrderLine:
        self.error_code, self.error_message, self.status = code, message, LINE_FAILED
        return self


@dataclass
class Refund:
    """Money paid back: at once (the control API's refund), or at the end of a refund request
    (sandbox/pandapon/refunds.py), whose refund id it then carries."""

    refund_id: str
    order_id: str
    amount: int
    reason: str
    create_ms: int
    status: int = 100  # REFUND_SUCCESSFUL in the Taobao enum
    sub_id: str | None = None  # the line it was for (None: the order as a whole)


@dataclass
class Voucher:
    """A transfer receipt the buyer uploaded to pay a Taobao order (docs/platform-wire.md)."""

    voucher_id: str
    voucher_no: str  # the buyer's own number: the same one again is the same voucher
    image_id: str  # the picture, kept with the refund evidence (refunds.IMAGES)
    upload_ms: int
    status: str = "PENDING"  # PENDING -> APPROVED | REJECTED
    reason: str | None = None  # why finance refused it


@dataclass
class Order:
    platform: Platform
    order_id: str
    order_no: str
    key: str | None  # sellerOrderNumber (Taobao) or outOrderId (1688): the idempotency key
    lines: list[OrderLine]
    status: str
    create_ms: int
    update_ms: int
    product_amount: int
    post_fee: int
    receiver: dict[str, Any]  # as sent: Taobao `receiver`, 1688 `addressParam`
    destination: Place
    purchase_amount: int | None = None  # the Taobao budget
    order_source: str | None = None
    seller_open_id: str | None = None  # 1688: one seller per order
    message: str | None = None
    adjustment: int = 0  # a price modification, added to the total
    discount: int = 0  # 1688: the shop promotion's discount, taken off the total
    shop_promotion_id: str | None = None
    pay_ms: int | None = None
    status_ms: int = 0  # when the order entered its status: restored steps fall due on time
    close_reason: str | None = None
    refunds: list[Refund] = field(default_factory=list)
    shipments: dict[str, Shipment] = field(default_factory=dict)  # shop id -> parcel
    warehouse: dict[str, str] | None = None
    vouchers: list[Voucher] = field(default_factory=list)

    @property
    def flow(self) -> Flow:
        return FLOWS[self.platform]

    @property
    def total_amount(self) -> int:
        return self.product_amount + self.post_fee - self.discount + self.adjustment

    @property
    def refund_amount(self) -> int:
        return sum(refund.amount for refund in self.refunds)

    @property
    def good_lines(self) -> list[OrderLine]:
        return [line for line in self.lines if line.ok]

    @property
    def is_paid(self) -> bool:
        return self.pay_ms is not None

    def to_control_json(self) -> dict[str, Any]:
        """The sandbox's own view (control API): every field, amounts in fen."""
        return {
            "platform": self.platform,
            "orderId": self.order_id,
            "orderNo": self.order_no,
            "key": self.key,
            "status": self.status,
            "createTime": self.create_ms,
            "updateTime": self.update_ms,
            "payTime": self.pay_ms,
            "productAmount": self.product_amount,
            "postFee": self.post_fee,
            "adjustment": self.adjustment,
            "discount": self.discount,
            "shopPromotionId": self.shop_promotion_id,
            "totalAmount": self.total_amount,
            "purchaseAmount": self.purchase_amount,
            "refundAmount": self.refund_amount,
            "sellerOpenId": self.seller_open_id,
            "closeReason": self.close_reason,
            "receiver": self.receiver,
            "warehouse": self.warehouse,
            "lines": [
                {
                    "subId": line.sub_id,
                    "itemId": line.item_id,
                    "skuId": line.sku_id,
                    "specId": line.spec_id,
                    "quantity": line.quantity,
                    "unitPrice": line.unit_price,
                    "amount": line.amount,
                    "status": line.status,
                    "errorCode": line.error_code,
                }
                for line in self.lines
            ],
            "shipments": [
                {
                    "mailNo": s.mail_no,
                    "company": s.company,
                    "events": len(s.visible_events(now_ms())),
                }
                for s in self.shipments.values()
            ],
            "refunds": [
                {"refundId": r.refund_id, "amount": r.amount, "reason": r.reason, "subId": r.sub_id}
                for r in self.refunds
            ],
            "vouchers": [
                {
                    "voucherId": v.voucher_id,
                    "voucherNo": v.voucher_no,
                    "status": v.status,
                    "reason": v.reason,
                    "uploadTime": v.upload_ms,
                }
                for v in self.vouchers
            ],
        }
