"""Taobao/Tmall on the platform: goods, render, create, the order's life — Taobao's wire shapes.

Amounts are fen on Taobao's side of the API; the receiver is a JSON string with snake_case keys;
each order line becomes a Taobao-Global purchase order whose sub-order carries its own status,
error and logistics.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draft import Draft, DraftLine
from bot.domain.receiver import Receiver, to_taobao_wire
from bot.marketplaces import taobao_cart as cart
from bot.marketplaces.base import (
    AbroadState,
    CartLine,
    Created,
    InternationalLeg,
    LineCheck,
    Package,
    PayResult,
    PlatformStatus,
    ProductNotFound,
    SearchFilters,
    SearchHit,
    SearchPage,
    SellerOrder,
    TrackingEvent,
    Unsupported,
)
from bot.marketplaces.taobao_after_sales import TaobaoAfterSales
from bot.pandapon import models_cart as mc
from bot.pandapon import models_search as ms
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformError
from bot.products import ProductView, from_taobao
from bot.session import Quote, QuoteLine
from storage.orders import LineResult, StoredOrder, StoredOrderLine

AnyLine = DraftLine | StoredOrderLine
# Our sorts as Taobao's `sort` values (None: the platform's own relevance order).
SORTS = {
    "relevance": None,
    "price_asc": "price_asc",
    "price_desc": "price_desc",
    "sales": "total_sales_desc",
}


def order_lines(lines: Sequence[AnyLine]) -> list[tb.OrderLine]:
    """Our lines as `orderLineList`; `price` is the most we accept to pay per unit."""
    return [
        tb.OrderLine(
            item_id=line.item_id,
            order_line_no=str(index + 1),
            quantity=line.quantity,
            price=line.unit_price_fen,
            sku_id=line.sku_id,
        )
        for index, line in enumerate(lines)
    ]


def match_line(results, index: int, item_id: str, sku_id: str | None):
    """The platform's result for our line: by item and SKU, else by position."""
    for result in results:
        if str(result.item_id) == item_id and str(result.sku_id) == sku_id:
            return result
    return results[index] if index < len(results) else None


def _receiver(receiver: Receiver) -> tb.TaobaoReceiver:
    return tb.TaobaoReceiver.model_validate(to_taobao_wire(receiver))


