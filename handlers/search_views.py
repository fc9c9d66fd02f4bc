"""What a search message shows: a results page (a numbered photo grid, the list as its caption)
or a product card (its photo, the details as caption), and how it reaches the chat.

A search lives in one photo message: paging, filters, opening a card and going back edit that
message in place (editMessageMedia); a press on a text message (the "which platform?" offer)
answers with a new one. A page's grid, once sent, is shown again by its Telegram file id.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, InputMediaPhoto, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.domain.money import format_fen
from bot.i18n import Translator
from bot.marketplaces.base import SearchHit, SearchPage
from bot.products import ProductView
from bot.telegram_bot import not_modified
from handlers import search_keyboards as kb
from handlers.common import deps, reply_kwargs
from handlers.telegram_limits import CAPTION_LIMIT
from storage.searches import StoredSearch

log = logging.getLogger(__name__)

NOTHING = "nothing"  # the photo of a view without one: the "nothing found" picture
NOTHING_KEY = ("nothing-found",)
_TITLE_LIMITS = (46, 34, 24, 16)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class View:
    caption: str
    keyboard: InlineKeyboardMarkup
    photo: bytes | str  # an upload, a file id or a URL
    remember_as: tuple[Any, ...] | None = None  # keep the sent photo's file id under this


def visible_length(caption: str) -> int:
    """What Telegram counts against the caption limit: the text without its HTML tags."""
    return len(html.unescape(_TAG.sub("", caption)))


def fit(build: Callable[[int], str]) -> str:
    """The first caption, with titles cut to ever shorter limits, that Telegram takes."""
    for limit in _TITLE_LIMITS:
        caption = build(limit)
        if visible_length(caption) <= CAPTION_LIMIT:
            return caption
    return build(8)[: CAPTION_LIMIT - 1]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _count(tr: Translator, n: int) -> str:
    """1234 → 1.2k (English) or 1234 (Chinese); 23456 → 23k or 2.3万."""
    if tr.lang == "zh":
        return f"{n / 10000:.1f}万" if n >= 10000 else str(n)
    return f"{n // 1000}k" if n >= 10000 else f"{n / 1000:.1f}k" if n >= 1000 else str(n)


def _price(tr: Translator, fen: int, original: int | None) -> str:
    if original and original > fen:
        return tr("search.price_promo", price=format_fen(fen), original=format_fen(original))
    return tr("search.price", price=format_fen(fen))


def titles(
    tr: Translator, title: str, translated: str | None, limit: int
) -> tuple[str, str | None]:
    """(the title to lead with, the other one): the translation first for English readers."""
    if not translated or translated == title:
        return _cut(title, limit), None
    if tr.lang == "zh":
        return _cut(title, limit), _cut(translated, limit)
    return _cut(translated, limit), _cut(title, limit * 2 // 3)


# --- results --------------------------------------------------------------------------------


def page_header(tr: Translator, search: StoredSearch, page: SearchPage) -> str:
    platform = tr("btn.taobao") if search.platform == "taobao" else tr("btn.1688")
    counts = {"total": page.total, "page": page.page, "pages": max(page.total_pages, 1)}
    if search.kind == "image":
        head = tr("search.head.image", platform=platform, **counts)
    elif search.kind == "seller":
        head = tr("search.head.seller", seller=search.seller_name or "—", **counts)
    else:
        head = tr("search.head.keyword", platform=platform, words=search.keyword or "", **counts)
    filters = []
    if search.sort != "relevance":
        filters.append(tr(f"search.sort.{search.sort}"))
    if search.has_price_filter:
        filters.append(kb.price_range_text(search.price_min_fen, search.price_max_fen))
    if filters:
        head += "\n" + tr("search.filters", filters=" · ".join(filters))
    return head


def _hit_lines(tr: Translator, n: int, hit: SearchHit, limit: int) -> str:
    first, second = titles(tr, hit.title, hit.title_trans, limit)
    facts = [_price(tr, hit.price_fen, hit.original_price_fen)]
    if hit.platform == "1688":
        facts.append(tr("search.moq", moq=hit.min_quantity, unit=hit.unit or ""))
        better = next((t for t in hit.tiers if t.start_quantity > hit.min_quantity), None)
        if better is not None:
            facts.append(f"≥{better.start_quantity} {format_fen(better.price_fen)}")
    if hit.sales:
        facts.append(tr("search.sold", count=_count(tr, hit.sales)))
    if hit.seller_name:
        facts.append(_esc(_cut(hit.seller_name, 14)))
    rows = [f"<b>{n}.</b> {_esc(first)}"]
    if second:
        rows.append(f"    <i>{_esc(second)}</i>")
    rows.append("    " + " · ".join(facts))
    return "\n".join(rows)


def page_caption(tr: Translator, search: StoredSearch, page: SearchPage) -> str:
    header = page_header(tr, search, page)

    def build(limit: int) -> str:
        rows = [_hit_lines(tr, n, hit, limit) for n, hit in enumerate(page.hits, start=1)]
        return "\n\n".join([header, *rows, tr("search.tap_number")])

    return fit(build)


def nothing_caption(tr: Translator, search: StoredSearch) -> str:
    platform = tr("btn.taobao") if search.platform == "taobao" else tr("btn.1688")
    if search.kind == "keyword":
        text = tr("search.none.keyword", words=search.keyword or "", platform=platform)
    elif search.kind == "seller":
        text = tr("search.none.seller", seller=search.seller_name or "—")
    else:
        text = tr("search.none.image", platform=platform)
    if search.has_price_filter:
        range_text = kb.price_range_text(search.price_min_fen, search.price_max_fen)
        text += "\n" + tr("search.none.price", range=range_text)
    return text


async def page_view(
    context: ContextTypes.DEFAULT_TYPE, tr: Translator, search: StoredSearch, number: int
) -> View:
    """The view of page `number` (platform errors propagate to the caller)."""
    d = deps(context)
    page = await d.search.page(search, number)
    if not page.hits:
        return View(nothing_caption(tr, search), kb.nothing_found(tr, search), NOTHING, NOTHING_KEY)
    key = ("grid", tuple(hit.image_url for hit in page.hits))
    photo = d.search.recall(key) or await d.page_images.grid([hit.image_url for hit in page.hits])
    return View(page_caption(tr, search, page), kb.results(tr, search, page), photo, key)


# --- the product card -----------------------------------------------------------------------


def card_caption(tr: Translator, product: ProductView) -> str:
    def build(limit: int) -> str:
        first, second = titles(tr, product.title, product.title_trans, limit * 3)
        rows = [f"<b>{_esc(first)}</b>"]
        if second:
            rows.append(f"<i>{_esc(second)}</i>")
        low, high = product.price_range_fen()
        price = format_fen(low) if low == high else f"{format_fen(low)} – {format_fen(high)}"
        originals = [s.original_price_fen for s in product.skus if s.original_price_fen]
        if originals:
            rows.append(tr("search.card.promo", price=price, original=format_fen(min(originals))))
        else:
            rows.append(tr("search.card.price", price=price))
        if product.platform == "1688":
            rows.append(tr("product.moq", moq=product.min_quantity, unit=product.unit or ""))
            if product.tiers:
                tiers = ", ".join(
                    tr("product.tier", qty=t.start_quantity, price=format_fen(t.price_fen))
                    for t in product.tiers
                )
                rows.append(tr("product.tiers", tiers=tiers))
        if product.seller_name:
            rows.append(tr("product.seller", seller=_cut(product.seller_name, 40)))
        stock = sum(sku.stock for sku in product.skus)
        rows.append(tr("search.card.stock", options=len(product.skus), stock=stock))
        rows.append("")
        rows.append(tr("search.card.tap_option" if stock else "search.card.sold_out"))
        return "\n".join(rows)

    return fit(build)


def card_view(
    tr: Translator,
    product: ProductView,
    *,
    search_id: int,
    page: int,
    sku_page: int = 0,
    chat_url: str | None = None,
) -> View:
    keyboard = kb.card(
        tr, product, search_id=search_id, page=page, sku_page=sku_page, chat_url=chat_url
    )
    photo: bytes | str = product.image_url or NOTHING
    return View(card_caption(tr, product), keyboard, photo)


# --- delivery -------------------------------------------------------------------------------


async def deliver(update: Update, context: ContextTypes.DEFAULT_TYPE, view: View) -> Message:
    """Edit the pressed photo message into `view`, else send it as a new message."""
    d = deps(context)
    photo = view.photo
    if photo == NOTHING:
        photo = d.search.recall(NOTHING_KEY) or d.page_images.nothing_found()
    query = update.callback_query
    message = query.message if query is not None else None
    sent: Message | None = None
    if message is not None and getattr(message, "photo", None):
        media = InputMediaPhoto(photo, caption=view.caption, parse_mode=ParseMode.HTML)
        try:
            edited = await message.edit_media(media, reply_markup=view.keyboard)
            sent = edited if isinstance(edited, Message) else None
        except BadRequest as exc:
            if not_modified(exc):
                return message
            log.info("search message %s not edited (%s); sending anew", message.message_id, exc)
    if sent is None:
        sent = await context.bot.send_photo(
            update.effective_chat.id,
            photo,
            caption=view.caption,
            reply_markup=view.keyboard,
            **reply_kwargs(update),
        )
    if view.remember_as is not None and sent.photo:
        d.search.remember(view.remember_as, sent.photo[-1].file_id)
    return sent
