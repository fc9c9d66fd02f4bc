"""The cart endpoints of the sandbox, Taobao's and 1688's (docs/platform-wire.md, "Carts").

List, add, edit quantity and delete here; preview and create from the cart, which are orders,
in sandbox/pandapon/cart_orders.py. Both platforms list a cart as `enableList` / `disableList`
grouped by shop (1688's documented v2 shape; Taobao's list is assumed to have the same shape
with Taobao's field names and fen prices).
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.pandapon.carts import CartEntry
from sandbox.pandapon.catalog import Platform, absolute
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    ApiError,
    as_id,
    as_int,
    require,
    yuan_str,
)


def _ids(params: dict[str, Any], field: str) -> list[int]:
    value = require(params, field)
    if not isinstance(value, list) or not value:
        raise ApiError(BAD_REQUEST, f"{field} must be a non-empty list of cart ids")
    return [as_int(cart_id, f"{field}[]", minimum=1) for cart_id in value]


def _listing(state: SandboxState, call: Call, platform: Platform) -> dict[str, Any]:
    """The cart by shop: lines that can be ordered, and lines that cannot with the reason."""
    book = state.carts
    groups: dict[str, dict[str, dict[str, Any]]] = {"enableList": {}, "disableList": {}}
    for entry in book.lines(platform, call.user_id):
        product, sku = book.product_of(entry)
        reason = book.disabled_reason(entry)
        target = groups["disableList" if reason else "enableList"]
        shop_id = product.shop.shop_id if product else ""
        if shop_id not in target:
            target[shop_id] = _shop_block(platform, product)
        view = (_taobao_line if platform == "taobao" else _alibaba_line)(
            entry, product, sku, call.base_url
        )
        if reason:
            view["disableReason"], view["disableMessage"] = reason
        target[shop_id]["cartItemInfos"].append(view)
    return {name: list(blocks.values()) for name, blocks in groups.items()}


def _shop_block(platform: Platform, product) -> dict[str, Any]:
    shop = product.shop if product else None
    if platform == "taobao":
        return {
            "shopId": shop.shop_id if shop else None,
            "shopName": shop.name if shop else None,
            "cartItemInfos": [],
        }
    return {
        "sellerOpenId": shop.shop_id if shop else None,
        "sellerNickName": shop.name if shop else None,
        "cartItemInfos": [],
    }


def _picture(product, sku, base_url: str) -> str | None:
    if product is None:
        return None
    path = (sku.pic_path if sku else None) or (product.pic_paths[0] if product.pic_paths else None)
    return absolute(base_url, path)


def _taobao_line(entry: CartEntry, product, sku, base_url: str) -> dict[str, Any]:
    price = sku.price if sku and sku.price is not None else None
    return {
        "id": entry.cart_id,
        "itemId": entry.item_id,
        "skuId": entry.sku_id,
        "mpId": entry.item_id,
        "mpSkuId": entry.sku_id,
        "itemTitle": product.title if product else None,
        "itemPic": _picture(product, sku, base_url),
        "price": price,
        "promotionPrice": sku.promotion_price if sku else None,
        "quantity": entry.quantity,
        "skuQuantity": str(max(sku.stock, 0)) if sku else "0",
        "properties": json.dumps(sku.properties_json() if sku else [], ensure_ascii=False),
        "shopId": product.shop.shop_id if product else None,
        "shopName": product.shop.name if product else None,
    }


def _alibaba_line(entry: CartEntry, product, sku, base_url: str) -> dict[str, Any]:
    unit_price = product.unit_price(sku, entry.quantity) if product and sku else None
    return {
        "id": entry.cart_id,
        "offerMapId": int(entry.item_id),
        "specId": sku.spec_id if sku else None,
        "skuId": int(entry.sku_id) if entry.sku_id.isdigit() else entry.sku_id,
        "itemTitle": product.title if product else None,
        "itemPic": _picture(product, sku, base_url),
        "price": None if unit_price is None else yuan_str(unit_price),
        "quantity": entry.quantity,
        "amountOnSale": max(sku.stock, 0) if sku else 0,
        "properties": [{"name": name, "value": value} for name, value in sku.properties]
        if sku
        else [],
        # Assumed beside the documented fields: what a cart page shows next to a line.
        "minOrderQuantity": product.moq if product else 1,
        "unit": product.unit if product else None,
        "priceRangeList": [
            {"startQuantity": start, "price": yuan_str(fen)} for start, fen in product.tiers
        ]
        if product and sku and sku.price is None
        else [],
    }


# --- Taobao -------------------------------------------------------------------------------------


def taobao_list(state: SandboxState, call: Call) -> Any:
    return _listing(state, call, "taobao")


def taobao_add(state: SandboxState, call: Call) -> Any:
    params = call.params
    item_id = as_id(require(params, "itemId"), "itemId")
    sku_id = as_id(require(params, "skuId"), "skuId")
    require(params, "mpId"), require(params, "mpSkuId")  # required by the docs
    quantity = as_int(require(params, "quantity"), "quantity")
    entry = state.carts.add("taobao", call.user_id, item_id, sku_id, quantity)
    return entry.cart_id


def taobao_edit_quantity(state: SandboxState, call: Call) -> Any:
    cart_id = as_int(require(call.params, "id"), "id", minimum=1)
    quantity = as_int(require(call.params, "quantity"), "quantity")
    state.carts.set_quantity("taobao", call.user_id, cart_id, quantity)
    return True


def taobao_delete(state: SandboxState, call: Call) -> Any:
    state.carts.remove("taobao", call.user_id, _ids(call.params, "ids"))
    return True


# --- 1688 ---------------------------------------------------------------------------------------


def alibaba_list(state: SandboxState, call: Call) -> Any:
    return _listing(state, call, "1688")


def alibaba_add(state: SandboxState, call: Call) -> Any:
    params = call.params
    offer_id = as_id(require(params, "offerId"), "offerId")
    spec_id = as_id(require(params, "specId"), "specId")
    quantity = as_int(require(params, "quantity"), "quantity")
    product = state.catalog.product("1688", offer_id)
    sku = product.sku(spec_id) if product else None
    sku_id = sku.sku_id if sku else spec_id
    entry = state.carts.add("1688", call.user_id, offer_id, sku_id, quantity)
    return entry.cart_id


def alibaba_edit_quantity(state: SandboxState, call: Call) -> Any:
    cart_id = as_int(require(call.params, "id"), "id", minimum=1)
    quantity = as_int(require(call.params, "quantity"), "quantity")
    state.carts.set_quantity("1688", call.user_id, cart_id, quantity)
    return True


def alibaba_delete(state: SandboxState, call: Call) -> Any:
    state.carts.remove("1688", call.user_id, _ids(call.params, "cartIds"))
    return True
