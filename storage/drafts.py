"""Order drafts, one per (chat, user), stored as the JSON text the domain layer produces.

Written at every step of the new-order flow together with the step itself, so a restart or crash
loses nothing the user typed and resumes them on the step they last saw: the conversation's state
is read from here (storage/persistence.py), not from PTB's periodic flush.

Every update reads its member's draft (and step) several times, so rows read or written are
remembered (storage/memo.py): each write goes to SQLite first, then to the memory, and reads
come from the memory when they can. This process is the only writer of the table.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from storage.db import now_ms, require_json, write_transaction
from storage.memo import MISSING, RowMemo

REMEMBERED_DRAFTS = 4096
# A remembered row: (data, step), or None for "no draft".
Row = tuple[str, str | None] | None


class DraftRepository:
    def __init__(
        self,
        db: sqlite_utils.Database,
        clock: Callable[[], int] = now_ms,
        remembered: int = REMEMBERED_DRAFTS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._memo: RowMemo[Row] = RowMemo(remembered)

    def _row(self, chat_id: int, user_id: int) -> Row:
        row = self._memo.get((chat_id, user_id))
        if row is MISSING:
            found = self._db.execute(
                "SELECT data, step FROM drafts WHERE chat_id = ? AND user_id = ?",
                (chat_id, user_id),
            ).fetchone()
            row = (found[0], found[1]) if found else None
            self._remember((chat_id, user_id), row)
        return row  # type: ignore[return-value]

    def _remember(self, key: tuple[int, int], row: Row) -> None:
        # Inside a caller's transaction what is read or written may still be rolled back.
        if self._db.conn.in_transaction:
            self._memo.forget(key)
        else:
            self._memo.put(key, row)

    def load(self, chat_id: int, user_id: int) -> str | None:
        row = self._row(chat_id, user_id)
        return row[0] if row else None

    def save(self, chat_id: int, user_id: int, data_json: str, step: str | None = None) -> None:
        """The draft and the conversation step it is on, in one statement: a crash can never
        leave a member on a step their draft does not match (None: not in a conversation)."""
        require_json("draft data", data_json)
        self._db.execute(
            """
            INSERT INTO drafts (chat_id, user_id, data, step, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (chat_id, user_id) DO UPDATE
                SET data = excluded.data, step = excluded.step, updated_at = excluded.updated_at
            """,
            (chat_id, user_id, data_json, step, self._clock()),
        )
        self._remember((chat_id, user_id), (data_json, step))

    def step(self, chat_id: int, user_id: int) -> str | None:
        row = self._row(chat_id, user_id)
        return row[1] if row else None

    def set_step(self, chat_id: int, user_id: int, step: str | None) -> None:
        """Move the conversation (None: it ended; the draft is kept, e.g. after a timeout)."""
        self._db.execute(
            "UPDATE drafts SET step = ?, updated_at = ? WHERE chat_id = ? AND user_id = ?",
            (step, self._clock(), chat_id, user_id),
        )
        row = self._memo.get((chat_id, user_id))
        if row is not MISSING and row is not None:
            self._remember((chat_id, user_id), (row[0], step))  # type: ignore[index]

    def steps(self) -> dict[tuple[int, int], str]:
        """Every (chat, member) in a conversation, with the step they are on."""
        rows = self._db.execute(
            "SELECT chat_id, user_id, step FROM drafts WHERE step IS NOT NULL"
        ).fetchall()
        return {(int(chat_id), int(user_id)): step for chat_id, user_id, step in rows}

    def delete(self, chat_id: int, user_id: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM drafts WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
        )
        self._remember((chat_id, user_id), None)
        return cursor.rowcount > 0

    def owner_of_panel(self, chat_id: int, message_id: int) -> int | None:
        """The member whose draft's live panel is `message_id` in the chat (groups: whose
        buttons someone else may be pressing)."""
        row = self._db.execute(
            "SELECT user_id FROM drafts WHERE chat_id = ? "
            "AND json_extract(data, '$.panel_message_id') = ? LIMIT 1",
            (chat_id, message_id),
        ).fetchone()
        return int(row[0]) if row else None

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """Move drafts to a group's new (supergroup) id; returns how many moved.

        If a user already has a draft under the new id, the more recently saved one is kept.
        """
        params = {"old": old_chat_id, "new": new_chat_id}
        self._memo.clear()  # rare: read everything afresh afterwards
        with write_transaction(self._db):
            self._db.execute(
                """
                DELETE FROM drafts
                WHERE chat_id = :new AND EXISTS (
                    SELECT 1 FROM drafts AS old
                    WHERE old.chat_id = :old AND old.user_id = drafts.user_id
                        AND old.updated_at >= drafts.updated_at)
                """,
                params,
            )
            moved = self._db.execute(
                "UPDATE OR IGNORE drafts SET chat_id = :new WHERE chat_id = :old", params
            ).rowcount
            # What is left under the old id lost to a newer draft under the new id.
            self._db.execute("DELETE FROM drafts WHERE chat_id = :old", params)
        return moved
