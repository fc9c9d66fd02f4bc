"""Typed requests and responses for the Taobao endpoints (see docs/platform-wire.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.pandapon.models_logistics import InternationalLeg
from bot.pandapon.wire import Id, IntAsString, JsonString, WireModel

# --- goods -----------------------------------------------------------------------------------


class SkuProperty(WireModel):
    prop_id: Id | None = None
    prop_name: str = ""
    value_id: Id | None = None
    value_name: str = ""


class TaobaoSku(WireModel):
    sku_id: Id
    price: int
    promotion_price: int | None = None
    quantity: int = 0
    status: str | None = None
    pic_url: str | None = None
    properties: JsonString[list[SkuProperty]] | None = None

    @property
    def effective_price_fen(self) -> int:
        promo = self.promotion_price
        return promo if promo is not None and 0 < promo < self.price else self.price

    @property
    def label(self) -> str:
        return " / ".join(p.value_name for p in self.properties or [] if p.value_name)


class TaobaoProduct(WireModel):
    item_id: Id
    title: str = ""
    price: int = 0
    promotion_price: int | None = None
    quantity: int = 0
    begin_amount: int | None = None
    pic_urls: list[str] = Field(default_factory=list)
    shop_id: Id | None = None
    shop_name: str | None = None
    user_nick: str | None = None
    category_name: str | None = None
    status: str | None = None
    sku_list: list[TaobaoSku] = Field(default_factory=list)


class BatchCheckItem(WireModel):
    item_id: Id
    sku_ids: list[Id] = Field(default_factory=list)


class BatchCheckRequest(WireModel):
    params: JsonString[list[BatchCheckItem]]


class MpProduct(WireModel):
    item_id: Id
    title: str | None = None
    sku_ids: list[Id] = Field(default_factory=list)
    # Assumed: each checked SKU's price and stock now (the docs show 3 fields, not which).
    sku_list: list[TaobaoSku] | None = None


class NoMpReason(WireModel):
    item_id: Id | None = None
    reason: str | None = None


class BatchCheckResult(WireModel):
    mp_products: list[MpProduct] = Field(default_factory=list)
    no_mp_product_item_ids: list[Id] = Field(default_factory=list)
    no_mp_reason_list: list[NoMpReason] = Field(default_factory=list)


# --- orders ----------------------------------------------------------------------------------


class TaobaoReceiver(WireModel):
    """The documented receiver keys are snake/lower case on the wire, not camelCase."""

    zip: str = ""
    country: str = ""
    address: str = ""
    city: str = ""
    phone: str = ""
    mobile_phone: str = Field("", alias="mobile_phone")
    district: str = ""
    name: str = ""
    state: str = ""


class OrderLine(WireModel):
    item_id: Id
    order_line_no: str = "1"
    quantity: IntAsString
    price: IntAsString | None = None  # the most we accept to pay per unit, in fen
    currency: str = "CNY"
    sku_id: Id


class RenderRequest(WireModel):
    order_line_list: JsonString[list[OrderLine]]
    receiver: JsonString[TaobaoReceiver]


class RenderLine(WireModel):
    item_id: Id
    sku_id: Id
    quantity: int
    price: int = 0
    title: str | None = None
    post_fee: int = 0
    available: bool = True
    error_code: str | None = None
    error_message: str | None = None


class RenderResult(WireModel):
    currency: str = "CNY"
    product_amount: int = 0
    domestic_post_fee: int = 0
    total_amount: int = 0
    order_lines: list[RenderLine] = Field(default_factory=list)


class CreateOrderRequest(WireModel):
    order_line_list: JsonString[list[OrderLine]]
    order_source: str | None = None
    purchase_amount: int  # the budget cap in fen
    receiver: JsonString[TaobaoReceiver]
    seller_order_number: str | None = None


class SubOrder(WireModel):
    sub_order_id: Id | None = None
    order_no: Id | None = None
    quantity: int | None = None
    title: str | None = None
    purchase_currency: str | None = None
    purchase_amount: int | None = None
    item_id: Id | None = None
    domestic_post_fee: int | None = None
    close_reason: str | None = None
    sku_id: Id | None = None
    status: str | None = None
    taobao_purchase_id: Id | None = None
    taobao_sub_purchase_id: Id | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.error_code)


class CreateOrderResult(WireModel):
    id: Id | None = None
    order_no: Id | None = None
    create_time: str | None = None
    sub_order_vos: list[SubOrder] = Field(default_factory=list, alias="subOrderVOS")


class PaymentVoucher(WireModel):
    """A transfer receipt uploaded for the order (assumed shape, docs/platform-wire.md)."""

    voucher_id: Id | None = None
    voucher_no: str | None = None
    upload_time: str | None = None
    status: str | None = None


class TaobaoOrder(CreateOrderResult):
    seller_order_number: str | None = None
    # Shipping abroad (assumed fields of the detail): the pre-warehouse and the booked leg.
    warehouse_name: str | None = None
    warehouse_address: str | None = None
    international_logistics: InternationalLeg | None = None
    order_source: str | None = None
    status: str | None = None
    purchase_amount: int | None = None
    product_amount: int | None = None
    domestic_post_fee: int | None = None
    total_amount: int | None = None
    receiver: JsonString[TaobaoReceiver] | None = None
    payment_vouchers: list[PaymentVoucher] = Field(default_factory=list)


class TaobaoOrderPage(WireModel):
    total: int = 0
    page_no: int = 1
    page_size: int = 20
    records: list[TaobaoOrder] = Field(default_factory=list)


class CancelOrderRequest(WireModel):
    order_id: Id
    cancel_reason: str
    cancel_remark: str | None = None


class PayOrderRequest(WireModel):
    order_id_list: list[Id]


class FailedOrder(WireModel):
    order_id: Id | None = None
    error_code: str | None = None
    error_message: str | None = None


class PayOrderResult(WireModel):
    paid_order_ids: list[Id] = Field(default_factory=list)
    failed_orders: list[FailedOrder] = Field(default_factory=list)


# --- logistics, IM, warehouse, refunds, addresses -------------------------------------------


class LogisticsPartner(WireModel):
    company: str | None = None
    company_contact: str | None = None
    company_image_url: str | None = None


class LogisticsTrace(WireModel):
    status_desc: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    action: str | None = None
    facility_name: str | None = None
    time: str | None = None
    standerd_desc: str | None = None  # sic, as documented
    status: str | None = None
    next_city: str | None = None
    next_node_name: str | None = None


class LogisticsPackage(WireModel):
    mail_no: str | None = None
    logistics_partner: list[LogisticsPartner] = Field(default_factory=list)
    logistics_traces: list[LogisticsTrace] = Field(default_factory=list)


class LogisticsDetail(WireModel):
    purchase_order_outer_id: Id | None = None
    pnm_logistics_details: list[LogisticsPackage] = Field(default_factory=list)


class ImLinkRequest(WireModel):
    source_type: Literal["item", "order"] = "order"
    biz_id: Id


class UpdateWarehouseRequest(WireModel):
    order_id: Id
    warehouse_name: str
    warehouse_address: str


class RefundListRequest(WireModel):
    refund_id: str | None = None
    purchase_order_id: str | None = None
    sales_order_id: str | None = None
    refund_status: int | None = None
    refund_start_time: int | None = None
    refund_end_time: int | None = None
    page_no: int = 1
    page_size: int = 20


class RefundRecord(WireModel):
    refund_id: Id | None = None
    purchase_order_id: Id | None = None
    sales_order_id: Id | None = None
    sub_purchase_order_id: Id | None = None  # assumed: the line, absent for a whole order
    out_refund_id: str | None = None  # assumed: our key, echoed from submit
    refund_type: int | None = None  # assumed: 1 refund only, 2 return and refund
    refund_status: int | None = None
    refund_fee: int | None = None
    reason_desc: str | None = None
    create_time: str | None = None


class RefundPage(WireModel):
    total: int = 0
    page_no: int = 1
    page_size: int = 20
    records: list[RefundRecord] = Field(default_factory=list)


class AddressUpsertRequest(WireModel):
    id: int | None = None
    name: str
    province: str
    city: str
    district: str
    address: str
    phone: str
