"""Our order lines (a draft's or a stored order's) as the platform's request lines."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draft import DraftLine
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb
from storage.orders import StoredOrderLine

# Draft lines (quotes) and stored lines (creates) carry the same fields the wire needs.
AnyLine = DraftLine | StoredOrderLine


def taobao_lines(lines: Sequence[AnyLine]) -> list[tb.OrderLine]:
    return [
        tb.OrderLine(
            item_id=line.item_id,
            order_line_no=str(index + 1),
            quantity=line.quantity,
            price=line.unit_price_fen,
            sku_id=line.sku_id,
        )
        for index, line in enumerate(lines)
    ]


def cargo_lines(lines: Sequence[AnyLine]) -> list[ali.Cargo]:
    return [
        ali.Cargo(offer_id=int(line.item_id), spec_id=line.sku_id, quantity=line.quantity)
        for line in lines
    ]


def match_line(results, index: int, item_id: str, sku_id: str):
    """The platform's result for our line: by item and SKU, else by position."""
    for result in results:
        if str(result.item_id) == item_id and str(result.sku_id) == sku_id:
            return result
    return results[index] if index < len(results) else None
