"""The sandbox platform as one object: answers API calls, owns the background work and state."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from bot.pandapon.endpoints import Endpoint
from sandbox.pandapon.auth import SignatureVerifier
from sandbox.pandapon.callbacks import CallbackDispatcher
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.faults import DroppedResponse, Fault, FaultBook
from sandbox.pandapon.handlers import HANDLERS
from sandbox.pandapon.persistence import StatePersistence
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    INTERNAL,
    NOT_FOUND,
    SUCCESS_MSG,
    ApiError,
    envelope,
    parse_body,
)

log = logging.getLogger(__name__)


class DroppingResponse(Response):
    """Starts a normal answer, then breaks the connection: the client never gets the body."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        raise DroppedResponse("answer dropped after the commit (injected fault)")


class SandboxPlatform:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.callbacks = CallbackDispatcher(config)
        self.state = SandboxState(config, on_event=self.callbacks.notify)
        self.verifier = SignatureVerifier(config)
        self.faults = FaultBook()
        self.requests: Counter[str] = Counter()
        self._ticker: asyncio.Task[None] | None = None
        self._late_commits: set[asyncio.Task[None]] = set()
        self.persistence = None
        if config.state_path:
            self.persistence = StatePersistence(self.state, config.state_path)
            self.persistence.restore()

    # --- lifecycle ----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def start(self) -> None:
        await self.callbacks.start()
        self._ticker = asyncio.create_task(self._tick(), name="pandapon-sandbox-clock")

    async def stop(self) -> None:
        for task in list(self._late_commits):
            task.cancel()
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None
        await self.callbacks.stop()
        if self.persistence is not None:
            self.persistence.close()

    def save(self) -> None:
        """Write what the last call or step changed to the state file (when there is one)."""
        if self.persistence is not None:
            self.persistence.flush()

    async def reset(self) -> None:
        """Back to the seed: orders, stock, addresses, faults, nonces, counters, callback log."""
        self.state.reset()
        if self.persistence is not None:
            self.persistence.reset()
        self.faults.clear()
        self.verifier.nonces.clear()
        self.requests.clear()
        await self.callbacks.cancel_pending()
        self.callbacks.clear_log()

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.config.tick_seconds)
            try:
                if self.state.orders.advance_due() + self.state.refunds.advance_due():
                    self.save()
            except Exception:  # keep the clock running whatever one order does
                log.exception("sandbox clock: advancing orders failed")

    # --- API calls ----------------------------------------------------------------------------

    async def handle(self, request: Request, name: str, endpoint: Endpoint) -> Response:
        try:
            return await self._handle(request, name, endpoint)
        finally:
            self.save()  # before the answer leaves: a restart finds what it said

    async def _handle(self, request: Request, name: str, endpoint: Endpoint) -> Response:
        self.requests[name] += 1
        faults = self.faults.take(name)
        for fault in faults:
            if fault.kind == "latency":
                await asyncio.sleep(fault.latency_ms / 1000)
        fault = next((f for f in faults if f.kind != "latency"), None)
        if fault is not None and fault.kind == "http_error":
            return PlainTextResponse(
                f"injected fault: HTTP {fault.http_status}", status_code=fault.http_status
            )
        if fault is not None and fault.kind == "error_code":
            return JSONResponse(envelope(fault.code, fault.msg, None, self.config.develop_id))
        if fault is not None and fault.kind == "commit_late":
            return await self._commit_late(request, name, endpoint, fault)
        body = await self._answer(request, name, endpoint)
        if fault is not None and fault.kind == "drop_after_commit":
            return self._dropping(body, fault)
        return JSONResponse(body)

    async def _answer(self, request: Request, name: str, endpoint: Endpoint) -> dict[str, Any]:
        """The envelope for one call; every failure becomes an error envelope, never a crash."""
        develop_id = self.config.develop_id
        try:
            if request.method not in (endpoint.method, "HEAD"):
                raise ApiError(
                    BAD_REQUEST,
                    f"{endpoint.path} takes {endpoint.method}, not {request.method}",
                )
            raw = b"" if endpoint.method == "GET" else await request.body()
            if endpoint.auth == "query":
                body_text = raw.decode("utf-8", errors="replace")
                self.verifier.verify_query(request.query_params, request.headers, body_text)
            else:
                self.verifier.verify(request.headers)
            if endpoint.method == "GET":
                params: dict[str, Any] = dict(request.query_params)
            else:
                params = parse_body(raw)
            params.update(request.path_params)  # `/…/cancel/{refundId}`: the path wins
            # time moves even when the clock task is not running
            self.state.orders.advance_due()
            self.state.refunds.advance_due()
            handler = HANDLERS.get(name)
            if handler is None:
                raise ApiError(NOT_FOUND, f"endpoint {name} is not simulated by the sandbox")
            user_id = request.headers.get("user-id", "").strip() or self.config.user_id
            data = handler(self.state, Call(params, str(request.base_url), user_id))
            return envelope(200, SUCCESS_MSG, data, develop_id)
        except ApiError as exc:
            return envelope(exc.code, exc.msg, None, develop_id)
        except Exception as exc:
            log.exception("sandbox endpoint %s failed", name)
            return envelope(INTERNAL, f"sandbox internal error: {exc}", None, develop_id)

    async def _commit_late(
        self, request: Request, name: str, endpoint: Endpoint, fault: Fault
    ) -> Response:
        """Take the request, keep the client waiting, lose the answer, commit afterwards."""
        await request.body()  # read now: it is gone once this response ends (Starlette caches it)
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)

        async def commit() -> None:
            await asyncio.sleep(fault.commit_after_ms / 1000)
            body = await self._answer(request, name, endpoint)
            self.save()
            log.info("late commit (fault %d) of %s: code %s", fault.fault_id, name, body["code"])

        task = asyncio.get_running_loop().create_task(commit())
        self._late_commits.add(task)
        task.add_done_callback(self._late_commits.discard)
        return DroppingResponse(b"", media_type="application/json")

    def _dropping(self, body: dict[str, Any], fault: Fault) -> Response:
        log.info("dropping the answer (fault %d): %s", fault.fault_id, body.get("code"))
        content = json.dumps(body, ensure_ascii=False).encode()
        return DroppingResponse(content, media_type="application/json")

    # --- views for the control API ------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        deliveries = Counter(delivery.state for delivery in self.callbacks.log)
        orders = Counter(order.platform for order in self.state.orders.all_orders())
        return {
            "requests": dict(sorted(self.requests.items())),
            "total": sum(self.requests.values()),
            "orders": {"taobao": orders["taobao"], "1688": orders["1688"]},
            "callbacks": {state: deliveries[state] for state in ("pending", "delivered", "failed")},
            "faults": len(self.faults.list()),
        }
