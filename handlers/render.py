"""Text of the order panels: cart, receiver, quote, preview and submission result."""

from __future__ import annotations

import html

from bot.domain.draft import Draft
from bot.domain.money import format_fen
from bot.domain.receiver import format_receiver
from bot.i18n import Html, Translator
from bot.products import ProductView
from bot.service import SubmitOutcome
from bot.session import Quote


def money(tr: Translator, fen: int) -> Html:
    """`¥12.34 (1234 fen)` in the member's language: yuan for people, exact fen for the record."""
    return Html(tr("money.with_raw", yuan=format_fen(fen), fen=fen))


def platform_name(tr: Translator, platform: str | None) -> str:
    return tr("btn.taobao") if platform == "taobao" else tr("btn.1688")


def unit_price(tr: Translator, price_fen: int, original_fen: int | None) -> Html:
    """A line's unit price, with the price before a promotion struck through beside it."""
    if original_fen is not None and original_fen > price_fen:
        original = format_fen(original_fen)
        return Html(tr("promo.price_was", price=format_fen(price_fen), original=original))
    return Html(html.escape(format_fen(price_fen)))


def cart_lines(tr: Translator, draft: Draft) -> Html:
    rows = []
    for index, line in enumerate(draft.lines, start=1):
        rows.append(
            tr(
                "cart.line",
                n=index,
                title=line.title,
                sku=line.sku_label,
                qty=line.quantity,
                price=unit_price(tr, line.unit_price_fen, line.original_price_fen),
                total=format_fen(line.line_total_fen),
            )
        )
    return Html("\n".join(rows))


def cart(tr: Translator, draft: Draft) -> str:
    if not draft.lines:
        return tr("cart.empty")
    return tr(
        "cart.text",
        platform=platform_name(tr, draft.platform),
        lines=cart_lines(tr, draft),
        subtotal=money(tr, draft.subtotal_fen),
    )


def _price_range(low: int, high: int) -> str:
    return format_fen(low) if low == high else f"{format_fen(low)} – {format_fen(high)}"


def product(tr: Translator, view: ProductView) -> str:
    price: str = _price_range(*view.price_range_fen())
    original = view.original_range_fen()
    if original is not None:  # a promotion: its price beside the one it replaces
        price = Html(tr("product.price_promo", price=price, original=_price_range(*original)))
    extra = []
    if view.platform == "1688":
        extra.append(tr("product.moq", moq=view.min_quantity, unit=view.unit or ""))
        if view.tiers:
            tiers = ", ".join(
                tr("product.tier", qty=t.start_quantity, price=format_fen(t.price_fen))
                for t in view.tiers
            )
            extra.append(tr("product.tiers", tiers=tiers))
    originals = [sku.original_price_fen for sku in view.skus if sku.original_price_fen]
    if originals:
        extra.append(tr("promo.product", original=format_fen(min(originals))))
    if view.seller_name:
        extra.append(tr("product.seller", seller=view.seller_name))
    return tr(
        "product.text",
        title=view.title,
        price=price,
        extra=Html("\n".join(extra)),
    )


def receiver(draft: Draft, *, private: bool) -> str:
    """The draft's receiver; outside a private chat masked (bot.domain.privacy)."""
    return format_receiver(draft.receiver, masked=not private) if draft.receiver else ""


def quote_block(tr: Translator, draft: Draft, quote: Quote) -> Html:
    if quote.sellers:  # a 1688 draft across sellers: one block per seller order
        return seller_blocks(tr, draft, quote)
    rows = []
    for q in quote.lines:
        line = draft.lines[q.index]
        mark = "" if q.available else " ⚠️"
        rows.append(
            tr(
                "quote.line",
                n=q.index + 1,
                title=line.title,
                sku=line.sku_label,
                qty=q.quantity,
                price=unit_price(tr, q.unit_price_fen, line.original_price_fen),
                total=format_fen(q.line_total_fen),
                mark=mark,
            )
        )
        if not q.available:
            rows.append(tr("quote.line_problem", reason=q.error_message or q.error_code or "?"))
    rows.extend(tr("quote.problem", reason=p) for p in quote.problems)
    if (chosen := quote.chosen_promotion) is not None and quote.discount_fen:
        amount = format_fen(quote.discount_fen)
        rows.append(tr("promo.discount", name=chosen.name, amount=amount))
    rows.append(
        tr(
            "quote.totals",
            subtotal=money(tr, quote.subtotal_fen),
            postage=money(tr, quote.postage_fen),
            total=money(tr, quote.total_fen),
        )
    )
    return Html("\n".join(rows))


