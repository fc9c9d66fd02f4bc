"""Text of a checked spreadsheet: its preview (per seller for 1688, per order for Taobao, with
totals in ¥ and fen) and each row's problem in the member's language."""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict

from bot.bulk_check import CheckedSheet
from bot.domain.sheet_rows import Problem
from bot.i18n import Html, Translator, has
from handlers.render import money

log = logging.getLogger(__name__)

MAX_LISTED_ORDERS = 12
MAX_LISTED_SELLERS = 12


def problem_text(tr: Translator, problem: Problem | None) -> Html:
    """A row's problem as Telegram HTML in the member's language."""
    if problem is None:
        return Html("")
    if has(problem.key):
        try:
            return Html(tr(problem.key, **problem.params))
        except (KeyError, IndexError):
            log.exception("message %s does not fit its params %s", problem.key, problem.params)
    return Html(html.escape(problem.message or problem.key, quote=False))


def plain(text: str) -> str:
    """Telegram HTML as the plain text a spreadsheet cell holds."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def preview_text(tr: Translator, sheet: CheckedSheet, *, known: int = 0) -> str:
    parts = [
        tr(
            "bulk.preview_title",
            orders=tr.count("count.orders", len(sheet.orders)),
            rows=tr.count("count.rows", len(sheet.good_rows)),
        )
    ]
    taobao = [o for o in sheet.orders if o.platform == "taobao"]
    alibaba = [o for o in sheet.orders if o.platform == "1688"]
    if taobao:
        parts.append(tr("bulk.preview_taobao", orders=tr.count("count.orders", len(taobao))))
        for order in taobao[:MAX_LISTED_ORDERS]:
            parts.append(
                tr(
                    "bulk.preview_order",
                    rows=", ".join(str(n) for n in order.row_nos[:6])
                    + ("…" if len(order.row_nos) > 6 else ""),
                    lines=tr.count("count.lines", len(order.row_nos)),
                    total=money(tr, order.total_fen),
                )
            )
        if len(taobao) > MAX_LISTED_ORDERS:
            parts.append(tr("bulk.preview_more", count=len(taobao) - MAX_LISTED_ORDERS))
    if alibaba:
        sellers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        names: dict[str, str] = {}
        for order in alibaba:
            for line in order.draft.lines:
                seller = line.seller_id or "?"
                names[seller] = line.seller_name or seller
                sellers[seller]["rows"] += 1
                sellers[seller]["goods"] += line.line_total_fen
            for seller in order.draft.seller_ids:
                sellers[seller]["orders"] += 1
                sellers[seller]["postage"] += order.postage_by_seller.get(
                    seller, order.draft.postage_fen or 0
                )
        parts.append(tr("bulk.preview_1688", sellers=tr.count("count.sellers", len(sellers))))
        for seller, sums in list(sellers.items())[:MAX_LISTED_SELLERS]:
            parts.append(
                tr(
                    "bulk.preview_seller",
                    seller=names[seller],
                    orders=tr.count("count.orders", sums["orders"]),
                    rows=tr.count("count.rows", sums["rows"]),
                    goods=money(tr, sums["goods"]),
                    postage=money(tr, sums["postage"]),
                    total=money(tr, sums["goods"] + sums["postage"]),
                )
            )
        if len(sellers) > MAX_LISTED_SELLERS:
            parts.append(tr("bulk.preview_more", count=len(sellers) - MAX_LISTED_SELLERS))
    goods = sum(o.draft.subtotal_fen for o in sheet.orders)
    postage = sum(o.draft.postage_fen or 0 for o in sheet.orders)
    parts.append(
        tr(
            "bulk.preview_totals",
            goods=money(tr, goods),
            postage=money(tr, postage),
            total=money(tr, goods + postage),
        )
    )
    skipped = len(sheet.bad_rows)
    if skipped:
        parts.append(tr("bulk.preview_skipped", rows=tr.count("count.rows", skipped)))
    if known:
        parts.append(tr("bulk.preview_known", orders=tr.count("count.orders", known)))
    return "\n".join(parts)
