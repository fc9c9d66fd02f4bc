"""Every benchmark runs in its smallest (--quick) size and prints its figure lines.

A smoke test: it checks that each benchmark still drives the real bot to the end (a flow that
no longer reaches "Order placed", a lookup that finds the wrong order or a submission that is
not "submitted" fails it) and reports what it should, never how fast anything was. The one
value checked is a count that must be zero whatever the speed: the 429s the strict stand-in
returned to the bot (its limiter keeps to Telegram's limits by construction).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.suite import BENCHMARKS

REPO_ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"\d+(?:\.\d+)?"
CONTEXT = r"(?: [a-z_]+=\d+)*"  # chats=20, n=200, …
# name context… bot=N baseline=N ratio=N   (the bot against a baseline, or two conditions)
VERSUS = re.compile(
    rf"^(?P<figure>[a-z0-9_.]+){CONTEXT} [a-z_]+={NUMBER} [a-z_]+={NUMBER} ratio={NUMBER}$"
)
# name context… label=COUNT …   (counts, no ratio)
COUNTS = re.compile(rf"^(?P<figure>[a-z0-9_.]+\.(?:http_429|unanswered)){CONTEXT}$")
# name context… period1=N … periodK=N ratio=N   (one figure over time)
SERIES = re.compile(
    rf"^(?P<figure>[a-z0-9_.]+){CONTEXT}(?: period\d+={NUMBER}){{2,}} ratio={NUMBER}$"
)
# name context… n=SMALL N n=LARGE N ratio=N   (one figure at two sizes)
SIZES = re.compile(
    rf"^(?P<figure>[a-z0-9_.]+){CONTEXT} n=\d+ {NUMBER} n=\d+ {NUMBER} ratio={NUMBER}$"
)

EXPECTED_FIGURES = {
    "order_flow": {
        "order_flow.updates_per_s",
        "order_flow.p50_ms",
        "order_flow.p99_ms",
        "order_flow.cpu_ms_per_update",
        "order_flow.same_limiter.updates_per_s",
        "order_flow.same_limiter.p50_ms",
        "order_flow.same_limiter.p99_ms",
    },
    "open_load": {
        "open_load.p50_ms",
        "open_load.p99_ms",
        "open_load.updates_per_s",
        "open_load.cpu_ms_per_update",
        "open_load.http_429",
        "open_load.unanswered",
    },
    "burst": {
        "burst.p50_ms",
        "burst.p99_ms",
        "burst.notify_per_s",
        "burst.sent_per_s",
        "burst.duration_s",
        "burst.http_429",
    },
    "soak": {
        "soak.p50_ms",
        "soak.p99_ms",
        "soak.rss_mb",
        "soak.open_fds",
        "soak.http_429",
    },
    "handler_cost": {"handler_cost.cpu_ms_per_step", "handler_cost.wall_ms_per_step"},
    "bulk_submit": {"bulk_submit.wall_s"},
    "bulk_sheet": {"bulk_sheet.submit_s", "bulk_sheet.check_s", "bulk_sheet.peak_rss_mb"},
    "search": {"search.first_results.p50_ms", "search.cached_page.p50_ms"},
    "status_lookup": {
        "status_lookup.by_ref.p50_ms",
        "status_lookup.by_seller_no.p50_ms",
        "status_lookup.by_platform_no.p50_ms",
        "status_lookup.miss.p50_ms",
    },
}


def figures_of(lines: list[str], *patterns: re.Pattern[str]) -> set[str]:
    names = set()
    for line in lines:
        match = next((m for p in patterns if (m := p.match(line))), None)
        assert match, f"not a figure line: {line!r}"
        names.add(match["figure"])
    return names


def test_every_benchmark_is_covered() -> None:
    assert set(BENCHMARKS) == set(EXPECTED_FIGURES)


@pytest.mark.parametrize(
    "name", ["order_flow", "handler_cost", "bulk_submit", "bulk_sheet", "search"]
)
async def test_benchmark_prints_its_figures(name: str) -> None:
    lines = await BENCHMARKS[name](True)
    assert len(lines) == len(EXPECTED_FIGURES[name])
    assert figures_of(lines, VERSUS) == EXPECTED_FIGURES[name]


@pytest.mark.parametrize("name", ["open_load", "burst", "soak"])
async def test_load_benchmark_prints_its_figures_and_meets_no_429(name: str) -> None:
    """The open-loop benchmarks run the bot as `orderbot run` against the strict stand-in."""
    lines = await BENCHMARKS[name](True)
    assert len(lines) == len(EXPECTED_FIGURES[name])
    assert figures_of(lines, VERSUS, SERIES, COUNTS) == EXPECTED_FIGURES[name]
    for refusals in [line for line in lines if COUNTS.match(line)]:
        counts = dict(pair.split("=") for pair in refusals.split()[1:])
        ours = {label: counts[label] for label in ("bot", "quiet", "burst") if label in counts}
        assert ours and set(ours.values()) == {"0"}, refusals


def test_command_line_runs_one_benchmark() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "status_lookup"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert figures_of(lines, SIZES) == EXPECTED_FIGURES["status_lookup"]
    assert all("n=1000 " in line and "n=10000 " in line for line in lines)


def test_command_line_refuses_an_unknown_benchmark() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "no_such_bench"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "invalid choice: 'no_such_bench'" in result.stderr
    assert result.stdout == ""
