"""Group approvals: one request per order, every copy of its card, and an audit of who did what.

The decision is a single conditional UPDATE (`WHERE state = 'pending'`), so of two approvers
pressing at the same moment exactly one wins, whatever the event loop or a second process does.
Tables come from migration v2 (storage/migrations.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import sqlite_utils

from storage.db import now_ms, select, write_transaction

log = logging.getLogger(__name__)

APPROVAL_PENDING = "pending"
APPROVAL_APPROVED = "approved"
APPROVAL_REJECTED = "rejected"
APPROVAL_EXPIRED = "expired"
APPROVAL_WITHDRAWN = "withdrawn"
APPROVAL_STATES = frozenset(
    {APPROVAL_PENDING, APPROVAL_APPROVED, APPROVAL_REJECTED, APPROVAL_EXPIRED, APPROVAL_WITHDRAWN}
)
DECISIONS = APPROVAL_STATES - {APPROVAL_PENDING}

# Audit actions (approval_audit.action).
AUDIT_REQUESTED = "requested"
AUDIT_REOPENED = "reopened"
AUDIT_REFUSED = "refused"  # someone pressed who may not decide
AUDIT_REASON_ASKED = "reason_asked"  # Reject pressed; the reason is awaited as a reply
AUDIT_AUTO_APPROVED = "auto_approved"


def _pick(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    return {field.name: row[field.name] for field in fields(cls)}


@dataclass(frozen=True, slots=True)
class Approval:
    id: int
    order_id: int
    chat_id: int  # where the card was posted (the team group)
    requester_id: int
    state: str
    decided_by: int | None
    decided_by_name: str | None
    decided_at: int | None
    reason: str | None
    created_at: int
    expires_at: int

    @property
    def pending(self) -> bool:
        return self.state == APPROVAL_PENDING

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Approval:
        return cls(**_pick(cls, row))


@dataclass(frozen=True, slots=True)
class ApprovalAuditEntry:
    id: int
    approval_id: int
    actor_id: int | None
    actor_name: str | None
    action: str  # AUDIT_* or a decision ('approved', 'rejected', 'expired', 'withdrawn')
    detail: str | None
    at: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ApprovalAuditEntry:
        return cls(**_pick(cls, row))


@dataclass(frozen=True, slots=True)
class ApprovalMessage:
    approval_id: int
    chat_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class ReasonRequest:
    """A Reject press waiting for its reason: the prompt message and who must answer it."""

    approval_id: int
    actor_id: int
    chat_id: int
    message_id: int


class ApprovalRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    # --- requests -------------------------------------------------------------------------

    def create(
        self,
        order_id: int,
        chat_id: int,
        requester_id: int,
        expires_at: int,
        *,
        requester_name: str | None = None,
    ) -> Approval:
        """A pending request for the order. Idempotent: an order has at most one approval, and
        asking again returns the stored one unchanged."""
        with write_transaction(self._db):
            existing = self.for_order(order_id)
            if existing is not None:
                return existing
            now = self._clock()
            approval_id = int(
                self._db.execute(
                    """
                    INSERT INTO approvals (order_id, chat_id, requester_id, state, created_at,
                        expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    (order_id, chat_id, requester_id, APPROVAL_PENDING, now, expires_at),
                ).lastrowid
                or 0
            )
            self._audit(approval_id, requester_id, requester_name, AUDIT_REQUESTED, None, now)
        log.info("order #%d: approval %d requested in chat %d", order_id, approval_id, chat_id)
        approval = self.get(approval_id)
        assert approval is not None  # just written
        return approval

    def reopen(
        self,
        approval_id: int,
        chat_id: int,
        expires_at: int,
        *,
        actor_id: int | None,
        actor_name: str | None,
    ) -> bool:
        """Ask again for an order whose earlier request ended (rejected, expired, or approved
        but refused by the platform and edited since). The old decision stays in the audit."""
        with write_transaction(self._db):
            now = self._clock()
            changed = self._db.execute(
                """
                UPDATE approvals SET state = ?, chat_id = ?, decided_by = NULL,
                    decided_by_name = NULL, decided_at = NULL, reason = NULL, expires_at = ?
                WHERE id = ? AND state != ?
                """,
                (APPROVAL_PENDING, chat_id, expires_at, approval_id, APPROVAL_PENDING),
            ).rowcount
            if changed:
                self._db.execute(
                    "DELETE FROM approval_messages WHERE approval_id = ?", (approval_id,)
                )
                self._audit(approval_id, actor_id, actor_name, AUDIT_REOPENED, None, now)
        return changed > 0

    # --- reading --------------------------------------------------------------------------

    def get(self, approval_id: int) -> Approval | None:
        return self._one("SELECT * FROM approvals WHERE id = ?", (approval_id,))

    def for_order(self, order_id: int) -> Approval | None:
        return self._one("SELECT * FROM approvals WHERE order_id = ?", (order_id,))

    def pending_in_chat(self, chat_id: int) -> list[Approval]:
        """The chat's pending requests, oldest first."""
        return self._many(
            "SELECT * FROM approvals WHERE chat_id = ? AND state = ? ORDER BY id",
            (chat_id, APPROVAL_PENDING),
        )

    def pending(self, limit: int = 100) -> list[Approval]:
        """Every pending request, oldest first."""
        return self._many(
            "SELECT * FROM approvals WHERE state = ? ORDER BY id LIMIT ?",
            (APPROVAL_PENDING, limit),
        )

    def pending_expired(self, now: int | None = None) -> list[Approval]:
        """Pending requests whose time ran out at `now` (epoch ms), oldest first."""
        at = self._clock() if now is None else now
        return self._many(
            "SELECT * FROM approvals WHERE state = ? AND expires_at <= ? ORDER BY expires_at, id",
            (APPROVAL_PENDING, at),
        )

    # --- deciding -------------------------------------------------------------------------

    def decide(
        self,
        approval_id: int,
        state: str,
        actor_id: int | None,
        actor_name: str | None,
        reason: str | None = None,
        *,
        audit_action: str | None = None,
    ) -> bool:
        """Move a pending request to `state`; True only for the call that did it.

        Approve and reject count only before `expires_at`, expire only after it, so a press at
        the last second and the expiry job cannot both win.
        """
        if state not in DECISIONS:
            raise ValueError(f"a decision is one of {sorted(DECISIONS)}, not {state!r}")
        now = self._clock()
        timing = "expires_at <= :now" if state == APPROVAL_EXPIRED else "expires_at > :now"
        if state == APPROVAL_WITHDRAWN:
            timing = "1"
        with write_transaction(self._db):
            won = (
                self._db.execute(
                    f"""
                    UPDATE approvals SET state = :state, decided_by = :actor,
                        decided_by_name = :name, decided_at = :now, reason = :reason
                    WHERE id = :id AND state = 'pending' AND {timing}
                    """,
                    {
                        "state": state,
                        "actor": actor_id,
                        "name": actor_name,
                        "now": now,
                        "reason": reason,
                        "id": approval_id,
                    },
                ).rowcount
                > 0
            )
            if won:
                self._audit(approval_id, actor_id, actor_name, audit_action or state, reason, now)
        if won:
            log.info("approval %d: %s by %s", approval_id, state, actor_id)
        return won

    # --- the audit ------------------------------------------------------------------------

    def record(
        self,
        approval_id: int,
        action: str,
        *,
        actor_id: int | None = None,
        actor_name: str | None = None,
        detail: str | None = None,
    ) -> None:
        """An audit row that is not a decision (a refused press, a reason asked for)."""
        self._audit(approval_id, actor_id, actor_name, action, detail, self._clock())

    def audit(self, approval_id: int) -> list[ApprovalAuditEntry]:
        rows = self._db.query(
            "SELECT * FROM approval_audit WHERE approval_id = ? ORDER BY id", (approval_id,)
        )
        return [ApprovalAuditEntry.from_row(row) for row in rows]

    def requester_name(self, approval_id: int) -> str | None:
        row = self._db.execute(
            "SELECT actor_name FROM approval_audit WHERE approval_id = ? AND action = ? "
            "ORDER BY id LIMIT 1",
            (approval_id, AUDIT_REQUESTED),
        ).fetchone()
        return row[0] if row else None

    def ask_reason(
        self, approval_id: int, actor_id: int, actor_name: str | None, chat_id: int, message_id: int
    ) -> None:
        """Remember the prompt a rejecting approver must reply to (kept across restarts)."""
        detail = json.dumps({"chat_id": chat_id, "message_id": message_id})
        self._audit(approval_id, actor_id, actor_name, AUDIT_REASON_ASKED, detail, self._clock())

    def reason_request(self, chat_id: int, message_id: int) -> ReasonRequest | None:
        """The Reject press whose prompt is message `message_id` in `chat_id`, if any."""
        row = self._db.execute(
            """
            SELECT approval_id, actor_id FROM approval_audit
            WHERE action = ? AND json_extract(detail, '$.chat_id') = ?
                AND json_extract(detail, '$.message_id') = ?
            ORDER BY id DESC LIMIT 1
            """,
            (AUDIT_REASON_ASKED, chat_id, message_id),
        ).fetchone()
        if row is None:
            return None
        return ReasonRequest(int(row[0]), int(row[1]), chat_id, message_id)

    # --- the card's copies ----------------------------------------------------------------

    def add_message(self, approval_id: int, chat_id: int, message_id: int) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO approval_messages (approval_id, chat_id, message_id) "
            "VALUES (?, ?, ?)",
            (approval_id, chat_id, message_id),
        )

    def messages(self, approval_id: int) -> list[ApprovalMessage]:
        rows = self._db.execute(
            "SELECT approval_id, chat_id, message_id FROM approval_messages "
            "WHERE approval_id = ? ORDER BY chat_id < 0 DESC, chat_id, message_id",
            (approval_id,),
        ).fetchall()
        return [ApprovalMessage(int(a), int(c), int(m)) for a, c, m in rows]

    def approval_for_message(self, chat_id: int, message_id: int) -> Approval | None:
        return self._one(
            """
            SELECT a.* FROM approvals a JOIN approval_messages m ON m.approval_id = a.id
            WHERE m.chat_id = ? AND m.message_id = ?
            """,
            (chat_id, message_id),
        )

    # --- a group became a supergroup -------------------------------------------------------

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """Move requests and card copies to the new chat id; returns how many requests moved.

        The reason prompts keep their chat id in the audit detail: a prompt in the old group
        cannot be replied to any more anyway.
        """
        with write_transaction(self._db):
            moved = self._db.execute(
                "UPDATE approvals SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
            ).rowcount
            self._db.execute(
                "UPDATE OR IGNORE approval_messages SET chat_id = ? WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
        return moved

    # --- helpers --------------------------------------------------------------------------

    def _audit(
        self,
        approval_id: int,
        actor_id: int | None,
        actor_name: str | None,
        action: str,
        detail: str | None,
        at: int,
    ) -> None:
        self._db.execute(
            """
            INSERT INTO approval_audit (approval_id, actor_id, actor_name, action, detail, at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            (approval_id, actor_id, actor_name, action, detail, at),
        )

    def _one(self, sql: str, params: tuple[Any, ...]) -> Approval | None:
        rows = select(self._db, sql, params)
        return Approval.from_row(rows[0]) if rows else None

    def _many(self, sql: str, params: tuple[Any, ...]) -> list[Approval]:
        return [Approval.from_row(row) for row in select(self._db, sql, params)]
