"""Spreadsheet orders: the job, the orders its rows make up (each under its idempotency key,
with the draft to submit), and every input row's fate. Tables from migration v5.

Everything is written when the member confirms, before any create call: a restart finds each
order's key and draft here and each row's state, so the submission resumes where it stopped and
the result sheet accounts for every row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import sqlite_utils

from storage.db import now_ms, write_transaction

JOB_PENDING_APPROVAL = "pending_approval"
JOB_QUEUED = "queued"
JOB_RUNNING = "running"
JOB_DONE = "done"
JOB_REJECTED = "rejected"
UNFINISHED = (JOB_QUEUED, JOB_RUNNING)

ROW_SKIPPED = "skipped"
ROW_QUEUED = "queued"
ROW_PLACED = "placed"
ROW_ALREADY_PLACED = "already_placed"
ROW_REFUSED = "refused"
ROW_CHECKING = "checking"


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    return {field.name: row[field.name] for field in fields(cls)}


@dataclass(frozen=True, slots=True)
class BulkJob:
    id: int
    chat_id: int
    requester_id: int
    requester_name: str | None
    file_name: str
    file_format: str
    header: list[str]
    state: str
    total_fen: int
    progress_message_id: int | None
    card_chat_id: int | None
    card_message_id: int | None
    decided_by: int | None
    decided_by_name: str | None
    decided_at: int | None
    created_at: int
    updated_at: int
    finished_at: int | None

    @property
    def ref(self) -> str:
        return f"#J{self.id}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> BulkJob:
        values = _pick(cls, row)
        values["header"] = json.loads(values["header"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class BulkOrder:
    job_id: int
    order_key: str
    draft: str  # Draft JSON
    postage: dict[str, int]  # by seller (1688 across sellers)
    done: bool


@dataclass(frozen=True, slots=True)
class BulkRow:
    job_id: int
    row_no: int
    cells: list[str]
    order_key: str | None
    line_no: int | None
    state: str
    order_id: int | None
    order_no: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class NewBulkRow:
    row_no: int
    cells: list[str]
    order_key: str | None = None  # None: a bad row the member skipped
    line_no: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RowResult:
    line_no: int
    state: str
    order_id: int | None = None
    order_no: str | None = None
    reason: str | None = None


class BulkJobRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def create(
        self,
        *,
        chat_id: int,
        requester_id: int,
        requester_name: str | None,
        file_name: str,
        file_format: str,
        header: list[str],
        state: str,
        total_fen: int,
        orders: list[tuple[str, str, dict[str, int]]],  # (key, draft JSON, postage by seller)
        rows: list[NewBulkRow],
    ) -> BulkJob:
        """The job, its orders and rows in one transaction, before any create call."""
        now = self._clock()
        with write_transaction(self._db):
            job_id = int(
                self._db.execute(
                    """
                    INSERT INTO bulk_jobs (chat_id, requester_id, requester_name, file_name,
                        file_format, header, state, total_fen, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        chat_id,
                        requester_id,
                        requester_name,
                        file_name,
                        file_format,
                        json.dumps(header, ensure_ascii=False),
                        state,
                        total_fen,
                        now,
                        now,
                    ),
                ).lastrowid
                or 0
            )
            self._db.conn.executemany(
                "INSERT INTO bulk_orders (job_id, order_key, position, draft, postage) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (job_id, key, position, draft, json.dumps(postage))
                    for position, (key, draft, postage) in enumerate(orders)
                ],
            )
            self._db.conn.executemany(
                "INSERT INTO bulk_rows (job_id, row_no, cells, order_key, line_no, state, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        job_id,
                        row.row_no,
                        json.dumps(row.cells, ensure_ascii=False),
                        row.order_key,
                        row.line_no,
                        ROW_QUEUED if row.order_key else ROW_SKIPPED,
                        row.reason,
                    )
                    for row in rows
                ],
            )
        job = self.get(job_id)
        assert job is not None  # just written
        return job

    # --- reading --------------------------------------------------------------------------

    def get(self, job_id: int) -> BulkJob | None:
        rows = list(self._db.query("SELECT * FROM bulk_jobs WHERE id = ?", (job_id,)))
        return BulkJob.from_row(rows[0]) if rows else None

    def unfinished(self) -> list[BulkJob]:
        marks = ", ".join("?" for _ in UNFINISHED)
        rows = self._db.query(
            f"SELECT * FROM bulk_jobs WHERE state IN ({marks}) ORDER BY id", UNFINISHED
        )
        return [BulkJob.from_row(row) for row in rows]

    def orders(self, job_id: int, *, pending_only: bool = False) -> list[BulkOrder]:
        sql = "SELECT * FROM bulk_orders WHERE job_id = ?" + (
            " AND done = 0" if pending_only else ""
        )
        return [
            BulkOrder(
                r["job_id"], r["order_key"], r["draft"], json.loads(r["postage"]), bool(r["done"])
            )
            for r in self._db.query(sql + " ORDER BY position", (job_id,))
        ]

    def rows(self, job_id: int) -> list[BulkRow]:
        result = []
        for r in self._db.query(
            "SELECT * FROM bulk_rows WHERE job_id = ? ORDER BY row_no", (job_id,)
        ):
            values = _pick(BulkRow, r)
            values["cells"] = json.loads(values["cells"])
            result.append(BulkRow(**values))
        return result

    def counts(self, job_id: int) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT state, count(*) FROM bulk_rows WHERE job_id = ? GROUP BY state", (job_id,)
        ).fetchall()
        return {state: int(count) for state, count in rows}

    def placed_order_ids(self, job_id: int) -> list[int]:
        rows = self._db.execute(
            "SELECT DISTINCT order_id FROM bulk_rows WHERE job_id = ? AND order_id IS NOT NULL "
            "AND state IN (?, ?) ORDER BY order_id",
            (job_id, ROW_PLACED, ROW_ALREADY_PLACED),
        ).fetchall()
        return [int(row[0]) for row in rows]

    # --- changes --------------------------------------------------------------------------

    def set_state(self, job_id: int, state: str, *, expected: str | None = None) -> bool:
        sql = "UPDATE bulk_jobs SET state = ?, updated_at = ? WHERE id = ?"
        params: list[Any] = [state, self._clock(), job_id]
        if expected is not None:
            sql += " AND state = ?"
            params.append(expected)
        return self._db.execute(sql, params).rowcount > 0

    def decide(self, job_id: int, state: str, actor_id: int | None, actor_name: str | None) -> bool:
        """First decision on a pending job wins (a conditional UPDATE)."""
        return (
            self._db.execute(
                """
                UPDATE bulk_jobs SET state = ?, decided_by = ?, decided_by_name = ?,
                    decided_at = ?, updated_at = ?
                WHERE id = ? AND state = ?
                """,
                (
                    state,
                    actor_id,
                    actor_name,
                    self._clock(),
                    self._clock(),
                    job_id,
                    JOB_PENDING_APPROVAL,
                ),
            ).rowcount
            > 0
        )

    def set_card(self, job_id: int, chat_id: int, message_id: int) -> None:
        self._db.execute(
            "UPDATE bulk_jobs SET card_chat_id = ?, card_message_id = ? WHERE id = ?",
            (chat_id, message_id, job_id),
        )

    def set_progress_message(self, job_id: int, message_id: int) -> None:
        self._db.execute(
            "UPDATE bulk_jobs SET progress_message_id = ? WHERE id = ?", (message_id, job_id)
        )

    def record_order(self, job_id: int, key: str, results: list[RowResult], *, done: bool) -> None:
        """One order's outcome on each of its rows (by line number), in one transaction."""
        with write_transaction(self._db):
            for result in results:
                self._db.execute(
                    """
                    UPDATE bulk_rows SET state = ?, order_id = ?, order_no = ?, reason = ?
                    WHERE job_id = ? AND order_key = ? AND line_no = ?
                    """,
                    (
                        result.state,
                        result.order_id,
                        result.order_no,
                        result.reason,
                        job_id,
                        key,
                        result.line_no,
                    ),
                )
            if done:
                self._db.execute(
                    "UPDATE bulk_orders SET done = 1 WHERE job_id = ? AND order_key = ?",
                    (job_id, key),
                )

    def finish(self, job_id: int) -> bool:
        now = self._clock()
        return (
            self._db.execute(
                "UPDATE bulk_jobs SET state = ?, finished_at = ?, updated_at = ? "
                "WHERE id = ? AND state = ?",
                (JOB_DONE, now, now, job_id, JOB_RUNNING),
            ).rowcount
            > 0
        )
