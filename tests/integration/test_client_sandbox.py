"""The platform client against the sandbox platform, in-process and over a 127.0.0.1 socket:
every endpoint round-trips, bad signatures are refused, and a lost create answer is honest."""

from __future__ import annotations

import base64
import contextlib
import socket

import httpx
import pytest

from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_cart as mc
from bot.pandapon import models_logistics as lg
from bot.pandapon import models_refund as rf
from bot.pandapon import models_search as ms
from bot.pandapon import models_taobao as tb
from bot.pandapon.client import PandaPonClient
from bot.pandapon.endpoints import ENDPOINTS
from bot.pandapon.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from bot.pandapon.signing import parse_recipe, signed_headers
from sandbox.pandapon.server import SandboxConfig, create_app, start_sandbox_platform
from tests.images import jpeg

KNOWN_AK = "58c0201dfdf148eca63cbf6bb5e7cf03"
RECEIVER = tb.TaobaoReceiver(
    zip="311121",
    country="中国",
    address="文一西路969号",
    city="杭州市",
    mobile_phone="13812345678",
    district="余杭区",
    name="张三",
    state="浙江省",
)
ADDRESS = ali.AlibabaAddress(
    full_name="张三",
    mobile="13812345678",
    post_code="311121",
    province_text="浙江省",
    city_text="杭州市",
    area_text="余杭区",
    address="文一西路969号",
)


@contextlib.asynccontextmanager
async def platform(tier: str, config: SandboxConfig):
    """(base_url, transport, control client) for one sandbox, in the given tier."""
    if tier == "socket":
        server = await start_sandbox_platform(config)
        try:
            async with httpx.AsyncClient(base_url=server.url, trust_env=False) as control:
                yield server.url, None, control
        finally:
            await server.stop()
        return
    app = create_app(config)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(base_url="http://sandbox", transport=transport) as control:
            yield "http://sandbox", transport, control


def client_for(config: SandboxConfig, url: str, transport, **overrides) -> PandaPonClient:
    values = dict(
        base_url=url,
        access_key=config.access_key,
        secret=config.secret,
        user_id=config.user_id,
        recipe=config.sign_recipe,
        timestamp_unit=config.timestamp_unit,
        timeout=5,
        read_retries=1,
        transport=transport,
    )
    values.update(overrides)
    return PandaPonClient(**values)


TIERS = pytest.mark.parametrize("tier", ["inprocess", "socket"])


def one_item_order(seller_order_number: str) -> tb.CreateOrderRequest:
    line = tb.OrderLine(item_id="672991141190", quantity=1, price=1, sku_id="3452545926724")
    return tb.CreateOrderRequest(
        order_line_list=[line],
        purchase_amount=100,
        receiver=RECEIVER,
        seller_order_number=seller_order_number,
    )


@TIERS
@pytest.mark.parametrize("unit", ["s", "ms"])
@pytest.mark.parametrize(
    "recipe",
    [
        "ak-ts-nonce-md5",
        "kv-md5",
        "concat-md5",
        "hmac-md5",
        "template:sha256:{timestamp}|{nonce}|{secret}",
    ],
)
async def test_each_recipe_and_unit_is_accepted_when_both_sides_use_it(tier, recipe, unit):
    config = SandboxConfig(
        access_key=KNOWN_AK, secret="test-secret", sign_recipe=recipe, timestamp_unit=unit
    )
    async with (
        platform(tier, config) as (url, transport, _),
        client_for(config, url, transport) as client,
    ):
        product = await client.taobao_product("672991141190")
    assert product.sku_list[0].sku_id == "3452545926724"


async def test_a_client_in_the_other_unit_is_told_which_unit_the_platform_expects():
    config = SandboxConfig(timestamp_unit="ms")
    async with (
        platform("inprocess", config) as (url, transport, _),
        client_for(config, url, transport, timestamp_unit="s") as client,
    ):
        with pytest.raises(PlatformError) as info:
            await client.taobao_product("672991141190")
    assert info.value.code == 403
    assert "this platform expects milliseconds" in info.value.msg


