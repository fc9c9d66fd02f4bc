"""Whole orders at a steady, realistic load: 25 updates a second over 200 chats, each chat at
human pace (at least 2 s between its own actions), against the bare echo bot at the same
offered load — both as processes of their own, over 127.0.0.1, each with a Telegram stand-in
as strict as Telegram's flood control.

The two take turns in stretches of the run (echo, bot, bot, echo, …), each side's chats going on
where they were, so a busy moment of the machine falls on both alike. Figures: p50/p99 from an
action to its answer, the updates handled per second, each bot's own CPU per update (its
process, nothing else), the 429s the stand-in returned to each, and the actions left unanswered
because of them (the bare echo bot has no rate limiter: a refused answer is lost; ours waits
and sends it).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.chat import warm_up
from bench.open_loop import Load, OpenLoop, Script, echo_script, following, order_script
from bench.processes import RunningProcess, echo_process, orderbot_process
from bench.report import Figure
from bench.world import World, running_world
from sandbox.telegram.client import TelegramSim

NAME = "open_load"
FIRST_BUYER = 110_001
FIRST_ECHO_USER = 120_001
WARM_UP_USER = 9_999


@dataclass
class Measured:
    load: Load
    cpu_seconds: float
    too_many_requests: int

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu_seconds * 1000 / max(1, len(self.load.actions))


async def flood_refusals(world: World, *, reset: bool = False) -> int:
    """429s the stand-in answered since counting (re)started; `reset` starts afresh."""
    async with TelegramSim(world.telegram_url) as sim:
        if reset:
            await sim.set_flood()
            return 0
        return int((await sim.flood())["refused_total"])


@dataclass
class Side:
    """One bot under an open load that runs in stretches; its CPU counted during them only."""

    world: World
    bot: RunningProcess
    load: OpenLoop
    stretches: list[Load] = field(default_factory=list)
    cpu_seconds: float = 0.0

    async def stretch(self) -> None:
        cpu = self.bot.cpu_seconds()
        self.stretches.append(await self.load.run())
        self.cpu_seconds += self.bot.cpu_seconds() - cpu

    async def measured(self) -> Measured:
        return Measured(
            Load.joined(self.stretches), self.cpu_seconds, await flood_refusals(self.world)
        )


@contextlib.asynccontextmanager
async def loaded(
    world: World, bot: RunningProcess, script: Script, pool: list[int], rate: float, **load
) -> AsyncIterator[Side]:
    """A warmed-up bot, flood counting from zero, and its open load ready to run."""
    await warm_up(world, WARM_UP_USER)
    await flood_refusals(world, reset=True)
    async with following(world) as (replies, actions):
        yield Side(world, bot, OpenLoop(replies, actions, script, pool, rate, **load))


async def measure(
    chats: int, rate: float, seconds: float, stretches: int
) -> tuple[Measured, Measured]:
    """(bot, echo) at the same offered load, taking turns on stand-ins of their own."""
    echo_users = list(range(FIRST_ECHO_USER, FIRST_ECHO_USER + chats))
    buyers = list(range(FIRST_BUYER, FIRST_BUYER + chats))
    stretch = seconds / stretches
    async with (
        running_world(inprocess=False, flood=True) as echo_world,
        running_world(inprocess=False, flood=True) as bot_world,
    ):
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            db_path = Path(tmp) / "orderbot.db"
            async with (
                echo_process(echo_world, Path(tmp) / "echo.log") as echo_bot,
                orderbot_process(bot_world, db_path, [*buyers, WARM_UP_USER]) as orderbot,
                loaded(
                    echo_world, echo_bot, echo_script, echo_users, rate, seconds=stretch, lossy=True
                ) as echo,
                loaded(
                    bot_world, orderbot, order_script("O"), buyers, rate, seconds=stretch
                ) as bot,
            ):
                for number in range(stretches):
                    for side in (echo, bot) if number % 2 == 0 else (bot, echo):
                        await side.stretch()
                return await bot.measured(), await echo.measured()


def sizes(quick: bool) -> tuple[int, float, float, int]:
    """(chats, updates a second, seconds each, stretches): enough chats that each keeps a
    human pace, and long enough that every chat goes through a whole order."""
    return (12, 4.0, 6.0, 2) if quick else (200, 25.0, 120.0, 6)


async def run(quick: bool = False) -> list[str]:
    chats, rate, seconds, stretches = sizes(quick)
    bot, echo = await measure(chats, rate, seconds, stretches)
    context: dict[str, object] = {
        "chats": chats,
        "offered_per_s": round(rate),
        "updates": len(bot.load.actions),
    }
    return [
        Figure(f"{NAME}.p50_ms", context).versus(
            "bot", bot.load.latency_ms(0.5), "echo", echo.load.latency_ms(0.5)
        ),
        Figure(f"{NAME}.p99_ms", context).versus(
            "bot", bot.load.latency_ms(0.99), "echo", echo.load.latency_ms(0.99)
        ),
        Figure(f"{NAME}.updates_per_s", context).versus(
            "bot", bot.load.achieved_per_s, "echo", echo.load.achieved_per_s
        ),
        Figure(f"{NAME}.cpu_ms_per_update", context).versus(
            "bot", bot.cpu_ms_per_update, "echo", echo.cpu_ms_per_update
        ),
        Figure(f"{NAME}.http_429", context).counts(
            bot=bot.too_many_requests, echo=echo.too_many_requests
        ),
        Figure(f"{NAME}.unanswered", context).counts(
            bot=bot.load.unanswered, echo=echo.load.unanswered
        ),
    ]
