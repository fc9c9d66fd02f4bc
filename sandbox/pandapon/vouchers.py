"""Payment vouchers: a Taobao order paid by bank transfer waits for finance to check the receipt.

Upload (docs/platform-wire.md, "Payment voucher"): the order must be waiting for payment
(`BULIDING` or `WAIT_BUYER_P`, as for pay, or `PAY_REJECTED` after a refused voucher); it then
waits in `PAY_PENDING` until finance approves (paid: `WAIT_SELLER_SEND_GOODS`, after
`voucher_review_seconds` or by the control API) or refuses (`PAY_REJECTED`, with a reason). The
same `voucherNo` again is the same voucher, unchanged.
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.orders import PAY_PENDING, PAY_REJECTED, Order, Voucher
from sandbox.pandapon.refunds import decode_image
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    CONFLICT,
    NOT_FOUND,
    ApiError,
    as_id,
    format_time,
    now_ms,
    require,
)

MAX_VOUCHER_NO_CHARS = 64
_AWAITING = frozenset({"BULIDING", "WAIT_BUYER_P", PAY_REJECTED})  # as pay accepts them


def upload_voucher(state: SandboxState, call: Call) -> Any:
    params = call.params
    ref = as_id(require(params, "orderId"), "orderId")
    order = state.orders.find(ref, "taobao")
    if order is None:
        raise ApiError(NOT_FOUND, f"order {ref} not found")
    voucher_no = str(require(params, "voucherNo")).strip()
    if len(voucher_no) > MAX_VOUCHER_NO_CHARS:
        raise ApiError(BAD_REQUEST, f"voucherNo is over {MAX_VOUCHER_NO_CHARS} characters")
    existing = next((v for v in order.vouchers if v.voucher_no == voucher_no), None)
    if existing is not None:
        return _view(existing, order)  # safe to retry
    if order.status == PAY_PENDING:
        raise ApiError(CONFLICT, f"order {order.order_id} has a voucher under review already")
    if order.status not in _AWAITING:
        raise ApiError(
            CONFLICT, f"order {order.order_id} is {order.status}; it does not await a payment"
        )
    image = params.get("imageBase64")
    decode_image(image, "imageBase64")
    voucher = Voucher(
        voucher_id=state.orders.new_id(15, "7"),
        voucher_no=voucher_no,
        image_id=state.refunds.keep_image(image),
        upload_ms=now_ms(),
    )
    order.vouchers.append(voucher)
    state.orders.move_to(order, PAY_PENDING)
    return _view(voucher, order)


def review_voucher(state: SandboxState, order: Order, approve: bool, reason: str | None) -> None:
    """Control API: finance decides on the voucher under review."""
    if order.status != PAY_PENDING:
        raise ApiError(CONFLICT, f"order {order.order_id} is {order.status}; no voucher to check")
    if approve:
        state.orders.move_to(order, order.flow.paid)
        return
    voucher = next(v for v in reversed(order.vouchers) if v.status == "PENDING")
    voucher.status, voucher.reason = "REJECTED", reason or "转账金额与订单不符"
    state.orders.move_to(order, PAY_REJECTED)


def _view(voucher: Voucher, order: Order) -> dict[str, Any]:
    return {
        "voucherId": voucher.voucher_id,
        "voucherNo": voucher.voucher_no,
        "uploadTime": format_time(voucher.upload_ms),
        "orderStatus": order.status,
    }
