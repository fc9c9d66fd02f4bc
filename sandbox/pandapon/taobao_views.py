"""How Taobao objects look on the wire (docs/platform-wire.md, "Taobao"). Amounts are fen."""

from __future__ import annotations

import json
from typing import Any

from sandbox.pandapon.catalog import Product, Sku, absolute
from sandbox.pandapon.logistics import Shipment
from sandbox.pandapon.orders import Order, OrderLine
from sandbox.pandapon.wire import format_time, now_ms


def product_view(product: Product, base_url: str) -> dict[str, Any]:
    """`base_url`: where the sandbox was reached; the photos are served there."""
    skus = product.skus
    prices = [sku.price or 0 for sku in skus]
    promotions = [sku.promotion_price or sku.price or 0 for sku in skus]
    return {
        "itemId": int(product.item_id),  # a JSON number in the documented example
        "mpId": product.item_id,
        "title": product.title,
        "price": min(prices),
        "promotionPrice": min(promotions),
        "quantity": product.total_stock,
        "beginAmount": 0,
        "picUrls": [absolute(base_url, path) for path in product.pic_paths],
        "shopId": int(product.shop.shop_id),
        "shopName": product.shop.name,
        "userNick": product.shop.nick,
        "categoryId": product.category_id,
        "categoryName": product.category_name,
        "categoryPath": product.category_path,
        "description": product.title_en,
        "itemType": "HAVE_MATERIAL",
        "productUnit": None,
        "status": product.status,
        "skuList": [
            {
                "skuId": sku.sku_id,
                "price": sku.price,
                "promotionPrice": sku.promotion_price or sku.price,
                "quantity": sku.stock,
                "status": sku.status,
                "picUrl": absolute(base_url, sku.pic_path),
                "properties": json.dumps(sku.properties_json(), ensure_ascii=False),
            }
            for sku in skus
        ],
    }


def sku_check_view(sku: Sku) -> dict[str, Any]:
    """A SKU as batch check reports it (assumed): its price and stock now."""
    return {
        "skuId": sku.sku_id,
        "price": sku.price,
        "promotionPrice": sku.promotion_price or sku.price,
        "quantity": sku.stock,
        "status": sku.status,
    }


def sub_order_view(order: Order | None, line: OrderLine) -> dict[str, Any]:
    return {
        "subOrderId": line.sub_id,
        "orderNo": order.order_no if order and line.ok else None,
        "quantity": line.quantity,
        "title": line.title,
        "purchaseCurrency": "CNY",
        "purchaseAmount": line.amount if line.ok else None,
        "itemId": line.item_id,
        "domesticPostFee": line.post_fee,
        "closeReason": line.close_reason,
        "skuId": line.sku_id,
        "status": line.status,
        "taobaoPurchaseId": line.purchase_id,
        "taobaoSubPurchaseId": line.sub_purchase_id,
        "errorCode": line.error_code,
        "errorMessage": line.error_message,
    }


def create_view(order: Order) -> dict[str, Any]:
    return {
        "id": order.order_id,
        "orderNo": order.order_no,
        "createTime": format_time(order.create_ms),
        "subOrderVOS": [sub_order_view(order, line) for line in order.lines],
    }


def failed_create_view(lines: list[OrderLine]) -> dict[str, Any]:
    """No line passed: no order exists."""
    return {
        "id": None,
        "orderNo": None,
        "createTime": None,
        "subOrderVOS": [sub_order_view(None, line) for line in lines],
    }


def order_view(order: Order) -> dict[str, Any]:
    return {
        **create_view(order),
        "sellerOrderNumber": order.key,
        "orderSource": order.order_source,
        "status": order.status,
        "purchaseAmount": order.purchase_amount,
        "productAmount": order.product_amount,
        "domesticPostFee": order.post_fee,
        "totalAmount": order.total_amount,
        "refundAmount": order.refund_amount,
        "payTime": format_time(order.pay_ms),
        "closeReason": order.close_reason,
        "receiver": json.dumps(order.receiver, ensure_ascii=False),
        "warehouseName": (order.warehouse or {}).get("warehouseName"),
        "warehouseAddress": (order.warehouse or {}).get("warehouseAddress"),
        "paymentVouchers": [
            {
                "voucherId": voucher.voucher_id,
                "voucherNo": voucher.voucher_no,
                "uploadTime": format_time(voucher.upload_ms),
                "status": voucher.status,
                "reason": voucher.reason,
            }
            for voucher in order.vouchers
        ],
    }


def package_view(shipment: Shipment) -> dict[str, Any]:
    return {
        "mailNo": shipment.mail_no,
        "logisticsPartner": [
            {"company": shipment.company, "companyContact": shipment.company_contact}
        ],
        "logisticsTraces": [
            {
                "statusDesc": event.status_desc,
                "province": event.province,
                "city": event.city,
                "district": event.district,
                "action": event.action,
                "facilityName": event.facility_name,
                "time": format_time(event.time_ms),
                "standerdDesc": event.description,  # sic, as documented
                "status": event.status,
                "nextCity": event.next_city,
                "nextNodeName": event.next_node_name,
            }
            for event in shipment.visible_events(now_ms())
        ],
    }
