"""Which conversation a member's message is for, when more than one is open.

A member may have an order draft open and start a refund request from an order card (or send a
payment voucher) before finishing it. Buttons are never ambiguous — each belongs to its panel —
but a typed message or a photo is: it goes to the flow whose panel the member used last (the
flow state saved most recently, with a step), so a tracking number never lands in a draft.
"""

from __future__ import annotations

import sqlite_utils
from telegram import Message
from telegram.ext import filters

from bot.session import Flow


class LatestFlow(filters.MessageFilter):
    def __init__(self, db: sqlite_utils.Database, flow: Flow) -> None:
        super().__init__(name=f"LatestFlow({flow.name})")
        self._db = db
        self._flow = flow.name

    def filter(self, message: Message) -> bool:
        if message.from_user is None:
            return False
        row = self._db.execute(
            "SELECT flow FROM flow_states WHERE chat_id = ? AND user_id = ? AND step IS NOT NULL "
            "ORDER BY updated_at DESC LIMIT 1",
            (message.chat.id, message.from_user.id),
        ).fetchone()
        return row is not None and row[0] == self._flow
