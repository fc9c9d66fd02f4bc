"""Finding goods on the sandbox platform: the catalog, keyword search (ranking, pages, price
filters, sorts), a seller's goods, search by image, the Wangwang nickname, shop promotions in
the 1688 preview and create, and price changes through the control API."""

from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from sandbox.pandapon import image_search
from sandbox.pandapon.catalog import Catalog
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.images import product_image
from sandbox.pandapon.testkit import call, sandbox_in_process
from sandbox.telegram.photos import photo_sizes

FOLDER = 706627393257  # seller 好运来: promotions 满300减20, 满1000减80
HAOYUNLAI = "BBBwAN4GQ60zRPzBkv7BYPJRQ"
ADDRESS = {
    "fullName": "张三",
    "mobile": "13800000000",
    "provinceText": "浙江省",
    "cityText": "杭州市",
    "areaText": "余杭区",
    "address": "文一西路969号",
}


@pytest.fixture
async def client():
    async with sandbox_in_process(SandboxConfig()) as (_, client):
        yield client


async def data(client, name: str, body: dict) -> dict:
    envelope = await call(client, name, body)
    assert envelope["code"] == 200, envelope["msg"]
    return envelope["data"]


async def error(client, name: str, body: dict) -> str:
    envelope = await call(client, name, body)
    assert envelope["code"] != 200 and envelope["data"] is None
    return envelope["msg"]


def test_the_catalog_is_large_and_the_same_every_time():
    first, second = Catalog(), Catalog()
    products = first.products()
    assert len(products) >= 300
    assert len(first.taobao) >= 150 and len(first.alibaba) >= 150
    assert [(p.item_id, p.title, p.lowest_price(), p.sales) for p in products] == [
        (p.item_id, p.title, p.lowest_price(), p.sales) for p in second.products()
    ]
    assert all(p.title and p.title_en and p.category_name for p in products)
    assert len({p.category_name for p in products}) >= 18
    assert sum(1 for p in first.taobao.values() if any(s.promotion_price for s in p.skus)) >= 30
    sellers = {p.shop.shop_id: p.shop for p in first.alibaba.values()}
    assert sum(1 for shop in sellers.values() if shop.promotions) >= 4
    # the hand-written products keep their ids and SKUs
    assert first.product("taobao", "672991141190").sku("3452545926724").price == 1


async def test_taobao_keyword_search_ranks_pages_and_translates(client):
    page1 = await data(
        client,
        "taobao.product.search",
        {"keyword": "蓝牙耳机", "pageNo": 1, "pageSize": 4, "language": "en"},
    )
    assert page1["total"] >= 8 and len(page1["items"]) == 4
    assert all("耳机" in item["title"] for item in page1["items"])
    assert all(item["translatedTitle"] for item in page1["items"])
    page2 = await data(
        client, "taobao.product.search", {"keyword": "蓝牙耳机", "pageNo": 2, "pageSize": 4}
    )
    first_ids = {item["itemId"] for item in page1["items"]}
    assert first_ids.isdisjoint(item["itemId"] for item in page2["items"])
    assert all(item["translatedTitle"] is None for item in page2["items"])  # no language asked
    english = await data(client, "taobao.product.search", {"keyword": "bluetooth earbuds"})
    assert {item["itemId"] for item in english["items"]} & first_ids


