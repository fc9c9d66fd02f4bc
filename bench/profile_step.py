"""Where a conversation step's CPU goes: `python -m bench.profile_step [--orders N] [--top N]
[--out FILE]`.

Runs what `handler_cost` measures — one buyer placing whole Taobao orders against both stand-ins
in-process — under cProfile, after a warm-up and with the heap settled, and prints the functions
that cost the most, by their own time and with what they call (`--out` keeps the raw profile for
`python -m pstats` or snakeviz). The stand-ins and the simulated user share the process, so their
functions appear too (sandbox/, bench/): read the bot's among them.

For the bot alone as `orderbot run` runs it, sample its process instead, e.g. with py-spy while
`python -m bench --only open_load` runs: `py-spy record -p <bot pid> -f raw -o step.txt` (the pid
is the `python -m bot run` child of the benchmark).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import pstats
import sys
import tempfile
from pathlib import Path

from bench.chat import drive, warm_up
from bench.conversations import UPDATES_PER_ORDER, place_orders
from bench.world import UNPACED, running_orderbot, running_world

BUYER = 40_001
WARM_UP_USER = 9_999


async def profile(orders: int) -> cProfile.Profile:
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="orderbot-profile-") as tmp:
        async with running_world(inprocess=True) as world:
            db_path = Path(tmp) / "orderbot.db"
            async with running_orderbot(world, db_path, [BUYER, WARM_UP_USER], **UNPACED):
                await warm_up(world, WARM_UP_USER)
                gc.collect()
                gc.freeze()
                profiler.enable()
                await drive(world, [BUYER], lambda user: place_orders(user, orders, "P"))
                profiler.disable()
    return profiler


def report(profiler: cProfile.Profile, steps: int, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = sum(timing[2] for timing in stats.stats.values())  # own time of every function
    out.write(f"{steps} steps, {total * 1000 / steps:.2f} ms of profiled time per step\n\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_step", description=__doc__)
    parser.add_argument("--orders", type=int, default=5, help="whole orders to profile")
    parser.add_argument("--top", type=int, default=40, help="functions listed per ordering")
    parser.add_argument("--out", metavar="FILE", help="also write the raw profile here")
    args = parser.parse_args(argv)
    profiler = asyncio.run(profile(args.orders))
    if args.out:
        profiler.dump_stats(args.out)
    sys.stdout.write(report(profiler, args.orders * UPDATES_PER_ORDER, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
