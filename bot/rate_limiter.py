"""Sending within Telegram's flood limits, with a member who is waiting served first.

Telegram limits *messages* (its Bot FAQ): about 30 a second across all chats, about one a second
in a private chat (short bursts allowed), 20 a minute in a group — where edits count too.
Answering a callback query, editing in a private chat, deleting and reading are not messages.
`TelegramRateLimiter` keeps to those limits with one rolling window per limit and chat, and
serves each window by lane:

- **interactive** (the default): whatever answers a member's own action in their chat — the
  panel, its edits, an error message. It goes first, and may use a share of every window that
  background sends never take, so a member who pressed a button does not wait behind a burst.
  Telegram counts a send in its window for a whole second, so a slot a background send took
  cannot be handed to a member who comes a moment later: the share must be free beforehand.
  While members are active (an interactive send in the last `ACTIVE_SECONDS`) it is
  `INTERACTIVE_SHARE_ACTIVE` of a chat's window and `BOT_INTERACTIVE_SHARE_ACTIVE` of the
  bot's, otherwise `INTERACTIVE_SHARE`. A member waits only when answers come faster than
  sends leave the window for longer than the share lasts: at 25 updates a second across 200
  chats (whole orders: five new messages in thirteen updates), four slots of the bot's thirty
  leave about one answer in a thousand waiting, and a burst goes out at 26 a second beside
  them. A chat's own answers come in runs (a group's members drafting at once), so its window
  keeps a fifth.
- **background**: what nobody is waiting for at this moment — status notifications, approval
  card copies in other chats, the reconcile job's reports, reminders, bulk progress. These are
  spread evenly over the part of each window they may use (a run of grants and then a gap
  would repeat itself a second later, window after window, and a member arriving in the gap
  waits for the next send to leave), and use what the interactive lane leaves.

How to mark a send as background (for new features, e.g. bulk orders with live progress): pass
`rate_limit_args=BACKGROUND` to the Bot API call, as PTB lets every method take::

    from bot.rate_limiter import BACKGROUND

    await context.bot.send_message(chat_id, text, rate_limit_args=BACKGROUND)
    await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                        rate_limit_args=BACKGROUND)

Anything sent without it is interactive; keep it that way for replies to the member who caused
the update, and mark everything else. Nothing is ever dropped: a send waits for its window, and
a 429 from Telegram pauses only the chat it concerned for its `retry_after` (every send to that
chat waits it out), after which the send is made again, keeping its place in the queue.

A send holds its place in a window from the moment it starts until the window's length after
Telegram's answer, so however long requests take on the way, Telegram never sees more than the
limit within one window (its clock sees a request somewhere between the two).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# Methods that put a new message in a chat (sendChatAction only shows "typing…"), and edits.
_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage")
_NOT_MESSAGES = frozenset({"sendChatAction"})
_EDIT_PREFIXES = ("edit", "stopPoll")
# The share of each window that background sends leave to the interactive lane while members
# are active (an interactive send within ACTIVE_SECONDS): in a chat's own window, whose answers
# come from its few members in runs, and in the bot's, where every chat's answers even out
# (bench/burst.py); and the share left when nobody is about.
INTERACTIVE_SHARE_ACTIVE = 0.22
BOT_INTERACTIVE_SHARE_ACTIVE = 0.13
INTERACTIVE_SHARE = 0.1
ACTIVE_SECONDS = 5.0
# Chat windows kept before the idle ones are forgotten (they start afresh anyway).
_FORGET_AT = 1024


class Lane(StrEnum):
    INTERACTIVE = "interactive"
    BACKGROUND = "background"


BACKGROUND = Lane.BACKGROUND
_RANK = {Lane.INTERACTIVE: 0, Lane.BACKGROUND: 1}


@dataclass(frozen=True)
class SendLimits:
    """Telegram's limits (settings TELEGRAM_MESSAGES_PER_SECOND, TELEGRAM_PRIVATE_BURST, …)."""

    per_second: int = 30
    private_burst: int = 3
    private_window: float = 3.0
    group_burst: int = 20
    group_window: float = 60.0


def counted_as(endpoint: str) -> str | None:
    """ "message", "edit", or None for calls Telegram does not count as messages."""
    if endpoint in _NOT_MESSAGES:
        return None
    if endpoint.startswith(_MESSAGE_PREFIXES):
        return "message"
    if endpoint.startswith(_EDIT_PREFIXES):
        return "edit"
    return None


def _chat_of(data: dict[str, Any]) -> tuple[int | str, bool] | None:
    """(chat, is private) of a request; None without a chat (inline messages, callbacks)."""
    chat_id = data.get("chat_id")
    if chat_id is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        chat_id = int(chat_id)
    # Users are positive; groups, supergroups and channels (also as @username) are not.
    return chat_id, isinstance(chat_id, int) and chat_id > 0


class _Waiter:
    __slots__ = ("future", "key")

    def __init__(self, key: tuple[int, int], future: asyncio.Future[None]) -> None:
        self.key = key
        self.future = future

    def __lt__(self, other: _Waiter) -> bool:
        return self.key < other.key