class TaobaoMarketplace(TaobaoAfterSales):
    platform = "taobao"
    closed_status = "TRADE_CLOSED"

    def __init__(self, client: PandaPonClient, language: str = "en") -> None:
        self.client = client
        self.language = language  # of translated titles (PANDAPON_COUNTRY)

    async def product(self, item_id: str) -> ProductView:
        try:
            return from_taobao(await self.client.taobao_product(item_id))
        except PlatformError as exc:
            if exc.not_found:
                raise ProductNotFound(self.platform, item_id) from exc
            raise

    async def quote(self, draft: Draft) -> Quote:
        if draft.cart_ids:
            request = mc.TaobaoCartPreview(
                ids=[int(cart_id) for cart_id in draft.cart_ids],
                order_address=_receiver(draft.receiver),
            )
            result = await self.client.taobao_cart_preview(request)
        else:
            result = await self.client.taobao_render(
                tb.RenderRequest(
                    order_line_list=order_lines(draft.lines), receiver=_receiver(draft.receiver)
                )
            )
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

    async def create(
        self, order: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> Created:
        cart_ids = [line.cart_id for line in lines]
        if cart_ids and all(cart_ids):  # ordered from the cart: the platform empties those lines
            request = cart.create_request(order, [c for c in cart_ids if c], receiver)
            answer = await self.client.taobao_cart_create(request)
            return _created(answer.id, answer.order_no, answer.sub_order_vos, lines)
        request = tb.CreateOrderRequest(
            order_line_list=order_lines(lines),
            order_source=order.order_source,
            purchase_amount=order.purchase_amount_fen,
            receiver=_receiver(receiver),
            seller_order_number=order.seller_order_number,
        )
        result = await self.client.taobao_create_order(request)
        return _created(result.id, result.order_no, result.sub_order_vos, lines)

    async def find(self, order: StoredOrder, lines: list[StoredOrderLine]) -> Created | None:
        key = order.seller_order_number
        page = await self.client.taobao_order_list(seller_order_number=key, page_size=5)
        found = next((o for o in page.records if o.seller_order_number == key), None)
        if found is None:
            return None
        return _created(found.id, found.order_no, found.sub_order_vos, lines, found.status)

    async def status(self, platform_id: str) -> PlatformStatus:
        detail = await self.client.taobao_order_detail(platform_id)
        raw = detail.status or next(
            (s.status for s in detail.sub_order_vos if s.status and not s.failed), None
        )
        return PlatformStatus(raw, detail.total_amount)

    async def track(self, platform_id: str, lines: list[StoredOrderLine]) -> list[Package]:
        """Each line is a Taobao sub-order with its own parcels; one package per tracking no."""
        packages: dict[str, Package] = {}
        for sub_order_id in sorted({line.sub_order_id for line in lines} - {None}):
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

    async def cancel(self, platform_id: str, reason: str) -> bool:
        return await self.client.taobao_cancel(platform_id, reason)

    async def pay(self, platform_id: str) -> str | None:
        result = await self.client.taobao_pay([platform_id])
        if platform_id in result.paid_order_ids:
            return None
        failure = next(iter(result.failed_orders), None)
        reason = (failure.error_message or failure.error_code) if failure else None
        return reason or "refused"

    async def pay_url(self, platform_id: str) -> str | None:
        raise Unsupported("Taobao orders are paid in the chat")

    async def create_batch(
        self, key: str, orders: list[SellerOrder], receiver: Receiver
    ) -> dict[str, Created]:
        # One Taobao order already holds goods of many shops (one sub-order per line): a
        # draft across shops is a single create, so there is no batch create to make.
        raise Unsupported("a Taobao order spans shops; it needs no batch create")

    async def pay_many(self, platform_ids: list[str]) -> list[PayResult]:
        """The pay call takes a list (`orderIdList`): one call for the whole selection."""
        result = await self.client.taobao_pay(platform_ids)
        paid = {str(ref) for ref in result.paid_order_ids}
        failed = {str(f.order_id): f for f in result.failed_orders}
        answers = []
        for ref in platform_ids:
            if ref in paid:
                answers.append(PayResult(ref, True))
                continue
            failure = failed.get(ref)
            code = failure.error_code if failure else "NO_RESULT"
            answers.append(
                PayResult(ref, False, code, (failure.error_message if failure else None) or code)
            )
        return answers

    async def confirm_receipt(self, platform_id: str) -> str | None:
        raise Unsupported("Taobao has no buyer receipt call")

    async def seller_link(self, platform_id: str) -> str | None:
        return await self.client.taobao_im_link(platform_id)

    # --- the shopping cart (bot/marketplaces/taobao_cart.py) ---------------------------------

    async def cart(self) -> list[CartLine]:
        return cart.lines_of(await self.client.taobao_cart())

    async def cart_add(self, product: ProductView, sku_id: str, quantity: int) -> str:
        return await self.client.taobao_cart_add(cart.add_request(product, sku_id, quantity))

    async def cart_set_quantity(self, cart_id: str, quantity: int) -> None:
        await self.client.taobao_cart_quantity(cart_id, quantity)

    async def cart_remove(self, cart_ids: list[str]) -> None:
        await self.client.taobao_cart_delete(cart_ids)

    # --- finding goods ---------------------------------------------------------------------

    async def search(
        self, keyword: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        request = ms.TaobaoSearchRequest(
            keyword=keyword,
            page_no=page,
            page_size=page_size,
            sort=SORTS[filters.sort],
            language=self.language,
            start_price=filters.price_min_fen,
            end_price=filters.price_max_fen,
        )
        result = await self.client.taobao_search(request)
        return SearchPage(tuple(_hit(item) for item in result.items), page, page_size, result.total)

    async def search_by_image(self, image_base64: str, page: int, page_size: int) -> SearchPage:
        raise Unsupported("this platform offers image search on 1688 only")

    async def seller_goods(
        self, seller_id: str, filters: SearchFilters, page: int, page_size: int
    ) -> SearchPage:
        raise Unsupported("Taobao shops cannot be listed through this platform")

    async def seller_chat_link(self, product: ProductView) -> str | None:
        return await self.client.taobao_im_link(product.item_id, source_type="item")

    async def recheck(self, draft: Draft) -> list[LineCheck]:
        """Batch check: which lines are still sold, at what price, with what stock."""
        wanted: dict[str, list[str]] = {}
        for line in draft.lines:
            wanted.setdefault(line.item_id, []).append(line.sku_id)
        result = await self.client.taobao_batch_check(
            [tb.BatchCheckItem(item_id=item, sku_ids=skus) for item, skus in wanted.items()]
        )
        found = {product.item_id: product for product in result.mp_products}
        reasons = {r.item_id: r.reason for r in result.no_mp_reason_list if r.item_id}
        looked_up: dict[str, ProductView] = {}
        checks = []
        for index, line in enumerate(draft.lines):
            product = found.get(line.item_id)
            if product is None:
                reason = reasons.get(line.item_id) or "no longer sold"
                checks.append(LineCheck(index, False, None, None, reason))
            elif product.sku_list is None:  # no prices in the answer: read the product
                if line.item_id not in looked_up:
                    looked_up[line.item_id] = await self.product(line.item_id)
                checks.append(_check_from_view(index, line, looked_up[line.item_id]))
            else:
                sku = next((s for s in product.sku_list if s.sku_id == line.sku_id), None)
                checks.append(_check_from_sku(index, sku))
        return checks

    def booking_ref(self, platform_id: str) -> str:
        return platform_id  # the booking's tmallOrderInfo.tmallOrderId

    async def set_warehouse(self, platform_id: str, name: str, address: str) -> None:
        request = tb.UpdateWarehouseRequest(
            order_id=platform_id, warehouse_name=name, warehouse_address=address
        )
        await self.client.taobao_update_warehouse(request)

    async def abroad(self, platform_id: str) -> AbroadState:
        detail = await self.client.taobao_order_detail(platform_id)
        leg = detail.international_logistics
        return AbroadState(
            warehouse_name=detail.warehouse_name,
            warehouse_address=detail.warehouse_address,
            leg=None
            if leg is None
            else InternationalLeg(
                order_id=leg.order_id,
                package=Package(
                    leg.company_name or "—",
                    leg.logistic_number,
                    [TrackingEvent(step.time, step.desc) for step in reversed(leg.traces)],
                ),
                category=leg.service_category,
                domestic_numbers=list(leg.domestic_logistic_numbers),
            ),
        )


def _hit(item: ms.TaobaoSearchHit) -> SearchHit:
    promotion = item.promotion_price
    on_promotion = promotion is not None and 0 < promotion < item.price
    return SearchHit(
        platform="taobao",
        item_id=item.item_id,
        title=item.title,
        title_trans=item.translated_title,
        image_url=item.pic_url,
        price_fen=promotion if on_promotion else item.price,
        original_price_fen=item.price if on_promotion else None,
        sales=item.sales,
        seller_id=item.shop_id,
        seller_name=item.shop_name,
    )


def _check_from_sku(index: int, sku: tb.TaobaoSku | None) -> LineCheck:
    if sku is None:
        return LineCheck(index, False, None, None, "this option is no longer sold")
    if (sku.status or "active") != "active":
        return LineCheck(index, False, sku.effective_price_fen, 0, "this option is off the shelf")
    return LineCheck(index, True, sku.effective_price_fen, sku.quantity)


def _check_from_view(index: int, line: DraftLine, product: ProductView) -> LineCheck:
    sku = next((s for s in product.skus if s.sku_id == line.sku_id), None)
    if sku is None:
        return LineCheck(index, False, None, None, "this option is no longer sold")
    return LineCheck(index, True, product.unit_price_fen(sku, line.quantity), sku.stock)


def _created(
    order_id: str | None,
    order_no: str | None,
    sub_orders: list[tb.SubOrder],
    lines: list[StoredOrderLine],
    raw_status: str | None = None,
) -> Created:
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
    reason = "; ".join(r.error_message or r.error_code or "" for r in results if not r.ok) or None
    raw = raw_status or next((r.status for r in results if r.ok and r.status), None)
    return Created(order_id, order_no or order_id, raw, results, reason)
