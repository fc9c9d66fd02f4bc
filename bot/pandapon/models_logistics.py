"""Typed requests and responses of the warehouse-logistics and address-book calls (§3.8, §3.9).

Request bodies follow the documented field lists; every response shape is assumed (the docs'
excerpts stop before them — docs/platform-wire.md, "Shipping abroad"). Freight amounts travel as
decimal strings in the quoted currency (`"12.34"` USD, `"250000"` VND) with the currency code
beside them; they become exact `Amount`s in bot/freight.py, never floats.
"""

from __future__ import annotations

from pydantic import Field

from bot.pandapon.wire import Id, WireModel


class ReceiverAddress(WireModel):
    """ReceiverAddressTO: the receiver abroad (the estimate needs only `country`)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    mobile_phone: str = ""
    address: str = ""
    tax_id: str = ""
    country: str  # ISO 3166 alpha-2, as the documented example ("US")
    city: str = ""
    zip: str = ""
    state: str = ""


class FreightInfo(WireModel):
    """One freight service: which forwarder, which kind of service."""

    service_id: Id
    company_name: str = ""
    service_category: str = ""


class ItemPriceRequest(WireModel):
    item_id: Id
    sku_id: Id
    receiver_address: ReceiverAddress
    quantity: int
    currency: str  # the currency the freight is quoted in
    price: int  # the item's unit price in fen (its declared value)


class FreightQuote(WireModel):
    """One service's price for an estimate or a preview (assumed shape)."""

    freight_info: FreightInfo
    price: str | None = None  # in `currency`; None when the service cannot take it
    currency: str
    cny_price: str | None = None  # the same price in yuan, where the platform gives it
    min_days: int | None = None
    max_days: int | None = None
    available: bool = True
    reason: str | None = None


class ItemPriceResult(WireModel):
    currency: str
    weight_grams: int | None = None
    services: list[FreightQuote] = Field(default_factory=list)


class RenderItem(WireModel):
    item_id: Id
    sku_id: Id
    quantity: int
    freight_info: FreightInfo | None = None
    currency: str
    price: int  # fen, declared value per unit


class RenderFreightRequest(WireModel):
    receiver_address: ReceiverAddress
    render_items: list[RenderItem]


class RenderFreightResult(WireModel):
    render_id: str
    currency: str
    expire_time: str | None = None
    services: list[FreightQuote] = Field(default_factory=list)


class LineItem(WireModel):
    item_id: Id
    sku_id: Id
    quantity: int
    title: str = ""
    image_url: str = ""
    freight_info: FreightInfo
    currency: str
    price: int  # fen


class TmallOrderInfo(WireModel):
    tmall_order_id: Id


class BookFreightRequest(WireModel):
    render_id: str
    receiver_address: ReceiverAddress
    line_items: list[LineItem]
    tmall_order_info: TmallOrderInfo
    remark: str = ""


class BookFreightResult(WireModel):
    order_id: Id  # the international logistics order
    logistic_number: str  # its tracking number
    company_name: str = ""
    service_category: str = ""
    price: str | None = None
    currency: str | None = None
    cny_price: str | None = None


class DomesticParcel(WireModel):
    logistic_numer: str  # sic, as documented
    logistic_company_name: str = ""
    rts_time: str = ""  # epoch seconds as a string, as documented


class LogisticLineItem(WireModel):
    item_id: Id
    sku_id: Id
    quantity: int
    title: str = ""
    image_url: str = ""


class LogisticInfo(WireModel):
    line_item: LogisticLineItem
    logistic_numer: str  # the international number (sic)
    domestic_logistic_info: list[DomesticParcel]


class UpdateLogisticRequest(WireModel):
    order_id: Id  # the international logistics order
    tmall_order_id: Id
    logistic_infos: list[LogisticInfo]


class PlatformAddress(WireModel):
    """One entry of the platform's address book (the addOrUpdate fields plus its id)."""

    id: int
    name: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    address: str = ""
    phone: str = ""


class TraceStep(WireModel):
    time: str = ""
    desc: str = ""


class InternationalLeg(WireModel):
    """The booked international leg of a Taobao order, as its detail shows it (assumed)."""

    order_id: Id
    logistic_number: str
    company_name: str = ""
    service_category: str = ""
    render_id: str | None = None
    domestic_logistic_numbers: list[str] = Field(default_factory=list)
    traces: list[TraceStep] = Field(default_factory=list)  # oldest first
