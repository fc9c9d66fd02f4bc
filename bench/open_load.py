"""Whole orders at a steady, realistic load: 25 updates a second over 200 chats, each chat at
human pace (at least 2 s between its own actions), against the bare echo bot at the same
offered load — both as processes of their own, over 127.0.0.1, with the Telegram stand-in as
strict as Telegram's flood control.

Figures: p50/p99 from an action to its answer, the updates handled per second, each bot's own
CPU per update (its process, nothing else), the 429s the stand-in returned to each, and the
actions left unanswered because of them (the bare echo bot has no rate limiter: a refused
answer is lost; ours waits and sends it).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
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


async def offer(
    world: World,
    bot: RunningProcess,
    script: Script,
    pool: list[int],
    rate: float,
    seconds: float,
    **load: object,
) -> Measured:
    """One open-loop run against a running bot, with its CPU and the 429s it met."""
    await warm_up(world, WARM_UP_USER)
    await flood_refusals(world, reset=True)
    cpu = bot.cpu_seconds()
    async with following(world) as (replies, actions):
        run = await OpenLoop(replies, actions, script, pool, rate, seconds, **load).run()
    return Measured(run, bot.cpu_seconds() - cpu, await flood_refusals(world))


async def measure(chats: int, rate: float, seconds: float) -> tuple[Measured, Measured]:
    """(bot, echo) at the same offered load, one after the other on the same stand-ins."""
    echo_users = list(range(FIRST_ECHO_USER, FIRST_ECHO_USER + chats))
    buyers = list(range(FIRST_BUYER, FIRST_BUYER + chats))
    async with running_world(inprocess=False, flood=True) as world:
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            async with echo_process(world, Path(tmp) / "echo.log") as echo:
                echo_run = await offer(
                    world, echo, echo_script, echo_users, rate, seconds, lossy=True
                )
            db_path = Path(tmp) / "orderbot.db"
            async with orderbot_process(world, db_path, [*buyers, WARM_UP_USER]) as bot:
                script = order_script("O")
                bot_run = await offer(world, bot, script, buyers, rate, seconds)
    return bot_run, echo_run


def sizes(quick: bool) -> tuple[int, float, float]:
    """(chats, updates a second, seconds): enough chats that each keeps a human pace."""
    return (12, 4.0, 6.0) if quick else (200, 25.0, 120.0)


async def run(quick: bool = False) -> list[str]:
    chats, rate, seconds = sizes(quick)
    bot, echo = await measure(chats, rate, seconds)
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
