"""Order drafts: the new-order flow's states (storage/flows.py), one per (chat, member)."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from storage.db import now_ms
from storage.flows import FlowStates, migrate_chat

NEW_ORDER_FLOW = "new_order"


class DraftRepository(FlowStates):
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(db, NEW_ORDER_FLOW, clock)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: every member's state in it (of every flow) moves."""
        return migrate_chat(self._db, old_chat_id, new_chat_id)
