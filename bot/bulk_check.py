"""Checking an order spreadsheet against the platform, row by row, before anything is placed.

Read (bot.domain.sheet_rows) → look every product up once (concurrently, within the request
rate setting) and match each row's SKU, quantity and price cap → group the good rows into orders
(rows sharing "your order number"; every other row is an order of its own) → quote each order
(current prices and postage, the same call as the chat's preview). Whatever is wrong ends up on
the row it concerns, so the member gets a spreadsheet with an "error" column.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from pydantic import BaseModel, Field

from bot.catalog import Catalog
from bot.domain.draft import MAX_DRAFT_LINES, Draft, DraftLine
from bot.domain.money import format_fen
from bot.domain.receiver import Receiver
from bot.domain.sheet_rows import (
    Problem,
    ReceiverMemo,
    RowInput,
    column_map,
    order_key,
    read_row,
    sku_matches,
)
from bot.marketplaces.base import ProductNotFound
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.products import ProductView

log = logging.getLogger(__name__)

T = TypeVar("T")


class CheckedRow(BaseModel):
    row_no: int
    cells: list[str]
    input: RowInput
    line: DraftLine | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.line is not None


class PlannedOrder(BaseModel):
    """One order the sheet makes up: its key, rows (as draft lines, in row order) and quote."""

    key: str
    platform: str
    row_nos: list[int]
    draft: Draft
    postage_by_seller: dict[str, int] = Field(default_factory=dict)

    @property
    def total_fen(self) -> int:
        return self.draft.total_fen

    @property
    def across_sellers(self) -> bool:
        return self.platform == "1688" and not self.draft.is_single_seller


class CheckedSheet(BaseModel):
    header: list[str]
    rows: list[CheckedRow]
    orders: list[PlannedOrder] = Field(default_factory=list)
    default_receiver: Receiver | None = None

    @property
    def bad_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def good_rows(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.ok]

    @property
    def rows_without_receiver(self) -> list[CheckedRow]:
        return [r for r in self.good_rows if r.input.receiver is None]

    @property
    def total_fen(self) -> int:
        return sum(order.total_fen for order in self.orders)

    def row(self, row_no: int) -> CheckedRow:
        return next(row for row in self.rows if row.row_no == row_no)


class RequestRate:
    """At most `per_second` request starts per second (and `concurrency` at once)."""

    def __init__(self, per_second: float, concurrency: int) -> None:
        self._interval = 1 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(concurrency)

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self._slots:
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self._interval
            if start > now:
                await asyncio.sleep(start - now)
            return await call()


def read_sheet_rows(table: list[list[str]]) -> CheckedSheet:
    """The sheet read (no platform call yet); SheetError when its header cannot be used."""
    header, data = table[0], table[1:]
    positions = column_map(header)
    rows = []
    receivers: ReceiverMemo = {}
    for offset, cells in enumerate(data):
        if not any(cell.strip() for cell in cells):
            continue  # a blank row between blocks is no order
        row_input = read_row(offset + 2, cells, positions, receivers)
        rows.append(
            CheckedRow(
                row_no=row_input.row_no, cells=cells, input=row_input, problem=row_input.problem
            )
        )
    return CheckedSheet(header=header, rows=rows)


class SheetChecker:
    def __init__(self, catalog: Catalog, rate: RequestRate) -> None:
        self.catalog = catalog
        self.rate = rate

    async def look_up(self, sheet: CheckedSheet) -> None:
        """Each product once; then every row's SKU, quantity, stock and price cap."""
        wanted = sorted(
            {(r.input.platform, r.input.item_id) for r in sheet.rows if r.problem is None}
        )
        found = await asyncio.gather(*(self._product(p, i) for p, i in wanted))
        products = dict(zip(wanted, found, strict=True))
        used: Counter[tuple[str, str]] = Counter()  # stock taken by earlier rows, per SKU
        for row in sheet.rows:
            if row.problem is not None:
                continue
            product = products[(row.input.platform, row.input.item_id)]
            if isinstance(product, Problem):
                row.problem = product
                continue
            row.line, row.problem = _line(product, row.input, used)

    async def _product(self, platform: str, item_id: str) -> ProductView | Problem:
        try:
            return await self.rate.run(lambda: self.catalog.product(platform, item_id))
        except ProductNotFound:
            return Problem(key="sheet.err.not_found", params={"item": item_id})
        except PlatformError as exc:
            return Problem(key="sheet.err.platform_refused", params={"reason": exc.msg or "?"})
        except PandaPonError as exc:
            log.warning("bulk check: %s/%s not looked up: %s", platform, item_id, exc)
            return Problem(key="sheet.err.platform_down")

    def plan(self, sheet: CheckedSheet) -> None:
        """Group the good rows into orders (each with its receiver) — no platform call."""
        groups: dict[tuple[str, str], list[CheckedRow]] = defaultdict(list)
        for row in sheet.good_rows:
            if row.input.receiver is None and sheet.default_receiver is None:
                continue  # waits for the one receiver for all
            number = row.input.order_no or f"row{row.row_no}"
            groups[(row.input.platform, number)].append(row)
        occurrences: Counter[str] = Counter()
        sheet.orders = []
        for (platform, _), rows in groups.items():
            receivers = {
                (r.input.receiver or sheet.default_receiver).model_dump_json() for r in rows
            }
            if len(receivers) > 1:
                for row in rows:
                    row.problem = Problem(key="sheet.err.receivers_differ")
                continue
            if platform == "taobao" and len(rows) > MAX_DRAFT_LINES:
                for row in rows:
                    row.problem = Problem(
                        key="sheet.err.too_many_lines", params={"maximum": MAX_DRAFT_LINES}
                    )
                continue
            inputs = [r.input for r in rows]
            seed = order_key(platform, inputs, 0)
            occurrences[seed] += 1  # the same rows twice in one sheet are two orders
            key = order_key(platform, inputs, occurrences[seed] - 1)
            draft = Draft(
                platform=platform,
                lines=[r.line for r in rows],
                receiver=rows[0].input.receiver or sheet.default_receiver,
                seller_order_number=key,
            )
            sheet.orders.append(
                PlannedOrder(
                    key=key,
                    platform=platform,
                    row_nos=[r.row_no for r in rows],
                    draft=draft,
                )
            )

    async def quote(self, sheet: CheckedSheet) -> None:
        """Quote every planned order; a problem lands on the rows it concerns, and an order
        with a bad row leaves the plan (the member fixes or skips the row)."""
        results = await asyncio.gather(*(self._quote(order) for order in sheet.orders))
        kept = []
        for order, problems in zip(sheet.orders, results, strict=True):
            for row_no, problem in problems.items():
                sheet.row(row_no).problem = problem
            if not problems:
                kept.append(order)
        sheet.orders = kept

    async def _quote(self, order: PlannedOrder) -> dict[int, Problem]:
        try:
            quote = await self.rate.run(lambda: self.catalog.quote(order.draft))
        except PlatformError as exc:
            problem = Problem(key="sheet.err.platform_refused", params={"reason": exc.msg or "?"})
            return dict.fromkeys(order.row_nos, problem)
        except PandaPonError as exc:
            log.warning("bulk check: order %s not quoted: %s", order.key, exc)
            return dict.fromkeys(order.row_nos, Problem(key="sheet.err.platform_down"))
        problems: dict[int, Problem] = {}
        for q in quote.lines:
            if not q.available:
                reason = q.error_message or q.error_code or "?"
                problems[order.row_nos[q.index]] = Problem(
                    key="sheet.err.quote", params={"reason": reason}
                )
        for block in quote.sellers:
            if block.problem:
                for index in block.line_indexes:
                    problems.setdefault(
                        order.row_nos[index],
                        Problem(key="sheet.err.quote", params={"reason": block.problem}),
                    )
        if quote.problems and not problems:
            reason = "; ".join(quote.problems)
            problems = dict.fromkeys(
                order.row_nos, Problem(key="sheet.err.quote", params={"reason": reason})
            )
        if problems:
            return problems
        for q in quote.lines:  # the platform's price is the one the order is placed at
            line = order.draft.lines[q.index]
            order.draft.lines[q.index] = line.model_copy(
                update={"unit_price_fen": q.unit_price_fen}
            )
        order.draft.postage_fen = quote.postage_fen
        order.postage_by_seller = {b.seller_id: b.postage_fen for b in quote.sellers}
        return {}


