"""Taobao's cart on the platform: its list and the requests of the cart calls (fen amounts)."""

from __future__ import annotations

from bot.domain.receiver import Receiver, to_taobao_wire
from bot.marketplaces.base import CartLine
from bot.pandapon import models_cart as mc
from bot.pandapon.models_taobao import TaobaoReceiver
from bot.products import ProductView
from storage.orders import StoredOrder


def lines_of(cart: mc.TaobaoCart) -> list[CartLine]:
    """Every line, enabled ones first (each shop's in the platform's order), then disabled."""
    lines = []
    for shops, disabled in ((cart.enable_list, False), (cart.disable_list, True)):
        for shop in shops:
            for line in shop.cart_item_infos:
                reason = (
                    (line.disable_message or line.disable_reason or "disabled")
                    if disabled
                    else None
                )
                price = line.unit_price_fen
                lines.append(
                    CartLine(
                        cart_id=line.id,
                        item_id=line.item_id,
                        sku_id=line.sku_id,
                        title=line.item_title or line.item_id,
                        sku_label=" / ".join(
                            p.value_name for p in line.properties or [] if p.value_name
                        )
                        or line.sku_id,
                        quantity=line.quantity,
                        unit_price_fen=price,
                        image_url=line.item_pic,
                        seller_id=line.shop_id or shop.shop_id,
                        seller_name=line.shop_name or shop.shop_name,
                        stock=line.sku_quantity,
                        original_price_fen=line.price
                        if line.price and price < line.price
                        else None,
                        disabled=reason,
                    )
                )
    return lines


def add_request(product: ProductView, sku_id: str, quantity: int) -> mc.TaobaoCartAdd:
    sku = next(s for s in product.skus if s.sku_id == sku_id)
    return mc.TaobaoCartAdd(
        item_id=product.item_id,
        sku_id=sku_id,
        # The docs require the platform's own ids too; its product answer shows them equal.
        mp_id=product.item_id,
        mp_sku_id=sku_id,
        quantity=quantity,
        price=sku.original_price_fen or sku.price_fen,
        promotion_price=sku.price_fen if sku.original_price_fen else None,
        item_title=product.title,
        item_pic=sku.image_url or product.image_url,
        shop_id=product.seller_id,
        shop_name=product.seller_name,
    )


def address(receiver: Receiver) -> TaobaoReceiver:
    return TaobaoReceiver.model_validate(to_taobao_wire(receiver))


def create_request(
    order: StoredOrder, cart_ids: list[str], receiver: Receiver
) -> mc.TaobaoCartCreate:
    return mc.TaobaoCartCreate(
        ids=[int(cart_id) for cart_id in cart_ids],
        order_address=address(receiver),
        purchase_amount=order.purchase_amount_fen,
        seller_order_number=order.seller_order_number,
        order_source=order.order_source,
    )
