"""Endpoint name (from bot.pandapon.endpoints.ENDPOINTS) -> the sandbox handler that answers it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.pandapon import (
    alibaba,
    alibaba_orders,
    freight,
    goods_search,
    refund_api,
    taobao,
    taobao_orders,
    vouchers,
)
from sandbox.pandapon.state import Call, SandboxState

Handler = Callable[[SandboxState, Call], Any]

HANDLERS: dict[str, Handler] = {
    "taobao.product.get": taobao.product_get,
    "taobao.product.batch_check": taobao.product_batch_check,
    "taobao.product.search": goods_search.taobao_item_search,
    "taobao.order.render": taobao.order_render,
    "taobao.order.create": taobao.order_create,
    "taobao.order.detail": taobao_orders.order_detail,
    "taobao.order.list": taobao_orders.order_list,
    "taobao.order.cancel": taobao_orders.order_cancel,
    "taobao.order.pay": taobao_orders.order_pay,
    "taobao.order.logistics": taobao_orders.order_logistics,
    "taobao.order.im_link": taobao_orders.im_link,
    "taobao.order.update_warehouse": taobao_orders.update_warehouse,
    "taobao.order.upload_voucher": vouchers.upload_voucher,
    "taobao.refund.list": refund_api.refund_list,
    "taobao.refund.detail": refund_api.refund_detail,
    "taobao.refund.cancel": refund_api.refund_cancel,
    "taobao.refund.render": refund_api.refund_render,
    "taobao.refund.submit": refund_api.refund_submit,
    "taobao.refund.modify": refund_api.refund_modify,
    "taobao.refund.return_render": refund_api.return_render,
    "taobao.refund.return_submit": refund_api.return_submit,
    "taobao.refund.message_submit": refund_api.message_submit,
    "taobao.refund.message_list": refund_api.message_list,
    "address.add_or_update": taobao_orders.address_add_or_update,
    "address.list": freight.address_list,
    "logistics.item_price": freight.item_price,
    "logistics.render_freight": freight.render_freight,
    "logistics.book_freight": freight.book_freight,
    "logistics.update_domestic": freight.update_domestic,
    "alibaba.product.detail": alibaba.product_detail,
    "alibaba.product.keywords": goods_search.alibaba_keywords_query,
    "alibaba.product.seller_offers": goods_search.alibaba_seller_offers,
    "alibaba.product.image_query": goods_search.alibaba_image_query,
    "alibaba.product.openuid_decrypt": goods_search.alibaba_openuid_decrypt,
    "alibaba.order.preview": alibaba.order_preview,
    "alibaba.order.preview_batch": alibaba.order_preview_batch,
    "alibaba.order.create": alibaba.order_create,
    "alibaba.order.batch_create": alibaba.order_batch_create,
    "alibaba.order.batch_pay": alibaba_orders.order_batch_pay,
    "alibaba.order.pay_url": alibaba_orders.order_pay_url,
    "alibaba.order.cancel": alibaba_orders.order_cancel,
    "alibaba.order.receive_goods": alibaba_orders.order_receive_goods,
    "alibaba.order.detail": alibaba_orders.order_detail,
    "alibaba.order.list": alibaba_orders.order_list,
    "alibaba.order.logistics": alibaba_orders.order_logistics,
}
