"""Taobao after-sales and payment vouchers on the platform (the wire: bot/pandapon/models_refund).

Mixed into TaobaoMarketplace. A request names the line by its sub-order id (as logistics does)
or leaves it out for the whole order; photos go as base64 in the body.
"""

from __future__ import annotations

import base64
import time

from bot.domain.refund_status import RefundKind
from bot.marketplaces.after_sales import (
    Carrier,
    RefundMessage,
    RefundOptions,
    RefundReason,
    RefundState,
    RefundTerms,
    ReturnInfo,
)
from bot.pandapon import models_refund as rf
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient

_TYPES = {
    RefundKind.REFUND_ONLY: rf.REFUND_TYPE_REFUND_ONLY,
    RefundKind.RETURN_AND_REFUND: rf.REFUND_TYPE_RETURN,
}
_KINDS = {number: kind for kind, number in _TYPES.items()}
LIST_PAGE = 50


def _b64(photo: bytes) -> str:
    return base64.b64encode(photo).decode("ascii")


def _goods(terms: RefundTerms) -> int:
    return rf.GOODS_RECEIVED if terms.goods_received else rf.GOODS_NOT_RECEIVED


def state_of(detail: rf.RefundOrderAggregate, *, now_ms: int | None = None) -> RefundState:
    order, logistics = detail.refund_order, detail.logistics
    now = int(time.time() * 1000) if now_ms is None else now_ms
    seller = order.seller_refuse_reason
    if seller and order.seller_refuse_reason_describe:
        seller = f"{seller} — {order.seller_refuse_reason_describe}"
    company = logistics.logistics_company if logistics else None
    return RefundState(
        refund_id=order.refund_id,
        raw_status=order.refund_status,
        key=order.out_refund_id,
        amount_fen=order.refund_fee,
        refunded_fen=order.refunded_fee,
        kind=_KINDS.get(order.refund_type or 0),
        reason_id=None if order.reason_id is None else str(order.reason_id),
        reason_text=order.reason_desc,
        description=order.refund_desc,
        seller_reason=seller,
        deadline_ms=None if order.remaining_time is None else now + order.remaining_time,
        deadline_kind=order.timeout_type,
        return_address=logistics.receiver_address if logistics else None,
        return_company=(company.logistics_company_name or None) if company else None,
        return_tracking_no=logistics.logistics_no if logistics else None,
    )


class TaobaoAfterSales:
    client: PandaPonClient
    after_sales = True
    payment_vouchers = True

    async def refund_options(
        self,
        platform_order_id: str,
        sub_order_id: str | None,
        kind: RefundKind,
        refund_id: str | None = None,
    ) -> RefundOptions:
        render = await self.client.taobao_refund_render(
            rf.RefundRenderRequest(
                order_id=platform_order_id,
                sub_purchase_order_id=sub_order_id,
                refund_type=_TYPES[kind],
                refund_id=refund_id,
            )
        )
        return RefundOptions(
            max_fen=render.max_refund_fee,
            reasons=[RefundReason(str(r.reason_id), r.reason_text) for r in render.reasons],
            kinds=[_KINDS[t] for t in render.refund_types if t in _KINDS],
            tips=render.fee_tips,
        )

    async def submit_refund(
        self, key: str, platform_order_id: str, sub_order_id: str | None, terms: RefundTerms
    ) -> RefundState:
        answer = await self.client.taobao_refund_submit(
            rf.RefundSubmitRequest(
                out_refund_id=key,
                order_id=platform_order_id,
                sub_purchase_order_id=sub_order_id,
                refund_type=_TYPES[terms.kind],
                goods_status=_goods(terms),
                reason_id=int(terms.reason_id),
                refund_fee=terms.amount_fen,
                refund_desc=terms.description,
                image_base64_list=[_b64(photo) for photo in terms.photos],
            )
        )
        return RefundState(answer.refund_id, answer.refund_status, key=key)

    async def find_refund(self, platform_order_id: str, key: str) -> RefundState | None:
        page = await self.client.taobao_refund_list(
            tb.RefundListRequest(purchase_order_id=platform_order_id, page_size=LIST_PAGE)
        )
        found = next((r for r in page.records if r.out_refund_id == key and r.refund_id), None)
        if found is None:
            return None
        return RefundState(
            found.refund_id, found.refund_status, key=key, amount_fen=found.refund_fee
        )

    async def refund_state(self, refund_id: str) -> RefundState:
        detail = await self.client.taobao_refund_detail(refund_id)
        return state_of(detail.refund_order_aggregate)

    async def modify_refund(self, refund_id: str, terms: RefundTerms) -> RefundState:
        answer = await self.client.taobao_refund_modify(
            rf.RefundModifyRequest(
                refund_id=refund_id,
                refund_type=_TYPES[terms.kind],
                goods_status=_goods(terms),
                reason_id=int(terms.reason_id),
                refund_fee=terms.amount_fen,
                refund_desc=terms.description,
                image_base64_list=[_b64(photo) for photo in terms.photos],
            )
        )
        return RefundState(answer.refund_id, answer.refund_status)

    async def cancel_refund(self, refund_id: str) -> bool:
        return (await self.client.taobao_refund_cancel(refund_id)).cancel_success

    async def return_info(self, refund_id: str) -> ReturnInfo:
        render = await self.client.taobao_return_render(refund_id)
        who = " ".join(part for part in (render.receiver_name, render.receiver_phone) if part)
        return ReturnInfo(
            address="\n".join(part for part in (who, render.receiver_address) if part),
            note=render.return_goods_desc,
            carriers=[
                Carrier(c.logistics_company_code, c.logistics_company_name)
                for c in render.logistics_companies
                if c.logistics_company_code
            ],
        )

    async def send_return(self, refund_id: str, carrier_code: str, tracking_no: str) -> bool:
        return await self.client.taobao_return_submit(
            rf.ReturnSubmitRequest(
                refund_id=refund_id, logistics_company_code=carrier_code, logistics_no=tracking_no
            )
        )

    async def refund_messages(self, refund_id: str) -> list[RefundMessage]:
        page = await self.client.taobao_refund_messages(refund_id)
        return [
            RefundMessage(
                role=record.sender_role.lower() or "platform",
                text=record.content,
                time=record.create_time or "",
                photo_urls=record.pic_urls,
                key=record.out_message_id,
            )
            for record in page.records
        ]

    async def send_refund_message(
        self, refund_id: str, key: str, text: str, photo: bytes | None
    ) -> None:
        await self.client.taobao_refund_message(
            rf.RefundMessageRequest(
                refund_id=refund_id,
                out_message_id=key,
                content=text,
                image_base64=None if photo is None else _b64(photo),
            )
        )

    async def upload_voucher(self, platform_order_id: str, key: str, photo: bytes) -> None:
        await self.client.taobao_upload_voucher(
            rf.VoucherUploadRequest(
                order_id=platform_order_id, voucher_no=key, image_base64=_b64(photo)
            )
        )

    async def voucher_keys(self, platform_order_id: str) -> list[str]:
        detail = await self.client.taobao_order_detail(platform_order_id)
        return [v.voucher_no for v in detail.payment_vouchers if v.voucher_no]
