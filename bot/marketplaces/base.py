"""What differs between Taobao and 1688, behind one protocol (DESIGN §3 "Growing the product").

Services (catalog, submission, order actions, and later search, carts, bulk orders, refunds) ask
the `Marketplace` of an order's platform instead of branching on the platform name: every call
whose wire format differs lives in `bot/marketplaces/taobao.py` or `alibaba.py`, and returns the
platform-neutral results below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.draft import Draft
from bot.domain.receiver import Receiver
from bot.marketplaces.after_sales import AfterSales
from bot.products import Platform, ProductView
from bot.session import Quote
from storage.orders import LineResult, StoredOrder, StoredOrderLine


class ProductNotFound(Exception):
    def __init__(self, platform: str, item_id: str) -> None:
        super().__init__(f"{platform} item {item_id} not found")
        self.platform = platform
        self.item_id = item_id


class Unsupported(Exception):
    """The platform has no such call (e.g. confirming receipt of a Taobao order)."""


@dataclass(frozen=True, slots=True)
class Created:
    """What the platform answered to a create (or what a lookup by our key found)."""

    order_id: str | None  # None: nothing was created
    order_no: str | None
    raw_status: str | None
    lines: list[LineResult]
    reason: str | None = None  # why nothing (or not every line) was created

    @property
    def created(self) -> bool:
        return self.order_id is not None and any(line.ok for line in self.lines)


@dataclass(frozen=True, slots=True)
class PlatformStatus:
    raw: str | None
    total_fen: int | None  # what the platform charges now (None: not given)


@dataclass
class TrackingEvent:
    time: str
    text: str


@dataclass
class Package:
    company: str
    tracking_no: str
    events: list[TrackingEvent] = field(default_factory=list)  # latest first


@dataclass
class InternationalLeg:
    """The booked international logistics order of an order shipping abroad."""

    order_id: str  # the international logistics order
    package: Package  # its forwarder, tracking number and trace (latest first)
    category: str = ""
    domestic_numbers: list[str] = field(default_factory=list)  # parcels announced for it


@dataclass
class AbroadState:
    """What the platform shows of an order's way abroad: its pre-warehouse and booked leg."""

    warehouse_name: str | None = None
    warehouse_address: str | None = None
    leg: InternationalLeg | None = None


class Marketplace(AfterSales, Protocol):
    """Orders here; refunds, returns and payment vouchers in bot/marketplaces/after_sales.py."""

    platform: Platform
    # Raw status an order is in once cancelled (the status the bot applies after a cancel).
    closed_status: str

    async def product(self, item_id: str) -> ProductView:
        """The product with its SKUs; ProductNotFound when the platform has no such item."""

    async def quote(self, draft: Draft) -> Quote:
        """Current prices and domestic postage of the draft (it has its receiver)."""

    async def create(
        self, order: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> Created:
        """The one create call of a stored order, under its idempotency key."""

    async def find(self, order: StoredOrder, lines: list[StoredOrderLine]) -> Created | None:
        """The platform's order under our idempotency key, if it has one (a lost answer)."""

    async def status(self, platform_id: str) -> PlatformStatus: ...

    async def track(self, platform_id: str, lines: list[StoredOrderLine]) -> list[Package]: ...

    async def cancel(self, platform_id: str, reason: str) -> bool:
        """True when the platform cancelled it."""

    async def pay(self, platform_id: str) -> str | None:
        """Pay in the chat: None when paid, else the platform's reason; Unsupported where
        buyers pay on the platform's cashier page (`pay_url`)."""

    async def pay_url(self, platform_id: str) -> str | None: ...

    async def confirm_receipt(self, platform_id: str) -> str | None:
        """None when confirmed, else the platform's reason; Unsupported where not offered."""

    async def seller_link(self, platform_id: str) -> str | None:
        """A chat link to the seller; None where the platform offers none."""

    # --- shipping abroad (the warehouse-logistics calls themselves are platform-wide) -----

    def booking_ref(self, platform_id: str) -> str:
        """The order id an international logistics booking names (`tmallOrderInfo`);
        Unsupported where the platform books none for this marketplace's orders."""

    async def set_warehouse(self, platform_id: str, name: str, address: str) -> None:
        """Send the order to a forwarder's warehouse first (Unsupported where not offered)."""

    async def abroad(self, platform_id: str) -> AbroadState:
        """The pre-warehouse and booked leg as the platform shows them (the read that settles
        a lost booking, domestic-parcel or pre-warehouse answer)."""
