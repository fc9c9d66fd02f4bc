"""Payment vouchers: an order paid by bank transfer gets a photo of the transfer receipt.

The upload changes the order (it then waits for the platform's finance to check the transfer),
so it goes through bot.platform_calls under the kind `voucher`, keyed by the order and the
picture: the same photo twice is one upload; a lost answer is checked by reading the order's
vouchers, never by uploading again. The ledger is also the record the order card shows.
"""

from __future__ import annotations

import hashlib

from bot.domain.status import Action, BuyerStatus, allowed_actions
from bot.marketplaces.base import Marketplace
from bot.order_actions import OrderActions, platform_id_of
from bot.platform_calls import ActionOutcome, PlatformCalls
from storage.actions import DONE, ActionRecord
from storage.orders import StoredOrder

VOUCHER = "voucher"


def voucher_key(order: StoredOrder, photo: bytes) -> str:
    """Ours, and the platform's `voucherNo` (at most 64 characters)."""
    return f"{VOUCHER}:{order.id}:{hashlib.sha256(photo).hexdigest()[:24]}"


class PaymentVouchers:
    def __init__(
        self, markets: dict[str, Marketplace], actions: OrderActions, calls: PlatformCalls
    ) -> None:
        self.markets = markets
        self.actions = actions
        self.calls = calls
        calls.register(VOUCHER, self._uploaded)

    def accepts(self, order: StoredOrder) -> bool:
        """Waiting for a payment, on a platform that takes transfer receipts."""
        if order.state != "submitted" or not self.markets[order.platform].payment_vouchers:
            return False
        status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
        return Action.SEND_VOUCHER in allowed_actions(order.platform, status)

    async def upload(self, order: StoredOrder, photo: bytes) -> ActionOutcome:
        order_ref, market = platform_id_of(order), self.markets[order.platform]
        key = voucher_key(order, photo)

        async def call() -> dict:
            await market.upload_voucher(order_ref, key, photo)
            await self.actions.refresh(order)  # now waiting for finance
            return {}

        return await self.calls.run(
            VOUCHER,
            key,
            call,
            order_id=order.id,
            chat_id=order.chat_id,
            requester_id=order.requester_id,
            payload={"bytes": len(photo)},
        )

    def last_sent(self, order: StoredOrder) -> ActionRecord | None:
        """The voucher the platform has for the order, most recent first (the card says so)."""
        sent = [
            record
            for record in self.calls.ledger.for_order(order.id)
            if record.kind == VOUCHER and record.state == DONE
        ]
        return sent[-1] if sent else None

    async def _uploaded(self, record: ActionRecord) -> tuple[bool, dict | None]:
        order = self.actions.orders.get(record.order_id) if record.order_id else None
        if order is None:
            return False, None
        keys = await self.markets[order.platform].voucher_keys(platform_id_of(order))
        if record.idempotency_key not in keys:
            return False, None
        await self.actions.refresh(order)
        return True, {}
