"""Opening the one SQLite file: private file mode, WAL, pragmas, then schema migrations.

Threading: the returned `Database` wraps a single `sqlite3` connection that is used from the
asyncio event-loop thread only (sqlite3's default `check_same_thread` enforces it). Every call
through the repositories is short and synchronous, so no transaction is ever open across an
`await` and the loop never waits on another writer for long (the busy timeout covers a second
process such as `orderbot export`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from storage.migrations import migrate

log = logging.getLogger(__name__)

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE_MODE = 0o600
# SQLite creates these beside the main file (with the main file's mode); an old copy may be looser.
_SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


def now_ms() -> int:
    """Wall-clock time as integer epoch milliseconds: the one timestamp format in storage."""
    return time.time_ns() // 1_000_000


def require_json(name: str, text: str) -> None:
    """Fail early and clearly when a caller hands us something that is not JSON text."""
    try:
        json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be JSON text: {exc}") from exc


def select(
    db: sqlite_utils.Database, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
) -> list[dict[str, Any]]:
    """The rows of a SELECT as dicts. Straight from the connection: sqlite-utils' query()
    wraps every statement in a savepoint in case it writes, three statements for one read."""
    cursor = db.conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic unit of writes; nested use becomes a savepoint of the outer transaction.

    BEGIN IMMEDIATE takes the write lock up front, so a read-then-write block waits on the busy
    timeout instead of failing with SQLITE_BUSY when another process wrote in between.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def open_database(
    path: Path | str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite_utils.Database:
    """Open (creating if needed) the database at `path`, or an in-memory one for ":memory:".

    The file is created with mode 0o600 before SQLite touches it, because it holds receivers'
    names, phones and addresses; an existing file that is more open is tightened.
    """
    if str(path) == MEMORY:
        db = sqlite_utils.Database(memory=True)
    else:
        file_path = Path(path)
        file_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _ensure_private_file(file_path)
        db = sqlite_utils.Database(file_path)
        for suffix in _SIDE_FILE_SUFFIXES:
            side_file = file_path.with_name(file_path.name + suffix)
            if side_file.exists():
                _restrict_mode(side_file)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.execute("PRAGMA foreign_keys = ON")
    if not db.memory:
        db.enable_wal()
    # In WAL mode NORMAL is durable across application crashes; only power loss may drop the
    # last commits, and it never corrupts the file.
    db.execute("PRAGMA synchronous = NORMAL")
    applied = migrate(db)
    if applied:
        log.info("database %s migrated by %d step(s)", path, applied)
    return db


def _ensure_private_file(path: Path) -> None:
    # O_CREAT applies 0o600 at creation: there is no moment when the file is world-readable.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    os.close(fd)
    _restrict_mode(path)


def _restrict_mode(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("tightening permissions of %s from %o to %o", path, mode, PRIVATE_FILE_MODE)
        path.chmod(PRIVATE_FILE_MODE)
