"""One product view for both platforms: what the new-order flow shows and picks SKUs from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.domain.quantity import PriceTier, tier_price
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb

Platform = Literal["taobao", "1688"]


class SkuView(BaseModel):
    sku_id: str
    label: str
    price_fen: int | None  # None: priced by the product's quantity tiers (1688)
    stock: int
    original_price_fen: int | None = None  # the price before a promotion, while one applies
    image_url: str | None = None

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class ProductView(BaseModel):
    platform: Platform
    item_id: str
    title: str
    image_url: str | None = None
    title_trans: str | None = None  # the platform's translation of the title, where it gives one
    skus: list[SkuView] = Field(default_factory=list)
    min_quantity: int = 1
    tiers: list[PriceTier] = Field(default_factory=list)
    seller_id: str | None = None
    seller_name: str | None = None
    unit: str | None = None

    def unit_price_fen(self, sku: SkuView, quantity: int) -> int:
        if sku.price_fen is not None:
            return sku.price_fen
        return tier_price(self.tiers, quantity)

    @property
    def on_promotion(self) -> bool:
        return any(sku.original_price_fen for sku in self.skus)

    def price_at_minimum(self, sku: SkuView) -> int:
        """What one unit of `sku` costs in the smallest order allowed (the tier of the MOQ)."""
        return self.unit_price_fen(sku, self.min_quantity)

    def original_range_fen(self) -> tuple[int, int] | None:
        """The SKUs' prices before their promotion, when any has one (else None)."""
        if not any(s.original_price_fen for s in self.skus):
            return None
        prices = [s.original_price_fen or s.price_fen for s in self.skus]
        known = [p for p in prices if p is not None]
        return (min(known), max(known)) if known else None

    def price_range_fen(self) -> tuple[int, int]:
        prices = [s.price_fen for s in self.skus if s.price_fen is not None]
        prices += [t.price_fen for t in self.tiers]
        return (min(prices), max(prices)) if prices else (0, 0)


def from_taobao(product: tb.TaobaoProduct) -> ProductView:
    skus = [
        SkuView(
            sku_id=sku.sku_id,
            label=sku.label or sku.sku_id,
            price_fen=sku.effective_price_fen,
            original_price_fen=sku.price if sku.effective_price_fen < sku.price else None,
            stock=sku.quantity if (sku.status or "active") == "active" else 0,
            image_url=sku.pic_url,
        )
        for sku in product.sku_list
    ]
    return ProductView(
        platform="taobao",
        item_id=product.item_id,
        title=product.title,
        image_url=product.pic_urls[0] if product.pic_urls else None,
        skus=skus,
        min_quantity=max(1, product.begin_amount or 1),
        seller_id=product.shop_id,
        seller_name=product.shop_name,
    )


def from_alibaba(product: ali.AlibabaProduct) -> ProductView:
    tiers = sorted(
        (
            PriceTier(start_quantity=r.start_quantity, price_fen=r.price)
            for r in product.product_sale_info.price_range_list
        ),
        key=lambda t: t.start_quantity,
    )
    skus = [
        SkuView(
            sku_id=sku.spec_id,
            label=sku.label or sku.spec_id,
            price_fen=sku.price,
            stock=sku.amount_on_sale,
            image_url=next((a.sku_image_url for a in sku.sku_attributes if a.sku_image_url), None),
        )
        for sku in product.product_sku_infos
    ]
    images = product.product_image.images
    return ProductView(
        platform="1688",
        item_id=product.offer_id,
        title=product.subject or product.subject_trans or product.offer_id,
        title_trans=product.subject_trans if product.subject else None,
        image_url=images[0] if images else None,
        skus=skus,
        min_quantity=max(1, product.min_order_quantity),
        tiers=tiers,
        seller_id=product.seller_open_id,
        seller_name=product.company_name,
        unit=product.product_sale_info.unit,
    )
