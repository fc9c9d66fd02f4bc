"""Taobao goods, render and create endpoints of the sandbox (docs/platform-wire.md, "Taobao").

Each order line is checked on its own; lines that pass are ordered, lines that fail carry an
errorCode. The budget (purchaseAmount) must cover the good lines plus domestic postage.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sandbox.pandapon.catalog import Catalog
from sandbox.pandapon.logistics import Place
from sandbox.pandapon.orders import Order, OrderLine
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.taobao_views import (
    create_view,
    failed_create_view,
    product_view,
    sku_check_view,
)
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    NOT_FOUND,
    OVER_BUDGET,
    ApiError,
    as_id,
    as_int,
    json_string_field,
    now_ms,
    object_list,
    optional_str,
    require,
)

# Line error codes (docs/platform-wire.md).
ITEM_NOT_FOUND = "ITEM_NOT_FOUND"
SKU_NOT_FOUND = "SKU_NOT_FOUND"
SKU_UNAVAILABLE = "SKU_UNAVAILABLE"
INVALID_QUANTITY = "INVALID_QUANTITY"
OUT_OF_STOCK = "OUT_OF_STOCK"
PRICE_ABOVE_BUDGET = "PRICE_ABOVE_BUDGET"


# --- goods --------------------------------------------------------------------------------------


def product_get(state: SandboxState, call: Call) -> Any:
    item_id = as_id(require(call.params, "itemId"), "itemId")
    product = state.catalog.product("taobao", item_id)
    if product is None:
        raise ApiError(NOT_FOUND, f"Taobao item {item_id} not found")
    return product_view(product, call.base_url)


def product_batch_check(state: SandboxState, call: Call) -> Any:
    entries = object_list(json_string_field(call.params, "params"), "params")
    found: list[dict[str, Any]] = []
    missing: list[str] = []
    reasons: list[dict[str, str]] = []
    for index, entry in enumerate(entries):
        item_id = as_id(entry.get("itemId"), f"params[{index}].itemId")
        wanted = entry.get("skuIds") or []
        if not isinstance(wanted, list):
            raise ApiError(BAD_REQUEST, f"params[{index}].skuIds must be a list")
        wanted_ids = [as_id(sku_id, f"params[{index}].skuIds") for sku_id in wanted]
        product = state.catalog.product("taobao", item_id)
        if product is None or product.status != "active":
            missing.append(item_id)
            why = "item not found" if product is None else "item is off the shelf"
            reasons.append({"itemId": item_id, "reason": why})
            continue
        known = [sku_id for sku_id in wanted_ids if product.sku(sku_id)]
        unknown = [sku_id for sku_id in wanted_ids if not product.sku(sku_id)]
        if wanted_ids and not known:
            missing.append(item_id)
            reasons.append({"itemId": item_id, "reason": f"sku not found: {', '.join(unknown)}"})
            continue
        if unknown:
            reasons.append({"itemId": item_id, "reason": f"sku not found: {', '.join(unknown)}"})
        sku_ids = known or [sku.sku_id for sku in product.skus]
        found.append(
            {
                "itemId": item_id,
                "title": product.title,
                "skuIds": sku_ids,
                "skuList": [sku_check_view(product.sku(sku_id)) for sku_id in sku_ids],
            }
        )
    return {"mpProducts": found, "noMpProductItemIds": missing, "noMpReasonList": reasons}


# --- render and create --------------------------------------------------------------------------


def order_render(state: SandboxState, call: Call) -> Any:
    lines, caps = _parse_lines(call.params)
    _parse_receiver(call.params)
    _check_lines(state.catalog, lines, caps)
    good = [line for line in lines if line.ok]
    product_amount = sum(line.amount for line in good)
    post_fee = sum(line.post_fee for line in good)
    return {
        "currency": "CNY",
        "productAmount": product_amount,
        "domesticPostFee": post_fee,
        "totalAmount": product_amount + post_fee,
        "orderLines": [
            {
                "itemId": line.item_id,
                "skuId": line.sku_id,
                "quantity": line.quantity,
                "price": line.unit_price,
                "title": line.title,
                "postFee": line.post_fee,
                "available": line.ok,
                "errorCode": line.error_code,
                "errorMessage": line.error_message,
            }
            for line in lines
        ],
    }


def order_create(state: SandboxState, call: Call) -> Any:
    params = call.params
    lines, caps = _parse_lines(params)
    receiver, destination = _parse_receiver(params)
    budget = as_int(require(params, "purchaseAmount"), "purchaseAmount", minimum=0)
    seller_order_number = optional_str(params, "sellerOrderNumber")
    if seller_order_number is not None:
        existing = state.orders.find_by_key("taobao", seller_order_number)
        if existing is not None:
            return create_view(existing)  # the same order, unchanged: safe to retry

    _check_lines(state.catalog, lines, caps)
    good = [line for line in lines if line.ok]
    if not good:
        return failed_create_view(lines)
    product_amount = sum(line.amount for line in good)
    post_fee = sum(line.post_fee for line in good)
    if product_amount + post_fee > budget:
        raise ApiError(
            OVER_BUDGET,
            f"purchaseAmount {budget} fen is below the order total {product_amount + post_fee} "
            f"fen (goods {product_amount} + domestic postage {post_fee}); nothing was ordered",
        )

    book, created = state.orders, now_ms()
    status = "BULIDING" if state.config.build_seconds > 0 else "WAIT_BUYER_P"
    for line in good:
        line.status = status
        line.sub_id = book.new_id(12, "2")
        line.purchase_id = book.new_id(19, "3")
        line.sub_purchase_id = book.new_id(19, "3")
    order = Order(
        platform="taobao",
        order_id=book.new_id(19, "1"),
        order_no=book.new_order_no(),
        key=seller_order_number,
        lines=lines,
        status=status,
        create_ms=created,
        update_ms=created,
        product_amount=product_amount,
        post_fee=post_fee,
        receiver=receiver,
        destination=destination,
        purchase_amount=budget,
        order_source=optional_str(params, "orderSource"),
    )
    return create_view(book.add(order))


# --- helpers ------------------------------------------------------------------------------------


def _parse_lines(params: dict[str, Any]) -> tuple[list[OrderLine], list[int | None]]:
    """The order lines and each line's price cap (the most it may cost per unit, in fen)."""
    entries = object_list(json_string_field(params, "orderLineList"), "orderLineList")
    lines: list[OrderLine] = []
    caps: list[int | None] = []
    for index, entry in enumerate(entries):
        where = f"orderLineList[{index}]"
        if entry.get("itemId") in (None, ""):
            raise ApiError(BAD_REQUEST, f"{where}.itemId is required")
        if entry.get("quantity") in (None, ""):
            raise ApiError(BAD_REQUEST, f"{where}.quantity is required")
        sku = entry.get("skuId")
        price = entry.get("price")
        lines.append(
            OrderLine(
                line_no=str(entry.get("orderLineNo") or index + 1),
                item_id=as_id(entry["itemId"], f"{where}.itemId"),
                sku_id=None if sku in (None, "") else as_id(sku, f"{where}.skuId"),
                quantity=as_int(entry["quantity"], f"{where}.quantity"),
            )
        )
        caps.append(None if price in (None, "") else as_int(price, f"{where}.price"))
        currency = entry.get("currency")
        if currency not in (None, "", "CNY"):
            raise ApiError(BAD_REQUEST, f"{where}.currency must be CNY, got {currency!r}")
    return lines, caps