class Window:
    """At most `limit` sends in any `period` seconds, granted to waiters by (lane, arrival)."""

    def __init__(
        self,
        limit: int,
        period: float,
        clock: Callable[[], float],
        active_share: float = INTERACTIVE_SHARE_ACTIVE,
    ) -> None:
        self.limit = limit
        self.period = period
        self._clock = clock
        self._background_limit_active = max(1, limit - math.ceil(limit * active_share))
        self._background_limit_quiet = max(1, limit - math.ceil(limit * INTERACTIVE_SHARE))
        self._last_interactive = -math.inf
        self._busy = 0  # sends in flight
        self._ended: deque[float] = deque()  # when finished sends leave the window
        self._waiters: list[_Waiter] = []
        self._paused_until = 0.0
        self._next_background = 0.0
        self._timer: asyncio.TimerHandle | None = None

    @property
    def idle(self) -> bool:
        self._prune(self._clock())
        return not (self._busy or self._ended or self._waiters) and not self._paused()

    async def acquire(self, key: tuple[int, int]) -> None:
        if not self._waiters and self._grantable(key[0], self._clock()) == 0:
            self._grant(key[0])
            return
        waiter = _Waiter(key, asyncio.get_running_loop().create_future())
        heapq.heappush(self._waiters, waiter)
        self._wake()
        try:
            await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():
                self.release()  # granted just as we were cancelled: give it back
            raise

    def release(self) -> None:
        self._busy -= 1
        self._ended.append(self._clock() + self.period)
        self._wake()

    def pause(self, seconds: float) -> None:
        """Telegram said "retry after": nothing more goes to this chat until then."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._wake()

    def _paused(self) -> bool:
        return self._clock() < self._paused_until

    def _prune(self, now: float) -> None:
        ended = self._ended
        while ended and ended[0] <= now:
            ended.popleft()

    def _grantable(self, rank: int, now: float) -> float | None:
        """0 when a send of this rank may start now, else when it might (None: at a release)."""
        if now < self._paused_until:
            return self._paused_until
        self._prune(now)
        limit = self.limit if rank == 0 else self._background_limit(now)
        taken = self._busy + len(self._ended)
        if taken >= limit:
            excess = taken - limit  # the first `excess + 1` leavers must go
            return self._ended[excess] if excess < len(self._ended) else None
        if rank > 0 and now < self._next_background:
            return self._next_background
        return 0

    def _background_limit(self, now: float) -> int:
        if now - self._last_interactive < ACTIVE_SECONDS:
            return self._background_limit_active
        return self._background_limit_quiet

    def _grant(self, rank: int) -> None:
        self._busy += 1
        now = self._clock()
        if rank > 0:  # the next one a share's worth later: evenly over the window
            self._next_background = now + self.period / self._background_limit(now)
        else:
            self._last_interactive = now

    def _wake(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiters = self._waiters
        while waiters:
            head = waiters[0]
            if head.future.done():  # cancelled while waiting
                heapq.heappop(waiters)
                continue
            when = self._grantable(head.key[0], self._clock())
            if when != 0:
                if when is not None:
                    loop = asyncio.get_running_loop()
                    self._timer = loop.call_at(when, self._wake)
                return
            heapq.heappop(waiters)
            self._grant(head.key[0])
            head.future.set_result(None)


class TelegramRateLimiter(BaseRateLimiter[Lane]):
    """PTB's `BaseRateLimiter`, shaped like Telegram's limits (see the module docstring)."""

    def __init__(self, limits: SendLimits | None = None) -> None:
        self.limits = limits or SendLimits()
        self._clock = time_source()
        self._bot = Window(self.limits.per_second, 1.0, self._clock, BOT_INTERACTIVE_SHARE_ACTIVE)
        self._chats: dict[int | str, Window] = {}
        self._arrivals = itertools.count()
        self.retries = 0  # 429s met, for the record

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Lane | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        lane = Lane(rate_limit_args) if rate_limit_args else Lane.INTERACTIVE
        key = (_RANK[lane], next(self._arrivals))  # a retry keeps its place
        windows = self._windows(endpoint, data)
        while True:
            held: list[Window] = []
            try:
                for window in windows:
                    await window.acquire(key)
                    held.append(window)
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                self.retries += 1
                log.warning(
                    "Telegram asked to wait %.0f s before %s to chat %s; waiting",
                    seconds,
                    endpoint,
                    data.get("chat_id"),
                )
                if windows:
                    windows[0].pause(seconds)  # the chat's own window (or the bot's)
                else:
                    await asyncio.sleep(seconds)
            finally:
                for window in held:
                    window.release()

    def _windows(self, endpoint: str, data: dict[str, Any]) -> list[Window]:
        """The windows a call must pass, its chat's first; none for what is not a message."""
        kind = counted_as(endpoint)
        chat = _chat_of(data) if kind else None
        if chat is None:
            return []
        chat_id, private = chat
        if kind == "edit":
            return [] if private else [self._chat_window(chat_id, private)]
        return [self._chat_window(chat_id, private), self._bot]

    def _chat_window(self, chat_id: int | str, private: bool) -> Window:
        window = self._chats.get(chat_id)
        if window is None:
            if len(self._chats) >= _FORGET_AT:
                for idle in [c for c, w in self._chats.items() if w.idle]:
                    del self._chats[idle]
            limits = self.limits
            window = self._chats[chat_id] = (
                Window(limits.private_burst, limits.private_window, self._clock)
                if private
                else Window(limits.group_burst, limits.group_window, self._clock)
            )
        return window


def time_source() -> Callable[[], float]:
    """The event loop's clock (what `call_at` schedules by), read when asked."""
    return lambda: asyncio.get_running_loop().time()


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked to wait (read without PTB's deprecation warning for ints)."""
    delta = getattr(exc, "_retry_after", None)
    if isinstance(delta, timedelta):
        return delta.total_seconds()
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
