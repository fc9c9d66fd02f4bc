"""Message callbacks: the documented envelope POSTed to the configured URL, retried until HTTP 200.

Every delivery and each attempt is kept in a log the control API shows. Deliveries run as tasks
on the app's event loop with one shared httpx.AsyncClient (opened and closed by the lifespan).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.orders import Order
from sandbox.pandapon.state import OrderEvent
from sandbox.pandapon.wire import format_time, now_ms

log = logging.getLogger(__name__)

PLATFORM_CODES = {"taobao": 0, "1688": 1}
LOG_LIMIT = 10_000
MAX_PARALLEL_DELIVERIES = 32

# 1688 message type by the status an order enters (names after the look-alike docs).
_ALIBABA_STATUS_TYPES = {
    "waitsellersend": "ORDER_PAY_SUCCESS",
    "waitbuyerreceive": "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
    "confirm_goods": "ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS",  # sic
    "success": "ORDER_BUYER_VIEW_ORDER_SUCCESS",
    "cancel": "ORDER_CANCEL",
    "terminated": "ORDER_CANCEL",
}


def message_type(event: OrderEvent) -> str | None:
    order = event.order
    if order.platform == "taobao":
        return {"price": "ORDER_PRICE_MODIFY", "refund": "ORDER_REFUND"}.get(
            event.kind, "ORDER_STATUS_MODIFY"
        )
    if event.kind == "created":
        return "ORDER_CREATE"
    if event.kind == "price":
        return "ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY"
    if event.kind == "refund":
        return "ORDER_BUYER_VIEW_ORDER_BUYER_REFUND"
    return _ALIBABA_STATUS_TYPES.get(order.status)


def message_body(event: OrderEvent) -> dict[str, Any]:
    order = event.order
    refund_status = _refund_status(order)
    if order.platform == "taobao":
        body: dict[str, Any] = {
            "orderId": order.order_id,
            "orderNo": order.order_no,
            "sellerOrderNumber": order.key,
            "status": order.status,
            "totalAmount": order.total_amount,
            "productAmount": order.product_amount,
            "domesticPostFee": order.post_fee,
            "refundAmount": order.refund_amount,
            "refundStatus": refund_status,
            "updateTime": order.update_ms,
        }
    else:
        body = {
            "orderId": order.order_id,
            "orderNo": order.order_no,
            "outOrderId": order.key,
            "orderStatus": order.status,
            "payStatus": 2 if order.is_paid else 1,
            "totalAmount": order.total_amount,
            "shippingFee": order.post_fee,
            "productAmount": order.product_amount,
            "refundAmount": order.refund_amount,
            "refundStatus": refund_status,
            "closeReason": order.close_reason,
            "tbCreateTime": format_time(order.create_ms),
            "payTime": format_time(order.pay_ms),
            "updateTime": order.update_ms,
        }
    if event.refund is not None:
        body = {"refundId": event.refund.refund_id, **body, "refundFee": event.refund.amount}
    if event.request is not None:  # a refund request moved: its own status and amount
        request = event.request
        body = {
            "refundId": request.refund_id,
            **body,
            "refundStatus": request.status,
            "refundFee": request.fee,
            "refundType": request.refund_type,
        }
    return body


def _refund_status(order: Order) -> Any:
    if not order.refunds:
        return 0 if order.platform == "taobao" else None
    return 100 if order.platform == "taobao" else "refundsuccess"


@dataclass
class Attempt:
    number: int
    at_ms: int
    http_status: int | None
    error: str | None
    duration_ms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt": self.number,
            "at": self.at_ms,
            "httpStatus": self.http_status,
            "error": self.error,
            "durationMs": self.duration_ms,
        }


@dataclass
class Delivery:
    delivery_id: int
    url: str
    message_type: str
    order_id: str
    payload: dict[str, Any]
    state: str = "pending"  # pending -> delivered | failed
    attempts: list[Attempt] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.delivery_id,
            "url": self.url,
            "messageType": self.message_type,
            "orderId": self.order_id,
            "state": self.state,
            "attempts": [attempt.to_json() for attempt in self.attempts],
            "payload": self.payload,
        }


class CallbackDispatcher:
    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self.url: str | None = config.callback_url
        self.log: deque[Delivery] = deque(maxlen=LOG_LIMIT)
        self._ids = itertools.count(1)
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(MAX_PARALLEL_DELIVERIES)

    async def start(self) -> None:
        # trust_env=False: a proxy from the environment must not intercept loopback callbacks.
        self._client = httpx.AsyncClient(
            timeout=self._config.callback_timeout_seconds, trust_env=False
        )

    async def stop(self) -> None:
        await self.cancel_pending()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def cancel_pending(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def clear_log(self) -> None:
        self.log.clear()

    def notify(self, event: OrderEvent) -> None:
        """Called by the order book on every change; queues a delivery when a URL is set."""
        kind = message_type(event)
        if self.url is None or kind is None:
            return
        payload = {
            "messageType": kind,
            "messageBody": json.dumps(message_body(event), ensure_ascii=False),
            "messagePlatform": PLATFORM_CODES[event.order.platform],
            "timestamp": str(now_ms()),
        }
        delivery = Delivery(next(self._ids), self.url, kind, event.order.order_id, payload)
        self.log.append(delivery)
        if self._client is None:
            delivery.state = "failed"
            delivery.attempts.append(Attempt(0, now_ms(), None, "sandbox is not running", 0))
            return
        task = asyncio.get_running_loop().create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: Delivery) -> None:
        assert self._client is not None
        for number in range(1, self._config.callback_max_retries + 2):
            if number > 1:
                await asyncio.sleep(self._config.callback_retry_interval_seconds)
            async with self._slots:
                attempt = await self._attempt(delivery, number)
            delivery.attempts.append(attempt)
            if attempt.http_status == 200:
                delivery.state = "delivered"
                return
        delivery.state = "failed"
        log.warning(
            "callback %s for order %s not delivered after %d attempts",
            delivery.message_type,
            delivery.order_id,
            len(delivery.attempts),
        )

    async def _attempt(self, delivery: Delivery, number: int) -> Attempt:
        assert self._client is not None
        started, at = time.monotonic(), now_ms()
        status: int | None = None
        error: str | None = None
        try:
            response = await self._client.post(delivery.url, json=delivery.payload)
            status = response.status_code
            if status != 200:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        duration = int((time.monotonic() - started) * 1000)
        return Attempt(number, at, status, error, duration)
