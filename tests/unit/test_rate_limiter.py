"""TelegramRateLimiter with a recording callback in place of the Bot API: which sends go first,
what waits for what, and that nothing is dropped. Orders of events are asserted, never times."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.rate_limiter import BACKGROUND, SendLimits, TelegramRateLimiter, Window, counted_as

# Short windows keep the tests quick; the rules do not depend on the lengths.
LIMITS = SendLimits(
    per_second=4, private_burst=2, private_window=0.2, group_burst=3, group_window=0.3
)


class Recorder:
    """Stands in for PTB's `_do_post`: notes the order in which sends start and finish."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.finished: list[str] = []
        self.fail_first: dict[str, float] = {}  # name → retry_after of one 429

    def call(self, name: str) -> Callable[..., Any]:
        async def post() -> dict[str, Any]:
            self.started.append(name)
            await asyncio.sleep(0.001)
            if name in self.fail_first:
                raise RetryAfter(timedelta(seconds=self.fail_first.pop(name)))
            self.finished.append(name)
            return {"name": name}

        return post


async def send(
    limiter: TelegramRateLimiter,
    recorder: Recorder,
    name: str,
    chat_id: int | None,
    *,
    endpoint: str = "sendMessage",
    lane: Any = None,
) -> Any:
    data = {} if chat_id is None else {"chat_id": chat_id}
    return await limiter.process_request(recorder.call(name), (), {}, endpoint, data, lane)


def test_what_counts_as_a_message() -> None:
    assert counted_as("sendMessage") == counted_as("sendPhoto") == "message"
    assert counted_as("copyMessage") == counted_as("forwardMessage") == "message"
    assert counted_as("editMessageText") == counted_as("editMessageReplyMarkup") == "edit"
    for endpoint in ("answerCallbackQuery", "sendChatAction", "deleteMessage", "getChatMember"):
        assert counted_as(endpoint) is None


async def test_interactive_sends_go_before_queued_background_ones() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    background = [
        asyncio.create_task(send(limiter, recorder, f"bg{n}", 100 + n, lane=BACKGROUND))
        for n in range(12)
    ]
    await asyncio.sleep(0.01)  # the background burst is queued and has started
    answer = await send(limiter, recorder, "answer", 7)
    await asyncio.gather(*background)
    assert answer == {"name": "answer"}
    # the answer took the first free place, ahead of every background send still waiting
    position = recorder.started.index("answer")
    assert position <= 3
    assert sorted(recorder.finished) == sorted(["answer", *(f"bg{n}" for n in range(12))])


async def test_background_leaves_a_share_of_the_window_to_answers() -> None:
    window = Window(10, 1.0, asyncio.get_running_loop().time)
    granted = []

    async def take(name: str, rank: int) -> None:
        await window.acquire((rank, len(granted)))
        granted.append(name)

    tasks = [asyncio.create_task(take(f"bg{n}", 1)) for n in range(10)]
    await asyncio.sleep(0.3)
    assert len(granted) <= 9  # spaced, and never the last place of the window
    await take("answer", 0)
    assert "answer" in granted
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _background_grants(window: Window) -> int:
    """How many of ten queued background sends the window lets start (none finishes)."""
    granted = 0

    async def take(number: int) -> None:
        nonlocal granted
        await window.acquire((1, number))
        granted += 1

    tasks = [asyncio.create_task(take(n)) for n in range(10)]
    await asyncio.sleep(0.8)  # room for every grant the spacing (0.05 s) allows
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return granted


async def test_while_members_are_active_background_leaves_them_more_of_the_window() -> None:
    clock = asyncio.get_running_loop().time
    assert await _background_grants(Window(10, 0.5, clock)) == 9  # nobody about: a tenth
    busy = Window(10, 0.5, clock)
    await busy.acquire((0, 0))  # a member is being answered
    assert await _background_grants(busy) == 10 - 3 - 1  # their answer, and a fifth-plus


