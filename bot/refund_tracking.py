"""A refund request's status, from whatever source (callbacks, polling, a refresh, our own
actions), applied once and never backwards.

Like order statuses (bot/order_actions.py `apply_status`): a move to a later stage is applied when
seen; a move back along one of the ways a request really goes (refused → requested again after a
modification, refused after a return) only when its platform time is newer than the status
stored. Each applied move is returned as a RefundChange for the caller to tell the chat.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from bot.domain.refund_status import (
    FINAL,
    RefundStatus,
    can_follow,
    is_forward,
    map_refund_status,
)
from bot.marketplaces.after_sales import RefundState
from bot.marketplaces.base import Marketplace
from bot.pandapon.errors import PandaPonError
from storage.db import now_ms
from storage.events import EventRepository
from storage.orders import OrderRepository
from storage.refunds import RefundRepository, StoredRefund

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RefundChange:
    refund: StoredRefund  # as it is after the change
    old: RefundStatus | None
    new: RefundStatus
    raw: str | int | None


def details_of(state: RefundState) -> dict[str, Any]:
    """What the platform says beside the status, as refund columns (None: not said)."""
    values: dict[str, Any] = {
        "seller_reason": state.seller_reason,
        "refunded_fen": state.refunded_fen,
        "deadline_at": state.deadline_ms,
        "deadline_kind": state.deadline_kind,
        "return_address": state.return_address,
        "return_company": state.return_company,
        "return_tracking_no": state.return_tracking_no,
    }
    if state.amount_fen:
        values["amount_fen"] = state.amount_fen
    if state.reason_id and state.reason_text:
        values |= {"reason_id": state.reason_id, "reason_text": state.reason_text}
    if state.kind is not None:
        values["kind"] = state.kind.value
    if state.description is not None:
        values["description"] = state.description
    return values


class RefundTracker:
    def __init__(
        self,
        repo: RefundRepository,
        markets: dict[str, Marketplace],
        orders: OrderRepository,
        events: EventRepository,
    ) -> None:
        self.repo = repo
        self.markets = markets
        self.orders = orders
        self.events = events

    def apply(
        self,
        refund: StoredRefund,
        incoming: RefundStatus,
        raw: str | int | None,
        *,
        at_ms: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> RefundChange | None:
        """Store `incoming` if it may follow the stored status (platform time `at_ms`; None:
        seen just now). Details are stored either way: they describe the request as it is."""
        details = details or {}
        current = RefundStatus(refund.status) if refund.status else None
        stored_at = refund.status_at or 0
        fresh = at_ms is None or at_ms > stored_at
        if incoming is RefundStatus.NONE or not can_follow(current, incoming):
            if details and fresh:
                self.repo.update_details(refund.id, **details)
            return None
        if not is_forward(current, incoming) and not fresh:
            return None  # a sideways move older than the stored status: a late message
        stamp = max(at_ms or now_ms(), stored_at + 1)
        raw_text = None if raw is None else str(raw)
        moved = self.repo.move_status(
            refund.id,
            expected=refund.status,
            status=incoming.value,
            raw=raw_text,
            at=stamp,
            **details,
        )
        if not moved:
            return None
        log.info(
            "refund %s (order #%d): %s -> %s (%s)",
            refund.ref,
            refund.order_id,
            current,
            incoming.value,
            raw,
        )
        after = self.repo.get(refund.id)
        assert after is not None  # just written
        if incoming is RefundStatus.REFUNDED:
            self._order_refunded(after, stamp)
        return RefundChange(after, current, incoming, raw)

    def _order_refunded(self, refund: StoredRefund, stamp: int) -> None:
        """The order card's "Refunded" follows its requests (a callback says it too; polling
        and refreshes only through here): never less than what the order showed."""
        order = self.orders.get(refund.order_id)
        if order is None:
            return
        back = sum(
            r.refunded_fen or r.amount_fen
            for r in self.repo.for_order(order.id)
            if r.status == RefundStatus.REFUNDED.value
        )
        if back > (order.refund_fen or 0):
            self.events.apply_refund(order.id, back, stamp)

    def apply_raw(
        self,
        refund: StoredRefund,
        raw: str | int | None,
        *,
        at_ms: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> RefundChange | None:
        incoming = map_refund_status(refund.platform, raw).status
        return self.apply(refund, incoming, raw, at_ms=at_ms, details=details)

    async def refresh(self, refund: StoredRefund) -> RefundChange | None:
        """Ask the platform how the request stands now, and apply it."""
        if not refund.submitted:
            return None
        state = await self.markets[refund.platform].refund_state(refund.platform_refund_id)
        return self.apply_raw(refund, state.raw_status, details=details_of(state))

    async def on_callback(
        self, refund_id: str, raw: Any, event_time_ms: int
    ) -> tuple[StoredRefund | None, RefundChange | None]:
        """A refund callback: (the request it is about, if it is one of ours; the change).
        The callback's own status is applied by its platform time; what else the platform says
        about the request (the seller's reason, the deadline, the return address) is read
        afterwards when the status moved."""
        refund = self.repo.by_platform_id(refund_id)
        if refund is None:
            return None, None
        change = self.apply_raw(refund, raw, at_ms=event_time_ms)
        if change is None:
            return refund, None
        try:
            state = await self.markets[refund.platform].refund_state(refund_id)
        except PandaPonError as exc:  # the status is applied; details wait for a refresh
            log.warning("refund %s: details not read: %s", refund.ref, exc)
            return refund, change
        self.repo.update_details(refund.id, **details_of(state))
        after = self.repo.get(refund.id) or change.refund
        return refund, RefundChange(after, change.old, change.new, change.raw)

    async def poll_open(self, *, max_rps: float, limit: int = 200) -> list[RefundChange]:
        """Refresh the requests the platform has not finished (when it does not call back)."""
        changes = []
        for refund in self.repo.open_on_platform({s.value for s in FINAL}, limit=limit):
            try:
                change = await self.refresh(refund)
            except PandaPonError as exc:
                log.warning("refund %s: refresh failed: %s", refund.ref, exc)
                change = None
            if change is not None:
                changes.append(change)
            await asyncio.sleep(1 / max_rps)
        return changes
