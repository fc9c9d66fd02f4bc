"""Finding goods on the sandbox: Taobao and 1688 keyword search, a 1688 seller's goods, search by
image, and the seller's Wangwang nickname (docs/platform-wire.md, "Finding goods").

Taobao pages are `{total, pageNo, pageSize, items}` with fen prices; 1688 pages are the documented
`{totalRecords, totalPage, pageSize, currentPage, data}` with yuan-string prices, as its goods
elsewhere. Titles come in Chinese and, where asked for (`language` / `country`), translated.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.pandapon import image_search, search
from sandbox.pandapon.catalog import Product, absolute
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    NOT_FOUND,
    ApiError,
    as_id,
    as_int,
    optional_str,
    require,
    yuan_str,
)

MAX_KEYWORD_CHARS = 200
MAX_YUAN = Decimal(10_000_000)
TAOBAO_MAX_PAGE_SIZE = 40  # documented: pageSize 1..40
ALIBABA_MAX_PAGE_SIZE = 50
TAOBAO_SORTS: dict[str, search.Sort] = {
    "default": "relevance",
    "price_asc": "price_asc",
    "price_desc": "price_desc",
    "total_sales_desc": "sales_desc",
    "tk_rate_desc": "commission_desc",  # the documented example
}
ALIBABA_SORTS: dict[tuple[str, str], search.Sort] = {
    ("price", "asc"): "price_asc",
    ("price", "desc"): "price_desc",
    ("monthSold", "desc"): "sales_desc",
}


# --- Taobao ---------------------------------------------------------------------------------


def taobao_item_search(state: SandboxState, call: Call) -> Any:
    params = call.params
    keyword = _keyword(params)
    page_no = as_int(params.get("pageNo") or 1, "pageNo", minimum=1)
    page_size = _page_size(params, TAOBAO_MAX_PAGE_SIZE)
    sort = params.get("sort") or "default"
    if sort not in TAOBAO_SORTS:
        raise ApiError(BAD_REQUEST, f"sort must be one of {', '.join(TAOBAO_SORTS)}; got {sort!r}")
    price_min = _optional_fen(params, "startPrice")
    price_max = _optional_fen(params, "endPrice")
    found = search.search(
        state.catalog.products("taobao"),
        keyword,
        price_min=price_min,
        price_max=price_max,
        sort=TAOBAO_SORTS[sort],
    )
    translate = optional_str(params, "language") == "en"
    items = search.page_of(found, page_no, page_size)
    return {
        "total": len(found),
        "pageNo": page_no,
        "pageSize": page_size,
        "items": [_taobao_hit(product, call.base_url, translate) for product in items],
    }


def _taobao_hit(product: Product, base_url: str, translate: bool) -> dict[str, Any]:
    return {
        "itemId": int(product.item_id),
        "title": product.title,
        "translatedTitle": product.title_en if translate else None,
        "picUrl": absolute(base_url, product.pic_paths[0]),
        "price": product.list_price(),
        "promotionPrice": product.lowest_price(),
        "sales": product.sales,
        "shopId": int(product.shop.shop_id),
        "shopName": product.shop.name,
        "userNick": product.shop.nick,
    }


# --- 1688 -----------------------------------------------------------------------------------


def alibaba_keywords_query(state: SandboxState, call: Call) -> Any:
    return _alibaba_search(state, call, _keyword(call.params), state.catalog.products("1688"))


def alibaba_seller_offers(state: SandboxState, call: Call) -> Any:
    seller_id = str(require(call.params, "sellerOpenId"))
    shop = state.catalog.shop("1688", seller_id)
    if shop is None:
        raise ApiError(NOT_FOUND, f"1688 seller {seller_id} not found")
    keyword = optional_str(call.params, "keyword")
    if keyword is not None and len(keyword) > MAX_KEYWORD_CHARS:
        raise ApiError(BAD_REQUEST, f"keyword must be at most {MAX_KEYWORD_CHARS} characters")
    goods = [p for p in state.catalog.products("1688") if p.shop.shop_id == seller_id]
    return _alibaba_search(state, call, keyword, goods)


def alibaba_image_query(state: SandboxState, call: Call) -> Any:
    params = call.params
    value = require(params, "imageBase64")
    if not isinstance(value, str):
        raise ApiError(BAD_REQUEST, "imageBase64 must be a string")
    try:
        grid = image_search.signature(image_search.decode_base64_image(value.strip()))
    except image_search.BadImage as exc:
        raise ApiError(BAD_REQUEST, str(exc)) from exc
    page_no = as_int(params.get("beginPage") or 1, "beginPage", minimum=1)
    page_size = _page_size(params, ALIBABA_MAX_PAGE_SIZE)
    found = image_search.similar(state.catalog, grid)
    return _alibaba_page(found, page_no, page_size, call.base_url)


def alibaba_openuid_decrypt(state: SandboxState, call: Call) -> Any:
    """The Wangwang nickname behind a seller's openUid (the offer must be theirs)."""
    offer_id = as_id(require(call.params, "offerId"), "offerId")
    open_uid = str(require(call.params, "openUid"))
    product = state.catalog.product("1688", offer_id)
    if product is None:
        raise ApiError(NOT_FOUND, f"1688 offer {offer_id} not found")
    if product.shop.shop_id != open_uid:
        raise ApiError(BAD_REQUEST, f"openUid {open_uid} is not the seller of offer {offer_id}")
    return {"wangwangNick": product.shop.nick}


