"""python-telegram-bot persistence in the orderbot SQLite file.

Only conversation states and small user/chat data belong here (PTB writes them every
`update_interval` seconds and on shutdown); business data (drafts, orders, approvals) is written
synchronously to its own tables. Multi-step conversations are the exception: their state is the
step stored with each member's flow state, written by the handlers before they answer
(`durable_flows`, storage/flows.py).
Values are stored as JSON text: str/int/float/bool/None, lists,
tuples and dicts of those, dict keys of any of the scalar types (or tuples). Anything else, a
`telegram.Bot` included, is refused with a TypeError when PTB hands it over.

Every write goes straight to SQLite in its own short transaction, so data PTB has handed over
survives a crash; `flush()` only commits anything left open. Every `get_*` decodes fresh objects,
so nothing returned is shared with what is stored (deep-copy safe in both directions).
"""

from __future__ import annotations

import json
import logging
from typing import Any, cast

import sqlite_utils
from telegram.ext import BasePersistence, PersistenceInput

from storage.flows import FlowStates

log = logging.getLogger(__name__)

DEFAULT_STORE = PersistenceInput(
    bot_data=False, chat_data=True, user_data=True, callback_data=False
)
DEFAULT_UPDATE_INTERVAL_SECONDS = 5.0

# Tags that keep what plain JSON would lose: tuples, and dicts whose keys are not all strings.
_TUPLE = "__tuple__"
_ITEMS = "__items__"
_TAGS = frozenset({_TUPLE, _ITEMS})

_USER_TABLE = "ptb_user_data"
_CHAT_TABLE = "ptb_chat_data"
_SINGLE_ROW_ID = 1  # ptb_bot_data and ptb_callback_data hold one row each

Data = dict[Any, Any]
# Shapes PTB passes in (spelled out here rather than imported from PTB's private modules).
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


def encode_value(value: Any) -> str:
    """JSON text that `decode_value` turns back into an equal value (tuples stay tuples)."""
    return json.dumps(_to_json(value), ensure_ascii=False, separators=(",", ":"))


def decode_value(text: str) -> Any:
    return _from_json(json.loads(text))


def _to_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_to_json(item) for item in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_to_json(item) for item in value]}
    if isinstance(value, dict):
        plain = all(isinstance(key, str) for key in value) and not (
            len(value) == 1 and next(iter(value)) in _TAGS
        )
        if plain:
            return {key: _to_json(item) for key, item in value.items()}
        return {_ITEMS: [[_to_json(key), _to_json(item)] for key, item in value.items()]}
    raise TypeError(
        f"cannot persist a {type(value).__name__}: keep only str, int, float, bool, None, "
        "lists, tuples and dicts in user_data, chat_data and conversation states"
    )


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, inner),) = value.items()
            if tag == _TUPLE:
                return tuple(_from_json(item) for item in inner)
            if tag == _ITEMS:
                return {_from_json(key): _from_json(item) for key, item in inner}
        return {key: _from_json(item) for key, item in value.items()}
    return value


