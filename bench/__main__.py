"""`python -m bench [--quick] [--only NAME ...]`: run the benchmarks, one line per figure."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bench.suite import BENCHMARKS, run_benchmarks


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure the bot beside its baselines in one run; print one line per figure "
        "(ratio = bot / baseline, or large / small for sizes).",
    )
    parser.add_argument(
        "--quick", action="store_true", help="the smallest sizes: a smoke run, not a measurement"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    return parser.parse_args(argv)


async def _print_figures(names: list[str], quick: bool) -> None:
    async for line in run_benchmarks(names, quick=quick):
        print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The bot logs every order at INFO; here only figures go to stdout, problems to stderr.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    names = args.only or list(BENCHMARKS)
    asyncio.run(_print_figures(names, args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
