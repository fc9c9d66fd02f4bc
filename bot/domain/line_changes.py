"""What changed for a draft's lines since they were added: the re-check before the preview.
Pure: the platform's answer comes in as `LineNow` values.

Each line remembers the price and stock it was added with; the platform's answer now (batch
check on Taobao, the preview on 1688: `Marketplace.recheck`) may differ. A change is shown to
the member, who takes the new price, changes the quantity or removes the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel

from bot.domain.draft import Draft, DraftLine
from bot.domain.quantity import PriceTier


class LineNow(Protocol):
    """A line as the platform has it now (bot.marketplaces.base.LineCheck)."""

    index: int
    available: bool
    unit_price_fen: int | None
    stock: int | None
    reason: str | None
    tiers: Sequence[PriceTier] | None


class LineChange(BaseModel):
    index: int  # the line's position in the draft (0-based)
    added_price_fen: int
    price_fen: int | None = None  # the price now, when it differs
    stock: int | None = None  # the stock now, when below the line's quantity
    gone: bool = False  # no longer sold
    reason: str | None = None
    tiers: list[PriceTier] | None = None  # 1688: the tiers now

    @property
    def price_changed(self) -> bool:
        return self.price_fen is not None and self.price_fen != self.added_price_fen

    @property
    def short(self) -> bool:
        return self.stock is not None

    def can_accept(self) -> bool:
        """Taking the new price settles it (the stock still covers the quantity)."""
        return self.price_changed and not self.short and not self.gone

    def can_change_quantity(self) -> bool:
        return not self.gone


def changes_since_added(draft: Draft, checks: Sequence[LineNow]) -> list[LineChange]:
    changes = []
    for check in checks:
        if not 0 <= check.index < len(draft.lines):
            continue
        line = draft.lines[check.index]
        change = _change(line, check)
        if change is not None:
            changes.append(change)
    return changes


def _change(line: DraftLine, check: LineNow) -> LineChange | None:
    base = {"index": check.index, "added_price_fen": line.unit_price_fen}
    if not check.available or check.stock == 0:
        return LineChange(**base, gone=True, reason=check.reason or "sold out")
    price = check.unit_price_fen
    moved = price is not None and price != line.unit_price_fen
    short = check.stock is not None and check.stock < line.quantity
    if not moved and not short:
        return None
    return LineChange(
        **base,
        price_fen=price if moved else None,
        stock=check.stock if short else None,
        tiers=list(check.tiers) if check.tiers is not None else None,
    )


def apply_price(draft: Draft, change: LineChange) -> None:
    """The member takes the line's price now."""
    line = draft.lines[change.index]
    update: dict = {"unit_price_fen": change.price_fen, "original_price_fen": None}
    if change.tiers is not None and line.tiers:
        update["tiers"] = change.tiers
    draft.lines[change.index] = line.model_copy(update=update)


def apply_quantity(draft: Draft, change: LineChange, quantity: int) -> None:
    """A new quantity at today's price and stock (checked against the line's minimum)."""
    line = draft.lines[change.index]
    update: dict = {}
    if change.stock is not None:
        update["stock"] = change.stock
    if change.tiers is not None and line.tiers:
        update["tiers"] = change.tiers
    elif change.price_fen is not None:
        update["unit_price_fen"] = change.price_fen
        update["original_price_fen"] = None
    draft.lines[change.index] = line.model_copy(update=update)
    draft.set_quantity(change.index, quantity)  # re-priced by its tiers, stock checked


def without_line(changes: list[LineChange], index: int) -> list[LineChange]:
    """The changes still to settle once line `index` is settled."""
    return [change for change in changes if change.index != index]


def after_removal(changes: list[LineChange], index: int) -> list[LineChange]:
    """The changes still to settle once line `index` is removed (later lines move up)."""
    return [
        change.model_copy(update={"index": change.index - 1}) if change.index > index else change
        for change in changes
        if change.index != index
    ]
