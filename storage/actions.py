"""The ledger of mutating platform calls other than order creation (pay, cancel, receipt, …).

Each call is recorded before it is made, under an idempotency key (e.g. `pay:<order id>`), and
ends in one of: done, failed (the platform said no), not_done (the answer was lost and, checked
for the whole window, it did not happen) — or stays `unknown` (answer lost, being checked).
While a key is `sending` or `unknown` the call is never made again: it is checked instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import now_ms, write_transaction

log = logging.getLogger(__name__)

SENDING = "sending"
UNKNOWN = "unknown"
DONE = "done"
NOT_DONE = "not_done"
FAILED = "failed"
OPEN_STATES = frozenset({SENDING, UNKNOWN})


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: int
    kind: str
    idempotency_key: str
    order_id: int | None
    chat_id: int | None
    requester_id: int | None
    payload: dict[str, Any]
    state: str
    result: dict[str, Any] | None
    error: str | None
    created_at: int
    updated_at: int
    unknown_since: int | None
    next_check_at: int | None
    checks: int

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ActionRecord:
        values = dict(row)
        values["payload"] = json.loads(values["payload"])
        values["result"] = json.loads(values["result"]) if values["result"] else None
        return cls(**values)


class ActionLedger:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def begin(
        self,
        kind: str,
        key: str,
        *,
        order_id: int | None = None,
        chat_id: int | None = None,
        requester_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> tuple[ActionRecord, bool]:
        """Record the call about to be made. (record, True) when the caller may make it now;
        (record, False) when the key is already open (in flight or being checked) or done."""
        now = self._clock()
        text = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True)
        with write_transaction(self._db):
            existing = self.by_key(key)
            if existing is not None and (existing.open or existing.state == DONE):
                return existing, False
            if existing is None:
                self._db.execute(
                    """
                    INSERT INTO platform_actions (kind, idempotency_key, order_id, chat_id,
                        requester_id, payload, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (kind, key, order_id, chat_id, requester_id, text, SENDING, now, now),
                )
            else:  # failed or not done before: nothing happened, the key is free again
                self._db.execute(
                    """
                    UPDATE platform_actions SET state = ?, payload = ?, chat_id = ?,
                        requester_id = ?, result = NULL, error = NULL, updated_at = ?,
                        unknown_since = NULL, next_check_at = NULL, checks = 0
                    WHERE id = ?
                    """,
                    (SENDING, text, chat_id, requester_id, now, existing.id),
                )
        record = self.by_key(key)
        assert record is not None  # just written
        return record, True

    def by_key(self, key: str) -> ActionRecord | None:
        rows = list(
            self._db.query("SELECT * FROM platform_actions WHERE idempotency_key = ?", (key,))
        )
        return ActionRecord.from_row(rows[0]) if rows else None

    def get(self, action_id: int) -> ActionRecord | None:
        rows = list(self._db.query("SELECT * FROM platform_actions WHERE id = ?", (action_id,)))
        return ActionRecord.from_row(rows[0]) if rows else None

    def for_order(self, order_id: int) -> list[ActionRecord]:
        rows = self._db.query(
            "SELECT * FROM platform_actions WHERE order_id = ? ORDER BY id", (order_id,)
        )
        return [ActionRecord.from_row(row) for row in rows]

    def settle(
        self,
        action_id: int,
        state: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        """Close an open action (done, failed or not_done); False when it was closed already
        (by a concurrent check), so only one caller tells the member."""
        if state not in (DONE, FAILED, NOT_DONE):
            raise ValueError(f"settle to done, failed or not_done, not {state!r}")
        cursor = self._db.execute(
            """
            UPDATE platform_actions SET state = ?, result = ?, error = ?, updated_at = ?
            WHERE id = ? AND state IN (?, ?)
            """,
            (
                state,
                json.dumps(result, ensure_ascii=False) if result is not None else None,
                error,
                self._clock(),
                action_id,
                SENDING,
                UNKNOWN,
            ),
        )
        return cursor.rowcount > 0

    def lost(self, action_id: int, error: str, next_check_at: int) -> None:
        """The answer was lost: check by reading from `next_check_at` on."""
        now = self._clock()
        self._db.execute(
            """
            UPDATE platform_actions SET state = ?, error = ?, updated_at = ?,
                unknown_since = COALESCE(unknown_since, ?), next_check_at = ?
            WHERE id = ? AND state IN (?, ?)
            """,
            (UNKNOWN, error, now, now, next_check_at, action_id, SENDING, UNKNOWN),
        )

    def checked(self, action_id: int, next_check_at: int) -> None:
        """One more look found nothing (yet)."""
        self._db.execute(
            "UPDATE platform_actions SET checks = checks + 1, next_check_at = ?, updated_at = ? "
            "WHERE id = ? AND state = ?",
            (next_check_at, self._clock(), action_id, UNKNOWN),
        )

    def due(self, now: int, limit: int = 100) -> list[ActionRecord]:
        rows = self._db.query(
            "SELECT * FROM platform_actions WHERE state = ? AND next_check_at <= ? "
            "ORDER BY next_check_at, id LIMIT ?",
            (UNKNOWN, now, limit),
        )
        return [ActionRecord.from_row(row) for row in rows]

    def interrupted(self) -> list[ActionRecord]:
        """Calls cut off by a crash: `sending` with no process making them any more."""
        rows = self._db.query(
            "SELECT * FROM platform_actions WHERE state = ? ORDER BY id", (SENDING,)
        )
        return [ActionRecord.from_row(row) for row in rows]
