"""What can be done with a submitted order: refresh, track, cancel, pay, confirm receipt, contact.

Status changes from any source (callbacks, polling, our own actions) go through `apply_status`,
which never moves an order backwards (bot.domain.status.should_apply). Cancel, pay and confirm
receipt go through bot.platform_calls: recorded before they are made, made once, and a lost
answer checked against the order's status, never by calling again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.domain.status import BuyerStatus, map_status, rank, should_apply
from bot.pandapon.client import PandaPonClient
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


@dataclass
class TrackingEvent:
    time: str
    text: str


@dataclass
class Package:
    company: str
    tracking_no: str
    events: list[TrackingEvent] = field(default_factory=list)  # latest first


class NotSubmitted(Exception):
    """The order has no platform order yet (refused, unknown or awaiting approval)."""


# What each action leaves the order at, once it happened (how a lost answer is checked).
_PAID = frozenset(
    {
        BuyerStatus.PAYMENT_REVIEW,
        BuyerStatus.AWAITING_SHIPMENT,
        BuyerStatus.SHIPPED,
        BuyerStatus.RECEIVED,
        BuyerStatus.COMPLETED,
    }
)
_DONE_WHEN = {
    "pay": _PAID,
    "cancel": frozenset({BuyerStatus.CANCELLED}),
    "receipt": frozenset({BuyerStatus.RECEIVED, BuyerStatus.COMPLETED}),
}


class OrderActions:
    def __init__(
        self,
        client: PandaPonClient,
        orders: OrderRepository,
        events: EventRepository,
        calls: PlatformCalls,
    ) -> None:
        self.client = client
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
        platform_id = _platform_id(order)
        if order.platform == "taobao":
            detail = await self.client.taobao_order_detail(platform_id)
            if detail.total_amount is not None and detail.total_amount != order.total_fen:
                self.events.apply_price(order.id, detail.total_amount, now_ms())
            raw = detail.status or next(
                (s.status for s in detail.sub_order_vos if s.status and not s.failed), None
            )
        else:
            detail = await self.client.alibaba_order_detail(platform_id)
            total = detail.base_info.total_amount
            if total is not None and total != order.total_fen:
                self.events.apply_price(order.id, total, now_ms())
            raw = detail.base_info.status
        return self.apply_status(self.orders.get(order.id) or order, raw)

    # --- tracking ------------------------------------------------------------------------

    async def track(self, order: StoredOrder) -> list[Package]:
        platform_id = _platform_id(order)
        if order.platform == "1688":
            logistics = await self.client.alibaba_logistics(platform_id)
            return [
                Package(
                    company=trace.company_name or "—",
                    tracking_no=trace.logistics_bill_no or "—",
                    events=[  # latest first, whatever order the platform lists them in
                        TrackingEvent(step.accept_time or "", step.remark or "")
                        for step in reversed(
                            sorted(trace.logistics_steps, key=lambda s: s.accept_time or "")
                        )
                    ],
                )
                for trace in logistics.logistics_trace
            ]
        packages: dict[str, Package] = {}
        for sub_order_id in {line.sub_order_id for line in self.orders.lines(order.id)} - {None}:
            detail = await self.client.taobao_logistics(sub_order_id)
            for package in detail.pnm_logistics_details:
                number = package.mail_no or "—"
                if number in packages:
                    continue
                company = next((p.company for p in package.logistics_partner if p.company), "—")
                events = [
                    TrackingEvent(
                        trace.time or "",
                        trace.standerd_desc or trace.status_desc or trace.action or "",
                    )
                    for trace in sorted(package.logistics_traces, key=lambda t: t.time or "")
                ]
                packages[number] = Package(company, number, list(reversed(events)))
        return list(packages.values())

    # --- actions -------------------------------------------------------------------------

    async def cancel(self, order: StoredOrder, reason: str) -> ActionOutcome:
        platform_id = _platform_id(order)

        async def call() -> dict:
            if order.platform == "taobao":
                cancelled = await self.client.taobao_cancel(platform_id, reason)
                raw = "TRADE_CLOSED"
            else:
                cancelled = await self.client.alibaba_cancel(platform_id, reason)
                raw = "cancel"
            if not cancelled:
                raise ActionRefused("the platform did not cancel it")
            self.apply_status(self.orders.get(order.id) or order, raw)
            log.info("order %s: cancelled (%s)", order.seller_order_number, reason)
            return {"reason": reason}

        return await self._run("cancel", order, call, reason=reason)

    async def pay(self, order: StoredOrder) -> ActionOutcome:
        """Taobao: pay now (1688 pays at the cashier: `pay_url`)."""
        platform_id = _platform_id(order)

        async def call() -> dict:
            result = await self.client.taobao_pay([platform_id])
            if platform_id not in result.paid_order_ids:
                failure = next(iter(result.failed_orders), None)
                reason = (failure.error_message or failure.error_code) if failure else None
                raise ActionRefused(reason or "refused")
            await self.refresh(order)
            return {"paid": True}

        return await self._run("pay", order, call)

    async def pay_url(self, order: StoredOrder) -> str | None:
        """1688: the cashier page the buyer opens to pay (a read: nothing is paid by it)."""
        pay = await self.client.alibaba_pay_url(_platform_id(order))
        return pay.pay_url or None

    async def confirm_receipt(self, order: StoredOrder) -> ActionOutcome:
        platform_id = _platform_id(order)

        async def call() -> dict:
            result = await self.client.alibaba_receive_goods(platform_id)
            if not result.success:
                raise ActionRefused(result.error_info or result.error_code or "refused")
            await self.refresh(order)
            return {}

        return await self._run("receipt", order, call)

    async def seller_link(self, order: StoredOrder) -> str | None:
        """A chat link to the seller (Taobao); 1688 has no such endpoint."""
        if order.platform != "taobao":
            return None
        return await self.client.taobao_im_link(_platform_id(order))


def _platform_id(order: StoredOrder) -> str:
    platform_id = order.platform_order_id or order.platform_order_no
    if order.state != "submitted" or not platform_id:
        raise NotSubmitted(order.ref)
    return platform_id
