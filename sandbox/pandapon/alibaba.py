"""1688 goods, preview and create endpoints of the sandbox (docs/platform-wire.md, "1688").

A 1688 order is one seller's cart and is all-or-nothing: one failing line fails the order. Each
line's quantity must reach the offer's minimum order quantity; a SKU without its own price is
priced by the tier its quantity reaches.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sandbox.pandapon.alibaba_views import (
    cargo_view,
    create_view,
    failed_create_view,
    product_view,
)
from sandbox.pandapon.catalog import Catalog
from sandbox.pandapon.logistics import Place
from sandbox.pandapon.orders import Order, OrderLine
from sandbox.pandapon.promotions import PromotionRefused, create_discount, preview_fields
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    NOT_FOUND,
    ApiError,
    as_id,
    as_int,
    now_ms,
    object_list,
    optional_str,
    require,
)

OFFER_NOT_FOUND = "OFFER_NOT_FOUND"
SPEC_NOT_FOUND = "SPEC_NOT_FOUND"
OFFER_UNAVAILABLE = "OFFER_UNAVAILABLE"
INVALID_QUANTITY = "INVALID_QUANTITY"
QUANTITY_BELOW_MOQ = "QUANTITY_BELOW_MOQ"
OUT_OF_STOCK = "OUT_OF_STOCK"
SELLER_MISMATCH = "SELLER_MISMATCH"
MULTIPLE_SELLERS = "MULTIPLE_SELLERS"

CREATE_FLOWS = ("general", "saleproxy", "fenxiao", "boutiquefenxiao", "bigcfenxiao")
TRADE_MODES = ["担保交易"]


def product_detail(state: SandboxState, call: Call) -> Any:
    offer_id = as_id(require(call.params, "offerId"), "offerId")
    product = state.catalog.product("1688", offer_id)
    if product is None:
        raise ApiError(NOT_FOUND, f"1688 offer {offer_id} not found")
    return product_view(product, call.base_url)


def order_preview(state: SandboxState, call: Call) -> Any:
    return _preview(state, call.params, batch=False)


def order_preview_batch(state: SandboxState, call: Call) -> Any:
    return _preview(state, call.params, batch=True)


def order_create(state: SandboxState, call: Call) -> Any:
    params = call.params
    _check_flow(params)
    address, destination = _parse_address(params)
    lines, sellers = _parse_cargo(params, batch=False)
    out_order_id = optional_str(params, "outOrderId")
    if out_order_id is not None:
        existing = state.orders.find_by_key("1688", out_order_id)
        if existing is not None:
            return create_view(existing)  # the same order, unchanged: safe to retry
    _check_cargo(state.catalog, lines, sellers)
    seller_ids = {line.shop_id for line in lines if line.shop_id}
    if len(seller_ids) > 1:
        message = (
            f"the cart holds offers of {len(seller_ids)} sellers; one order is one seller "
            "(use /alibaba/order/batch/create)"
        )
        return failed_create_view(MULTIPLE_SELLERS, message, lines)
    seller_id = next(iter(seller_ids), None)
    return _create(state, params, seller_id, lines, address, destination, out_order_id)


def order_batch_create(state: SandboxState, call: Call) -> Any:
    """One order per seller. With an `outOrderId`, seller S's order gets key `<outOrderId>:<S>`."""
    params = call.params
    _check_flow(params)
    address, destination = _parse_address(params)
    lines, sellers = _parse_cargo(params, batch=True)
    out_order_id = optional_str(params, "outOrderId")
    _check_cargo(state.catalog, lines, sellers)
    orders = []
    for seller_id, group in _by_seller(lines, sellers).items():
        key = f"{out_order_id}:{seller_id}" if out_order_id and seller_id else None
        existing = state.orders.find_by_key("1688", key) if key else None
        if existing is not None:
            result = create_view(existing)
        else:
            result = _create(state, params, seller_id, group, address, destination, key, batch=True)
        orders.append({**result, "sellerOpenId": seller_id})
    return {"orders": orders}


# --- helpers ------------------------------------------------------------------------------------


def _preview(state: SandboxState, params: dict[str, Any], *, batch: bool) -> Any:
    _parse_address(params)
    lines, sellers = _parse_cargo(params, batch=batch)
    _check_cargo(state.catalog, lines, sellers)
    results = []
    for seller_id, group in _by_seller(lines, sellers).items():
        goods = sum(line.amount for line in group)
        shop = state.catalog.shop("1688", seller_id or "")
        carriage = shop.postage(goods) if shop and goods else 0
        failed = next((line for line in group if not line.ok), None)
        promotions = preview_fields(shop, goods, optional_str(params, "shopPromotionId"))
        results.append(
            {
                "success": failed is None,
                "errorCode": failed.error_code if failed else None,
                "errorMsg": failed.error_message if failed else None,
                "sellerOpenId": seller_id,
                "sumPayment": goods + carriage - promotions["discountFee"],
                "sumCarriage": carriage,
                "sumPaymentNoCarriage": goods,
                "tradeModeNameList": TRADE_MODES,
                "cargoList": [cargo_view(line) for line in group],
                **promotions,
            }
        )
    return {"orderPreviewResuslt": results}  # sic, as documented


