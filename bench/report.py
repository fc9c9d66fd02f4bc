"""Figures as one line each: the figure, our value, its baseline measured in the same run, ratio.

    order_flow.updates_per_s chats=20 updates=260 bot=28.7 echo=95.1 ratio=0.30

The ratio is always ours / baseline, so read it with the figure's sense in mind: below 1 is
slower for a rate, faster for a latency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (0 < fraction ≤ 1); good enough and easy to check by hand."""
    if not values:
        raise ValueError("no values to take a percentile of")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def number(value: float) -> str:
    """A readable figure: 1234, 56.7, 8.90, 0.012 (two significant digits below 1)."""
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1 or magnitude == 0:
        return f"{value:.2f}"
    digits = 1 - math.floor(math.log10(magnitude))
    return f"{value:.{digits}f}"


def ratio(ours: float, baseline: float) -> str:
    return number(ours / baseline) if baseline else "inf"


@dataclass
class Figure:
    """One printed line; `context` adds `key=value` pairs after the name (chats=20, n=200)."""

    name: str
    context: dict[str, object] = field(default_factory=dict)

    def versus(self, ours_label: str, ours: float, base_label: str, baseline: float) -> str:
        """`name ctx… ours_label=ours base_label=baseline ratio=ours/baseline`."""
        parts = [self.name, *self._context()]
        parts += [f"{ours_label}={number(ours)}", f"{base_label}={number(baseline)}"]
        return " ".join([*parts, f"ratio={ratio(ours, baseline)}"])

    def counts(self, **counts: int) -> str:
        """`name ctx… label=count …`: things that should be equal (and often zero), no ratio."""
        parts = [self.name, *self._context()]
        return " ".join([*parts, *(f"{label}={count}" for label, count in counts.items())])

    def series(self, values: list[float], label: str = "period") -> str:
        """`name ctx… period1=v period2=v … ratio=last/first`: one figure over time."""
        parts = [self.name, *self._context()]
        parts += [f"{label}{index}={number(value)}" for index, value in enumerate(values, 1)]
        return " ".join([*parts, f"ratio={ratio(values[-1], values[0])}"])

    def sizes(self, small: tuple[int, float], large: tuple[int, float]) -> str:
        """`name ctx… n=SMALL value n=LARGE value ratio=large/small`."""
        parts = [self.name, *self._context()]
        parts += [f"n={small[0]}", number(small[1]), f"n={large[0]}", number(large[1])]
        return " ".join([*parts, f"ratio={ratio(large[1], small[1])}"])

    def _context(self) -> list[str]:
        return [f"{key}={value}" for key, value in self.context.items()]
