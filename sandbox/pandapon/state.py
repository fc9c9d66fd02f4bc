"""The sandbox's mutable world: catalog stock, orders with O(1) indexes, status changes over time.

Every change of an order goes through OrderBook, which keeps stock in step (taken on create,
given back on close), schedules the next automatic step, reports an event for callbacks and
marks what changed for the state file (sandbox/pandapon/persistence.py). Handlers run
synchronously inside the event loop, so a check-then-insert is atomic.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sandbox.pandapon.carts import CartBook
from sandbox.pandapon.catalog import Catalog, Platform
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.freight_book import FreightBook
from sandbox.pandapon.logistics import Place, new_shipment, sign_for
from sandbox.pandapon.orders import PAY_PENDING, Order, OrderLine, Refund
from sandbox.pandapon.refunds import RefundDesk, RefundRequest
from sandbox.pandapon.store import ChangeSet, Kind
from sandbox.pandapon.wire import BAD_REQUEST, BEIJING, CONFLICT, ApiError, now_ms

log = logging.getLogger(__name__)

EventKind = Literal["created", "status", "price", "refund"]


@dataclass
class OrderEvent:
    order: Order
    kind: EventKind
    refund: Refund | None = None  # money paid back at once (the control API's refund)
    request: RefundRequest | None = None  # a refund request that changed


EventListener = Callable[[OrderEvent], None]

# The kinds of state the sandbox keeps in its state file (sandbox/pandapon/store.py).
ORDERS: Kind[Order] = Kind("orders", Order)  # by order id, with lines, shipments, refunds
ADDRESSES: Kind[dict[str, Any]] = Kind("addresses", dict[str, Any])  # by address id
STOCK: Kind[int] = Kind("stock", int)  # by "<platform>:<item id>:<sku id>"
# Prices changed through the control API, by "<platform>:<item id>" (sandbox/pandapon/pricing.py).
PRICES: Kind[dict[str, Any]] = Kind("prices", dict[str, Any])
COUNTERS: Kind[int] = Kind("counters", int)  # next order number, next address id, restarts


class OrderBook:
    def __init__(
        self,
        config: SandboxConfig,
        catalog: Catalog,
        rng: random.Random,
        on_event: EventListener,
        changes: ChangeSet,
    ) -> None:
        self._config = config
        self._catalog = catalog
        self._rng = rng
        self._on_event = on_event
        self._changes = changes
        self.next_order_seq = 1  # survives reset (and, with a state file, restarts)
        self._heap_seq = itertools.count()
        self._auto = {
            ("taobao", "BULIDING"): ("WAIT_BUYER_P", config.build_seconds),
            # finance checks an uploaded payment voucher, then the order counts as paid
            ("taobao", PAY_PENDING): ("WAIT_SELLER_SEND_GOODS", config.voucher_review_seconds),
            ("taobao", "WAIT_SELLER_SEND_GOODS"): ("WAIT_BUYER_CONFIRM_GOODS", config.ship_seconds),
            ("taobao", "WAIT_BUYER_CONFIRM_GOODS"): ("TRADE_FINISHED", config.receive_seconds),
            ("1688", "waitsellersend"): ("waitbuyerreceive", config.ship_seconds),
            # 1688 waits for the buyer's confirmation, or confirms by itself after a while
            ("1688", "waitbuyerreceive"): ("confirm_goods", config.auto_confirm_seconds),
            ("1688", "confirm_goods"): ("success", config.finish_seconds),
        }
        self.reset()

    def reset(self) -> None:
        self.orders: dict[str, Order] = {}
        self.refunds: list[Refund] = []
        self._by_no: dict[str, Order] = {}
        self._by_key: dict[tuple[Platform, str], Order] = {}
        self._by_sub: dict[str, tuple[Order, OrderLine]] = {}
        self._newest_last: dict[Platform, list[Order]] = {"taobao": [], "1688": []}
        self._ids: set[str] = set()
        self._due: list[tuple[float, int, str, str]] = []

    # --- ids and lookups ----------------------------------------------------------------------

    def new_id(self, digits: int, first: str = "1") -> str:
        """A fresh numeric id of `digits` digits starting with `first`, unique in this book."""
        while True:
            rest = digits - len(first)
            candidate = first + "".join(self._rng.choice("0123456789") for _ in range(rest))
            if candidate not in self._ids:
                self._ids.add(candidate)
                return candidate

    def new_order_no(self) -> str:
        """PO<day><sequence>: the sequence never repeats, so neither does an order number."""
        seq, self.next_order_seq = self.next_order_seq, self.next_order_seq + 1
        self._changes.mark(COUNTERS, "order_seq")
        return f"PO{datetime.now(BEIJING):%Y%m%d}{seq:06d}"

    def find(self, ref: str, platform: Platform | None = None) -> Order | None:
        """By order id or order number."""
        order = self.orders.get(ref) or self._by_no.get(ref)
        if order is not None and platform is not None and order.platform != platform:
            return None
        return order

    def find_by_key(self, platform: Platform, key: str) -> Order | None:
        return self._by_key.get((platform, key))

    def find_line(self, ref: str) -> tuple[Order, OrderLine] | None:
        """By Taobao subOrderId / taobaoSubPurchaseId or 1688 subItemID."""
        return self._by_sub.get(ref)

    def newest_first(self, platform: Platform) -> Iterator[Order]:
        return reversed(self._newest_last[platform])

    def page(
        self,
        platform: Platform,
        page_no: int,
        page_size: int,
        keep: Callable[[Order], bool] | None = None,
    ) -> tuple[int, list[Order]]:
        """(total matches, one page newest first); unfiltered pages are sliced, not scanned."""
        newest_last = self._newest_last[platform]
        if keep is None:
            total = len(newest_last)
            end = max(total - (page_no - 1) * page_size, 0)
            return total, newest_last[max(end - page_size, 0) : end][::-1]
        matches = [order for order in reversed(newest_last) if keep(order)]
        start = (page_no - 1) * page_size
        return len(matches), matches[start : start + page_size]

    def all_orders(self) -> list[Order]:
        return list(self.orders.values())

    # --- changes ------------------------------------------------------------------------------

    def add(self, order: Order) -> Order:
        """Store a new order: index it, take its stock, report it, schedule its next step."""
        if order.key is not None and (order.platform, order.key) in self._by_key:
            raise RuntimeError(f"duplicate key {order.key!r}")  # callers look it up first
        order.status_ms = order.create_ms
        self._index(order)
        for line in order.good_lines:
            self._sku_stock(order, line, -line.quantity)
        self._changes.mark(ORDERS, order.order_id)
        log.info("order %s created (%s, %s)", order.order_no, order.platform, order.status)
        self._emit(OrderEvent(order, "created"))
        self._schedule(order)
        return order

    def restore(self, orders: list[Order]) -> None:
        """Orders read back from the state file: indexed, and their next automatic step due
        when it would have been (wall-clock time); no stock taken, no events, nothing marked."""
        for order in sorted(orders, key=lambda o: (o.create_ms, o.order_no)):
            self._index(order)
            self._ids.update(_ids_of(order))
            self.refunds.extend(order.refunds)
            self._schedule(order, entered_ms=order.status_ms or order.update_ms)
        self.refunds.sort(key=lambda refund: refund.create_ms)

    def _index(self, order: Order) -> None:
        self.orders[order.order_id] = order
        self._by_no[order.order_no] = order
        if order.key is not None:
            self._by_key[(order.platform, order.key)] = order
        self._newest_last[order.platform].append(order)
        for line in order.good_lines:
            for ref in (line.sub_id, line.sub_purchase_id):
                if ref:
                    self._by_sub[ref] = (order, line)

    def pay(self, order: Order) -> None:
        if order.status not in order.flow.unpaid:
            raise ApiError(CONFLICT, f"order {order.order_id} is {order.status}; it cannot be paid")
        self._enter(order, order.flow.paid)

    def pay_many(
        self, refs: list[str], platform: Platform
    ) -> tuple[list[str], list[tuple[str, str, str]]]:
        """Pay each order that can be paid: (paid refs, [(ref, error code, message)])."""
        paid: list[str] = []
        failed: list[tuple[str, str, str]] = []
        for ref in refs:
            order = self.find(ref, platform)
            if order is None:
                failed.append((ref, "ORDER_NOT_FOUND", f"order {ref} not found"))
            elif order.is_paid:
                failed.append((ref, "ORDER_ALREADY_PAID", f"order {ref} is already paid"))
            elif order.status not in order.flow.unpaid:
                failed.append((ref, "ORDER_CLOSED", f"order {ref} is {order.status}"))
            else:
                self.pay(order)
                paid.append(ref)
        return paid, failed

    def cancel(self, order: Order, reason: str) -> None:
        """Close an unpaid order. Cancelling a cancelled order again is a no-op (safe retries)."""
        if order.status in order.flow.closed:
            return
        if order.status not in order.flow.unpaid:
            raise ApiError(
                CONFLICT,
                f"order {order.order_id} is {order.status}; only unpaid orders can be cancelled",
            )
        self._enter(order, order.flow.closed[0], reason=reason)

    def receive(self, order: Order, lines: list[OrderLine]) -> None:
        """The buyer confirms receipt of `lines`; the order moves on once every line is received."""
        if order.status != order.flow.shipped:
            raise ApiError(
                CONFLICT,
                f"order {order.order_id} is {order.status}; receipt can be confirmed only "
                f"while it is {order.flow.shipped}",
            )
        for line in lines:
            line.status = order.flow.received
        if all(line.status == order.flow.received for line in order.good_lines):
            self._enter(order, order.flow.received)
        else:
            self.touch(order)

    def advance(self, order: Order, to: str | None = None) -> None:
        """Control API: the next status, or walk forward to `to` (each step reported)."""
        flow = order.flow
        if to is not None and not flow.is_known(to):
            raise ApiError(BAD_REQUEST, f"unknown {order.platform} status {to!r}")
        if flow.is_final(order.status):
            raise ApiError(CONFLICT, f"order {order.order_id} is already {order.status}")
        if to in flow.closed:
            self._enter(order, to, reason="closed by the sandbox control API")
            return
        target = to or flow.next(order.status)
        assert target is not None  # non-final statuses have a next step
        if flow.rank(target) <= flow.rank(order.status):
            raise ApiError(CONFLICT, f"order {order.order_id} is already past {target}")
        while order.status != target:
            self._enter(order, flow.next(order.status) or target)

    def modify_price(self, order: Order, total_amount: int) -> None:
        if order.status not in order.flow.unpaid:
            raise ApiError(CONFLICT, f"order {order.order_id} is {order.status}; price is fixed")
        order.adjustment = total_amount - order.product_amount - order.post_fee
        self.touch(order)
        self._emit(OrderEvent(order, "price"))

    def refund(self, order: Order, amount: int | None, reason: str) -> Refund:
        """Control API: pay money back at once, without a refund request."""
        refundable = order.total_amount - order.refund_amount
        if not order.is_paid:
            raise ApiError(CONFLICT, f"order {order.order_id} was never paid; nothing to refund")
        amount = refundable if amount is None else amount
        if not 0 < amount <= refundable:
            raise ApiError(CONFLICT, f"refund must be between 1 and {refundable} fen")
        refund_id = self.new_id(12) if order.platform == "taobao" else "TQ" + self.new_id(16)
        refund = self.record_refund(order, amount, reason, refund_id)
        self._emit(OrderEvent(order, "refund", refund))
        return refund

    def record_refund(
        self, order: Order, amount: int, reason: str, refund_id: str, sub_id: str | None = None
    ) -> Refund:
        """Money paid back (also at the end of a refund request); the caller reports it."""
        refund = Refund(refund_id, order.order_id, amount, reason, now_ms(), sub_id=sub_id)
        order.refunds.append(refund)
        self.refunds.append(refund)
        self.touch(order)
        return refund

    def refund_request_changed(self, order: Order, request: RefundRequest) -> None:
        """A refund request of `order` moved: the order's updateTime moves with it and its
        refund message goes out."""
        self.touch(order)
        self._emit(OrderEvent(order, "refund", request=request))

    def move_to(self, order: Order, status: str, reason: str | None = None) -> None:
        """Enter a status that a desk of its own decides (payment vouchers), reported and
        scheduled like every other."""
        self._enter(order, status, reason=reason)

    def reserve_ids(self, ids) -> None:
        """Ids handed out before a restart (refund requests, messages): never again."""
        self._ids.update(ids)

    # --- time ---------------------------------------------------------------------------------

    def advance_due(self, now: float | None = None) -> int:
        """Apply every automatic step that is due; returns how many were applied."""
        now = time.monotonic() if now is None else now
        applied = 0
        while self._due and self._due[0][0] <= now:
            _, _, order_id, from_status = heapq.heappop(self._due)
            order = self.orders.get(order_id)
            if order is None or order.status != from_status:
                continue  # moved on by a call or the control API meanwhile
            self._enter(order, self._auto[(order.platform, from_status)][0])
            applied += 1
        return applied

    def _schedule(self, order: Order, entered_ms: int | None = None) -> None:
        """Queue the order's next automatic step; `entered_ms`: when it entered its status, if
        that was before now (a restored order whose step may be due already)."""
        step = self._auto.get((order.platform, order.status))
        if step is not None:
            waited = 0.0 if entered_ms is None else max(now_ms() - entered_ms, 0) / 1000
            due = time.monotonic() + self._config.delay(step[1]) - waited
            heapq.heappush(self._due, (due, next(self._heap_seq), order.order_id, order.status))

    # --- internals ----------------------------------------------------------------------------

    def _enter(self, order: Order, status: str, reason: str | None = None) -> None:
        flow, now = order.flow, now_ms()
        order.status, order.status_ms = status, now
        for line in order.good_lines:
            line.status = status
        if status == flow.paid:
            order.pay_ms = now
            for voucher in order.vouchers:  # finance accepted the transfer
                if voucher.status == "PENDING":
                    voucher.status = "APPROVED"
        elif status == flow.shipped:
            self._ship(order, now)
        elif status == flow.received:
            for shipment in order.shipments.values():
                sign_for(shipment, now)
        elif status in flow.closed:
            order.close_reason = reason
            for line in order.good_lines:
                line.close_reason = reason
                self._sku_stock(order, line, +line.quantity)
        log.info("order %s is now %s", order.order_no, status)
        self.touch(order)
        self._emit(OrderEvent(order, "status"))
        self._schedule(order)

    def _ship(self, order: Order, now: int) -> None:
        delivery_ms = round(self._config.delay(self._config.receive_seconds) * 1000)
        for line in order.good_lines:  # one parcel per shop
            shop_id = line.shop_id or ""
            if shop_id not in order.shipments:
                shop = self._catalog.shop(order.platform, shop_id)
                origin = Place(shop.province, shop.city) if shop else order.destination
                order.shipments[shop_id] = new_shipment(
                    self._rng, origin, order.destination, now, delivery_ms
                )

    def _sku_stock(self, order: Order, line: OrderLine, delta: int) -> None:
        product = self._catalog.product(order.platform, line.item_id)
        sku = product.sku(line.sku_id or line.spec_id or "") if product else None
        if sku is not None:
            sku.stock += delta
            self._changes.mark(STOCK, stock_key(order.platform, line.item_id, sku.sku_id))

    def touch(self, order: Order) -> None:
        """Record that the order changed: a new updateTime, and a mark for the state file."""
        # Strictly increasing per order, so a receiver can drop stale callbacks by updateTime.
        order.update_ms = max(now_ms(), order.update_ms + 1)
        self._changes.mark(ORDERS, order.order_id)

    def _emit(self, event: OrderEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not undo a committed change
            log.exception("order %s: event listener failed", event.order.order_no)


@dataclass
class Call:
    """One API call as a handler sees it: its parameters and where the sandbox is reachable."""

    params: dict[str, Any]
    base_url: str = "http://127.0.0.1"
    user_id: str = ""  # the signed `user-id`: whose cart a cart call reads and changes


def stock_key(platform: Platform, item_id: str, sku_id: str) -> str:
    return f"{platform}:{item_id}:{sku_id}"


def _ids_of(order: Order) -> set[str]:
    """The ids new_id handed out for an order, so new ones never repeat them."""
    ids = {order.order_id, *(refund.refund_id.removeprefix("TQ") for refund in order.refunds)}
    for line in order.lines:
        ids.update(ref for ref in (line.sub_id, line.purchase_id, line.sub_purchase_id) if ref)
    return ids


class SandboxState:
    """Everything the endpoint handlers read and change."""

    def __init__(self, config: SandboxConfig, on_event: EventListener) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.catalog = Catalog()
        self.changes = ChangeSet(enabled=config.state_path is not None)
        self.orders = OrderBook(config, self.catalog, self.rng, on_event, self.changes)
        self.refunds = RefundDesk(config, self.orders, self.catalog, self.changes)
        self.freight = FreightBook(config, self.changes)
        self.carts = CartBook(self.catalog, self.changes)
        self.addresses: dict[int, dict[str, Any]] = {}
        self.next_address_id = 1001

    def new_address_id(self) -> int:
        address_id, self.next_address_id = self.next_address_id, self.next_address_id + 1
        self.changes.mark(COUNTERS, "address_id")
        return address_id

    def put_address(self, address: dict[str, Any]) -> None:
        self.addresses[address["id"]] = address
        self.changes.mark(ADDRESSES, address["id"])

    def reset(self) -> None:
        self.orders.reset()
        self.refunds.reset()
        self.freight.reset()
        self.carts.reset()
        self.catalog.reset_stock()
        self.addresses.clear()
