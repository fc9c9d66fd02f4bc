"""Every platform endpoint we use, in one table: name -> (method, path).

`assumed=True` marks paths the public docs do not show (see docs/platform-wire.md); they were chosen
to match the documented neighbours and must be checked against the live platform. The sandbox
platform serves exactly these paths, so a change here is a change on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Endpoint:
    method: Literal["GET", "POST"]
    path: str
    assumed: bool = False
    # Calls that change money or orders: a lost answer is OutcomeUnknown, never retried blindly.
    mutating: bool = False
    # "headers": the signed system headers (§1.1); "query": `?timestamp=&sign=` (warehouse
    # logistics, signed by PANDAPON_QUERY_SIGN_RECIPE).
    auth: Literal["headers", "query"] = "headers"


ENDPOINTS: dict[str, Endpoint] = {
    # Taobao goods
    "taobao.product.get": Endpoint("GET", "/open/product/get"),
    "taobao.product.batch_check": Endpoint("POST", "/open/product/batch/check"),
    "taobao.product.search": Endpoint("POST", "/v2/taobao/product/item/search"),
    # Taobao orders
    "taobao.order.render": Endpoint("POST", "/open/order/render"),
    "taobao.order.create": Endpoint("POST", "/open/order", mutating=True),
    "taobao.order.detail": Endpoint("GET", "/open/order/detail", assumed=True),
    "taobao.order.list": Endpoint("GET", "/open/order/page", assumed=True),
    "taobao.order.cancel": Endpoint("POST", "/open/order/cancel", assumed=True, mutating=True),
    "taobao.order.pay": Endpoint("POST", "/open/order/pay", assumed=True, mutating=True),
    "taobao.order.logistics": Endpoint("GET", "/open/order/logistics/detail/get"),
    "taobao.order.im_link": Endpoint("POST", "/open/order/page/link/get"),
    "taobao.order.update_warehouse": Endpoint("POST", "/open/order/updateWarehouse", mutating=True),
    "taobao.refund.list": Endpoint("POST", "/open/order/refund/queryList"),
    # Foundations: the platform's address book ("get addresses" is in look-alike docs only)
    "address.add_or_update": Endpoint("POST", "/open/address/addOrUpdate", mutating=True),
    "address.list": Endpoint("GET", "/open/address/list", assumed=True),
    # Warehouse logistics: shipping abroad (query-signed)
    "logistics.item_price": Endpoint(
        "POST", "/v2/open/pp/logistics/itemLogisticsPrice", auth="query"
    ),
    "logistics.render_freight": Endpoint(
        "POST", "/open/pp/logistics/orderRenderFreight", auth="query"
    ),
    "logistics.book_freight": Endpoint(
        "POST", "/open/pp/logistics/orderBookingFreight", mutating=True, auth="query"
    ),
    "logistics.update_domestic": Endpoint(
        "POST", "/open/pp/logistics/updateLogisticInfo", mutating=True, auth="query"
    ),
    # 1688 goods
    "alibaba.product.detail": Endpoint("POST", "/alibaba/product/detail/get"),
    "alibaba.product.keywords": Endpoint("POST", "/alibaba/product/keywords/query"),
    "alibaba.product.seller_offers": Endpoint("POST", "/alibaba/product/query/selleroffer"),
    # Known from a third-party client of this API family (pandapon-api.md §7), not the docs.
    "alibaba.product.image_query": Endpoint("POST", "/alibaba/product/image/query", assumed=True),
    "alibaba.product.openuid_decrypt": Endpoint(
        "POST", "/alibaba/product/openuid/decrypt", assumed=True
    ),
    # 1688 orders
    "alibaba.order.preview": Endpoint("POST", "/alibaba/order/create/preview"),
    "alibaba.order.preview_batch": Endpoint("POST", "/alibaba/order/create/previewbatch"),
    "alibaba.order.create": Endpoint("POST", "/alibaba/order/create", mutating=True),
    "alibaba.order.batch_create": Endpoint("POST", "/alibaba/order/batch/create", mutating=True),
    "alibaba.order.batch_pay": Endpoint(
        "POST", "/alibaba/order/batch/submit/to/pay", mutating=True
    ),
    "alibaba.order.pay_url": Endpoint("GET", "/alibaba/order/pay/url"),
    "alibaba.order.cancel": Endpoint("POST", "/alibaba/order/cancel", mutating=True),
    "alibaba.order.receive_goods": Endpoint("POST", "/alibaba/order/receivegoods", mutating=True),
    "alibaba.order.detail": Endpoint("POST", "/alibaba/order/detail"),
    "alibaba.order.list": Endpoint("POST", "/alibaba/order/page", assumed=True),
    "alibaba.order.logistics": Endpoint("GET", "/alibaba/order/logistics/trace", assumed=True),
}
