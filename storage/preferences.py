"""Per-user preferences: the interface language and where they ship abroad to."""

from __future__ import annotations

import sqlite_utils


class PreferenceRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def language(self, user_id: int) -> str | None:
        row = self._db.execute(
            "SELECT language FROM user_prefs WHERE user_id = ?", (user_id,)
        ).fetchone()
        return row[0] if row else None

    def set_language(self, user_id: int, language: str | None) -> None:
        """Store the user's choice; None forgets it (back to the configured default)."""
        self._db.execute(
            """
            INSERT INTO user_prefs (user_id, language) VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE SET language = excluded.language
            """,
            (user_id, language),
        )

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
