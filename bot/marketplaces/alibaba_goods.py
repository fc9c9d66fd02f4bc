"""1688 beyond one offer: search requests and results, the seller's Wangwang link, shop
promotions from the preview, and the re-check of a draft's lines by the preview.

`AlibabaMarketplace` (bot/marketplaces/alibaba.py) delegates here, so the order path there
stays small. Search prices are yuan strings on the wire (fen in our code, as everywhere).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from bot.domain.draft import Draft
from bot.domain.money import fen_to_yuan_text
from bot.domain.quantity import PriceTier
from bot.marketplaces.base import LineCheck, SearchFilters, SearchHit, SearchPage
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_search as ms
from bot.pandapon.client import PandaPonClient
from bot.products import ProductView
from bot.session import PromotionChoice

# Our sorts as 1688's `sort` (a JSON string; None: the platform's relevance order).
SORTS = {
    "relevance": None,
    "price_asc": '{"price":"asc"}',
    "price_desc": '{"price":"desc"}',
    "sales": '{"monthSold":"desc"}',
}
OUT_OF_STOCK = "OUT_OF_STOCK"
# Where a Wangwang nickname opens a chat with the seller (1688's web IM).
WANGWANG_URL = "https://amos.alicdn.com/msg.aw?v=2&uid={nick}&site=cnalichn&s=1&charset=UTF-8"


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else fen_to_yuan_text(fen)


def keyword_request(
    keyword: str, filters: SearchFilters, page: int, page_size: int, country: str
) -> ms.AlibabaKeywordRequest:
    return ms.AlibabaKeywordRequest(
        keyword=keyword,
        begin_page=page,
        page_size=page_size,
        country=country,
        sort=SORTS[filters.sort],
        price_start=_yuan(filters.price_min_fen),
        price_end=_yuan(filters.price_max_fen),
    )


def seller_request(
    seller_id: str, filters: SearchFilters, page: int, page_size: int, country: str
) -> ms.SellerOfferRequest:
    return ms.SellerOfferRequest(
        seller_open_id=seller_id,
        begin_page=page,
        page_size=page_size,
        country=country,
        sort=SORTS[filters.sort],
        price_start=_yuan(filters.price_min_fen),
        price_end=_yuan(filters.price_max_fen),
    )


def image_request(
    image_base64: str, page: int, page_size: int, country: str
) -> ms.ImageQueryRequest:
    return ms.ImageQueryRequest(
        image_base64=image_base64, begin_page=page, page_size=page_size, country=country
    )


def page_of(result: ms.AlibabaSearchPage, page: int, page_size: int) -> SearchPage:
    return SearchPage(
        tuple(_hit(item) for item in result.data), page, page_size, result.total_records
    )


def _hit(item: ms.AlibabaSearchHit) -> SearchHit:
    tiers = tuple(
        sorted(
            (
                PriceTier(start_quantity=r.start_quantity, price_fen=r.price)
                for r in item.price_range_list
            ),
            key=lambda tier: tier.start_quantity,
        )
    )
    price = item.price_info.price
    if price is None:
        price = tiers[0].price_fen if tiers else 0
    promotion = item.price_info.promotion_price
    on_promotion = promotion is not None and 0 < promotion < price
    return SearchHit(
        platform="1688",
        item_id=item.offer_id,
        title=item.subject,
        title_trans=item.subject_trans,
        image_url=item.image_url,
        price_fen=promotion if on_promotion else price,
        original_price_fen=price if on_promotion else None,
        min_quantity=max(1, item.min_order_quantity),
        unit=item.unit,
        tiers=tiers,
        sales=item.month_sold,
        seller_id=item.seller_open_id,
        seller_name=item.company_name,
    )


def wangwang_link(nick: str) -> str:
    return WANGWANG_URL.format(nick=quote(nick, safe=""))


def promotions_of(result: ali.PreviewResult) -> tuple[int, list[PromotionChoice]]:
    """(the discount of the chosen promotion, every promotion the cart reaches)."""
    discount = sum(entry.discount_fee for entry in result.order_preview_results)
    choices = [
        PromotionChoice(
            promotion_id=offer.shop_promotion_id,
            name=offer.promotion_name or offer.shop_promotion_id,
            discount_fen=offer.discount_fee,
            selected=offer.selected,
        )
        for entry in result.order_preview_results
        for offer in entry.shop_promotion_list
    ]
    return discount, choices


async def recheck(
    client: PandaPonClient,
    product: Callable[[str], Awaitable[ProductView]],
    draft: Draft,
    request: ali.PreviewRequest,
) -> list[LineCheck]:
    """The preview (`request`: the draft's lines, no promotion) prices every line as 1688
    would now. A line it finds short of stock, or whose tier price moved, is read again
    (`product`) for the exact stock and tiers."""
    result = await client.alibaba_preview(request)
    cargo = {
        (str(c.offer_id), c.spec_id): c for e in result.order_preview_results for c in e.cargo_list
    }
    checks = []
    for index, line in enumerate(draft.lines):
        quoted = cargo.get((line.item_id, line.sku_id))
        if quoted is None:
            checks.append(LineCheck(index, False, None, None, "not offered any more"))
            continue
        price = quoted.unit_price
        short = quoted.error_code == OUT_OF_STOCK
        if quoted.error_code and not short:
            reason = quoted.error_msg or quoted.error_code
            checks.append(LineCheck(index, False, price, None, reason))
        elif short or (price is not None and price != line.unit_price_fen and line.tiers):
            view = await product(line.item_id)
            sku = next((s for s in view.skus if s.sku_id == line.sku_id), None)
            stock = sku.stock if sku else 0
            tiers = tuple(view.tiers) if line.tiers else None
            checks.append(LineCheck(index, True, price, stock, tiers=tiers))
        else:
            checks.append(LineCheck(index, True, price, None))
    return checks
