"""OrderService: idempotent submission and reconciliation, between handlers and platform.

Submission rule (DESIGN §2.3): the order is written to SQLite before the platform call, under its
idempotency key (`sellerOrderNumber`, or `outOrderId` on 1688), and ends as exactly one of
submitted, rejected or unknown. Unknown is reconciled by listing on the key, never by a blind
second create — and "not created" is concluded only after the re-check window has passed with
the platform still showing nothing (a lost answer is not a "no": the platform may commit late).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from bot.domain.draft import Draft
from bot.domain.receiver import Receiver
from bot.domain.recheck import RecheckPlan
from bot.domain.status import map_status
from bot.marketplaces.base import Created, Marketplace
from bot.pandapon.errors import OutcomeUnknown, PandaPonError, PlatformError, PlatformUnavailable
from storage.db import now_ms
from storage.order_records import (
    STATE_PENDING_APPROVAL,
    STATE_REJECTED,
    STATE_SUBMITTED,
    STATE_SUBMITTING,
    STATE_UNKNOWN,
)
from storage.orders import (
    LineResult,
    NewOrder,
    NewOrderLine,
    OrderRepository,
    StoredOrder,
)

log = logging.getLogger(__name__)

DEFAULT_RECHECK_WINDOW_SECONDS = 900.0


class SubmitOutcome(BaseModel):
    """`unknown`: the answer was lost and the platform does not show the order (yet) — it is
    being checked; `not_created`: nothing exists on the platform (never sent, or checked for
    the whole window). `changed`: this call decided it (so whoever made it tells the member)."""

    kind: Literal["submitted", "rejected", "unknown", "not_created"]
    order_id: int
    seller_order_number: str
    platform_order_no: str | None = None
    reason: str | None = None
    reconciled: bool = False
    changed: bool = True
    lines: list[LineResult] = Field(default_factory=list)

    @property
    def failed_lines(self) -> list[LineResult]:
        return [line for line in self.lines if not line.ok]


class OrderService:
    def __init__(
        self,
        markets: dict[str, Marketplace],
        orders: OrderRepository,
        recheck: RecheckPlan | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.markets = markets
        self.orders = orders
        self.recheck = recheck or RecheckPlan(DEFAULT_RECHECK_WINDOW_SECONDS)
        self._clock = clock
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    # --- submission ----------------------------------------------------------------------

    def lock(self, key: str) -> asyncio.Lock:
        """The lock under which an idempotency key is submitted or reconciled (bot/batches.py
        places several orders under one batch key)."""
        return self._locks[key]

    def record_created(self, stored: StoredOrder, created: Created) -> SubmitOutcome:
        """Store what the platform said to a create made elsewhere (a batch create)."""
        return self._record(stored, created)

    def stored_outcome(self, stored: StoredOrder) -> SubmitOutcome:
        """The outcome an order already decided shows again (a repeated tap, a resumed job)."""
        kind = {
            STATE_SUBMITTED: "submitted",
            STATE_UNKNOWN: "unknown",
            STATE_SUBMITTING: "unknown",
        }.get(stored.state, "rejected")
        outcome = self._outcome_from_stored(stored, kind, changed=False)
        if kind == "submitted":
            return outcome
        submission = self.orders.submission(stored.seller_order_number)
        return outcome.model_copy(update={"reason": submission.last_error if submission else None})

    async def submit(self, draft: Draft, *, chat_id: int, requester_id: int) -> SubmitOutcome:
        """Create the order once. Safe to call again with the same draft (double taps)."""
        key = draft.seller_order_number
        if not key or draft.platform is None or draft.receiver is None or not draft.lines:
            raise ValueError("the draft is not complete")
        async with self._locks[key]:
            stored = self.orders.by_seller_order_number(key)
            if stored is not None and stored.state == "submitted":
                return self._outcome_from_stored(stored, "submitted")
            if stored is not None and stored.state in ("unknown", "submitting"):
                return await self._reconcile(stored)  # look again, never create twice
            new_order, new_lines = draft_to_records(draft, chat_id, requester_id)
            if stored is None:
                stored = self.orders.create_pending(new_order, new_lines)
            else:  # rejected before: nothing exists on the platform, same key is free to reuse
                stored = self.orders.reset_for_retry(stored.id, new_order, new_lines)
            return await self._create(stored)

    async def submit_stored(self, order_id: int) -> SubmitOutcome:
        """Submit an order that is already stored and waiting (an approved group order), from
        its stored lines and receiver. Safe to call again, like `submit`."""
        stored = self.orders.get(order_id)
        if stored is None:
            raise KeyError(order_id)
        async with self._locks[stored.seller_order_number]:
            stored = self.orders.get(order_id)  # another call may have moved it meanwhile
            assert stored is not None
            if stored.state == STATE_SUBMITTED:
                return self._outcome_from_stored(stored, "submitted")
            if stored.state in (STATE_UNKNOWN, STATE_SUBMITTING):
                return await self._reconcile(stored)
            if stored.state != STATE_PENDING_APPROVAL:
                raise ValueError(f"order {stored.ref} is {stored.state}; nothing to submit")
            return await self._create(stored)

    async def _create(self, stored: StoredOrder) -> SubmitOutcome:
        """The one create call, built from what is stored (lines, receiver, budget)."""
        key = stored.seller_order_number
        lines = self.orders.lines(stored.id)
        receiver = stored_receiver(stored.receiver_json)
        self.orders.begin_attempt(stored.id, key)
        log.info("order %s: submitting to %s", key, stored.platform)
        try:
            created = await self.markets[stored.platform].create(stored, lines, receiver)
        except PlatformError as exc:
            log.info("order %s: rejected by the platform: %s", key, exc)
            self.orders.mark_rejected(stored.id, exc.msg or str(exc), [])
            return self._outcome(stored, "rejected", reason=exc.msg or str(exc))
        except PlatformUnavailable as exc:
            log.warning("order %s: platform unreachable, nothing sent: %s", key, exc)
            self.orders.mark_rejected(stored.id, "platform unreachable", [])
            return self._outcome(stored, "not_created", reason="unreachable")
        except OutcomeUnknown as exc:
            log.warning("order %s: outcome unknown, reconciling: %s", key, exc)
            self.orders.mark_unknown(stored.id, str(exc))
            return await self._reconcile(self.orders.get(stored.id) or stored)
        return self._record(stored, created)

    def _record(
        self, stored: StoredOrder, created: Created, *, reconciled: bool = False
    ) -> SubmitOutcome:
        """Store what the platform said: the order and each line's result, or its refusal."""
        if not created.created:
            reason = created.reason or "rejected"
            changed = self.orders.mark_rejected(stored.id, reason, created.lines)
            return self._outcome(
                stored, "rejected", reason=reason, lines=created.lines, changed=changed
            )
        status = map_status(stored.platform, created.raw_status).status.value
        changed = self.orders.mark_submitted(
            stored.id,
            created.order_id,
            created.order_no or created.order_id,
            status,
            created.raw_status,
            created.lines,
        )
        log.info("order %s: submitted as %s", stored.seller_order_number, created.order_no)
        return self._outcome(
            stored,
            "submitted",
            order_no=created.order_no or created.order_id,
            lines=created.lines,
            reconciled=reconciled,
            changed=changed,
        )

    # --- reconciliation ------------------------------------------------------------------

    async def reconcile(self, order_id: int) -> SubmitOutcome:
        """Look for an order whose answer was lost (a member's "check now", a second Confirm)."""
        stored = self.orders.get(order_id)
        if stored is None:
            raise KeyError(order_id)
        async with self._locks[stored.seller_order_number]:
            fresh = self.orders.get(order_id)  # another call may have settled it meanwhile
            assert fresh is not None
            return await self._reconcile(fresh)

    def recover_interrupted(self) -> list[StoredOrder]:
        """At start-up: a submission cut off mid-call by a crash ('submitting') becomes one
        whose answer was lost at the time of that call; the re-check schedule takes it on.
        Returns those orders, for their members to be told."""
        recovered = []
        for stored in self.orders.orders_in_state(STATE_SUBMITTING):
            if self._locks[stored.seller_order_number].locked():
                continue  # this process is submitting it right now
            submission = self.orders.submission(stored.seller_order_number)
            since = submission.updated_at if submission else None
            if self.orders.mark_unknown(stored.id, "interrupted mid-call", since_ms=since):
                recovered.append(stored)
        return recovered

    async def reconcile_due(self) -> list[tuple[StoredOrder, SubmitOutcome]]:
        """Look again for every lost answer that is due; the ones this settled (created, or
        not created once the window has passed), for the member to be told."""
        settled = []
        for stored in self.orders.rechecks_due(self._clock()):
            if self._locks[stored.seller_order_number].locked():
                continue  # a submission or a check of it is in flight: it will tell the member
            outcome = await self.reconcile(stored.id)
            if outcome.changed and outcome.kind != "unknown":
                settled.append((stored, outcome))
        return settled

    async def _reconcile(self, stored: StoredOrder) -> SubmitOutcome:
        """Ask the platform for the order under its key. Found: submitted. Not found: still
        unknown until the re-check window has passed, then not created. Never creates."""
        key = stored.seller_order_number
        if stored.state == STATE_SUBMITTED:
            return self._outcome_from_stored(stored, "submitted", changed=False)
        if stored.state not in (STATE_UNKNOWN, STATE_SUBMITTING):
            kind = "not_created" if stored.state == STATE_REJECTED else "rejected"
            return self._outcome(stored, kind, reason=stored.state, changed=False)
        if stored.state == STATE_SUBMITTING:
            self.orders.mark_unknown(stored.id, "interrupted mid-call")
        try:
            found = await self._find_on_platform(stored)
        except PandaPonError as exc:
            log.warning("order %s: reconciliation failed, still unknown: %s", key, exc)
            self._schedule_next_check(stored)
            return self._outcome(stored, "unknown", reason=str(exc), changed=False)
        if found is not None:
            return found
        submission = self.orders.submission(key)
        since = submission.unknown_since if submission and submission.unknown_since else None
        if since is None or self.recheck.window_passed(since, self._clock()):
            minutes = round(self.recheck.window_seconds / 60)
            log.info("order %s: not on the platform after %d min: not created", key, minutes)
            changed = self.orders.mark_rejected(stored.id, "not created (answer lost, checked)", [])
            return self._outcome(
                stored, "not_created", reason="lost", reconciled=True, changed=changed
            )
        log.info("order %s: not on the platform yet; checking again later", key)
        self._schedule_next_check(stored)
        return self._outcome(stored, "unknown", reason="checking", changed=False)

    async def _find_on_platform(self, stored: StoredOrder) -> SubmitOutcome | None:
        lines = self.orders.lines(stored.id)
        found = await self.markets[stored.platform].find(stored, lines)
        return None if found is None else self._record(stored, found, reconciled=True)

    def _schedule_next_check(self, stored: StoredOrder) -> None:
        submission = self.orders.submission(stored.seller_order_number)
        if submission is None:
            return
        now = self._clock()
        since = submission.unknown_since or now
        due = self.recheck.next_check_at(since, submission.checks, now)
        self.orders.schedule_recheck(stored.seller_order_number, due)

    # --- helpers -------------------------------------------------------------------------

    def _outcome_from_stored(
        self, stored: StoredOrder, kind: str, *, changed: bool = True
    ) -> SubmitOutcome:
        results = [
            LineResult(
                line_no=line.line_no,
                ok=not line.error_code,
                sub_order_id=line.sub_order_id,
                status=line.status,
                error_code=line.error_code,
                error_message=line.error_message,
            )
            for line in self.orders.lines(stored.id)
        ]
        return self._outcome(
            stored, kind, order_no=stored.platform_order_no, lines=results, changed=changed
        )

    @staticmethod
    def _outcome(
        stored: StoredOrder,
        kind: str,
        *,
        order_no: str | None = None,
        reason: str | None = None,
        lines: list[LineResult] | None = None,
        reconciled: bool = False,
        changed: bool = True,
    ) -> SubmitOutcome:
        return SubmitOutcome(
            kind=kind,
            order_id=stored.id,
            seller_order_number=stored.seller_order_number,
            platform_order_no=order_no,
            reason=reason,
            reconciled=reconciled,
            changed=changed,
            lines=lines or [],
        )


