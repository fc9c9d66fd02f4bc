"""1688's cart on the platform: its list (grouped by seller) and the cart calls' requests."""

from __future__ import annotations

from bot.domain.quantity import PriceTier
from bot.marketplaces.base import CartLine
from bot.pandapon import models_cart as mc
from bot.pandapon.models_alibaba import AlibabaAddress
from bot.products import ProductView


def lines_of(cart: mc.AlibabaCart) -> list[CartLine]:
    lines = []
    for sellers, disabled in ((cart.enable_list, False), (cart.disable_list, True)):
        for seller in sellers:
            for line in seller.cart_item_infos:
                reason = (
                    (line.disable_message or line.disable_reason or "disabled")
                    if disabled
                    else None
                )
                spec = line.spec_id or line.sku_id or ""
                lines.append(
                    CartLine(
                        cart_id=line.id,
                        item_id=line.offer_map_id,
                        sku_id=spec,
                        title=line.item_title or line.offer_map_id,
                        sku_label=" / ".join(p.value for p in line.properties if p.value) or spec,
                        quantity=line.quantity,
                        unit_price_fen=line.price or 0,
                        image_url=line.item_pic,
                        seller_id=seller.seller_open_id,
                        seller_name=seller.seller_nick_name,
                        stock=line.amount_on_sale,
                        min_quantity=max(1, line.min_order_quantity),
                        tiers=tuple(
                            PriceTier(start_quantity=t.start_quantity, price_fen=t.price)
                            for t in line.price_range_list
                        ),
                        disabled=reason,
                    )
                )
    return lines


def add_request(product: ProductView, sku_id: str, quantity: int) -> mc.AlibabaCartAdd:
    return mc.AlibabaCartAdd(offer_id=int(product.item_id), spec_id=sku_id, quantity=quantity)


def create_request(
    key: str, cart_ids: list[str], address: AlibabaAddress, promotion_id: str | None = None
) -> mc.AlibabaCartCreate:
    return mc.AlibabaCartCreate(
        message=f"orderbot {key}",
        address_param=address,
        cart_ids=[int(cart_id) for cart_id in cart_ids],
        out_order_id=key,
        shop_promotion_id=promotion_id,
    )
