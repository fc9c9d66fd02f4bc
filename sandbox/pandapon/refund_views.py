"""How refund requests look on the wire (docs/platform-wire.md, "After-sales"). Amounts are fen.

The detail follows the documented v2 shape (`refundOrderAggregate`: refundOrder, logistics,
purchaseOrderLine); list records, return-logistics renders and messages are our shapes.
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.catalog import Shop, absolute
from sandbox.pandapon.orders import Order, OrderLine, Refund
from sandbox.pandapon.refunds import (
    COMPANIES,
    RETURN_AND_REFUND,
    TIMEOUT_TYPES,
    RefundMessage,
    RefundRequest,
)
from sandbox.pandapon.wire import format_time, now_ms

IMAGE_PATH = "/_sandbox/refund-images/{image_id}"


def return_address(order: Order, shop: Shop | None) -> dict[str, str]:
    """Where the seller wants the goods back: its after-sales desk in its own city."""
    if shop is None:
        return {
            "name": "售后部",
            "phone": "400-800-0000",
            "address": "浙江省杭州市仓库路1号 退货组",
        }
    return {
        "name": f"{shop.nick} 售后部",
        "phone": f"400-800-{shop.shop_id[-4:]:0>4}",
        "address": f"{shop.province}{shop.city}仓库路{len(shop.name)}号 退货组",
    }


def _address_line(address: dict[str, str]) -> str:
    return f"{address['name']} {address['phone']} {address['address']}"


def aggregate_view(
    request: RefundRequest, order: Order, line: OrderLine | None, shop: Shop | None
) -> dict[str, Any]:
    now = now_ms()
    refund_order = {
        "refundId": request.refund_id,
        "outRefundId": request.out_refund_id,
        "refundFee": request.fee,
        "refundedFee": request.refunded_fee,
        "payOrderId": order.order_id,
        "timeoutType": TIMEOUT_TYPES.get(request.status),
        "sellerRefuseReason": request.refuse_reason,
        "sellerRefuseReasonDescribe": request.refuse_describe,
        "refundStatus": request.status,
        "canEditFee": request.status in TIMEOUT_TYPES and request.return_no is None,
        "remainingTime": max(request.deadline_ms - now, 0) if request.deadline_ms else None,
        "refundType": request.refund_type,
        "feeTips": "退款金额不可超过实付金额",
        "reasonDesc": request.reason_text,
        "goodsStatus": request.goods_status,
        "refundDesc": request.desc,
        "reasonId": request.reason_id,
        "timeoutDate": format_time(request.deadline_ms) if request.deadline_ms else None,
    }
    logistics = None
    if request.refund_type == RETURN_AND_REFUND:
        address = return_address(order, shop)
        logistics = {
            "receiverAddress": _address_line(address) if request.agree_describe else None,
            "returnGoodsDesc": request.agree_describe,
            "buyerPhone": str(order.receiver.get("mobile_phone") or ""),
            "logisticsCompany": (
                {
                    "logisticsCompanyCode": request.return_company,
                    "logisticsCompanyName": COMPANIES.get(request.return_company, ""),
                }
                if request.return_company
                else None
            ),
            "logisticsNo": request.return_no,
            "sellerAgreeReturnDescribe": request.agree_describe,
        }
    lines = [line] if line is not None else order.good_lines
    purchase_line = {
        "purchaseOrderLineId": line.sub_id if line else None,
        "purchaseOrderId": order.order_id,
        "salesOrderId": order.key,
        "supplierId": shop.shop_id if shop else None,
        "itemTitle": lines[0].title if len(lines) == 1 else f"{lines[0].title} 等{len(lines)}件",
        "quantity": sum(x.quantity for x in lines),
        "price": lines[0].unit_price if len(lines) == 1 else None,
        "productFee": sum(x.amount for x in lines),
        "postFee": sum(x.post_fee for x in lines),
        "totalPrice": sum(x.amount + x.post_fee for x in lines),
        "salesMarket": "CN",
        "createTime": format_time(order.create_ms),
    }
    return {
        "refundOrder": refund_order,
        "logistics": logistics,
        "purchaseOrderLine": purchase_line,
    }


def list_record(request: RefundRequest, order: Order) -> dict[str, Any]:
    return {
        "refundId": request.refund_id,
        "outRefundId": request.out_refund_id,
        "purchaseOrderId": order.order_id,
        "salesOrderId": order.key,
        "subPurchaseOrderId": request.sub_id,
        "refundStatus": request.status,
        "refundType": request.refund_type,
        "refundFee": request.fee,
        "reasonDesc": request.reason_text,
        "createTime": format_time(request.create_ms),
        "createMs": request.create_ms,  # for the time filter; not part of the wire record
    }


def instant_record(refund: Refund, order: Order) -> dict[str, Any]:
    """A refund the control API made at once: no request behind it."""
    return {
        "refundId": refund.refund_id,
        "outRefundId": None,
        "purchaseOrderId": order.order_id,
        "salesOrderId": order.key,
        "subPurchaseOrderId": refund.sub_id,
        "refundStatus": refund.status,
        "refundType": None,
        "refundFee": refund.amount,
        "reasonDesc": refund.reason,
        "createTime": format_time(refund.create_ms),
        "createMs": refund.create_ms,
    }


def return_render_view(request: RefundRequest, order: Order, shop: Shop | None) -> dict[str, Any]:
    address = return_address(order, shop)
    return {
        "refundId": request.refund_id,
        "receiverName": address["name"],
        "receiverPhone": address["phone"],
        "receiverAddress": address["address"],
        "returnGoodsDesc": request.agree_describe,
        "logisticsCompanies": [
            {"logisticsCompanyCode": code, "logisticsCompanyName": name}
            for code, name in COMPANIES.items()
        ],
    }


def message_view(message: RefundMessage, base_url: str) -> dict[str, Any]:
    return {
        "messageId": message.message_id,
        "outMessageId": message.out_message_id,
        "senderRole": message.role,
        "content": message.content,
        "picUrls": [
            absolute(base_url, IMAGE_PATH.format(image_id=image_id))
            for image_id in message.image_ids
        ],
        "createTime": format_time(message.create_ms),
    }
