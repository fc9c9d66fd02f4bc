"""OrderService: idempotent submission and reconciliation, between handlers and platform.

Submission rule (DESIGN §2.3): the order is written to SQLite before the platform call, under its
idempotency key (`sellerOrderNumber`, or `outOrderId` on 1688), and ends as exactly one of
submitted, rejected or unknown. Unknown is reconciled by listing on the key, never by a blind
second create — and "not created" is concluded only after the re-check window has passed with
the platform still showing nothing (a lost answer is not a "no": the platform may commit late).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from bot.domain.draft import Draft
from bot.domain.receiver import Receiver, to_1688_wire, to_taobao_wire
from bot.domain.recheck import RecheckPlan
from bot.domain.status import map_status
from bot.order_lines import cargo_lines, match_line, taobao_lines
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
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
    StoredOrderLine,
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
        client: PandaPonClient,
        orders: OrderRepository,
        recheck: RecheckPlan | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.client = client
        self.orders = orders
        self.recheck = recheck or RecheckPlan(DEFAULT_RECHECK_WINDOW_SECONDS)
        self._clock = clock
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    # --- submission ----------------------------------------------------------------------

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
        receiver = Receiver.model_validate_json(stored.receiver_json)
        self.orders.set_state(stored.id, "submitting")
        self.orders.record_attempt(key)
        log.info("order %s: submitting to %s", key, stored.platform)
        try:
            if stored.platform == "taobao":
                outcome = await self._create_taobao(stored, lines, receiver)
            else:
                outcome = await self._create_1688(stored, lines, receiver)
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
        return outcome

    async def _create_taobao(
        self, stored: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> SubmitOutcome:
        request = tb.CreateOrderRequest(
            order_line_list=taobao_lines(lines),
            order_source=stored.order_source,
            purchase_amount=stored.purchase_amount_fen,
            receiver=tb.TaobaoReceiver.model_validate(to_taobao_wire(receiver)),
            seller_order_number=stored.seller_order_number,
        )
        result = await self.client.taobao_create_order(request)
        return self._record_taobao(stored, result.id, result.order_no, result.sub_order_vos)

    def _record_taobao(
        self,
        stored: StoredOrder,
        order_id: str | None,
        order_no: str | None,
        sub_orders: list[tb.SubOrder],
        *,
        raw_status: str | None = None,
        reconciled: bool = False,
    ) -> SubmitOutcome:
        lines = self.orders.lines(stored.id)
        results = []
        for index, line in enumerate(lines):
            sub = match_line(sub_orders, index, line.item_id, line.sku_id)
            ok = sub is not None and not sub.failed and order_id is not None
            results.append(
                LineResult(
                    line_no=line.line_no,
                    ok=ok,
                    sub_order_id=sub.sub_order_id if sub else None,
                    status=sub.status if sub else None,
                    error_code=(sub.error_code if sub else None) or (None if ok else "NO_RESULT"),
                    error_message=sub.error_message if sub else None,
                )
            )
        if order_id is None or not any(r.ok for r in results):
            reason = "; ".join(r.error_message or r.error_code or "" for r in results if not r.ok)
            self.orders.mark_rejected(stored.id, reason, results)
            return self._outcome(stored, "rejected", reason=reason, lines=results)
        raw = raw_status or next((r.status for r in results if r.ok and r.status), None)
        status = map_status("taobao", raw).status.value
        changed = self.orders.mark_submitted(
            stored.id, order_id, order_no or order_id, status, raw, results
        )
        log.info("order %s: submitted as %s", stored.seller_order_number, order_no)
        return self._outcome(
            stored,
            "submitted",
            order_no=order_no or order_id,
            lines=results,
            reconciled=reconciled,
            changed=changed,
        )

    async def _create_1688(
        self, stored: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> SubmitOutcome:
        request = ali.CreateOrderRequest(
            message=f"orderbot {stored.seller_order_number}",
            address_param=ali.AlibabaAddress.model_validate(to_1688_wire(receiver)),
            cargo_param_list=cargo_lines(lines),
            out_order_id=stored.seller_order_number,
        )
        result = await self.client.alibaba_create_order(request)
        failed = {(str(f.offer_id), f.spec_id): f for f in result.failed_offer_list}
        results = []
        for line in lines:
            failure = failed.get((line.item_id, line.sku_id))
            ok = bool(result.success and result.order_id) and failure is None
            results.append(
                LineResult(
                    line_no=line.line_no,
                    ok=ok,
                    status="waitbuyerpay" if ok else None,
                    error_code=failure.error_code
                    if failure
                    else (None if ok else result.error_code),
                    error_message=failure.error_message
                    if failure
                    else (None if ok else result.error_msg),
                )
            )
        if not result.order_id or not any(r.ok for r in results):
            reason = result.error_msg or result.error_code or "rejected"
            self.orders.mark_rejected(stored.id, reason, results)
            return self._outcome(stored, "rejected", reason=reason, lines=results)
        return self._record_1688(stored, result.order_id, "waitbuyerpay", results)

    def _record_1688(
        self,
        stored: StoredOrder,
        order_id: str,
        raw_status: str | None,
        results: list[LineResult],
        *,
        reconciled: bool = False,
    ) -> SubmitOutcome:
        status = map_status("1688", raw_status).status.value
        changed = self.orders.mark_submitted(
            stored.id, order_id, order_id, status, raw_status, results
        )
        log.info("order %s: submitted as 1688 order %s", stored.seller_order_number, order_id)
        return self._outcome(
            stored,
            "submitted",
            order_no=order_id,
            lines=results,
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

    def recover_interrupted(self) -> int:
        """At start-up: a submission cut off mid-call by a crash ('submitting') becomes one
        whose answer was lost at the time of that call; the re-check schedule takes it on."""
        recovered = 0
        for stored in self.orders.orders_in_state(STATE_SUBMITTING):
            if self._locks[stored.seller_order_number].locked():
                continue  # this process is submitting it right now
            submission = self.orders.submission(stored.seller_order_number)
            since = submission.updated_at if submission else None
            if self.orders.mark_unknown(stored.id, "interrupted mid-call", since_ms=since):
                recovered += 1
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
        key = stored.seller_order_number
        if stored.platform == "taobao":
            page = await self.client.taobao_order_list(seller_order_number=key, page_size=5)
            found = [o for o in page.records if o.seller_order_number == key]
            if not found:
                return None
            order = found[0]
            return self._record_taobao(
                stored,
                order.id,
                order.order_no,
                order.sub_order_vos,
                raw_status=order.status,
                reconciled=True,
            )
        page = await self.client.alibaba_order_list(out_order_id=key, page_size=5)
        records = [o for o in page.records if o.base_info.out_order_id == key]
        if not records:
            return None
        info = records[0].base_info
        results = [
            LineResult(line_no=line.line_no, ok=True, status=info.status)
            for line in self.orders.lines(stored.id)
        ]
        return self._record_1688(stored, info.id, info.status, results, reconciled=True)

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
        )
        for index, line in enumerate(draft.lines)
    ]
    return order, lines
