"""What differs between Taobao and 1688, behind one protocol (DESIGN §3 "Growing the product").

Services (catalog, submission, order actions, and later search, carts, bulk orders, refunds) ask
the `Marketplace` of an order's platform instead of branching on the platform name: every call
whose wire format differs lives in `bot/marketplaces/taobao.py` or `alibaba.py`, and returns the
platform-neutral results below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.domain.draft import Draft
from bot.domain.quantity import PriceTier
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
class SellerOrder:
    """One seller's share of a batch create: its stored order (key `<batch key>:<seller>`)."""

    seller_id: str
    order: StoredOrder
    lines: list[StoredOrderLine]


@dataclass(frozen=True, slots=True)
class PayResult:
    """The bulk payment's answer for one order: paid, or why not (and whether only the
    platform's cashier page can take the payment)."""

    platform_id: str
    paid: bool
    code: str | None = None
    reason: str | None = None
    needs_cashier: bool = False


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


# --- finding goods (search results are platform-neutral; bot/search.py pages and caches them) --

SearchSort = Literal["relevance", "price_asc", "price_desc", "sales"]
SEARCH_SORTS: tuple[SearchSort, ...] = ("relevance", "price_asc", "price_desc", "sales")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    sort: SearchSort = "relevance"
    price_min_fen: int | None = None  # the price at the minimum order, inclusive
    price_max_fen: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    platform: Platform
    item_id: str
    title: str  # as the seller wrote it (Chinese)
    title_trans: str | None  # the platform's translation, where it gives one
    image_url: str | None
    price_fen: int  # now, at the minimum order (with a promotion, the promotion price)
    original_price_fen: int | None = None  # before the promotion; None without one
    min_quantity: int = 1
    unit: str | None = None
    tiers: tuple[PriceTier, ...] = ()  # 1688 quantity tiers
    sales: int | None = None  # sold in the last month
    seller_id: str | None = None
    seller_name: str | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    page: int  # 1-based
    page_size: int
    total: int

    @property
    def total_pages(self) -> int:
        return -(-self.total // self.page_size) if self.total else 0


@dataclass(frozen=True, slots=True)
class LineCheck:
    """A draft line as the platform has it now (the re-check before the preview)."""

    index: int
    available: bool
    unit_price_fen: int | None  # for the line's quantity; None when the platform did not say
    stock: int | None  # None when the platform did not say
    reason: str | None = None  # why it is not available
    tiers: tuple[PriceTier, ...] | None = None  # 1688: the tiers now, when they were read


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


# --- the platform's shopping cart (bot/cart.py keeps whose line is whose) ---------------------


@dataclass(frozen=True, slots=True)
class CartLine:
    """One line of the platform cart: one SKU, as the platform lists it now."""

    cart_id: str
    item_id: str
    sku_id: str  # Taobao skuId; 1688 specId (what an order line names)
    title: str
    sku_label: str
    quantity: int
    unit_price_fen: int  # one unit at the line's quantity
    image_url: str | None = None
    seller_id: str | None = None
    seller_name: str | None = None
    stock: int | None = None
    min_quantity: int = 1
    tiers: tuple[PriceTier, ...] = ()  # 1688 quantity tiers, when the price follows them
    original_price_fen: int | None = None  # before a promotion
    disabled: str | None = None  # why it cannot be ordered (the platform's reason), or None

    @property
    def key(self) -> tuple[str, str]:
        return self.item_id, self.sku_id

    @property
    def line_total_fen(self) -> int:
        return self.quantity * self.unit_price_fen


class Marketplace(AfterSales, Protocol):
    """Orders here; refunds, returns and payment vouchers in bot/marketplaces/after_sales.py."""

    platform: Platform
    # Raw status an order is in once cancelled (the status the bot applies after a cancel).
    closed_status: str

    async def product(self, item_id: str) -> ProductView:
        """The product with its SKUs; ProductNotFound when the platform has no such item."""

    async def quote(self, draft: Draft) -> Quote:
        """Current prices and domestic postage of the draft (it has its receiver); a draft
        whose every line is a cart line (`cart_id`) is quoted by the cart preview."""

    async def create(
        self, order: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> Created:
        """The one create call of a stored order, under its idempotency key; lines that all
        name cart lines are ordered from the cart (the platform then drops them from it)."""

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

    # --- several orders in one call (bot/batches.py, bot/bulk_pay.py) ---------------------

    async def create_batch(
        self, key: str, orders: list[SellerOrder], receiver: Receiver
    ) -> dict[str, Created]:
        """One create call for several sellers' orders under the batch `key` (each seller's
        order keyed `<key>:<seller>`); what the platform said, by seller id. Unsupported
        where one order already spans shops (Taobao)."""

    async def pay_many(self, platform_ids: list[str]) -> list[PayResult]:
        """Submit several orders to payment in one call; the answer per order."""

    async def confirm_receipt(self, platform_id: str) -> str | None:
        """None when confirmed, else the platform's reason; Unsupported where not offered."""

    async def seller_link(self, platform_id: str) -> str | None:
        """A chat link to the seller; None where the platform offers none."""

    # --- the shopping cart -----------------------------------------------------------------

    async def cart(self) -> list[CartLine]:
        """The account's cart as the platform lists it (disabled lines with their reason)."""

    async def cart_add(self, product: ProductView, sku_id: str, quantity: int) -> str:
        """Put `quantity` of the SKU in the cart (added to its line when it has one); the
        line's cart id."""

    async def cart_set_quantity(self, cart_id: str, quantity: int) -> None:
        """Change a line's quantity (PlatformError when stock or minimum order refuse it)."""

    async def cart_remove(self, cart_ids: list[str]) -> None: ...

    # --- finding goods ---------------------------------------------------------------------

    async def search(
        self, keyword: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        """Goods matching `keyword`, in the platform's translation language where it has one."""

    async def search_by_image(self, image_base64: str, page: int, page_size: int) -> SearchPage:
        """Goods that look like the image (base64 without a data-URL prefix); Unsupported
        where the platform has no image search."""

    async def seller_goods(
        self, seller_id: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        """One seller's goods; Unsupported where the platform cannot list them."""

    async def seller_chat_link(self, product: ProductView) -> str | None:
        """A link to chat with the product's seller; None where there is none."""

    async def recheck(self, draft: Draft) -> list[LineCheck]:
        """Each draft line's price and stock now (before the preview)."""

    # --- shipping abroad (the warehouse-logistics calls themselves are platform-wide) -----

    def booking_ref(self, platform_id: str) -> str:
        """The order id an international logistics booking names (`tmallOrderInfo`);
        Unsupported where the platform books none for this marketplace's orders."""

    async def set_warehouse(self, platform_id: str, name: str, address: str) -> None:
        """Send the order to a forwarder's warehouse first (Unsupported where not offered)."""

    async def abroad(self, platform_id: str) -> AbroadState:
        """The pre-warehouse and booked leg as the platform shows them (the read that settles
        a lost booking, domestic-parcel or pre-warehouse answer)."""
