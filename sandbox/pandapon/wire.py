"""Wire conventions of the sandbox platform: error codes, the envelope, parameter parsing, time."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.pandapon.errors import NOT_FOUND_CODE

# Error codes of docs/platform-wire.md (the real platform's table is not public).
BAD_REQUEST = 400
UNAUTHORIZED = 401
BAD_SIGNATURE = 402
STALE_TIMESTAMP = 403
NOT_FOUND = NOT_FOUND_CODE  # one constant with the client (assumed, like the others)
NONCE_REUSED = 405
CONFLICT = 409
OVER_BUDGET = 422
INTERNAL = 500

SUCCESS_MSG = "成功"  # what every documented success envelope says
MAX_PAGE_SIZE = 100

# Timestamps on the wire are Beijing time, like every documented example.
BEIJING = timezone(timedelta(hours=8))


class ApiError(Exception):
    """Answered as an error envelope (HTTP 200) with this code and message."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


class NoData:
    """Return value of endpoints whose documented answer has no `data` key."""


NO_DATA = NoData()


def envelope(code: int, msg: str, data: Any, develop_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "requestId": uuid.uuid4().hex,
        "code": code,
        "developId": develop_id,
        "msg": msg,
    }
    if not isinstance(data, NoData):
        body["data"] = data
    return body


def now_ms() -> int:
    return int(time.time() * 1000)


def format_time(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def yuan_str(fen: int) -> str:
    """1250 -> "12.50", exact."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def yuan_number(fen: int) -> float:
    """1250 -> 12.5; the shortest repr of fen/100 is the exact decimal, so clients parse it back."""
    return fen / 100


# --- parameters ---------------------------------------------------------------------------------


def parse_body(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise ApiError(BAD_REQUEST, "the request body is empty; send a JSON object")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(BAD_REQUEST, f"the request body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ApiError(BAD_REQUEST, "the request body must be a JSON object")
    return body


def require(params: dict[str, Any], field: str) -> Any:
    value = params.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApiError(BAD_REQUEST, f"{field} is required")
    return value


def json_string_field(params: dict[str, Any], field: str) -> Any:
    """A field that carries JSON encoded as a string (orderLineList, receiver, params)."""
    value = require(params, field)
    if not isinstance(value, str):
        raise ApiError(
            BAD_REQUEST,
            f"{field} must be a JSON string (JSON encoded as a string), not a JSON value",
        )
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ApiError(BAD_REQUEST, f"{field} is not valid JSON: {exc}") from exc


def as_int(value: Any, field: str, *, minimum: int | None = None) -> int:
    """An integer sent as a JSON number or a string of digits (the examples use both)."""
    if isinstance(value, bool):
        raise ApiError(BAD_REQUEST, f"{field} must be an integer, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise ApiError(BAD_REQUEST, f"{field} must be an integer, got {value!r}")
    if minimum is not None and number < minimum:
        raise ApiError(BAD_REQUEST, f"{field} must be at least {minimum}, got {number}")
    return number


def as_id(value: Any, field: str) -> str:
    """Ids are numbers in some examples and strings in others; compared as strings."""
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise ApiError(BAD_REQUEST, f"{field} must be an id (a string or an integer)")
    return str(value).strip()


def optional_str(params: dict[str, Any], field: str) -> str | None:
    value = params.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ApiError(BAD_REQUEST, f"{field} must be a string")
    return str(value)


def page_params(
    params: dict[str, Any], no_field: str = "pageNo", size_field: str = "pageSize"
) -> tuple[int, int]:
    page_no = as_int(params.get(no_field) or 1, no_field, minimum=1)
    page_size = as_int(params.get(size_field) or 20, size_field, minimum=1)
    if page_size > MAX_PAGE_SIZE:
        raise ApiError(BAD_REQUEST, f"{size_field} must be at most {MAX_PAGE_SIZE}")
    return page_no, page_size


def object_list(value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise ApiError(BAD_REQUEST, f"{field} must be a non-empty list")
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ApiError(BAD_REQUEST, f"{field}[{index}] must be an object")
    return value
