"""A user's saved receiver addresses: private to that user, at most 20, sorted by last use.

Every query a member's action makes is scoped by user_id, so one user can never read, rename or
delete another's entry even with a guessed id. Each entry is kept in step with the platform's
address book (bot/address_sync.py): a change bumps its `revision` and makes it `pending`; the
sync marks that revision `synced` (with the platform's id) or `failed` (kept as it is locally,
retried later).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from storage.db import now_ms, require_json, write_transaction

MAX_ADDRESSES_PER_USER = 20
MAX_LABEL_LENGTH = 64
SYNC_PENDING = "pending"
SYNCED = "synced"
SYNC_FAILED = "failed"


class AddressBookError(Exception):
    """A save or rename the user must be told about (not a bug)."""


class AddressLabelTaken(AddressBookError):
    def __init__(self, label: str) -> None:
        super().__init__(f"an address called {label!r} already exists")
        self.label = label


class AddressBookFull(AddressBookError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the address book is full ({limit} addresses); delete one first")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class StoredAddress:
    id: int
    user_id: int
    label: str
    receiver_json: str
    created_at: int
    last_used_at: int | None
    platform_address_id: int | None = None
    revision: int = 1
    sync_state: str = SYNC_PENDING
    sync_error: str | None = None

    @property
    def synced(self) -> bool:
        return self.sync_state == SYNCED


def normalize_label(label: str) -> str:
    """Trim and collapse whitespace; reject empty or overlong labels."""
    cleaned = " ".join(label.split())
    if not cleaned:
        raise ValueError("an address label must not be empty")
    if len(cleaned) > MAX_LABEL_LENGTH:
        raise ValueError(f"an address label must be at most {MAX_LABEL_LENGTH} characters")
    return cleaned


_COLUMNS = (
    "id, user_id, label, receiver_json, created_at, last_used_at, "
    "platform_address_id, revision, sync_state, sync_error"
)


class AddressRepository:
    def __init__(
        self,
        db: sqlite_utils.Database,
        clock: Callable[[], int] = now_ms,
        max_per_user: int = MAX_ADDRESSES_PER_USER,
    ) -> None:
        self._db = db
        self._clock = clock
        self._max_per_user = max_per_user

    def list(self, user_id: int) -> builtins.list[StoredAddress]:
        """The user's addresses, most recently used (or, if never used, created) first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM addresses WHERE user_id = ? "
            "ORDER BY coalesce(last_used_at, created_at) DESC, id DESC",
            (user_id,),
        ).fetchall()
        return [StoredAddress(*row) for row in rows]

    def get(self, user_id: int, address_id: int) -> StoredAddress | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM addresses WHERE user_id = ? AND id = ?",
            (user_id, address_id),
        ).fetchone()
        return StoredAddress(*row) if row else None

    def save(self, user_id: int, label: str, receiver_json: str) -> int:
        """Add an address; returns its id. Raises AddressLabelTaken or AddressBookFull."""
        label = normalize_label(label)
        require_json("receiver_json", receiver_json)
        with write_transaction(self._db):
            if self._label_owner(user_id, label) is not None:
                raise AddressLabelTaken(label)
            count = self._db.execute(
                "SELECT count(*) FROM addresses WHERE user_id = ?", (user_id,)
            ).fetchone()[0]
            if count >= self._max_per_user:
                raise AddressBookFull(self._max_per_user)
            cursor = self._db.execute(
                "INSERT INTO addresses (user_id, label, receiver_json, created_at) "
                "VALUES (?, ?, ?, ?)",
                (user_id, label, receiver_json, self._clock()),
            )
        return int(cursor.lastrowid or 0)

    def rename(self, user_id: int, address_id: int, new_label: str) -> bool:
        """False when the user has no such address. Raises AddressLabelTaken."""
        new_label = normalize_label(new_label)
        with write_transaction(self._db):
            owner = self._label_owner(user_id, new_label)
            if owner is not None and owner != address_id:
                raise AddressLabelTaken(new_label)
            cursor = self._db.execute(
                "UPDATE addresses SET label = ? WHERE user_id = ? AND id = ?",
                (new_label, user_id, address_id),
            )
        return cursor.rowcount > 0

    def delete(self, user_id: int, address_id: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM addresses WHERE user_id = ? AND id = ?", (user_id, address_id)
        )
        return cursor.rowcount > 0

    def update(self, user_id: int, address_id: int, receiver_json: str) -> StoredAddress | None:
        """New contents for an entry: a new revision the platform does not have yet."""
        require_json("receiver_json", receiver_json)
        with write_transaction(self._db):
            cursor = self._db.execute(
                "UPDATE addresses SET receiver_json = ?, revision = revision + 1, "
                "sync_state = ?, sync_error = NULL WHERE user_id = ? AND id = ?",
                (receiver_json, SYNC_PENDING, user_id, address_id),
            )
        return self.get(user_id, address_id) if cursor.rowcount else None

    def mark_synced(self, address_id: int, revision: int, platform_id: int | None) -> bool:
        """The platform has `revision` under `platform_id` (a later edit stays pending;
        None keeps the id known before)."""
        cursor = self._db.execute(
            "UPDATE addresses SET platform_address_id = coalesce(?, platform_address_id), "
            "sync_state = CASE WHEN revision = ? THEN ? ELSE sync_state END, sync_error = NULL "
            "WHERE id = ?",
            (platform_id, revision, SYNCED, address_id),
        )
        return cursor.rowcount > 0

    def mark_sync_failed(self, address_id: int, revision: int, error: str) -> bool:
        cursor = self._db.execute(
            "UPDATE addresses SET sync_state = ?, sync_error = ? WHERE id = ? AND revision = ?",
            (SYNC_FAILED, error[:200], address_id, revision),
        )
        return cursor.rowcount > 0

    def unsynced(self, limit: int = 50) -> builtins.list[StoredAddress]:
        """Entries whose current revision the platform does not have, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM addresses WHERE sync_state != ? ORDER BY id LIMIT ?",
            (SYNCED, limit),
        ).fetchall()
        return [StoredAddress(*row) for row in rows]

    def by_id(self, address_id: int) -> StoredAddress | None:
        """For the sync (not a member's action: no user scope)."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM addresses WHERE id = ?", (address_id,)
        ).fetchone()
        return StoredAddress(*row) if row else None

    def platform_ids(self) -> set[int]:
        rows = self._db.execute(
            "SELECT platform_address_id FROM addresses WHERE platform_address_id IS NOT NULL"
        ).fetchall()
        return {int(row[0]) for row in rows}

    def touch(self, user_id: int, address_id: int) -> bool:
        """Mark the address as just used, so it is offered first next time."""
        cursor = self._db.execute(
            "UPDATE addresses SET last_used_at = ? WHERE user_id = ? AND id = ?",
            (self._clock(), user_id, address_id),
        )
        return cursor.rowcount > 0

    def _label_owner(self, user_id: int, label: str) -> int | None:
        # The column is COLLATE NOCASE, so "home" and "Home" are the same label.
        row = self._db.execute(
            "SELECT id FROM addresses WHERE user_id = ? AND label = ?", (user_id, label)
        ).fetchone()
        return int(row[0]) if row else None