def _create(
    state: SandboxState,
    params: dict[str, Any],
    seller_id: str | None,
    lines: list[OrderLine],
    address: dict[str, Any],
    destination: Place,
    key: str | None,
    *,
    batch: bool = False,
) -> dict[str, Any]:
    failed = [line for line in lines if not line.ok]
    if failed:
        first = failed[0]
        message = f"{len(failed)} of {len(lines)} lines cannot be ordered: {first.error_message}"
        return failed_create_view(first.error_code or INVALID_QUANTITY, message, lines)
    shop = state.catalog.shop("1688", seller_id or "")
    goods = sum(line.amount for line in lines)
    promotion_id = optional_str(params, "shopPromotionId")
    if batch and not (shop and promotion_id and shop.promotion(promotion_id)):
        promotion_id = None  # a batch names one seller's promotion; the others order without
    try:
        discount = create_discount(shop, goods, promotion_id)
    except PromotionRefused as exc:
        return failed_create_view(exc.code, exc.message, lines)
    book, created = state.orders, now_ms()
    for line in lines:
        line.status = "waitbuyerpay"
        line.sub_id = book.new_id(19, "2")
    order = Order(
        platform="1688",
        order_id=book.new_id(19, "2"),  # below 2^63: a valid int64, like native ids
        order_no=book.new_order_no(),
        key=key,
        lines=lines,
        status="waitbuyerpay",
        create_ms=created,
        update_ms=created,
        product_amount=goods,
        post_fee=shop.postage(goods) if shop else 0,
        receiver=address,
        destination=destination,
        seller_open_id=seller_id,
        message=optional_str(params, "message"),
        discount=discount,
        shop_promotion_id=promotion_id if discount else None,
    )
    return create_view(book.add(order))


def _check_flow(params: dict[str, Any]) -> None:
    flow = require(params, "flow")
    if flow not in CREATE_FLOWS:
        raise ApiError(BAD_REQUEST, f"flow must be one of {', '.join(CREATE_FLOWS)}; got {flow!r}")


def _parse_address(params: dict[str, Any]) -> tuple[dict[str, Any], Place]:
    address = require(params, "addressParam")
    if not isinstance(address, dict):
        raise ApiError(BAD_REQUEST, "addressParam must be a JSON object")
    for field in ("fullName", "address"):
        if not str(address.get(field) or "").strip():
            raise ApiError(BAD_REQUEST, f"addressParam.{field} is required")
    if not str(address.get("mobile") or address.get("phone") or "").strip():
        raise ApiError(BAD_REQUEST, "addressParam.mobile or addressParam.phone is required")
    place = Place(
        str(address.get("provinceText") or ""),
        str(address.get("cityText") or address.get("provinceText") or ""),
        str(address.get("areaText") or ""),
    )
    return address, place


def _parse_cargo(
    params: dict[str, Any], *, batch: bool
) -> tuple[list[OrderLine], list[str | None]]:
    """The cargo lines, and the seller each line names (batch calls name one per line)."""
    entries = object_list(require(params, "cargoParamList"), "cargoParamList")
    lines: list[OrderLine] = []
    sellers: list[str | None] = []
    for index, entry in enumerate(entries):
        where = f"cargoParamList[{index}]"
        for field in ("offerId", "quantity"):
            if entry.get(field) in (None, ""):
                raise ApiError(BAD_REQUEST, f"{where}.{field} is required")
        spec = entry.get("specId")
        lines.append(
            OrderLine(
                line_no=str(index + 1),
                item_id=as_id(entry["offerId"], f"{where}.offerId"),
                sku_id=None,
                spec_id=None if spec in (None, "") else as_id(spec, f"{where}.specId"),
                quantity=as_int(entry["quantity"], f"{where}.quantity"),
            )
        )
        seller = entry.get("sellerOpenId")
        sellers.append(str(seller) if batch and seller else None)
    return lines, sellers


def _check_cargo(catalog: Catalog, lines: list[OrderLine], sellers: list[str | None]) -> None:
    taken: dict[str, int] = defaultdict(int)  # stock used by earlier lines, by spec
    for line, named_seller in zip(lines, sellers, strict=True):
        product = catalog.product("1688", line.item_id)
        if product is None:
            line.shop_id = named_seller
            line.fail(OFFER_NOT_FOUND, f"offer {line.item_id} does not exist")
            continue
        line.title, line.shop_id = product.title, product.shop.shop_id
        if line.spec_id is None and len(product.skus) == 1:
            line.spec_id = product.skus[0].spec_id
        sku = product.sku(line.spec_id) if line.spec_id else None
        if sku is None:
            line.fail(SPEC_NOT_FOUND, f"offer {line.item_id} has no spec {line.spec_id}")
            continue
        line.sku_id, line.spec_id, line.properties = sku.sku_id, sku.spec_id, sku.properties
        line.unit_price = product.unit_price(sku, line.quantity)
        available = sku.stock - taken[sku.spec_id]
        if named_seller is not None and named_seller != product.shop.shop_id:
            line.shop_id = named_seller
            line.fail(SELLER_MISMATCH, f"offer {line.item_id} is sold by {product.shop.shop_id}")
        elif product.status != "active" or sku.status != "active":
            line.fail(OFFER_UNAVAILABLE, f"offer {line.item_id} is not on sale")
        elif line.quantity < 1:
            line.fail(INVALID_QUANTITY, f"quantity must be at least 1, got {line.quantity}")
        elif line.quantity < product.moq:
            line.fail(
                QUANTITY_BELOW_MOQ,
                f"offer {line.item_id} sells at least {product.moq} {product.unit}; "
                f"got {line.quantity}",
            )
        elif line.quantity > available:
            line.fail(OUT_OF_STOCK, f"spec {sku.spec_id} has {max(available, 0)} in stock")
        else:
            taken[sku.spec_id] += line.quantity
            line.status = "OK"


def _by_seller(lines: list[OrderLine], sellers: list[str | None]) -> dict[str | None, list]:
    groups: dict[str | None, list[OrderLine]] = {}
    for line, named in zip(lines, sellers, strict=True):
        groups.setdefault(line.shop_id or named, []).append(line)
    return groups
