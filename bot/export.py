"""Orders as CSV: one row per order line (an order without lines still gets one row).

Money is exact: every amount appears as integer fen and as yuan text ("12.50"), never as a
float. Times are ISO 8601 in China time. The caller opens the stream; `csv_target` gives
UTF-8 with a BOM, so Excel shows Chinese titles and names correctly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from bot.domain.money import fen_to_yuan_text
from storage.order_records import STATE_SUBMITTED, StoredOrder, StoredOrderLine
from storage.orders import OrderRepository

# China has had no daylight saving since 1991: a fixed offset needs no tz database.
CHINA_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")

ORDER_COLUMNS = [
    "ref",
    "platform",
    "created_at",
    "chat_id",
    "requester_id",
    "seller_order_number",
    "platform_order_no",
    "platform_order_id",
    "state",
    "status",
    "raw_status",
    "subtotal_fen",
    "subtotal_yuan",
    "postage_fen",
    "postage_yuan",
    "total_fen",
    "total_yuan",
    "purchase_amount_fen",
    "purchase_amount_yuan",
    "order_source",
    "receiver_name",
    "receiver_mobile",
    "receiver_city",
]
LINE_COLUMNS = [
    "line_no",
    "item_id",
    "sku_id",
    "title",
    "sku_label",
    "quantity",
    "unit_price_fen",
    "line_total_fen",
    "sub_order_id",
    "line_status",
    "line_error",
]
COLUMNS = ORDER_COLUMNS + LINE_COLUMNS

# Text that people or shops typed; a cell starting like a formula would run in a spreadsheet.
_UNTRUSTED_TEXT = frozenset(
    {"title", "sku_label", "receiver_name", "receiver_city", "order_source", "line_error"}
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def parse_since(text: str) -> int:
    """`YYYY-MM-DD` → epoch ms of that day's midnight in China time."""
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"--since must be a date like 2026-05-20, not {text!r}") from exc
    return int(datetime(day.year, day.month, day.day, tzinfo=CHINA_TIME).timestamp() * 1000)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, CHINA_TIME).isoformat(timespec="seconds")


def _money(fen: int | None) -> tuple[int | str, str]:
    return ("", "") if fen is None else (fen, fen_to_yuan_text(fen))


def _receiver(receiver_json: str) -> dict[str, Any]:
    try:
        receiver = json.loads(receiver_json)
    except ValueError:
        return {}
    return receiver if isinstance(receiver, dict) else {}


def order_fields(order: StoredOrder) -> dict[str, Any]:
    receiver = _receiver(order.receiver_json)
    row: dict[str, Any] = {
        "ref": order.ref,
        "platform": order.platform,
        "created_at": _iso(order.created_at),
        "chat_id": order.chat_id,
        "requester_id": order.requester_id,
        "seller_order_number": order.seller_order_number,
        "platform_order_no": order.platform_order_no,
        "platform_order_id": order.platform_order_id,
        "state": order.state,
        "status": order_status(order),
        "raw_status": order.raw_status,
        "order_source": order.order_source,
        "receiver_name": receiver.get("name"),
        "receiver_mobile": receiver.get("mobile"),
        "receiver_city": receiver.get("city"),
    }
    for name, fen in (
        ("subtotal", order.subtotal_fen),
        ("postage", order.postage_fen),
        ("total", order.total_fen),
        ("purchase_amount", order.purchase_amount_fen),
    ):
        row[f"{name}_fen"], row[f"{name}_yuan"] = _money(fen)
    return row


def order_status(order: StoredOrder) -> str:
    """The buyer status of a placed order; for one that was never placed, its state (rejected,
    pending_approval, unknown…), so a filter on the column never mistakes it for a live one."""
    if order.state != STATE_SUBMITTED:
        return order.state
    return order.status or ""


def line_status(order: StoredOrder, line: StoredOrderLine) -> str:
    """A line follows its order: the status the platform reported when the order was created is
    long stale once the order moved on. A line the platform refused is "failed"."""
    if line.error_code:
        return "failed"
    return order_status(order)


def line_fields(order: StoredOrder, line: StoredOrderLine) -> dict[str, Any]:
    error = ": ".join(part for part in (line.error_code, line.error_message) if part)
    return {
        "line_no": line.line_no,
        "item_id": line.item_id,
        "sku_id": line.sku_id,
        "title": line.title,
        "sku_label": line.sku_label,
        "quantity": line.quantity,
        "unit_price_fen": line.unit_price_fen,
        "line_total_fen": line.line_total_fen,
        "sub_order_id": line.sub_order_id,
        "line_status": line_status(order, line),
        "line_error": error,
    }


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if column in _UNTRUSTED_TEXT and isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(orders: OrderRepository, since_ms: int = 0) -> Iterator[dict[str, Any]]:
    """The CSV rows, oldest order first, lines in order."""
    for order in orders.orders_since(since_ms):
        head = order_fields(order)
        lines = orders.lines(order.id)
        for line in lines or [None]:
            row = {**head, **(line_fields(order, line) if line is not None else {})}
            yield {column: _cell(column, row.get(column)) for column in COLUMNS}


def write_orders_csv(orders: OrderRepository, out: TextIO, *, since_ms: int = 0) -> int:
    """Write the header and every row to `out`; returns the number of rows (without header)."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in export_rows(orders, since_ms):
        writer.writerow(row)
        count += 1
    return count


@contextlib.contextmanager
def csv_target(target: str) -> Iterator[TextIO]:
    """A text stream for `target` ("-" = stdout): UTF-8 with a BOM, newlines left to csv."""
    if target != "-":
        with Path(target).open("w", encoding="utf-8-sig", newline="") as stream:
            yield stream
        return
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()  # stdout stays open for whoever owns it
