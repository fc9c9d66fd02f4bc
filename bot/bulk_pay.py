"""Pay several orders in one call: 1688's bulk submit-to-pay (`/alibaba/order/batch/submit/to/
pay`) and Taobao's pay, which takes a list too. One call per platform in the selection.

Each call goes through bot.platform_calls as kind `bulk_pay`: recorded before it is made under a
key derived from the selection, made at most once, and a lost answer settled by re-reading the
orders' statuses (never by paying again). The answer is kept per order: paid, could not be paid
and why, or only the platform's cashier page can take it (the member gets its pay-URL button).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass

from bot.domain.status import PAID, Action, BuyerStatus, allowed_actions
from bot.marketplaces.base import Marketplace, PayResult, Unsupported
from bot.order_actions import OrderActions
from bot.pandapon.errors import PandaPonError
from bot.platform_calls import ActionOutcome, PlatformCalls
from storage.actions import ActionRecord
from storage.orders import OrderRepository, StoredOrder

log = logging.getLogger(__name__)

KIND = "bulk_pay"
MAX_SELECTION = 50  # one submit-to-pay call (the sandbox's limit, assumed for the platform)


@dataclass(frozen=True)
class OrderPayment:
    order: StoredOrder
    paid: bool
    reason: str | None = None
    needs_cashier: bool = False
    pay_url: str | None = None


@dataclass(frozen=True)
class BulkPayment:
    """What one bulk payment did, order by order; `checking`: an answer was lost and is being
    re-checked (the orders' statuses will tell)."""

    payments: list[OrderPayment]
    checking: list[StoredOrder]
    failed_reason: str | None = None  # the whole call was refused

    @property
    def paid(self) -> list[OrderPayment]:
        return [p for p in self.payments if p.paid]


def payable(order: StoredOrder) -> bool:
    status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
    return order.state == "submitted" and Action.PAY in allowed_actions(order.platform, status)


def selection_key(platform: str, order_ids: list[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, sorted(order_ids))).encode()).hexdigest()[:20]
    return f"{KIND}:{platform}:{digest}"


class BulkPay:
    def __init__(
        self,
        markets: dict[str, Marketplace],
        orders: OrderRepository,
        actions: OrderActions,
        calls: PlatformCalls,
    ) -> None:
        self.markets = markets
        self.orders = orders
        self.actions = actions
        self.calls = calls
        calls.register(KIND, self._happened)

    def unpaid_in_chat(self, chat_id: int, limit: int = 40) -> list[StoredOrder]:
        """The chat's orders that can be paid now, newest first."""
        found, offset = [], 0
        while len(found) < limit:
            page = self.orders.list_for_chat(chat_id, limit=200, offset=offset)
            found += [order for order in page if payable(order)]
            if len(page) < 200:
                break
            offset += 200
        return found[:limit]

    async def pay(
        self, orders: list[StoredOrder], *, chat_id: int, requester_id: int
    ) -> BulkPayment:
        """Pay the selection: one call per platform, each at most once."""
        payments: list[OrderPayment] = []
        checking: list[StoredOrder] = []
        failed: str | None = None
        by_platform: dict[str, list[StoredOrder]] = {}
        for order in orders[:MAX_SELECTION]:
            by_platform.setdefault(order.platform, []).append(order)
        for platform, group in by_platform.items():
            outcome = await self._pay_platform(platform, group, chat_id, requester_id)
            if outcome.state == "done":
                payments += await self._payments(group, outcome.result or {})
            elif outcome.state == "checking":
                checking += group
            else:
                failed = outcome.reason or "refused"
                payments += [OrderPayment(order, False, failed) for order in group]
        return BulkPayment(payments, checking, failed)

    async def _pay_platform(
        self, platform: str, group: list[StoredOrder], chat_id: int, requester_id: int
    ) -> ActionOutcome:
        market = self.markets[platform]
        ids = {order.platform_order_id or order.platform_order_no or "": order for order in group}

        async def call() -> dict:
            answers = await market.pay_many(list(ids))
            await self._refresh([ids[a.platform_id] for a in answers if a.paid])
            return {"answers": [_answer_json(ids[a.platform_id], a) for a in answers]}

        return await self.calls.run(
            KIND,
            selection_key(platform, [order.id for order in group]),
            call,
            chat_id=chat_id,
            requester_id=requester_id,
            payload={"platform": platform, "order_ids": [order.id for order in group]},
        )

    async def _payments(self, group: list[StoredOrder], result: dict) -> list[OrderPayment]:
        answers = {a["order_id"]: a for a in result.get("answers", [])}
        payments = []
        for order in group:
            answer = answers.get(order.id, {})
            needs_cashier = bool(answer.get("needs_cashier"))
            url = await self._pay_url(order) if needs_cashier else None
            payments.append(
                OrderPayment(
                    self.orders.get(order.id) or order,
                    bool(answer.get("paid")),
                    answer.get("reason"),
                    needs_cashier,
                    url,
                )
            )
        return payments

    async def _pay_url(self, order: StoredOrder) -> str | None:
        try:
            return await self.actions.pay_url(order)
        except (PandaPonError, Unsupported) as exc:  # a missing button, not a failed payment
            log.warning("order %s: no pay URL: %s", order.seller_order_number, exc)
            return None

    async def _refresh(self, orders: list[StoredOrder]) -> None:
        """Read each order's status after the call (reads only; failures are logged)."""

        async def one(order: StoredOrder) -> None:
            try:
                await self.actions.refresh(order)
            except PandaPonError as exc:
                log.warning("order %s: refresh after payment failed: %s", order.ref, exc)

        await asyncio.gather(*(one(order) for order in orders))

    async def _happened(self, record: ActionRecord) -> tuple[bool, dict | None]:
        """Did a bulk payment whose answer was lost pay anything? The orders' statuses say:
        each is read again; the call happened if any of them is paid now."""
        orders = [self.orders.get(i) for i in record.payload.get("order_ids", [])]
        orders = [order for order in orders if order is not None]
        for order in orders:
            await self.actions.refresh(order)  # a PandaPonError: cannot tell yet
        answers = []
        for order in orders:
            fresh = self.orders.get(order.id) or order
            paid = BuyerStatus(fresh.status or BuyerStatus.UNKNOWN) in PAID
            answers.append({"order_id": order.id, "paid": paid, "reason": None if paid else "?"})
        return any(a["paid"] for a in answers), {"answers": answers}

    def settled_orders(self, record: ActionRecord) -> list[StoredOrder]:
        """The orders of a settled bulk payment, as stored now (for the member's message)."""
        orders = [self.orders.get(i) for i in record.payload.get("order_ids", [])]
        return [order for order in orders if order is not None]


def _answer_json(order: StoredOrder, answer: PayResult) -> dict:
    return {
        "order_id": order.id,
        "paid": answer.paid,
        "code": answer.code,
        "reason": answer.reason,
        "needs_cashier": answer.needs_cashier,
    }
