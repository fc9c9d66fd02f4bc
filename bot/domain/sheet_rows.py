"""The order spreadsheet: its columns, one row read into what it asks for, and the keys that
make each order of a sheet idempotent. Pure: the cells come in as text, problems go out as
message keys with parameters (rendered in the member's language by the handlers).

Columns (English or Chinese headers, any order, case and spaces ignored): platform, item (link
or ID), sku (ID or property text such as `颜色:黑色;尺码:XL`), quantity, price cap (optional,
per unit), receiver (optional: a whole address; otherwise one receiver for every row), your
order number (optional: rows that share one form one order; without one, each row is an order).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from base64 import b32encode

from pydantic import BaseModel, Field

from bot.domain.draft import validate_seller_order_number
from bot.domain.errors import InputError
from bot.domain.links import parse_product_ref
from bot.domain.money import parse_amount
from bot.domain.receiver import Receiver, build_receiver, parse_address_block

COLUMNS = ("platform", "item", "sku", "quantity", "price_cap", "receiver", "order_no")
REQUIRED = ("item", "quantity")
# Header spellings taken for each column (normalised: lower case, no spaces, _ or -).
HEADERS: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "平台"),
    "item": ("item", "itemlinkorid", "link", "itemid", "offerid", "product", "商品", "商品链接或id",
             "商品链接", "链接", "商品id"),
    "sku": ("sku", "skuid", "specid", "规格", "规格id"),
    "quantity": ("quantity", "qty", "数量"),
    "price_cap": ("pricecap", "maxprice", "maxunitprice", "单价上限", "最高单价", "限价"),
    "receiver": ("receiver", "address", "收货人", "收货地址", "收货人及地址"),
    "order_no": ("yourordernumber", "ordernumber", "orderno", "你的订单号", "订单号", "自编订单号"),
}  # fmt: skip
PLATFORM_WORDS = {
    "taobao": "taobao", "tmall": "taobao", "淘宝": "taobao", "天猫": "taobao", "tb": "taobao",
    "1688": "1688", "alibaba": "1688", "阿里巴巴": "1688", "ali": "1688",
}  # fmt: skip
MAX_QUANTITY = 1_000_000
KEY_PREFIX = "BK"


class Problem(BaseModel):
    """What is wrong with a row: a message key and its parameters."""

    key: str
    params: dict[str, str | int] = Field(default_factory=dict)
    message: str = ""  # English fallback (an InputError's own message)


class SheetError(Exception):
    """The sheet as a whole cannot be read (no header, a required column missing, …)."""

    def __init__(self, key: str, **params: str | int) -> None:
        super().__init__(key)
        self.problem = Problem(key=key, params=params)


class RowInput(BaseModel):
    """One row as the member wrote it, read: what to look up on the platform next."""

    row_no: int  # the spreadsheet's own row number (the header is row 1)
    platform: str | None = None  # None: taken from the item link
    item_id: str = ""
    sku: str = ""  # an id or property text; matched against the product's SKUs
    quantity: int = 0
    price_cap_fen: int | None = None
    receiver: Receiver | None = None
    order_no: str | None = None
    problem: Problem | None = None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().lower()
    return re.sub(r"[\s_\-/]+", "", text)


def column_map(header: list[str]) -> dict[str, int]:
    """Column name -> position in the header row; SheetError when a required one is missing."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"\(.*?\)", "", _norm(cell))  # "price cap (¥, optional)" → "pricecap"
        for column, spellings in HEADERS.items():
            if name in spellings and column not in positions:
                positions[column] = index
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise SheetError("sheet.err.columns", missing=", ".join(missing))
    return positions


def _cell(cells: list[str], positions: dict[str, int], column: str) -> str:
    index = positions.get(column)
    if index is None or index >= len(cells):
        return ""
    return unicodedata.normalize("NFKC", str(cells[index] or "")).strip()


def _problem(exc: InputError) -> Problem:
    params = {k: v for k, v in exc.params.items() if isinstance(v, str | int)}
    return Problem(key=f"err.{exc.code}", params=params, message=exc.message)


ReceiverMemo = dict[str, tuple[Receiver | None, Problem | None]]


