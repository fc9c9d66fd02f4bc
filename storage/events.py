"""Platform events (message callbacks, polled changes, our own actions), deduplicated.

The dedupe key is derived from the event's content, so a callback the platform delivers twice
(its retries) is recorded once and acted on once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from storage.db import now_ms, write_transaction


@dataclass(frozen=True, slots=True)
class StoredEvent:
    id: int
    dedupe_key: str
    source: str
    platform: str
    message_type: str
    order_id: int | None
    platform_order_ref: str | None
    body: str
    event_time: int | None
    received_at: int
    outcome: str | None


class EventRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def record(
        self,
        *,
        dedupe_key: str,
        source: str,
        platform: str,
        message_type: str,
        body: str,
        platform_order_ref: str | None = None,
        order_id: int | None = None,
        event_time: int | None = None,
    ) -> int | None:
        """Store the event; None when an event with the same key was stored before."""
        with write_transaction(self._db):
            cursor = self._db.execute(
                """
                INSERT OR IGNORE INTO platform_events (dedupe_key, source, platform,
                    message_type, order_id, platform_order_ref, body, event_time, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    dedupe_key,
                    source,
                    platform,
                    message_type,
                    order_id,
                    platform_order_ref,
                    body,
                    event_time,
                    self._clock(),
                ),
            )
            return cursor.lastrowid if cursor.rowcount else None

    def settle(self, event_id: int, *, order_id: int | None, outcome: str) -> None:
        with write_transaction(self._db):
            self._db.execute(
                "UPDATE platform_events SET order_id = ?, outcome = ? WHERE id = ?",
                (order_id, outcome, event_id),
            )

    def unsettled_callbacks(self, within_ms: int) -> list[StoredEvent]:
        """Callbacks stored in the last `within_ms` but never applied, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM platform_events WHERE outcome IS NULL AND source = 'callback' "
            "AND received_at >= ? ORDER BY id",
            (self._clock() - within_ms,),
        )
        return _stored_events(rows)

    def for_order(self, order_id: int, limit: int = 50) -> list[StoredEvent]:
        rows = self._db.execute(
            "SELECT * FROM platform_events WHERE order_id = ? ORDER BY id DESC LIMIT ?",
            (order_id, limit),
        )
        return _stored_events(rows)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM platform_events").fetchone()[0])

    def apply_price(self, order_id: int, total_fen: int, event_time_ms: int) -> bool:
        """Store the platform's new total if this price is newer (platform time) than the one
        applied last; an older price arriving late changes nothing (False)."""
        return self._newer(
            order_id, "platform_total_fen", "price_event_at", total_fen, event_time_ms
        )

    def apply_refund(self, order_id: int, refund_fen: int | None, event_time_ms: int) -> bool:
        """Like apply_price, for what the platform says has been refunded."""
        return self._newer(order_id, "refund_fen", "refund_event_at", refund_fen, event_time_ms)

    def _newer(
        self, order_id: int, column: str, time_column: str, value: int | None, event_time_ms: int
    ) -> bool:
        # Column names are ours (the two callers above), never from input.
        with write_transaction(self._db):
            cursor = self._db.execute(
                f"""
                UPDATE orders SET {column} = COALESCE(?, {column}), {time_column} = ?,
                    updated_at = ?
                WHERE id = ? AND ({time_column} IS NULL OR {time_column} < ?)
                """,
                (value, event_time_ms, self._clock(), order_id, event_time_ms),
            )
            return cursor.rowcount > 0


def _stored_events(rows: sqlite3.Cursor) -> list[StoredEvent]:
    columns = [c[0] for c in rows.description]
    return [StoredEvent(**dict(zip(columns, row, strict=True))) for row in rows.fetchall()]
