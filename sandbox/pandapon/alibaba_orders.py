"""1688 order queries and actions of the sandbox: pay, cancel, receive, detail, list, logistics."""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.alibaba_views import detail_view, logistics_view
from sandbox.pandapon.orders import Order
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    NOT_FOUND,
    ApiError,
    as_id,
    optional_str,
    page_params,
    require,
)

WEBSITES = ("1688", "alibaba")
NEED_CASHIER = "NEED_CASHIER"
MAX_BATCH_PAY = 50  # assumed limit of one submit-to-pay call


def order_batch_pay(state: SandboxState, call: Call) -> Any:
    """Pay what can be paid; each other order with its reason: not found, already paid,
    closed, or its seller takes payment only on the cashier page (NEED_CASHIER)."""
    refs = require(call.params, "orderIds")
    if not isinstance(refs, list) or not refs:
        raise ApiError(BAD_REQUEST, "orderIds must be a non-empty list of order ids")
    if len(refs) > MAX_BATCH_PAY:
        raise ApiError(BAD_REQUEST, f"orderIds holds at most {MAX_BATCH_PAY} orders")
    ids = [as_id(v, "orderIds") for v in refs]
    cashier_only = set(state.config.cashier_only_sellers)
    at_cashier = []
    for ref in ids:
        order = state.orders.find(ref, "1688")
        seller = order.seller_open_id if order is not None else None
        if seller in cashier_only and order.status in order.flow.unpaid:
            at_cashier.append(ref)
    paid, failed = state.orders.pay_many([ref for ref in ids if ref not in at_cashier], "1688")
    failed += [
        (ref, NEED_CASHIER, f"the seller of order {ref} takes payment only on the cashier page")
        for ref in at_cashier
    ]
    return {"successOrderIds": paid, "failedOrders": [_failure(*f) for f in failed]}


def order_pay_url(state: SandboxState, call: Call) -> Any:
    order = _order(state, call.params)
    payable = order.status in order.flow.unpaid
    return {
        "orderId": order.order_id,
        "protocolPaySuccess": False,
        # A page of the sandbox itself: opening it pays the order, like a cashier would.
        "payUrl": f"{call.base_url.rstrip('/')}/_sandbox/cashier/{order.order_id}"
        if payable
        else None,
        "cantPayOrderList": [] if payable else [int(order.order_id)],
    }


def order_cancel(state: SandboxState, call: Call) -> Any:
    _check_website(call.params)
    order = _order(state, call.params)
    reason = str(require(call.params, "cancelReason"))
    remark = optional_str(call.params, "remark")
    state.orders.cancel(order, f"{reason}: {remark}" if remark else reason)
    return True


def order_receive_goods(state: SandboxState, call: Call) -> Any:
    order = _order(state, call.params)
    entry_ids = call.params.get("orderEntryIds") or []
    if not isinstance(entry_ids, list):
        raise ApiError(BAD_REQUEST, "orderEntryIds must be a list of sub-order ids")
    by_id = {line.sub_id: line for line in order.good_lines}
    wanted = [as_id(value, "orderEntryIds") for value in entry_ids]
    unknown = [entry for entry in wanted if entry not in by_id]
    if unknown:
        raise ApiError(
            BAD_REQUEST, f"orderEntryIds {', '.join(unknown)} are not entries of {order.order_id}"
        )
    state.orders.receive(order, [by_id[entry] for entry in wanted] or order.good_lines)
    return {"success": True, "errorInfo": "", "errorCode": ""}


def order_detail(state: SandboxState, call: Call) -> Any:
    return detail_view(_order(state, call.params))


def order_list(state: SandboxState, call: Call) -> Any:
    params = call.params
    page_no, page_size = page_params(params)
    out_order_id = optional_str(params, "outOrderId")
    status = optional_str(params, "orderStatus")
    if out_order_id is not None:  # an index lookup, not a scan
        order = state.orders.find_by_key("1688", out_order_id)
        matches = [order] if order and (status is None or order.status == status) else []
        total, records = len(matches), matches[(page_no - 1) * page_size :][:page_size]
    else:
        keep = None if status is None else (lambda order: order.status == status)
        total, records = state.orders.page("1688", page_no, page_size, keep)
    return {
        "totalRecords": total,
        "currentPage": page_no,
        "pageSize": page_size,
        "records": [detail_view(order) for order in records],
    }


def order_logistics(state: SandboxState, call: Call) -> Any:
    return logistics_view(_order(state, call.params))


def _order(state: SandboxState, params: dict[str, Any]) -> Order:
    ref = as_id(require(params, "orderId"), "orderId")
    order = state.orders.find(ref, "1688")
    if order is None:
        raise ApiError(NOT_FOUND, f"1688 order {ref} not found")
    return order


def _check_website(params: dict[str, Any]) -> None:
    website = require(params, "webSite")
    if website not in WEBSITES:
        raise ApiError(BAD_REQUEST, f"webSite must be '1688', got {website!r}")


def _failure(ref: str, code: str, message: str) -> dict[str, Any]:
    return {"orderId": ref, "errorCode": code, "errorMsg": message}
