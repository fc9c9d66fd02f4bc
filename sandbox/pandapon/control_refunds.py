"""Control routes for after-sales: act as the seller on a refund request, as finance on a payment
voucher, and read what the buyer sent (tests, demos; see sandbox/pandapon/control.py)."""

from __future__ import annotations

import base64
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.pandapon.control_io import order_of, read_body
from sandbox.pandapon.platform import SandboxPlatform
from sandbox.pandapon.refunds import RefundRequest
from sandbox.pandapon.vouchers import review_voucher
from sandbox.pandapon.wire import BAD_REQUEST, NOT_FOUND, ApiError


def request_json(request: RefundRequest) -> dict[str, Any]:
    return {
        "refundId": request.refund_id,
        "outRefundId": request.out_refund_id,
        "orderId": request.order_id,
        "subId": request.sub_id,
        "refundType": request.refund_type,
        "goodsStatus": request.goods_status,
        "reasonId": request.reason_id,
        "reasonText": request.reason_text,
        "fee": request.fee,
        "desc": request.desc,
        "status": request.status,
        "createTime": request.create_ms,
        "statusTime": request.status_ms,
        "deadline": request.deadline_ms or None,
        "images": request.image_ids,
        "refuseReason": request.refuse_reason,
        "agreeDescribe": request.agree_describe,
        "returnCompany": request.return_company,
        "returnNo": request.return_no,
        "refundedFee": request.refunded_fee,
        "modifications": request.modifications,
        "messages": [
            {
                "messageId": m.message_id,
                "role": m.role,
                "content": m.content,
                "images": m.image_ids,
                "outMessageId": m.out_message_id,
            }
            for m in request.messages
        ],
    }


def refund_routes(platform: SandboxPlatform) -> list[tuple[str, Any, str]]:
    desk = platform.state.refunds

    def _request(request: Request) -> RefundRequest:
        return desk.get(request.path_params["refund_id"])

    async def list_requests(request: Request) -> Response:
        order_id = request.query_params.get("orderId")
        requests = [r for r in desk.newest_first() if order_id in (None, r.order_id)]
        return JSONResponse(
            {"total": len(requests), "refunds": [request_json(r) for r in requests]}
        )

    async def get_request(request: Request) -> Response:
        return JSONResponse(request_json(_request(request)))

    async def agree(request: Request) -> Response:
        body = await read_body(request)
        found = _request(request)
        desk.agree(found, _text(body, "describe"))
        return JSONResponse(request_json(found))

    async def refuse(request: Request) -> Response:
        body = await read_body(request)
        found = _request(request)
        reason = _text(body, "reason")
        if not reason:
            raise ApiError(BAD_REQUEST, "reason is required")
        desk.refuse(found, reason, _text(body, "describe"))
        return JSONResponse(request_json(found))

    async def receive(request: Request) -> Response:
        found = _request(request)
        desk.receive(found)
        return JSONResponse(request_json(found))

    async def message(request: Request) -> Response:
        body = await read_body(request)
        found = _request(request)
        desk.seller_message(found, _text(body, "content") or "")
        return JSONResponse(request_json(found))

    async def expire(request: Request) -> Response:
        found = _request(request)
        desk.expire(found)
        return JSONResponse(request_json(found))

    async def image(request: Request) -> Response:
        content = desk.images.get(request.path_params["image_id"])
        if content is None:
            raise ApiError(NOT_FOUND, "no such image")
        return Response(base64.b64decode(content), media_type="image/jpeg")

    async def voucher(request: Request) -> Response:
        body = await read_body(request)
        approve = body.get("approve")
        if not isinstance(approve, bool):
            raise ApiError(BAD_REQUEST, "approve must be true or false")
        order = order_of(platform, request)
        review_voucher(platform.state, order, approve, _text(body, "reason"))
        return JSONResponse(order.to_control_json())

    base = "/_sandbox/refunds/{refund_id}"
    return [
        ("/_sandbox/refunds", list_requests, "GET"),
        (base, get_request, "GET"),
        (f"{base}/agree", agree, "POST"),
        (f"{base}/refuse", refuse, "POST"),
        (f"{base}/receive", receive, "POST"),
        (f"{base}/message", message, "POST"),
        (f"{base}/expire", expire, "POST"),
        ("/_sandbox/refund-images/{image_id}", image, "GET"),
        ("/_sandbox/orders/{ref}/voucher", voucher, "POST"),
    ]


def _text(body: dict[str, Any], field: str) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(BAD_REQUEST, f"{field} must be a string")
    return value.strip() or None