@TIERS
async def test_every_endpoint_round_trips(tier):
    # the seller answers refund requests only when told to (control API)
    config = SandboxConfig(time_scale=1000, refund_answer_seconds=0, refund_receive_seconds=0)
    async with platform(tier, config) as (url, transport, control):
        async with client_for(config, url, transport) as client:
            # Taobao goods
            product = await client.taobao_product("653211874520")
            sku = next(s for s in product.sku_list if s.quantity > 5)
            check = await client.taobao_batch_check(
                [tb.BatchCheckItem(item_id=product.item_id, sku_ids=[sku.sku_id])]
            )
            assert check.mp_products[0].item_id == product.item_id
            assert check.mp_products[0].sku_list[0].quantity == sku.quantity
            found_tb = await client.taobao_search(
                ms.TaobaoSearchRequest(keyword="T恤", page_size=5, language="en")
            )
            assert found_tb.total >= 5 and len(found_tb.items) == 5
            assert all(hit.translated_title for hit in found_tb.items)
            # Taobao orders
            lines = [
                tb.OrderLine(
                    item_id=product.item_id, quantity=2, price=sku.price, sku_id=sku.sku_id
                )
            ]
            render = await client.taobao_render(
                tb.RenderRequest(order_line_list=lines, receiver=RECEIVER)
            )
            assert render.product_amount == 2 * sku.price
            created = await client.taobao_create_order(
                tb.CreateOrderRequest(
                    order_line_list=lines,
                    purchase_amount=render.total_amount,
                    receiver=RECEIVER,
                    seller_order_number="RT-1",
                    order_source="shopee",
                )
            )
            assert created.order_no and not created.sub_order_vos[0].failed
            detail = await client.taobao_order_detail(created.id)
            assert detail.seller_order_number == "RT-1" and detail.receiver.name == "张三"
            page = await client.taobao_order_list(seller_order_number="RT-1")
            assert [o.id for o in page.records] == [created.id]
            link = await client.taobao_im_link(created.id)
            assert link.startswith("http")
            await client.taobao_update_warehouse(
                tb.UpdateWarehouseRequest(
                    order_id=created.id, warehouse_name="一号仓库", warehouse_address="广西省"
                )
            )
            paid = await client.taobao_pay([created.id])
            assert paid.paid_order_ids == [created.id]
            await control.post(f"/_sandbox/orders/{created.id}/advance", json={})
            sub_id = created.sub_order_vos[0].sub_order_id
            logistics = await client.taobao_logistics(sub_id)
            assert logistics.pnm_logistics_details[0].logistics_traces
            refunds = await client.taobao_refund_list(tb.RefundListRequest())
            assert refunds.total >= 0
            await _after_sales_round_trip(client, control, created)
            await _voucher_round_trip(client, lines, render.total_amount)
            await client.address_add_or_update(
                tb.AddressUpsertRequest(
                    name="张三",
                    province="浙江省",
                    city="杭州市",
                    district="余杭区",
                    address="文一西路969号",
                    phone="13812345678",
                )
            )
            # a second order, cancelled before payment
            other = await client.taobao_create_order(
                tb.CreateOrderRequest(
                    order_line_list=lines,
                    purchase_amount=render.total_amount,
                    receiver=RECEIVER,
                    seller_order_number="RT-2",
                )
            )
            assert await client.taobao_cancel(other.id, "不想要了")
            # the platform's address book, and shipping abroad (query-signed calls)
            assert [a.name for a in await client.address_list()] == ["张三"]
            abroad = lg.ReceiverAddress(
                name="John Smith", mobile_phone="+18185550134", address="12345 Ventura Blvd",
                city="Studio City", state="CA", zip="91607", country="US",
            )  # fmt: skip
            estimate = await client.freight_estimate(
                lg.ItemPriceRequest(item_id=product.item_id, sku_id=sku.sku_id, quantity=2,
                                    receiver_address=lg.ReceiverAddress(country="US"),
                                    currency="USD", price=sku.price)
            )  # fmt: skip
            assert estimate.currency == "USD" and estimate.services[0].price
            item = lg.RenderItem(item_id=product.item_id, sku_id=sku.sku_id, quantity=2,
                                 currency="USD", price=sku.price)  # fmt: skip
            render = await client.freight_render(
                lg.RenderFreightRequest(receiver_address=abroad, render_items=[item])
            )
            info = render.services[0].freight_info
            booked = await client.freight_book(
                lg.BookFreightRequest(
                    render_id=render.render_id, receiver_address=abroad,
                    line_items=[lg.LineItem(**item.model_dump(exclude={"freight_info"}),
                                            freight_info=info)],
                    tmall_order_info=lg.TmallOrderInfo(tmall_order_id=created.id),
                )
            )  # fmt: skip
            await client.update_domestic_logistics(
                lg.UpdateLogisticRequest(
                    order_id=booked.order_id, tmall_order_id=created.id,
                    logistic_infos=[lg.LogisticInfo(
                        line_item=lg.LogisticLineItem(item_id=product.item_id, sku_id=sku.sku_id,
                                                      quantity=2),
                        logistic_numer=booked.logistic_number,
                        domestic_logistic_info=[lg.DomesticParcel(logistic_numer="SF1234521212678",
                                                                  logistic_company_name="顺丰")],
                    )],
                )
            )  # fmt: skip
            leg = (await client.taobao_order_detail(created.id)).international_logistics
            assert leg.logistic_number == booked.logistic_number
            assert leg.domestic_logistic_numbers == ["SF1234521212678"]
            # 1688
            offer = await client.alibaba_product(706627393257)
            assert offer.min_order_quantity == 10 and offer.product_sale_info.price_range_list
            spec = offer.product_sku_infos[0].spec_id
            cargo = [ali.Cargo(offer_id=706627393257, spec_id=spec, quantity=100)]
            preview = await client.alibaba_preview(
                ali.PreviewRequest(address_param=ADDRESS, cargo_param_list=cargo)
            )
            assert preview.order_preview_results[0].success
            batch_cargo = [
                c.model_copy(update={"seller_open_id": offer.seller_open_id}) for c in cargo
            ]
            batch_preview = await client.alibaba_preview_batch(
                ali.PreviewRequest(address_param=ADDRESS, cargo_param_list=batch_cargo)
            )
            assert batch_preview.order_preview_results[0].seller_open_id == offer.seller_open_id
            order = await client.alibaba_create_order(
                ali.CreateOrderRequest(
                    address_param=ADDRESS, cargo_param_list=cargo, out_order_id="RT-3"
                )
            )
            assert order.success and order.total_success_amount == 100 * 320 + order.post_fee
            batch = await client.alibaba_batch_create(
                ali.CreateOrderRequest(
                    address_param=ADDRESS, cargo_param_list=batch_cargo, out_order_id="RT-4"
                )
            )
            assert batch.orders[0].order_id
            found = await client.alibaba_order_list(out_order_id="RT-3")
            assert [o.base_info.id for o in found.records] == [order.order_id]
            detail_1688 = await client.alibaba_order_detail(order.order_id)
            assert detail_1688.base_info.status == "waitbuyerpay"
            assert detail_1688.base_info.sum_product_payment == 32000
            pay_url = await client.alibaba_pay_url(order.order_id)
            assert pay_url.pay_url
            paid_1688 = await client.alibaba_batch_pay([batch.orders[0].order_id])
            assert paid_1688.success_order_ids == [batch.orders[0].order_id]
            await control.post(f"/_sandbox/orders/{batch.orders[0].order_id}/advance", json={})
            trace = await client.alibaba_logistics(batch.orders[0].order_id)
            assert trace.logistics_trace
            received = await client.alibaba_receive_goods(batch.orders[0].order_id)
            assert received.success
            assert await client.alibaba_cancel(order.order_id, "buyerCancel")
            # 1688 goods: keywords, a seller's offers, by image, the seller's nickname
            hits = await client.alibaba_keyword_search(
                ms.AlibabaKeywordRequest(keyword="蓝牙耳机", page_size=3, sort='{"price":"asc"}')
            )
            prices = [hit.price_info.price for hit in hits.data]
            assert hits.total_records >= 3 and prices == sorted(prices)
            shop = await client.alibaba_seller_offers(
                ms.SellerOfferRequest(seller_open_id=offer.seller_open_id, page_size=50)
            )
            assert offer.offer_id in {hit.offer_id for hit in shop.data}
            photo = (await control.get(f"/_sandbox/images/1688/{offer.offer_id}.jpg")).content
            by_image = await client.alibaba_image_search(
                ms.ImageQueryRequest(image_base64=base64.b64encode(photo).decode(), page_size=5)
            )
            assert by_image.data[0].offer_id == offer.offer_id
            nick = await client.alibaba_seller_nick(int(offer.offer_id), offer.seller_open_id)
            assert nick == "haoyunlai_wenju"
            await _carts_round_trip(client, offer)
        stats = (await control.get("/_sandbox/stats")).json()
    assert sorted(set(ENDPOINTS) - set(stats["requests"])) == []  # every endpoint was called


