"""Injected faults: latency, HTTP errors, error envelopes, answers lost after the commit, and
commits that land after the client gave up (`commit_late`)."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from bot.pandapon.endpoints import ENDPOINTS

FaultKind = Literal["latency", "http_error", "error_code", "drop_after_commit", "commit_late"]
KINDS: tuple[str, ...] = (
    "latency",
    "http_error",
    "error_code",
    "drop_after_commit",
    # The request is taken and held for `latency_ms` (past the client's timeout), its answer is
    # lost, and the operation commits `commit_after_ms` later: a "no" that turns into a "yes".
    "commit_late",
)
ANY_ENDPOINT = "*"


class FaultSpecError(ValueError):
    """The control API was sent an invalid fault."""


class DroppedResponse(httpx.RemoteProtocolError):
    """Raised after the response has started, so the server closes the connection mid-answer.

    Over a socket uvicorn closes the connection and the client sees a protocol error; in-process
    (httpx.ASGITransport) this very exception reaches the client: an httpx transport error too.
    """


class _QuietDroppedResponses(logging.Filter):
    """uvicorn logs every exception of an app; a dropped answer is on purpose, not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedResponse)


_QUIET = _QuietDroppedResponses()
logging.getLogger("uvicorn.error").addFilter(_QUIET)


@dataclass
class Fault:
    fault_id: int
    endpoint: str
    kind: FaultKind
    latency_ms: int = 0
    http_status: int = 503
    code: int = 500
    msg: str = "injected error"
    remaining: int | None = 1  # None: every matching request until cleared
    commit_after_ms: int = 1000  # commit_late: after the answer is lost

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.fault_id,
            "endpoint": self.endpoint,
            "kind": self.kind,
            "latency_ms": self.latency_ms,
            "http_status": self.http_status,
            "code": self.code,
            "msg": self.msg,
            "remaining": self.remaining,
            "commit_after_ms": self.commit_after_ms,
        }


def _int(spec: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FaultSpecError(f"{name} must be an integer from {low} to {high}")
    return value


class FaultBook:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, spec: dict[str, Any]) -> Fault:
        """`{endpoint, kind, latency_ms?, http_status?, code?, msg?, commit_after_ms?, times=1}`;
        times 0 = always."""
        endpoint = spec.get("endpoint", ANY_ENDPOINT)
        if endpoint != ANY_ENDPOINT and endpoint not in ENDPOINTS:
            raise FaultSpecError(f"endpoint must be '*' or a name from ENDPOINTS, got {endpoint!r}")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise FaultSpecError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        times = _int(spec, "times", 1, 0, 1_000_000)
        msg = spec.get("msg", "injected error")
        if not isinstance(msg, str):
            raise FaultSpecError("msg must be a string")
        fault = Fault(
            fault_id=next(self._ids),
            endpoint=endpoint,
            kind=kind,
            latency_ms=_int(spec, "latency_ms", 0, 0, 120_000),
            http_status=_int(spec, "http_status", 503, 400, 599),
            code=_int(spec, "code", 500, 0, 999_999),
            msg=msg,
            remaining=times or None,
            commit_after_ms=_int(spec, "commit_after_ms", 1000, 0, 600_000),
        )
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def list(self) -> list[Fault]:
        return list(self._faults)

    def take(self, endpoint: str) -> list[Fault]:
        """Use up the faults for one request: every matching latency and the first other one."""
        taken: list[Fault] = []
        other_taken = False
        for fault in list(self._faults):
            if fault.endpoint not in (ANY_ENDPOINT, endpoint):
                continue
            if fault.kind != "latency":
                if other_taken:
                    continue
                other_taken = True
            taken.append(fault)
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
        return taken
