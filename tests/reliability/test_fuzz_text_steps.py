"""Hostile text at every text step (hypothesis): the bot answers every message with a message of
its own — never "something went wrong" — the member stays where they were (or moves on when the
text was valid), and not one ERROR is logged.

The real bot runs with both stand-ins in-process (no sockets) so hundreds of inputs take seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from itertools import count

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.pandapon.server import SandboxConfig, create_app
from sandbox.telegram.server import TelegramStandIn
from tests.e2e.flows import ADDRESS_BLOCK, TSHIRT, to_address
from tests.e2e.harness import TOKEN, Member, Stack

pytestmark = pytest.mark.reliability

HOSTILE = [
    "<b>bold</b> <i>unclosed",
    "&amp; &lt; &#0; &",
    "\u202egpj.exe",
    "\x00\x01\x1b[31m",
    "\u200b\u200b\u200b",
    "0" * 500,
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "١٢٣",
    "１２３",
    "¥-0.001",
    "12.345",
    "1,0",
    "' OR 1=1 --",
    "%s%n{text}{0}",
    "🧨" * 300,
    "/neworder",
    "/cancel@orderbot_test_bot",
    "https://item.taobao.com/item.htm?id=" + "9" * 40,
    "张三 13812345678",
    "\n\n\n",
]
TEXTS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=1, max_size=40),
    st.text(min_size=200, max_size=4096),
).filter(lambda text: text.strip() and len(text) <= 4096)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANSWERS = ("sendMessage", "editMessageText", "sendPhoto", "editMessageCaption")


class World:
    """The stack, running on an event loop of its own thread, so that sync hypothesis tests
    can drive it example by example (`run`)."""

    def __init__(self, tmp_path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.standin = TelegramStandIn(token=TOKEN)
        self.app = create_app(
            SandboxConfig(build_seconds=0, ship_seconds=3600, receive_seconds=3600)
        )
        self.stations: dict[str, Station] = {}
        self.stack: Stack = self.run(self._start(tmp_path))

    def run(self, coroutine, timeout: float = 120.0):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _start(self, tmp_path) -> Stack:
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        stack = Stack(
            tmp_path,
            platform_url="http://platform.inprocess",
            telegram_url="http://telegram.inprocess",
            platform_transport=httpx.ASGITransport(app=self.app),
            telegram_transport=httpx.ASGITransport(app=self.standin.app),
        )
        await stack.start_bot(ORDERBOT_ALLOWED_USERS=",".join(str(u) for u in USERS))
        return stack

    async def _stop(self) -> None:
        await self.stack.close()
        await self.standin.stop()
        await self._lifespan.__aexit__(None, None, None)

    def close(self) -> None:
        try:
            self.run(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path)
    try:
        yield world
    finally:
        world.close()


USERS = list(range(90_001, 90_400))
_next_user = count()


def _step(stack: Stack, member: Member) -> tuple[str | None, str | None]:
    with sqlite3.connect(stack.db_path) as db:
        row = db.execute(
            "SELECT step, json_extract(data, '$.address_field') FROM flow_states "
            "WHERE flow = 'new_order' AND chat_id = ? AND user_id = ?",
            (member.chat_id, member.user_id),
        ).fetchone()
    return (row[0], row[1]) if row else (None, None)


async def _answered(member: Member, text: str) -> str:
    await member.send(text)
    call = await member.sim.wait_for(
        member.chat_id, predicate=lambda c: c["method"] in ANSWERS, timeout=30
    )
    assert call["ok"], call
    return str(call["params"].get("text") or call["params"].get("caption") or "")


class Station:
    """A member kept at one text step: moved back there (or replaced) after valid input."""

    def __init__(self, stack: Stack, reach: Callable[[Member], Awaitable[None]]) -> None:
        self.stack = stack
        self.reach = reach
        self.member: Member | None = None
        self.where: tuple[str | None, str | None] = (None, None)

    async def ready(self) -> Member:
        if self.member is not None and _step(self.stack, self.member) == self.where:
            return self.member
        if self.member is not None and self.where[1] is not None:  # an address field: Back
            with contextlib.suppress(LookupError):  # no Back now (e.g. /neworder was typed)
                await self.member.press("Back")
                await self.member.expect("")
                if _step(self.stack, self.member) == self.where:
                    return self.member
        self.member = self.stack.user(USERS[next(_next_user)])
        await self.reach(self.member)
        self.where = _step(self.stack, self.member)
        return self.member


async def _fuzz(stack: Stack, station: Station, text: str, caplog) -> None:
    member = await station.ready()
    said = await _answered(member, text)
    assert "went wrong" not in said, (text, said)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], (text, errors)


async def _item(member: Member) -> None:
    await member.says("/neworder", "Which platform")
    await member.taps("Taobao", "Paste a")


async def _quantity(member: Member) -> None:
    await _item(member)
    await member.says(TSHIRT, "Choose the SKU")
    await member.taps("白色 / L", "How many")


async def _paste(member: Member) -> None:
    await to_address(member)
    await member.taps("Paste a whole address", "Paste the whole address")


def _field(name: str, answers: list[str]) -> Callable[[Member], Awaitable[None]]:
    async def reach(member: Member) -> None:
        await to_address(member)
        await member.taps("step by step", "name")
        for answer in answers:
            await member.says(answer, "")
        assert name  # the step asked now is `name` (checked by the station's position)

    return reach


async def _budget(member: Member) -> None:
    await _paste(member)
    await member.says(ADDRESS_BLOCK, "Use this address")
    await member.taps("Use this address", "Budget")


async def _seller_no(member: Member) -> None:
    await _budget(member)
    await member.taps("Use the total", "Where did this order come from")
    await member.taps("Skip", "Your own order number")


async def _idle(member: Member) -> None:
    await member.says("/start", "Hello")


STEPS = {
    "item": _item,
    "quantity": _quantity,
    "pasted address": _paste,
    "name": _field("name", []),
    "mobile": _field("mobile", ["张三"]),
    "country": _field("country", ["张三", "13812345678"]),
    "province": _field("state", ["张三", "13812345678", "中国"]),
    "city": _field("city", ["张三", "13812345678", "中国", "浙江省"]),
    "street": _field("address", ["张三", "13812345678", "中国", "浙江省", "杭州市", "余杭区"]),
    "postal code": _field(
        "zip", ["张三", "13812345678", "中国", "浙江省", "杭州市", "余杭区", "文一西路969号"]
    ),
    "budget": _budget,
    "order number": _seller_no,
}


@pytest.mark.parametrize("step", list(STEPS))
@EXAMPLES
@given(text=TEXTS)
def test_hostile_text_at_a_step(world, step, text, caplog):
    station = world.stations.setdefault(step, Station(world.stack, STEPS[step]))
    world.run(_fuzz(world.stack, station, text, caplog))


async def _fuzz_label(stack: Stack, member: Member, text: str, caplog) -> None:
    """Rename a saved address to `text` (the book's only free-text step)."""
    await member.says("/addresses", "", timeout=30)
    await member.press("✏️")
    await member.expect("", timeout=30)
    said = await _answered(member, text)
    assert "went wrong" not in said, (text, said)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], (text, errors)


