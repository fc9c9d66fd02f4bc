"""Work started at a steady pace rather than all at the moment it arrives.

When a thousand orders are paid at once the platform calls back a thousand times in a few
seconds. Applied as they arrive, those callbacks (match, apply, render, prepare the notification)
fill the event loop for those seconds, and a member who presses a button meanwhile waits behind
all of it: 100-600 ms instead of 10 (bench/burst.py). Nobody is waiting for a callback: the
platform has its 200, and the messages it leads to go out at Telegram's pace in the rate
limiter's background lane, a dozen or two a second. So bot.notifications stores each callback at
once and hands its application to `PacedTasks`, which starts `per_second` of them a second at
most: a thousand are applied within ten seconds, long before their notifications could have gone
out, and a member's update waits behind one of them at a time, not hundreds.

A task is started, not awaited: a notification waits for the limiter on its own while the next
callback is applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Work = Callable[[], Awaitable[None]]


class PacedTasks:
    def __init__(self, per_second: float, what: str) -> None:
        self._spacing = 1 / per_second
        self._what = what  # for log lines: "platform callback"
        self._queue: asyncio.Queue[tuple[Work, str]] = asyncio.Queue()
        self._running: set[asyncio.Task[None]] = set()
        self._worker: asyncio.Task[None] | None = None

    def start(self, work: Work, name: str) -> None:
        """Start `work` when its turn comes; `name` says what it is if it fails."""
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._pace())
        self._queue.put_nowait((work, name))

    async def _pace(self) -> None:
        while True:
            work, name = await self._queue.get()
            task = asyncio.create_task(self._run(work, name))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            self._queue.task_done()
            await asyncio.sleep(self._spacing)

    async def _run(self, work: Work, name: str) -> None:
        try:
            await work()
        except Exception:
            log.exception("%s: handling the %s failed", name, self._what)

    async def drain(self, timeout: float) -> None:
        """Let everything taken finish (within `timeout`), then stop; what is cut off is logged
        (and what it was stays where it was stored, for the next start)."""
        if self._worker is None:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._queue.join()
                while self._running:
                    await asyncio.wait(set(self._running))
        self._worker.cancel()
        left = self._queue.qsize() + len(self._running)
        for task in list(self._running):
            task.cancel()
        if left:
            log.warning("%d %s(s) were cut off by the stop", left, self._what)
        self._worker = None
