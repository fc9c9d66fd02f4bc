"""The sandbox catalog: shops, products, SKUs, stock, prices, postage (built from seed.py).

Photos are kept as paths below the sandbox's own base URL (sandbox/pandapon/images.py draws and
serves them); the views turn them into URLs with the base URL each request came in on, so the
catalog names no host.
"""

from __future__ import annotations

import hashlib
import itertools
import zlib
from dataclasses import dataclass, field
from typing import Any, Literal

from sandbox.pandapon.images import VIEWS, image_path, sku_image_path
from sandbox.pandapon.seed import ALL_SHOPS, all_products

Platform = Literal["taobao", "1688"]

# Taobao property ids of the common dimensions (as on Taobao), others get a stable derived id.
_PROP_IDS = {"颜色分类": 1627207, "颜色": 3216, "尺码": 20509, "鞋码": 20549, "规格": 122216343}


@dataclass(frozen=True)
class ShopPromotion:
    """A 1688 shop promotion: spend at least `threshold` fen of goods, get `discount` fen or
    `percent` per cent off the goods."""

    promotion_id: str
    name: str
    threshold: int
    discount: int = 0
    percent: int = 0

    def discount_for(self, goods_fen: int) -> int:
        """The discount on `goods_fen` worth of goods; 0 when the threshold is not reached."""
        if goods_fen < self.threshold:
            return 0
        return self.discount + goods_fen * self.percent // 100

    def to_json(self) -> dict[str, Any]:
        return {
            "promotionId": self.promotion_id,
            "name": self.name,
            "threshold": self.threshold,
            "discount": self.discount,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class Shop:
    platform: Platform
    shop_id: str  # Taobao shopId; 1688 sellerOpenId
    name: str
    nick: str
    province: str
    city: str
    post_fee: int
    free_over: int | None = None
    promotions: tuple[ShopPromotion, ...] = ()

    def postage(self, goods_fen: int) -> int:
        """Domestic postage for `goods_fen` worth of goods from this shop in one order."""
        if self.free_over is not None and goods_fen >= self.free_over:
            return 0
        return self.post_fee

    def promotion(self, promotion_id: str) -> ShopPromotion | None:
        return next((p for p in self.promotions if p.promotion_id == promotion_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "shopId": self.shop_id,
            "name": self.name,
            "nick": self.nick,
            "province": self.province,
            "city": self.city,
            "postFee": self.post_fee,
            "freeOver": self.free_over,
            "promotions": [promotion.to_json() for promotion in self.promotions],
        }


@dataclass
class Sku:
    sku_id: str
    spec_id: str  # 1688 specId (Taobao: equal to sku_id)
    properties: tuple[tuple[str, str], ...]  # (property name, value)
    price: int | None  # fen; None on 1688: the price tier of the quantity applies
    promotion_price: int | None
    stock: int
    status: str = "active"
    pic_path: str | None = None  # below the sandbox's base URL
    seed_stock: int = -1  # what reset restores
    seed_prices: tuple[int | None, int | None] = (None, None)  # (price, promotion) reset restores

    def __post_init__(self) -> None:
        if self.seed_stock < 0:
            self.seed_stock = self.stock
        self.seed_prices = (self.price, self.promotion_price)

    @property
    def label(self) -> str:
        return "/".join(value for _, value in self.properties)

    def properties_json(self) -> list[dict[str, Any]]:
        return [
            {
                "propId": _PROP_IDS.get(name, 100000 + zlib.crc32(name.encode()) % 900000),
                "propName": name,
                "valueId": 1000000 + zlib.crc32(f"{name}:{value}".encode()) % 9000000,
                "valueName": value,
            }
            for name, value in self.properties
        ]


@dataclass
class Product:
    platform: Platform
    item_id: str  # Taobao itemId; 1688 offerId
    title: str
    title_en: str
    category_id: str
    category_name: str
    category_path: str
    shop: Shop
    skus: list[Sku]
    pic_paths: list[str]  # below the sandbox's base URL
    status: str = "active"
    unit: str = "件"
    moq: int = 1
    tiers: tuple[tuple[int, int], ...] = ()  # 1688: (start quantity, fen), ascending
    category_en: str = ""
    sales: int = 0  # sold in the last 30 days
    seed_tiers: tuple[tuple[int, int], ...] = ()  # what reset restores
    _by_sku: dict[str, Sku] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.seed_tiers = self.tiers
        for sku in self.skus:
            self._by_sku[sku.sku_id] = sku
            self._by_sku[sku.spec_id] = sku

    def sku(self, sku_or_spec_id: str) -> Sku | None:
        return self._by_sku.get(sku_or_spec_id)

    def unit_price(self, sku: Sku, quantity: int) -> int:
        """What one unit costs now, in fen: the SKU's own (promotion) price, else the tier."""
        if sku.price is not None:
            return sku.promotion_price if sku.promotion_price is not None else sku.price
        reached = [price for start, price in self.tiers if quantity >= start]
        return reached[-1] if reached else self.tiers[0][1]

    @property
    def total_stock(self) -> int:
        return sum(sku.stock for sku in self.skus)

    def lowest_price(self) -> int:
        """What the cheapest unit costs at the minimum order: the price search shows and sorts."""
        prices = [self.unit_price(sku, self.moq) for sku in self.skus]
        return min(prices) if prices else 0

    def list_price(self) -> int:
        """The cheapest price before promotions (equal to lowest_price without a promotion)."""
        prices = [sku.price for sku in self.skus if sku.price is not None]
        return min(prices) if prices else self.lowest_price()

    def to_json(self, base_url: str) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "itemId": self.item_id,
            "title": self.title,
            "titleEn": self.title_en,
            "categoryName": self.category_name,
            "categoryEn": self.category_en,
            "sales": self.sales,
            "status": self.status,
            "unit": self.unit,
            "moq": self.moq,
            "tiers": [{"startQuantity": q, "price": p} for q, p in self.tiers],
            "picUrls": [absolute(base_url, path) for path in self.pic_paths],
            "seller": self.shop.to_json(),
            "skus": [
                {
                    "skuId": sku.sku_id,
                    "specId": sku.spec_id,
                    "properties": dict(sku.properties),
                    "price": sku.price,
                    "promotionPrice": sku.promotion_price,
                    "stock": sku.stock,
                    "status": sku.status,
                    "picUrl": absolute(base_url, sku.pic_path),
                }
                for sku in self.skus
            ],
        }


def absolute(base_url: str, path: str | None) -> str | None:
    """A catalog path as a URL on the base URL the request came in on."""
    return None if path is None else base_url.rstrip("/") + path


def _token(*parts: str, length: int = 16) -> str:
    return hashlib.md5("|".join(parts).encode()).hexdigest()[:length]


def _shop(spec: dict[str, Any]) -> Shop:
    promotions = tuple(ShopPromotion(**promotion) for promotion in spec.get("promotions", ()))
    return Shop(**{**spec, "promotions": promotions})


def _build_product(index: int, seed: dict[str, Any], shops: dict[str, Shop]) -> Product:
    shop = shops[seed["shop"]]
    names = [name for name, _ in seed["dims"]]
    combos = list(itertools.product(*(values for _, values in seed["dims"])))
    explicit_ids = seed.get("sku_ids", [])
    prices: dict[str, int] = seed.get("prices", {})
    overrides: dict[str, dict[str, Any]] = seed.get("overrides", {})
    is_taobao = shop.platform == "taobao"
    skus = []
    for n, combo in enumerate(combos):
        label = "/".join(combo)
        own_price = next((prices[v] for v in combo if v in prices), None)
        price = own_price if own_price is not None or not is_taobao else seed["price"]
        promotion = seed.get("promotion_price") if own_price is None and is_taobao else None
        sku_id = (
            explicit_ids[n] if n < len(explicit_ids) else str(4_100_000_000_000 + index * 1000 + n)
        )
        override = overrides.get(label, {})
        skus.append(
            Sku(
                sku_id=sku_id,
                spec_id=sku_id if is_taobao else _token(seed["item_id"], label, length=32),
                properties=tuple(zip(names, combo, strict=True)),
                price=price,
                promotion_price=promotion,
                stock=override.get("stock", seed["stock"]),
                status=override.get("status", "active"),
                pic_path=sku_image_path(shop.platform, seed["item_id"], sku_id) if n < 4 else None,
            )
        )
    category = seed["category"]
    return Product(
        platform=shop.platform,
        item_id=seed["item_id"],
        title=seed["title"],
        title_en=seed["title_en"],
        category_id=str(50_000_000 + zlib.crc32(category.encode()) % 50_000_000),
        category_name=category,
        category_path=seed.get("category_path", category),
        shop=shop,
        skus=skus,
        pic_paths=[image_path(shop.platform, seed["item_id"], view) for view in range(VIEWS)],
        status=seed.get("status", "active"),
        unit=seed.get("unit", "件"),
        moq=seed.get("moq", 1),
        tiers=tuple(tuple(tier) for tier in seed.get("tiers", ())),
        category_en=seed.get("category_en", ""),
        sales=seed.get("sales", 10 + zlib.crc32(seed["item_id"].encode()) % 4000),
    )


class Catalog:
    """Products by platform and id; stock is mutable (orders take it, cancels give it back)."""

    def __init__(self) -> None:
        self.shops = {key: _shop(spec) for key, spec in ALL_SHOPS.items()}
        self.taobao: dict[str, Product] = {}
        self.alibaba: dict[str, Product] = {}
        for index, seed in enumerate(all_products()):
            product = _build_product(index, seed, self.shops)
            target = self.taobao if product.platform == "taobao" else self.alibaba
            target[product.item_id] = product
        self._shops_by_id = {(s.platform, s.shop_id): s for s in self.shops.values()}

    def shop(self, platform: Platform, shop_id: str) -> Shop | None:
        return self._shops_by_id.get((platform, shop_id))

    def reset_stock(self) -> None:
        """Stock and prices back to the seed."""
        for product in self.products():
            product.tiers = product.seed_tiers
            for sku in product.skus:
                sku.stock = sku.seed_stock
                sku.price, sku.promotion_price = sku.seed_prices

    def products(self, platform: Platform | None = None) -> list[Product]:
        if platform == "taobao":
            return list(self.taobao.values())
        if platform == "1688":
            return list(self.alibaba.values())
        return [*self.taobao.values(), *self.alibaba.values()]

    def product(self, platform: Platform, item_id: str) -> Product | None:
        return (self.taobao if platform == "taobao" else self.alibaba).get(item_id)

    def to_json(self, base_url: str) -> dict[str, Any]:
        products = (*self.taobao.values(), *self.alibaba.values())
        return {
            "currency": "CNY",
            "moneyUnit": "fen",
            "items": [product.to_json(base_url) for product in products],
        }
