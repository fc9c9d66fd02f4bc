"""The inbox: every Telegram update, stored before Telegram is told it arrived.

Polling moves its offset past an update, and the webhook answers 200, only after the update is
here; the bot processes updates from here and marks each done once its handlers ran. After a
crash the open ones are processed again, once; each such try is counted before it runs, and an
update that crashed the bot in MAX_ATTEMPTS of them is given up, so one poison update cannot stop
every other. (The first run's try is not counted: it costs a write for every update.)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from telegram import Bot, Update

from storage.db import now_ms, write_transaction

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
DONE_KEPT_MS = 24 * 3600 * 1000  # done rows are kept a day for the record, then purged


@dataclass(frozen=True, slots=True)
class InboxEntry:
    update_id: int
    body: dict[str, Any]
    attempts: int


class Inbox:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def store(self, update_id: int, body: dict[str, Any]) -> bool:
        """Keep the update; False when it is here already (Telegram delivered it again).

        An id seen before with other content is a new update: Telegram numbers updates anew
        after a week without any (and a restarted stand-in from 1), so only the same id with
        the same content is a repeat."""
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        now = self._clock()
        inserted = self._db.execute(
            "INSERT INTO inbox (update_id, body, received_at) VALUES (?, ?, ?) "
            "ON CONFLICT (update_id) DO NOTHING",
            (update_id, text, now),
        )
        if inserted.rowcount == 1:
            return True  # the usual case: one statement
        with write_transaction(self._db):
            row = self._db.execute(
                "SELECT body FROM inbox WHERE update_id = ?", (update_id,)
            ).fetchone()
            if row is not None and _same_update(row[0], text):
                return False
            log.info("update id %d is used again by a new update (ids were reset)", update_id)
            self._db.execute(
                "UPDATE inbox SET body = ?, received_at = ?, attempts = 0, done_at = NULL, "
                "outcome = NULL WHERE update_id = ?",
                (text, now, update_id),
            )
            return True

    def is_done(self, update_id: int) -> bool:
        row = self._db.execute(
            "SELECT done_at FROM inbox WHERE update_id = ?", (update_id,)
        ).fetchone()
        return row is not None and row[0] is not None

    def start(self, update_id: int) -> None:
        """Count one more try of an update processed again after a restart (before its
        handlers run)."""
        self._db.execute(
            "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ?", (update_id,)
        )

    def finish(self, update_id: int, outcome: str = "handled") -> None:
        self._db.execute(
            "UPDATE inbox SET done_at = ?, outcome = ? WHERE update_id = ? AND done_at IS NULL",
            (self._clock(), outcome, update_id),
        )

    def unfinished(self) -> list[InboxEntry]:
        """Updates stored but not handled to the end, oldest first; those tried too often are
        closed as given up instead."""
        rows = self._db.execute(
            "SELECT update_id, body, attempts FROM inbox WHERE done_at IS NULL ORDER BY id"
        ).fetchall()
        entries = []
        for update_id, body, attempts in rows:
            if attempts >= MAX_ATTEMPTS:
                log.error("update %d failed %d times; giving it up", update_id, attempts)
                self.finish(update_id, "given up")
                continue
            entries.append(InboxEntry(int(update_id), json.loads(body), int(attempts)))
        return entries

    def open_count(self) -> int:
        return int(
            self._db.execute("SELECT count(*) FROM inbox WHERE done_at IS NULL").fetchone()[0]
        )

    def purge_done(self, older_than_ms: int = DONE_KEPT_MS) -> int:
        cutoff = self._clock() - older_than_ms
        return self._db.execute(
            "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?", (cutoff,)
        ).rowcount


def readable_update(body: dict, bot: Bot | None) -> Update | None:
    """The update PTB reads from a body (stored here, fetched, or posted to the webhook), or
    None when it cannot: PTB raises whatever a malformed shape provokes."""
    try:
        return Update.de_json(body, bot)
    except Exception:
        return None


def _same_update(stored: str, text: str) -> bool:
    """The same content, in Telegram's form or PTB's (`Update.to_dict()`, which earlier
    versions stored when polling): the forms differ in fields PTB leaves out or spells
    otherwise, so they are compared as PTB reads them."""
    if stored == text:
        return True
    try:
        bodies = [json.loads(t) for t in (stored, text)]
    except ValueError:  # an unreadable body is no proof of a repeat
        return False
    first, second = (readable_update(body, None) for body in bodies)
    return first is not None and second is not None and first.to_dict() == second.to_dict()
