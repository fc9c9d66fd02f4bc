"""The sandbox platform's state on disk: one SQLite file, one table per kind of state.

A `Kind` names a table and the type of its values (a dataclass, a dict, an int…); values are
kept as JSON that pydantic writes and reads back into that type, nested lists, dicts and
dataclasses included. Whoever changes state marks the key in a `ChangeSet`; the platform writes
the marked keys after each call that may have changed something, in one transaction, so a
restart finds exactly what the last answer said. A new kind of state (carts, refund requests…)
is a new `Kind` plus the places that mark it (see sandbox/pandapon/persistence.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")


class Kind(Generic[T]):
    """One kind of state: a table of key -> JSON value of type T."""

    def __init__(self, table: str, value_type: Any) -> None:
        if not table.isidentifier():
            raise ValueError(f"table name {table!r} must be an identifier")
        self.table = table
        self._adapter: TypeAdapter[T] = TypeAdapter(value_type)

    def encode(self, value: T) -> str:
        return self._adapter.dump_json(value).decode()

    def decode(self, text: str) -> T:
        return self._adapter.validate_json(text)

    def __repr__(self) -> str:
        return f"Kind({self.table!r})"


class ChangeSet:
    """Keys changed since the last write, by kind. Disabled (marks nothing) without a store."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._keys: dict[Kind[Any], set[str]] = defaultdict(set)

    def mark(self, kind: Kind[Any], key: str | int) -> None:
        if self.enabled:
            self._keys[kind].add(str(key))

    def take(self) -> dict[Kind[Any], set[str]]:
        taken, self._keys = dict(self._keys), defaultdict(set)
        return taken


class SandboxStore:
    """The SQLite file. Not thread-safe: the sandbox changes its state on one event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None
        self._tables: set[str] = set()

    @property
    def _db(self) -> sqlite3.Connection:
        """Opened on first use (and again after close: a platform may be started again)."""
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable across a crash of the process
            self._connection, self._tables = db, set()
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def load(self, kind: Kind[T]) -> dict[str, T]:
        self._ensure(kind)
        rows = self._db.execute(f"SELECT key, value FROM {kind.table}")
        return {key: kind.decode(value) for key, value in rows}

    def write(self, changes: Mapping[Kind[Any], Mapping[str, Any]]) -> None:
        """Upsert each value, delete each key whose value is None; all or nothing."""
        for kind in changes:
            self._ensure(kind)
        with _transaction(self._db):
            for kind, values in changes.items():
                for key, value in values.items():
                    if value is None:
                        self._db.execute(f"DELETE FROM {kind.table} WHERE key = ?", (key,))
                    else:
                        self._db.execute(
                            f"INSERT INTO {kind.table} (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            (key, kind.encode(value)),
                        )

    def clear(self, kinds: Iterable[Kind[Any]]) -> None:
        kinds = list(kinds)
        for kind in kinds:
            self._ensure(kind)
        with _transaction(self._db):
            for kind in kinds:
                self._db.execute(f"DELETE FROM {kind.table}")

    def _ensure(self, kind: Kind[Any]) -> None:
        if kind.table not in self._tables:
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {kind.table} "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self._tables.add(kind.table)


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
