"""Price and stock changes of catalog products through the control API (a seller changing a
price, a SKU selling out), kept in the state file like orders.

    POST /_sandbox/products/{platform}/{item id}
    {"skuId": "…" (optional: every SKU), "price": fen, "promotionPrice": fen | null,
     "stock": n, "tiers": [[start quantity, fen], …] (1688)}
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.catalog import Catalog, Product, Sku
from sandbox.pandapon.state import PRICES, STOCK, SandboxState, stock_key
from sandbox.pandapon.wire import BAD_REQUEST, NOT_FOUND, ApiError, as_int


def change_product(
    state: SandboxState, platform: str, item_id: str, body: dict[str, Any]
) -> Product:
    product = state.catalog.product(platform, item_id)  # type: ignore[arg-type]
    if product is None:
        raise ApiError(NOT_FOUND, f"no {platform} product {item_id}")
    skus = _skus(product, body.get("skuId"))
    if "tiers" in body:
        if platform != "1688":
            raise ApiError(BAD_REQUEST, "only 1688 products have price tiers")
        product.tiers = _tiers(body["tiers"])
    for sku in skus:
        if "price" in body:
            if sku.price is None and platform == "1688":
                raise ApiError(BAD_REQUEST, f"SKU {sku.sku_id} is priced by tiers; send tiers")
            sku.price = as_int(body["price"], "price", minimum=0)
        if "promotionPrice" in body:
            value = body["promotionPrice"]
            sku.promotion_price = (
                None if value is None else as_int(value, "promotionPrice", minimum=0)
            )
        if "stock" in body:
            sku.stock = as_int(body["stock"], "stock", minimum=0)
            state.changes.mark(STOCK, stock_key(product.platform, product.item_id, sku.sku_id))
    state.changes.mark(PRICES, price_key(product))
    return product


def price_key(product: Product) -> str:
    return f"{product.platform}:{product.item_id}"


def current_prices(catalog: Catalog, key: str) -> dict[str, Any] | None:
    platform, item_id = key.split(":", 1)
    product = catalog.product(platform, item_id)  # type: ignore[arg-type]
    if product is None:
        return None
    return {
        "tiers": [list(tier) for tier in product.tiers],
        "skus": {sku.sku_id: [sku.price, sku.promotion_price] for sku in product.skus},
    }


def restore_prices(catalog: Catalog, values: dict[str, dict[str, Any]]) -> None:
    for key, prices in values.items():
        platform, item_id = key.split(":", 1)
        product = catalog.product(platform, item_id)  # type: ignore[arg-type]
        if product is None:
            continue
        product.tiers = tuple((int(q), int(p)) for q, p in prices.get("tiers", ()))
        for sku in product.skus:
            if sku.sku_id in prices.get("skus", {}):
                sku.price, sku.promotion_price = prices["skus"][sku.sku_id]


def _skus(product: Product, sku_id: Any) -> list[Sku]:
    if sku_id in (None, ""):
        return list(product.skus)
    sku = product.sku(str(sku_id))
    if sku is None:
        raise ApiError(NOT_FOUND, f"{product.item_id} has no SKU {sku_id}")
    return [sku]


def _tiers(value: Any) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list) or not value:
        raise ApiError(BAD_REQUEST, "tiers must be a non-empty list of [start quantity, fen]")
    tiers = []
    for entry in value:
        if not isinstance(entry, list) or len(entry) != 2:
            raise ApiError(BAD_REQUEST, "each tier is [start quantity, fen]")
        tiers.append(
            (
                as_int(entry[0], "tiers[].start", minimum=1),
                as_int(entry[1], "tiers[].price", minimum=0),
            )
        )
    tiers.sort()
    if len({start for start, _ in tiers}) != len(tiers):
        raise ApiError(BAD_REQUEST, "tier start quantities must differ")
    return tuple(tiers)
