"""Orders, their lines and their submission records: creation and lookups.

The submission record is the "never a duplicate, never a lost order" guard: it is written with
the order, before any API call, keyed by the seller order number, and ends in exactly one of
submitted / rejected / unknown (the state changes live in storage/order_lifecycle.py).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict

from storage.db import select, write_transaction
from storage.order_lifecycle import OrderLifecycle, check_lines, insert_sql
from storage.order_records import (
    ORDER_STATES,
    STATE_SUBMITTED,
    STATE_UNKNOWN,
    SUBMISSION_PENDING,
    SUBMISSION_STATES,
    SUBMISSION_UNKNOWN,
    LineResult,
    NewOrder,
    NewOrderLine,
    StoredOrder,
    StoredOrderLine,
    Submission,
)

log = logging.getLogger(__name__)

_EXPORT_BATCH = 500
# Longest decimal text taken as a local id; anything longer cannot be an SQLite INTEGER anyway.
_MAX_LOCAL_ID_DIGITS = 18

# Re-exported so callers can take the records from the repository's module.
__all__ = [
    "LineResult",
    "NewOrder",
    "NewOrderLine",
    "OrderRepository",
    "StoredOrder",
    "StoredOrderLine",
    "Submission",
]


class OrderRepository(OrderLifecycle):
    """Every order operation the bot needs (typed records in and out; see OrderLifecycle)."""

    # --- creating -------------------------------------------------------------------------

    def create_pending(self, order: NewOrder, lines: list[NewOrderLine]) -> StoredOrder:
        """Write the order, its lines and a 'pending' submission in one transaction.

        Idempotent on `seller_order_number`: when an order with that number exists, it is
        returned unchanged and nothing is written (a double tap or a retried step).
        """
        check_lines(lines)
        try:
            with write_transaction(self._db):
                existing = self.by_seller_order_number(order.seller_order_number)
                if existing is not None:
                    log.info(
                        "order %s: seller order number %s already stored, not inserting again",
                        existing.ref,
                        order.seller_order_number,
                    )
                    return existing
                order_id = self._insert(order, lines)
        except sqlite3.IntegrityError:
            # Another process inserted the same number between our check and insert.
            existing = self.by_seller_order_number(order.seller_order_number)
            if existing is None:
                raise
            return existing
        stored = self.get(order_id)
        assert stored is not None  # just committed
        log.info("order %s: stored as %s (%s)", stored.ref, stored.state, order.seller_order_number)
        return stored

    def _insert(self, order: NewOrder, lines: list[NewOrderLine]) -> int:
        now = self._clock()
        order_row = {
            **asdict(order),
            "total_fen": order.effective_total_fen,
            "created_at": now,
            "updated_at": now,
        }
        order_id = int(self._db.execute(insert_sql("orders", order_row), order_row).lastrowid or 0)
        self._insert_lines(order_id, lines)
        self._db.execute(
            """
            INSERT INTO submissions (idempotency_key, order_id, state, attempts, created_at,
                updated_at)
            VALUES (?, ?, ?, 0, ?, ?)
            """,
            (order.seller_order_number, order_id, SUBMISSION_PENDING, now, now),
        )
        return order_id

    # --- reading --------------------------------------------------------------------------

    def by_seller_order_number(self, seller_order_number: str) -> StoredOrder | None:
        return self._one(
            "SELECT * FROM orders WHERE seller_order_number = ?", (seller_order_number,)
        )

    def by_platform_ref(self, ref: str) -> StoredOrder | None:
        """The order whose platform order number, or else platform order id, equals `ref`."""
        return self._one(
            "SELECT * FROM orders WHERE platform_order_no = ? ORDER BY id DESC LIMIT 1", (ref,)
        ) or self._one(
            "SELECT * FROM orders WHERE platform_order_id = ? ORDER BY id DESC LIMIT 1", (ref,)
        )

    def find(self, key: str) -> StoredOrder | None:
        """Resolve what a user typed after /status.

        Precedence: "#N" is always the local id N; otherwise the platform order number or id;
        otherwise the seller order number; finally a bare number that matched none of those is
        taken as a local id ("42" → #42).
        """
        text = key.strip()
        if text.startswith("#"):
            local_id = _as_local_id(text[1:].strip())
            return self.get(local_id) if local_id is not None else None
        if not text:
            return None
        found = self.by_platform_ref(text) or self.by_seller_order_number(text)
        if found is None:
            local_id = _as_local_id(text)
            if local_id is not None:
                found = self.get(local_id)
        return found

    def lines(self, order_id: int) -> list[StoredOrderLine]:
        rows = select(
            self._db, "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,)
        )
        return [StoredOrderLine.from_row(row) for row in rows]

    def list_for_chat(self, chat_id: int, limit: int = 10, offset: int = 0) -> list[StoredOrder]:
        """The chat's orders, newest first (one page)."""
        if limit <= 0 or offset < 0:
            raise ValueError("limit must be positive and offset non-negative")
        return self._many(
            "SELECT * FROM orders WHERE chat_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (chat_id, limit, offset),
        )

    def count_for_chat(self, chat_id: int) -> int:
        return int(
            self._db.execute(
                "SELECT count(*) FROM orders WHERE chat_id = ?", (chat_id,)
            ).fetchone()[0]
        )

    def orders_in_state(self, state: str, limit: int = 1000) -> list[StoredOrder]:
        """Orders in a lifecycle state, oldest first (e.g. 'unknown' and 'submitting' at start-up:
        a 'submitting' order there was cut off mid-call by a crash)."""
        if state not in ORDER_STATES:
            raise ValueError(f"unknown order state {state!r}")
        return self._many(
            "SELECT * FROM orders WHERE state = ? ORDER BY id LIMIT ?", (state, limit)
        )

    def submission(self, idempotency_key: str) -> Submission | None:
        rows = list(
            self._db.query(_SUBMISSION_SELECT + " WHERE s.idempotency_key = ?", (idempotency_key,))
        )
        return Submission.from_row(rows[0]) if rows else None

    def submissions_in_state(self, state: str) -> list[Submission]:
        """Submissions in `state`, oldest first. For reconciliation: a 'pending' one whose
        `order_state` is still pending_approval or cancelled_before_submit was never sent."""
        if state not in SUBMISSION_STATES:
            raise ValueError(f"unknown submission state {state!r}")
        rows = self._db.query(
            _SUBMISSION_SELECT + " WHERE s.state = ? ORDER BY s.created_at, s.order_id", (state,)
        )
        return [Submission.from_row(row) for row in rows]

    def rechecks_due(self, now_ms: int, limit: int = 100) -> list[StoredOrder]:
        """Orders whose lost answer is due to be looked for again, most overdue first."""
        return self._many(
            """
            SELECT o.* FROM submissions s JOIN orders o ON o.id = s.order_id
            WHERE s.state = ? AND o.state = ? AND (s.next_check_at IS NULL OR s.next_check_at <= ?)
            ORDER BY s.next_check_at, o.id LIMIT ?
            """,
            (SUBMISSION_UNKNOWN, STATE_UNKNOWN, now_ms, limit),
        )

    def non_final_orders(self, final_statuses: set[str], limit: int = 100) -> list[StoredOrder]:
        """Submitted orders whose buyer status is not final yet, least recently updated first
        (what a polling job should refresh next)."""
        finals = sorted(final_statuses)
        not_final = (
            f"(status IS NULL OR status NOT IN ({', '.join('?' for _ in finals)}))"
            if finals
            else "1"
        )
        return self._many(
            f"SELECT * FROM orders WHERE state = ? AND {not_final} ORDER BY updated_at, id LIMIT ?",
            (STATE_SUBMITTED, *finals, limit),
        )

    def orders_since(self, since_ms: int) -> Iterator[StoredOrder]:
        """Every order created at or after `since_ms` (epoch ms), oldest first, read in batches
        so an export never holds a cursor open across the caller's work."""
        last_id = 0
        while True:
            batch = self._many(
                "SELECT * FROM orders WHERE created_at >= ? AND id > ? ORDER BY id LIMIT ?",
                (since_ms, last_id, _EXPORT_BATCH),
            )
            yield from batch
            if len(batch) < _EXPORT_BATCH:
                return
            last_id = batch[-1].id


_SUBMISSION_SELECT = """
    SELECT s.idempotency_key, s.order_id, s.state, s.attempts, s.last_error, s.created_at,
        s.updated_at, o.state AS order_state, s.unknown_since, s.next_check_at, s.checks
    FROM submissions s JOIN orders o ON o.id = s.order_id
"""


def _as_local_id(text: str) -> int | None:
    if text.isascii() and text.isdigit() and 0 < len(text) <= _MAX_LOCAL_ID_DIGITS:
        return int(text)
    return None
