"""Taobao order queries and actions, and addresses (docs/platform-wire.md); refunds are in
refund_api.py."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from sandbox.pandapon.orders import Order
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.taobao_views import order_view, package_view
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    CONFLICT,
    NO_DATA,
    NOT_FOUND,
    ApiError,
    as_id,
    as_int,
    optional_str,
    page_params,
    require,
)


def order_detail(state: SandboxState, call: Call) -> Any:
    order = _order(state, call.params, "orderId")
    return {**order_view(order), "internationalLogistics": state.freight.leg_view(order)}


def order_list(state: SandboxState, call: Call) -> Any:
    params = call.params
    page_no, page_size = page_params(params)
    seller_order_number = optional_str(params, "sellerOrderNumber")
    status = optional_str(params, "status")
    if seller_order_number is not None:  # an index lookup, not a scan
        order = state.orders.find_by_key("taobao", seller_order_number)
        matches = [order] if order and (status is None or order.status == status) else []
        total, records = len(matches), matches[(page_no - 1) * page_size :][:page_size]
    else:
        keep = None if status is None else (lambda order: order.status == status)
        total, records = state.orders.page("taobao", page_no, page_size, keep)
    return {
        "total": total,
        "pageNo": page_no,
        "pageSize": page_size,
        "records": [order_view(order) for order in records],
    }


def order_cancel(state: SandboxState, call: Call) -> Any:
    order = _order(state, call.params, "orderId")
    reason = str(require(call.params, "cancelReason"))
    remark = optional_str(call.params, "cancelRemark")
    state.orders.cancel(order, f"{reason}: {remark}" if remark else reason)
    return True


def order_pay(state: SandboxState, call: Call) -> Any:
    refs = require(call.params, "orderIdList")
    if not isinstance(refs, list) or not refs:
        raise ApiError(BAD_REQUEST, "orderIdList must be a non-empty list of order ids")
    paid, failed = state.orders.pay_many([as_id(v, "orderIdList") for v in refs], "taobao")
    return {"paidOrderIds": paid, "failedOrders": [_pay_failure(*f) for f in failed]}


def order_logistics(state: SandboxState, call: Call) -> Any:
    ref = as_id(require(call.params, "subPurchaseOrderId"), "subPurchaseOrderId")
    found = state.orders.find_line(ref)
    if found is None or found[0].platform != "taobao":
        raise ApiError(NOT_FOUND, f"sub-order {ref} not found")
    order, line = found
    shipment = order.shipments.get(line.shop_id or "")
    return {
        "purchaseOrderOuterId": line.sub_purchase_id,
        "pnmLogisticsDetails": [package_view(shipment)] if shipment else [],
    }


def im_link(state: SandboxState, call: Call) -> Any:
    source_type = require(call.params, "sourceType")
    biz_id = as_id(require(call.params, "bizId"), "bizId")
    if source_type == "item":
        known = state.catalog.product("taobao", biz_id) is not None
    elif source_type == "order":
        known = state.orders.find(biz_id) is not None or state.orders.find_line(biz_id) is not None
    else:
        raise ApiError(BAD_REQUEST, f"sourceType must be 'item' or 'order', got {source_type!r}")
    if not known:
        raise ApiError(NOT_FOUND, f"{source_type} {biz_id} not found")
    query = urlencode({"loginToken": uuid.uuid4().hex, "sourceType": source_type, "bizId": biz_id})
    return f"https://distributor.taobao.global/apps/open/imchat?{query}"


def update_warehouse(state: SandboxState, call: Call) -> Any:
    order = _order(state, call.params, "orderId")
    name = str(require(call.params, "warehouseName"))
    address = str(require(call.params, "warehouseAddress"))
    if order.flow.is_final(order.status):
        raise ApiError(CONFLICT, f"order {order.order_id} is {order.status}; it cannot be changed")
    order.warehouse = {"warehouseName": name, "warehouseAddress": address}
    state.orders.touch(order)
    return {}


def address_add_or_update(state: SandboxState, call: Call) -> Any:
    params = call.params
    address = {
        field: str(require(params, field)).strip()
        for field in ("name", "province", "city", "address", "phone")
    }
    address["district"] = str(params.get("district") or "")
    if params.get("id") in (None, ""):
        address_id = state.new_address_id()
    else:
        address_id = as_int(params["id"], "id")
        if address_id not in state.addresses:
            raise ApiError(NOT_FOUND, f"address {address_id} not found")
    state.put_address({"id": address_id, **address})
    return NO_DATA  # documented answer: {code, msg} only


def _order(state: SandboxState, params: dict[str, Any], field: str) -> Order:
    ref = as_id(require(params, field), field)
    order = state.orders.find(ref, "taobao")
    if order is None:
        raise ApiError(NOT_FOUND, f"order {ref} not found")
    return order


def _pay_failure(ref: str, code: str, message: str) -> dict[str, Any]:
    return {"orderId": ref, "errorCode": code, "errorMessage": message}
