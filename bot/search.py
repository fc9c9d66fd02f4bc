"""Finding goods: keyword, photo and seller searches, their pages and the product cards opened
from them (DESIGN §7 "Finding goods").

A search is stored when it is made (storage/searches.py): a results page's buttons name it by
id, so they keep working after a restart. Pages, product cards and seller chat links are cached
in memory for ORDERBOT_SEARCH_CACHE_SECONDS, not in SQLite: they are the platform's answers,
re-fetchable at any moment and stale within minutes, and there are many per search; keeping
them on disk would cost a write per page for nothing a restart needs. Paging back and forth and
"back to the results" therefore do not call the platform again while the answer is fresh, and
after a restart a page is simply asked for again.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from cachetools import TTLCache

from bot.marketplaces.base import Marketplace, SearchFilters, SearchPage, Unsupported
from bot.products import ProductView
from storage.searches import SearchRepository, StoredSearch

log = logging.getLogger(__name__)

PAGE_SIZE = 6  # results per page: a 3 × 2 photo grid and a caption that fits Telegram's 1024
RETENTION_DAYS = 30  # searches are forgotten after this (their pages then say "expired")
_CACHE_ENTRIES = 1024
_MISSING = object()


class SearchGone(LookupError):
    """The search behind a button is not stored (any more)."""


class SearchService:
    def __init__(
        self,
        markets: dict[str, Marketplace],
        searches: SearchRepository,
        *,
        cache_seconds: float,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.markets = markets
        self.searches = searches
        self.page_size = page_size
        self._cache: TTLCache[tuple[Any, ...], Any] | None = (
            TTLCache(maxsize=_CACHE_ENTRIES, ttl=cache_seconds) if cache_seconds > 0 else None
        )

    # --- making searches -----------------------------------------------------------------

    def keyword_search(
        self, chat_id: int, user_id: int, keyword: str, platform: str | None = None
    ) -> StoredSearch:
        """`platform` None: the member is asked which platform first."""
        return self.searches.create(
            chat_id=chat_id, user_id=user_id, kind="keyword", keyword=keyword, platform=platform
        )

    def image_search(self, chat_id: int, user_id: int, jpeg: bytes) -> StoredSearch:
        """A search by photo (1688: the platform searches by image there only)."""
        image_id = self.searches.store_image(jpeg)
        return self.searches.create(
            chat_id=chat_id, user_id=user_id, kind="image", image_id=image_id, platform="1688"
        )

    def seller_search(self, chat_id: int, user_id: int, product: ProductView) -> StoredSearch:
        return self.searches.create(
            chat_id=chat_id,
            user_id=user_id,
            kind="seller",
            platform=product.platform,
            seller_id=product.seller_id,
            seller_name=product.seller_name,
        )

    def refine(self, search: StoredSearch, user_id: int, **changes: Any) -> StoredSearch:
        """The same search with another platform, sort or price range (a new id, so the page
        the change was made from keeps its meaning)."""
        return self.searches.derive(search, user_id=user_id, **changes)

    def get(self, search_id: int) -> StoredSearch:
        search = self.searches.get(search_id)
        if search is None:
            raise SearchGone(search_id)
        return search

    def purge_old(self, now_ms: int) -> int:
        return self.searches.purge(now_ms - RETENTION_DAYS * 86_400_000)

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def filters(search: StoredSearch) -> SearchFilters:
        return SearchFilters(search.sort, search.price_min_fen, search.price_max_fen)  # type: ignore[arg-type]

    async def page(self, search: StoredSearch, page: int) -> SearchPage:
        """Page `page` (1-based) of the search's results. Raises Unsupported (no such search on
        that platform), PandaPonError (the platform failed), SearchGone (the photo is gone)."""
        if search.platform is None:
            raise ValueError("the search has no platform yet")
        key = (
            "page",
            search.platform,
            search.kind,
            search.keyword,
            search.image_id,
            search.seller_id,
            search.sort,
            search.price_min_fen,
            search.price_max_fen,
            page,
        )
        return await self._cached(key, lambda: self._fetch(search, page))

    async def _fetch(self, search: StoredSearch, page: int) -> SearchPage:
        market = self.markets[search.platform or ""]
        size = self.page_size
        if search.kind == "keyword":
            return await market.search(search.keyword or "", self.filters(search), page, size)
        if search.kind == "seller":
            if not search.seller_id:
                raise Unsupported("no seller")
            return await market.seller_goods(search.seller_id, self.filters(search), page, size)
        content = self.searches.image(search.image_id or 0)
        if content is None:
            raise SearchGone(search.id)
        encoded = base64.b64encode(content).decode("ascii")
        return await market.search_by_image(encoded, page, size)

    async def product(self, platform: str, item_id: str) -> ProductView:
        """The product card's product (ProductNotFound, PandaPonError as Catalog.product)."""
        key = ("product", platform, item_id)
        return await self._cached(key, lambda: self.markets[platform].product(item_id))

    async def seller_chat_link(self, product: ProductView) -> str | None:
        key = ("chat", product.platform, product.item_id, product.seller_id)
        market = self.markets[product.platform]
        return await self._cached(key, lambda: market.seller_chat_link(product))

    def remember(self, key: tuple[Any, ...], value: Any) -> None:
        """Keep something derived from an answer (e.g. the sent photo of a page) as long."""
        if self._cache is not None:
            self._cache[key] = value

    def recall(self, key: tuple[Any, ...]) -> Any | None:
        return None if self._cache is None else self._cache.get(key)

    async def _cached(self, key: tuple[Any, ...], fetch: Any) -> Any:
        if self._cache is not None:
            cached = self._cache.get(key, _MISSING)
            if cached is not _MISSING:
                return cached
        value = await fetch()
        if self._cache is not None:
            self._cache[key] = value
        return value
