"""What one conversation step costs the bot in-process: both stand-ins are answered through
`httpx.ASGITransport`, so no socket is involved, against a bare echo bot in the same setting.

One buyer at a time places whole Taobao orders; the echo user sends as many texts. The headline
is process CPU per step (stand-ins and harness included, alike for both): unlike wall time it
does not count the waits of the bot's rate limiter. Wall time per step is given too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.chat import Run, SimUser, drive, warm_up
from bench.conversations import echo_exchange, place_orders
from bench.report import Figure
from bench.world import running_echo_bot, running_orderbot, running_world

NAME = "handler_cost"
BUYER = 40_001
ECHO_USER = 50_001
WARM_UP_USER = 9_999


async def measure(orders: int) -> tuple[Run, Run]:
    """(bot, echo): `orders` orders in one chat, and the echo of as many messages."""

    async def order(user: SimUser) -> None:
        await place_orders(user, orders, run_tag="H")

    async def echo(user: SimUser) -> None:
        await echo_exchange(user, orders)

    async with running_world(inprocess=True) as world:
        async with running_echo_bot(world):
            await warm_up(world, WARM_UP_USER)
            echo_run = await drive(world, [ECHO_USER], echo)
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            db_path = Path(tmp) / "orderbot.db"
            async with running_orderbot(world, db_path, [BUYER, WARM_UP_USER]):
                await warm_up(world, WARM_UP_USER)
                bot_run = await drive(world, [BUYER], order)
    return bot_run, echo_run


async def run(quick: bool = False) -> list[str]:
    bot, echo = await measure(orders=1 if quick else 5)
    context: dict[str, object] = {"steps": bot.updates}
    return [
        Figure(f"{NAME}.cpu_ms_per_step", context).versus(
            "bot", bot.cpu_ms_per_update, "echo", echo.cpu_ms_per_update
        ),
        Figure(f"{NAME}.wall_ms_per_step", context).versus(
            "bot", bot.wall_ms_per_update, "echo", echo.wall_ms_per_update
        ),
    ]
