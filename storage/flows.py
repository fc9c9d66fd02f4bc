"""The state of every multi-step conversation: one row per (flow, chat, member), holding what the
member has entered so far (JSON) and the step they are on, written together in one statement.

Each conversation ("flow": the new order, a refund request, a bulk upload…) saves its state and
step here before it answers, so a crash at any moment resumes the member on the step they last
saw with everything they typed; the conversation handler's own state is read from here
(storage/persistence.py), not from PTB's periodic flush.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from storage.db import now_ms, require_json, write_transaction


class FlowStates:
    """The rows of one flow."""

    def __init__(
        self, db: sqlite_utils.Database, flow: str, clock: Callable[[], int] = now_ms
    ) -> None:
        self._db = db
        self._clock = clock
        self.flow = flow

    def load(self, chat_id: int, user_id: int) -> str | None:
        row = self._db.execute(
            "SELECT data FROM flow_states WHERE flow = ? AND chat_id = ? AND user_id = ?",
            (self.flow, chat_id, user_id),
        ).fetchone()
        return row[0] if row else None

    def save(self, chat_id: int, user_id: int, data_json: str, step: str | None = None) -> None:
        """The state and the step it is on, in one statement (None: not in a conversation)."""
        require_json(f"{self.flow} state", data_json)
        self._db.execute(
            """
            INSERT INTO flow_states (flow, chat_id, user_id, data, step, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (flow, chat_id, user_id) DO UPDATE
                SET data = excluded.data, step = excluded.step, updated_at = excluded.updated_at
            """,
            (self.flow, chat_id, user_id, data_json, step, self._clock()),
        )

    def step(self, chat_id: int, user_id: int) -> str | None:
        row = self._db.execute(
            "SELECT step FROM flow_states WHERE flow = ? AND chat_id = ? AND user_id = ?",
            (self.flow, chat_id, user_id),
        ).fetchone()
        return row[0] if row else None

    def set_step(self, chat_id: int, user_id: int, step: str | None) -> None:
        """Move the conversation (None: it ended; the state is kept, e.g. after a timeout)."""
        self._db.execute(
            "UPDATE flow_states SET step = ?, updated_at = ? "
            "WHERE flow = ? AND chat_id = ? AND user_id = ?",
            (step, self._clock(), self.flow, chat_id, user_id),
        )

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