def seller_blocks(tr: Translator, draft: Draft, quote: Quote) -> Html:
    """The batch preview: each seller's goods, postage, order total and problem, then the
    grand total of the orders the batch create will place."""
    rows = []
    count = len(quote.sellers)
    for number, block in enumerate(quote.sellers, start=1):
        first = draft.lines[block.line_indexes[0]] if block.line_indexes else None
        seller = (first.seller_name if first else None) or block.seller_id
        rows.append(tr("batch.seller_title", n=number, count=count, seller=seller))
        for index in block.line_indexes:
            line, q = draft.lines[index], quote.lines[index]
            rows.append(
                tr(
                    "quote.line",
                    n=index + 1,
                    title=line.title,
                    sku=line.sku_label,
                    qty=q.quantity,
                    price=unit_price(tr, q.unit_price_fen, line.original_price_fen),
                    total=format_fen(q.line_total_fen),
                    mark="" if q.available and block.problem is None else " ⚠️",
                )
            )
        rows.append(
            tr(
                "batch.seller_totals",
                postage=money(tr, block.postage_fen),
                total=money(tr, block.total_fen),
            )
        )
        if block.problem:
            rows.append(tr("batch.seller_problem", reason=block.problem))
        rows.append("")
    rows.append(
        tr(
            "batch.totals",
            count=count,
            subtotal=money(tr, quote.subtotal_fen),
            postage=money(tr, quote.postage_fen),
            total=money(tr, quote.total_fen),
        )
    )
    return Html("\n".join(rows))


def preview(
    tr: Translator, draft: Draft, quote: Quote, *, private: bool, note: str | None = None
) -> str:
    """The whole order before Confirm; `private`: shown in the member's private chat only."""
    extras = []
    if draft.order_source:
        extras.append(tr("preview.source", source=tr(f"src.{draft.order_source}")))
    extras.append(tr("preview.seller_no", number=draft.seller_order_number or "—"))
    return tr(
        "preview.text",
        platform=platform_name(tr, draft.platform),
        quote=quote_block(tr, draft, quote),
        budget=money(tr, draft.budget_fen),
        receiver=receiver(draft, private=private),
        extras=Html("\n".join(extras)),
        note=Html(note or ""),
    )


def outcome(tr: Translator, draft: Draft, result: SubmitOutcome, window_minutes: int) -> str:
    """The submission's result; `window_minutes`: how long a lost answer is checked."""
    lines = []
    by_no = {r.line_no: r for r in result.lines}
    for index, line in enumerate(draft.lines, start=1):
        r = by_no.get(index)
        if r is None:
            continue
        if r.ok:
            lines.append(tr("result.line_ok", n=index, title=line.title, qty=line.quantity))
        else:
            lines.append(
                tr(
                    "result.line_failed",
                    n=index,
                    title=line.title,
                    reason=r.error_message or r.error_code or "?",
                )
            )
    body = Html("\n".join(lines))
    ref = f"#{result.order_id}"
    if result.kind == "submitted":
        key = "result.submitted_partial" if result.failed_lines else "result.submitted"
        return tr(
            key,
            ref=ref,
            order_no=result.platform_order_no or "—",
            seller_no=result.seller_order_number,
            lines=body,
            reconciled=Html(tr("result.reconciled_note") if result.reconciled else ""),
        )
    if result.kind == "rejected":
        return tr("result.rejected", reason=result.reason or "?", lines=body)
    if result.kind == "not_created":
        if result.reason == "unreachable":
            return tr("result.unreachable", ref=ref)
        return tr("result.not_created", ref=ref, minutes=window_minutes)
    return tr(
        "result.unknown", ref=ref, seller_no=result.seller_order_number, minutes=window_minutes
    )
