"""A long steady load on the bot as a process of its own: 25 updates a second for 5 minutes,
1,000 chats taking part (200 at a time, each placing a whole order at human pace and then
making room for the next), with the Telegram stand-in as strict as Telegram's flood control.

The first round of orders warms the bot up and is not measured (every chat starts at the
first step, so until then the steps of an order are not yet evenly mixed); then each minute
gets its own p50/p99, and the bot's resident memory and open file descriptors are read at the
end of each minute. Flat figures mean nothing accumulates per chat, per order or per update.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.chat import warm_up as warm_up_bot
from bench.conversations import UPDATES_PER_ORDER
from bench.open_load import flood_refusals
from bench.open_loop import OpenLoop, following, order_script
from bench.processes import RunningProcess, orderbot_process
from bench.report import Figure, percentile
from bench.world import running_world

NAME = "soak"
FIRST_BUYER = 160_001
WARM_UP_USER = 9_999


async def sample(bot: RunningProcess, first: float, period: float, periods: int) -> list:
    """(RSS in MB, open descriptors) at the end of each period after `first` (time.time())."""
    samples = []
    for index in range(1, periods + 1):
        await asyncio.sleep(max(0.0, first + index * period - time.time()))
        samples.append((bot.rss_mb(), bot.open_fds()))
    return samples


async def measure(
    chats: int, active: int, rate: float, warm_up: float, period: float, periods: int
):
    pool = list(range(FIRST_BUYER, FIRST_BUYER + chats))
    seconds = warm_up + period * periods
    async with running_world(inprocess=False, flood=True) as world:
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            db_path = Path(tmp) / "orderbot.db"
            async with orderbot_process(world, db_path, [*pool, WARM_UP_USER]) as bot:
                await warm_up_bot(world, WARM_UP_USER)
                await flood_refusals(world, reset=True)
                async with following(world) as (replies, actions):
                    load = OpenLoop(
                        replies,
                        actions,
                        order_script("S"),
                        pool,
                        rate,
                        seconds,
                        active=active,
                        steps_per_chat=UPDATES_PER_ORDER,
                    )
                    measured_from = time.time() + warm_up
                    sampling = asyncio.create_task(sample(bot, measured_from, period, periods))
                    run = await load.run()
                    samples = await sampling
                refused = await flood_refusals(world)
    return run, refused, samples, measured_from


def sizes(quick: bool) -> tuple[int, int, float, float, float, int]:
    """(chats, at a time, updates a second, warm-up seconds, period seconds, periods)."""
    if quick:
        return 24, 12, 4.0, 2.0, 2.0, 3
    active, rate = 200, 25.0
    return 1000, active, rate, UPDATES_PER_ORDER * active / rate, 60.0, 5


async def run(quick: bool = False) -> list[str]:
    chats, active, rate, warm_up, period, periods = sizes(quick)
    load, refused, samples, measured_from = await measure(
        chats, active, rate, warm_up, period, periods
    )
    windows = [
        load.latencies(measured_from + i * period, measured_from + (i + 1) * period)
        for i in range(periods)
    ]
    counted = sum(len(window) for window in windows)
    used = len({action.chat_id for action in load.actions})
    context: dict[str, object] = {
        "chats": used,
        "period_s": round(period),
        "updates": counted,
    }
    return [
        Figure(f"{NAME}.p50_ms", context).series([percentile(w, 0.5) for w in windows]),
        Figure(f"{NAME}.p99_ms", context).series([percentile(w, 0.99) for w in windows]),
        Figure(f"{NAME}.rss_mb", context).series([rss for rss, _ in samples]),
        Figure(f"{NAME}.open_fds", context).series([float(fds) for _, fds in samples]),
        Figure(f"{NAME}.http_429", context).counts(bot=refused),
    ]
