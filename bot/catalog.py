"""The platform's goods and prices: product lookups and binding quotes of a draft."""

from __future__ import annotations

from bot.domain.draft import Draft
from bot.marketplaces.base import LineCheck, Marketplace, ProductNotFound
from bot.products import Platform, ProductView
from bot.session import Quote

__all__ = ["Catalog", "ProductNotFound"]


class Catalog:
    def __init__(self, markets: dict[str, Marketplace]) -> None:
        self.markets = markets

    async def product(self, platform: Platform, item_id: str) -> ProductView:
        return await self.markets[platform].product(item_id)

    async def quote(self, draft: Draft) -> Quote:
        """Ask the platform for current prices and postage of the whole draft."""
        if draft.receiver is None or draft.platform is None:
            raise ValueError("a quote needs the platform and the receiver")
        return await self.markets[draft.platform].quote(draft)

    async def recheck(self, draft: Draft) -> list[LineCheck]:
        """Each line's price and stock now, to compare with what it was added at."""
        if draft.receiver is None or draft.platform is None:
            raise ValueError("a re-check needs the platform and the receiver")
        if draft.cart_ids:  # just read from the cart; the cart preview is its check
            return []
        return await self.markets[draft.platform].recheck(draft)
