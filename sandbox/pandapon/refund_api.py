"""The sandbox's after-sales endpoints (docs/platform-wire.md, "After-sales"): parameters in,
the refund desk's rules (sandbox/pandapon/refunds.py), the wire views out."""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.orders import Order
from sandbox.pandapon.refund_views import (
    aggregate_view,
    instant_record,
    list_record,
    message_view,
    return_render_view,
)
from sandbox.pandapon.refunds import AGREED, RETURNING, RefundRequest
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    CONFLICT,
    NOT_FOUND,
    ApiError,
    as_id,
    as_int,
    optional_str,
    page_params,
    require,
)

MAX_KEY_CHARS = 64


def refund_render(state: SandboxState, call: Call) -> Any:
    order, line = _order_and_line(state, call.params)
    refund_type = as_int(require(call.params, "refundType"), "refundType")
    modifying = None if call.params.get("refundId") in (None, "") else _request(state, call.params)
    return state.refunds.render(order, line, refund_type, modifying=modifying)


def refund_submit(state: SandboxState, call: Call) -> Any:
    params = call.params
    out_refund_id = _key(params, "outRefundId")
    order, line = _order_and_line(state, params)
    request = state.refunds.submit(order, line, {"out_refund_id": out_refund_id, **_terms(params)})
    return {"refundId": request.refund_id, "refundStatus": request.status}


def refund_modify(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    state.refunds.modify(request, _terms(call.params))
    return {"refundId": request.refund_id, "refundStatus": request.status}


def refund_detail(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    return _detail(state, request)


def refund_cancel(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    state.refunds.cancel(request)
    return {**_detail(state, request), "cancelSuccess": True}


def refund_list(state: SandboxState, call: Call) -> Any:
    """Requests and instant refunds, newest first, filtered as the documented body allows."""
    params = call.params
    page_no, page_size = page_params(params)
    wanted = {
        field: optional_str(params, field)
        for field in ("refundId", "purchaseOrderId", "salesOrderId")
    }
    status = params.get("refundStatus")
    status = None if status in (None, "") else as_int(status, "refundStatus")
    start = as_int(params.get("refundStartTime") or 0, "refundStartTime")
    end = as_int(params.get("refundEndTime") or 0, "refundEndTime")
    desk, book = state.refunds, state.orders
    records = []
    for request in desk.requests.values():
        order = book.find(request.order_id, "taobao")
        if order is not None:
            records.append(list_record(request, order))
    for refund in book.refunds:
        order = book.find(refund.order_id, "taobao")
        if order is not None and refund.refund_id not in desk.requests:
            records.append(instant_record(refund, order))
    records.sort(key=lambda record: (record["createMs"], record["refundId"]), reverse=True)
    kept = [
        {key: value for key, value in record.items() if key != "createMs"}
        for record in records
        if all(value is None or record[field] == value for field, value in wanted.items())
        and (status is None or record["refundStatus"] == status)
        and not (start and record["createMs"] < start)
        and not (end and record["createMs"] > end)
    ]
    first = (page_no - 1) * page_size
    return {
        "total": len(kept),
        "pageNo": page_no,
        "pageSize": page_size,
        "records": kept[first : first + page_size],
    }


def return_render(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    if request.status not in (AGREED, RETURNING):
        raise ApiError(
            CONFLICT,
            f"refund {request.refund_id} is {request.status}; the return address is given once "
            "the seller agreed to take the goods back",
        )
    order = state.refunds.order_of(request)
    shop = state.refunds.shop_of(order, state.refunds.line_of(order, request.sub_id))
    return return_render_view(request, order, shop)


def return_submit(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    company = str(require(call.params, "logisticsCompanyCode")).strip().upper()
    number = str(require(call.params, "logisticsNo")).strip().upper()
    state.refunds.send_return(request, company, number)
    return True


def message_submit(state: SandboxState, call: Call) -> Any:
    params = call.params
    request = _request(state, params)
    out_message_id = _key(params, "outMessageId")
    content = params.get("content") or ""
    if not isinstance(content, str):
        raise ApiError(BAD_REQUEST, "content must be a string")
    message = state.refunds.buyer_message(
        request, out_message_id, content, params.get("imageBase64")
    )
    return {"messageId": message.message_id}


def message_list(state: SandboxState, call: Call) -> Any:
    request = _request(state, call.params)
    page_no, page_size = page_params(call.params)
    first = (page_no - 1) * page_size
    records = [message_view(m, call.base_url) for m in request.messages]
    return {"total": len(records), "records": records[first : first + page_size]}


# --- helpers ------------------------------------------------------------------------------------


def _detail(state: SandboxState, request: RefundRequest) -> dict[str, Any]:
    order = state.refunds.order_of(request)
    line = state.refunds.line_of(order, request.sub_id)
    return {
        "distributorId": state.config.user_id,
        "currency": "CNY",
        "refundOrderAggregate": aggregate_view(
            request, order, line, state.refunds.shop_of(order, line)
        ),
    }


def _order_and_line(state: SandboxState, params: dict[str, Any]):
    ref = as_id(require(params, "orderId"), "orderId")
    order: Order | None = state.orders.find(ref, "taobao")
    if order is None:
        raise ApiError(NOT_FOUND, f"order {ref} not found")
    sub = params.get("subPurchaseOrderId")
    line = None if sub in (None, "") else state.refunds.line_of(order, as_id(sub, "sub"))
    return order, line


def _request(state: SandboxState, params: dict[str, Any]) -> RefundRequest:
    return state.refunds.get(as_id(require(params, "refundId"), "refundId"))


def _key(params: dict[str, Any], field: str) -> str:
    key = str(require(params, field)).strip()
    if len(key) > MAX_KEY_CHARS:
        raise ApiError(BAD_REQUEST, f"{field} is over {MAX_KEY_CHARS} characters")
    return key


def _terms(params: dict[str, Any]) -> dict[str, Any]:
    desc = params.get("refundDesc") or ""
    images = params.get("imageBase64List") or []
    if not isinstance(desc, str):
        raise ApiError(BAD_REQUEST, "refundDesc must be a string")
    if not isinstance(images, list):
        raise ApiError(BAD_REQUEST, "imageBase64List must be a list of base64 strings")
    return {
        "refund_type": as_int(require(params, "refundType"), "refundType"),
        "goods_status": as_int(require(params, "goodsStatus"), "goodsStatus"),
        "reason_id": as_int(require(params, "reasonId"), "reasonId"),
        "fee": as_int(require(params, "refundFee"), "refundFee"),
        "desc": desc.strip(),
        "images": images,
    }
