"""What can be done with a submitted order: refresh, track, cancel, pay, confirm receipt, contact.

Status changes from any source (callbacks, polling, our own actions) go through `apply_status`,
which never moves an order backwards (bot.domain.status.should_apply). Cancel, pay and confirm
receipt go through bot.platform_calls: recorded before they are made, made once, and a lost
answer checked against the order's status, never by calling again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain.status import PAID, BuyerStatus, map_status, rank, should_apply
from bot.marketplaces.base import Marketplace, Package
from bot.platform_calls import ActionOutcome, ActionRefused, PlatformCalls
from storage.actions import ActionRecord
from storage.db import now_ms
from storage.events import EventRepository
from storage.orders import OrderRepository, StoredOrder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusChange:
    order: StoredOrder  # as it was before the change
    old: BuyerStatus | None
    new: BuyerStatus
    raw: str | None


class NotSubmitted(Exception):
    """The order has no platform order yet (refused, unknown or awaiting approval)."""


# What each action leaves the order at, once it happened (how a lost answer is checked).
_DONE_WHEN = {
    "pay": PAID,
    "cancel": frozenset({BuyerStatus.CANCELLED}),
    "receipt": frozenset({BuyerStatus.RECEIVED, BuyerStatus.COMPLETED}),
}


class OrderActions:
    def __init__(
        self,
        markets: dict[str, Marketplace],
        orders: OrderRepository,
        events: EventRepository,
        calls: PlatformCalls,
    ) -> None:
        self.markets = markets
        self.orders = orders
        self.events = events
        self.calls = calls
        for kind in _DONE_WHEN:
            calls.register(kind, self._happened)

    async def _happened(self, record: ActionRecord) -> tuple[bool, dict | None]:
        """Did a pay / cancel / receipt whose answer was lost happen? The order's status says."""
        order = self.orders.get(record.order_id) if record.order_id is not None else None
        if order is None:
            return False, None
        await self.refresh(order)
        status = BuyerStatus((self.orders.get(order.id) or order).status or BuyerStatus.UNKNOWN)
        return status in _DONE_WHEN[record.kind], {"status": status.value}

    async def _run(self, kind: str, order: StoredOrder, call, **payload) -> ActionOutcome:
        return await self.calls.run(
            kind,
            f"{kind}:{order.id}",
            call,
            order_id=order.id,
            chat_id=order.chat_id,
            requester_id=order.requester_id,
            payload=payload,
        )

    # --- status --------------------------------------------------------------------------

    def apply_status(
        self, order: StoredOrder, raw_status: str | None, *, event_time_ms: int | None = None
    ) -> StatusChange | None:
        """Store the platform's status if it moves the order forward; the change, or None."""
        if raw_status is None:
            return None
        incoming = map_status(order.platform, raw_status).status
        current = BuyerStatus(order.status) if order.status else None
        if not should_apply(current, incoming):
            return None
        stored_time = order.status_updated_at or 0
        if (
            event_time_ms is not None
            and event_time_ms <= stored_time
            and current is not None
            and rank(incoming) == rank(current)
        ):
            return None  # a sideways move (payment review <-> refused) older than the stored one
        # Rank decides forward moves; the stored time records when (and must grow for the write).
        stamp = max(event_time_ms or now_ms(), stored_time + 1)
        if not self.orders.update_status(order.id, incoming.value, raw_status, stamp):
            return None
        log.info(
            "order %s: status %s -> %s (%s)",
            order.seller_order_number,
            current,
            incoming.value,
            raw_status,
        )
        return StatusChange(order, current, incoming, raw_status)

    async def refresh(self, order: StoredOrder) -> StatusChange | None:
        """Ask the platform for the order's status now, and apply it."""
        now = await self.markets[order.platform].status(platform_id_of(order))
        if now.total_fen is not None and now.total_fen != order.total_fen:
            self.events.apply_price(order.id, now.total_fen, now_ms())
        return self.apply_status(self.orders.get(order.id) or order, now.raw)

    # --- tracking ------------------------------------------------------------------------

    async def track(self, order: StoredOrder) -> list[Package]:
        market = self.markets[order.platform]
        return await market.track(platform_id_of(order), self.orders.lines(order.id))

    # --- actions -------------------------------------------------------------------------

    async def cancel(self, order: StoredOrder, reason: str) -> ActionOutcome:
        platform_id, market = platform_id_of(order), self.markets[order.platform]

        async def call() -> dict:
            if not await market.cancel(platform_id, reason):
                raise ActionRefused("the platform did not cancel it")
            self.apply_status(self.orders.get(order.id) or order, market.closed_status)
            log.info("order %s: cancelled (%s)", order.seller_order_number, reason)
            return {"reason": reason}

        return await self._run("cancel", order, call, reason=reason)

    async def pay(self, order: StoredOrder) -> ActionOutcome:
        """Pay in the chat (Taobao; 1688 pays at the cashier: `pay_url`)."""
        platform_id, market = platform_id_of(order), self.markets[order.platform]

        return await self._run("pay", order, self._then_refresh(order, market.pay, platform_id))

    async def pay_url(self, order: StoredOrder) -> str | None:
        """The cashier page the buyer opens to pay (a read: nothing is paid by it)."""
        return await self.markets[order.platform].pay_url(platform_id_of(order))

    async def confirm_receipt(self, order: StoredOrder) -> ActionOutcome:
        platform_id, market = platform_id_of(order), self.markets[order.platform]

        call = self._then_refresh(order, market.confirm_receipt, platform_id)
        return await self._run("receipt", order, call)

    def _then_refresh(self, order: StoredOrder, act, platform_id: str):
        """The call for `_run`: `act` answers None when done, else the platform's reason."""

        async def call() -> dict:
            refusal = await act(platform_id)
            if refusal is not None:
                raise ActionRefused(refusal)
            await self.refresh(order)
            return {}

        return call

    async def seller_link(self, order: StoredOrder) -> str | None:
        """A chat link to the seller, where the platform offers one."""
        return await self.markets[order.platform].seller_link(platform_id_of(order))


def platform_id_of(order: StoredOrder) -> str:
    platform_id = order.platform_order_id or order.platform_order_no
    if order.state != "submitted" or not platform_id:
        raise NotSubmitted(order.ref)
    return platform_id