async def _carts_round_trip(client: PandaPonClient, offer: ali.AlibabaProduct) -> None:
    """Every cart call once, on each platform (tests/integration/test_sandbox_carts.py has
    the rules)."""
    tee = await client.taobao_product("653211874520")
    sku = tee.sku_list[0]
    add = mc.TaobaoCartAdd(
        item_id=tee.item_id, sku_id=sku.sku_id, mp_id=tee.item_id, mp_sku_id=sku.sku_id, quantity=1
    )
    cart_id = await client.taobao_cart_add(add)
    await client.taobao_cart_quantity(cart_id, 2)
    assert (await client.taobao_cart()).enable_list[0].cart_item_infos[0].quantity == 2
    preview = await client.taobao_cart_preview(
        mc.TaobaoCartPreview(ids=[int(cart_id)], order_address=RECEIVER)
    )
    assert preview.order_lines[0].cart_id == cart_id
    created = await client.taobao_cart_create(
        mc.TaobaoCartCreate(
            ids=[int(cart_id)], order_address=RECEIVER, purchase_amount=10**7,
            seller_order_number="RT-CART",
        )
    )  # fmt: skip
    assert created.id and (await client.taobao_cart()).enable_list == []
    other = await client.taobao_cart_add(add)
    await client.taobao_cart_delete([other])
    spec = offer.product_sku_infos[0].spec_id
    one = await client.alibaba_cart_add(
        mc.AlibabaCartAdd(offer_id=int(offer.offer_id), spec_id=spec, quantity=10)
    )
    await client.alibaba_cart_quantity(one, 100)
    listed = await client.alibaba_cart()
    assert listed.enable_list[0].cart_item_infos[0].quantity == 100
    previewed = await client.alibaba_cart_preview(
        mc.AlibabaCartPreview(address_param=ADDRESS, cart_ids=[int(one)])
    )
    assert previewed.order_preview_results[0].success
    made = await client.alibaba_cart_create(
        mc.AlibabaCartCreate(address_param=ADDRESS, cart_ids=[int(one)], out_order_id="RT-C")
    )
    assert made.orders[0].success
    again = await client.alibaba_cart_add(
        mc.AlibabaCartAdd(offer_id=int(offer.offer_id), spec_id=spec, quantity=10)
    )
    await client.alibaba_cart_delete([again])
    assert (await client.alibaba_cart()).enable_list == []


