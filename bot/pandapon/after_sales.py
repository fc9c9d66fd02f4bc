"""The platform client's after-sales and payment-voucher calls (a part of PandaPonClient).

Calls that change a request (submit, modify, cancel, return, message) and the voucher upload
are `mutating` in the endpoint table: never retried here, a lost answer is OutcomeUnknown and
the caller checks with a read (detail, list, message list, order detail).
"""

from __future__ import annotations

from bot.pandapon import models_refund as rf
from bot.pandapon.errors import PlatformProtocolError


class AfterSalesCalls:
    """Mixed into PandaPonClient, whose `call` and `_typed` these use. The list of reverse
    orders is the client's `taobao_refund_list` (documented before after-sales was built)."""

    async def taobao_refund_render(self, request: rf.RefundRenderRequest) -> rf.RefundRender:
        return await self._typed(rf.RefundRender, "taobao.refund.render", body=request)

    async def taobao_refund_submit(self, request: rf.RefundSubmitRequest) -> rf.RefundSubmitted:
        return await self._typed(rf.RefundSubmitted, "taobao.refund.submit", body=request)

    async def taobao_refund_modify(self, request: rf.RefundModifyRequest) -> rf.RefundSubmitted:
        return await self._typed(rf.RefundSubmitted, "taobao.refund.modify", body=request)

    async def taobao_refund_detail(self, refund_id: str) -> rf.RefundDetail:
        params = {"refundId": refund_id}
        return await self._typed(rf.RefundDetail, "taobao.refund.detail", params=params)

    async def taobao_refund_cancel(self, refund_id: str) -> rf.RefundCancelResult:
        path = {"refundId": refund_id}
        return await self._typed(rf.RefundCancelResult, "taobao.refund.cancel", path_params=path)

    async def taobao_return_render(self, refund_id: str) -> rf.ReturnRender:
        params = {"refundId": refund_id}
        return await self._typed(rf.ReturnRender, "taobao.refund.return_render", params=params)

    async def taobao_return_submit(self, request: rf.ReturnSubmitRequest) -> bool:
        data = await self.call("taobao.refund.return_submit", body=request)
        if not isinstance(data, bool):
            raise PlatformProtocolError(f"taobao.refund.return_submit: not a boolean: {data!r}")
        return data

    async def taobao_refund_message(self, request: rf.RefundMessageRequest) -> rf.RefundMessageSent:
        return await self._typed(rf.RefundMessageSent, "taobao.refund.message_submit", body=request)

    async def taobao_refund_messages(self, refund_id: str) -> rf.RefundMessagePage:
        body = rf.RefundMessageQuery(refund_id=refund_id)
        return await self._typed(rf.RefundMessagePage, "taobao.refund.message_list", body=body)

    async def taobao_upload_voucher(self, request: rf.VoucherUploadRequest) -> rf.VoucherUploaded:
        return await self._typed(rf.VoucherUploaded, "taobao.order.upload_voucher", body=request)
