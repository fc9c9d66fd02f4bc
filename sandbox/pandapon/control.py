"""The control API under /_sandbox/ (no signature, plain JSON) for tests, benchmarks and demos.

Errors answer {"error": "..."} with HTTP 400 (bad input), 404 (unknown order) or 409 (status).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from bot.config import (
    SANDBOX_ACCESS_KEY,
    SANDBOX_ACCESS_SECRET,
    SANDBOX_HELLO_PATH,
    SANDBOX_NAME,
    SANDBOX_USER_ID,
)
from sandbox.pandapon.alibaba_views import detail_view
from sandbox.pandapon.control_io import order_by_ref, order_of, read_body, target_status
from sandbox.pandapon.control_refunds import refund_routes
from sandbox.pandapon.faults import FaultSpecError
from sandbox.pandapon.images import IMAGE_SIZE, UnknownImage, parse_image_path, product_image
from sandbox.pandapon.platform import SandboxPlatform
from sandbox.pandapon.pricing import change_product
from sandbox.pandapon.taobao_views import order_view
from sandbox.pandapon.wire import BAD_REQUEST, NOT_FOUND, ApiError, as_int

_HTTP_STATUS = {400: 400, 404: 404, 409: 409}


def control_routes(platform: SandboxPlatform) -> list[Route]:
    state, book = platform.state, platform.state.orders

    async def hello(request: Request) -> Response:
        """How `orderbot run` recognises a sandbox at PANDAPON_BASE_URL (bot/platform_target.py)."""
        config = platform.config
        default = (config.access_key, config.secret, config.user_id) == (
            SANDBOX_ACCESS_KEY,
            SANDBOX_ACCESS_SECRET,
            SANDBOX_USER_ID,
        )
        return JSONResponse(
            {
                "sandbox": SANDBOX_NAME,
                "signRecipe": config.sign_recipe,
                "timestampUnit": config.timestamp_unit,
                "querySignRecipe": config.query_sign_recipe,
                "queryTimestampUnit": config.query_timestamp_unit,
                "credentials": "default" if default else "custom",
            }
        )

    async def catalog(request: Request) -> Response:
        return JSONResponse(state.catalog.to_json(str(request.base_url)))

    async def image(request: Request) -> Response:
        """A product's photo (views 0..2) or a SKU's, drawn by sandbox/pandapon/images.py."""
        platform_name = request.path_params["platform"]
        try:
            item_id, view, sku_id = parse_image_path(request.path_params["rest"])
            size = as_int(request.query_params.get("size", IMAGE_SIZE), "size", minimum=1)
            product = state.catalog.product(platform_name, item_id)  # type: ignore[arg-type]
            if product is None:
                raise UnknownImage(f"no {platform_name} product {item_id}")
            values = None
            if sku_id is not None:
                sku = product.sku(sku_id)
                if sku is None or sku.pic_path is None:
                    raise UnknownImage(f"{item_id} has no photo of SKU {sku_id}")
                values = tuple(value for _, value in sku.properties)
            content = product_image(platform_name, item_id, size, view=view, sku_values=values)
        except UnknownImage as exc:
            raise ApiError(NOT_FOUND, str(exc)) from exc
        except ValueError as exc:  # a size out of range
            raise ApiError(BAD_REQUEST, str(exc)) from exc
        return Response(
            content,
            media_type="image/jpeg",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    async def change_product_route(request: Request) -> Response:
        """A seller changes a price or stock (a re-check before the preview then shows it)."""
        params = request.path_params
        product = change_product(
            state, params["platform"], params["item_id"], await read_body(request)
        )
        return JSONResponse(product.to_json(str(request.base_url)))

    async def add_fault(request: Request) -> Response:
        fault = platform.faults.add(await read_body(request))
        return JSONResponse(fault.to_json(), status_code=201)

    async def list_faults(request: Request) -> Response:
        return JSONResponse({"faults": [fault.to_json() for fault in platform.faults.list()]})

    async def clear_faults(request: Request) -> Response:
        platform.faults.clear()
        return JSONResponse({"faults": []})

    async def list_orders(request: Request) -> Response:
        query = request.query_params
        orders = [
            order
            for order in book.all_orders()
            if query.get("platform") in (None, order.platform)
            and query.get("status") in (None, order.status)
            and query.get("key") in (None, order.key)
        ]
        return JSONResponse(
            {"total": len(orders), "orders": [order.to_control_json() for order in orders]}
        )

    async def get_order(request: Request) -> Response:
        order = order_of(platform, request)
        wire = order_view(order) if order.platform == "taobao" else detail_view(order)
        return JSONResponse({**order.to_control_json(), "wire": wire})

    async def advance(request: Request) -> Response:
        order = order_of(platform, request)
        book.advance(order, target_status(await read_body(request)))
        return JSONResponse(order.to_control_json())

    async def advance_many(request: Request) -> Response:
        """Many orders in one call, as when a buyer pays a whole batch: an unknown ref refuses
        the call before any order moves; then each advances (and calls back) as one would."""
        body = await read_body(request)
        refs, to = body.get("orders"), target_status(body)
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            raise ApiError(400, "orders must be a non-empty list of order refs")
        orders = [order_by_ref(platform, ref) for ref in refs]
        for order in orders:
            book.advance(order, to)
        return JSONResponse({"orders": [order.to_control_json() for order in orders]})

    async def modify_price(request: Request) -> Response:
        order = order_of(platform, request)
        body = await read_body(request)
        if "totalAmount" not in body:
            raise ApiError(400, "totalAmount (fen) is required")
        book.modify_price(order, as_int(body["totalAmount"], "totalAmount", minimum=0))
        return JSONResponse(order.to_control_json())

    async def refund(request: Request) -> Response:
        order = order_of(platform, request)
        body = await read_body(request)
        amount = body.get("amount")
        amount = None if amount is None else as_int(amount, "amount", minimum=1)
        reason = str(body.get("reason") or "sandbox refund")
        made = book.refund(order, amount, reason)
        return JSONResponse(
            {"refundId": made.refund_id, "amount": made.amount, "order": order.to_control_json()}
        )

    async def callbacks(request: Request) -> Response:
        order_id = request.query_params.get("orderId")
        deliveries = [
            delivery.to_json()
            for delivery in platform.callbacks.log
            if order_id in (None, delivery.order_id)
        ]
        return JSONResponse({"url": platform.callbacks.url, "deliveries": deliveries})

    async def set_callback_url(request: Request) -> Response:
        url = (await read_body(request)).get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith("http")):
            raise ApiError(400, "url must be an http(s) URL or null")
        platform.callbacks.url = url or None
        return JSONResponse({"url": platform.callbacks.url})

    async def reset(request: Request) -> Response:
        await platform.reset()
        return JSONResponse({"reset": True})

    async def stats(request: Request) -> Response:
        return JSONResponse(platform.stats())

    async def addresses(request: Request) -> Response:
        return JSONResponse({"addresses": list(state.addresses.values())})

    async def carts(request: Request) -> Response:
        """Every cart line (or one platform's, one user's), with why a line is disabled."""
        query = request.query_params
        lines = [
            {
                "cartId": entry.cart_id,
                "platform": entry.platform,
                "userId": entry.user_id,
                "itemId": entry.item_id,
                "skuId": entry.sku_id,
                "quantity": entry.quantity,
                "disabled": (state.carts.disabled_reason(entry) or (None,))[0],
            }
            for entry in sorted(state.carts.entries.values(), key=lambda e: e.cart_id)
            if query.get("platform") in (None, entry.platform)
            and query.get("user") in (None, entry.user_id)
        ]
        return JSONResponse({"total": len(lines), "lines": lines})

    async def set_cashier_only(request: Request) -> Response:
        """1688 sellers whose orders the batch submit-to-pay refuses (NEED_CASHIER)."""
        sellers = (await read_body(request)).get("sellers")
        if not isinstance(sellers, list) or not all(isinstance(s, str) for s in sellers):
            raise ApiError(400, "sellers must be a list of sellerOpenIds")
        state.config.cashier_only_sellers = tuple(sellers)
        return JSONResponse({"sellers": list(state.config.cashier_only_sellers)})

    async def cashier(request: Request) -> Response:
        """What a 1688 payUrl opens: pays the order, like the real cashier page would."""
        order = order_of(platform, request)
        if order.status in order.flow.unpaid:
            book.pay(order)
        return HTMLResponse(f"<p>Order {order.order_id}: {order.status}</p>")

    routes = [
        (SANDBOX_HELLO_PATH, hello, "GET"),
        ("/_sandbox/catalog", catalog, "GET"),
        ("/_sandbox/images/{platform}/{rest:path}", image, "GET"),
        ("/_sandbox/products/{platform}/{item_id}", change_product_route, "POST"),
        ("/_sandbox/faults", add_fault, "POST"),
        ("/_sandbox/faults", list_faults, "GET"),
        ("/_sandbox/faults", clear_faults, "DELETE"),
        ("/_sandbox/orders", list_orders, "GET"),
        ("/_sandbox/orders/advance", advance_many, "POST"),
        ("/_sandbox/orders/{ref}", get_order, "GET"),
        ("/_sandbox/orders/{ref}/advance", advance, "POST"),
        ("/_sandbox/orders/{ref}/price", modify_price, "POST"),
        ("/_sandbox/orders/{ref}/refund", refund, "POST"),
        ("/_sandbox/callbacks", callbacks, "GET"),
        ("/_sandbox/callback-url", set_callback_url, "PUT"),
        ("/_sandbox/reset", reset, "POST"),
        ("/_sandbox/stats", stats, "GET"),
        ("/_sandbox/addresses", addresses, "GET"),
        ("/_sandbox/carts", carts, "GET"),
        ("/_sandbox/cashier/{ref}", cashier, "GET"),
        *refund_routes(platform),
        ("/_sandbox/cashier-only", set_cashier_only, "PUT"),
    ]
    return [
        Route(path, _guarded(platform, endpoint), methods=[method])
        for path, endpoint, method in routes
    ]


def _guarded(platform: SandboxPlatform, endpoint: Any) -> Any:
    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ApiError as exc:
            return JSONResponse({"error": exc.msg}, status_code=_HTTP_STATUS.get(exc.code, 400))
        except FaultSpecError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        finally:
            platform.save()  # advance, price, refund, cashier: kept like API calls

    return run
