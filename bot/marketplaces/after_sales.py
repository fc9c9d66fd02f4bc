"""After-sales behind the marketplace protocol: what a refund service asks any platform.

Only Taobao documents after-sales on PandaPon (pandapon-api.md §3.4); 1688 answers `Unsupported`
(bot/marketplaces/alibaba_after_sales.py) until its calls are known, and plugs in by implementing
these methods — the refund service and the refund card only see the neutral results below.
Amounts are fen; photos are JPEG bytes (checked and re-encoded by bot/evidence.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.refund_status import RefundKind


@dataclass(frozen=True, slots=True)
class RefundReason:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class RefundOptions:
    """What the platform allows for one line (or the whole order) and kind, right now."""

    max_fen: int
    reasons: list[RefundReason]
    kinds: list[RefundKind]
    tips: str | None = None


@dataclass(frozen=True, slots=True)
class RefundTerms:
    """What the buyer asks for (a request, or its modification)."""

    kind: RefundKind
    reason_id: str
    amount_fen: int
    description: str
    goods_received: bool
    photos: list[bytes] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RefundState:
    """The platform's view of one request."""

    refund_id: str
    raw_status: int | str | None
    key: str | None = None  # our idempotency key, as the platform echoes it
    amount_fen: int | None = None
    refunded_fen: int | None = None
    kind: RefundKind | None = None
    reason_id: str | None = None
    reason_text: str | None = None
    description: str | None = None
    seller_reason: str | None = None
    deadline_ms: int | None = None  # epoch ms of the platform's deadline for this status
    deadline_kind: str | None = None  # who must act by then (the platform's timeoutType)
    return_address: str | None = None
    return_company: str | None = None
    return_tracking_no: str | None = None


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ReturnInfo:
    address: str  # who and where to send the goods to, as one block of text
    note: str | None
    carriers: list[Carrier]


@dataclass(frozen=True, slots=True)
class RefundMessage:
    role: str  # "buyer", "seller" or "platform"
    text: str
    time: str
    photo_urls: list[str] = field(default_factory=list)
    key: str | None = None  # our idempotency key, for the buyer's own messages


class AfterSales(Protocol):
    # Whether the platform takes refund requests and payment vouchers from the chat at all.
    after_sales: bool
    payment_vouchers: bool

    async def refund_options(
        self,
        platform_order_id: str,
        sub_order_id: str | None,
        kind: RefundKind,
        refund_id: str | None = None,
    ) -> RefundOptions:
        """`refund_id`: the options for modifying that request (its own amount is free)."""

    async def submit_refund(
        self, key: str, platform_order_id: str, sub_order_id: str | None, terms: RefundTerms
    ) -> RefundState:
        """A new request under our key (the same key again: the same request)."""

    async def find_refund(self, platform_order_id: str, key: str) -> RefundState | None:
        """The request made under our key, if the platform has it (a lost answer)."""

    async def refund_state(self, refund_id: str) -> RefundState: ...

    async def modify_refund(self, refund_id: str, terms: RefundTerms) -> RefundState: ...

    async def cancel_refund(self, refund_id: str) -> bool:
        """True when the request is closed now."""

    async def return_info(self, refund_id: str) -> ReturnInfo: ...

    async def send_return(self, refund_id: str, carrier_code: str, tracking_no: str) -> bool:
        """True when the platform took the shipment."""

    async def refund_messages(self, refund_id: str) -> list[RefundMessage]:
        """Oldest first: the buyer's, the seller's and the platform's own notes."""

    async def send_refund_message(
        self, refund_id: str, key: str, text: str, photo: bytes | None
    ) -> None: ...

    async def upload_voucher(self, platform_order_id: str, key: str, photo: bytes) -> None:
        """A photo of the transfer that pays the order, under our key."""

    async def voucher_keys(self, platform_order_id: str) -> list[str]:
        """The keys of the vouchers the order holds (how a lost upload is checked)."""
