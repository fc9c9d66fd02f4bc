"""What one conversation step costs the bot in-process: both stand-ins are answered through
`httpx.ASGITransport`, so no socket is involved, against a bare echo bot in the same setting.

The bot and the echo bot run side by side, each in a world of its own (stand-ins included), and
take turns: a round is one whole Taobao order by one buyer, or the echo of as many texts, and
the rounds alternate which goes first. Before each round the heap is settled (collected and
frozen, as `orderbot run` does after start-up), so a full garbage collection that happens to
fall into one round does not decide the figure; the median round is reported. The headline is
process CPU per step (stand-ins and harness included, alike for both). The bot's limiter is
given room here (a buyer without human pauses would be paced to Telegram's one message a
second in a chat), so wall time per step shows the work too.
"""

from __future__ import annotations

import contextlib
import gc
import statistics
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bench.chat import Run, SimUser, drive, warm_up
from bench.conversations import echo_exchange, place_orders
from bench.report import Figure
from bench.world import UNPACED, World, running_echo_bot, running_orderbot, running_world

NAME = "handler_cost"
BUYER = 40_001
ECHO_USER = 50_001
WARM_UP_USER = 9_999

Round = Callable[[], Awaitable[Run]]


@contextlib.asynccontextmanager
async def _echo_rounds() -> AsyncIterator[Round]:
    async with running_world(inprocess=True) as world, running_echo_bot(world):
        await warm_up(world, WARM_UP_USER)
        yield _round(world, ECHO_USER, lambda user: echo_exchange(user, 1))


@contextlib.asynccontextmanager
async def _bot_rounds() -> AsyncIterator[Round]:
    with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
        async with running_world(inprocess=True) as world:
            db_path = Path(tmp) / "orderbot.db"
            async with running_orderbot(world, db_path, [BUYER, WARM_UP_USER], **UNPACED):
                await warm_up(world, WARM_UP_USER)
                tags = iter(range(1_000_000))
                yield _round(
                    world, BUYER, lambda user: place_orders(user, 1, run_tag=f"H{next(tags)}")
                )


def _round(world: World, user_id: int, conversation: Callable[[SimUser], Awaitable]) -> Round:
    async def one() -> Run:
        gc.collect()
        gc.freeze()
        return await drive(world, [user_id], conversation)

    return one


async def measure(rounds: int) -> tuple[list[Run], list[Run]]:
    """(bot rounds, echo rounds), taken in turns."""
    bot_runs: list[Run] = []
    echo_runs: list[Run] = []
    async with _bot_rounds() as bot_round, _echo_rounds() as echo_round:
        for number in range(rounds):
            turns = [(bot_round, bot_runs), (echo_round, echo_runs)]
            for take, runs in turns if number % 2 == 0 else reversed(turns):
                runs.append(await take())
    return bot_runs, echo_runs


def _median(runs: list[Run], figure: Callable[[Run], float]) -> float:
    return statistics.median(figure(run) for run in runs)


async def run(quick: bool = False) -> list[str]:
    bot, echo = await measure(rounds=1 if quick else 15)
    context: dict[str, object] = {"steps": sum(r.updates for r in bot), "rounds": len(bot)}

    def cpu(r: Run) -> float:
        return r.cpu_ms_per_update

    def wall(r: Run) -> float:
        return r.wall_ms_per_update

    return [
        Figure(f"{NAME}.cpu_ms_per_step", context).versus(
            "bot", _median(bot, cpu), "echo", _median(echo, cpu)
        ),
        Figure(f"{NAME}.wall_ms_per_step", context).versus(
            "bot", _median(bot, wall), "echo", _median(echo, wall)
        ),
    ]
