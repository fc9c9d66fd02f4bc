"""Opening the database file: permissions, pragmas and schema migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils

from storage.db import open_database, write_transaction
from storage.migrations import LATEST_VERSION, MIGRATIONS, SchemaTooNew, migrate, schema_version


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_is_private_and_parent_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nested" / "orderbot.db"
    old_umask = os.umask(0o022)  # a typical umask would otherwise give 0o644
    try:
        db = open_database(path)
        db.execute("INSERT INTO user_prefs (user_id, language) VALUES (1, 'en')")
        # While open, SQLite's WAL side files exist; they inherit the main file's mode.
        for side in ("-wal", "-shm"):
            side_file = path.with_name(path.name + side)
            assert side_file.exists()
            assert _mode(side_file) == 0o600
        db.close()
    finally:
        os.umask(old_umask)
    assert _mode(path) == 0o600


def test_existing_world_readable_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "orderbot.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    open_database(path).close()
    assert _mode(path) == 0o600


def test_pragmas_wal_normal_sync_foreign_keys_busy_timeout(tmp_path: Path) -> None:
    db = open_database(tmp_path / "orderbot.db", busy_timeout_ms=1234)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 1234


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "orderbot.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO order_lines (order_id, line_no, item_id, quantity, unit_price_fen, "
            "line_total_fen) VALUES (999, 1, 'x', 1, 1, 1)"
        )


def test_in_memory_database_has_the_full_schema() -> None:
    db = open_database(":memory:")
    assert schema_version(db) == LATEST_VERSION
    expected = {"orders", "order_lines", "submissions", "flow_states", "addresses", "user_prefs"}
    assert expected | {"refunds", "refund_photos"} <= set(db.table_names())


def test_v0_file_migrates_to_latest_and_reopen_does_not_rerun(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # A v0 file: exists, has some unrelated content, user_version 0.
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE leftovers (x INTEGER)")
    raw.commit()
    raw.close()

    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION == len(MIGRATIONS)
    expected_tables = {
        "orders",
        "order_lines",
        "submissions",
        "flow_states",
        "addresses",
        "user_prefs",
        "searches",
        "search_images",
        "ptb_conversations",
        "ptb_user_data",
        "ptb_chat_data",
        "ptb_bot_data",
        "ptb_callback_data",
        "leftovers",
        "platform_events",
        "approvals",
        "approval_messages",
        "approval_audit",
        "refunds",
        "refund_photos",
    }
    assert expected_tables <= set(db.table_names())
    db.execute("INSERT INTO user_prefs (user_id, language) VALUES (1, 'zh')")
    db.close()

    # Re-opening runs nothing (the CREATE TABLEs would fail if it did) and keeps the data.
    db = open_database(path)
    assert migrate(db) == 0
    assert schema_version(db) == LATEST_VERSION
    assert db.execute("SELECT language FROM user_prefs WHERE user_id = 1").fetchone()[0] == "zh"


def test_each_step_runs_once_in_order_and_new_steps_apply_later() -> None:
    db = sqlite_utils.Database(memory=True)
    calls: list[str] = []

    def first(db: sqlite_utils.Database) -> None:
        calls.append("first")
        db.execute("CREATE TABLE t1 (x)")

    def second(db: sqlite_utils.Database) -> None:
        calls.append("second")
        db.execute("CREATE TABLE t2 (x)")

    assert migrate(db, [first]) == 1
    assert migrate(db, [first]) == 0
    assert migrate(db, [first, second]) == 1
    assert calls == ["first", "second"]
    assert schema_version(db) == 2


def test_failed_step_rolls_back_and_keeps_the_version() -> None:
    db = sqlite_utils.Database(memory=True)

    def good(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE good (x)")

    def broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        migrate(db, [good, broken])
    assert schema_version(db) == 1
    assert "good" in db.table_names()
    assert "half_done" not in db.table_names()
    assert not db.conn.in_transaction


def test_file_from_a_newer_orderbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.close()
    with pytest.raises(SchemaTooNew, match="upgrade orderbot"):
        open_database(path)


def test_write_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "orderbot.db")
    with pytest.raises(ValueError), write_transaction(db):
        db.execute("INSERT INTO user_prefs (user_id, language) VALUES (1, 'en')")
        with write_transaction(db):  # nested: a savepoint
            db.execute("INSERT INTO user_prefs (user_id, language) VALUES (2, 'en')")
        raise ValueError("abort")
    assert db.execute("SELECT count(*) FROM user_prefs").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_a_v1_file_with_orders_migrates_to_v2_keeping_them(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    db = sqlite_utils.Database(sqlite3.connect(path))
    migrate(db, MIGRATIONS[:1])
    db.execute(
        "INSERT INTO orders (platform, chat_id, requester_id, seller_order_number, state,"
        " subtotal_fen, postage_fen, total_fen, receiver_json, created_at, updated_at)"
        " VALUES ('taobao', 1, 1, 'K-1', 'submitted', 100, 0, 100, '{}', 0, 0)"
    )
    db.conn.commit()
    db.close()
    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION
    row = db.execute("SELECT seller_order_number, platform_total_fen FROM orders").fetchone()
    assert row == ("K-1", None)