def _line(
    product: ProductView, row: RowInput, used: Counter[tuple[str, str]]
) -> tuple[DraftLine | None, Problem | None]:
    """The row as a draft line of `product`, or what is wrong with it."""
    skus = product.skus
    if row.sku:
        sku = next((s for s in skus if sku_matches(row.sku, s.sku_id, s.label)), None)
    else:
        sku = skus[0] if len(skus) == 1 else None
    if sku is None:
        choices = "; ".join(s.label for s in skus[:8])
        key = "sheet.err.sku" if row.sku else "sheet.err.sku_needed"
        return None, Problem(key=key, params={"value": row.sku or "—", "choices": choices})
    if row.quantity < product.min_quantity:
        return None, Problem(
            key="sheet.err.moq", params={"moq": product.min_quantity, "qty": row.quantity}
        )
    taken = used[(product.item_id, sku.sku_id)]
    if row.quantity > sku.stock - taken:
        return None, Problem(key="sheet.err.stock", params={"stock": max(sku.stock - taken, 0)})
    price = product.unit_price_fen(sku, row.quantity)
    if row.price_cap_fen is not None and price > row.price_cap_fen:
        params = {"price": format_fen(price), "cap": format_fen(row.price_cap_fen)}
        return None, Problem(key="sheet.err.price", params=params)
    used[(product.item_id, sku.sku_id)] += row.quantity
    line = DraftLine(
        item_id=product.item_id,
        sku_id=sku.sku_id,
        title=product.title,
        sku_label=sku.label,
        quantity=row.quantity,
        unit_price_fen=price,
        image_url=sku.image_url or product.image_url,
        seller_id=product.seller_id,
        seller_name=product.seller_name,
        min_quantity=product.min_quantity,
        stock=sku.stock,
    )
    return line, None