async def _saved_address(member: Member) -> None:
    await _paste(member)
    await member.says(ADDRESS_BLOCK, "Use this address")
    await member.taps("Use and save", "Budget")
    await member.says("/cancel", "cancelled")


@EXAMPLES
@given(text=TEXTS)
def test_hostile_address_label(world, text, caplog):
    if "label" not in world.stations:
        station = world.stations["label"] = Station(world.stack, _saved_address)
        world.run(station.ready())
    member = world.stations["label"].member
    world.run(_fuzz_label(world.stack, member, text, caplog))


# One group per example: a group allows the bot 20 messages a minute, and an order's way to
# its rejection takes about a dozen.
GROUPS = [-7700 - n for n in range(12)]
APPROVER = 91_001
_next_group = count()


async def _reject_with(stack: Stack, text: str, caplog) -> None:
    """A group order rejected with `text` as the reason (any text but a command is one)."""
    group = GROUPS[next(_next_group)]
    requester = stack.user(USERS[next(_next_user)], chat_id=group, chat_type="group")
    approver = stack.user(APPROVER, chat_id=group, chat_type="group", first_name="Boss")
    await _seller_no(requester)
    await requester.taps("Generate one", "Preview")
    card = await requester.taps("Confirm", "Approval request")
    await approver.press("Reject", message=card["result"])
    prompt = await approver.expect("reply to this message with the reason")
    await stack.sim.send(
        group, APPROVER, text, chat_type="group", reply_to_message_id=prompt["message_id"]
    )
    told = await requester.expect("rejected")
    assert "went wrong" not in told["params"]["text"]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], (text, errors)


@settings(EXAMPLES, max_examples=len(GROUPS) - 2)
@given(text=TEXTS.filter(lambda text: not text.startswith("/")))
def test_hostile_reject_reason(world, text, caplog):
    if "group" not in world.stations:
        world.run(
            world.stack.restart_bot_with(
                ORDERBOT_ALLOWED_CHATS=",".join(str(g) for g in GROUPS),
                ORDERBOT_APPROVERS=str(APPROVER),
            )
        )
        world.stations["group"] = Station(world.stack, _idle)
    world.run(_reject_with(world.stack, text, caplog))


@pytest.mark.parametrize("command", ["/status", "/track"])
@EXAMPLES
@given(text=TEXTS)
def test_hostile_lookup_arguments(world, command, text, caplog):
    station = world.stations.setdefault(command, Station(world.stack, _idle))
    world.run(_fuzz(world.stack, station, f"{command} {text}"[:4096], caplog))
