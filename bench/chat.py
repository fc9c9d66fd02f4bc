"""Simulated users that time each reply, and a run of many of them at once.

A reply's latency is the stand-in's own timestamp of the bot's answering Bot API call minus the
moment just before the user's /sim action; both clocks are this machine's `time.time()`.
One long poll follows the whole outbox and hands calls out per chat, and keeps each chat's live
buttons from the same stream (a user presses what the bot last showed without asking the
stand-in for the whole chat), so the harness costs little and the same for bot and baseline.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bench.report import percentile
from bench.world import World
from sandbox.telegram.client import OutboxCall, TelegramSim

log = logging.getLogger(__name__)

Predicate = Callable[[OutboxCall], bool]
REPLY_TIMEOUT_SECONDS = 30.0
_OUTBOX_POLL_SECONDS = 5.0
# Calls no user waits for: the follower is not woken for them.
_NOT_ANSWERS = ("answerCallbackQuery", "sendChatAction", "getChatMember", "getChat")


class NoReply(RuntimeError):
    """The bot did not answer an action in time: the figure would be meaningless."""


def text_of(call: OutboxCall) -> str:
    params = call.get("params") or {}
    return str(params.get("text") or params.get("caption") or "")


def says(fragment: str) -> Predicate:
    """A successful message or edit whose text contains `fragment`."""
    return lambda call: bool(call.get("ok")) and fragment in text_of(call)


def any_message(call: OutboxCall) -> bool:
    return bool(call.get("ok")) and call["method"] == "sendMessage"


class Replies:
    """Every Bot API call the bot makes, by chat, read through one long poll; and the bot's
    messages with buttons in each chat as they stand now."""

    def __init__(self, world: World) -> None:
        self._sim = TelegramSim(world.telegram_url, transport=world.telegram_transport)
        self._calls: dict[int, list[OutboxCall]] = defaultdict(list)
        self._arrived: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self._buttons: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        self._task: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None

    async def start(self) -> None:
        cursor = (await self._sim.outbox(method="-"))["last"]  # earlier runs are not ours
        self._task = asyncio.create_task(self._follow(cursor))

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            # A failure was already raised to the waiters by first().
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self._sim.aclose()

    async def _follow(self, cursor: int) -> None:
        try:
            while True:
                page = await self._sim.outbox(
                    after=cursor, wait=_OUTBOX_POLL_SECONDS, exclude=_NOT_ANSWERS
                )
                for call in page["calls"]:
                    cursor = max(cursor, call["seq"])
                    chat_id = call.get("chat_id")
                    if chat_id is not None:
                        self._note_buttons(chat_id, call)
                        self._calls[chat_id].append(call)
                        self._arrived[chat_id].set()
        except Exception as exc:
            log.warning("reading the stand-in's outbox failed: %r", exc)
            self._failure = exc
            for arrived in self._arrived.values():
                arrived.set()
            raise

    def _note_buttons(self, chat_id: int, call: OutboxCall) -> None:
        if not call.get("ok"):
            return
        message_id = call.get("message_id")
        result = call.get("result")
        shown = self._buttons[chat_id]
        if call["method"] == "deleteMessage" or not isinstance(result, dict):
            if call["method"] == "deleteMessage" and message_id is not None:
                shown.pop(message_id, None)
            return
        if (result.get("reply_markup") or {}).get("inline_keyboard"):
            shown[result["message_id"]] = result
        else:
            shown.pop(result.get("message_id"), None)

    def panel(self, chat_id: int) -> dict[str, Any]:
        """The newest bot message with inline buttons in the chat, as it stands now."""
        shown = self._buttons.get(chat_id)
        if not shown:
            raise NoReply(f"chat {chat_id}: the bot shows no buttons to press")
        return shown[max(shown)]

    def calls(self, chat_ids: Iterable[int] | None = None) -> Iterator[OutboxCall]:
        """Every call seen so far (to the given chats only)."""
        chats = self._calls.keys() if chat_ids is None else chat_ids
        for chat_id in list(chats):
            yield from self._calls.get(chat_id, ())

    def forget(self, chat_id: int) -> None:
        """Drop what was kept for a chat that is done (long runs with many chats)."""
        self._calls.pop(chat_id, None)
        self._arrived.pop(chat_id, None)
        self._buttons.pop(chat_id, None)

    async def first(
        self, chat_id: int, after_seq: int, predicate: Predicate, *, refused_ends: bool = False
    ) -> OutboxCall | None:
        """The first call to `chat_id` after outbox seq `after_seq` that matches; with
        `refused_ends`, None as soon as Telegram refused one with 429 instead (a bot without a
        rate limiter does not try again, so no answer will come)."""
        calls = self._calls[chat_id]
        seen = bisect.bisect_right(calls, after_seq, key=lambda call: call["seq"])
        try:
            async with asyncio.timeout(REPLY_TIMEOUT_SECONDS):
                while True:
                    arrived = self._arrived[chat_id]
                    arrived.clear()
                    calls = self._calls[chat_id]
                    for call in calls[seen:]:
                        if predicate(call):
                            return call
                        if refused_ends and call.get("error_code") == 429:
                            return None
                    seen = len(calls)
                    if self._failure is not None:
                        raise NoReply(f"chat {chat_id}: the outbox cannot be read") from (
                            self._failure
                        )
                    await arrived.wait()
        except TimeoutError:
            recent = [f"{c['method']} {text_of(c)[:50]!r}" for c in self._calls[chat_id][-5:]]
            raise NoReply(
                f"chat {chat_id}: no matching reply within {REPLY_TIMEOUT_SECONDS:.0f}s; "
                f"last calls: {recent}"
            ) from None


class SimUser:
    """One user in their private chat; keeps the latency of every reply they waited for."""

    def __init__(self, world: World, replies: Replies, user_id: int) -> None:
        # A client of its own: TelegramSim.mark is the outbox seq at *this* user's last action.
        self.sim = TelegramSim(world.telegram_url, transport=world.telegram_transport)
        self.replies = replies
        self.user_id = user_id
        self.latencies_ms: list[float] = []

    @property
    def chat_id(self) -> int:
        return self.user_id

    async def aclose(self) -> None:
        await self.sim.aclose()

    async def say(self, text: str, reply: Predicate) -> OutboxCall:
        started = time.time()
        await self.sim.send(
            self.chat_id, self.user_id, text, first_name="Buyer", language_code="en"
        )
        return await self._timed_reply(started, reply)

    async def tap(self, label: str, reply: Predicate) -> OutboxCall:
        panel = self.replies.panel(self.chat_id)
        data = TelegramSim.button_data(panel, label)
        started = time.time()
        await self.sim.press(self.chat_id, panel["message_id"], self.user_id, data)
        return await self._timed_reply(started, reply)

    async def _timed_reply(self, started: float, reply: Predicate) -> OutboxCall:
        call = await self.replies.first(self.chat_id, self.sim.mark, reply)
        assert call is not None
        self.latencies_ms.append((call["time"] - started) * 1000)
        return call


@dataclass
class Run:
    """What many users doing a conversation at once amounted to."""

    updates: int
    wall_seconds: float
    cpu_seconds: float
    latencies_ms: list[float]

    @property
    def updates_per_second(self) -> float:
        return self.updates / self.wall_seconds

    @property
    def wall_ms_per_update(self) -> float:
        return self.wall_seconds * 1000 / self.updates

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu_seconds * 1000 / self.updates

    def latency_ms(self, fraction: float) -> float:
        return percentile(self.latencies_ms, fraction)


Conversation = Callable[[SimUser], Awaitable[None]]


async def warm_up(world: World, user_id: int) -> None:
    """One untimed exchange, so first-use costs (imports, connections) land outside the runs."""

    async def start(user: SimUser) -> None:
        await user.say("/start", any_message)

    await drive(world, [user_id], start)


async def drive(world: World, user_ids: Sequence[int], conversation: Conversation) -> Run:
    """Every user has `conversation` at the same time; one update per timed reply."""
    replies = Replies(world)
    await replies.start()
    users = [SimUser(world, replies, user_id) for user_id in user_ids]
    try:
        cpu_started, started = time.process_time(), time.perf_counter()
        async with asyncio.TaskGroup() as group:  # one failure cancels the others
            for user in users:
                group.create_task(conversation(user))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        for user in users:
            await user.aclose()
        await replies.aclose()
    latencies = [latency for user in users for latency in user.latencies_ms]
    return Run(len(latencies), wall, cpu, latencies)
