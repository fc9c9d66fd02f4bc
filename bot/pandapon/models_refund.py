"""Typed requests and responses of Taobao after-sales (reverse orders) and payment vouchers.

Documented (pandapon-api.md §3.4): the list body, the cancel answer and the v2 detail
(`refundOrderAggregate`: refundOrder, logistics, purchaseOrderLine). Everything else — render,
submit, modify, return logistics, messages, the voucher upload — is known by title and method
only; its shape is ours (docs/platform-wire.md, "After-sales"), made to look like the documented
neighbours. Amounts are integer fen, as everywhere on Taobao. Images travel as base64 in the
body, as the one image call seen in this API family does (`imageBase64`, §7).
"""

from __future__ import annotations

from pydantic import Field

from bot.pandapon.wire import Id, WireModel

# refundType (assumed): what the buyer asks for.
REFUND_TYPE_REFUND_ONLY = 1
REFUND_TYPE_RETURN = 2
# goodsStatus (assumed): whether the buyer has the goods.
GOODS_NOT_RECEIVED = 1
GOODS_RECEIVED = 2


# --- render, submit, modify ------------------------------------------------------------------


class RefundRenderRequest(WireModel):
    order_id: Id
    sub_purchase_order_id: Id | None = None  # None: the whole order
    refund_type: int
    refund_id: Id | None = None  # modifying this request: it does not count against the most


class RefundReasonOption(WireModel):
    reason_id: int
    reason_text: str = ""


class RefundRender(WireModel):
    max_refund_fee: int
    currency: str = "CNY"
    refund_types: list[int] = Field(default_factory=list)
    reasons: list[RefundReasonOption] = Field(default_factory=list)
    fee_tips: str | None = None


class RefundSubmitRequest(WireModel):
    out_refund_id: str  # our idempotency key: the same one again returns the same request
    order_id: Id
    sub_purchase_order_id: Id | None = None
    refund_type: int
    goods_status: int
    reason_id: int
    refund_fee: int
    refund_desc: str = ""
    image_base64_list: list[str] = Field(default_factory=list)


class RefundModifyRequest(WireModel):
    refund_id: Id
    refund_type: int
    goods_status: int
    reason_id: int
    refund_fee: int
    refund_desc: str = ""
    image_base64_list: list[str] = Field(default_factory=list)


class RefundSubmitted(WireModel):
    refund_id: Id
    refund_status: int | None = None


# --- detail (documented v2 shape), list, cancel ----------------------------------------------


class LogisticsCompany(WireModel):
    logistics_company_code: str = ""
    logistics_company_name: str = ""


class RefundLogistics(WireModel):
    receiver_address: str | None = None
    return_goods_desc: str | None = None
    buyer_phone: str | None = None
    logistics_company: LogisticsCompany | None = None
    seller_agree_return_describe: str | None = None
    logistics_no: str | None = None  # assumed: the buyer's return tracking number


class RefundOrder(WireModel):
    refund_id: Id
    refund_fee: int | None = None
    pay_order_id: Id | None = None
    timeout_type: str | None = None
    seller_refuse_reason: str | None = None
    seller_refuse_reason_describe: str | None = None
    refund_status: int | None = None
    can_edit_fee: bool | None = None
    remaining_time: int | None = None  # assumed ms until the timeout
    refund_type: int | None = None
    fee_tips: str | None = None
    reason_desc: str | None = None
    goods_status: int | None = None
    refund_desc: str | None = None
    reason_id: int | None = None
    timeout_date: str | None = None
    out_refund_id: str | None = None  # assumed: echoed from submit
    refunded_fee: int | None = None  # assumed: what was paid back once refunded


class PurchaseOrderLine(WireModel):
    purchase_order_line_id: Id | None = None
    purchase_order_id: Id | None = None
    sales_order_id: Id | None = None
    item_title: str | None = None
    quantity: int | None = None
    price: int | None = None
    total_price: int | None = None
    product_fee: int | None = None
    post_fee: int | None = None
    create_time: str | None = None


class RefundOrderAggregate(WireModel):
    refund_order: RefundOrder
    logistics: RefundLogistics | None = None
    purchase_order_line: PurchaseOrderLine | None = None


class RefundDetail(WireModel):
    distributor_id: Id | None = None
    currency: str = "CNY"
    refund_order_aggregate: RefundOrderAggregate


class RefundCancelResult(WireModel):
    cancel_success: bool = False
    currency: str | None = None
    distributor_id: Id | None = None
    refund_order_aggregate: RefundOrderAggregate | None = None


# --- return logistics --------------------------------------------------------------------------


class ReturnRender(WireModel):
    refund_id: Id | None = None
    receiver_name: str | None = None
    receiver_phone: str | None = None
    receiver_address: str | None = None
    return_goods_desc: str | None = None
    logistics_companies: list[LogisticsCompany] = Field(default_factory=list)


class ReturnSubmitRequest(WireModel):
    refund_id: Id
    logistics_company_code: str
    logistics_no: str
    buyer_phone: str | None = None


# --- messages --------------------------------------------------------------------------------


class RefundMessageRequest(WireModel):
    refund_id: Id
    out_message_id: str  # our idempotency key
    content: str = ""
    image_base64: str | None = None


class RefundMessageSent(WireModel):
    message_id: Id | None = None


class RefundMessageQuery(WireModel):
    refund_id: Id
    page_no: int = 1
    page_size: int = 50


class RefundMessageRecord(WireModel):
    message_id: Id | None = None
    out_message_id: str | None = None
    sender_role: str = ""  # BUYER, SELLER or PLATFORM
    content: str = ""
    pic_urls: list[str] = Field(default_factory=list)
    create_time: str | None = None


class RefundMessagePage(WireModel):
    total: int = 0
    records: list[RefundMessageRecord] = Field(default_factory=list)


# --- payment voucher (Taobao order group) ----------------------------------------------------


class VoucherUploadRequest(WireModel):
    order_id: Id
    voucher_no: str  # our idempotency key, like sellerOrderNumber for orders
    image_base64: str


class VoucherUploaded(WireModel):
    voucher_id: Id | None = None
    voucher_no: str | None = None
    order_status: str | None = None