class _VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps to the next timer instead of waiting for it."""

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        select = self._selector.select

        def jump(timeout: float | None = None) -> list:
            self._now += timeout or 0.0
            return select(0)

        self._selector.select = jump  # type: ignore[method-assign]

    def time(self) -> float:
        return self._now


def test_a_long_burst_is_granted_evenly_across_each_window() -> None:
    """Background sends start at even intervals over the share they may use, the second
    window as the first: no run of grants followed by a gap in which a member would wait for
    the next send to leave the window."""
    loop = _VirtualTimeLoop()
    try:
        grants = loop.run_until_complete(_burst_grant_times(Window(10, 1.0, loop.time), 30))
    finally:
        loop.close()
    gaps = [round(later - earlier, 6) for earlier, later in itertools.pairwise(grants)]
    assert len(grants) == 30
    assert max(gaps) <= round(1.0 / 9 + 0.002, 6)  # nine a second (a tenth left to answers)
    assert min(gaps) >= round(1.0 / 9, 6)


async def _burst_grant_times(window: Window, sends: int) -> list[float]:
    loop = asyncio.get_running_loop()
    grants: list[float] = []

    async def one(number: int) -> None:
        await window.acquire((1, number))
        grants.append(loop.time())
        await asyncio.sleep(0.001)  # Telegram's answer
        window.release()

    await asyncio.gather(*(one(n) for n in range(sends)))
    return grants


async def test_one_chats_burst_does_not_hold_back_other_chats() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    burst = [asyncio.create_task(send(limiter, recorder, f"a{n}", 1)) for n in range(6)]
    await asyncio.sleep(0.01)
    await send(limiter, recorder, "b", 2)
    await asyncio.gather(*burst)
    # chat 1 may have two in its window; chat 2's message is not queued behind the rest
    assert recorder.started.index("b") < recorder.started.index("a3")
    assert recorder.started[:2] == ["a0", "a1"]
    assert [name for name in recorder.started if name.startswith("a")] == [
        f"a{n}" for n in range(6)
    ]  # a chat's messages keep their order


async def test_a_window_never_holds_more_than_its_limit() -> None:
    loop = asyncio.get_running_loop()
    window = Window(3, 0.2, loop.time)
    spans: list[tuple[float, float]] = []

    async def one() -> None:
        await window.acquire((0, len(spans)))
        start = loop.time()
        await asyncio.sleep(0.01)
        spans.append((start, loop.time()))
        window.release()

    await asyncio.gather(*(one() for _ in range(9)))
    spans.sort()
    # the (n+3)-th send starts only after the n-th left the window (ended + period)
    for earlier, later in zip(spans, spans[3:], strict=False):
        assert later[0] >= earlier[1] + 0.2 - 1e-3


async def test_group_edits_count_in_the_group_but_private_edits_and_answers_do_not() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    group = [
        asyncio.create_task(send(limiter, recorder, f"g{n}", -50, endpoint="editMessageText"))
        for n in range(4)
    ]
    await asyncio.sleep(0.05)
    assert recorder.started == ["g0", "g1", "g2"]  # the fourth waits for the group's window
    for n in range(5):  # far beyond the private burst: not messages, nothing waits
        await send(limiter, recorder, f"e{n}", 7, endpoint="editMessageText")
        await send(limiter, recorder, f"q{n}", None, endpoint="answerCallbackQuery")
    assert "g3" not in recorder.started
    await asyncio.gather(*group)
    assert recorder.started[-1] == "g3"


async def test_a_429_waits_out_retry_after_in_that_chat_and_drops_nothing() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    recorder.fail_first["first"] = 0.2
    first = asyncio.create_task(send(limiter, recorder, "first", 7))
    await asyncio.sleep(0.05)  # the 429 came back; chat 7 is paused
    second = asyncio.create_task(send(limiter, recorder, "second", 7))
    other = await send(limiter, recorder, "other", 8)  # another chat is not paused
    assert other == {"name": "other"}
    assert await first == {"name": "first"}
    assert await second == {"name": "second"}
    assert recorder.started == ["first", "other", "first", "second"]
    assert limiter.retries == 1


async def test_a_429_on_a_call_without_a_chat_is_retried_after_the_wait() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    recorder.fail_first["answer"] = 0.05
    result = await send(limiter, recorder, "answer", None, endpoint="answerCallbackQuery")
    assert result == {"name": "answer"}
    assert recorder.started == ["answer", "answer"]


async def test_a_cancelled_waiter_gives_its_place_back() -> None:
    limiter, recorder = TelegramRateLimiter(LIMITS), Recorder()
    first = [asyncio.create_task(send(limiter, recorder, f"f{n}", 9)) for n in range(2)]
    waiting = asyncio.create_task(send(limiter, recorder, "gone", 9))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.gather(*first)
    assert await send(limiter, recorder, "next", 9) == {"name": "next"}
    assert "gone" not in recorder.started


def test_limits_default_to_telegrams() -> None:
    limits = TelegramRateLimiter().limits
    assert (limits.per_second, limits.private_burst, limits.group_burst) == (30, 3, 20)
    assert limits.group_window == 60.0
