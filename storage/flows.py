"""The state of every multi-step conversation: one row per (flow, chat, member), holding what the
member has entered so far (JSON) and the step they are on, written together in one statement.

Each conversation ("flow": the new order, a refund request, a bulk upload…) saves its state and
step here before it answers, so a crash at any moment resumes the member on the step they last
saw with everything they typed; the conversation handler's own state is read from here
(storage/persistence.py), not from PTB's periodic flush.

Every update reads its member's state (and step) several times, so rows read or written are
remembered (storage/memo.py): each write goes to SQLite first, then to the memory, and reads come
from the memory when they can. This process is the only writer of the table; every `FlowStates` of
one database shares one memory, so any of them (and `migrate_chat`) keeps it true.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import sqlite_utils
from pydantic import BaseModel

from storage.db import now_ms, require_json, write_transaction
from storage.memo import MISSING, RowMemo

REMEMBERED_STATES = 4096
# A remembered row: (data, step), or None for "no state"; keyed by (flow, chat, member).
Row = tuple[str, str | None] | None
_memos: weakref.WeakKeyDictionary[sqlite_utils.Database, RowMemo[Row]] = weakref.WeakKeyDictionary()


def _memo_of(db: sqlite_utils.Database, size: int) -> RowMemo[Row]:
    if db not in _memos:
        _memos[db] = RowMemo(size)
    return _memos[db]


class FlowStates:
    """The rows of one flow."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        flow: str,
        clock: Callable[[], int] = now_ms,
        remembered: int = REMEMBERED_STATES,
    ) -> None:
        self._db = db
        self._clock = clock
        self.flow = flow
        self._memo = _memo_of(db, remembered)

    def _row(self, chat_id: int, user_id: int) -> Row:
        row = self._memo.get((self.flow, chat_id, user_id))
        if row is MISSING:
            found = self._db.execute(
                "SELECT data, step FROM flow_states WHERE flow = ? AND chat_id = ? AND user_id = ?",
                (self.flow, chat_id, user_id),
            ).fetchone()
            row = (found[0], found[1]) if found else None
            self._remember((self.flow, chat_id, user_id), row)
        return row  # type: ignore[return-value]

    def _remember(self, key: tuple[str, int, int], row: Row) -> None:
        # Inside a caller's transaction what is read or written may still be rolled back.
        if self._db.conn.in_transaction:
            self._memo.forget(key)
        else:
            self._memo.put(key, row)

    def load(self, chat_id: int, user_id: int) -> str | None:
        row = self._row(chat_id, user_id)
        return row[0] if row else None

    def save(self, chat_id: int, user_id: int, data_json: str, step: str | None = None) -> None:
        """The state and the step it is on, in one statement (None: not in a conversation)."""
        require_json(f"{self.flow} state", data_json)
        self._write(chat_id, user_id, data_json, step)

    def save_model(
        self, chat_id: int, user_id: int, state: BaseModel, step: str | None = None
    ) -> None:
        """`save` for a state kept as a model: pydantic writes JSON, so it is not read back to
        be checked (a flow saves at every step, twice when it answers)."""
        self._write(chat_id, user_id, state.model_dump_json(), step)

    def _write(self, chat_id: int, user_id: int, data_json: str, step: str | None) -> None:
        self._db.execute(
            """
            INSERT INTO flow_states (flow, chat_id, user_id, data, step, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (flow, chat_id, user_id) DO UPDATE
                SET data = excluded.data, step = excluded.step, updated_at = excluded.updated_at
            """,
            (self.flow, chat_id, user_id, data_json, step, self._clock()),
        )
        self._remember((self.flow, chat_id, user_id), (data_json, step))

    def step(self, chat_id: int, user_id: int) -> str | None:
        row = self._row(chat_id, user_id)
        return row[1] if row else None

    def set_step(self, chat_id: int, user_id: int, step: str | None) -> None:
        """Move the conversation (None: it ended; the state is kept, e.g. after a timeout)."""
        self._db.execute(
            "UPDATE flow_states SET step = ?, updated_at = ? "
            "WHERE flow = ? AND chat_id = ? AND user_id = ?",
            (step, self._clock(), self.flow, chat_id, user_id),
        )
        row = self._memo.get((self.flow, chat_id, user_id))
        if row is not MISSING and row is not None:
            self._remember((self.flow, chat_id, user_id), (row[0], step))  # type: ignore[index]

    def steps(self) -> dict[tuple[int, int], str]:
        """Every (chat, member) in this flow's conversation, with the step they are on."""
        rows = self._db.execute(
            "SELECT chat_id, user_id, step FROM flow_states WHERE flow = ? AND step IS NOT NULL",
            (self.flow,),
        ).fetchall()
        return {(int(chat_id), int(user_id)): step for chat_id, user_id, step in rows}

    def delete(self, chat_id: int, user_id: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM flow_states WHERE flow = ? AND chat_id = ? AND user_id = ?",
            (self.flow, chat_id, user_id),
        )
        self._remember((self.flow, chat_id, user_id), None)
        return cursor.rowcount > 0

    def owner_of_panel(self, chat_id: int, message_id: int) -> int | None:
        """The member whose live panel in this flow is `message_id` in the chat (groups: whose
        buttons someone else may be pressing)."""
        row = self._db.execute(
            "SELECT user_id FROM flow_states WHERE flow = ? AND chat_id = ? "
            "AND json_extract(data, '$.panel_message_id') = ? LIMIT 1",
            (self.flow, chat_id, message_id),
        ).fetchone()
        return int(row[0]) if row else None


def migrate_chat(db: sqlite_utils.Database, old_chat_id: int, new_chat_id: int) -> int:
    """Move every flow's state to a group's new (supergroup) id; returns how many moved.

    Where a member already has a state of the same flow under the new id, the more recently
    saved one is kept."""
    params = {"old": old_chat_id, "new": new_chat_id}
    if db in _memos:
        _memos[db].clear()  # rare: read everything afresh afterwards
    with write_transaction(db):
        db.execute(
            """
            DELETE FROM flow_states
            WHERE chat_id = :new AND EXISTS (
                SELECT 1 FROM flow_states AS old
                WHERE old.chat_id = :old AND old.flow = flow_states.flow
                    AND old.user_id = flow_states.user_id
                    AND old.updated_at >= flow_states.updated_at)
            """,
            params,
        )
        moved = db.execute(
            "UPDATE OR IGNORE flow_states SET chat_id = :new WHERE chat_id = :old", params
        ).rowcount
        # What is left under the old id lost to a newer state under the new id.
        db.execute("DELETE FROM flow_states WHERE chat_id = :old", params)
    return moved
