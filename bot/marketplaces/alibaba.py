"""1688 on the platform: offers, preview, create, the order's life — 1688's wire shapes.

Goods prices are yuan strings on this side of the API (read into fen by the wire models); an
order is one seller's goods and is all-or-nothing; the buyer pays on the 1688 cashier page and
confirms receipt.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draft import Draft, DraftLine
from bot.domain.receiver import Receiver, to_1688_wire
from bot.marketplaces import alibaba_goods as goods
from bot.marketplaces.alibaba_after_sales import AlibabaAfterSales
from bot.marketplaces.base import (
    AbroadState,
    Created,
    LineCheck,
    Package,
    PlatformStatus,
    ProductNotFound,
    SearchFilters,
    SearchPage,
    TrackingEvent,
    Unsupported,
)
from bot.pandapon import models_alibaba as ali
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformError
from bot.products import ProductView, from_alibaba
from bot.session import Quote, QuoteLine
from storage.orders import LineResult, StoredOrder, StoredOrderLine

AnyLine = DraftLine | StoredOrderLine
CREATED_STATUS = "waitbuyerpay"


def cargo_lines(lines: Sequence[AnyLine]) -> list[ali.Cargo]:
    return [
        ali.Cargo(offer_id=int(line.item_id), spec_id=line.sku_id, quantity=line.quantity)
        for line in lines
    ]


def _address(receiver: Receiver) -> ali.AlibabaAddress:
    return ali.AlibabaAddress.model_validate(to_1688_wire(receiver))


class AlibabaMarketplace(AlibabaAfterSales):
    platform = "1688"
    closed_status = "cancel"

    def __init__(self, client: PandaPonClient, country: str = "en") -> None:
        self.client = client
        self.country = country  # the `country` field: the language titles are translated to

    async def product(self, item_id: str) -> ProductView:
        if not item_id.isdigit():  # offer ids are numbers: anything else cannot exist
            raise ProductNotFound(self.platform, item_id)
        try:
            return from_alibaba(await self.client.alibaba_product(int(item_id), self.country))
        except PlatformError as exc:
            if exc.not_found:
                raise ProductNotFound(self.platform, item_id) from exc
            raise

    async def quote(self, draft: Draft) -> Quote:
        request = ali.PreviewRequest(
            address_param=_address(draft.receiver),
            cargo_param_list=cargo_lines(draft.lines),
            shop_promotion_id=draft.shop_promotion_id,
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
        discount, promotions = goods.promotions_of(result)
        return Quote(
            lines=lines,
            subtotal_fen=subtotal,
            postage_fen=postage,
            total_fen=subtotal + postage - discount,
            problems=problems,
            discount_fen=discount,
            promotions=promotions,
        )

    async def create(
        self, order: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> Created:
        request = ali.CreateOrderRequest(
            message=f"orderbot {order.seller_order_number}",
            address_param=_address(receiver),
            cargo_param_list=cargo_lines(lines),
            out_order_id=order.seller_order_number,
            shop_promotion_id=order.shop_promotion_id,
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
                    status=CREATED_STATUS if ok else None,
                    error_code=failure.error_code
                    if failure
                    else (None if ok else result.error_code),
                    error_message=failure.error_message
                    if failure
                    else (None if ok else result.error_msg),
                )
            )
        created = Created(result.order_id, result.order_id, CREATED_STATUS, results)
        if not created.created:
            reason = result.error_msg or result.error_code or "rejected"
            return Created(None, None, None, results, reason)
        return created

    async def find(self, order: StoredOrder, lines: list[StoredOrderLine]) -> Created | None:
        key = order.seller_order_number
        page = await self.client.alibaba_order_list(out_order_id=key, page_size=5)
        found = next((o for o in page.records if o.base_info.out_order_id == key), None)
        if found is None:
            return None
        info = found.base_info
        results = [LineResult(line_no=line.line_no, ok=True, status=info.status) for line in lines]
        return Created(info.id, info.id, info.status, results)

    async def status(self, platform_id: str) -> PlatformStatus:
        detail = await self.client.alibaba_order_detail(platform_id)
        return PlatformStatus(detail.base_info.status, detail.base_info.total_amount)

    async def track(self, platform_id: str, lines: list[StoredOrderLine]) -> list[Package]:
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

    async def cancel(self, platform_id: str, reason: str) -> bool:
        return await self.client.alibaba_cancel(platform_id, reason)

    async def pay(self, platform_id: str) -> str | None:
        raise Unsupported("1688 orders are paid on the 1688 cashier page (pay_url)")

    async def pay_url(self, platform_id: str) -> str | None:
        pay = await self.client.alibaba_pay_url(platform_id)
        return pay.pay_url or None

    async def confirm_receipt(self, platform_id: str) -> str | None:
        result = await self.client.alibaba_receive_goods(platform_id)
        if result.success:
            return None
        return result.error_info or result.error_code or "refused"

    async def seller_link(self, platform_id: str) -> str | None:
        return None  # 1688 has no documented seller-chat call (see docs/platform-wire.md)

    # --- finding goods (bot/marketplaces/alibaba_goods.py) -----------------------------------

    async def search(
        self, keyword: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        request = goods.keyword_request(keyword, filters, page, page_size, self.country)
        return goods.page_of(await self.client.alibaba_keyword_search(request), page, page_size)

    async def search_by_image(self, image_base64: str, page: int, page_size: int) -> SearchPage:
        request = goods.image_request(image_base64, page, page_size, self.country)
        return goods.page_of(await self.client.alibaba_image_search(request), page, page_size)

    async def seller_goods(
        self, seller_id: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        request = goods.seller_request(seller_id, filters, page, page_size, self.country)
        return goods.page_of(await self.client.alibaba_seller_offers(request), page, page_size)

    async def seller_chat_link(self, product: ProductView) -> str | None:
        if not product.seller_id or not product.item_id.isdigit():
            return None
        nick = await self.client.alibaba_seller_nick(int(product.item_id), product.seller_id)
        return goods.wangwang_link(nick)

    async def recheck(self, draft: Draft) -> list[LineCheck]:
        request = ali.PreviewRequest(
            address_param=_address(draft.receiver), cargo_param_list=cargo_lines(draft.lines)
        )
        return await goods.recheck(self.client, self.product, draft, request)

    # The international logistics booking names a Tmall/Taobao order (`tmallOrderInfo`) and the
    # pre-warehouse call is a Taobao order call: 1688 orders go abroad through the forwarder.
    def booking_ref(self, platform_id: str) -> str:
        raise Unsupported("international bookings name a Taobao/Tmall order")

    async def set_warehouse(self, platform_id: str, name: str, address: str) -> None:
        raise Unsupported("the pre-warehouse is a Taobao order setting")

    async def abroad(self, platform_id: str) -> AbroadState:
        raise Unsupported("1688 orders have no international leg on the platform")
