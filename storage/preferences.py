"""Per-user preferences: the interface language and where they ship abroad to.

Every message the bot writes asks for its reader's language, so answers are remembered
(storage/memo.py; written to SQLite first, this process being the only writer).
"""

from __future__ import annotations

import sqlite_utils

from storage.memo import MISSING, RowMemo

REMEMBERED_USERS = 4096


class PreferenceRepository:
    def __init__(self, db: sqlite_utils.Database, remembered: int = REMEMBERED_USERS) -> None:
        self._db = db
        self._languages: RowMemo[str | None] = RowMemo(remembered)

    def language(self, user_id: int) -> str | None:
        language = self._languages.get(user_id)
        if language is MISSING:
            row = self._db.execute(
                "SELECT language FROM user_prefs WHERE user_id = ?", (user_id,)
            ).fetchone()
            language = row[0] if row else None
            self._remember(user_id, language)
        return language  # type: ignore[return-value]

    def _remember(self, user_id: int, language: str | None) -> None:
        # Inside a caller's transaction what is read or written may still be rolled back.
        if self._db.conn.in_transaction:
            self._languages.forget(user_id)
        else:
            self._languages.put(user_id, language)

    def set_language(self, user_id: int, language: str | None) -> None:
        """Store the user's choice; None forgets it (back to the configured default)."""
        self._db.execute(
            """
            INSERT INTO user_prefs (user_id, language) VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE SET language = excluded.language
            """,
            (user_id, language),
        )
        self._remember(user_id, language)

    def destination(self, user_id: int) -> str | None:
        """The country (ISO alpha-2) the member last asked freight for."""
        row = self._db.execute(
            "SELECT destination FROM user_prefs WHERE user_id = ?", (user_id,)
        ).fetchone()
        return row[0] if row else None

    def set_destination(self, user_id: int, country: str) -> None:
        self._db.execute(
            """
            INSERT INTO user_prefs (user_id, destination) VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE SET destination = excluded.destination
            """,
            (user_id, country),
        )
