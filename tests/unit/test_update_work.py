"""UpdateWork: what a handler sets going beside an update is awaited before the update is done."""

from __future__ import annotations

import asyncio

from bot.update_work import UpdateWork, beside


async def test_work_beside_an_update_runs_alongside_and_is_awaited_before_it_is_done():
    work, events = UpdateWork(), []

    async def answer() -> None:
        await asyncio.sleep(0.01)
        events.append("answered")

    with work.processing(7):
        await beside(answer())
        events.append("edited")  # the handler went on at once
    assert events == ["edited"]
    await work.finish(7)
    assert events == ["edited", "answered"]


async def test_outside_an_open_update_work_runs_at_once():
    work, events = UpdateWork(), []

    async def answer() -> None:
        events.append("answered")

    await beside(answer())  # no update being processed
    assert events == ["answered"]
    with work.processing(8):
        pass
    await work.finish(8)

    async def late() -> None:  # e.g. a non-blocking handler that runs on after its update
        await beside(answer())

    with work.processing(9):
        pending = asyncio.create_task(late())  # inherits the update's context
    await work.finish(9)
    await pending
    assert events == ["answered", "answered"]


async def test_a_failing_piece_of_work_does_not_keep_the_update_open():
    work = UpdateWork()

    async def broken() -> None:
        raise RuntimeError("boom")

    with work.processing(10):
        await beside(broken())
    await work.finish(10)  # the task reports its own failure; the update is done
