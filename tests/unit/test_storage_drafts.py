"""DraftRepository: one draft per (chat, user), JSON text in and out, chat migration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from storage.db import open_database
from storage.drafts import DraftRepository


class Clock:
    def __init__(self) -> None:
        self.now = 1_000

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def drafts(db: sqlite_utils.Database, clock: Clock) -> DraftRepository:
    return DraftRepository(db, clock=clock)


def test_save_load_overwrite_delete(drafts: DraftRepository) -> None:
    assert drafts.load(1, 10) is None
    drafts.save(1, 10, json.dumps({"step": "items", "lines": []}))
    assert json.loads(drafts.load(1, 10) or "") == {"step": "items", "lines": []}

    drafts.save(1, 10, json.dumps({"step": "receiver"}))
    assert json.loads(drafts.load(1, 10) or "") == {"step": "receiver"}

    assert drafts.delete(1, 10)
    assert drafts.load(1, 10) is None
    assert not drafts.delete(1, 10)


def test_drafts_are_per_chat_and_user(drafts: DraftRepository) -> None:
    drafts.save(-500, 10, '"alice in group"')
    drafts.save(-500, 11, '"bob in group"')
    drafts.save(10, 10, '"alice in private"')
    assert drafts.load(-500, 10) == '"alice in group"'
    assert drafts.load(-500, 11) == '"bob in group"'
    assert drafts.load(10, 10) == '"alice in private"'
    assert drafts.load(10, 11) is None


def test_save_rejects_non_json(drafts: DraftRepository) -> None:
    with pytest.raises(ValueError, match="JSON"):
        drafts.save(1, 1, "{broken")
    assert drafts.load(1, 1) is None


def test_migrate_chat_moves_drafts_and_keeps_the_newer_on_conflict(
    drafts: DraftRepository, clock: Clock
) -> None:
    drafts.save(-1, 10, '"old group, alice"')
    drafts.save(-1, 11, '"old group, bob (older)"')
    drafts.save(-2, 12, '"another group"')
    clock.now += 100
    drafts.save(-1009, 11, '"new group, bob (newer)"')
    drafts.save(-1009, 13, '"new group, carol"')

    assert drafts.migrate_chat(-1, -1009) == 1
    assert drafts.load(-1009, 10) == '"old group, alice"'
    assert drafts.load(-1009, 11) == '"new group, bob (newer)"'
    assert drafts.load(-1009, 13) == '"new group, carol"'
    assert drafts.load(-1, 10) is None and drafts.load(-1, 11) is None
    assert drafts.load(-2, 12) == '"another group"'


def test_migrate_chat_old_draft_wins_when_newer(drafts: DraftRepository, clock: Clock) -> None:
    drafts.save(-1009, 11, '"stale"')
    clock.now += 100
    drafts.save(-1, 11, '"fresh"')
    assert drafts.migrate_chat(-1, -1009) == 1
    assert drafts.load(-1009, 11) == '"fresh"'
    assert drafts.load(-1, 11) is None
