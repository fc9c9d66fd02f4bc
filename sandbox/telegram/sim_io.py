"""Request/response plumbing shared by the /sim endpoints of the Telegram stand-in."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

SimEndpoint = Callable[[Any, Request], Awaitable[Response]]


class SimError(Exception):
    """A refused simulation request: the caller asked for something a real user could not do."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def sim_endpoint(handler: SimEndpoint) -> SimEndpoint:
    @functools.wraps(handler)
    async def wrapper(self: Any, request: Request) -> Response:
        try:
            return await handler(self, request)
        except SimError as exc:
            return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)

    return wrapper


async def read_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise SimError(f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise SimError("the body must be a JSON object")
    return body


def int_field(body: dict[str, Any], name: str, default: int | None = None) -> int:
    value = body.get(name, default)
    if value is None:
        raise SimError(f"{name!r} is required")
    if isinstance(value, bool):
        raise SimError(f"{name!r} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SimError(f"{name!r} must be an integer, got {value!r}") from exc


def optional_int(body: dict[str, Any], name: str) -> int | None:
    return None if body.get(name) in (None, "") else int_field(body, name)


def str_field(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise SimError(f"{name!r} is required")
        return None
    if not isinstance(value, str):
        raise SimError(f"{name!r} must be a string")
    return value
