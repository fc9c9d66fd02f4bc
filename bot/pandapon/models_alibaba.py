"""Typed requests and responses for the 1688 endpoints (see docs/platform-wire.md)."""

from __future__ import annotations

from pydantic import Field

from bot.pandapon.wire import Id, WireModel, YuanFen

# --- goods -----------------------------------------------------------------------------------


class ProductDetailRequest(WireModel):
    offer_id: int
    country: str = "en"
    out_member_id: str = ""


class SkuAttribute(WireModel):
    attribute_name: str = ""
    value: str = ""
    sku_image_url: str | None = None


class AlibabaSku(WireModel):
    spec_id: str
    sku_id: Id | None = None
    price: YuanFen | None = None
    amount_on_sale: int = 0
    sku_attributes: list[SkuAttribute] = Field(default_factory=list)

    @property
    def label(self) -> str:
        return " / ".join(a.value for a in self.sku_attributes if a.value)


class PriceRange(WireModel):
    start_quantity: int
    price: YuanFen


class SaleInfo(WireModel):
    amount_on_sale: int = 0
    unit: str | None = None
    price_range_list: list[PriceRange] = Field(default_factory=list)


class ProductImage(WireModel):
    images: list[str] = Field(default_factory=list)


class AlibabaProduct(WireModel):
    offer_id: Id
    subject: str = ""
    subject_trans: str | None = None
    category_id: Id | None = None
    category_name: str | None = None
    seller_open_id: str | None = None
    company_name: str | None = None
    min_order_quantity: int = 1
    status: str | None = None
    product_image: ProductImage = Field(default_factory=ProductImage)
    product_sale_info: SaleInfo = Field(default_factory=SaleInfo)
    product_sku_infos: list[AlibabaSku] = Field(default_factory=list)


# --- orders ----------------------------------------------------------------------------------


class AlibabaAddress(WireModel):
    full_name: str
    mobile: str = ""
    phone: str = ""
    post_code: str = ""
    province_text: str = ""
    city_text: str = ""
    area_text: str = ""
    town_text: str = ""
    address: str = ""


class Cargo(WireModel):
    offer_id: int
    spec_id: str
    quantity: int
    seller_open_id: str | None = None


class PreviewRequest(WireModel):
    address_param: AlibabaAddress
    cargo_param_list: list[Cargo]
    shop_promotion_id: str | None = None  # assumed: price the preview with this promotion


class PreviewCargo(WireModel):
    offer_id: Id | None = None
    spec_id: str | None = None
    quantity: int | None = None
    unit_price: int | None = None
    amount: int | None = None
    error_code: str | None = None
    error_msg: str | None = None


class ShopPromotionOffer(WireModel):
    """A shop promotion the cart reaches (assumed shape, after native 1688's preview)."""

    shop_promotion_id: str
    promotion_name: str = ""
    discount_fee: int = 0  # fen
    selected: bool = False


class PreviewEntry(WireModel):
    success: bool = False
    error_code: str | None = None
    error_msg: str | None = None
    seller_open_id: str | None = None
    sum_payment: int = 0
    sum_carriage: int = 0
    sum_payment_no_carriage: int = 0
    trade_mode_name_list: list[str] = Field(default_factory=list)
    cargo_list: list[PreviewCargo] = Field(default_factory=list)
    discount_fee: int = 0  # documented; fen
    shop_promotion_list: list[ShopPromotionOffer] = Field(default_factory=list)


class PreviewResult(WireModel):
    order_preview_results: list[PreviewEntry] = Field(
        default_factory=list,
        alias="orderPreviewResuslt",  # sic, as documented
    )


class CreateOrderRequest(WireModel):
    flow: str = "general"
    message: str | None = None
    shop_promotion_id: str | None = None
    trade_type: str | None = None
    address_param: AlibabaAddress
    cargo_param_list: list[Cargo]
    out_order_id: str | None = None  # our idempotency key (assumed field)


class FailedOffer(WireModel):
    offer_id: Id | None = None
    spec_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None


class CreateOrderResult(WireModel):
    success: bool = False
    order_id: Id | None = None
    total_success_amount: int | None = None
    post_fee: int | None = None
    error_code: str | None = None
    error_msg: str | None = None
    failed_offer_list: list[FailedOffer] = Field(default_factory=list)
    seller_open_id: str | None = None


class BatchCreateResult(WireModel):
    orders: list[CreateOrderResult] = Field(default_factory=list)


class BatchPayRequest(WireModel):
    order_ids: list[Id]


class FailedPayment(WireModel):
    order_id: Id | None = None
    error_code: str | None = None
    error_msg: str | None = None


class BatchPayResult(WireModel):
    success_order_ids: list[Id] = Field(default_factory=list)
    failed_orders: list[FailedPayment] = Field(default_factory=list)


class PayUrl(WireModel):
    order_id: Id | None = None
    protocol_pay_success: bool = False
    pay_url: str | None = None
    cant_pay_order_list: list[Id] = Field(default_factory=list)


class CancelRequest(WireModel):
    web_site: str = "1688"
    order_id: int
    cancel_reason: str
    remark: str | None = None


class ReceiveGoodsRequest(WireModel):
    order_id: int
    order_entry_ids: list[int] = Field(default_factory=list)


class ReceiveGoodsResult(WireModel):
    success: bool = False
    error_info: str | None = None
    error_code: str | None = None


class DetailRequest(WireModel):
    web_site: str = "1688"
    order_id: Id


class ReceiverInfo(WireModel):
    to_full_name: str | None = None
    to_mobile: str | None = None
    to_post: str | None = None
    to_area: str | None = None


class BaseInfo(WireModel):
    id: Id
    id_of_str: str | None = None
    status: str | None = None
    out_order_id: str | None = None
    seller_open_id: str | None = None
    total_amount: YuanFen | None = None
    sum_product_payment: YuanFen | None = None
    shipping_fee: YuanFen | None = None
    create_time: str | None = None
    pay_time: str | None = None
    receiver_info: ReceiverInfo | None = None


class SkuInfo(WireModel):
    name: str = ""
    value: str = ""


class ProductItem(WireModel):
    product_id: Id | None = Field(None, alias="productID")
    spec_id: str | None = None
    name: str | None = None
    quantity: int | None = None
    price: YuanFen | None = None
    item_amount: YuanFen | None = None
    sub_item_id: Id | None = Field(None, alias="subItemID")
    status: str | None = None
    sku_infos: list[SkuInfo] = Field(default_factory=list)


class OrderDetail(WireModel):
    base_info: BaseInfo
    product_items: list[ProductItem] = Field(default_factory=list)


class ListRequest(WireModel):
    page_no: int = 1
    page_size: int = 20
    order_status: str | None = None
    out_order_id: str | None = None


class OrderPage(WireModel):
    total_records: int = 0
    current_page: int = 1
    page_size: int = 20
    records: list[OrderDetail] = Field(default_factory=list)


class LogisticsStep(WireModel):
    accept_time: str | None = None
    remark: str | None = None


class LogisticsTrace(WireModel):
    logistics_id: Id | None = None
    logistics_bill_no: str | None = None
    company_name: str | None = None
    logistics_steps: list[LogisticsStep] = Field(default_factory=list)


class Logistics(WireModel):
    order_id: Id | None = None
    logistics_trace: list[LogisticsTrace] = Field(default_factory=list)
