"""The same sends from a bare python-telegram-bot application and from one with our limiter,
against a stand-in as strict as Telegram: the bare one meets 429s, ours none, and delivers all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram.error import RetryAfter
from telegram.ext import Application, ExtBot

from bot.rate_limiter import BACKGROUND, SendLimits, TelegramRateLimiter
from sandbox.telegram.client import TelegramSim

pytestmark = pytest.mark.flood

FOLLOWERS = list(range(61_001, 61_046))  # 45 chats: half again Telegram's 30 a second
MEMBER = 62_001
GROUP = -62_100


async def _bot(standin, limiter: TelegramRateLimiter | None) -> AsyncIterator[ExtBot]:
    builder = Application.builder().token(standin.token).base_url(standin.base_url)
    if limiter is not None:
        builder = builder.rate_limiter(limiter)
    application = builder.build()
    await application.initialize()
    try:
        yield application.bot
    finally:
        await application.shutdown()


@pytest.fixture
async def sim(strict_standin) -> AsyncIterator[TelegramSim]:
    async with TelegramSim(strict_standin.sim_url) as client:
        await client.add_users([*FOLLOWERS, MEMBER], first_name="Follower")
        yield client


async def _broadcast(bot: ExtBot, chats: list[int], **kwargs) -> list[object]:
    sends = [bot.send_message(chat, f"news for {chat}", **kwargs) for chat in chats]
    return await asyncio.gather(*sends, return_exceptions=True)


async def test_a_broadcast_trips_telegrams_limit_for_a_bare_bot_but_not_for_ours(
    strict_standin, sim
):
    async for naive in _bot(strict_standin, None):
        outcomes = await _broadcast(naive, FOLLOWERS)
    tripped = [o for o in outcomes if isinstance(o, RetryAfter)]
    assert tripped, "45 messages at once should exceed 30 a second"
    assert (await sim.flood())["refused"]["bot"] == len(tripped)

    await sim.set_flood()  # counting afresh, Telegram's limits
    async for ours in _bot(strict_standin, TelegramRateLimiter()):
        outcomes = await _broadcast(ours, FOLLOWERS, rate_limit_args=BACKGROUND)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    report = await sim.flood()
    assert report["refused_total"] == 0 and report["counted"] == len(FOLLOWERS)


async def test_quick_messages_in_one_chat_trip_a_bare_bot_but_not_ours(strict_standin, sim):
    async for naive in _bot(strict_standin, None):
        outcomes = await _broadcast(naive, [MEMBER] * 5)
    assert any(isinstance(o, RetryAfter) for o in outcomes)
    assert (await sim.flood())["refused"]["private"] >= 1

    await sim.set_flood()
    async for ours in _bot(strict_standin, TelegramRateLimiter()):
        outcomes = await _broadcast(ours, [MEMBER] * 5)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert (await sim.flood())["refused_total"] == 0
    texts = [call["params"]["text"] for call in (await sim.outbox(MEMBER))["calls"][-5:]]
    assert texts == [f"news for {MEMBER}"] * 5  # every one delivered, none twice


async def test_the_group_limit_holds_for_messages_and_edits(strict_standin, sim):
    # A short group window (on both sides) keeps this test quick; the rule is Telegram's.
    await sim.set_flood(group_burst=4, group_window=1.5)
    await sim.set_member(GROUP, MEMBER, "member", chat_title="Team")
    limits = SendLimits(group_burst=4, group_window=1.5)
    async for ours in _bot(strict_standin, TelegramRateLimiter(limits)):
        card = await ours.send_message(GROUP, "card v0")
        for n in range(1, 6):
            await ours.edit_message_text(f"card v{n}", chat_id=GROUP, message_id=card.message_id)
        notes = await _broadcast(ours, [GROUP] * 4, rate_limit_args=BACKGROUND)
    assert not [o for o in notes if isinstance(o, Exception)]
    report = await sim.flood()
    assert report["refused_total"] == 0
    assert report["counted"] == 1 + 5 + 4

    await sim.set_flood(group_burst=4, group_window=1.5)
    async for naive in _bot(strict_standin, None):
        outcomes = await _broadcast(naive, [GROUP] * 6)
    assert sum(isinstance(o, RetryAfter) for o in outcomes) == 2
