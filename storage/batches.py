"""Batches: a 1688 order across sellers, placed by one batch create, stored as one order per
seller and linked under one reference (`#B12`). Tables from migration v5.

The batch row and every seller's order (with its submission record) are written in one
transaction before the platform is called, so a crash or a lost answer finds each seller's
order under its own key (`<batch key>:<seller>`) and reconciles it like any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from storage.db import now_ms, select, write_transaction
from storage.order_records import NewOrder, NewOrderLine, StoredOrder
from storage.orders import OrderRepository

_BATCH_REF = re.compile(r"^#?[Bb](\d{1,18})$")


@dataclass(frozen=True, slots=True)
class StoredBatch:
    id: int
    batch_key: str
    platform: str
    chat_id: int
    requester_id: int
    created_at: int

    @property
    def ref(self) -> str:
        return f"#B{self.id}"


@dataclass(frozen=True, slots=True)
class BatchMember:
    seller_id: str
    order: StoredOrder
    seller_name: str | None = None


@dataclass(frozen=True, slots=True)
class NewMember:
    """One seller's order to store with the batch."""

    seller_id: str
    seller_name: str | None
    order: NewOrder
    lines: list[NewOrderLine]


def batch_ref_id(text: str) -> int | None:
    """The batch id in what a member typed (`#B12`, `B12`), else None."""
    match = _BATCH_REF.match(text.strip())
    return int(match.group(1)) if match else None


class BatchRepository:
    def __init__(
        self, db: sqlite_utils.Database, orders: OrderRepository, clock: Callable[[], int] = now_ms
    ) -> None:
        self._db = db
        self.orders = orders
        self._clock = clock

    def create(
        self,
        key: str,
        platform: str,
        chat_id: int,
        requester_id: int,
        members: list[NewMember],
    ) -> StoredBatch:
        """The batch and each seller's order, in one transaction; idempotent on `key` (a
        second call adds only sellers the batch does not hold yet)."""
        with write_transaction(self._db):
            batch = self.by_key(key)
            if batch is None:
                self._db.execute(
                    "INSERT INTO order_batches (batch_key, platform, chat_id, requester_id, "
                    "created_at) VALUES (?, ?, ?, ?, ?)",
                    (key, platform, chat_id, requester_id, self._clock()),
                )
                batch = self.by_key(key)
                assert batch is not None  # just written
            for member in members:
                stored = self.orders.create_pending(member.order, member.lines)
                self._db.execute(
                    "INSERT OR IGNORE INTO batch_orders (batch_id, order_id, seller_id, "
                    "seller_name) VALUES (?, ?, ?, ?)",
                    (batch.id, stored.id, member.seller_id, member.seller_name),
                )
        return batch

    def get(self, batch_id: int) -> StoredBatch | None:
        return self._one("SELECT * FROM order_batches WHERE id = ?", (batch_id,))

    def by_key(self, key: str) -> StoredBatch | None:
        return self._one("SELECT * FROM order_batches WHERE batch_key = ?", (key,))

    def members(self, batch_id: int) -> list[BatchMember]:
        """The batch's seller orders, in the order they were stored."""
        rows = self._db.execute(
            "SELECT seller_id, order_id, seller_name FROM batch_orders WHERE batch_id = ? "
            "ORDER BY order_id",
            (batch_id,),
        ).fetchall()
        members = []
        for seller_id, order_id, seller_name in rows:
            order = self.orders.get(int(order_id))
            if order is not None:
                members.append(BatchMember(seller_id, order, seller_name))
        return members

    def batch_of(self, order_id: int) -> StoredBatch | None:
        return self._one(
            "SELECT b.* FROM order_batches b JOIN batch_orders m ON m.batch_id = b.id "
            "WHERE m.order_id = ?",
            (order_id,),
        )

    def batch_ids_of(self, order_ids: list[int]) -> dict[int, int]:
        """order id -> batch id, for the orders of `order_ids` that belong to a batch."""
        if not order_ids:
            return {}
        marks = ", ".join("?" for _ in order_ids)
        rows = self._db.execute(
            f"SELECT order_id, batch_id FROM batch_orders WHERE order_id IN ({marks})",
            tuple(order_ids),
        ).fetchall()
        return {int(order_id): int(batch_id) for order_id, batch_id in rows}

    def _one(self, sql: str, params: tuple) -> StoredBatch | None:
        rows = select(self._db, sql, params)
        return StoredBatch(**rows[0]) if rows else None
