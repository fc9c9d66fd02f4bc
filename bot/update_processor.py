"""How updates are processed: one at a time within a chat, side by side across chats, and each
marked done in the inbox once its handlers ran.

PTB's default processes every update of every chat one after the other, so a member waiting for
an answer waits behind every other chat's slow step. Here each chat has its own queue (a lock
taken in arrival order), so a chat's updates keep their order — the conversation needs that —
while other chats go on. An update is closed in the inbox only when its handlers, and the work
they set going beside it (bot/update_work.py), finished; if the process dies first, it stays open
and is processed again at the next start, where each try is counted (storage/inbox.py gives up an
update that crashed the bot at every restart).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.update_work import UpdateWork
from storage.inbox import Inbox

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 64


def chat_key(update: object) -> int:
    """The queue an update waits in: its chat (or its user for chat-less updates)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return 0


class _ChatQueue:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class InboxUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        inbox: Inbox,
        replayed: set[int],
        max_concurrent_updates: int = DEFAULT_CONCURRENCY,
    ) -> None:
        """`replayed`: the ids of updates a previous run left open, queued again (bot/polling.py
        fills it at start-up)."""
        super().__init__(max_concurrent_updates)
        self._inbox = inbox
        self._replayed = replayed
        self.work = UpdateWork()  # what handlers set going beside an update (button answers)
        self._queues: dict[int, _ChatQueue] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # The chat's lock first (waiters are served in arrival order), then a processing slot:
        # a chat with a backlog holds one slot at most.
        key = chat_key(update)
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = _ChatQueue()
        queue.users += 1
        try:
            async with queue.lock:
                await super().process_update(update, coroutine)
        finally:
            queue.users -= 1
            if queue.users == 0:
                del self._queues[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is None:
            await self._run(update_id, coroutine)
            return
        if update_id in self._replayed:
            # Only a replay is counted, each try before it runs: the run in which an update
            # first came crashed at most once on it, and a write per update is spared.
            self._inbox.start(update_id)
        with self.work.processing(update_id):
            handled = await self._run(update_id, coroutine)
        await self.work.finish(update_id)
        self._inbox.finish(update_id, "handled" if handled else "failed")

    async def _run(self, update_id: int | None, coroutine: Awaitable[Any]) -> bool:
        try:
            await coroutine
        except Exception:
            # Application.process_update hands handler errors to the error handler; this is
            # something else, and processing the update again would meet it again.
            log.exception("update %s could not be processed", update_id)
            return False
        return True

    async def initialize(self) -> None:
        """Nothing to set up: the inbox lives in the bot's database."""

    async def shutdown(self) -> None:
        """Nothing to free; updates still open stay open in the inbox for the next start."""
