"""PacedTasks: work starts in the order it was handed in, each without waiting for the one
before to finish; a stop lets what was taken finish and cuts off (and logs) what cannot."""

from __future__ import annotations

import asyncio
import logging

from bot.paced_tasks import PacedTasks


async def test_work_starts_in_order_and_the_stop_waits_for_it() -> None:
    paced = PacedTasks(per_second=1000, what="test job")
    started: list[int] = []
    finished: list[int] = []
    release = asyncio.Event()

    def job(number: int):
        async def work() -> None:
            started.append(number)
            await release.wait()  # each waits: the next starts without it finishing
            finished.append(number)

        return work

    for number in range(5):
        paced.start(job(number), f"job {number}")
    while len(started) < 5:
        await asyncio.sleep(0.01)
    assert started == [0, 1, 2, 3, 4] and finished == []
    release.set()
    await paced.drain(timeout=5)
    assert sorted(finished) == [0, 1, 2, 3, 4]


async def test_a_stop_cuts_off_what_does_not_finish_and_says_so(caplog) -> None:
    paced = PacedTasks(per_second=1000, what="test job")
    never = asyncio.Event()

    async def stuck() -> None:
        await never.wait()

    paced.start(stuck, "stuck")
    await asyncio.sleep(0.05)
    with caplog.at_level(logging.WARNING):
        await paced.drain(timeout=0.1)
    assert "1 test job(s) were cut off by the stop" in caplog.text


async def test_a_failing_job_is_logged_and_the_next_still_runs(caplog) -> None:
    paced = PacedTasks(per_second=1000, what="test job")
    ran: list[str] = []

    async def broken() -> None:
        raise RuntimeError("boom")

    async def fine() -> None:
        ran.append("fine")

    with caplog.at_level(logging.ERROR):
        paced.start(broken, "order X")
        paced.start(fine, "order Y")
        await paced.drain(timeout=5)
    assert ran == ["fine"]
    assert "order X: handling the test job failed" in caplog.text
