"""Carts on the sandbox platform through the bot's client and marketplaces: one line per SKU,
stock and 1688 minimum orders, disabled lines, preview and create from the cart (ordered lines
leave it, refused ones stay, a retried create answers the same order), the state file."""

from __future__ import annotations

import contextlib

import httpx
import pytest

from bot.cart import draft_line
from bot.domain.draft import Draft
from bot.domain.receiver import Receiver
from bot.marketplaces import marketplaces
from bot.marketplaces.base import SellerOrder
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformError
from sandbox.pandapon.server import SandboxConfig, create_app
from storage.orders import StoredOrder, StoredOrderLine

TSHIRT = "653211874520"
FOLDER = "706627393257"  # MOQ 10, seller A
CABLE = "711302984455"  # MOQ 10, seller B
RECEIVER = Receiver(
    name="张三",
    mobile="+8613800000000",
    state="浙江省",
    city="杭州市",
    district="余杭区",
    address="文一西路969号",
    zip="311121",
)


@contextlib.asynccontextmanager
async def markets(config: SandboxConfig | None = None):
    config = config or SandboxConfig()
    app = create_app(config)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        client = PandaPonClient(
            base_url="http://sandbox",
            access_key=config.access_key,
            secret=config.secret,
            user_id=config.user_id,
            recipe=config.sign_recipe,
            timeout=5,
            transport=transport,
        )
        async with (
            client,
            httpx.AsyncClient(base_url="http://sandbox", transport=transport) as control,
        ):
            yield marketplaces(client), control


def stored(key: str, platform: str, lines: list, budget: int = 10_000_000) -> tuple:
    order = StoredOrder(
        1, platform, 1, 1, key, None, None, "submitting", None, None, None, 0, 0, 0, budget,
        RECEIVER.model_dump_json(), None, None, 0, 0,
    )  # fmt: skip
    rows = [
        StoredOrderLine(
            0,
            n,
            line.item_id,
            line.sku_id,
            line.title,
            line.sku_label,
            line.quantity,
            line.unit_price_fen,
            line.line_total_fen,
            None,
            None,
            None,
            None,
            None,
            line.cart_id,
        )
        for n, line in enumerate(lines, start=1)
    ]
    return order, rows


async def test_taobao_cart_merges_a_sku_checks_stock_and_orders_from_the_cart():
    async with markets() as (market, control):
        taobao = market["taobao"]
        product = await taobao.product(TSHIRT)
        first, second = product.skus[0], product.skus[1]
        cart_id = await taobao.cart_add(product, first.sku_id, 2)
        assert await taobao.cart_add(product, first.sku_id, 3) == cart_id  # one line per SKU
        other = await taobao.cart_add(product, second.sku_id, 1)
        lines = await taobao.cart()
        assert [(line.cart_id, line.quantity) for line in lines] == [(cart_id, 5), (other, 1)]
        assert lines[0].sku_label == first.label and lines[0].unit_price_fen > 0
        with pytest.raises(PlatformError, match="in stock"):
            await taobao.cart_set_quantity(cart_id, first.stock + 1)
        with pytest.raises(PlatformError, match="at least 1"):
            await taobao.cart_set_quantity(cart_id, 0)
        await taobao.cart_set_quantity(cart_id, 4)
        assert (await taobao.cart())[0].quantity == 4

        # the second SKU sells out: its line is set apart with the reason
        await control.post(
            f"/_sandbox/products/taobao/{TSHIRT}", json={"skuId": second.sku_id, "stock": 0}
        )
        lines = await taobao.cart()
        assert lines[1].disabled == "this option is out of stock" and lines[0].disabled is None

        draft = Draft(platform="taobao", receiver=RECEIVER)
        draft.lines = [draft_line(lines[0])]
        quote = await taobao.quote(draft)
        assert quote.ok and quote.lines[0].line_total_fen == lines[0].line_total_fen
        order, rows = stored("OBCART1", "taobao", draft.lines)
        created = await taobao.create(order, rows, RECEIVER)
        assert created.created
        assert [line.cart_id for line in await taobao.cart()] == [other]  # the ordered line left
        again = await taobao.create(order, rows, RECEIVER)  # a retry: the same order
        assert again.order_id == created.order_id
        found = await taobao.find(order, rows)
        assert found is not None and found.order_id == created.order_id

        # a refused line (out of stock) stays in the cart
        draft.lines = [draft_line((await taobao.cart())[0])]
        order, rows = stored("OBCART2", "taobao", draft.lines)
        refused = await taobao.create(order, rows, RECEIVER)
        assert not refused.created and "stock" in (refused.reason or "")
        assert [line.cart_id for line in await taobao.cart()] == [other]
        await taobao.cart_remove([other, "999999"])  # an id not in the cart is skipped
        assert await taobao.cart() == []


async def test_1688_cart_keeps_the_minimum_order_and_orders_across_sellers():
    async with markets() as (market, control):
        alibaba = market["1688"]
        folder, cable = await alibaba.product(FOLDER), await alibaba.product(CABLE)
        with pytest.raises(PlatformError, match="at least 10"):
            await alibaba.cart_add(folder, folder.skus[0].sku_id, 3)
        a = await alibaba.cart_add(folder, folder.skus[0].sku_id, 10)
        b = await alibaba.cart_add(cable, cable.skus[0].sku_id, 20)
        with pytest.raises(PlatformError, match="at least 10"):
            await alibaba.cart_set_quantity(a, 9)
        lines = await alibaba.cart()
        assert {line.seller_id for line in lines} == {folder.seller_id, cable.seller_id}
        assert lines[0].min_quantity == 10 and lines[0].tiers
        draft = Draft(platform="1688", receiver=RECEIVER, lines=[draft_line(x) for x in lines])
        quote = await alibaba.quote(draft)
        assert quote.ok and len(quote.sellers) == 2
        orders = []
        for seller in draft.seller_ids:
            part = [line for line in draft.lines if line.seller_id == seller]
            order, rows = stored(f"OBB1:{seller}", "1688", part)
            orders.append(SellerOrder(seller, order, rows))
        created = await alibaba.create_batch("OBB1", orders, RECEIVER)
        assert all(result.created for result in created.values())
        assert await alibaba.cart() == []
        for seller in orders:  # each seller's order is found by its key
            assert (await alibaba.find(seller.order, seller.lines)) is not None
        carts = (await control.get("/_sandbox/carts")).json()
        assert carts["total"] == 0
        assert b != a


async def test_carts_survive_a_restart_with_a_state_file(tmp_path):
    config = SandboxConfig(state_path=str(tmp_path / "state.db"))
    async with markets(config) as (market, _):
        product = await market["taobao"].product(TSHIRT)
        cart_id = await market["taobao"].cart_add(product, product.skus[0].sku_id, 2)
    async with markets(config) as (market, control):
        lines = await market["taobao"].cart()
        assert [(line.cart_id, line.quantity) for line in lines] == [(cart_id, 2)]
        new_id = await market["taobao"].cart_add(product, product.skus[1].sku_id, 1)
        assert int(new_id) > int(cart_id)  # ids never come back
        listed = (await control.get("/_sandbox/carts", params={"platform": "taobao"})).json()
        assert listed["total"] == 2
