"""The benchmarks by name, each `run(quick) -> lines`, with a time limit on each."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable

from bench import (
    bulk_sheet,
    bulk_submit,
    burst,
    handler_cost,
    open_load,
    order_flow,
    search,
    soak,
    status_lookup,
)

Benchmark = Callable[[bool], Awaitable[list[str]]]

BENCHMARKS: dict[str, Benchmark] = {
    order_flow.NAME: order_flow.run,
    open_load.NAME: open_load.run,
    burst.NAME: burst.run,
    soak.NAME: soak.run,
    handler_cost.NAME: handler_cost.run,
    status_lookup.NAME: status_lookup.run,
    bulk_submit.NAME: bulk_submit.run,
    bulk_sheet.NAME: bulk_sheet.run,
    search.NAME: search.run,
}
# Far above what each takes on a 2-core machine; a hang must not keep CI (or anyone) waiting.
TIME_LIMIT_SECONDS = {False: 600.0, True: 120.0}


async def run_benchmarks(names: Iterable[str], *, quick: bool) -> AsyncIterator[str]:
    """The figure lines of each named benchmark, in order, as each one finishes."""
    for name in names:
        async with asyncio.timeout(TIME_LIMIT_SECONDS[quick]):
            lines = await BENCHMARKS[name](quick)
        for line in lines:
            yield line
