"""Platform events — message callbacks and polled refreshes — applied once and told once.

A callback is stored at once under a key derived from its content (the platform retries
deliveries), then — at a steady pace (bot/paced_tasks.py), so a burst of them does not hold up
members' answers — matched to our order, applied (never backwards), and announced to the chat
that owns the order through a `Notifier` (the Telegram side implements it). A callback stored but
not applied when the process stopped is applied at the next start.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Protocol

from bot.order_actions import OrderActions, StatusChange
from bot.paced_tasks import PacedTasks
from bot.pandapon.errors import PandaPonError
from bot.pandapon.models_callback import CallbackBody, CallbackEnvelope
from bot.platform_calls import ActionOutcome
from bot.refund_actions import REFUND_KINDS
from bot.refund_tracking import RefundChange
from bot.refunds import RefundService
from storage.events import EventRepository
from storage.orders import OrderRepository, StoredOrder

log = logging.getLogger(__name__)

PRICE_TYPES = frozenset({"ORDER_PRICE_MODIFY", "ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY"})
REFUND_TYPES = frozenset({"ORDER_REFUND", "ORDER_BUYER_VIEW_ORDER_BUYER_REFUND"})
FINAL_STATUSES = frozenset({"completed", "cancelled"})
CALLBACKS_PER_SECOND = 100
RESUMED_WITHIN_MS = 24 * 3600 * 1000  # older unapplied callbacks are history, not news


class Notifier(Protocol):
    async def status_changed(self, change: StatusChange) -> None: ...

    async def price_changed(self, order: StoredOrder, old_fen: int, new_fen: int) -> None: ...

    async def refunded(self, order: StoredOrder, refund_fen: int | None) -> None: ...

    async def action_settled(self, order: StoredOrder, outcome: ActionOutcome) -> None: ...

    async def refund_changed(self, change: RefundChange) -> None: ...

    async def selection_settled(self, outcome: ActionOutcome) -> None:
        """A call on several orders at once (a bulk payment) is settled."""


def dedupe_key(envelope: CallbackEnvelope) -> str:
    body = envelope.message_body.model_dump(mode="json", by_alias=True, exclude_none=True)
    canonical = json.dumps([envelope.message_platform, envelope.message_type, body], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


class OrderEvents:
    def __init__(
        self,
        actions: OrderActions,
        orders: OrderRepository,
        events: EventRepository,
        notifier: Notifier,
        refunds: RefundService | None = None,
    ) -> None:
        self.actions = actions
        self.orders = orders
        self.events = events
        self.notifier = notifier
        self.refunds = refunds
        self.paced = PacedTasks(CALLBACKS_PER_SECOND, "platform callback")

    async def handle_callback(self, envelope: CallbackEnvelope) -> None:
        """Store the callback now (a delivery seen before goes no further); it is applied and
        told when its turn comes."""
        event_id = self._record(envelope)
        if event_id is not None:
            self._apply_in_turn(event_id, envelope)

    def resume(self) -> int:
        """Apply the callbacks stored but never applied before the last stop, oldest first."""
        unapplied = self.events.unsettled_callbacks(within_ms=RESUMED_WITHIN_MS)
        for event in unapplied:
            envelope = CallbackEnvelope(
                message_type=event.message_type,
                message_body=event.body,
                message_platform=1 if event.platform == "1688" else 0,
                timestamp=event.event_time or event.received_at,
            )
            self._apply_in_turn(event.id, envelope)
        return len(unapplied)

    def _apply_in_turn(self, event_id: int, envelope: CallbackEnvelope) -> None:
        name = f"order {envelope.order_label}"
        self.paced.start(lambda: self._apply_recorded(event_id, envelope), name)

    def _record(self, envelope: CallbackEnvelope) -> int | None:
        body = envelope.message_body
        ref = body.order_id or body.order_no
        event_id = self.events.record(
            dedupe_key=dedupe_key(envelope),
            source="callback",
            platform=envelope.platform,
            message_type=envelope.message_type,
            body=envelope.message_body.model_dump_json(by_alias=True, exclude_none=True),
            platform_order_ref=ref,
            event_time=body.update_time or envelope.timestamp,
        )
        if event_id is None:
            log.info("callback %s for %s delivered again; ignored", envelope.message_type, ref)
        return event_id

    async def _apply_recorded(self, event_id: int, envelope: CallbackEnvelope) -> None:
        body = envelope.message_body
        ref = body.order_id or body.order_no
        order = self._order_for(body)
        if order is None:
            log.warning("callback %s for unknown order %s", envelope.message_type, ref)
            self.events.settle(event_id, order_id=None, outcome="unknown order")
            return
        outcome = await self._apply(envelope, order)
        self.events.settle(event_id, order_id=order.id, outcome=outcome)

    def _order_for(self, body: CallbackBody) -> StoredOrder | None:
        for ref in (body.order_id, body.order_no):
            if ref:
                order = self.orders.by_platform_ref(str(ref))
                if order is not None:
                    return order
        for key in (body.seller_order_number, body.out_order_id):
            if key:
                order = self.orders.by_seller_order_number(key)
                if order is not None:
                    return order
        return None

    async def _apply(self, envelope: CallbackEnvelope, order: StoredOrder) -> str:
        """Apply one callback by its own platform time: a price, refund or status older than
        the one already applied (callbacks are not delivered in order) changes nothing and is
        not announced."""
        body = envelope.message_body
        event_time = body.update_time or envelope.timestamp
        if envelope.message_type in PRICE_TYPES and body.total_amount is not None:
            old = order.platform_total_fen or order.total_fen
            if not self.events.apply_price(order.id, body.total_amount, event_time):
                return f"price {body.total_amount}: older than the one applied"
            if body.total_amount == old:
                return "price unchanged"
            await self.notifier.price_changed(order, old, body.total_amount)
            return f"price {old} -> {body.total_amount}"
        if envelope.message_type in REFUND_TYPES:
            return await self._apply_refund(body, order, event_time)
        change = self.actions.apply_status(order, body.raw_status, event_time_ms=event_time)
        if change is None:
            return f"status {body.raw_status}: no change"
        await self.notifier.status_changed(change)
        return f"status {change.old} -> {change.new}"

    async def _apply_refund(self, body: CallbackBody, order: StoredOrder, event_time: int) -> str:
        """A refund callback: a request of ours moves (told with its card, once); otherwise the
        order's refunded amount, told when it grew (an instant refund, a 1688 refund)."""
        before = order.refund_fen or 0
        newer = self.events.apply_refund(order.id, body.refund_amount, event_time)
        if self.refunds is not None and body.refund_id:
            refund, change = await self.refunds.tracker.on_callback(
                str(body.refund_id), body.refund_status, event_time
            )
            if refund is not None:
                if change is None:
                    return f"refund {refund.ref}: {body.refund_status} changes nothing"
                await self.notifier.refund_changed(change)
                return f"refund {refund.ref}: {change.old} -> {change.new}"
        if not newer:
            return f"refund {body.refund_amount}: older than the one applied"
        if body.refund_amount is not None and body.refund_amount <= before:
            return f"refund {body.refund_amount}: nothing more refunded"
        await self.notifier.refunded(order, body.refund_amount)
        return f"refund {body.refund_amount}"

    async def action_settled(self, outcome: ActionOutcome) -> None:
        """A pay / cancel / receipt / refund call whose answer was lost is settled: the
        request follows it, and the order's chat is told."""
        order_id = outcome.record.order_id
        if order_id is None and outcome.record.chat_id is not None:
            await self.notifier.selection_settled(outcome)  # several orders (bulk payment)
            return
        order = self.orders.get(order_id) if order_id is not None else None
        if order is None:
            log.warning("%s settled for a missing order", outcome.record.idempotency_key)
            return
        if outcome.kind in REFUND_KINDS and self.refunds is not None:
            self.refunds.actions.settled(outcome)
        await self.notifier.action_settled(order, outcome)

    # --- polling, when the platform does not call back ------------------------------------

    async def poll_once(self, *, max_rps: float, limit: int = 200) -> int:
        """Refresh open orders, at most `max_rps` platform requests per second; changes told."""
        changed = 0
        for order in self.orders.non_final_orders(set(FINAL_STATUSES), limit=limit):
            try:
                change = await self.actions.refresh(order)
            except PandaPonError as exc:
                log.warning("order %s: refresh failed: %s", order.seller_order_number, exc)
                change = None
            if change is not None:
                changed += 1
                await self.notifier.status_changed(change)
            await asyncio.sleep(1 / max_rps)
        if self.refunds is not None:
            for refund_change in await self.refunds.tracker.poll_open(max_rps=max_rps):
                changed += 1
                await self.notifier.refund_changed(refund_change)
        return changed
