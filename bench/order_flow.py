"""Many buyers at once, each placing a whole Taobao order through both stand-ins over 127.0.0.1,
in a closed loop (every buyer acts again the moment they are answered, no human pause), against a
bare python-telegram-bot echo bot with as many chats and messages.

This shows the ceiling the rate limiter puts on the bot, not how it answers at a realistic load
(bench/open_load.py does that): keeping to Telegram's limits (bot/rate_limiter.py: about one
message a second in a chat, 30 a second in all), the bot cannot outrun them however fast its
users are. Figures: updates handled per second (all chats together), the p50/p99 time from a
user's action to the bot's answer in that chat, and this process's CPU per update (the bot and
the simulated users; the stand-ins run in a process of their own) — given twice, against the bare
echo bot and against the echo bot with the same limiter.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.chat import Run, SimUser, drive, warm_up
from bench.conversations import echo_exchange, place_orders
from bench.report import Figure
from bench.world import running_echo_bot, running_orderbot, running_world

NAME = "order_flow"
FIRST_BUYER = 10_001
FIRST_ECHO_USER = 20_001
FIRST_LIMITED_ECHO_USER = 30_001
WARM_UP_USER = 9_999


@dataclass
class FlowRuns:
    bot: Run
    echo: Run
    echo_limited: Run


async def measure(chats: int, orders_per_chat: int = 1) -> FlowRuns:
    """The bot and both baselines over the same loopback stand-ins, one after the other."""

    async def order(user: SimUser) -> None:
        await place_orders(user, orders_per_chat, run_tag="F")

    async def echo(user: SimUser) -> None:
        await echo_exchange(user, orders_per_chat)

    def users(first: int) -> range:
        return range(first, first + chats)

    async with running_world(inprocess=False) as world:
        async with running_echo_bot(world):
            await warm_up(world, WARM_UP_USER)
            echo_run = await drive(world, users(FIRST_ECHO_USER), echo)
        async with running_echo_bot(world, rate_limited=True):
            await warm_up(world, WARM_UP_USER)
            limited_run = await drive(world, users(FIRST_LIMITED_ECHO_USER), echo)
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            buyers = users(FIRST_BUYER)
            allowed = [*buyers, WARM_UP_USER]
            async with running_orderbot(world, Path(tmp) / "orderbot.db", allowed):
                await warm_up(world, WARM_UP_USER)
                bot_run = await drive(world, buyers, order)
    return FlowRuns(bot_run, echo_run, limited_run)


def _figures(
    name: str, context: dict[str, object], bot: Run, base: str, baseline: Run
) -> list[str]:
    return [
        Figure(f"{name}.updates_per_s", context).versus(
            "bot", bot.updates_per_second, base, baseline.updates_per_second
        ),
        Figure(f"{name}.p50_ms", context).versus(
            "bot", bot.latency_ms(0.5), base, baseline.latency_ms(0.5)
        ),
        Figure(f"{name}.p99_ms", context).versus(
            "bot", bot.latency_ms(0.99), base, baseline.latency_ms(0.99)
        ),
    ]


async def run(quick: bool = False) -> list[str]:
    chats = 2 if quick else 20
    runs = await measure(chats)
    context: dict[str, object] = {"chats": chats, "updates": runs.bot.updates}
    cpu = Figure(f"{NAME}.cpu_ms_per_update", context).versus(
        "bot", runs.bot.cpu_ms_per_update, "echo", runs.echo.cpu_ms_per_update
    )
    return [
        *_figures(NAME, context, runs.bot, "echo", runs.echo),
        cpu,
        *_figures(f"{NAME}.same_limiter", context, runs.bot, "echo_limited", runs.echo_limited),
    ]
