"""Long polling that loses nothing: each update is in the inbox before Telegram learns it arrived.

Telegram forgets an update once a later getUpdates names an offset past it. PTB's Updater moves the
offset as soon as it has put the updates in memory, so a crash loses whatever was fetched but not
yet handled. This loop stores every fetched update in the inbox first, and only then asks for the
next batch (which confirms the stored ones). Updates still open from a previous run are queued
before anything new is fetched.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import (
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application

from bot.rate_limiter import retry_seconds
from bot.telegram_bot import order_bot
from storage.inbox import Inbox, readable_update

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0

REPLAYED = "inbox:replayed"  # bot_data: ids of the updates queued again after a restart


async def queue_unfinished(application: Application, inbox: Inbox) -> int:
    """Put the updates a previous run stored but did not finish back on the queue, oldest
    first; their ids are kept so the handlers can tell a replay (handlers/replay.py)."""
    replayed: set[int] = application.bot_data.setdefault(REPLAYED, set())
    entries = inbox.unfinished()
    for entry in entries:
        update = readable_update(entry.body, application.bot)
        if update is None:
            inbox.finish(entry.update_id, "unreadable")
            continue
        replayed.add(entry.update_id)
        await application.update_queue.put(update)
    if entries:
        log.warning("%d update(s) from before the restart are processed again", len(entries))
    return len(entries)


class InboxPoller:
    def __init__(self, application: Application, inbox: Inbox, *, timeout: float = 10.0) -> None:
        self.application = application
        self.inbox = inbox
        self.timeout = timeout
        self.failed: BaseException | None = None  # set when polling cannot go on (bad token)
        # Whether Telegram has taken our allowed_updates; asked again after any failed call,
        # in case something else (a webhook set meanwhile) changed them.
        self._subscribed = False
        self.stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        bot = self.application.bot
        # Polling and a webhook exclude each other; keep what Telegram holds for us.
        await bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._loop(), name="orderbot:polling")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        offset: int | None = None
        backoff = 1.0
        try:
            while True:
                try:
                    fetched = await self._fetch(offset)
                except RetryAfter as exc:
                    await asyncio.sleep(retry_seconds(exc))
                    continue
                except InvalidToken as exc:
                    log.error("Telegram refused the bot token; polling stops: %s", exc)
                    self.failed = exc
                    return
                except Conflict as exc:  # another poller, or a webhook was set meanwhile
                    log.warning("getUpdates conflict: %s", exc.message)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                except (NetworkError, TelegramError) as exc:
                    log.warning("getUpdates failed, retrying in %.0f s: %s", backoff, exc)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                backoff = 1.0
                for body in fetched:
                    update_id = _update_id(body)
                    if update_id is None:
                        log.warning("getUpdates returned an entry without an update id; skipped")
                        continue
                    await self._take(update_id, body)
                    offset = update_id + 1  # confirmed by the next call
        finally:
            self.stopped.set()

    async def _fetch(self, offset: int | None) -> list[dict]:
        """The next updates as Telegram sent them (the inbox keeps them so, as the webhook
        does). The kinds of update asked for go with every call until one succeeds: Telegram
        keeps them for the calls after it."""
        bot = order_bot(self.application.bot)
        kinds = None if self._subscribed else list(Update.ALL_TYPES)
        try:
            fetched = await bot.fetch_updates(offset, self.timeout, kinds)
        except BaseException:
            self._subscribed = False
            raise
        self._subscribed = True
        return fetched

    async def _take(self, update_id: int, body: dict) -> None:
        """Store one update, then queue it (an unreadable one is stored, and closed)."""
        if not self.inbox.store(update_id, body):
            return  # delivered before
        bot = self.application.bot
        update = readable_update(body, bot)
        if update is None:
            log.warning("update %d is not readable; closed without processing", update_id)
            self.inbox.finish(update_id, "unreadable")
            return
        bot.insert_callback_data(update)  # what get_updates does (arbitrary callback data)
        await self.application.update_queue.put(update)


def _update_id(body: object) -> int | None:
    update_id = body.get("update_id") if isinstance(body, dict) else None
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None