def _alibaba_search(
    state: SandboxState, call: Call, keyword: str | None, products: list[Product]
) -> Any:
    params = call.params
    page_no = as_int(params.get("beginPage") or 1, "beginPage", minimum=1)
    page_size = _page_size(params, ALIBABA_MAX_PAGE_SIZE)
    category = params.get("categoryId")
    found = search.search(
        products,
        keyword,
        price_min=_optional_yuan(params, "priceStart"),
        price_max=_optional_yuan(params, "priceEnd"),
        sort=_alibaba_sort(params.get("sort")),
        category_id=None if category in (None, "") else as_id(category, "categoryId"),
    )
    return _alibaba_page(found, page_no, page_size, call.base_url)


def _alibaba_page(
    found: list[Product], page_no: int, page_size: int, base_url: str
) -> dict[str, Any]:
    return {
        "totalRecords": len(found),
        "totalPage": search.total_pages(len(found), page_size),
        "pageSize": page_size,
        "currentPage": page_no,
        "data": [_alibaba_hit(p, base_url) for p in search.page_of(found, page_no, page_size)],
    }


def _alibaba_hit(product: Product, base_url: str) -> dict[str, Any]:
    price = yuan_str(product.lowest_price())
    return {
        "offerId": int(product.item_id),
        "subject": product.title,
        "subjectTrans": product.title_en,
        "imageUrl": absolute(base_url, product.pic_paths[0]),
        "priceInfo": {"price": price, "consignPrice": price},
        "monthSold": product.sales,
        "repurchaseRate": f"{int(product.item_id[-2:]) % 40 + 5}%",
        "minOrderQuantity": product.moq,
        "unit": product.unit,
        "priceRangeList": [
            {"startQuantity": start, "price": yuan_str(fen)} for start, fen in product.tiers
        ],
        "sellerOpenId": product.shop.shop_id,
        "companyName": product.shop.name,
    }


def _alibaba_sort(value: Any) -> search.Sort:
    """The documented JSON string, e.g. '{"price":"desc"}'; empty for relevance."""
    if value in (None, ""):
        return "relevance"
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or len(parsed) != 1:
        raise ApiError(BAD_REQUEST, 'sort must be a JSON string such as {"price":"desc"}')
    ((field, direction),) = parsed.items()
    sort = ALIBABA_SORTS.get((field, direction))
    if sort is None:
        known = ", ".join(json.dumps({f: d}) for f, d in ALIBABA_SORTS)
        raise ApiError(BAD_REQUEST, f"sort must be one of {known}; got {value}")
    return sort


# --- parameters -----------------------------------------------------------------------------


def _keyword(params: dict[str, Any]) -> str:
    keyword = require(params, "keyword")
    if not isinstance(keyword, str):
        raise ApiError(BAD_REQUEST, "keyword must be a string")
    if len(keyword) > MAX_KEYWORD_CHARS:
        raise ApiError(BAD_REQUEST, f"keyword must be at most {MAX_KEYWORD_CHARS} characters")
    return keyword


def _page_size(params: dict[str, Any], maximum: int) -> int:
    size = as_int(params.get("pageSize") or 20, "pageSize", minimum=1)
    if size > maximum:
        raise ApiError(BAD_REQUEST, f"pageSize must be from 1 to {maximum}")
    return size


def _optional_fen(params: dict[str, Any], field: str) -> int | None:
    value = params.get(field)
    return None if value in (None, "") else as_int(value, field, minimum=0)


def _optional_yuan(params: dict[str, Any], field: str) -> int | None:
    """A wholesale price as the docs write it ("633.69"), in fen."""
    value = params.get(field)
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
        valid = (
            amount.is_finite()
            and 0 <= amount < MAX_YUAN
            and amount == amount.quantize(Decimal("0.01"))
        )
    except InvalidOperation:
        valid = False
    if not valid:
        raise ApiError(BAD_REQUEST, f"{field} must be a price in yuan such as 12.50")
    return int(amount * 100)
