"""The sandbox's shopping carts: one per platform and platform user (the signed `user-id`).

The platform's rules: a cart holds one line per SKU (adding a SKU that is there already adds to
its quantity); a quantity must be at least 1, at least the 1688 offer's minimum order and at
most the SKU's stock; a line whose offer went off sale or out of stock stays in the cart as a
disabled entry with its reason. Ordering from the cart removes the lines that were ordered
(sandbox/pandapon/cart_orders.py); lines the order refused stay. Every change is marked for
the state file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.pandapon.catalog import Catalog, Platform, Product, Sku
from sandbox.pandapon.store import ChangeSet, Kind
from sandbox.pandapon.wire import BAD_REQUEST, CONFLICT, NOT_FOUND, ApiError, now_ms

MAX_CART_LINES = 200  # as the platforms' own carts: a full cart refuses more SKUs

# Why a line is disabled (the list's disableReason, assumed values).
OFF_SALE = "OFF_SALE"
OUT_OF_STOCK = "OUT_OF_STOCK"
GONE = "ITEM_NOT_FOUND"


@dataclass
class CartEntry:
    cart_id: int
    platform: Platform
    user_id: str
    item_id: str
    sku_id: str
    quantity: int
    added_ms: int
    updated_ms: int


CARTS: Kind[CartEntry] = Kind("carts", CartEntry)  # by cart id
CART_COUNTERS: Kind[int] = Kind("cart_counters", int)  # "seq": the next cart id


class CartBook:
    def __init__(self, catalog: Catalog, changes: ChangeSet) -> None:
        self._catalog = catalog
        self._changes = changes
        self.next_id = 5_000_001  # survives reset, so a cart id never comes back
        self.entries: dict[int, CartEntry] = {}

    def reset(self) -> None:
        self.entries.clear()

    def restore(self, entries: dict[str, CartEntry]) -> None:
        self.entries.update({entry.cart_id: entry for entry in entries.values()})

    # --- reading ----------------------------------------------------------------------------

    def lines(self, platform: Platform, user_id: str) -> list[CartEntry]:
        """The user's cart, oldest line first."""
        found = [e for e in self.entries.values() if (e.platform, e.user_id) == (platform, user_id)]
        return sorted(found, key=lambda entry: (entry.added_ms, entry.cart_id))

    def product_of(self, entry: CartEntry) -> tuple[Product | None, Sku | None]:
        product = self._catalog.product(entry.platform, entry.item_id)
        return product, product.sku(entry.sku_id) if product else None

    def disabled_reason(self, entry: CartEntry) -> tuple[str, str] | None:
        """(code, message) when the line cannot be ordered as it stands; None when it can."""
        product, sku = self.product_of(entry)
        if product is None or sku is None:
            return GONE, "this item is no longer sold"
        if product.status != "active" or sku.status != "active":
            return OFF_SALE, "this item is off the shelf"
        if sku.stock <= 0:
            return OUT_OF_STOCK, "this option is out of stock"
        return None

    def take(self, platform: Platform, user_id: str, ids: list[int]) -> list[CartEntry]:
        """The user's lines `ids`, in that order; an id not in their cart is refused."""
        if not ids:
            raise ApiError(BAD_REQUEST, "no cart ids given")
        taken = []
        for cart_id in ids:
            entry = self.entries.get(cart_id)
            if entry is None or (entry.platform, entry.user_id) != (platform, user_id):
                raise ApiError(NOT_FOUND, f"cart line {cart_id} is not in the cart")
            if entry in taken:
                raise ApiError(BAD_REQUEST, f"cart line {cart_id} is named twice")
            taken.append(entry)
        return taken

    # --- changes ----------------------------------------------------------------------------

    def add(
        self, platform: Platform, user_id: str, item_id: str, sku_id: str, quantity: int
    ) -> CartEntry:
        """Put `quantity` of the SKU in the cart, or add it to the SKU's line."""
        product = self._catalog.product(platform, item_id)
        if product is None:
            raise ApiError(NOT_FOUND, f"{platform} item {item_id} not found")
        sku = product.sku(sku_id)
        if sku is None:
            raise ApiError(NOT_FOUND, f"item {item_id} has no SKU {sku_id}")
        if product.status != "active" or sku.status != "active":
            raise ApiError(CONFLICT, f"item {item_id} is not on sale")
        if quantity < 1:
            raise ApiError(BAD_REQUEST, f"quantity must be at least 1, got {quantity}")
        existing = next(
            (
                e
                for e in self.lines(platform, user_id)
                if (e.item_id, e.sku_id) == (item_id, sku.sku_id)
            ),
            None,
        )
        total = quantity + (existing.quantity if existing else 0)
        self._check_quantity(product, sku, total)
        now = now_ms()
        if existing is not None:
            existing.quantity, existing.updated_ms = total, now
            self._changes.mark(CARTS, existing.cart_id)
            return existing
        if len(self.lines(platform, user_id)) >= MAX_CART_LINES:
            raise ApiError(CONFLICT, f"the cart is full ({MAX_CART_LINES} lines)")
        entry = CartEntry(self._new_id(), platform, user_id, item_id, sku.sku_id, total, now, now)
        self.entries[entry.cart_id] = entry
        self._changes.mark(CARTS, entry.cart_id)
        return entry

    def set_quantity(self, platform: Platform, user_id: str, cart_id: int, quantity: int) -> None:
        (entry,) = self.take(platform, user_id, [cart_id])
        product, sku = self.product_of(entry)
        if product is None or sku is None:
            raise ApiError(CONFLICT, f"cart line {cart_id}: the item is no longer sold")
        self._check_quantity(product, sku, quantity)
        entry.quantity, entry.updated_ms = quantity, now_ms()
        self._changes.mark(CARTS, cart_id)

    def remove(self, platform: Platform, user_id: str, ids: list[int]) -> int:
        """Remove the user's lines `ids`; ids not in the cart are skipped (a safe retry)."""
        removed = 0
        for cart_id in ids:
            entry = self.entries.get(cart_id)
            if entry is not None and (entry.platform, entry.user_id) == (platform, user_id):
                del self.entries[cart_id]
                self._changes.mark(CARTS, cart_id)
                removed += 1
        return removed

    def _check_quantity(self, product: Product, sku: Sku, quantity: int) -> None:
        if quantity < 1:
            raise ApiError(BAD_REQUEST, f"quantity must be at least 1, got {quantity}")
        if quantity < product.moq:
            raise ApiError(
                CONFLICT,
                f"offer {product.item_id} sells at least {product.moq} {product.unit}; "
                f"got {quantity}",
            )
        if quantity > sku.stock:
            raise ApiError(CONFLICT, f"SKU {sku.sku_id} has {max(sku.stock, 0)} in stock")

    def _new_id(self) -> int:
        cart_id, self.next_id = self.next_id, self.next_id + 1
        self._changes.mark(CART_COUNTERS, "seq")
        return cart_id
