"""Preview and create orders from the cart (Taobao and 1688), as the platform's order calls do.

The lines are the cart's (quantities as they stand in the cart), checked and priced by the same
rules as an order's; a create is idempotent on its key like the plain creates (Taobao
`sellerOrderNumber`; 1688 `outOrderId`, seller S's order keyed `<outOrderId>:<S>` when the cart
ids span several sellers). The platform removes the ordered lines from the cart itself; lines
an order refused stay, and so do the lines of a seller whose order was refused.
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.pandapon import alibaba, taobao, taobao_views
from sandbox.pandapon import alibaba_views as ali_views
from sandbox.pandapon.carts import CartEntry
from sandbox.pandapon.catalog import Platform
from sandbox.pandapon.orders import Order
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import BAD_REQUEST, ApiError, as_int, optional_str, require


def _ids(params: dict[str, Any], field: str) -> list[int]:
    value = require(params, field)
    if not isinstance(value, list) or not value:
        raise ApiError(BAD_REQUEST, f"{field} must be a non-empty list of cart ids")
    return [as_int(cart_id, f"{field}[]", minimum=1) for cart_id in value]


def _entries(state: SandboxState, call: Call, platform: Platform, field: str) -> list[CartEntry]:
    return state.carts.take(platform, call.user_id, _ids(call.params, field))


def _remove_ordered(state: SandboxState, call: Call, platform: Platform, order: Order) -> None:
    ordered = {(line.item_id, line.sku_id) for line in order.good_lines}
    ids = [
        entry.cart_id
        for entry in state.carts.lines(platform, call.user_id)
        if (entry.item_id, entry.sku_id) in ordered
    ]
    state.carts.remove(platform, call.user_id, ids)


# --- Taobao -------------------------------------------------------------------------------------


def _taobao_params(entries: list[CartEntry], address: Any) -> dict[str, Any]:
    if not isinstance(address, dict):
        raise ApiError(BAD_REQUEST, "orderAddress must be a JSON object")
    lines = [
        {"itemId": e.item_id, "skuId": e.sku_id, "quantity": e.quantity, "orderLineNo": str(n)}
        for n, e in enumerate(entries, start=1)
    ]
    return {
        "orderLineList": json.dumps(lines, ensure_ascii=False),
        "receiver": json.dumps(address, ensure_ascii=False),
    }


def taobao_preview(state: SandboxState, call: Call) -> Any:
    entries = _entries(state, call, "taobao", "ids")
    params = _taobao_params(entries, require(call.params, "orderAddress"))
    result = taobao.order_render(state, Call(params, call.base_url, call.user_id))
    for entry, line in zip(entries, result["orderLines"], strict=True):
        line["cartId"] = entry.cart_id
    return result


def taobao_create(state: SandboxState, call: Call) -> Any:
    key = optional_str(call.params, "sellerOrderNumber")
    existing = state.orders.find_by_key("taobao", key) if key else None
    if existing is not None:
        return taobao_views.create_view(existing)  # the same order, unchanged: safe to retry
    entries = _entries(state, call, "taobao", "ids")
    params = _taobao_params(entries, require(call.params, "orderAddress"))
    for field in ("purchaseAmount", "sellerOrderNumber", "orderSource"):
        if call.params.get(field) is not None:
            params[field] = call.params[field]
    result = taobao.order_create(state, Call(params, call.base_url, call.user_id))
    order = state.orders.find(result["id"]) if result.get("id") else None
    if order is not None:
        _remove_ordered(state, call, "taobao", order)
    for entry, sub in zip(entries, result["subOrderVOS"], strict=True):
        sub["cartId"] = entry.cart_id
    return result


# --- 1688 ---------------------------------------------------------------------------------------


def _cargo(state: SandboxState, entries: list[CartEntry]) -> list[dict[str, Any]]:
    cargo = []
    for entry in entries:
        product, sku = state.carts.product_of(entry)
        cargo.append(
            {
                "offerId": entry.item_id,
                "specId": sku.spec_id if sku else entry.sku_id,
                "quantity": entry.quantity,
                "sellerOpenId": product.shop.shop_id if product else None,
            }
        )
    return cargo


def alibaba_preview(state: SandboxState, call: Call) -> Any:
    entries = _entries(state, call, "1688", "cartIds")
    params = {
        "addressParam": require(call.params, "addressParam"),
        "cargoParamList": _cargo(state, entries),
        "shopPromotionId": call.params.get("shopPromotionId"),
    }
    return alibaba.order_preview_batch(state, Call(params, call.base_url, call.user_id))


def alibaba_create(state: SandboxState, call: Call) -> Any:
    """`{"orders": [... one per seller, as a batch create answers ...]}`."""
    out_order_id = optional_str(call.params, "outOrderId")
    if out_order_id is not None:
        done = [
            order
            for order in state.orders.newest_first("1688")
            if order.key == out_order_id or (order.key or "").startswith(f"{out_order_id}:")
        ]
        if done:  # this create happened already: the same orders, unchanged
            return {
                "orders": [
                    {**ali_views.create_view(order), "sellerOpenId": order.seller_open_id}
                    for order in done
                ]
            }
    entries = _entries(state, call, "1688", "cartIds")
    cargo = _cargo(state, entries)
    params = {
        key: call.params.get(key)
        for key in ("flow", "message", "shopPromotionId", "tradeType", "addressParam")
    }
    params["outOrderId"] = out_order_id
    sellers = list(dict.fromkeys(line["sellerOpenId"] for line in cargo))
    inner = Call({**params, "cargoParamList": cargo}, call.base_url, call.user_id)
    if len(sellers) == 1:
        orders = [{**alibaba.order_create(state, inner), "sellerOpenId": sellers[0]}]
    else:
        orders = alibaba.order_batch_create(state, inner)["orders"]
    for answer in orders:
        order = state.orders.find(answer["orderId"]) if answer.get("orderId") else None
        if order is not None:
            _remove_ordered(state, call, "1688", order)
    return {"orders": orders}
