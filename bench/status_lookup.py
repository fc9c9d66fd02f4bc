"""`OrderRepository.find` (what /status resolves) at a small and a large number of stored orders.

Each size gets its own SQLite file in a temporary directory, opened by `storage.db.open_database`
(WAL, migrations, indexes as in production) and filled in one transaction. The orders are
inserted as rows of the `orders` table built from `NewOrder` records: going through
`create_pending` and `mark_submitted` for each would take minutes at 100,000 and is not what is
measured. Then the same number of lookups of each kind is timed one by one and every answer
checked. With the indexes the p50 should not grow with the table (ratio ≈ 1).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bench.report import Figure, percentile
from storage.db import now_ms, open_database, write_transaction
from storage.order_lifecycle import insert_sql
from storage.orders import NewOrder, OrderRepository

NAME = "status_lookup"
SEED = 20240514
RECEIVER_JSON = json.dumps(
    {"name": "张三", "mobile": "+8613812345678", "state": "浙江省", "city": "杭州市",
     "district": "余杭区", "address": "文一西路969号", "zip": "311121"},
    ensure_ascii=False,
)  # fmt: skip


def seller_no(index: int) -> str:
    return f"OB{index:09d}"


def platform_no(index: int) -> str:
    return f"{7_000_000_000_000 + index * 7919}"  # spread like real order numbers, not dense


def _order_rows(count: int) -> Iterator[dict[str, Any]]:
    """Submitted Taobao orders of 50 buyers; the n-th gets local id n + 1."""
    template_order = NewOrder(
        platform="taobao",
        chat_id=1,
        requester_id=1,
        seller_order_number=seller_no(0),
        receiver_json=RECEIVER_JSON,
        subtotal_fen=7800,
        purchase_amount_fen=7800,
    )
    now = now_ms()
    template = {
        **asdict(template_order),  # asdict once: it is slow, and the columns are what matter
        "total_fen": template_order.effective_total_fen,
        "state": "submitted",
        "status": "WAIT_BUYER_PAY",
        "raw_status": "WAIT_BUYER_PAY",
        "created_at": now,
        "updated_at": now,
    }
    for index in range(count):
        buyer = 1001 + index % 50
        yield {
            **template,
            "chat_id": buyer,
            "requester_id": buyer,
            "seller_order_number": seller_no(index),
            "platform_order_id": f"TB{platform_no(index)}",
            "platform_order_no": platform_no(index),
        }


def fill(db: sqlite_utils.Database, count: int) -> None:
    rows = _order_rows(count)
    first = next(rows)
    with write_transaction(db):
        db.conn.executemany(insert_sql("orders", first), [first, *rows])


# What a user may type after /status, given the index of an order.
KEY_KINDS: dict[str, Callable[[int], str]] = {
    "by_ref": lambda index: f"#{index + 1}",
    "by_seller_no": seller_no,
    "by_platform_no": platform_no,
}


@dataclass
class Table:
    """One filled database and the keys to look up in it, as (key, expected seller number)."""

    count: int
    repo: OrderRepository
    queries: dict[str, list[tuple[str, str | None]]]

    @classmethod
    def filled(cls, db: sqlite_utils.Database, count: int, lookups: int) -> Table:
        fill(db, count)
        rng = random.Random(SEED + count)
        indexes = [rng.randrange(count) for _ in range(lookups)]
        queries: dict[str, list[tuple[str, str | None]]] = {
            kind: [(key_of(index), seller_no(index)) for index in indexes]
            for kind, key_of in KEY_KINDS.items()
        }
        # Worst case: platform number, platform id, seller number, then local id all tried.
        queries["miss"] = [(str(count + 10 + index), None) for index in indexes]
        return cls(count, OrderRepository(db), queries)

    def lookup_ms(self, kind: str, position: int) -> float:
        key, expected = self.queries[kind][position]
        started = time.perf_counter_ns()
        found = self.repo.find(key)
        elapsed_ms = (time.perf_counter_ns() - started) / 1e6
        if (found.seller_order_number if found is not None else None) != expected:
            raise AssertionError(f"find({key!r}) at n={self.count} returned {found!r}")
        return elapsed_ms


def measure(small: int, large: int, lookups: int) -> dict[str, tuple[float, float]]:
    """p50 milliseconds (small, large) per kind of key. Lookups alternate between the two
    tables, so a busy moment of the machine falls on both alike."""
    with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
        databases = [open_database(Path(tmp) / f"orders-{n}.db") for n in (small, large)]
        try:
            tables = [
                Table.filled(db, n, lookups)
                for db, n in zip(databases, (small, large), strict=True)
            ]
            p50: dict[str, tuple[float, float]] = {}
            for kind in tables[0].queries:
                timings: list[list[float]] = [[], []]
                for position in range(lookups):
                    for table, times in zip(tables, timings, strict=True):
                        times.append(table.lookup_ms(kind, position))
                p50[kind] = (percentile(timings[0], 0.5), percentile(timings[1], 0.5))
        finally:
            for db in databases:
                db.close()
    return p50


async def run(quick: bool = False) -> list[str]:
    small, large = (1_000, 10_000) if quick else (1_000, 100_000)
    lookups = 500 if quick else 5_000
    return [
        Figure(f"{NAME}.{kind}.p50_ms", {"lookups": lookups}).sizes(
            (small, small_p50), (large, large_p50)
        )
        for kind, (small_p50, large_p50) in measure(small, large, lookups).items()
    ]