async def _after_sales_round_trip(client: PandaPonClient, control, created) -> None:
    """A shipped order's line: render, submit, detail, list, modify, return, messages, cancel."""
    order_id, sub_id = created.id, created.sub_order_vos[0].sub_order_id
    options = await client.taobao_refund_render(
        rf.RefundRenderRequest(
            order_id=order_id, sub_purchase_order_id=sub_id, refund_type=rf.REFUND_TYPE_RETURN
        )
    )
    assert options.max_refund_fee > 0 and options.reasons
    request = rf.RefundSubmitRequest(
        out_refund_id="RT-R1",
        order_id=order_id,
        sub_purchase_order_id=sub_id,
        refund_type=rf.REFUND_TYPE_RETURN,
        goods_status=rf.GOODS_RECEIVED,
        reason_id=options.reasons[0].reason_id,
        refund_fee=options.max_refund_fee - 1,
        refund_desc="破了",
        image_base64_list=[base64.b64encode(jpeg(40, 30)).decode()],
    )
    submitted = await client.taobao_refund_submit(request)
    assert submitted.refund_status == 10
    assert (await client.taobao_refund_submit(request)).refund_id == submitted.refund_id
    refund_id = submitted.refund_id
    modified = await client.taobao_refund_modify(
        rf.RefundModifyRequest(
            refund_id=refund_id,
            refund_type=rf.REFUND_TYPE_RETURN,
            goods_status=rf.GOODS_RECEIVED,
            reason_id=options.reasons[1].reason_id,
            refund_fee=options.max_refund_fee - 100,  # 100 fen stay for a second request
        )
    )
    assert modified.refund_status == 10
    detail = await client.taobao_refund_detail(refund_id)
    order = detail.refund_order_aggregate.refund_order
    assert (order.refund_fee, order.out_refund_id) == (options.max_refund_fee - 100, "RT-R1")
    assert detail.refund_order_aggregate.purchase_order_line.purchase_order_id == order_id
    listed = await client.taobao_refund_list(tb.RefundListRequest(purchase_order_id=order_id))
    assert [r.out_refund_id for r in listed.records] == ["RT-R1"]
    await control.post(f"/_sandbox/refunds/{refund_id}/agree", json={})
    address = await client.taobao_return_render(refund_id)
    assert address.receiver_address and address.logistics_companies
    assert await client.taobao_return_submit(
        rf.ReturnSubmitRequest(
            refund_id=refund_id, logistics_company_code="SF", logistics_no="SF1234567890123"
        )
    )
    sent = await client.taobao_refund_message(
        rf.RefundMessageRequest(refund_id=refund_id, out_message_id="m1", content="已寄出")
    )
    messages = await client.taobao_refund_messages(refund_id)
    assert [m.message_id for m in messages.records if m.out_message_id == "m1"] == [sent.message_id]
    await control.post(f"/_sandbox/refunds/{refund_id}/receive", json={})
    done = await client.taobao_refund_detail(refund_id)
    assert done.refund_order_aggregate.refund_order.refund_status == 100
    with pytest.raises(PlatformError) as too_late:  # refunded: nothing left to cancel
        await client.taobao_refund_cancel(refund_id)
    assert too_late.value.code == 409
    second = await client.taobao_refund_submit(
        request.model_copy(
            update={
                "out_refund_id": "RT-R2",
                "refund_type": rf.REFUND_TYPE_REFUND_ONLY,
                "reason_id": 1,
                "refund_fee": 1,
                "image_base64_list": [],
            }
        )
    )
    cancelled = await client.taobao_refund_cancel(second.refund_id)
    assert cancelled.cancel_success
    assert cancelled.refund_order_aggregate.refund_order.refund_status == -20


