"""After-sales: refund and return requests on submitted orders, between handlers and platform.

`RefundService` answers what the chat shows (which orders and lines may ask for a refund, the
platform's reasons and maximum, the messages, the return address) and holds the two halves that
change things: `actions` (bot/refund_actions.py: submit, modify, cancel, return, message through
the ledger) and `tracker` (bot/refund_tracking.py: statuses from callbacks, polling and
refreshes, never backwards). Platform differences stay behind the marketplace protocol
(bot/marketplaces/after_sales.py): a platform without after-sales simply offers none.
"""

from __future__ import annotations

from bot.config import Settings
from bot.domain.refund_status import FINAL, RefundKind
from bot.domain.status import Action, BuyerStatus, allowed_actions
from bot.marketplaces.after_sales import RefundMessage, RefundOptions, ReturnInfo
from bot.marketplaces.base import Marketplace
from bot.order_actions import platform_id_of
from bot.platform_calls import PlatformCalls
from bot.refund_actions import RefundActions
from bot.refund_tracking import RefundTracker
from storage.events import EventRepository
from storage.orders import OrderRepository, StoredOrder, StoredOrderLine
from storage.refunds import NOT_SENT, RefundRepository, StoredRefund

GROUP_CHATS = ("group", "supergroup")


class RefundService:
    def __init__(
        self,
        settings: Settings,
        repo: RefundRepository,
        orders: OrderRepository,
        markets: dict[str, Marketplace],
        calls: PlatformCalls,
        events: EventRepository,
    ) -> None:
        self.settings = settings
        self.repo = repo
        self.orders = orders
        self.markets = markets
        self.tracker = RefundTracker(repo, markets, orders, events)
        self.actions = RefundActions(repo, orders, markets, calls, self.tracker)

    # --- what may be asked --------------------------------------------------------------------

    def offers_refunds(self, order: StoredOrder) -> bool:
        """Paid or later, on a platform that takes after-sales requests."""
        if order.state != "submitted" or not self.markets[order.platform].after_sales:
            return False
        status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
        return Action.REQUEST_REFUND in allowed_actions(order.platform, status)

    def lines(self, order: StoredOrder) -> list[StoredOrderLine]:
        """The lines that were bought (a line the platform refused has nothing to refund)."""
        return [line for line in self.orders.lines(order.id) if not line.error_code]

    def line(self, order: StoredOrder, line_no: int | None) -> StoredOrderLine | None:
        if line_no is None:
            return None
        found = next((x for x in self.lines(order) if x.line_no == line_no), None)
        if found is None:
            raise LookupError(f"order {order.ref} has no line {line_no}")
        return found

    def open_requests(self, order: StoredOrder) -> list[StoredRefund]:
        """Requests of the order that are still going (sent or waiting for an approver)."""
        final = {status.value for status in FINAL}
        return [
            refund
            for refund in self.repo.for_order(order.id)
            if refund.state not in NOT_SENT and refund.status not in final
        ]

    def blocking(self, order: StoredOrder, line_no: int | None) -> StoredRefund | None:
        """An open request that covers the same goods (one at a time: the platform's rule)."""
        for refund in self.open_requests(order):
            if line_no is None or refund.line_no is None or refund.line_no == line_no:
                return refund
        return None

    async def options(
        self,
        order: StoredOrder,
        line_no: int | None,
        kind: RefundKind,
        modifying: StoredRefund | None = None,
    ) -> RefundOptions:
        line = self.line(order, line_no)
        return await self.markets[order.platform].refund_options(
            platform_id_of(order),
            line.sub_order_id if line else None,
            kind,
            modifying.platform_refund_id if modifying else None,
        )

    def approval_chat(self, order: StoredOrder, chat_id: int, chat_type: str) -> int | None:
        """Where a request must wait for an approver (ORDERBOT_REFUNDS_NEED_APPROVAL): the
        team group it is asked in, or the group that owns the order when it is asked privately
        (a member cannot step round the group's rule); None: no approval needed."""
        if not self.settings.refunds_need_approval:
            return None
        if chat_type in GROUP_CHATS:
            return chat_id
        return order.chat_id if order.chat_id < 0 else None

    # --- reading a request --------------------------------------------------------------------

    def goods(self, refund: StoredRefund) -> tuple[StoredOrder, StoredOrderLine | None]:
        """The request's order, and its line (None: the whole order)."""
        order = self.orders.get(refund.order_id)
        assert order is not None  # requests reference their order
        return order, self.line(order, refund.line_no)

    def page(self, chat_id: int, page: int, size: int) -> tuple[int, int, list[StoredRefund]]:
        """(total, the page actually shown, its requests) newest first."""
        total = self.repo.count_for_chat(chat_id)
        page = max(0, min(page, max(total - 1, 0) // size))
        return total, page, self.repo.list_for_chat(chat_id, limit=size, offset=page * size)

    async def messages(self, refund: StoredRefund) -> list[RefundMessage]:
        if not refund.submitted:
            return []
        return await self.markets[refund.platform].refund_messages(refund.platform_refund_id)

    async def return_info(self, refund: StoredRefund) -> ReturnInfo:
        return await self.markets[refund.platform].return_info(refund.platform_refund_id or "")
