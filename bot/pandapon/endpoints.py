"""Every platform endpoint we use, in one table: name -> (method, path).

`assumed=True` marks paths the public docs do not show (see docs/platform-wire.md); they were chosen
to match the documented neighbours and must be checked against the live platform. The sandbox
platform serves exactly these paths, so a change here is a change on both sides.

A path may name parameters in braces (`/open/order/refund/cancel/{refundId}`, documented that way):
the caller passes their values as `path_params`, each filled in as one percent-encoded segment, and
the sandbox routes on the same template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

_PARAM_RE = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)\}")


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
    path_params: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path_params", tuple(_PARAM_RE.findall(self.path)))

    def url_path(self, values: Mapping[str, object] | None = None) -> str:
        """The path with its parameters filled in; every one must be given, none other."""
        values = dict(values or {})
        if set(values) != set(self.path_params):
            raise ValueError(
                f"{self.path} takes path parameters {list(self.path_params)}, got {sorted(values)}"
            )
        filled = {}
        for name, value in values.items():
            text = str(value).strip()
            if not text:
                raise ValueError(f"path parameter {name} of {self.path} is empty")
            filled[name] = quote(text, safe="")  # one segment: a "/" in a value stays inside it
        return _PARAM_RE.sub(lambda match: filled[match.group(1)], self.path)


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
    "taobao.order.upload_voucher": Endpoint(
        "POST", "/open/order/voucher/upload", assumed=True, mutating=True
    ),
    # Taobao after-sales (reverse orders); only list, cancel and the v2 query are documented
    "taobao.refund.list": Endpoint("POST", "/open/order/refund/queryList"),
    # Taobao cart (list, delete, edit and create-from-cart: titles in the docs' nav, no paths)
    "taobao.cart.list": Endpoint("GET", "/open/cart/list", assumed=True),
    "taobao.cart.add": Endpoint("POST", "/open/cart/add", mutating=True),
    "taobao.cart.edit_quantity": Endpoint(
        "POST", "/open/cart/edit/quantity", assumed=True, mutating=True
    ),
    "taobao.cart.delete": Endpoint("POST", "/open/cart/delete", assumed=True, mutating=True),
    "taobao.cart.preview": Endpoint("POST", "/open/cart/confirm/order"),
    "taobao.cart.create": Endpoint("POST", "/open/cart/create/order", assumed=True, mutating=True),
    "taobao.refund.detail": Endpoint("GET", "/v2/taobao/order/refund/query"),
    "taobao.refund.cancel": Endpoint("GET", "/open/order/refund/cancel/{refundId}", mutating=True),
    "taobao.refund.render": Endpoint("POST", "/open/order/refund/render", assumed=True),
    "taobao.refund.submit": Endpoint(
        "POST", "/open/order/refund/submit", assumed=True, mutating=True
    ),
    "taobao.refund.modify": Endpoint(
        "POST", "/open/order/refund/modify", assumed=True, mutating=True
    ),
    "taobao.refund.return_render": Endpoint(
        "GET", "/open/order/refund/returnLogistics/render", assumed=True
    ),
    "taobao.refund.return_submit": Endpoint(
        "POST", "/open/order/refund/returnLogistics/submit", assumed=True, mutating=True
    ),
    "taobao.refund.message_submit": Endpoint(
        "POST", "/open/order/refund/message/submit", assumed=True, mutating=True
    ),
    "taobao.refund.message_list": Endpoint("POST", "/open/order/refund/message/list", assumed=True),
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
    # 1688 cart (add and delete are in the v2 nav only, without paths)
    "alibaba.cart.list": Endpoint("GET", "/v2/alibaba/cart/list"),
    "alibaba.cart.add": Endpoint("POST", "/alibaba/cart/add", assumed=True, mutating=True),
    "alibaba.cart.edit_quantity": Endpoint("POST", "/alibaba/cart/edit-quantity", mutating=True),
    "alibaba.cart.delete": Endpoint("POST", "/alibaba/cart/delete", assumed=True, mutating=True),
    "alibaba.cart.preview": Endpoint("POST", "/alibaba/cart/preview/order"),
    "alibaba.cart.create": Endpoint("POST", "/alibaba/cart/create/order", mutating=True),
}
