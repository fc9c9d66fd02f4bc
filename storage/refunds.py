"""After-sales requests and their evidence photos (tables from migration v5).

A request row is written before the platform hears of it, under its idempotency key
(`refund_key`, sent as the platform's `outRefundId`), and then follows two tracks: `state`, our
side of it (waiting for a group approver, being submitted, submitted, …), and once submitted the
platform's `status` in the buyer vocabulary (bot/domain/refund_status.py) with the platform time
it was applied at, so a late callback never moves it back. Decisions and status moves are
conditional UPDATEs: of two racing writers exactly one wins.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

import sqlite_utils

from storage.db import now_ms, select, write_transaction

log = logging.getLogger(__name__)

PENDING_APPROVAL = "pending_approval"
SUBMITTING = "submitting"
UNKNOWN = "unknown"  # the submit's answer was lost: being checked
SUBMITTED = "submitted"
FAILED = "failed"  # the platform said no, or it did not happen: nothing exists there
DECLINED = "declined"  # a group approver said no
WITHDRAWN = "withdrawn"  # the requester took it back before it was sent
REFUND_STATES = frozenset(
    {PENDING_APPROVAL, SUBMITTING, UNKNOWN, SUBMITTED, FAILED, DECLINED, WITHDRAWN}
)
NOT_SENT = frozenset({FAILED, DECLINED, WITHDRAWN})  # nothing on the platform: may ask anew
MAX_PHOTO_BYTES = 4 * 1024 * 1024


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    return {field.name: row[field.name] for field in fields(cls)}


@dataclass(frozen=True, slots=True)
class NewRefund:
    order_id: int
    platform: str
    chat_id: int
    requester_id: int
    requester_name: str | None
    refund_key: str
    line_no: int | None  # None: the whole order
    sub_order_id: str | None
    kind: str  # 'refund' or 'return'
    reason_id: str
    reason_text: str
    amount_fen: int
    max_fen: int
    description: str
    photo_count: int
    state: str

    def __post_init__(self) -> None:
        if self.kind not in ("refund", "return"):
            raise ValueError(f"kind must be refund or return, got {self.kind!r}")
        if not 0 < self.amount_fen <= self.max_fen:
            raise ValueError(f"amount {self.amount_fen} must be 1..{self.max_fen} fen")
        if self.state not in (PENDING_APPROVAL, SUBMITTING):
            raise ValueError(f"a new request is pending_approval or submitting, not {self.state}")


@dataclass(frozen=True, slots=True)
class StoredRefund:
    id: int
    order_id: int
    platform: str
    chat_id: int
    requester_id: int
    requester_name: str | None
    refund_key: str
    line_no: int | None
    sub_order_id: str | None
    kind: str
    reason_id: str
    reason_text: str
    amount_fen: int
    max_fen: int
    description: str
    photo_count: int
    state: str
    platform_refund_id: str | None
    status: str | None
    raw_status: str | None
    status_at: int | None
    seller_reason: str | None
    refunded_fen: int | None
    deadline_at: int | None
    deadline_kind: str | None
    return_address: str | None
    return_company: str | None
    return_tracking_no: str | None
    error: str | None
    approval_chat_id: int | None
    approval_message_id: int | None
    decided_by: int | None
    decided_by_name: str | None
    decided_at: int | None
    decision_reason: str | None
    reason_prompt_message_id: int | None
    reason_prompt_actor_id: int | None
    created_at: int
    updated_at: int

    @property
    def ref(self) -> str:
        """The short reference members see, e.g. "R7" (orders are "#42")."""
        return f"R{self.id}"

    @property
    def submitted(self) -> bool:
        return self.state == SUBMITTED and self.platform_refund_id is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredRefund:
        return cls(**_pick(cls, row))


# Fields a status move or a refresh may set beside the status.
DETAIL_FIELDS = frozenset(
    {
        "seller_reason",
        "refunded_fen",
        "deadline_at",
        "deadline_kind",
        "return_address",
        "return_company",
        "return_tracking_no",
        "amount_fen",
        "max_fen",
        "reason_id",
        "reason_text",
        "kind",
        "description",
        "photo_count",
    }
)


class RefundRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    # --- requests ---------------------------------------------------------------------------

    def create(self, refund: NewRefund) -> StoredRefund:
        """Store a request; idempotent on its key (a double tap returns the stored one)."""
        now = self._clock()
        row = {**asdict(refund), "created_at": now, "updated_at": now}
        with write_transaction(self._db):
            existing = self.by_key(refund.refund_key)
            if existing is not None:
                return existing
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            self._db.execute(f"INSERT INTO refunds ({columns}) VALUES ({values})", row)
        stored = self.by_key(refund.refund_key)
        assert stored is not None  # just written
        log.info("refund %s for order #%d stored (%s)", stored.ref, stored.order_id, stored.state)
        return stored

    def restart(self, refund_id: int, refund: NewRefund) -> bool:
        """A request the platform said no to (nothing exists there), asked again from the same
        draft under the same key: its new terms, and back to `refund.state`."""
        terms = asdict(refund)
        names = (
            "line_no",
            "sub_order_id",
            "kind",
            "reason_id",
            "reason_text",
            "amount_fen",
            "max_fen",
            "description",
            "photo_count",
            "state",
        )
        sets = ", ".join(f"{name} = :{name}" for name in names)
        values = {name: terms[name] for name in names}
        values |= {"now": self._clock(), "id": refund_id, "failed": FAILED}
        sql = f"UPDATE refunds SET {sets}, error = NULL, updated_at = :now"
        return self._db.execute(f"{sql} WHERE id = :id AND state = :failed", values).rowcount > 0

    def get(self, refund_id: int) -> StoredRefund | None:
        return self._one("SELECT * FROM refunds WHERE id = ?", (refund_id,))

    def by_key(self, refund_key: str) -> StoredRefund | None:
        return self._one("SELECT * FROM refunds WHERE refund_key = ?", (refund_key,))

    def by_platform_id(self, platform_refund_id: str) -> StoredRefund | None:
        return self._one(
            "SELECT * FROM refunds WHERE platform_refund_id = ?", (platform_refund_id,)
        )

    def for_order(self, order_id: int) -> list[StoredRefund]:
        return self._many("SELECT * FROM refunds WHERE order_id = ? ORDER BY id DESC", (order_id,))

    # A chat's requests: those asked in it, and those on its orders asked elsewhere (a team
    # member's private chat), so a group sees every request on its orders.
    _OF_CHAT = "chat_id = :chat OR order_id IN (SELECT id FROM orders WHERE chat_id = :chat)"

    def list_for_chat(self, chat_id: int, limit: int = 10, offset: int = 0) -> list[StoredRefund]:
        return self._many(
            f"SELECT * FROM refunds WHERE {self._OF_CHAT} ORDER BY id DESC LIMIT :limit "
            "OFFSET :offset",
            {"chat": chat_id, "limit": limit, "offset": offset},
        )

    def count_for_chat(self, chat_id: int) -> int:
        sql = f"SELECT count(*) FROM refunds WHERE {self._OF_CHAT}"
        return int(self._db.execute(sql, {"chat": chat_id}).fetchone()[0])

    def open_on_platform(self, final_statuses: set[str], limit: int = 200) -> list[StoredRefund]:
        """Submitted requests the platform has not finished (polling looks at these)."""
        marks = ", ".join("?" for _ in final_statuses)
        return self._many(
            f"SELECT * FROM refunds WHERE state = ? AND (status IS NULL OR status NOT IN ({marks}))"
            " ORDER BY id LIMIT ?",
            (SUBMITTED, *sorted(final_statuses), limit),
        )

    def in_state(self, state: str) -> list[StoredRefund]:
        return self._many("SELECT * FROM refunds WHERE state = ? ORDER BY id", (state,))

    # --- our side -----------------------------------------------------------------------------

    def set_state(
        self,
        refund_id: int,
        state: str,
        *,
        expected: tuple[str, ...] = (),
        error: str | None = None,
    ) -> bool:
        """Move to `state` (only from one of `expected`, when given): compare-and-set."""
        if state not in REFUND_STATES:
            raise ValueError(f"unknown refund state {state!r}")
        sql = (
            "UPDATE refunds SET state = ?, error = COALESCE(?, error), updated_at = ? WHERE id = ?"
        )
        params: list[Any] = [state, error, self._clock(), refund_id]
        if expected:
            sql += f" AND state IN ({', '.join('?' for _ in expected)})"
            params += list(expected)
        return self._db.execute(sql, params).rowcount > 0

    def mark_submitted(
        self, refund_id: int, platform_refund_id: str, status: str, raw: str | None, at: int
    ) -> bool:
        """The platform has it: its id and first status (once; False when already recorded)."""
        with write_transaction(self._db):
            return (
                self._db.execute(
                    """
                    UPDATE refunds SET state = ?, platform_refund_id = ?, status = ?,
                        raw_status = ?, status_at = ?, error = NULL, updated_at = ?
                    WHERE id = ? AND state != ?
                    """,
                    (
                        SUBMITTED,
                        platform_refund_id,
                        status,
                        raw,
                        at,
                        self._clock(),
                        refund_id,
                        SUBMITTED,
                    ),
                ).rowcount
                > 0
            )

    def move_status(
        self,
        refund_id: int,
        *,
        expected: str | None,
        status: str,
        raw: str | None,
        at: int,
        **details: Any,
    ) -> bool:
        """Apply a platform status seen at platform time `at`: only over `expected` (what the
        caller decided from) and only if newer than the one applied (a late callback loses)."""
        sets, params = self._details(details)
        sql = (
            f"UPDATE refunds SET status = ?, raw_status = ?, status_at = ?{sets}, updated_at = ? "
            "WHERE id = ? AND status IS ? AND (status_at IS NULL OR status_at < ?)"
        )
        values = [status, raw, at, *params, self._clock(), refund_id, expected, at]
        return self._db.execute(sql, values).rowcount > 0

    def update_details(self, refund_id: int, **details: Any) -> None:
        """What the platform says about a request beside its status (deadline, address…)."""
        if not details:
            return
        sets, params = self._details(details)
        self._db.execute(
            f"UPDATE refunds SET updated_at = ?{sets} WHERE id = ?",
            (self._clock(), *params, refund_id),
        )

    @staticmethod
    def _details(details: dict[str, Any]) -> tuple[str, list[Any]]:
        unknown = set(details) - DETAIL_FIELDS
        if unknown:
            raise ValueError(f"not refund details: {sorted(unknown)}")
        names = sorted(details)  # column names from DETAIL_FIELDS only, never from input
        return "".join(f", {name} = ?" for name in names), [details[name] for name in names]

    # --- group approval ------------------------------------------------------------------------

    def set_approval_card(self, refund_id: int, chat_id: int, message_id: int) -> None:
        self._db.execute(
            "UPDATE refunds SET approval_chat_id = ?, approval_message_id = ?, updated_at = ? "
            "WHERE id = ?",
            (chat_id, message_id, self._clock(), refund_id),
        )

    def decide(
        self, refund_id: int, *, approved: bool, actor_id: int, actor_name: str, reason: str = ""
    ) -> bool:
        """The first decision wins: approved → submitting, rejected → declined."""
        state = SUBMITTING if approved else DECLINED
        now = self._clock()
        return (
            self._db.execute(
                """
                UPDATE refunds SET state = ?, decided_by = ?, decided_by_name = ?,
                    decided_at = ?, decision_reason = ?, reason_prompt_message_id = NULL,
                    reason_prompt_actor_id = NULL, updated_at = ?
                WHERE id = ? AND state = ?
                """,
                (
                    state,
                    actor_id,
                    actor_name,
                    now,
                    reason or None,
                    now,
                    refund_id,
                    PENDING_APPROVAL,
                ),
            ).rowcount
            > 0
        )

    def ask_reason(self, refund_id: int, actor_id: int, prompt_message_id: int) -> None:
        self._db.execute(
            "UPDATE refunds SET reason_prompt_actor_id = ?, reason_prompt_message_id = ?, "
            "updated_at = ? WHERE id = ? AND state = ?",
            (actor_id, prompt_message_id, self._clock(), refund_id, PENDING_APPROVAL),
        )

    def awaiting_reason(self, chat_id: int, prompt_message_id: int) -> StoredRefund | None:
        return self._one(
            "SELECT * FROM refunds WHERE approval_chat_id = ? AND reason_prompt_message_id = ? "
            "AND state = ?",
            (chat_id, prompt_message_id, PENDING_APPROVAL),
        )

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: its requests (and their approval cards) move."""
        with write_transaction(self._db):
            moved = self._db.execute(
                "UPDATE refunds SET chat_id = ?, updated_at = ? WHERE chat_id = ?",
                (new_chat_id, self._clock(), old_chat_id),
            ).rowcount
            self._db.execute(
                "UPDATE refunds SET approval_chat_id = ? WHERE approval_chat_id = ?",
                (new_chat_id, old_chat_id),
            )
        return moved

    # --- evidence photos ------------------------------------------------------------------------

    def add_photo(self, owner: str, position: int, content: bytes) -> str:
        """Keep a checked photo at `position` of `owner` (a request's key); its SHA-256."""
        if len(content) > MAX_PHOTO_BYTES:
            raise ValueError(f"photo over {MAX_PHOTO_BYTES} bytes")
        digest = hashlib.sha256(content).hexdigest()
        self._db.execute(
            """
            INSERT INTO refund_photos (owner, position, sha256, content, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (owner, position) DO UPDATE
                SET sha256 = excluded.sha256, content = excluded.content
            """,
            (owner, position, digest, content, self._clock()),
        )
        return digest

    def photos(self, owner: str) -> list[bytes]:
        """The photos kept for `owner`, in the order they were sent."""
        rows = self._db.execute(
            "SELECT content FROM refund_photos WHERE owner = ? ORDER BY position", (owner,)
        ).fetchall()
        return [bytes(content) for (content,) in rows]

    def drop_photos(self, owner: str) -> int:
        return self._db.execute("DELETE FROM refund_photos WHERE owner = ?", (owner,)).rowcount

    # --- helpers --------------------------------------------------------------------------------

    def _one(self, sql: str, params: tuple[Any, ...]) -> StoredRefund | None:
        rows = select(self._db, sql, params)
        return StoredRefund.from_row(rows[0]) if rows else None

    def _many(self, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[StoredRefund]:
        return [StoredRefund.from_row(row) for row in select(self._db, sql, params)]
