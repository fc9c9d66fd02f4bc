"""The search flow's buttons and their callback data (prefix `s:`), parsed strictly.

Every button names what it acts on (a stored search by id, a product by platform and id), so
it works on any message at any time, after a restart too; data that fits no pattern here falls
through to the "this menu has expired" catch-all. The longest (`s:ad:…` with a 32-character
1688 spec id) stays under Telegram's 64 bytes.

    s:go:<search>:<t|a>                  search this on Taobao / 1688
    s:pg:<search>:<page>                 a results page
    s:so:<search>:<page>  s:st:<search>:<sort>            sort menu / sort
    s:pr:<search>:<page>  s:pf:<search>:<min>:<max>       price menu / price (yuan, - open)
    s:pt:<search>                        type a price range
    s:it:<t|a>:<search>:<item>:<page>:<skus>  a product card (results page, SKU page;
                                              search 0: a card opened from a bare id)
    s:sl:<search>:<item>                      more from this (1688) seller
    s:ch:<t|a>:<search>:<item>:<page>:<skus>  chat with the seller (the button becomes a link)
    s:id:<t|a>:<item>                    a product card from a bare id
    s:ad:<t|a>:<item>:<sku>              add this option to my order (handlers/search_order.py)

The card's extra actions (e.g. "Add to cart") are registered by their own modules with
`register_card_action`, so this module never has to know them.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot.domain.money import FEN_PER_YUAN, format_fen
from bot.i18n import Translator
from bot.marketplaces.base import SearchPage
from bot.products import ProductView
from handlers import callback_data as cd
from storage.searches import StoredSearch

PLATFORM_OF_CODE = {"t": "taobao", "a": "1688"}
CODE_OF_PLATFORM = {"taobao": "t", "1688": "a"}
SORT_OF_CODE = {"r": "relevance", "pa": "price_asc", "pd": "price_desc", "s": "sales"}
CODE_OF_SORT = {sort: code for code, sort in SORT_OF_CODE.items()}
SKUS_PER_PAGE = 8

_SID, _PAGE = cd.ID, cd.INDEX
_ITEM = r"\d{5,20}"
_SKU = r"[0-9A-Za-z]{1,32}"
_YUAN = r"(?:\d{1,8}|-)"
GO = rf"^s:go:{_SID}:[ta]$"
PAGE = rf"^s:pg:{_SID}:{_PAGE}$"
SORT_MENU = rf"^s:so:{_SID}:{_PAGE}$"
SORT_SET = rf"^s:st:{_SID}:(?:r|pa|pd|s)$"
PRICE_MENU = rf"^s:pr:{_SID}:{_PAGE}$"
PRICE_SET = rf"^s:pf:{_SID}:{_YUAN}:{_YUAN}$"
PRICE_TYPE = rf"^s:pt:{_SID}$"
CARD = rf"^s:it:[ta]:{_SID}:{_ITEM}:{_PAGE}:{_PAGE}$"
SELLER = rf"^s:sl:{_SID}:{_ITEM}$"
CHAT = rf"^s:ch:[ta]:{_SID}:{_ITEM}:{_PAGE}:{_PAGE}$"
OPEN_ID = rf"^s:id:[ta]:{_ITEM}$"
ADD = rf"^s:ad:[ta]:{_ITEM}:{_SKU}$"

CardAction = Callable[[Translator, ProductView], list[Button]]
_CARD_ACTIONS: list[CardAction] = []


def register_card_action(builder: CardAction) -> CardAction:
    """Add buttons to every product card (a later module's "Add to cart", "Estimate freight"):
    `builder(tr, product)` returns the buttons of one row, or none."""
    if builder not in _CARD_ACTIONS:
        _CARD_ACTIONS.append(builder)
    return builder


def parts(data: str) -> list[str]:
    """The fields after the prefix and action: `s:pg:12:3` → ["12", "3"]."""
    return data.split(":")[2:]


def yuan_field(fen: int | None) -> str:
    return "-" if fen is None else str(fen // FEN_PER_YUAN)


def fen_field(field: str) -> int | None:
    return None if field == "-" else int(field) * FEN_PER_YUAN


# --- before and around results --------------------------------------------------------------


def platform_offer(tr: Translator, search_id: int) -> Markup:
    return Markup(
        [
            [
                Button(tr("search.btn.taobao"), callback_data=f"s:go:{search_id}:t"),
                Button(tr("search.btn.1688"), callback_data=f"s:go:{search_id}:a"),
            ]
        ]
    )


def id_offer(tr: Translator, item_id: str) -> Markup:
    return Markup(
        [
            [
                Button(tr("search.btn.open_taobao"), callback_data=f"s:id:t:{item_id}"),
                Button(tr("search.btn.open_1688"), callback_data=f"s:id:a:{item_id}"),
            ]
        ]
    )


def retry(tr: Translator, search: StoredSearch) -> Markup:
    return Markup([[Button(tr("search.btn.retry"), callback_data=f"s:pg:{search.id}:1")]])


def results(tr: Translator, search: StoredSearch, page: SearchPage) -> Markup:
    sid = search.id
    rows = []
    numbers = [
        Button(
            str(n),
            callback_data=f"s:it:{CODE_OF_PLATFORM[hit.platform]}:{sid}:{hit.item_id}:{page.page}:0",
        )
        for n, hit in enumerate(page.hits, start=1)
    ]
    if numbers:
        rows.append(numbers)
    paging = []
    if page.page > 1:
        paging.append(Button(tr("btn.prev"), callback_data=f"s:pg:{sid}:{page.page - 1}"))
    if page.page < page.total_pages:
        paging.append(Button(tr("btn.next"), callback_data=f"s:pg:{sid}:{page.page + 1}"))
    if paging:
        rows.append(paging)
    if page.total or search.has_price_filter:
        rows.append(
            [
                Button(tr(f"search.sort.{search.sort}"), callback_data=f"s:so:{sid}:{page.page}"),
                Button(price_label(tr, search), callback_data=f"s:pr:{sid}:{page.page}"),
            ]
        )
    if search.kind == "keyword":
        other = "a" if search.platform == "taobao" else "t"
        label = tr("search.btn.other_1688" if other == "a" else "search.btn.other_taobao")
        rows.append([Button(label, callback_data=f"s:go:{sid}:{other}")])
    return Markup(rows)


def price_label(tr: Translator, search: StoredSearch) -> str:
    if not search.has_price_filter:
        return tr("search.btn.price_any")
    return tr(
        "search.btn.price_set", range=price_range_text(search.price_min_fen, search.price_max_fen)
    )


def price_range_text(low: int | None, high: int | None) -> str:
    if low is None and high is not None:
        return f"≤ {format_fen(high)}"
    if high is None and low is not None:
        return f"≥ {format_fen(low)}"
    return f"{format_fen(low or 0)} – {format_fen(high or 0)}"


def sort_menu(tr: Translator, search: StoredSearch, page: int) -> Markup:
    rows = [
        [
            Button(
                ("✓ " if sort == search.sort else "") + tr(f"search.sort.{sort}"),
                callback_data=f"s:st:{search.id}:{code}",
            )
        ]
        for code, sort in SORT_OF_CODE.items()
    ]
    rows.append([Button(tr("btn.back"), callback_data=f"s:pg:{search.id}:{page}")])
    return Markup(rows)


def price_menu(
    tr: Translator, search: StoredSearch, page: int, bands: list[tuple[int | None, int | None]]
) -> Markup:
    sid = search.id
    rows = [
        [
            Button(
                price_range_text(low, high),
                callback_data=f"s:pf:{sid}:{yuan_field(low)}:{yuan_field(high)}",
            )
        ]
        for low, high in bands
    ]
    if search.has_price_filter:
        rows.append([Button(tr("search.btn.price_clear"), callback_data=f"s:pf:{sid}:-:-")])
    rows.append([Button(tr("search.btn.price_type"), callback_data=f"s:pt:{sid}")])
    rows.append([Button(tr("btn.back"), callback_data=f"s:pg:{sid}:{page}")])
    return Markup(rows)


def nothing_found(tr: Translator, search: StoredSearch) -> Markup:
    rows = []
    if search.has_price_filter:
        rows.append([Button(tr("search.btn.price_clear"), callback_data=f"s:pf:{search.id}:-:-")])
    if search.kind == "keyword":
        other = "a" if search.platform == "taobao" else "t"
        label = tr("search.btn.other_1688" if other == "a" else "search.btn.other_taobao")
        rows.append([Button(label, callback_data=f"s:go:{search.id}:{other}")])
    return Markup(rows)


# --- the product card -----------------------------------------------------------------------


def card(
    tr: Translator,
    product: ProductView,
    *,
    search_id: int,
    page: int,
    sku_page: int,
    chat_url: str | None = None,
) -> Markup:
    """SKU buttons that add the option to the member's order, paged; the seller's other goods
    and a chat with them; the registered extra actions; back to the results."""
    platform = CODE_OF_PLATFORM[product.platform]
    start = sku_page * SKUS_PER_PAGE
    rows = []
    for sku in product.skus[start : start + SKUS_PER_PAGE]:
        if len(product.skus) == 1:
            label = tr("search.btn.add_to_order", price=_sku_price(product, sku))
        elif sku.in_stock:
            label = f"🛒 {sku.label} · {_sku_price(product, sku)}"
        else:
            label = f"{sku.label} · {tr('label.sold_out')}"
        rows.append(
            [Button(label[:60], callback_data=f"s:ad:{platform}:{product.item_id}:{sku.sku_id}")]
        )
    where = f"{platform}:{search_id}:{product.item_id}:{page}"
    paging = []
    if sku_page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"s:it:{where}:{sku_page - 1}"))
    if start + SKUS_PER_PAGE < len(product.skus):
        paging.append(Button(tr("btn.next"), callback_data=f"s:it:{where}:{sku_page + 1}"))
    if paging:
        rows.append(paging)
    seller = []
    if product.platform == "1688" and product.seller_id:
        seller.append(
            Button(
                tr("search.btn.seller_goods"), callback_data=f"s:sl:{search_id}:{product.item_id}"
            )
        )
    if chat_url:
        seller.append(Button(tr("search.btn.chat_open"), url=chat_url))
    else:
        seller.append(Button(tr("search.btn.chat"), callback_data=f"s:ch:{where}:{sku_page}"))
    rows.append(seller)
    for builder in _CARD_ACTIONS:
        if extra := builder(tr, product):
            rows.append(extra)
    if search_id:
        rows.append(
            [Button(tr("search.btn.back_to_results"), callback_data=f"s:pg:{search_id}:{page}")]
        )
    return Markup(rows)


def _sku_price(product: ProductView, sku) -> str:
    return format_fen(product.unit_price_fen(sku, product.min_quantity))
