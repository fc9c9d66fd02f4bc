"""A 1688 order across sellers: one batch create, one stored order per seller, one `#B` ref.

The batch and every seller's order are stored before the call (storage/batches.py), each under
its own idempotency key `<batch key>:<seller>` — the key the platform gives seller S's order
in a batch create. A lost answer marks every seller's order unknown and reconciles each one by
its key on the usual re-check schedule (OrderService), so a double tap or a lost answer never
creates a seller's order twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.domain.draft import Draft
from bot.domain.receiver import Receiver
from bot.marketplaces.base import SellerOrder
from bot.pandapon.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from bot.service import OrderService, SubmitOutcome, draft_to_records
from storage.batches import BatchMember, BatchRepository, NewMember, StoredBatch
from storage.order_records import (
    STATE_CANCELLED_BEFORE_SUBMIT,
    STATE_REJECTED,
    STATE_SUBMITTING,
    STATE_UNKNOWN,
)

log = logging.getLogger(__name__)

_RETRYABLE = frozenset({STATE_REJECTED, STATE_CANCELLED_BEFORE_SUBMIT})
_OPEN = frozenset({STATE_SUBMITTING, STATE_UNKNOWN})


def seller_key(batch_key: str, seller_id: str) -> str:
    """Seller S's order in the batch `batch_key`: the key the platform gives it too."""
    return f"{batch_key}:{seller_id}"


@dataclass(frozen=True)
class SellerOutcome:
    seller_id: str
    outcome: SubmitOutcome
    seller_name: str | None = None

    @property
    def name(self) -> str:
        return self.seller_name or self.seller_id


@dataclass(frozen=True)
class BatchOutcome:
    batch: StoredBatch
    sellers: list[SellerOutcome]

    @property
    def placed(self) -> list[SellerOutcome]:
        return [s for s in self.sellers if s.outcome.kind == "submitted"]

    @property
    def any_open(self) -> bool:
        """Some seller's answer is still being checked."""
        return any(s.outcome.kind == "unknown" for s in self.sellers)


class BatchService:
    def __init__(self, service: OrderService, batches: BatchRepository) -> None:
        self.service = service
        self.batches = batches

    @property
    def orders(self):
        return self.service.orders

    async def submit(
        self,
        draft: Draft,
        *,
        chat_id: int,
        requester_id: int,
        postage_by_seller: dict[str, int] | None = None,
    ) -> BatchOutcome:
        """Place a multi-seller 1688 draft in one batch create. Safe to call again."""
        key = draft.seller_order_number
        if not key or draft.platform is None or draft.receiver is None or not draft.lines:
            raise ValueError("the draft is not complete")
        async with self.service.lock(key):
            batch = self.batches.by_key(key)
            if batch is not None:
                members = self.batches.members(batch.id)
                if any(m.order.state in _OPEN for m in members):
                    return await self._reconcile(batch, members)  # look, never create twice
                if not all(m.order.state in _RETRYABLE for m in members):
                    return self._stored(batch, members)
            records = _seller_records(draft, chat_id, requester_id, postage_by_seller or {})
            batch = self.batches.create(key, draft.platform, chat_id, requester_id, records)
            members = self._ready(batch, records)
            return await self._create(batch, members, draft.receiver)

    def _ready(self, batch: StoredBatch, records) -> list[BatchMember]:
        """The batch's orders for this attempt: ones refused before are reset for it."""
        by_key = {r.order.seller_order_number: (r.order, r.lines) for r in records}
        ready = []
        for member in self.batches.members(batch.id):
            order = member.order
            if order.seller_order_number not in by_key:
                continue  # a seller since removed from the draft: stays as it was
            if order.state in _RETRYABLE:
                new_order, lines = by_key[order.seller_order_number]
                order = self.orders.reset_for_retry(order.id, new_order, lines)
            ready.append(BatchMember(member.seller_id, order, member.seller_name))
        return ready

    async def _create(
        self, batch: StoredBatch, members: list[BatchMember], receiver: Receiver
    ) -> BatchOutcome:
        orders = self.orders
        sellers = []
        names = {member.seller_id: member.seller_name for member in members}
        for member in members:
            orders.begin_attempt(member.order.id, member.order.seller_order_number)
            sellers.append(
                SellerOrder(member.seller_id, member.order, orders.lines(member.order.id))
            )
        market = self.service.markets[batch.platform]
        log.info("batch %s: creating %d seller orders", batch.batch_key, len(sellers))
        try:
            created = await market.create_batch(batch.batch_key, sellers, receiver)
        except PlatformError as exc:
            reason = exc.msg or str(exc)
            log.info("batch %s: refused by the platform: %s", batch.batch_key, reason)
            for seller in sellers:
                orders.mark_rejected(seller.order.id, reason, [])
            return self._stored(batch, self.batches.members(batch.id), reason=reason)
        except PlatformUnavailable as exc:
            log.warning("batch %s: platform unreachable, nothing sent: %s", batch.batch_key, exc)
            for seller in sellers:
                orders.mark_rejected(seller.order.id, "platform unreachable", [])
            return self._stored(batch, self.batches.members(batch.id), reason="unreachable")
        except OutcomeUnknown as exc:
            log.warning("batch %s: answer lost, reconciling each seller: %s", batch.batch_key, exc)
            for seller in sellers:
                orders.mark_unknown(seller.order.id, str(exc))
            return await self._reconcile(batch, self.batches.members(batch.id))
        outcomes = []
        for seller in sellers:
            result = created[seller.seller_id]
            outcome = self.service.record_created(seller.order, result)
            outcomes.append(SellerOutcome(seller.seller_id, outcome, names[seller.seller_id]))
        return BatchOutcome(batch, outcomes)

    async def _reconcile(self, batch: StoredBatch, members: list[BatchMember]) -> BatchOutcome:
        outcomes = []
        for member in members:
            if member.order.state in _OPEN:
                outcome = await self.service.reconcile(member.order.id)
            else:
                outcome = self.service.stored_outcome(member.order)
            outcomes.append(SellerOutcome(member.seller_id, outcome, member.seller_name))
        return BatchOutcome(batch, outcomes)

    def _stored(
        self, batch: StoredBatch, members: list[BatchMember], *, reason: str | None = None
    ) -> BatchOutcome:
        outcomes = []
        for member in members:
            outcome = self.service.stored_outcome(member.order)
            if reason == "unreachable" and outcome.kind == "rejected":
                outcome = outcome.model_copy(update={"kind": "not_created", "reason": reason})
            outcomes.append(SellerOutcome(member.seller_id, outcome, member.seller_name))
        return BatchOutcome(batch, outcomes)

    def outcome(self, batch_id: int) -> BatchOutcome | None:
        """The batch as stored now (the `#B` card)."""
        batch = self.batches.get(batch_id)
        if batch is None:
            return None
        return self._stored(batch, self.batches.members(batch.id))


def _seller_records(
    draft: Draft, chat_id: int, requester_id: int, postage_by_seller: dict[str, int]
) -> list[NewMember]:
    """One order (and its lines) per seller of the draft, keyed `<batch key>:<seller>`."""
    records = []
    for seller in draft.seller_ids:
        lines = [line for line in draft.lines if line.seller_id == seller]
        part = draft.model_copy(
            update={
                "lines": lines,
                "postage_fen": postage_by_seller.get(seller, 0),
                "budget_cap_fen": None,
                "seller_order_number": seller_key(draft.seller_order_number or "", seller),
            }
        )
        order, order_lines = draft_to_records(part, chat_id, requester_id)
        records.append(NewMember(seller, lines[0].seller_name, order, order_lines))
    return records
