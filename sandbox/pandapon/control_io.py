"""What the control routes share: reading a JSON body, finding the order a path names, the
status an advance asks for."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from sandbox.pandapon.orders import Order
from sandbox.pandapon.platform import SandboxPlatform
from sandbox.pandapon.wire import NOT_FOUND, ApiError


async def read_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def target_status(body: dict[str, Any]) -> str | None:
    """The status an advance is asked to walk to (`to`), or None for the next one."""
    to = body.get("to")
    if to is not None and not isinstance(to, str):
        raise ApiError(400, "to must be a status name")
    return to


def order_of(platform: SandboxPlatform, request: Request) -> Order:
    """By order id, order number, sellerOrderNumber or outOrderId."""
    return order_by_ref(platform, request.path_params["ref"])


def order_by_ref(platform: SandboxPlatform, ref: str) -> Order:
    book = platform.state.orders
    order = book.find(ref) or book.find_by_key("taobao", ref) or book.find_by_key("1688", ref)
    if order is None:
        raise ApiError(NOT_FOUND, f"order {ref} not found")
    return order
