"""Quantities: typed counts, 1688 minimum order quantities and price tiers, pasted order lines."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

from bot.domain.errors import InputError
from bot.domain.money import MoneyError, parse_amount

MAX_QUANTITY = 100_000  # a sane cap: more than this in one line is a typo
MAX_ORDER_LINES = 200

_QUANTITY_RE = re.compile(
    r"^(?:[x×*]\s*)?(?P<number>[-−]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*"
    r"(?:件|个|只|双|套|pcs|pc|piece|pieces|units?|x)?$"
)
_LINE_SPLIT_RE = re.compile(r"[\s,;、]+")
_ITEM_ID_RE = re.compile(r"^[0-9]{6,20}$")
_SKU_ID_RE = re.compile(r"^[A-Za-z0-9_:-]{1,64}$")
_HEADER_WORDS = frozenset({"itemid", "item_id", "item", "offerid", "offer_id", "id"})


class QuantityError(InputError):
    """A quantity, tier or pasted order line that cannot be used."""


@pydantic_dataclass(frozen=True)
class PriceTier:
    """1688 price range: from `start_quantity` pieces on, each costs `price_fen`.
    A pydantic dataclass: `PriceTier(10, 1000)` works, and it validates inside a Draft."""

    start_quantity: Annotated[int, Field(ge=1)]
    price_fen: Annotated[int, Field(ge=0)]


@dataclass(frozen=True, slots=True)
class OrderLineInput:
    """One pasted line `itemId skuId qty [price]`; `price_fen` None when no price was given."""

    line_no: int
    item_id: str
    sku_id: str
    quantity: int
    price_fen: int | None = None


def check_quantity(
    quantity: int,
    *,
    minimum: int = 1,
    maximum: int = MAX_QUANTITY,
    stock: int | None = None,
) -> int:
    """Check a whole-number quantity against the minimum (1688 MOQ), the stock and the cap."""
    if quantity <= 0:
        raise QuantityError("quantity.zero", "The quantity must be at least 1.")
    if quantity < minimum:
        raise QuantityError(
            "quantity.below_minimum",
            f"The minimum order for this product is {minimum}.",
            {"minimum": minimum, "quantity": quantity},
        )
    if stock is not None and quantity > stock:
        if stock <= 0:
            raise QuantityError("quantity.out_of_stock", "This product is out of stock.")
        raise QuantityError(
            "quantity.above_stock",
            f"Only {stock} in stock.",
            {"stock": stock, "quantity": quantity},
        )
    if quantity > maximum:
        raise QuantityError(
            "quantity.too_large",
            f"At most {maximum} per line.",
            {"maximum": maximum, "quantity": quantity},
        )
    return quantity


def parse_quantity(
    text: str,
    *,
    minimum: int = 1,
    maximum: int = MAX_QUANTITY,
    stock: int | None = None,
) -> int:
    """A quantity as people type it: `3`, `３`, `3件`, `x3`, `1,000`, `10 pcs`."""
    normalized = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not normalized:
        raise QuantityError("quantity.empty", "Please enter a quantity, for example 2.")
    match = _QUANTITY_RE.match(normalized) if len(normalized) <= 32 else None
    if match is None:
        raise QuantityError(
            "quantity.not_a_number",
            f"“{text.strip()[:32]}” is not a number. Enter a whole number, for example 2.",
            {"text": text.strip()[:32]},
        )
    number = match["number"].replace("−", "-")
    if number.startswith("-"):
        raise QuantityError("quantity.negative", "The quantity cannot be negative.")
    if "." in number:
        whole, fraction = number.split(".")
        if fraction.strip("0"):
            raise QuantityError(
                "quantity.not_whole", "The quantity must be a whole number, for example 2."
            )
        number = whole
    if "," in number:
        if not re.match(r"^[0-9]{1,3}(,[0-9]{3})+$", number):
            raise QuantityError(
                "quantity.not_a_number",
                f"“{text.strip()}” is not a number. Enter a whole number, for example 2.",
                {"text": text.strip()},
            )
        number = number.replace(",", "")
    return check_quantity(int(number), minimum=minimum, maximum=maximum, stock=stock)


def tier_price(tiers: Sequence[PriceTier], quantity: int) -> int:
    """Unit price in fen for `quantity`: the highest tier whose start is ≤ quantity."""
    if not tiers:
        raise ValueError("tier_price needs at least one tier")
    ordered = sorted(tiers, key=lambda tier: tier.start_quantity)
    if quantity < ordered[0].start_quantity:
        raise QuantityError(
            "quantity.below_minimum",
            f"The minimum order for this product is {ordered[0].start_quantity}.",
            {"minimum": ordered[0].start_quantity, "quantity": quantity},
        )
    price = ordered[0].price_fen
    for tier in ordered:
        if tier.start_quantity <= quantity:
            price = tier.price_fen
    return price


def _line_error(line_no: int, code: str, message: str, **params: object) -> QuantityError:
    return QuantityError(code, f"Line {line_no}: {message}", {"line": line_no, **params})


def _parse_line(line_no: int, fields: list[str]) -> OrderLineInput:
    if not 3 <= len(fields) <= 4:
        raise _line_error(
            line_no,
            "order_line.fields",
            f"expected “itemId skuId quantity [price]”, got {len(fields)} values.",
            count=len(fields),
        )
    item_id, sku_id, quantity_text = fields[:3]
    if not _ITEM_ID_RE.match(item_id):
        raise _line_error(
            line_no, "order_line.item_id", f"“{item_id[:30]}” is not an item ID.", value=item_id
        )
    if not _SKU_ID_RE.match(sku_id):
        raise _line_error(
            line_no, "order_line.sku_id", f"“{sku_id[:30]}” is not a SKU ID.", value=sku_id
        )
    try:
        quantity = parse_quantity(quantity_text)
    except QuantityError as exc:
        raise _line_error(
            line_no, "order_line.quantity", exc.message, cause=exc.code, **exc.params
        ) from exc
    price_fen = None
    if len(fields) == 4:
        try:
            price_fen = parse_amount(fields[3])
        except MoneyError as exc:
            raise _line_error(
                line_no, "order_line.price", exc.message, cause=exc.code, **exc.params
            ) from exc
    return OrderLineInput(line_no, item_id, sku_id, quantity, price_fen)


def parse_order_lines(text: str) -> list[OrderLineInput]:
    """Lines of `itemId skuId qty [price]` (spaces, tabs or commas between; price in yuan like
    12.50 or in fen like 1250分). Blank lines, `#` comments and a header line are skipped.
    Errors name the 1-based line number."""
    normalized = unicodedata.normalize("NFKC", text or "")
    lines: list[OrderLineInput] = []
    for line_no, raw in enumerate(normalized.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = [f for f in _LINE_SPLIT_RE.split(stripped) if f]
        if not lines and fields[0].lower() in _HEADER_WORDS:
            continue  # a pasted spreadsheet header: itemId skuId qty price
        lines.append(_parse_line(line_no, fields))
        if len(lines) > MAX_ORDER_LINES:
            raise _line_error(
                line_no,
                "order_line.too_many",
                f"at most {MAX_ORDER_LINES} lines at once.",
                maximum=MAX_ORDER_LINES,
            )
    if not lines:
        raise QuantityError(
            "order_line.empty",
            "No order lines found. Write one per line: itemId skuId quantity [price].",
        )
    return lines