def _parse_receiver(params: dict[str, Any]) -> tuple[dict[str, Any], Place]:
    receiver = json_string_field(params, "receiver")
    if not isinstance(receiver, dict):
        raise ApiError(BAD_REQUEST, "receiver must be a JSON object encoded as a string")
    for field in ("name", "address"):
        if not str(receiver.get(field) or "").strip():
            raise ApiError(BAD_REQUEST, f"receiver.{field} is required")
    if not str(receiver.get("mobile_phone") or receiver.get("phone") or "").strip():
        raise ApiError(BAD_REQUEST, "receiver.mobile_phone or receiver.phone is required")
    place = Place(
        str(receiver.get("state") or ""),
        str(receiver.get("city") or receiver.get("state") or ""),
        str(receiver.get("district") or ""),
    )
    return receiver, place


def _check_lines(catalog: Catalog, lines: list[OrderLine], caps: list[int | None]) -> None:
    """Price each line or mark why it fails; then spread each shop's postage over its lines."""
    taken: dict[tuple[str, str], int] = defaultdict(int)  # stock used by earlier lines
    for line, cap in zip(lines, caps, strict=True):
        product = catalog.product("taobao", line.item_id)
        if product is None:
            line.fail(ITEM_NOT_FOUND, f"item {line.item_id} does not exist")
            continue
        line.title, line.shop_id = product.title, product.shop.shop_id
        if line.sku_id is None and len(product.skus) == 1:
            line.sku_id = product.skus[0].sku_id
        sku = product.sku(line.sku_id) if line.sku_id else None
        if sku is None:
            line.fail(SKU_NOT_FOUND, f"item {line.item_id} has no sku {line.sku_id}")
            continue
        line.properties = sku.properties
        line.unit_price = product.unit_price(sku, line.quantity)
        available = sku.stock - taken[(line.item_id, sku.sku_id)]
        if product.status != "active" or sku.status != "active":
            line.fail(SKU_UNAVAILABLE, f"sku {sku.sku_id} is not on sale")
        elif line.quantity < 1:
            line.fail(INVALID_QUANTITY, f"quantity must be at least 1, got {line.quantity}")
        elif line.quantity > available:
            line.fail(OUT_OF_STOCK, f"sku {sku.sku_id} has {max(available, 0)} in stock")
        elif cap is not None and line.unit_price > cap:
            line.fail(
                PRICE_ABOVE_BUDGET,
                f"sku {sku.sku_id} costs {line.unit_price} fen, above the line price {cap} fen",
            )
        else:
            taken[(line.item_id, sku.sku_id)] += line.quantity
            line.status = "OK"
    _spread_postage(catalog, [line for line in lines if line.ok])


def _spread_postage(catalog: Catalog, good: list[OrderLine]) -> None:
    """A shop charges postage once per order: on its first line."""
    goods_by_shop: dict[str, int] = defaultdict(int)
    for line in good:
        goods_by_shop[line.shop_id or ""] += line.amount
    charged: set[str] = set()
    for line in good:
        shop_id = line.shop_id or ""
        shop = catalog.shop("taobao", shop_id)
        line.post_fee = 0
        if shop is not None and shop_id not in charged:
            line.post_fee = shop.postage(goods_by_shop[shop_id])
            charged.add(shop_id)
