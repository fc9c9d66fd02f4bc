"""1688 on the platform: offers, preview, create, the order's life — 1688's wire shapes.

Goods prices are yuan strings on this side of the API (read into fen by the wire models); an
order is one seller's goods and is all-or-nothing; the buyer pays on the 1688 cashier page and
confirms receipt.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draft import Draft, DraftLine
from bot.domain.receiver import Receiver, to_1688_wire
from bot.marketplaces import alibaba_cart as cart
from bot.marketplaces import alibaba_goods as goods
from bot.marketplaces.alibaba_after_sales import AlibabaAfterSales
from bot.marketplaces.base import (
    AbroadState,
    CartLine,
    Created,
    LineCheck,
    Package,
    PayResult,
    PlatformStatus,
    ProductNotFound,
    SearchFilters,
    SearchPage,
    SellerOrder,
    TrackingEvent,
    Unsupported,
)
from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_cart as mc
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformError
from bot.products import ProductView, from_alibaba
from bot.session import Quote, QuoteLine, SellerQuote
from storage.orders import LineResult, StoredOrder, StoredOrderLine

AnyLine = DraftLine | StoredOrderLine
CREATED_STATUS = "waitbuyerpay"
# Batch-pay refusals that only the 1688 cashier page can resolve (sandbox: cashier-only sellers).
CASHIER_CODES = frozenset({"NEED_CASHIER", "CASHIER_ONLY"})


def cargo_lines(lines: Sequence[AnyLine], *, with_seller: bool = False) -> list[ali.Cargo]:
    """The cargo list; batch calls name each line's seller (`with_seller`)."""
    return [
        ali.Cargo(
            offer_id=int(line.item_id),
            spec_id=line.sku_id,
            quantity=line.quantity,
            seller_open_id=getattr(line, "seller_id", None) if with_seller else None,
        )
        for line in lines
    ]


