"""Work an update set going that must be over before the update counts as handled.

A handler answers a pressed button (answerCallbackQuery) beside its own Bot API calls instead of
before them, so the member's panel arrives a round trip sooner (handlers/common.py `answer`).
The update processor waits for such work before it closes the update in the inbox: a stop or a
crash before it is out leaves the update open, and it is processed again at the next start
(handlers/replay.py). Which update a handler is working on is known from the context of the task
processing it (a non-blocking handler's task inherits it, and finds the update closed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine, Iterator
from contextvars import ContextVar
from typing import Any

_CURRENT: ContextVar[tuple[UpdateWork, int] | None] = ContextVar("update_work", default=None)


class UpdateWork:
    def __init__(self) -> None:
        self._tasks: dict[int, list[asyncio.Task[Any]]] = {}

    @contextlib.contextmanager
    def processing(self, update_id: int) -> Iterator[None]:
        """While the update's handlers run, what they set going belongs to it."""
        self._tasks.setdefault(update_id, [])
        token = _CURRENT.set((self, update_id))
        try:
            yield
        finally:
            _CURRENT.reset(token)

    async def finish(self, update_id: int) -> None:
        """Wait for the update's work (each task reports its own failures)."""
        for task in self._tasks.pop(update_id, []):
            with contextlib.suppress(Exception):
                await task

    def _add(self, update_id: int, task: asyncio.Task[Any]) -> bool:
        tasks = self._tasks.get(update_id)
        if tasks is None:
            return False
        tasks.append(task)
        return True


async def beside(work: Coroutine[Any, Any, None]) -> None:
    """Run `work` beside the update being processed, which waits for it before it is done;
    outside the processing of an open update, run it now."""
    current = _CURRENT.get()
    if current is None:
        await work
        return
    task = asyncio.create_task(work)
    if not current[0]._add(current[1], task):
        await task  # the update was closed already (a non-blocking handler): nothing to gain
