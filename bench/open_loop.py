"""An open-loop load: actions at a steady rate across many chats, each chat at human pace.

Unlike `bench.chat.drive` (every user acts again the moment they are answered), the offered load
here does not depend on how fast the bot answers: every 1/rate seconds one of the chats that are
ready takes its next step, picked at random (seeded) so that chats drift apart and every step of
an order is under way at any moment, as with people; were they served in turn, all of them would
move through the order in lockstep, a wave of one step at a time. A chat is ready once its
previous step was answered and at least `min_gap` seconds have passed since it acted (people
read, think, type).
Each step's latency is from the moment the stand-in queued the member's update to the moment it
had the answer, both by the stand-in's clock — what Telegram's servers would see, and nothing of
this process's own delays in posting the action (it also sets off bursts and reads every answer,
and is busy at times); every action is kept with the time it was made, so a benchmark can cut
the run into windows (the burst, minutes of a soak).

All actions go through one HTTP client (the outbox seq a /sim action returns marks where its
answer must come after); one `Replies` long poll reads every answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.chat import NoReply, Predicate, Replies, any_message, says
from bench.conversations import ORDER_STEPS, SKUS, echo_texts, filled
from bench.report import percentile
from bench.standins import settle_heap_regularly
from bench.world import World
from sandbox.telegram.client import TelegramSim

HUMAN_GAP_SECONDS = 2.0  # the least time between one chat's own actions


@dataclass(frozen=True)
class Action:
    at: float  # time.time() just before it was posted
    latency_ms: float
    chat_id: int
    step: int


@dataclass
class Load:
    """What an open-loop run amounted to."""

    offered_per_s: float
    seconds: float
    actions: list[Action]
    late: int  # actions that went out after their slot: no chat was ready in time
    unanswered: int = 0  # actions whose answer Telegram refused (429) and the bot dropped

    @property
    def achieved_per_s(self) -> float:
        return len(self.actions) / self.seconds if self.seconds else 0.0

    def latencies(self, start: float | None = None, end: float | None = None) -> list[float]:
        return [
            a.latency_ms
            for a in self.actions
            if (start is None or a.at >= start) and (end is None or a.at < end)
        ]

    def latency_ms(self, fraction: float, start: float | None = None, end: float | None = None):
        return percentile(self.latencies(start, end), fraction)

    @classmethod
    def joined(cls, stretches: Sequence[Load]) -> Load:
        """Several stretches of one load as one."""
        return cls(
            stretches[0].offered_per_s,
            sum(s.seconds for s in stretches),
            [action for s in stretches for action in s.actions],
            sum(s.late for s in stretches),
            sum(s.unanswered for s in stretches),
        )


class Actions:
    """Users' actions through the stand-in's /sim API, over one shared client."""

    def __init__(self, world: World) -> None:
        self._http = httpx.AsyncClient(
            base_url=world.telegram_url,
            timeout=30,
            trust_env=False,
            transport=world.telegram_transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> tuple[int, float]:
        """(the outbox seq the answer comes after, when the stand-in queued the update)."""
        response = await self._http.post(path, json=body)
        if response.status_code >= 400:
            raise NoReply(f"the stand-in refused {path}: {response.text[:200]}")
        answer = response.json()
        return int(answer["outbox_seq"]), float(answer["queued_at"])

    async def say(self, user_id: int, text: str) -> tuple[int, float]:
        body = {"chat_id": user_id, "user_id": user_id, "text": text, "first_name": "Buyer"}
        return await self._post("/sim/message", {**body, "language_code": "en"})

    async def press(self, user_id: int, message_id: int, data: str) -> tuple[int, float]:
        body = {"chat_id": user_id, "user_id": user_id, "message_id": message_id, "data": data}
        return await self._post("/sim/callback", body)


# What a chat does at its n-th step: ("say" or "tap", the text or button label, its answer).
Script = Callable[[int, int], tuple[str, str, Predicate]]


def order_script(run_tag: str) -> Script:
    """Whole Taobao orders (bench.conversations), one after the other, each its own number;
    chats pick different SKUs, so hundreds of orders leave stock in every one."""

    def step(chat_id: int, index: int) -> tuple[str, str, Predicate]:
        order, position = divmod(index, len(ORDER_STEPS))
        planned = ORDER_STEPS[position]
        sku = SKUS[(chat_id + order) % len(SKUS)]
        what = filled(planned, f"BENCH{run_tag}U{chat_id}N{order}", sku)
        return planned.action, what, says(planned.reply)

    return step


def echo_script(chat_id: int, index: int) -> tuple[str, str, Predicate]:
    texts = echo_texts()
    return "say", texts[index % len(texts)], any_message


@dataclass
class _Chat:
    chat_id: int
    steps_done: int = 0
    ready_at: float = 0.0  # loop time from which it may act again


@dataclass
class OpenLoop:
    """`rate` actions a second over the chats of `pool`, for `seconds`.

    `active` chats of `pool` take part at a time. With `steps_per_chat`, a chat leaves after that
    many steps (a whole order) and the next unused chat of `pool` takes its place (once all were
    used, it goes on itself); without it the same chats go on, round after round."""

    replies: Replies
    actions: Actions
    script: Script
    pool: Sequence[int]
    rate: float
    seconds: float
    active: int | None = None
    steps_per_chat: int | None = None
    min_gap: float = HUMAN_GAP_SECONDS
    until: asyncio.Event | None = None  # ends the run early once set
    # A bot without a rate limiter drops an answer Telegram refuses: count it and go on.
    lossy: bool = False
    seed: int = 20241201
    _unanswered: int = 0
    _ready: list[_Chat] = field(default_factory=list)
    _fresh: deque[int] = field(default_factory=deque)
    _random: random.Random = field(init=False)  # set at the first run

    async def run(self) -> Load:
        """One stretch of `seconds`; run again, the same chats go on where they were."""
        loop = asyncio.get_running_loop()
        if not hasattr(self, "_random"):
            self._random = random.Random(self.seed)
            self._fresh = deque(self.pool)
            for _ in range(min(self.active or len(self.pool), len(self.pool))):
                self._ready.append(_Chat(self._fresh.popleft()))
        unanswered_before = self._unanswered
        actions: list[Action] = []
        running: set[asyncio.Task[None]] = set()
        failures: list[BaseException] = []
        late = 0
        started = loop.time()
        slot = 0
        while (due := started + slot / self.rate) < started + self.seconds and not failures:
            if self.until is not None and self.until.is_set():
                break
            await asyncio.sleep(max(0.0, due - loop.time()))
            chat = await self._next_ready(started + self.seconds)
            if chat is None:
                break
            if loop.time() - due > 0.5 / self.rate:
                late += 1
            task = asyncio.create_task(self._act(chat, actions))
            running.add(task)
            task.add_done_callback(lambda t: self._settle(t, running, failures))
            slot += 1
        if running:
            await asyncio.wait(running)
        if failures:
            raise failures[0]
        unanswered = self._unanswered - unanswered_before
        return Load(self.rate, loop.time() - started, actions, late, unanswered)

    @staticmethod
    def _settle(task: asyncio.Task[None], running: set[asyncio.Task[None]], failures: list) -> None:
        running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            failures.append(task.exception())

    async def _next_ready(self, deadline: float) -> _Chat | None:
        """A chat that may act now, picked at random among those that may (None: none will
        before `deadline`)."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            ready = [index for index, chat in enumerate(self._ready) if chat.ready_at <= now]
            if ready:
                index = self._random.choice(ready)
                self._ready[index], self._ready[-1] = self._ready[-1], self._ready[index]
                return self._ready.pop()
            soonest = min((chat.ready_at for chat in self._ready), default=None)
            if now >= deadline or (soonest is not None and soonest > deadline):
                return None
            # everyone is waiting for an answer, or for their own pause to end
            await asyncio.sleep(0.01 if soonest is None else max(0.001, soonest - now))

    async def _act(self, chat: _Chat, actions: list[Action]) -> None:
        loop = asyncio.get_running_loop()
        kind, what, reply = self.script(chat.chat_id, chat.steps_done)
        acted_at = loop.time()
        started = time.time()
        if kind == "say":
            mark, queued_at = await self.actions.say(chat.chat_id, what)
        else:
            panel = self.replies.panel(chat.chat_id)
            data = TelegramSim.button_data(panel, what)
            mark, queued_at = await self.actions.press(chat.chat_id, panel["message_id"], data)
        answer = await self.replies.first(chat.chat_id, mark, reply, refused_ends=self.lossy)
        if answer is None:
            self._unanswered += 1
        else:
            latency_ms = (answer["time"] - queued_at) * 1000
            actions.append(Action(started, latency_ms, chat.chat_id, chat.steps_done))
        chat.steps_done += 1
        chat.ready_at = max(loop.time(), acted_at + self.min_gap)
        leaves = self.steps_per_chat is not None and chat.steps_done % self.steps_per_chat == 0
        if leaves and self._fresh:
            self.replies.forget(chat.chat_id)
            chat = _Chat(self._fresh.popleft(), ready_at=chat.ready_at)
        self._ready.append(chat)


@contextlib.asynccontextmanager
async def following(world: World):
    """One `Replies` long poll and one `Actions` client for the length of a run; this process
    keeps every answer, so its heap is settled regularly too (bench/standins.py)."""
    replies = Replies(world)
    await replies.start()
    actions = Actions(world)
    settling = asyncio.create_task(settle_heap_regularly())
    try:
        yield replies, actions
    finally:
        settling.cancel()
        await actions.aclose()
        await replies.aclose()
