"""What a buyer does to a refund request on the platform: submit, modify, cancel, send the goods
back, write to the seller — each through bot.platform_calls, under a kind of its own.

Every call is recorded in the ledger before it is made and made once per key; a lost answer is
checked by reading (the list by our key, the detail, the message list), never by calling again.
The request row (storage/refunds.py) follows the outcome: here when the call answers, in
`settled` when the re-check schedule decides later. In groups a request first waits for an
approver (`decide`); at start-up, one approved but never sent goes out (`resume`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.domain.refund_status import RefundKind, RefundStatus, map_refund_status
from bot.domain.status import BuyerStatus
from bot.marketplaces.after_sales import RefundTerms
from bot.marketplaces.base import Marketplace
from bot.order_actions import platform_id_of
from bot.platform_calls import ActionOutcome, ActionRefused, PlatformCalls
from bot.refund_tracking import RefundTracker, details_of
from storage.actions import ActionRecord
from storage.db import now_ms
from storage.orders import OrderRepository, StoredOrder
from storage.refunds import (
    FAILED,
    PENDING_APPROVAL,
    SUBMITTED,
    SUBMITTING,
    UNKNOWN,
    WITHDRAWN,
    NewRefund,
    RefundRepository,
    StoredRefund,
)

log = logging.getLogger(__name__)

SUBMIT = "refund_submit"
MODIFY = "refund_modify"
CANCEL = "refund_cancel"
RETURN = "refund_return"
MESSAGE = "refund_message"
REFUND_KINDS = frozenset({SUBMIT, MODIFY, CANCEL, RETURN, MESSAGE})
_HAVE_GOODS = frozenset({BuyerStatus.RECEIVED, BuyerStatus.COMPLETED})


class NotOnPlatform(Exception):
    """The request is not on the platform (yet): nothing to act on."""


def goods_received(order: StoredOrder, kind: RefundKind) -> bool:
    """What the buyer tells the seller about the goods: a return means they have them."""
    return kind is RefundKind.RETURN_AND_REFUND or order.status in _HAVE_GOODS


class RefundActions:
    def __init__(
        self,
        repo: RefundRepository,
        orders: OrderRepository,
        markets: dict[str, Marketplace],
        calls: PlatformCalls,
        tracker: RefundTracker,
    ) -> None:
        self.repo = repo
        self.orders = orders
        self.markets = markets
        self.calls = calls
        self.tracker = tracker
        checks: dict[str, Callable[[ActionRecord], Awaitable[tuple[bool, Any]]]] = {
            SUBMIT: self._submitted,
            MODIFY: self._modified,
            CANCEL: self._cancelled,
            RETURN: self._returned,
            MESSAGE: self._message_sent,
        }
        for kind, check in checks.items():
            calls.register(kind, check)

    # --- asking -------------------------------------------------------------------------------

    async def request(self, new: NewRefund) -> tuple[StoredRefund, ActionOutcome | None]:
        """Store the request and, unless it waits for an approver, submit it. Safe to repeat
        with the same key (a double tap): the stored request is not asked twice."""
        stored = self.repo.create(new)
        if stored.state == FAILED and self.repo.restart(stored.id, new):
            stored = self._get(stored.id)  # refused before: the same key asked anew
        if stored.state == PENDING_APPROVAL:
            return stored, None
        return await self.submit_stored(stored)

    async def submit_stored(self, refund: StoredRefund) -> tuple[StoredRefund, ActionOutcome]:
        order = self._order(refund)
        order_ref, market = platform_id_of(order), self.markets[refund.platform]
        kind = RefundKind(refund.kind)
        terms = RefundTerms(
            kind=kind,
            reason_id=refund.reason_id,
            amount_fen=refund.amount_fen,
            description=refund.description,
            goods_received=goods_received(order, kind),
            photos=self.repo.photos(refund.refund_key),
        )

        async def call() -> dict[str, Any]:
            state = await market.submit_refund(
                refund.refund_key, order_ref, refund.sub_order_id, terms
            )
            return {"refund_id": state.refund_id, "raw": state.raw_status}

        outcome = await self._run(SUBMIT, f"{SUBMIT}:{refund.refund_key}", refund, call)
        return self._get(refund.id), outcome

    def withdraw(self, refund: StoredRefund) -> bool:
        """Take back a request still waiting for its approver (nothing was sent)."""
        return self.repo.set_state(refund.id, WITHDRAWN, expected=(PENDING_APPROVAL,))

    async def decide(
        self, refund: StoredRefund, *, approved: bool, actor_id: int, actor_name: str, reason: str
    ) -> tuple[bool, StoredRefund, ActionOutcome | None]:
        """The first decision wins; an approval submits the request. (won, request, outcome)"""
        won = self.repo.decide(
            refund.id, approved=approved, actor_id=actor_id, actor_name=actor_name, reason=reason
        )
        fresh = self._get(refund.id)
        if not won or not approved:
            return won, fresh, None
        fresh, outcome = await self.submit_stored(fresh)
        return True, fresh, outcome

    async def resume(self) -> list[tuple[StoredRefund, ActionOutcome]]:
        """At start-up: requests approved (or confirmed) whose submit never left — no ledger
        record under their key — go out now; those with a record are the ledger's to check."""
        sent = []
        for refund in self.repo.in_state(SUBMITTING):
            if self.calls.ledger.by_key(f"{SUBMIT}:{refund.refund_key}") is not None:
                continue
            log.info("refund %s: approved before the stop, submitting now", refund.ref)
            sent.append(await self.submit_stored(refund))
        return sent

    # --- changing a request on the platform ---------------------------------------------------

    async def modify(
        self, refund: StoredRefund, key: str, terms: RefundTerms, reason_text: str
    ) -> ActionOutcome:
        market, refund_id = self._market_and_id(refund)

        async def call() -> dict[str, Any]:
            state = await market.modify_refund(refund_id, terms)
            return {"raw": state.raw_status}

        payload = {
            "kind": terms.kind.value,
            "reason_id": terms.reason_id,
            "reason_text": reason_text,
            "amount_fen": terms.amount_fen,
            "description": terms.description,
            "photo_count": len(terms.photos) or refund.photo_count,  # none new: the old stay
        }
        return await self._run(MODIFY, f"{MODIFY}:{key}", refund, call, **payload)

    async def cancel(self, refund: StoredRefund) -> ActionOutcome:
        market, refund_id = self._market_and_id(refund)

        async def call() -> dict[str, Any]:
            if not await market.cancel_refund(refund_id):
                raise ActionRefused("the platform did not close the request")
            return {}

        return await self._run(CANCEL, f"{CANCEL}:{refund.id}", refund, call)

    async def send_return(
        self, refund: StoredRefund, carrier_code: str, carrier_name: str, tracking_no: str
    ) -> ActionOutcome:
        market, refund_id = self._market_and_id(refund)

        async def call() -> dict[str, Any]:
            if not await market.send_return(refund_id, carrier_code, tracking_no):
                raise ActionRefused("the platform did not take the shipment")
            return {}

        return await self._run(
            RETURN,
            f"{RETURN}:{refund.id}",
            refund,
            call,
            carrier=carrier_name or carrier_code,
            tracking_no=tracking_no,
        )

    async def send_message(
        self, refund: StoredRefund, key: str, text: str, photo: bytes | None
    ) -> ActionOutcome:
        market, refund_id = self._market_and_id(refund)

        async def call() -> dict[str, Any]:
            await market.send_refund_message(refund_id, key, text, photo)
            return {}

        return await self._run(
            MESSAGE, f"{MESSAGE}:{key}", refund, call, message_key=key, text=text
        )

    # --- outcomes -----------------------------------------------------------------------------

    def settled(self, outcome: ActionOutcome) -> StoredRefund | None:
        """A lost answer settled by the re-check schedule: the request row follows it."""
        refund = self.repo.get(int(outcome.record.payload.get("refund", 0)))
        if refund is None:
            log.warning("%s settled for a missing refund", outcome.record.idempotency_key)
            return None
        self._follow(refund, outcome)
        return self._get(refund.id)

    def _follow(self, refund: StoredRefund, outcome: ActionOutcome) -> None:
        kind, state, payload = outcome.kind, outcome.state, outcome.record.payload
        result = outcome.result or {}
        if kind == SUBMIT:
            if state == "done":
                raw = result.get("raw")
                status = map_refund_status(refund.platform, raw).status
                if status in (RefundStatus.NONE, RefundStatus.UNKNOWN) and raw is None:
                    status = RefundStatus.REQUESTED
                self.repo.mark_submitted(
                    refund.id, str(result["refund_id"]), status.value, _text(raw), now_ms()
                )
                self.repo.drop_photos(refund.refund_key)
            elif state in ("failed", "not_done"):
                self.repo.set_state(
                    refund.id, FAILED, expected=(SUBMITTING, UNKNOWN), error=outcome.reason
                )
            else:
                self.repo.set_state(refund.id, UNKNOWN, expected=(SUBMITTING,))
            return
        if state != "done":
            return
        if kind == MODIFY:
            # the modification's photos went with it (kept under its key until now)
            self.repo.drop_photos(outcome.record.idempotency_key.split(":", 1)[1])
            details = {
                name: payload[name]
                for name in (
                    "kind",
                    "reason_id",
                    "reason_text",
                    "amount_fen",
                    "description",
                    "photo_count",
                )
            }
            details["seller_reason"] = None
            raw = result.get("raw")
            self.tracker.apply(refund, RefundStatus.REQUESTED, raw, details=details)
        elif kind == CANCEL:
            self.tracker.apply(refund, RefundStatus.CLOSED, None, details={"deadline_at": None})
        elif kind == RETURN:
            details = {
                "return_company": payload.get("carrier"),
                "return_tracking_no": payload.get("tracking_no"),
            }
            self.tracker.apply(refund, RefundStatus.RETURN_SENT, None, details=details)

    # --- checks: did a call whose answer was lost happen? ---------------------------------

    async def _submitted(self, record: ActionRecord) -> tuple[bool, dict[str, Any] | None]:
        refund = self._get(int(record.payload["refund"]))
        order = self._order(refund)
        found = await self.markets[refund.platform].find_refund(
            platform_id_of(order), refund.refund_key
        )
        if found is None:
            return False, None
        return True, {"refund_id": found.refund_id, "raw": found.raw_status}

    async def _modified(self, record: ActionRecord) -> tuple[bool, dict[str, Any] | None]:
        state = await self._state_of(record)
        payload = record.payload
        done = (
            state.amount_fen == payload["amount_fen"]
            and state.reason_id == payload["reason_id"]
            and (state.description or "") == payload["description"]
            and map_refund_status(self._refund(record).platform, state.raw_status).status
            is not RefundStatus.REFUSED
        )
        return done, {"raw": state.raw_status} if done else None

    async def _cancelled(self, record: ActionRecord) -> tuple[bool, dict[str, Any] | None]:
        state = await self._state_of(record)
        status = map_refund_status(self._refund(record).platform, state.raw_status).status
        return status is RefundStatus.CLOSED, {}

    async def _returned(self, record: ActionRecord) -> tuple[bool, dict[str, Any] | None]:
        state = await self._state_of(record)
        return state.return_tracking_no == record.payload["tracking_no"], {}

    async def _message_sent(self, record: ActionRecord) -> tuple[bool, dict[str, Any] | None]:
        market, refund_id = self._market_and_id(self._refund(record))
        messages = await market.refund_messages(refund_id)
        return any(m.key == record.payload["message_key"] for m in messages), {}

    # --- helpers ------------------------------------------------------------------------------

    async def _run(
        self,
        action: str,
        idempotency_key: str,
        refund: StoredRefund,
        call: Callable[[], Awaitable[dict[str, Any]]],
        **payload: Any,
    ) -> ActionOutcome:
        outcome = await self.calls.run(
            action,
            idempotency_key,
            call,
            order_id=refund.order_id,
            chat_id=refund.chat_id,
            requester_id=refund.requester_id,
            payload={"refund": refund.id, **payload},
        )
        self._follow(self._get(refund.id), outcome)
        return outcome

    async def _state_of(self, record: ActionRecord):
        market, refund_id = self._market_and_id(self._refund(record))
        state = await market.refund_state(refund_id)
        details = details_of(state)
        self.repo.update_details(self._refund(record).id, **details)
        return state

    def _market_and_id(self, refund: StoredRefund) -> tuple[Marketplace, str]:
        if refund.state != SUBMITTED or refund.platform_refund_id is None:
            raise NotOnPlatform(refund.ref)
        return self.markets[refund.platform], refund.platform_refund_id

    def _refund(self, record: ActionRecord) -> StoredRefund:
        return self._get(int(record.payload["refund"]))

    def _order(self, refund: StoredRefund) -> StoredOrder:
        order = self.orders.get(refund.order_id)
        assert order is not None  # requests reference their order
        return order

    def _get(self, refund_id: int) -> StoredRefund:
        refund = self.repo.get(refund_id)
        if refund is None:
            raise KeyError(refund_id)
        return refund


def _text(raw: Any) -> str | None:
    return None if raw is None else str(raw)
