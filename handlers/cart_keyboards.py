"""The cart's buttons (prefix `c:`), their strict patterns, and the cart panel's text.

c:v:<t|a>            the Taobao / 1688 cart (and refresh)
c:pg:<page>          a page of the cart
c:s:<cart id>        select / unselect a line        c:sa   select all / none
c:p:<cart id>  c:m:<cart id>   one more / one less
c:q:<cart id>        type a quantity                 c:r:<cart id>   remove the line
c:e  c:ey            empty my lines (ask, yes)       c:b    back to the cart   c:x  close
c:o:<t|a>            order the selection (the new-order flow, handlers/cart_order.py)
c:a:<t|a>:<item>     add a product to the cart (from a product card)
c:k:<index>  c:kp:<page>  c:n:<quantity>   its option, option page, quantity
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot.cart import ChatCart, ChatCartLine
from bot.domain.money import format_fen
from bot.i18n import Html, Translator
from bot.products import ProductView
from handlers import callback_data as cd
from handlers import render

PLATFORM_OF_CODE = {"t": "taobao", "a": "1688"}
CODE_OF_PLATFORM = {"taobao": "t", "1688": "a"}
LINES_PER_PAGE = 12
SKUS_PER_PAGE = 8

_CART_ID = r"\d{1,18}"
VIEW = r"c:v:[ta]"
PAGE = rf"c:pg:{cd.INDEX}"
SELECT = rf"c:s:{_CART_ID}"
SELECT_ALL = "c:sa"
MORE = rf"c:p:{_CART_ID}"
LESS = rf"c:m:{_CART_ID}"
TYPE_QUANTITY = rf"c:q:{_CART_ID}"
REMOVE = rf"c:r:{_CART_ID}"
EMPTY_ASK, EMPTY_YES, BACK, CLOSE = "c:e", "c:ey", "c:b", "c:x"
ORDER = r"^c:o:[ta]$"
ADD = r"^c:a:[ta]:\d{5,20}$"
SKU = rf"c:k:{cd.INDEX}"
SKU_PAGE = rf"c:kp:{cd.INDEX}"
QUANTITY = rf"c:n:{cd.QUANTITY}"


def arg(data: str) -> str:
    return data.rsplit(":", 1)[1]


def add_button(tr: Translator, product: ProductView) -> list[Button]:
    """A product card's "🛒 Add to cart" (search cards and the new-order card)."""
    return [
        Button(
            tr("cart.btn.add"),
            callback_data=f"c:a:{CODE_OF_PLATFORM[product.platform]}:{product.item_id}",
        )
    ]


# --- the cart panel ---------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _title(line) -> str:
    title = _esc(line.title[:60])
    if line.image_url and line.image_url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(line.image_url, quote=True)}">{title}</a>'
    return title