async def _voucher_round_trip(client: PandaPonClient, lines, total: int) -> None:
    order = await client.taobao_create_order(
        tb.CreateOrderRequest(
            order_line_list=lines,
            purchase_amount=total,
            receiver=RECEIVER,
            seller_order_number="RT-5",
        )
    )
    image = base64.b64encode(jpeg(60, 80)).decode()
    request = rf.VoucherUploadRequest(order_id=order.id, voucher_no="V-1", image_base64=image)
    uploaded = await client.taobao_upload_voucher(request)
    assert uploaded.order_status == "PAY_PENDING"
    detail = await client.taobao_order_detail(order.id)
    assert [v.voucher_no for v in detail.payment_vouchers] == ["V-1"]


@TIERS
async def test_signature_problems_are_refused_with_an_error_envelope(tier):
    config = SandboxConfig()
    async with platform(tier, config) as (url, transport, _):
        async with client_for(config, url, transport, secret="wrong-secret") as client:
            with pytest.raises(PlatformError) as info:
                await client.taobao_product("672991141190")
            assert info.value.code == 402 and "signature" in info.value.msg.lower()
        path = ENDPOINTS["taobao.product.get"].path
        recipe = parse_recipe(config.sign_recipe)
        async with httpx.AsyncClient(base_url=url, transport=transport, trust_env=False) as http:
            stale = signed_headers(
                recipe, access_key=config.access_key, secret=config.secret, user_id=config.user_id
            )
            stale["timestamp"] = str(int(stale["timestamp"]) - 601)  # seconds by default
            stale["signature"] = recipe.sign(
                access_key=config.access_key,
                nonce=stale["nonce-str"],
                timestamp=stale["timestamp"],
                secret=config.secret,
            )
            answer = (await http.get(path, params={"itemId": "1"}, headers=stale)).json()
            assert answer["code"] == 403 and answer["msg"]
            fresh = signed_headers(
                recipe, access_key=config.access_key, secret=config.secret, user_id=config.user_id
            )
            first = (await http.get(path, params={"itemId": "672991141190"}, headers=fresh)).json()
            again = (await http.get(path, params={"itemId": "672991141190"}, headers=fresh)).json()
            assert first["code"] == 200
            assert again["code"] == 405 and "nonce" in again["msg"].lower()