def read_row(
    row_no: int, cells: list[str], positions: dict[str, int], receivers: ReceiverMemo | None = None
) -> RowInput:
    """Read one data row; the first thing wrong is its `problem` (the rest is left unread).
    `receivers`: the sheet's receiver texts read so far — a sheet names the same few receivers
    on many rows, and reading one (its phone number above all) is most of a row's cost."""
    row = RowInput(row_no=row_no)
    platform_text = _cell(cells, positions, "platform")
    if platform_text:
        row.platform = PLATFORM_WORDS.get(_norm(platform_text))
        if row.platform is None:
            row.problem = Problem(key="sheet.err.platform", params={"value": platform_text})
            return row
    item_text = _cell(cells, positions, "item")
    if not item_text:
        row.problem = Problem(key="sheet.err.no_item")
        return row
    try:
        ref = parse_product_ref(item_text)
    except InputError as exc:
        row.problem = _problem(exc)
        return row
    if ref.needs_resolution or ref.item_id is None:
        row.problem = Problem(key="sheet.err.short_link")
        return row
    if ref.platform is not None and row.platform is not None and ref.platform != row.platform:
        row.problem = Problem(key="sheet.err.platform_mismatch", params={"value": platform_text})
        return row
    row.platform = row.platform or ref.platform
    if row.platform is None:
        row.problem = Problem(key="sheet.err.which_platform", params={"value": ref.item_id})
        return row
    row.item_id = ref.item_id
    row.sku = _cell(cells, positions, "sku")
    quantity_text = _cell(cells, positions, "quantity")
    if not quantity_text.isdigit() or not 1 <= int(quantity_text) <= MAX_QUANTITY:
        row.problem = Problem(key="sheet.err.quantity", params={"value": quantity_text or "—"})
        return row
    row.quantity = int(quantity_text)
    cap_text = _cell(cells, positions, "price_cap")
    if cap_text:
        try:
            row.price_cap_fen = parse_amount(cap_text)
        except InputError as exc:
            row.problem = _problem(exc)
            return row
    receiver_text = _cell(cells, positions, "receiver")
    if receiver_text:
        memo = {} if receivers is None else receivers
        if receiver_text not in memo:
            memo[receiver_text] = _receiver(receiver_text)
        receiver, row.problem = memo[receiver_text]
        row.receiver = None if receiver is None else receiver.model_copy()
        if row.problem is not None:
            return row
    number = _cell(cells, positions, "order_no")
    if number:
        try:
            row.order_no = validate_seller_order_number(number)
        except InputError as exc:
            row.problem = _problem(exc)
    return row


def _receiver(text: str) -> tuple[Receiver | None, Problem | None]:
    parsed = parse_address_block(text)
    if not parsed.complete:
        return None, Problem(
            key="sheet.err.receiver", params={"missing": ", ".join(parsed.missing)}
        )
    try:
        return build_receiver(**parsed.found()), None
    except InputError as exc:
        return None, _problem(exc)


def sku_matches(wanted: str, sku_id: str, label: str) -> bool:
    """The row's SKU (an id, or property text `颜色:黑色;尺码:XL` / `黑色/XL`) names this SKU."""
    text = _norm(wanted)
    if not text:
        return False
    if text == _norm(sku_id):
        return True
    values = [
        part.split(":")[-1]
        for part in re.split(r"[;；,，/|]+", unicodedata.normalize("NFKC", wanted))
        if part.strip()
    ]
    wanted_values = {_norm(v) for v in values if _norm(v)}
    label_values = {_norm(v) for v in re.split(r"\s*/\s*", label) if _norm(v)}
    return bool(wanted_values) and wanted_values == label_values


def order_key(platform: str, rows: list[RowInput], occurrence: int) -> str:
    """The idempotency key of the order these rows make up: the member's own order number, or
    one derived from what the rows order (so the same rows sent again find their order)."""
    number = rows[0].order_no
    if number:
        return number
    canonical = "|".join(
        [platform, str(occurrence)]
        + [f"{r.item_id}/{_norm(r.sku)}/{r.quantity}/{r.price_cap_fen}" for r in rows]
        + [rows[0].receiver.model_dump_json() if rows[0].receiver else "-"]
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return KEY_PREFIX + b32encode(digest).decode("ascii")[:16]
