"""OrderService: idempotent submission and reconciliation, between handlers and platform.

Submission rule (DESIGN §2.3): the order is written to SQLite before the platform call, under its
idempotency key (`sellerOrderNumber`, or `outOrderId` on 1688), and ends as exactly one of
submitted, rejected or unknown. Unknown is reconciled by listing on the key, never by a blind
second create.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, Field

from bot.domain.draft import Draft
from bot.domain.receiver import Receiver, to_1688_wire, to_taobao_wire
from bot.domain.status import map_status
from bot.order_lines import cargo_lines, match_line, taobao_lines
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import OutcomeUnknown, PandaPonError, PlatformError, PlatformUnavailable
from storage.order_records import (
    STATE_PENDING_APPROVAL,
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


class SubmitOutcome(BaseModel):
    kind: Literal["submitted", "rejected", "unknown", "not_created"]
    order_id: int
    seller_order_number: str
    platform_order_no: str | None = None
    reason: str | None = None
    reconciled: bool = False
    lines: list[LineResult] = Field(default_factory=list)

    @property
    def failed_lines(self) -> list[LineResult]:
        return [line for line in self.lines if not line.ok]


class OrderService:
    def __init__(self, client: PandaPonClient, orders: OrderRepository) -> None:
        self.client = client
        self.orders = orders
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
                return await self._reconcile(stored)
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
            return await self._reconcile(stored)
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
        self.orders.mark_submitted(stored.id, order_id, order_no or order_id, status, raw, results)
        log.info("order %s: submitted as %s", stored.seller_order_number, order_no)
        return self._outcome(
            stored, "submitted", order_no=order_no or order_id, lines=results, reconciled=reconciled
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
        self.orders.mark_submitted(stored.id, order_id, order_id, status, raw_status, results)
        log.info("order %s: submitted as 1688 order %s", stored.seller_order_number, order_id)
        return self._outcome(
            stored, "submitted", order_no=order_id, lines=results, reconciled=reconciled
        )

    # --- reconciliation ------------------------------------------------------------------

    async def reconcile(self, order_id: int) -> SubmitOutcome:
        stored = self.orders.get(order_id)
        if stored is None:
            raise KeyError(order_id)
        async with self._locks[stored.seller_order_number]:
            return await self._reconcile(stored)

    async def reconcile_pending(self) -> list[tuple[StoredOrder, SubmitOutcome]]:
        """Settle every submission left unknown (or cut off mid-call by a crash)."""
        settled = []
        for state in ("unknown", "submitting"):
            for stored in self.orders.orders_in_state(state):
                outcome = await self.reconcile(stored.id)
                if outcome.kind != "unknown":
                    settled.append((stored, outcome))
        return settled

    async def _reconcile(self, stored: StoredOrder) -> SubmitOutcome:
        key = stored.seller_order_number
        try:
            if stored.platform == "taobao":
                page = await self.client.taobao_order_list(seller_order_number=key, page_size=5)
                found = [o for o in page.records if o.seller_order_number == key]
                if found:
                    order = found[0]
                    return self._record_taobao(
                        stored,
                        order.id,
                        order.order_no,
                        order.sub_order_vos,
                        raw_status=order.status,
                        reconciled=True,
                    )
            else:
                page = await self.client.alibaba_order_list(out_order_id=key, page_size=5)
                found = [o for o in page.records if o.base_info.out_order_id == key]
                if found:
                    info = found[0].base_info
                    results = [
                        LineResult(line_no=line.line_no, ok=True, status=info.status)
                        for line in self.orders.lines(stored.id)
                    ]
                    return self._record_1688(stored, info.id, info.status, results, reconciled=True)
        except PandaPonError as exc:
            log.warning("order %s: reconciliation failed, still unknown: %s", key, exc)
            self.orders.mark_unknown(stored.id, str(exc))
            return self._outcome(stored, "unknown", reason=str(exc))
        log.info("order %s: not on the platform after a lost answer; nothing was created", key)
        self.orders.mark_rejected(stored.id, "not created (answer lost, checked)", [])
        return self._outcome(stored, "not_created", reason="lost", reconciled=True)

    # --- helpers -------------------------------------------------------------------------

    def _outcome_from_stored(self, stored: StoredOrder, kind: str) -> SubmitOutcome:
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
        return self._outcome(stored, kind, order_no=stored.platform_order_no, lines=results)

    @staticmethod
    def _outcome(
        stored: StoredOrder,
        kind: str,
        *,
        order_no: str | None = None,
        reason: str | None = None,
        lines: list[LineResult] | None = None,
        reconciled: bool = False,
    ) -> SubmitOutcome:
        return SubmitOutcome(
            kind=kind,
            order_id=stored.id,
            seller_order_number=stored.seller_order_number,
            platform_order_no=order_no,
            reason=reason,
            reconciled=reconciled,
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
