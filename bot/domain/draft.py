"""The order being built in the chat: lines, receiver, postage, budget, and the order numbers.

Pure and JSON-serialisable (`model_dump_json` / `model_validate_json`) so storage can keep a
draft between steps and across restarts.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.domain.errors import InputError
from bot.domain.money import format_fen
from bot.domain.quantity import PriceTier, check_quantity, tier_price
from bot.domain.receiver import Receiver

ORDER_SOURCES = ("lazada", "shopee", "tiktok", "other")
MAX_DRAFT_LINES = 50
SELLER_ORDER_NUMBER_MAX = 32
SELLER_ORDER_NUMBER_PREFIX = "OB"

_SELLER_ORDER_NUMBER_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_BASE36 = string.digits + string.ascii_uppercase
_RANDOM_CHARS = 6
_MAX_NUMBER_TRIES = 100  # 36^6 numbers a day: a run of clashes this long means a broken source


class DraftError(InputError):
    """An edit of the draft that cannot be done (bad line index, budget below total, …)."""


class DraftLine(BaseModel):
    """One product line. `tiers` is set only when the price follows 1688 quantity tiers; a
    SKU with its own price keeps `tiers` empty and its `unit_price_fen` fixed."""

    item_id: str = Field(min_length=1)
    sku_id: str
    title: str
    sku_label: str = ""
    quantity: int = Field(ge=1)
    unit_price_fen: int = Field(ge=0)
    image_url: str | None = None
    seller_id: str | None = None
    seller_name: str | None = None  # 1688: the seller's company, for the per-seller preview
    min_quantity: int = Field(default=1, ge=1)
    tiers: list[PriceTier] = []
    stock: int | None = Field(default=None, ge=0)
    # The price before a promotion, when the line is on promotion (shown beside the price).
    original_price_fen: int | None = Field(default=None, ge=0)
    # The platform cart line this line is ordered from (an order of cart lines is placed
    # from the cart); a line whose quantity changes here is no longer the cart's.
    cart_id: str | None = None

    @property
    def line_total_fen(self) -> int:
        return self.quantity * self.unit_price_fen

    def same_product(self, other: DraftLine) -> bool:
        return (self.item_id, self.sku_id) == (other.item_id, other.sku_id)


class Draft(BaseModel):
    platform: Literal["taobao", "1688"] | None = None
    lines: list[DraftLine] = []
    receiver: Receiver | None = None
    postage_fen: int | None = Field(default=None, ge=0)
    budget_cap_fen: int | None = Field(default=None, ge=0)
    order_source: str | None = None
    seller_order_number: str | None = None
    # A 1688 shop promotion the buyer chose in the preview, and its discount as quoted.
    shop_promotion_id: str | None = None
    shop_promotion_name: str | None = None
    discount_fen: int | None = Field(default=None, ge=0)

    @property
    def subtotal_fen(self) -> int:
        return sum(line.line_total_fen for line in self.lines)

    @property
    def total_fen(self) -> int:
        """Goods plus domestic postage, less a shop promotion's discount (postage and discount
        are 0 until a preview has priced them)."""
        return max(0, self.subtotal_fen + (self.postage_fen or 0) - (self.discount_fen or 0))

    @property
    def budget_fen(self) -> int:
        """The `purchaseAmount` to send: the cap when the buyer raised it, else the total."""
        return max(self.budget_cap_fen or 0, self.total_fen)

    @property
    def seller_ids(self) -> list[str]:
        """Distinct sellers, in line order."""
        return list(dict.fromkeys(line.seller_id for line in self.lines if line.seller_id))

    @property
    def cart_ids(self) -> list[str] | None:
        """The cart lines to order from, when every line is one; else None (a plain order)."""
        ids = [line.cart_id for line in self.lines]
        return [i for i in ids if i] if ids and all(ids) else None

    @property
    def is_single_seller(self) -> bool:
        """A single 1688 order holds one seller's goods; more sellers need the batch flow. A
        Taobao order spans shops by itself, so a Taobao draft is always one order."""
        return self.platform != "1688" or len(self.seller_ids) <= 1

    def _line_at(self, index: int) -> DraftLine:
        if not 0 <= index < len(self.lines):
            raise DraftError(
                "draft.no_such_line",
                f"There is no line {index + 1}; the order has {len(self.lines)}.",
                {"line": index + 1, "count": len(self.lines)},
            )
        return self.lines[index]

    @staticmethod
    def _priced(line: DraftLine, quantity: int) -> DraftLine:
        """`line` with `quantity`, checked against MOQ/stock and re-priced by its tiers."""
        check_quantity(quantity, minimum=line.min_quantity, stock=line.stock)
        price = tier_price(line.tiers, quantity) if line.tiers else line.unit_price_fen
        update = {"quantity": quantity, "unit_price_fen": price}
        if quantity != line.quantity:
            update["cart_id"] = None
        return line.model_copy(update=update)

    def add_line(self, line: DraftLine) -> DraftLine:
        """Add a line, or add its quantity to the line with the same item and SKU.

        Raises QuantityError (minimum, stock, cap) or DraftError (too many lines).
        Returns the line as it now stands in the draft.
        """
        for index, existing in enumerate(self.lines):
            if existing.same_product(line):
                # The new line was just looked up: its stock and tiers are the fresher ones.
                merged = self._priced(line, existing.quantity + line.quantity)
                self.lines[index] = merged
                return merged
        if len(self.lines) >= MAX_DRAFT_LINES:
            raise DraftError(
                "draft.too_many_lines",
                f"An order can have at most {MAX_DRAFT_LINES} lines.",
                {"maximum": MAX_DRAFT_LINES},
            )
        priced = self._priced(line, line.quantity)
        self.lines.append(priced)
        return priced

    def remove_line(self, index: int) -> DraftLine:
        """Remove the line at 0-based `index` and return it."""
        self._line_at(index)
        return self.lines.pop(index)

    def set_quantity(self, index: int, quantity: int) -> DraftLine:
        """Change the quantity of the line at 0-based `index`, re-pricing it by its tiers."""
        updated = self._priced(self._line_at(index), quantity)
        self.lines[index] = updated
        return updated

    def validate_budget(self, cap_fen: int) -> int:
        """A budget cap must cover the total; returns the cap."""
        if cap_fen < 0:
            raise DraftError("draft.budget_negative", "The budget cannot be negative.")
        if cap_fen < self.total_fen:
            raise DraftError(
                "draft.budget_below_total",
                f"The budget {format_fen(cap_fen)} is below the order total "
                f"{format_fen(self.total_fen)}.",
                {
                    "cap": format_fen(cap_fen),
                    "cap_fen": cap_fen,
                    "total": format_fen(self.total_fen),
                    "total_fen": self.total_fen,
                },
            )
        return cap_fen

    def set_budget_cap(self, cap_fen: int | None) -> None:
        """Raise the budget above the total (None goes back to the computed total)."""
        self.budget_cap_fen = None if cap_fen is None else self.validate_budget(cap_fen)


def _base36(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 36)
        chars.append(_BASE36[digit])
    return "".join(reversed(chars))


def new_seller_order_number(now: datetime, rand: int | bytes) -> str:
    """Our idempotency key for a submission, e.g. `OB250314K3X9Z0`: prefix, yyMMdd, 6 base36
    characters taken from `rand` (`secrets.randbits(32)` or `secrets.token_bytes(8)`)."""
    number = int.from_bytes(rand, "big") if isinstance(rand, bytes) else rand
    if number < 0:
        raise ValueError("rand must be a non-negative integer or bytes")
    return f"{SELLER_ORDER_NUMBER_PREFIX}{now:%y%m%d}{_base36(number, _RANDOM_CHARS)}"


def unique_seller_order_number(
    now: datetime, is_taken: Callable[[str], bool], random_bytes: Callable[[], bytes]
) -> str:
    """A generated number no stored order has (`is_taken` asks the database); a clash draws
    again."""
    for _ in range(_MAX_NUMBER_TRIES):
        number = new_seller_order_number(now, random_bytes())
        if not is_taken(number):
            return number
    raise RuntimeError(f"no free seller order number after {_MAX_NUMBER_TRIES} draws")


def validate_seller_order_number(text: str) -> str:
    """A seller order number the buyer typed: 1–32 of letters, digits, `_` and `-`."""
    value = (text or "").strip()
    if not value:
        raise DraftError("seller_order_number.empty", "Please enter an order number.")
    if len(value) > SELLER_ORDER_NUMBER_MAX:
        raise DraftError(
            "seller_order_number.too_long",
            f"An order number has at most {SELLER_ORDER_NUMBER_MAX} characters.",
            {"maximum": SELLER_ORDER_NUMBER_MAX},
        )
    if not _SELLER_ORDER_NUMBER_RE.match(value):
        raise DraftError(
            "seller_order_number.invalid",
            "An order number may use only letters, digits, “_” and “-”.",
            {"text": value},
        )
    return value


def validate_order_source(text: str) -> str:
    """One of ORDER_SOURCES, case-insensitive."""
    value = (text or "").strip().lower()
    if value not in ORDER_SOURCES:
        raise DraftError(
            "order_source.unknown",
            f"The order source must be one of: {', '.join(ORDER_SOURCES)}.",
            {"choices": ", ".join(ORDER_SOURCES)},
        )
    return value
