"""Checkpointer: WAL pages are copied into the database by a thread of its own."""

from __future__ import annotations

import time
from pathlib import Path

from storage.checkpoints import SAFETY_NET_PAGES, Checkpointer
from storage.db import open_database, write_transaction


def test_pages_reach_the_database_file_from_the_background_thread(tmp_path: Path) -> None:
    db = open_database(tmp_path / "orderbot.db")
    checkpointer = Checkpointer.for_database(db)
    assert checkpointer is not None
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == SAFETY_NET_PAGES
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # start from an empty WAL
    before = (tmp_path / "orderbot.db").stat().st_size
    with write_transaction(db):
        for n in range(2000):
            db.execute("INSERT INTO user_prefs (user_id, language) VALUES (?, 'en')", (n,))
    assert (tmp_path / "orderbot.db").stat().st_size == before  # only in the WAL so far
    checkpointer.interval = 0.05
    checkpointer.start()
    deadline = time.monotonic() + 10
    while (tmp_path / "orderbot.db").stat().st_size == before and time.monotonic() < deadline:
        time.sleep(0.05)
    checkpointer.stop()
    assert (tmp_path / "orderbot.db").stat().st_size > before
    assert db.execute("SELECT count(*) FROM user_prefs").fetchone()[0] == 2000
    db.close()


def test_an_in_memory_database_needs_none() -> None:
    assert Checkpointer.for_database(open_database(":memory:")) is None
