"""Keyword search over the sandbox catalog: matching, ranking, price filters, sorts, pages.

Chinese titles have no spaces, so a Chinese term matches as a substring, or by the share of its
character pairs found in the title (蓝牙耳机 finds 无线蓝牙耳机, 耳机蓝牙 still finds it); an
English or Latin term matches words of the English title and category by prefix, plurals folded
(earbud finds earbuds). Every term must match. Relevance weighs where each term matched (title,
category, shop) and breaks ties by sales, then by id, so the same query always gives the same
order. Off-shelf products are never found.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sandbox.pandapon.catalog import Product

Sort = Literal["relevance", "price_asc", "price_desc", "sales_desc", "commission_desc"]
_SPLIT = re.compile(r"[\s,，、/|;；]+")
_WORD = re.compile(r"[a-z0-9]+")
_MIN_PAIR_SHARE = 0.6


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _stem(word: str) -> str:
    """Plurals folded: shoes → shoe, boxes → box, earbuds → earbud."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Indexed:
    """What a product is searched by (computed once per product and title)."""

    title: str
    category: str
    shop: str
    words: frozenset[str]  # stemmed English title words
    category_words: frozenset[str]


@lru_cache(maxsize=4096)
def _indexed(title: str, title_en: str, category: str, category_en: str, shop: str) -> _Indexed:
    return _Indexed(
        title=normalize(title),
        category=normalize(category),
        shop=normalize(shop),
        words=frozenset(_stem(w) for w in _WORD.findall(normalize(title_en))),
        category_words=frozenset(_stem(w) for w in _WORD.findall(normalize(category_en))),
    )


def _index(product: Product) -> _Indexed:
    return _indexed(
        product.title, product.title_en, product.category_name, product.category_en,
        product.shop.name,
    )  # fmt: skip


def _pair_share(term: str, text: str) -> float:
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    return sum(pair in text for pair in pairs) / len(pairs) if pairs else 0.0


def _cjk_score(term: str, index: _Indexed) -> float:
    if term in index.title:
        return 3.0
    if term in index.category:
        return 2.0
    if term in index.shop:
        return 1.0
    share = _pair_share(term, index.title) if len(term) >= 3 else 0.0
    return 1.5 * share if share >= _MIN_PAIR_SHARE else 0.0


def _prefix_of_word(stem: str, words: frozenset[str]) -> bool:
    return len(stem) >= 3 and any(word.startswith(stem) for word in words)


def _latin_score(term: str, index: _Indexed) -> float:
    score = 0.0
    for word in _WORD.findall(term):
        stem = _stem(word)
        if stem in index.words:
            part = 3.0
        elif stem in index.category_words or _prefix_of_word(stem, index.words):
            part = 2.0
        elif word in index.title:  # iPhone, TPE, A5, LED written in the Chinese title
            part = 2.5
        else:
            return 0.0
        score += part
    return score


def relevance(terms: Iterable[str], product: Product) -> float:
    """0 when a term does not match; else higher for better matches (and more sales)."""
    index = _index(product)
    total = 0.0
    for term in terms:
        score = _cjk_score(term, index) if _has_cjk(term) else _latin_score(term, index)
        if score <= 0:
            return 0.0
        total += score
    return total + 0.3 * math.log10(1 + product.sales)


def terms_of(keyword: str) -> list[str]:
    return [term for term in _SPLIT.split(normalize(keyword)) if term]


def commission_rate(product: Product) -> int:
    """A stable pretend commission (per mille) for Taobao's tk_rate sort."""
    return int(product.item_id[-3:]) % 200


def search(
    products: Iterable[Product],
    keyword: str | None,
    *,
    price_min: int | None = None,
    price_max: int | None = None,
    sort: Sort = "relevance",
    category_id: str | None = None,
) -> list[Product]:
    """The matching products in result order. Without a keyword every product matches (a
    seller's shop browsed without words), ordered by sales."""
    terms = terms_of(keyword or "")
    scored: list[tuple[float, Product]] = []
    for product in products:
        if product.status != "active":
            continue
        if category_id is not None and product.category_id != category_id:
            continue
        price = product.lowest_price()
        if (price_min is not None and price < price_min) or (
            price_max is not None and price > price_max
        ):
            continue
        score = relevance(terms, product) if terms else math.log10(1 + product.sales)
        if score > 0:
            scored.append((score, product))
    keys = {
        "relevance": lambda e: (-e[0], -e[1].sales, e[1].item_id),
        "price_asc": lambda e: (e[1].lowest_price(), -e[0], e[1].item_id),
        "price_desc": lambda e: (-e[1].lowest_price(), -e[0], e[1].item_id),
        "sales_desc": lambda e: (-e[1].sales, -e[0], e[1].item_id),
        "commission_desc": lambda e: (-commission_rate(e[1]), -e[0], e[1].item_id),
    }
    scored.sort(key=keys[sort])
    return [product for _, product in scored]


def page_of(found: list[Product], page_no: int, page_size: int) -> list[Product]:
    start = (page_no - 1) * page_size
    return found[start : start + page_size]


def total_pages(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size)) if total else 0