async def test_taobao_price_filter_and_sorts(client):
    body = {"keyword": "T恤", "pageSize": 40, "sort": "price_asc"}
    cheap = await data(client, "taobao.product.search", body)
    prices = [item["promotionPrice"] for item in cheap["items"]]
    assert prices == sorted(prices) and len(prices) >= 5
    middle = prices[len(prices) // 2]
    body |= {"startPrice": middle, "endPrice": middle + 2000, "sort": "price_desc"}
    band = await data(client, "taobao.product.search", body)
    band_prices = [item["promotionPrice"] for item in band["items"]]
    assert band_prices == sorted(band_prices, reverse=True)
    assert all(middle <= price <= middle + 2000 for price in band_prices)
    by_sales = await data(
        client, "taobao.product.search", {"keyword": "T恤", "sort": "total_sales_desc"}
    )
    sales = [item["sales"] for item in by_sales["items"]]
    assert sales == sorted(sales, reverse=True)


async def test_taobao_search_bad_input_and_no_results(client):
    assert "keyword is required" in await error(client, "taobao.product.search", {"keyword": ""})
    assert "at most 200" in await error(client, "taobao.product.search", {"keyword": "字" * 201})
    assert "pageSize" in await error(
        client, "taobao.product.search", {"keyword": "T恤", "pageSize": 41}
    )
    assert "sort must be one of" in await error(
        client, "taobao.product.search", {"keyword": "T恤", "sort": "cheapest"}
    )
    nothing = await data(client, "taobao.product.search", {"keyword": "xyzzy 不存在的东西"})
    assert nothing == {"total": 0, "pageNo": 1, "pageSize": 20, "items": []}


async def test_1688_keyword_query_has_the_documented_page_and_yuan_prices(client):
    body = {
        "keyword": "T恤",
        "beginPage": 1,
        "pageSize": 5,
        "country": "en",
        "sort": json.dumps({"price": "asc"}),
        "filter": "shipInToday,ksCiphertext",
        "outMemberId": "",
        "priceStart": "10.00",
        "priceEnd": "60.00",
        "categoryId": "",
    }
    page = await data(client, "alibaba.product.keywords", body)
    assert set(page) == {"totalRecords", "totalPage", "pageSize", "currentPage", "data"}
    assert page["totalPage"] == -(-page["totalRecords"] // 5)
    prices = [float(hit["priceInfo"]["price"]) for hit in page["data"]]
    assert prices == sorted(prices) and all(10 <= price <= 60 for price in prices)
    hit = page["data"][0]
    assert hit["subjectTrans"] and hit["imageUrl"].endswith(".jpg")
    assert hit["minOrderQuantity"] >= 1 and hit["priceRangeList"]
    assert "12.50" in await error(
        client, "alibaba.product.keywords", {"keyword": "T恤", "priceStart": "ten"}
    )
    assert "JSON string" in await error(
        client, "alibaba.product.keywords", {"keyword": "T恤", "sort": "price"}
    )


async def test_1688_seller_offers_list_one_sellers_goods(client):
    page = await data(
        client, "alibaba.product.seller_offers", {"sellerOpenId": HAOYUNLAI, "pageSize": 50}
    )
    assert page["totalRecords"] == 3
    assert {hit["sellerOpenId"] for hit in page["data"]} == {HAOYUNLAI}
    pens = await data(
        client, "alibaba.product.seller_offers", {"sellerOpenId": HAOYUNLAI, "keyword": "笔"}
    )
    assert [hit["offerId"] for hit in pens["data"]] == [707118845120]
    assert "not found" in await error(
        client, "alibaba.product.seller_offers", {"sellerOpenId": "BBBnobody"}
    )


def _through_telegram_and_the_bot(jpeg: bytes) -> bytes:
    """What a product photo becomes on its way: Telegram's largest size, scaled to 800 px."""
    stored = photo_sizes(jpeg)[-1].content
    image = Image.open(io.BytesIO(stored)).convert("RGB")
    image.thumbnail((800, 800))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def test_every_1688_product_photo_finds_its_own_product_first():
    catalog = Catalog()
    for product in catalog.products("1688"):
        photo = _through_telegram_and_the_bot(product_image("1688", product.item_id))
        found = image_search.similar(catalog, image_search.signature(photo))
        assert found[0].item_id == product.item_id


async def test_image_query_is_deterministic_and_refuses_what_is_no_image(client):
    photo = product_image("1688", str(FOLDER))
    body = {"imageBase64": base64.b64encode(photo).decode(), "beginPage": 1, "pageSize": "50"}
    first = await data(client, "alibaba.product.image_query", body)
    assert first["data"][0]["offerId"] == FOLDER
    assert first == await data(client, "alibaba.product.image_query", body)
    red = io.BytesIO()
    Image.new("RGB", (200, 120), (220, 30, 30)).save(red, format="PNG")
    other = {"imageBase64": base64.b64encode(red.getvalue()).decode(), "pageSize": 5}
    similar = await data(client, "alibaba.product.image_query", other)
    assert len(similar["data"]) == 5 and similar == await data(
        client, "alibaba.product.image_query", other
    )
    prefixed = {"imageBase64": "data:image/jpeg;base64," + body["imageBase64"]}
    assert "without the" in await error(client, "alibaba.product.image_query", prefixed)
    not_image = {"imageBase64": base64.b64encode(b"%PDF-1.4 not a photo").decode()}
    assert "not an image" in await error(client, "alibaba.product.image_query", not_image)
    too_big = {"imageBase64": "A" * (4 * 1024 * 1024 + 100)}
    assert "larger than 3 MB" in await error(client, "alibaba.product.image_query", too_big)


async def test_openuid_decrypt_names_the_seller(client):
    body = {"offerId": FOLDER, "openUid": HAOYUNLAI}
    assert await data(client, "alibaba.product.openuid_decrypt", body) == {
        "wangwangNick": "haoyunlai_wenju"
    }
    wrong = {"offerId": FOLDER, "openUid": "BBBsomeoneelse"}
    assert "not the seller" in await error(client, "alibaba.product.openuid_decrypt", wrong)


async def _folder_cargo(client, quantity: int) -> list[dict]:
    offer = await data(client, "alibaba.product.detail", {"offerId": FOLDER})
    spec = offer["productSkuInfos"][0]["specId"]
    return [{"offerId": FOLDER, "specId": spec, "quantity": quantity}]


async def test_shop_promotions_in_the_preview_and_the_create_call(client):
    cargo = await _folder_cargo(client, 100)  # 100 × ¥3.20 = ¥320: reaches 满300减20
    body = {"addressParam": ADDRESS, "cargoParamList": cargo}
    entry = (await data(client, "alibaba.order.preview", body))["orderPreviewResuslt"][0]
    assert entry["discountFee"] == 0
    assert entry["shopPromotionList"] == [
        {
            "shopPromotionId": "SPHYL300",
            "promotionName": "满300减20",
            "discountFee": 2000,
            "selected": False,
        }
    ]
    chosen = {**body, "shopPromotionId": "SPHYL300"}
    entry = (await data(client, "alibaba.order.preview", chosen))["orderPreviewResuslt"][0]
    assert entry["discountFee"] == 2000 and entry["shopPromotionList"][0]["selected"]
    assert entry["sumPayment"] == 32000 + entry["sumCarriage"] - 2000
    created = await data(
        client, "alibaba.order.create", {**chosen, "flow": "general", "outOrderId": "PROMO-1"}
    )
    assert created["success"] and created["totalSuccessAmount"] == entry["sumPayment"]
    order = (await client.get("/_sandbox/orders/PROMO-1")).json()
    assert (order["discount"], order["shopPromotionId"]) == (2000, "SPHYL300")
    detail = await data(client, "alibaba.order.detail", {"orderId": created["orderId"]})
    assert detail["baseInfo"]["discount"] == 2000
    # a promotion the order does not reach is refused, and nothing is created
    small = {
        "addressParam": ADDRESS,
        "cargoParamList": await _folder_cargo(client, 10),
        "shopPromotionId": "SPHYL300",
        "flow": "general",
        "outOrderId": "PROMO-2",
    }
    refused = await data(client, "alibaba.order.create", small)
    assert not refused["success"] and refused["errorCode"] == "PROMOTION_NOT_APPLICABLE"
    assert (await client.get("/_sandbox/orders/PROMO-2")).status_code == 404


async def test_price_changes_show_in_lookups_and_batch_check_and_survive_restarts(tmp_path):
    config = SandboxConfig(state_path=str(tmp_path / "sandbox.db"))
    tshirt, sku = "653211874520", None
    async with sandbox_in_process(config) as (_, client):
        product = await data(client, "taobao.product.get", {"itemId": tshirt})
        sku = product["skuList"][0]["skuId"]
        changed = await client.post(
            f"/_sandbox/products/taobao/{tshirt}", json={"skuId": sku, "price": 4200, "stock": 2}
        )
        assert changed.status_code == 200
        params = json.dumps([{"itemId": tshirt, "skuIds": [sku]}])
        check = await data(client, "taobao.product.batch_check", {"params": params})
        assert check["mpProducts"][0]["skuList"][0] == {
            "skuId": sku,
            "price": 4200,
            "promotionPrice": 4200,
            "quantity": 2,
            "status": "active",
        }
        bad = await client.post(f"/_sandbox/products/taobao/{tshirt}", json={"tiers": [[1, 5]]})
        assert bad.status_code == 400
        tiers = await client.post(f"/_sandbox/products/1688/{FOLDER}", json={"tiers": [[10, 380]]})
        assert tiers.json()["tiers"] == [{"startQuantity": 10, "price": 380}]
    async with sandbox_in_process(config) as (_, client):  # a restart keeps the changes
        product = await data(client, "taobao.product.get", {"itemId": tshirt})
        changed_sku = next(s for s in product["skuList"] if s["skuId"] == sku)
        assert (changed_sku["price"], changed_sku["quantity"]) == (4200, 2)
        offer = await data(client, "alibaba.product.detail", {"offerId": FOLDER})
        assert offer["productSaleInfo"]["priceRangeList"] == [
            {"startQuantity": 10, "price": "3.80"}
        ]
        await client.post("/_sandbox/reset")
        product = await data(client, "taobao.product.get", {"itemId": tshirt})
        assert next(s for s in product["skuList"] if s["skuId"] == sku)["price"] == 3900
