"""SQLitePersistence driven through the BasePersistence interface PTB calls."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from telegram.ext import PersistenceInput

from storage.db import open_database
from storage.persistence import SQLitePersistence, decode_value, encode_value

EVERYTHING = PersistenceInput(bot_data=True, chat_data=True, user_data=True, callback_data=True)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.mark.parametrize(
    "value",
    [
        None,
        3,
        "step",
        {"a": [1, 2.5, None, True]},
        {1: "int key", "1": "str key", (2, "x"): "tuple key", None: 0, 2.5: "float"},
        (1, (2, 3), [4, (5,)]),
        {"__tuple__": "a user key that looks like a tag"},
        {"__items__": [[1, 2]]},
        {"nested": {7: {"deep": (8, 9)}}},
        "中文 ¥12.34",
    ],
)
def test_codec_round_trips_exactly(value: object) -> None:
    decoded = decode_value(encode_value(value))
    assert decoded == value
    assert type(decoded) is type(value)


def test_codec_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="cannot persist a set"):
        encode_value({"ids": {1, 2}})
    with pytest.raises(TypeError, match="cannot persist a object"):
        encode_value([object()])


def test_defaults_store_conversations_user_and_chat_data_only(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db)
    assert persistence.store_data == PersistenceInput(
        bot_data=False, chat_data=True, user_data=True, callback_data=False
    )
    assert persistence.update_interval == 5
    assert SQLitePersistence(db, update_interval=2).update_interval == 2


async def test_user_and_chat_data_survive_a_new_instance(db: sqlite_utils.Database) -> None:
    first = SQLitePersistence(db)
    assert await first.get_user_data() == {}
    await first.update_user_data(10, {"lang": "zh", 5: (1, 2)})
    await first.update_user_data(11, {"x": 1})
    await first.update_chat_data(-100, {"members": [10, 11]})
    await first.drop_user_data(11)
    await first.drop_chat_data(-999)  # never stored: fine
    await first.flush()

    second = SQLitePersistence(db)
    assert await second.get_user_data() == {10: {"lang": "zh", 5: (1, 2)}}
    assert await second.get_chat_data() == {-100: {"members": [10, 11]}}


async def test_returned_and_stored_data_are_independent_copies(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db)
    data = {"cart": [1]}
    await persistence.update_user_data(10, data)
    data["cart"].append(2)  # the caller's object changes after handing it over

    loaded = await persistence.get_user_data()
    assert loaded == {10: {"cart": [1]}}
    loaded[10]["cart"].append(3)
    assert await persistence.get_user_data() == {10: {"cart": [1]}}


async def test_unchanged_data_is_not_rewritten(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db)
    await persistence.update_user_data(10, {"a": 1})
    await persistence.update_conversation("order", (1, 10), 2)
    before = db.conn.total_changes
    await persistence.update_user_data(10, {"a": 1})
    await persistence.update_conversation("order", (1, 10), 2)
    assert db.conn.total_changes == before
    await persistence.update_user_data(10, {"a": 2})
    assert db.conn.total_changes == before + 1


async def test_conversations_per_name_and_end_removes_the_row(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db)
    await persistence.update_conversation("order", (-100, 10), 3)
    await persistence.update_conversation("order", (-100, 11), "RECEIVER")
    await persistence.update_conversation("other", (5,), 1)
    await persistence.update_conversation("order", (-100, 11), None)  # ended
    await persistence.update_conversation("order", (7, 7), None)  # never stored: fine

    reloaded = SQLitePersistence(db)
    assert await reloaded.get_conversations("order") == {(-100, 10): 3}
    assert await reloaded.get_conversations("other") == {(5,): 1}
    assert await reloaded.get_conversations("missing") == {}
    assert db["ptb_conversations"].count == 2


async def test_bot_data_and_callback_data_when_enabled(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db, store_data=EVERYTHING)
    assert await persistence.get_bot_data() == {}
    assert await persistence.get_callback_data() is None
    await persistence.update_bot_data({"started": 1})
    callback_data = ([("uuid-1", 1700000000.5, {"btn": ("ap", 42)})], {"cbq-1": "uuid-1"})
    await persistence.update_callback_data(callback_data)

    reloaded = SQLitePersistence(db, store_data=EVERYTHING)
    assert await reloaded.get_bot_data() == {"started": 1}
    assert await reloaded.get_callback_data() == callback_data
    await reloaded.refresh_bot_data({})
    await reloaded.refresh_user_data(1, {})
    await reloaded.refresh_chat_data(1, {})


async def test_unpersistable_value_raises_and_keeps_the_old_row(db: sqlite_utils.Database) -> None:
    persistence = SQLitePersistence(db)
    await persistence.update_user_data(10, {"ok": True})
    with pytest.raises(TypeError):
        await persistence.update_user_data(10, {"bad": {1, 2}})
    assert await SQLitePersistence(db).get_user_data() == {10: {"ok": True}}