def pages(cart: ChatCart) -> int:
    return max(1, -(-len(cart.lines) // LINES_PER_PAGE))


def page_lines(cart: ChatCart, page: int) -> list[tuple[int, ChatCartLine]]:
    """(number shown, line) of one page; enabled lines first, then disabled ones."""
    ordered = [*cart.enabled, *cart.disabled]
    start = page * LINES_PER_PAGE
    return list(enumerate(ordered, start=1))[start : start + LINES_PER_PAGE]


def cart_text(
    tr: Translator,
    cart: ChatCart,
    selected: set[str],
    page: int,
    *,
    group: bool,
    note: str | None = None,
) -> str:
    platform = render.platform_name(tr, cart.platform)
    parts = [tr("cart.title_group" if group else "cart.title", platform=platform)]
    if note:
        parts.insert(0, note)
    if not cart.lines:
        parts.append(tr("cart.is_empty"))
        return "\n\n".join(parts)
    shown = page_lines(cart, page)
    body: list[str] = []
    seller = None
    disabled_started = False
    for number, entry in shown:
        line = entry.line
        if line.disabled is not None:
            if not disabled_started:
                body.append("\n" + tr("cart.disabled_title"))
                disabled_started = True
            text = tr(
                "cart.disabled_line",
                n=number,
                title=Html(_title(line)),
                sku=line.sku_label,
                quantity=line.quantity,
                reason=line.disabled,
            )
        else:
            if line.seller_name != seller:
                seller = line.seller_name
                body.append(tr("cart.seller", seller=seller or "—"))
            text = tr(
                "cart.row",
                n=number,
                mark="☑" if line.cart_id in selected else "☐",
                title=Html(_title(line)),
                sku=line.sku_label,
                quantity=line.quantity,
                price=render.unit_price(tr, line.unit_price_fen, line.original_price_fen),
                total=format_fen(line.line_total_fen),
            )
        if group:
            text = tr("cart.line_by", line=Html(text), name=entry.owner.added_by_name or "—")
        body.append(text)
    parts.append("\n".join(body))
    picked = {e.cart_id for e in cart.enabled if e.cart_id in selected}
    summary = [tr("cart.total", total=render.money(tr, cart.total_fen()))]
    if picked:
        summary.append(
            tr(
                "cart.selected",
                lines=tr.count("count.lines", len(picked)),
                total=render.money(tr, cart.total_fen(picked)),
            )
        )
    elif cart.enabled:
        summary.append(tr("cart.none_selected"))
    if pages(cart) > 1:
        summary.append(tr("cart.page", page=page + 1, pages=pages(cart)))
    parts.append("\n".join(summary))
    return "\n\n".join(parts)


def cart_keyboard(tr: Translator, cart: ChatCart, selected: set[str], page: int) -> Markup:
    rows = []
    for number, entry in page_lines(cart, page):
        cid = entry.cart_id
        if entry.line.disabled is not None:
            rows.append([Button(f"🗑 {number}", callback_data=f"c:r:{cid}")])
            continue
        rows.append(
            [
                Button(f"{'☑' if cid in selected else '☐'} {number}", callback_data=f"c:s:{cid}"),
                Button("➖", callback_data=f"c:m:{cid}"),
                Button("➕", callback_data=f"c:p:{cid}"),
                Button("✏️", callback_data=f"c:q:{cid}"),
                Button("🗑", callback_data=f"c:r:{cid}"),
            ]
        )
    paging = []
    if page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"c:pg:{page - 1}"))
    if page + 1 < pages(cart):
        paging.append(Button(tr("btn.next"), callback_data=f"c:pg:{page + 1}"))
    if paging:
        rows.append(paging)
    code = CODE_OF_PLATFORM[cart.platform]
    if cart.enabled:
        everything = all(e.cart_id in selected for e in cart.enabled)
        rows.append(
            [
                Button(
                    tr("cart.btn.select_none" if everything else "cart.btn.select_all"),
                    callback_data=SELECT_ALL,
                ),
                Button(tr("cart.btn.order"), callback_data=f"c:o:{code}"),
            ]
        )
    other = "1688" if cart.platform == "taobao" else "taobao"
    rows.append(
        [
            Button(tr("cart.btn.refresh"), callback_data=f"c:v:{code}"),
            Button(
                tr("cart.btn.other", platform=render.platform_name(tr, other)),
                callback_data=f"c:v:{CODE_OF_PLATFORM[other]}",
            ),
        ]
    )
    last = [Button(tr("cart.btn.close"), callback_data=CLOSE)]
    if cart.lines:
        last.insert(0, Button(tr("cart.btn.empty"), callback_data=EMPTY_ASK))
    rows.append(last)
    return Markup(rows)


def back(tr: Translator) -> Markup:
    return Markup([[Button(tr("cart.btn.back"), callback_data=BACK)]])


def empty_confirm(tr: Translator) -> Markup:
    return Markup(
        [
            [Button(tr("cart.btn.empty_yes"), callback_data=EMPTY_YES)],
            [Button(tr("cart.btn.back"), callback_data=BACK)],
        ]
    )


def sku_choice(tr: Translator, product: ProductView, page: int) -> Markup:
    start = page * SKUS_PER_PAGE
    rows = []
    for index, sku in enumerate(product.skus[start : start + SKUS_PER_PAGE], start=start):
        label = sku.label if sku.in_stock else f"{sku.label} · {tr('label.sold_out')}"
        rows.append([Button(label[:60], callback_data=f"c:k:{index}")])
    paging = []
    if page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"c:kp:{page - 1}"))
    if start + SKUS_PER_PAGE < len(product.skus):
        paging.append(Button(tr("btn.next"), callback_data=f"c:kp:{page + 1}"))
    if paging:
        rows.append(paging)
    rows.append([Button(tr("cart.btn.view"), callback_data=BACK)])
    return Markup(rows)


def quantity_choice(tr: Translator, suggestions: list[int]) -> Markup:
    rows = [[Button(str(q), callback_data=f"c:n:{q}") for q in suggestions]] if suggestions else []
    rows.append([Button(tr("cart.btn.view"), callback_data=BACK)])
    return Markup(rows)
