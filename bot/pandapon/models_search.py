"""Typed requests and responses for finding goods: keyword search on both platforms, a 1688
seller's goods, 1688 search by image and the seller's Wangwang nickname (docs/platform-wire.md,
"Finding goods").

Request bodies follow the docs (pandapon-api.md §3.1, §3.5, §7); the Taobao response, the
1688 hit fields beyond `imageUrl`/`subject`, and the fields marked below are assumed.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.pandapon.models_alibaba import PriceRange
from bot.pandapon.wire import Id, WireModel, YuanFen

# --- Taobao ----------------------------------------------------------------------------------


class TaobaoSearchRequest(WireModel):
    keyword: str
    page_no: int = 1
    page_size: int = 20  # documented: 1..40
    sort: str | None = None  # e.g. "tk_rate_desc" (documented example), "price_asc"
    language: str | None = None  # assumed: the translated title's language
    start_price: int | None = None  # assumed: fen
    end_price: int | None = None  # assumed: fen


class TaobaoSearchHit(WireModel):
    item_id: Id
    title: str = ""
    translated_title: str | None = None
    pic_url: str | None = None
    price: int = 0
    promotion_price: int | None = None
    sales: int | None = None
    shop_id: Id | None = None
    shop_name: str | None = None


class TaobaoSearchPage(WireModel):
    total: int = 0
    page_no: int = 1
    page_size: int = 20
    items: list[TaobaoSearchHit] = Field(default_factory=list)


# --- 1688 ------------------------------------------------------------------------------------


class AlibabaKeywordRequest(WireModel):
    keyword: str | None = None
    begin_page: int = 1
    page_size: int = 20
    country: str = "en"
    filter: str | None = None
    sort: str | None = None  # a JSON string: '{"price":"desc"}'
    out_member_id: str = ""
    price_start: str | None = None  # yuan, "633.69"
    price_end: str | None = None
    category_id: str | None = None


class SellerOfferRequest(AlibabaKeywordRequest):
    seller_open_id: str


class ImageQueryRequest(WireModel):
    image_base64: str  # the image's base64, without the data-URL prefix
    begin_page: int = 1
    page_size: int = 20
    country: str = "en"


class PriceInfo(WireModel):
    price: YuanFen | None = None
    promotion_price: YuanFen | None = None
    consign_price: YuanFen | None = None


class AlibabaSearchHit(WireModel):
    offer_id: Id
    subject: str = ""
    subject_trans: str | None = None
    image_url: str | None = None
    price_info: PriceInfo = Field(default_factory=PriceInfo)
    month_sold: int | None = None
    min_order_quantity: int = 1
    unit: str | None = None
    price_range_list: list[PriceRange] = Field(default_factory=list)
    seller_open_id: str | None = None
    company_name: str | None = None


class AlibabaSearchPage(WireModel):
    total_records: int = 0
    total_page: int = 0
    page_size: int = 20
    current_page: int = 1
    data: list[AlibabaSearchHit] = Field(default_factory=list)

    @field_validator("data", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value  # a search with no results may send null


class OpenUidDecryptRequest(WireModel):
    offer_id: int
    open_uid: str


class OpenUidDecryptResult(WireModel):
    """Assumed: `{"wangwangNick": "…"}`; a bare string is read as the nickname too."""

    wangwang_nick: str

    @classmethod
    def of(cls, data: object) -> OpenUidDecryptResult:
        if isinstance(data, str):
            return cls(wangwang_nick=data)
        return cls.model_validate(data)
