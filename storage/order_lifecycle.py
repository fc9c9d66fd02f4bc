"""State changes of stored orders: submission outcomes, buyer status, approval, retry.

`OrderRepository` (storage/orders.py) builds on this with creation and lookups; callers use
that class. Outcome writes keep the order row and its submission record in step, in one
transaction each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

import sqlite_utils

from storage.db import now_ms, select, write_transaction
from storage.order_records import (
    FINAL_ORDER_STATES,
    ORDER_STATES,
    STATE_CANCELLED_BEFORE_SUBMIT,
    STATE_PENDING_APPROVAL,
    STATE_REJECTED,
    STATE_SUBMITTED,
    STATE_SUBMITTING,
    STATE_UNKNOWN,
    SUBMISSION_PENDING,
    SUBMISSION_REJECTED,
    SUBMISSION_SUBMITTED,
    SUBMISSION_UNKNOWN,
    LineResult,
    NewOrder,
    NewOrderLine,
    StoredOrder,
)

log = logging.getLogger(__name__)

# States `set_state` may move an order to; outcome states go through mark_* so the submission
# record always agrees with the order.
_SETTABLE_STATES = frozenset(
    {STATE_PENDING_APPROVAL, STATE_SUBMITTING, STATE_CANCELLED_BEFORE_SUBMIT}
)
# Nothing exists on the platform for these, so their seller order number may be used again.
_RETRYABLE_STATES = frozenset({STATE_REJECTED, STATE_CANCELLED_BEFORE_SUBMIT})


class OrderLifecycle:
    """The state-changing half of OrderRepository (kept apart to keep each module small)."""

    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def get(self, order_id: int) -> StoredOrder | None:
        return self._one("SELECT * FROM orders WHERE id = ?", (order_id,))

    def _insert_lines(self, order_id: int, lines: list[NewOrderLine]) -> None:
        rows = [
            {**asdict(line), "order_id": order_id, "line_total_fen": line.effective_line_total_fen}
            for line in lines
        ]
        self._db.conn.executemany(insert_sql("order_lines", rows[0]), rows)

    # --- retry ----------------------------------------------------------------------------

    def reset_for_retry(
        self, order_id: int, order: NewOrder, lines: list[NewOrderLine]
    ) -> StoredOrder:
        """Reuse a rejected (or cancelled-before-submit) order's seller order number for a new
        attempt: nothing exists on the platform under it. The order keeps its id and attempt
        count; everything else is replaced and the submission is 'pending' again."""
        check_lines(lines)
        with write_transaction(self._db):
            stored = self.get(order_id)
            if stored is None:
                raise ValueError(f"order #{order_id} does not exist")
            if stored.state not in _RETRYABLE_STATES:
                raise ValueError(
                    f"order {stored.ref} is {stored.state}; only a rejected or "
                    "cancelled order may be retried"
                )
            if stored.seller_order_number != order.seller_order_number:
                raise ValueError("a retry must keep the seller order number")
            now = self._clock()
            row = {
                **asdict(order),
                "total_fen": order.effective_total_fen,
                "updated_at": now,
                "id": order_id,
            }
            self._db.execute(
                """
                UPDATE orders SET platform = :platform, chat_id = :chat_id,
                    requester_id = :requester_id, state = :state, platform_order_id = NULL,
                    platform_order_no = NULL, status = NULL, raw_status = NULL,
                    status_updated_at = NULL, subtotal_fen = :subtotal_fen,
                    postage_fen = :postage_fen, total_fen = :total_fen,
                    purchase_amount_fen = :purchase_amount_fen, receiver_json = :receiver_json,
                    order_source = :order_source, note = :note, updated_at = :updated_at,
                    discount_fen = :discount_fen, shop_promotion_id = :shop_promotion_id,
                    shop_promotion_name = :shop_promotion_name
                WHERE id = :id
                """,
                row,
            )
            self._db.execute("DELETE FROM order_lines WHERE order_id = ?", (order_id,))
            self._insert_lines(order_id, lines)
            self._db.execute(
                "UPDATE submissions SET state = ?, last_error = NULL, updated_at = ?, "
                "unknown_since = NULL, next_check_at = NULL, checks = 0 "
                "WHERE idempotency_key = ?",
                (SUBMISSION_PENDING, now, order.seller_order_number),
            )
        log.info("order %s: reset for a new attempt (was %s)", stored.ref, stored.state)
        retried = self.get(order_id)
        assert retried is not None  # just written
        return retried

    # --- outcomes of a submission ---------------------------------------------------------

    def mark_submitted(
        self,
        order_id: int,
        platform_order_id: str | None,
        platform_order_no: str | None,
        status: str | None,
        raw_status: str | None,
        line_results: Iterable[LineResult] = (),
        *,
        status_time_ms: int | None = None,
    ) -> bool:
        """Record that the platform created the order. False (and nothing written) when the
        order is missing or already final, so a late duplicate outcome changes nothing."""
        with write_transaction(self._db):
            order = self._open_order(order_id)
            if order is None:
                return False
            now = self._clock()
            self._db.execute(
                """
                UPDATE orders SET state = ?, platform_order_id = ?, platform_order_no = ?,
                    status = ?, raw_status = ?, status_updated_at = ?, updated_at = ?
                WHERE id = ?
                """,
                (
                    STATE_SUBMITTED,
                    platform_order_id,
                    platform_order_no,
                    status,
                    raw_status,
                    status_time_ms,
                    now,
                    order_id,
                ),
            )
            self._apply_line_results(order, line_results)
            self._set_submission(order, SUBMISSION_SUBMITTED, None, now)
        log.info("order %s: submitted as %s", order.ref, platform_order_no or platform_order_id)
        return True

    def mark_rejected(
        self, order_id: int, error: str, line_results: Iterable[LineResult] = ()
    ) -> bool:
        """Record that the platform refused the order. False when missing or already final."""
        with write_transaction(self._db):
            order = self._open_order(order_id)
            if order is None:
                return False
            now = self._clock()
            self._set_order_state(order_id, STATE_REJECTED, now)
            self._apply_line_results(order, line_results)
            self._set_submission(order, SUBMISSION_REJECTED, error, now)
        log.info("order %s: rejected: %s", order.ref, error)
        return True

    def mark_unknown(self, order_id: int, error: str, *, since_ms: int | None = None) -> bool:
        """Record that the create call got no answer (reconcile later, never blind-retry).
        `since_ms`: when the answer was lost (default now); kept from the first time."""
        with write_transaction(self._db):
            order = self._open_order(order_id)
            if order is None:
                return False
            now = self._clock()
            self._set_order_state(order_id, STATE_UNKNOWN, now)
            self._set_submission(order, SUBMISSION_UNKNOWN, error, now)
            self._db.execute(
                "UPDATE submissions SET unknown_since = COALESCE(unknown_since, ?) "
                "WHERE idempotency_key = ?",
                (since_ms if since_ms is not None else now, order.seller_order_number),
            )
        log.warning("order %s: outcome unknown: %s", order.ref, error)
        return True

    def schedule_recheck(self, idempotency_key: str, next_check_at: int) -> None:
        """One more look found nothing (yet): count it and set the next one."""
        self._db.execute(
            "UPDATE submissions SET checks = checks + 1, next_check_at = ?, updated_at = ? "
            "WHERE idempotency_key = ?",
            (next_check_at, self._clock(), idempotency_key),
        )

    def begin_attempt(self, order_id: int, idempotency_key: str) -> int | None:
        """Before a create call: the order is 'submitting' and the call is counted, in one
        transaction. Returns the new count, None if the key is unknown."""
        with write_transaction(self._db):
            self.set_state(order_id, STATE_SUBMITTING)
            return self.record_attempt(idempotency_key)

    def record_attempt(self, idempotency_key: str) -> int | None:
        """Count one more create call for this key; returns the new count, None if unknown."""
        with write_transaction(self._db):
            updated = self._db.execute(
                "UPDATE submissions SET attempts = attempts + 1, updated_at = ? "
                "WHERE idempotency_key = ?",
                (self._clock(), idempotency_key),
            ).rowcount
            if not updated:
                return None
            row = self._db.execute(
                "SELECT attempts FROM submissions WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return int(row[0])

    # --- later changes --------------------------------------------------------------------

    def update_status(
        self, order_id: int, status: str, raw_status: str | None, status_time_ms: int
    ) -> bool:
        """Store a buyer status only if `status_time_ms` (platform time) is newer than the one
        stored; an older or equal time returns False, so out-of-order callbacks cannot regress
        the status. Rank rules between statuses are the caller's business."""
        cursor = self._db.execute(
            """
            UPDATE orders SET status = ?, raw_status = ?, status_updated_at = ?, updated_at = ?
            WHERE id = ? AND (status_updated_at IS NULL OR status_updated_at < ?)
            """,
            (status, raw_status, status_time_ms, self._clock(), order_id, status_time_ms),
        )
        return cursor.rowcount > 0

    def set_state(self, order_id: int, state: str, *, expected: str | None = None) -> bool:
        """Move a not-yet-final order to pending_approval, submitting or cancelled_before_submit.

        With `expected`, only when the current state equals it (compare-and-set: the first
        of two racing approvers wins, the second gets False). Outcome states (submitted,
        rejected, unknown) go through the mark_* methods instead.
        """
        if state not in ORDER_STATES:
            raise ValueError(f"unknown order state {state!r}")
        if state not in _SETTABLE_STATES:
            raise ValueError(f"use mark_{state}() to move an order to {state!r}")
        final = sorted(FINAL_ORDER_STATES)
        sql = (
            "UPDATE orders SET state = ?, updated_at = ? "
            f"WHERE id = ? AND state NOT IN ({', '.join('?' for _ in final)})"
        )
        params: list[Any] = [state, self._clock(), order_id, *final]
        if expected is not None:
            sql += " AND state = ?"
            params.append(expected)
        changed = self._db.execute(sql, params).rowcount > 0
        if changed:
            log.info("order #%d: state → %s", order_id, state)
        return changed

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: its orders now belong to the new chat id."""
        return self._db.execute(
            "UPDATE orders SET chat_id = ?, updated_at = ? WHERE chat_id = ?",
            (new_chat_id, self._clock(), old_chat_id),
        ).rowcount

    # --- helpers --------------------------------------------------------------------------

    def _open_order(self, order_id: int) -> StoredOrder | None:
        order = self.get(order_id)
        if order is None:
            log.warning("order #%d: not found", order_id)
            return None
        if order.state in FINAL_ORDER_STATES:
            log.warning("order %s: already %s, outcome ignored", order.ref, order.state)
            return None
        return order

    def _set_order_state(self, order_id: int, state: str, now: int) -> None:
        self._db.execute(
            "UPDATE orders SET state = ?, updated_at = ? WHERE id = ?", (state, now, order_id)
        )

    def _set_submission(self, order: StoredOrder, state: str, error: str | None, now: int) -> None:
        self._db.execute(
            "UPDATE submissions SET state = ?, last_error = ?, updated_at = ? "
            "WHERE idempotency_key = ?",
            (state, error, now, order.seller_order_number),
        )

    def _apply_line_results(self, order: StoredOrder, results: Iterable[LineResult]) -> None:
        for result in results:
            updated = self._db.execute(
                """
                UPDATE order_lines SET sub_order_id = ?, status = ?, error_code = ?,
                    error_message = ?
                WHERE order_id = ? AND line_no = ?
                """,
                (
                    result.sub_order_id,
                    result.status,
                    result.error_code,
                    result.error_message,
                    order.id,
                    result.line_no,
                ),
            ).rowcount
            if not updated:
                # Keep the outcome: losing "submitted" over a stray line number is far worse.
                log.warning(
                    "order %s: result for unknown line %d ignored", order.ref, result.line_no
                )

    def _one(self, sql: str, params: tuple[Any, ...]) -> StoredOrder | None:
        rows = select(self._db, sql, params)
        return StoredOrder.from_row(rows[0]) if rows else None

    def _many(self, sql: str, params: Iterable[Any]) -> list[StoredOrder]:
        return [StoredOrder.from_row(row) for row in select(self._db, sql, tuple(params))]


def check_lines(lines: list[NewOrderLine]) -> None:
    if not lines:
        raise ValueError("an order needs at least one line")
    line_numbers = [line.line_no for line in lines]
    if len(set(line_numbers)) != len(line_numbers):
        raise ValueError(f"line numbers must be unique, got {line_numbers}")


def insert_sql(table: str, row: dict[str, Any]) -> str:
    # Column names come from our own dataclass fields, never from user input.
    columns = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    return f"INSERT INTO {table} ({columns}) VALUES ({values})"
