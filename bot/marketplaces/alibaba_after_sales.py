"""1688 after-sales: no endpoint is documented on PandaPon (docs/platform-wire.md).

Every call answers Unsupported; the bot shows no refund or voucher buttons for 1688 orders, and
1688 refund callbacks still reach the order card as the amount refunded. When the platform
documents 1688 reverse orders, they plug in here (bot/marketplaces/after_sales.py).
"""

from __future__ import annotations

from bot.domain.refund_status import RefundKind
from bot.marketplaces.after_sales import (
    RefundMessage,
    RefundOptions,
    RefundState,
    RefundTerms,
    ReturnInfo,
)
from bot.marketplaces.base import Unsupported

_NO_AFTER_SALES = "1688 after-sales is not offered by the platform's API"
_NO_VOUCHERS = "1688 orders are paid on the 1688 cashier page, not by voucher"


class AlibabaAfterSales:
    after_sales = False
    payment_vouchers = False

    async def refund_options(
        self,
        platform_order_id: str,
        sub_order_id: str | None,
        kind: RefundKind,
        refund_id: str | None = None,
    ) -> RefundOptions:
        raise Unsupported(_NO_AFTER_SALES)

    async def submit_refund(
        self, key: str, platform_order_id: str, sub_order_id: str | None, terms: RefundTerms
    ) -> RefundState:
        raise Unsupported(_NO_AFTER_SALES)

    async def find_refund(self, platform_order_id: str, key: str) -> RefundState | None:
        raise Unsupported(_NO_AFTER_SALES)

    async def refund_state(self, refund_id: str) -> RefundState:
        raise Unsupported(_NO_AFTER_SALES)

    async def modify_refund(self, refund_id: str, terms: RefundTerms) -> RefundState:
        raise Unsupported(_NO_AFTER_SALES)

    async def cancel_refund(self, refund_id: str) -> bool:
        raise Unsupported(_NO_AFTER_SALES)

    async def return_info(self, refund_id: str) -> ReturnInfo:
        raise Unsupported(_NO_AFTER_SALES)

    async def send_return(self, refund_id: str, carrier_code: str, tracking_no: str) -> bool:
        raise Unsupported(_NO_AFTER_SALES)

    async def refund_messages(self, refund_id: str) -> list[RefundMessage]:
        raise Unsupported(_NO_AFTER_SALES)

    async def send_refund_message(
        self, refund_id: str, key: str, text: str, photo: bytes | None
    ) -> None:
        raise Unsupported(_NO_AFTER_SALES)

    async def upload_voucher(self, platform_order_id: str, key: str, photo: bytes) -> None:
        raise Unsupported(_NO_VOUCHERS)

    async def voucher_keys(self, platform_order_id: str) -> list[str]:
        raise Unsupported(_NO_VOUCHERS)
