"""WAL checkpoints in a thread of their own, so the event loop never waits on the disk.

In WAL mode a commit only appends to the `-wal` file; a checkpoint copies those pages back into
the database and waits for the disk (fsync). SQLite runs one automatically inside whichever
commit fills the WAL past `wal_autocheckpoint` pages — on the bot's event-loop thread, every few
seconds under load, for as long as the disk takes (tens of milliseconds, sometimes hundreds on a
busy machine), while every member's answer waits. `Checkpointer` copies the pages every second
from a connection of its own in a background thread instead; the database connection keeps a much
larger automatic threshold only as a safety net, should the thread fall behind.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
SAFETY_NET_PAGES = 10_000  # ~40 MB of WAL before a commit checkpoints by itself


class Checkpointer:
    def __init__(self, path: Path, interval: float = INTERVAL_SECONDS) -> None:
        self.path = path
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_database(cls, db: sqlite_utils.Database) -> Checkpointer | None:
        """A checkpointer for `db` (None for an in-memory one), and the automatic checkpoints of
        `db`'s own connection moved out of the way."""
        if db.memory:
            return None
        (path,) = [row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"]
        db.execute(f"PRAGMA wal_autocheckpoint = {SAFETY_NET_PAGES}")
        return cls(Path(path))

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="orderbot:checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop, after a last checkpoint; what is not copied yet stays in the WAL, safely."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout=10)
        self._thread = None

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        except sqlite3.Error:
            log.exception(
                "WAL checkpoints: cannot open %s; SQLite checkpoints by itself", self.path
            )
            return
        try:
            while not self._stop.wait(self.interval):
                self._checkpoint(connection)
            self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            # PASSIVE: copy what no reader still needs, never block a writer.
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:
            log.warning("WAL checkpoint failed (retried in %.0f s): %s", self.interval, exc)
