"""How 1688 objects look on the wire (docs/platform-wire.md, "1688").

Goods prices are yuan strings ("12.50"), order detail amounts yuan numbers (12.5), preview and
create amounts integer fen, as in native 1688.
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.catalog import Product, absolute
from sandbox.pandapon.orders import Order, OrderLine
from sandbox.pandapon.wire import format_time, now_ms, yuan_number, yuan_str


def product_view(product: Product, base_url: str) -> dict[str, Any]:
    """`base_url`: where the sandbox was reached; the photos are served there."""
    return {
        "offerId": int(product.item_id),
        "subject": product.title,
        "subjectTrans": product.title_en,
        "categoryId": int(product.category_id),
        "categoryName": product.category_name,
        "sellerOpenId": product.shop.shop_id,
        "companyName": product.shop.name,
        "minOrderQuantity": product.moq,
        "status": "published" if product.status == "active" else "expired",
        "productImage": {"images": [absolute(base_url, path) for path in product.pic_paths]},
        "productSaleInfo": {
            "amountOnSale": product.total_stock,
            "unit": product.unit,
            "priceRangeList": [
                {"startQuantity": start, "price": yuan_str(price)} for start, price in product.tiers
            ],
        },
        "productSkuInfos": [
            {
                "specId": sku.spec_id,
                "skuId": int(sku.sku_id),
                "price": None if sku.price is None else yuan_str(sku.price),
                "amountOnSale": sku.stock,
                "skuAttributes": [
                    {
                        "attributeName": name,
                        "value": value,
                        "skuImageUrl": absolute(base_url, sku.pic_path),
                    }
                    for name, value in sku.properties
                ],
            }
            for sku in product.skus
        ],
    }


def cargo_view(line: OrderLine) -> dict[str, Any]:
    return {
        "offerId": _int_or_str(line.item_id),
        "specId": line.spec_id,
        "quantity": line.quantity,
        "unitPrice": line.unit_price,
        "amount": line.amount if line.ok else None,
        "errorCode": line.error_code,
        "errorMsg": line.error_message,
    }


def failed_offers(lines: list[OrderLine]) -> list[dict[str, Any]]:
    return [
        {
            "offerId": _int_or_str(line.item_id),
            "specId": line.spec_id,
            "errorCode": line.error_code,
            "errorMessage": line.error_message,
        }
        for line in lines
        if not line.ok
    ]


def create_view(order: Order) -> dict[str, Any]:
    return {
        "success": True,
        "orderId": order.order_id,
        "totalSuccessAmount": order.total_amount,  # fen, as native fast-create answers
        "postFee": order.post_fee,
        "errorCode": None,
        "errorMsg": None,
        "failedOfferList": [],
    }


def failed_create_view(code: str, message: str, lines: list[OrderLine]) -> dict[str, Any]:
    return {
        "success": False,
        "orderId": None,
        "totalSuccessAmount": None,
        "postFee": None,
        "errorCode": code,
        "errorMsg": message,
        "failedOfferList": failed_offers(lines),
    }


def detail_view(order: Order) -> dict[str, Any]:
    address = order.receiver
    area = "".join(
        str(address.get(key) or "")
        for key in ("provinceText", "cityText", "areaText", "townText", "address")
    )
    return {
        "baseInfo": {
            "id": int(order.order_id),
            "idOfStr": order.order_id,
            "status": order.status,
            "outOrderId": order.key,
            "sellerOpenId": order.seller_open_id,
            "totalAmount": yuan_number(order.total_amount),
            "sumProductPayment": yuan_number(order.product_amount),
            "shippingFee": yuan_number(order.post_fee),
            "discount": order.discount,  # fen, as native 1688 gives it
            "refund": yuan_number(order.refund_amount),
            "createTime": format_time(order.create_ms),
            "payTime": format_time(order.pay_ms),
            "closeReason": order.close_reason,
            "buyerMemo": order.message,
            "receiverInfo": {
                "toFullName": address.get("fullName"),
                "toMobile": address.get("mobile") or address.get("phone"),
                "toPost": address.get("postCode"),
                "toArea": area,
            },
        },
        "productItems": [
            {
                "productID": int(line.item_id),
                "specId": line.spec_id,
                "skuID": int(line.sku_id) if line.sku_id else None,
                "name": line.title,
                "quantity": line.quantity,
                "price": yuan_number(line.unit_price or 0),
                "itemAmount": yuan_number(line.amount),
                "subItemID": int(line.sub_id or 0),
                "subItemIDString": line.sub_id,
                "status": line.status,
                "skuInfos": [{"name": name, "value": value} for name, value in line.properties],
            }
            for line in order.good_lines
        ],
    }


def logistics_view(order: Order) -> dict[str, Any]:
    return {
        "orderId": order.order_id,
        "logisticsTrace": [
            {
                "logisticsId": shipment.logistics_id,
                "logisticsBillNo": shipment.mail_no,
                "companyName": shipment.company,
                "logisticsSteps": [
                    {"acceptTime": format_time(event.time_ms), "remark": event.description}
                    for event in shipment.visible_events(now_ms())
                ],
            }
            for shipment in order.shipments.values()
        ],
    }


def _int_or_str(value: str) -> int | str:
    return int(value) if value.isdigit() else value