@TIERS
async def test_a_dropped_create_answer_is_outcome_unknown_and_one_order_exists(tier):
    config = SandboxConfig()
    async with platform(tier, config) as (url, transport, control):
        fault = {"endpoint": "taobao.order.create", "kind": "drop_after_commit"}
        (await control.post("/_sandbox/faults", json=fault)).raise_for_status()
        async with client_for(config, url, transport) as client:
            request = one_item_order("DROP-1")
            with pytest.raises(OutcomeUnknown):
                await client.taobao_create_order(request)
            page = await client.taobao_order_list(seller_order_number="DROP-1")
    assert page.total == 1 and len(page.records) == 1
    assert page.records[0].seller_order_number == "DROP-1"


@TIERS
async def test_reads_retry_after_a_5xx_but_creates_do_not(tier):
    config = SandboxConfig()
    async with platform(tier, config) as (url, transport, control):
        for endpoint in ("taobao.product.get", "taobao.order.create"):
            fault = {"endpoint": endpoint, "kind": "http_error", "http_status": 503}
            (await control.post("/_sandbox/faults", json=fault)).raise_for_status()
        async with client_for(config, url, transport) as client:
            product = await client.taobao_product("672991141190")  # retried once, then fine
            assert product.item_id == "672991141190"
            request = one_item_order("X-1")
            with pytest.raises(OutcomeUnknown):
                await client.taobao_create_order(request)


async def test_over_the_network_a_refused_connection_is_unavailable_and_nothing_happened():
    """Nobody listens on the port: the call never reached a platform, so even a create is
    "unavailable" (safe to try again), never "outcome unknown"."""
    with socket.socket() as probe:  # a port that was free a moment ago, and nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    config = SandboxConfig()
    async with client_for(config, url, None, read_retries=0) as client:
        with pytest.raises(PlatformUnavailable, match="cannot connect"):
            await client.taobao_product("672991141190")
        request = tb.CreateOrderRequest(
            order_line_list=[tb.OrderLine(item_id="1", quantity=1, price=1, sku_id="2")],
            purchase_amount=1,
            receiver=RECEIVER,
            seller_order_number="REFUSED-1",
        )
        with pytest.raises(PlatformUnavailable, match="cannot connect"):
            await client.taobao_create_order(request)


async def test_over_the_network_an_answer_slower_than_the_timeout_is_no_answer():
    config = SandboxConfig()
    async with platform("socket", config) as (url, _, control):
        for endpoint in ("taobao.product.get", "taobao.order.create"):
            fault = {"endpoint": endpoint, "kind": "latency", "latency_ms": 3000}
            (await control.post("/_sandbox/faults", json=fault)).raise_for_status()
        async with client_for(config, url, None, timeout=1, read_retries=0) as client:
            with pytest.raises(PlatformUnavailable, match="no answer"):
                await client.taobao_product("672991141190")
            request = one_item_order("SLOW-1")
            with pytest.raises(OutcomeUnknown, match="no answer"):
                await client.taobao_create_order(request)