class SQLitePersistence(BasePersistence[Data, Data, Data]):
    """A `BasePersistence` over the shared orderbot `Database` (used from the event loop only).

    By default stores conversations, user_data and chat_data; bot_data and callback_data are
    off (pass a `PersistenceInput` to change that).
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        update_interval: float = DEFAULT_UPDATE_INTERVAL_SECONDS,
        store_data: PersistenceInput | None = None,
        *,
        durable_flows: frozenset[str] = frozenset(),
    ) -> None:
        """`durable_flows`: conversations whose state is the step stored with each member's
        flow state (storage/flows.py) at every step; PTB's interval flush must not write those,
        because it writes what was current at the flush, which may be older than the step."""
        super().__init__(store_data=store_data or DEFAULT_STORE, update_interval=update_interval)
        self._db = db
        self._durable_flows = durable_flows
        # Last text written per row, so an unchanged value is not rewritten every interval.
        self._written: dict[tuple[str, str], str] = {}

    # --- user / chat data -----------------------------------------------------------------

    async def get_user_data(self) -> dict[int, Data]:
        return self._load_per_id(_USER_TABLE)

    async def get_chat_data(self) -> dict[int, Data]:
        return self._load_per_id(_CHAT_TABLE)

    async def update_user_data(self, user_id: int, data: Data) -> None:
        self._write_row(_USER_TABLE, user_id, data)

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        self._write_row(_CHAT_TABLE, chat_id, data)

    async def drop_user_data(self, user_id: int) -> None:
        self._delete_row(_USER_TABLE, user_id)

    async def drop_chat_data(self, chat_id: int) -> None:
        self._delete_row(_CHAT_TABLE, chat_id)

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """Nothing to refresh: this process is the only writer of these rows."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """Nothing to refresh: this process is the only writer of these rows."""

    # --- bot data and callback data (off by default) --------------------------------------

    async def get_bot_data(self) -> Data:
        text = self._read_single("ptb_bot_data")
        return cast(Data, decode_value(text)) if text is not None else {}

    async def update_bot_data(self, data: Data) -> None:
        self._write_row("ptb_bot_data", _SINGLE_ROW_ID, data)

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Nothing to refresh: this process is the only writer of this row."""

    async def get_callback_data(self) -> CDCData | None:
        text = self._read_single("ptb_callback_data")
        if text is None:
            return None
        entries, mapping = decode_value(text)
        return [tuple(entry) for entry in entries], mapping

    async def update_callback_data(self, data: CDCData) -> None:
        self._write_row("ptb_callback_data", _SINGLE_ROW_ID, data)

    # --- conversations --------------------------------------------------------------------

    async def get_conversations(self, name: str) -> ConversationDict:
        if name in self._durable_flows:
            return dict(FlowStates(self._db, name).steps())
        rows = self._db.execute(
            "SELECT key, state FROM ptb_conversations WHERE name = ?", (name,)
        ).fetchall()
        conversations: ConversationDict = {}
        for key_text, state_text in rows:
            conversations[tuple(json.loads(key_text))] = decode_value(state_text)
            self._written[(f"conv:{name}", key_text)] = state_text
        return conversations

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if name in self._durable_flows:
            return  # the handlers wrote the step with the state already
        key_text = json.dumps(list(key), separators=(",", ":"))
        cache_key = (f"conv:{name}", key_text)
        if new_state is None:  # the conversation ended
            self._written.pop(cache_key, None)
            self._db.execute(
                "DELETE FROM ptb_conversations WHERE name = ? AND key = ?", (name, key_text)
            )
            return
        state_text = encode_value(new_state)
        if self._written.get(cache_key) == state_text:
            return
        self._db.execute(
            """
            INSERT INTO ptb_conversations (name, key, state) VALUES (?, ?, ?)
            ON CONFLICT (name, key) DO UPDATE SET state = excluded.state
            """,
            (name, key_text, state_text),
        )
        self._written[cache_key] = state_text

    async def flush(self) -> None:
        """Called by Application.shutdown(); writes are already durable, commit any stragglers."""
        self._db.commit()

    # --- helpers --------------------------------------------------------------------------

    def _load_per_id(self, table: str) -> dict[int, Data]:
        result: dict[int, Data] = {}
        for row_id, text in self._db.execute(f"SELECT id, data FROM {table}").fetchall():
            result[int(row_id)] = cast(Data, decode_value(text))
            self._written[(table, str(row_id))] = text
        return result

    def _read_single(self, table: str) -> str | None:
        row = self._db.execute(
            f"SELECT data FROM {table} WHERE id = ?", (_SINGLE_ROW_ID,)
        ).fetchone()
        return row[0] if row else None

    def _write_row(self, table: str, row_id: int, value: Any) -> None:
        text = encode_value(value)
        cache_key = (table, str(row_id))
        if self._written.get(cache_key) == text:
            return
        self._db.execute(
            f"""
            INSERT INTO {table} (id, data) VALUES (?, ?)
            ON CONFLICT (id) DO UPDATE SET data = excluded.data
            """,
            (row_id, text),
        )
        self._written[cache_key] = text

    def _delete_row(self, table: str, row_id: int) -> None:
        self._written.pop((table, str(row_id)), None)
        self._db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