def stored_receiver(receiver_json: str) -> Receiver:
    """The receiver as stored with the order. It was validated when it was entered; read
    back without validating again (parsing its phone number cost more than the rest of a
    create's own work — see bench/bulk_submit.py)."""
    return Receiver.model_construct(**json.loads(receiver_json))


def draft_to_records(
    draft: Draft, chat_id: int, requester_id: int, *, state: str = STATE_SUBMITTING
) -> tuple[NewOrder, list[NewOrderLine]]:
    """The order and lines to store for a finished draft (`state`: pending_approval when an
    approver must decide first)."""
    order = NewOrder(
        platform=draft.platform,
        chat_id=chat_id,
        requester_id=requester_id,
        seller_order_number=draft.seller_order_number,
        subtotal_fen=draft.subtotal_fen,
        postage_fen=draft.postage_fen or 0,
        total_fen=draft.total_fen,
        purchase_amount_fen=draft.budget_fen,
        receiver_json=draft.receiver.model_dump_json(),
        order_source=draft.order_source,
        state=state,
        discount_fen=draft.discount_fen or 0,
        shop_promotion_id=draft.shop_promotion_id if draft.discount_fen else None,
        shop_promotion_name=draft.shop_promotion_name if draft.discount_fen else None,
    )
    lines = [
        NewOrderLine(
            line_no=index + 1,
            item_id=line.item_id,
            sku_id=line.sku_id,
            title=line.title,
            sku_label=line.sku_label,
            quantity=line.quantity,
            unit_price_fen=line.unit_price_fen,
            line_total_fen=line.line_total_fen,
            image_url=line.image_url,
            cart_id=line.cart_id,
        )
        for index, line in enumerate(draft.lines)
    ]
    return order, lines