def _seller_blocks(
    draft: Draft, result: ali.PreviewResult, lines: list[QuoteLine]
) -> list[SellerQuote]:
    """The batch preview's answer as one block per seller, in the draft's seller order."""
    entries = {entry.seller_open_id: entry for entry in result.order_preview_results}
    blocks = []
    for seller in draft.seller_ids:
        indexes = [i for i, line in enumerate(draft.lines) if line.seller_id == seller]
        entry = entries.get(seller)
        problem = None
        if entry is None:
            problem = "not quoted"
        elif not entry.success:
            problem = entry.error_msg or entry.error_code or "preview failed"
        blocks.append(
            SellerQuote(
                seller_id=seller,
                line_indexes=indexes,
                goods_fen=sum(lines[i].line_total_fen for i in indexes),
                postage_fen=entry.sum_carriage if entry else 0,
                problem=problem,
            )
        )
    return blocks


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
        across_sellers = not draft.is_single_seller
        request = ali.PreviewRequest(
            address_param=_address(draft.receiver),
            cargo_param_list=cargo_lines(draft.lines, with_seller=across_sellers),
            shop_promotion_id=draft.shop_promotion_id,
        )
        if draft.cart_ids:  # the cart preview: a block per seller, like the batch preview
            result = await self.client.alibaba_cart_preview(
                mc.AlibabaCartPreview(
                    address_param=request.address_param,
                    cart_ids=[int(cart_id) for cart_id in draft.cart_ids],
                    shop_promotion_id=draft.shop_promotion_id,
                )
            )
        elif across_sellers:  # one block per seller (bot/batches.py places them in one call)
            result = await self.client.alibaba_preview_batch(request)
        else:
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
        sellers = _seller_blocks(draft, result, lines) if across_sellers else []
        if sellers and any(block.problem is None for block in sellers):
            problems = []  # shown per seller: the others' orders can still be placed
        discount, promotions = goods.promotions_of(result)
        return Quote(
            lines=lines,
            subtotal_fen=subtotal,
            postage_fen=postage,
            total_fen=subtotal + postage - discount,
            problems=problems,
            sellers=sellers,
            discount_fen=discount,
            promotions=promotions,
        )

    async def create(
        self, order: StoredOrder, lines: list[StoredOrderLine], receiver: Receiver
    ) -> Created:
        cart_ids = _cart_ids(lines)
        if cart_ids:  # ordered from the cart: the platform empties those lines
            key = order.seller_order_number
            request = cart.create_request(
                key, cart_ids, _address(receiver), order.shop_promotion_id
            )
            answer = await self.client.alibaba_cart_create(request)
            result = next(iter(answer.orders), None) or ali.CreateOrderResult(
                error_code="NO_RESULT", error_msg="no answer"
            )
            return _created(result, lines)
        request = ali.CreateOrderRequest(
            message=f"orderbot {order.seller_order_number}",
            address_param=_address(receiver),
            cargo_param_list=cargo_lines(lines),
            out_order_id=order.seller_order_number,
            shop_promotion_id=order.shop_promotion_id,
        )
        result = await self.client.alibaba_create_order(request)
        return _created(result, lines)

    async def create_batch(
        self, key: str, orders: list[SellerOrder], receiver: Receiver
    ) -> dict[str, Created]:
        """`/alibaba/order/batch/create` once for every seller; the platform keys seller S's
        order `<key>:<S>` (what `find` looks each one up by when the answer is lost)."""
        cart_ids = _cart_ids([line for seller in orders for line in seller.lines])
        if cart_ids:  # from the cart; one seller's order is keyed by the key it is sent with
            key_sent = orders[0].order.seller_order_number if len(orders) == 1 else key
            request = cart.create_request(key_sent, cart_ids, _address(receiver))
            answer = await self.client.alibaba_cart_create(request)
            return _by_seller(orders, answer.orders)
        cargo = [
            ali.Cargo(
                offer_id=int(line.item_id),
                spec_id=line.sku_id,
                quantity=line.quantity,
                seller_open_id=seller.seller_id,
            )
            for seller in orders
            for line in seller.lines
        ]
        request = ali.CreateOrderRequest(
            message=f"orderbot {key}",
            address_param=_address(receiver),
            cargo_param_list=cargo,
            out_order_id=key,
        )
        result = await self.client.alibaba_batch_create(request)
        return _by_seller(orders, result.orders)

    async def pay_many(self, platform_ids: list[str]) -> list[PayResult]:
        result = await self.client.alibaba_batch_pay(platform_ids)
        paid = {str(ref) for ref in result.success_order_ids}
        failed = {str(f.order_id): f for f in result.failed_orders}
        answers = []
        for ref in platform_ids:
            if ref in paid:
                answers.append(PayResult(ref, True))
                continue
            failure = failed.get(ref)
            code = failure.error_code if failure else "NO_RESULT"
            reason = (failure.error_msg if failure else None) or code
            answers.append(PayResult(ref, False, code, reason, code in CASHIER_CODES))
        return answers

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

    # --- the shopping cart (bot/marketplaces/alibaba_cart.py) --------------------------------

    async def cart(self) -> list[CartLine]:
        return cart.lines_of(await self.client.alibaba_cart())

    async def cart_add(self, product: ProductView, sku_id: str, quantity: int) -> str:
        return await self.client.alibaba_cart_add(cart.add_request(product, sku_id, quantity))

    async def cart_set_quantity(self, cart_id: str, quantity: int) -> None:
        await self.client.alibaba_cart_quantity(cart_id, quantity)

    async def cart_remove(self, cart_ids: list[str]) -> None:
        await self.client.alibaba_cart_delete(cart_ids)

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


def _cart_ids(lines: Sequence[StoredOrderLine]) -> list[str] | None:
    """The cart lines to order from, when every line is one."""
    ids = [line.cart_id for line in lines]
    return [i for i in ids if i] if ids and all(ids) else None


def _by_seller(
    orders: list[SellerOrder], answers: list[ali.CreateOrderResult]
) -> dict[str, Created]:
    """A create answer of several sellers' orders, by seller id."""
    found = {answer.seller_open_id: answer for answer in answers}
    created = {}
    for seller in orders:
        answer = found.get(seller.seller_id)
        if answer is None:  # the platform said nothing of this seller: nothing created
            answer = ali.CreateOrderResult(error_code="NO_RESULT", error_msg="no answer")
        created[seller.seller_id] = _created(answer, seller.lines)
    return created


def _created(result: ali.CreateOrderResult, lines: list[StoredOrderLine]) -> Created:
    """One 1688 order's create answer (all-or-nothing), per line."""
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
                error_code=failure.error_code if failure else (None if ok else result.error_code),
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
