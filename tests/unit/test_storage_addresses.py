"""AddressRepository (private per user, labels, limit, last-use order) and preferences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from storage.addresses import (
    MAX_ADDRESSES_PER_USER,
    MAX_LABEL_LENGTH,
    AddressBookFull,
    AddressLabelTaken,
    AddressRepository,
)
from storage.db import open_database
from storage.preferences import PreferenceRepository

ALICE, BOB = 1001, 2002
HOME = json.dumps({"name": "Alice", "mobile": "13800138000", "city": "Hangzhou"})
WORK = json.dumps({"name": "Alice", "mobile": "13800138000", "city": "Shanghai"})


class Clock:
    def __init__(self) -> None:
        self.now = 1_000

    def __call__(self) -> int:
        self.now += 1  # every call is a later instant, as in real life
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.fixture
def book(db: sqlite_utils.Database) -> AddressRepository:
    return AddressRepository(db, clock=Clock())


def test_save_get_list(book: AddressRepository) -> None:
    home = book.save(ALICE, "  Home  ", HOME)
    work = book.save(ALICE, "Work", WORK)
    assert book.get(ALICE, home).label == "Home"  # type: ignore[union-attr]
    assert book.get(ALICE, home).receiver_json == HOME  # type: ignore[union-attr]
    # Never used: newest first.
    assert [a.id for a in book.list(ALICE)] == [work, home]
    assert book.list(BOB) == []
    assert book.get(ALICE, 9999) is None


def test_touch_sorts_by_last_use(book: AddressRepository) -> None:
    home = book.save(ALICE, "Home", HOME)
    work = book.save(ALICE, "Work", WORK)
    assert book.touch(ALICE, home)
    assert [a.id for a in book.list(ALICE)] == [home, work]
    assert book.get(ALICE, home).last_used_at is not None  # type: ignore[union-attr]
    assert book.touch(ALICE, work)
    assert [a.id for a in book.list(ALICE)] == [work, home]
    assert not book.touch(ALICE, 9999)


def test_other_users_address_is_invisible_and_untouchable(book: AddressRepository) -> None:
    home = book.save(ALICE, "Home", HOME)

    assert book.get(BOB, home) is None
    assert book.list(BOB) == []
    assert not book.rename(BOB, home, "Mine now")
    assert not book.touch(BOB, home)
    assert not book.delete(BOB, home)

    kept = book.get(ALICE, home)
    assert kept is not None and kept.label == "Home" and kept.last_used_at is None
    # Bob may use the same label for his own address.
    assert book.save(BOB, "Home", WORK) != home


def test_label_taken_on_save_and_rename(book: AddressRepository) -> None:
    home = book.save(ALICE, "Home", HOME)
    work = book.save(ALICE, "Work", WORK)
    with pytest.raises(AddressLabelTaken) as caught:
        book.save(ALICE, "home", WORK)  # labels are case-insensitive
    assert caught.value.label == "home"
    with pytest.raises(AddressLabelTaken):
        book.rename(ALICE, work, "HOME")
    # Renaming to its own label (even in another case) is fine.
    assert book.rename(ALICE, home, "HOME")
    assert book.get(ALICE, home).label == "HOME"  # type: ignore[union-attr]
    assert book.rename(ALICE, work, "Office")
    assert not book.rename(ALICE, 9999, "Anything")


def test_bad_labels_and_receivers(book: AddressRepository) -> None:
    with pytest.raises(ValueError, match="empty"):
        book.save(ALICE, "   ", HOME)
    with pytest.raises(ValueError, match="at most"):
        book.save(ALICE, "x" * (MAX_LABEL_LENGTH + 1), HOME)
    with pytest.raises(ValueError, match="JSON"):
        book.save(ALICE, "Home", "not json")
    assert book.list(ALICE) == []


def test_book_is_full_at_twenty(book: AddressRepository) -> None:
    ids = [book.save(ALICE, f"Place {i}", HOME) for i in range(MAX_ADDRESSES_PER_USER)]
    with pytest.raises(AddressBookFull) as caught:
        book.save(ALICE, "One more", HOME)
    assert caught.value.limit == 20
    assert len(book.list(ALICE)) == 20
    # Other users are not affected, and deleting one makes room.
    book.save(BOB, "Home", HOME)
    assert book.delete(ALICE, ids[0])
    assert not book.delete(ALICE, ids[0])
    book.save(ALICE, "One more", HOME)


def test_language_preference(db: sqlite_utils.Database) -> None:
    prefs = PreferenceRepository(db)
    assert prefs.language(ALICE) is None
    prefs.set_language(ALICE, "zh")
    prefs.set_language(BOB, "en")
    prefs.set_language(ALICE, "en")
    assert prefs.language(ALICE) == "en"
    assert prefs.language(BOB) == "en"
    prefs.set_language(ALICE, None)
    assert prefs.language(ALICE) is None
