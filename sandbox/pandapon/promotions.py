"""1688 shop promotions in the preview and the create call (docs/platform-wire.md, "1688").

A seller may run promotions such as 满300减20 (spend ¥300, ¥20 off). The preview lists those the
cart reaches in `shopPromotionList` and, when the request names one (`shopPromotionId`), takes
its discount off: `discountFee`, and `sumPayment` lower by as much. The create call applies the
named promotion the same way, and refuses one the cart does not reach (nothing is created).
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.catalog import Shop

PROMOTION_NOT_APPLICABLE = "PROMOTION_NOT_APPLICABLE"


class PromotionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = PROMOTION_NOT_APPLICABLE
        self.message = message


def preview_fields(shop: Shop | None, goods: int, requested: str | None) -> dict[str, Any]:
    """`discountFee` and `shopPromotionList` of one seller's preview entry."""
    eligible = [p for p in (shop.promotions if shop else ()) if p.discount_for(goods) > 0]
    chosen = next((p for p in eligible if p.promotion_id == requested), None)
    return {
        "discountFee": chosen.discount_for(goods) if chosen else 0,
        "shopPromotionList": [
            {
                "shopPromotionId": p.promotion_id,
                "promotionName": p.name,
                "discountFee": p.discount_for(goods),
                "selected": p is chosen,
            }
            for p in eligible
        ],
    }


def create_discount(shop: Shop | None, goods: int, requested: str | None) -> int:
    """The discount the named promotion gives this order; PromotionRefused when it gives none."""
    if requested is None:
        return 0
    promotion = shop.promotion(requested) if shop else None
    if promotion is None:
        raise PromotionRefused(f"shopPromotionId {requested} is not a promotion of this seller")
    discount = promotion.discount_for(goods)
    if discount <= 0:
        raise PromotionRefused(
            f"promotion {promotion.name} needs goods of at least {promotion.threshold} fen; "
            f"this order has {goods}"
        )
    return discount
