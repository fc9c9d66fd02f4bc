"""The platform's goods and prices: product lookups and binding quotes of a draft."""

from __future__ import annotations

from bot.domain.draft import Draft
from bot.domain.receiver import to_1688_wire, to_taobao_wire
from bot.order_lines import cargo_lines, match_line, taobao_lines
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformError
from bot.products import Platform, ProductView, from_alibaba, from_taobao
from bot.session import Quote, QuoteLine


class ProductNotFound(Exception):
    def __init__(self, platform: str, item_id: str) -> None:
        super().__init__(f"{platform} item {item_id} not found")
        self.platform = platform
        self.item_id = item_id


class Catalog:
    def __init__(self, client: PandaPonClient) -> None:
        self.client = client

    async def product(self, platform: Platform, item_id: str) -> ProductView:
        try:
            if platform == "taobao":
                return from_taobao(await self.client.taobao_product(item_id))
            if not item_id.isdigit():
                raise ProductNotFound(platform, item_id)
            return from_alibaba(await self.client.alibaba_product(int(item_id)))
        except PlatformError as exc:
            if exc.not_found:
                raise ProductNotFound(platform, item_id) from exc
            raise

    async def quote(self, draft: Draft) -> Quote:
        """Ask the platform for current prices and postage of the whole draft."""
        if draft.receiver is None:
            raise ValueError("a quote needs the receiver")
        if draft.platform == "taobao":
            return await self._quote_taobao(draft)
        return await self._quote_1688(draft)

    async def _quote_taobao(self, draft: Draft) -> Quote:
        request = tb.RenderRequest(
            order_line_list=taobao_lines(draft.lines),
            receiver=tb.TaobaoReceiver.model_validate(to_taobao_wire(draft.receiver)),
        )
        result = await self.client.taobao_render(request)
        lines = []
        for index, line in enumerate(draft.lines):
            rendered = match_line(result.order_lines, index, line.item_id, line.sku_id)
            price = rendered.price if rendered and rendered.price else line.unit_price_fen
            lines.append(
                QuoteLine(
                    index=index,
                    unit_price_fen=price,
                    quantity=line.quantity,
                    line_total_fen=price * line.quantity,
                    available=rendered.available if rendered else False,
                    error_code=rendered.error_code if rendered else "NOT_QUOTED",
                    error_message=rendered.error_message if rendered else None,
                )
            )
        subtotal = sum(q.line_total_fen for q in lines)
        return Quote(
            lines=lines,
            subtotal_fen=subtotal,
            postage_fen=result.domestic_post_fee,
            total_fen=subtotal + result.domestic_post_fee,
        )

    async def _quote_1688(self, draft: Draft) -> Quote:
        request = ali.PreviewRequest(
            address_param=ali.AlibabaAddress.model_validate(to_1688_wire(draft.receiver)),
            cargo_param_list=cargo_lines(draft.lines),
        )
        result = await self.client.alibaba_preview(request)
        cargo = [c for entry in result.order_preview_results for c in entry.cargo_list]
        problems = [
            entry.error_msg or entry.error_code or "preview failed"
            for entry in result.order_preview_results
            if not entry.success
        ]
        lines = []
        for index, line in enumerate(draft.lines):
            quoted = next(
                (c for c in cargo if str(c.offer_id) == line.item_id and c.spec_id == line.sku_id),
                None,
            )
            price = quoted.unit_price if quoted and quoted.unit_price else line.unit_price_fen
            lines.append(
                QuoteLine(
                    index=index,
                    unit_price_fen=price,
                    quantity=line.quantity,
                    line_total_fen=price * line.quantity,
                    available=quoted is not None,
                    error_code=None if quoted else "NOT_QUOTED",
                )
            )
        subtotal = sum(q.line_total_fen for q in lines)
        postage = sum(e.sum_carriage for e in result.order_preview_results)
        return Quote(
            lines=lines,
            subtotal_fen=subtotal,
            postage_fen=postage,
            total_fen=subtotal + postage,
            problems=problems,
        )
