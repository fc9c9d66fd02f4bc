"""Typed requests and responses of the cart endpoints, Taobao's and 1688's (docs/platform-wire.md).

Taobao amounts are fen; 1688 prices are yuan strings. Previews and creates from the cart answer
like the plain order calls (Taobao render/create; 1688 batch preview/batch create).
"""

from __future__ import annotations

from pydantic import Field

from bot.pandapon.models_alibaba import AlibabaAddress, CreateOrderResult, PreviewResult
from bot.pandapon.models_taobao import CreateOrderResult as TaobaoCreateResult
from bot.pandapon.models_taobao import (
    RenderLine,
    RenderResult,
    SkuProperty,
    SubOrder,
    TaobaoReceiver,
)
from bot.pandapon.wire import Id, JsonString, WireModel, YuanFen

# --- Taobao ------------------------------------------------------------------------------------


class TaobaoCartAdd(WireModel):
    item_id: Id
    sku_id: Id
    mp_id: Id  # required by the docs: the platform's own ids of the item and SKU
    mp_sku_id: Id
    quantity: int
    price: int | None = None
    promotion_price: int | None = None
    item_title: str | None = None
    item_pic: str | None = None
    shop_id: Id | None = None
    shop_name: str | None = None
    platform: int = 1


class TaobaoCartLine(WireModel):
    id: Id
    item_id: Id
    sku_id: Id
    item_title: str | None = None
    item_pic: str | None = None
    price: int | None = None
    promotion_price: int | None = None
    quantity: int
    sku_quantity: int | None = None  # stock, a string on the wire
    properties: JsonString[list[SkuProperty]] | None = None
    shop_id: Id | None = None
    shop_name: str | None = None
    disable_reason: str | None = None  # assumed: why a disabled line cannot be ordered
    disable_message: str | None = None

    @property
    def unit_price_fen(self) -> int:
        promo, price = self.promotion_price, self.price or 0
        return promo if promo is not None and 0 < promo < price else price


class TaobaoCartShop(WireModel):
    shop_id: Id | None = None
    shop_name: str | None = None
    cart_item_infos: list[TaobaoCartLine] = Field(default_factory=list)


class TaobaoCart(WireModel):
    enable_list: list[TaobaoCartShop] = Field(default_factory=list)
    disable_list: list[TaobaoCartShop] = Field(default_factory=list)


class TaobaoCartQuantity(WireModel):
    id: int
    quantity: int


class TaobaoCartDelete(WireModel):
    ids: list[int]


class TaobaoCartPreview(WireModel):
    ids: list[int]
    order_address: TaobaoReceiver


class TaobaoCartPreviewLine(RenderLine):
    cart_id: Id | None = None


class TaobaoCartPreviewResult(RenderResult):
    order_lines: list[TaobaoCartPreviewLine] = Field(default_factory=list)  # type: ignore[assignment]


class TaobaoCartCreate(WireModel):
    ids: list[int]
    order_address: TaobaoReceiver
    purchase_amount: int  # the budget cap in fen, as the plain create
    seller_order_number: str | None = None  # our idempotency key, as the plain create
    order_source: str | None = None


class TaobaoCartSubOrder(SubOrder):
    cart_id: Id | None = None


class TaobaoCartCreateResult(TaobaoCreateResult):
    sub_order_vos: list[TaobaoCartSubOrder] = Field(  # type: ignore[assignment]
        default_factory=list, alias="subOrderVOS"
    )


# --- 1688 --------------------------------------------------------------------------------------


class AlibabaCartAdd(WireModel):
    offer_id: int
    spec_id: str
    quantity: int


class AlibabaCartProperty(WireModel):
    name: str = ""
    value: str = ""


class AlibabaCartTier(WireModel):
    start_quantity: int
    price: YuanFen


class AlibabaCartLine(WireModel):
    id: Id
    offer_map_id: Id
    spec_id: str | None = None
    sku_id: Id | None = None
    item_title: str | None = None
    item_pic: str | None = None
    price: YuanFen | None = None  # one unit at the line's quantity
    quantity: int
    amount_on_sale: int | None = None  # stock
    properties: list[AlibabaCartProperty] = Field(default_factory=list)
    # Assumed beside the documented fields.
    min_order_quantity: int = 1
    unit: str | None = None
    price_range_list: list[AlibabaCartTier] = Field(default_factory=list)
    disable_reason: str | None = None
    disable_message: str | None = None


class AlibabaCartSeller(WireModel):
    seller_open_id: str | None = None
    seller_nick_name: str | None = None
    cart_item_infos: list[AlibabaCartLine] = Field(default_factory=list)


class AlibabaCart(WireModel):
    enable_list: list[AlibabaCartSeller] = Field(default_factory=list)
    disable_list: list[AlibabaCartSeller] = Field(default_factory=list)


class AlibabaCartQuantity(WireModel):
    id: int
    quantity: int


class AlibabaCartDelete(WireModel):
    cart_ids: list[int]


class AlibabaCartPreview(WireModel):
    address_param: AlibabaAddress
    cart_ids: list[int]
    shop_promotion_id: str | None = None


class AlibabaCartCreate(WireModel):
    flow: str = "general"
    message: str | None = None
    shop_promotion_id: str | None = None
    trade_type: str | None = None
    address_param: AlibabaAddress
    cart_ids: list[int]
    out_order_id: str | None = None  # assumed, as on the plain create: our idempotency key


class AlibabaCartCreateResult(WireModel):
    """One order per seller (assumed: the batch create's answer shape)."""

    orders: list[CreateOrderResult] = Field(default_factory=list)


__all__ = ["PreviewResult"]
