"""The sandbox's product photos: served where the catalog's URLs point, drawn deterministically."""

from __future__ import annotations

import io

from PIL import Image

from sandbox.pandapon.images import IMAGE_SIZE, product_image
from sandbox.pandapon.testkit import IN_PROCESS_URL, call, sandbox_in_process

TSHIRT = "653211874520"
FOLDERS = "706627393257"


def _decoded(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


async def test_product_urls_point_at_photos_the_sandbox_serves():
    async with sandbox_in_process() as (_, client):
        taobao = (await call(client, "taobao.product.get", {"itemId": TSHIRT}))["data"]
        alibaba = (await call(client, "alibaba.product.detail", {"offerId": FOLDERS}))["data"]
        urls = [
            *taobao["picUrls"],
            *(sku["picUrl"] for sku in taobao["skuList"] if sku["picUrl"]),
            *alibaba["productImage"]["images"],
            *(
                attribute["skuImageUrl"]
                for sku in alibaba["productSkuInfos"]
                for attribute in sku["skuAttributes"]
                if attribute["skuImageUrl"]
            ),
        ]
        assert len(urls) >= 3 + 4 + 3 + 1
        assert all(url.startswith(f"{IN_PROCESS_URL}/_sandbox/images/") for url in urls)
        served = []
        for url in urls:
            response = await client.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"] == "image/jpeg"
            assert _decoded(response.content).size == (IMAGE_SIZE, IMAGE_SIZE)
            served.append(response.content)
        assert len(set(served)) == len(served)  # every view and SKU has its own photo
        catalog = (await client.get("/_sandbox/catalog")).json()
        shirt = next(item for item in catalog["items"] if item["itemId"] == TSHIRT)
        assert shirt["picUrls"] == taobao["picUrls"]


async def test_photos_are_deterministic_and_distinct_per_product():
    async with sandbox_in_process() as (_, client):
        first = (await client.get(f"/_sandbox/images/taobao/{TSHIRT}.jpg")).content
        again = (await client.get(f"/_sandbox/images/taobao/{TSHIRT}.jpg")).content
        assert first == again == product_image("taobao", TSHIRT)
        other = product_image("1688", FOLDERS)
        assert other != first
        small = await client.get(f"/_sandbox/images/1688/{FOLDERS}.jpg", params={"size": 120})
        assert _decoded(small.content).size == (120, 120)
        assert small.content == product_image("1688", FOLDERS, 120)


async def test_unknown_photos_and_bad_sizes_are_refused():
    async with sandbox_in_process() as (_, client):
        for path in (
            "/_sandbox/images/taobao/1.jpg",  # no such product
            f"/_sandbox/images/1688/{TSHIRT}.jpg",  # a Taobao item asked on 1688
            f"/_sandbox/images/taobao/{TSHIRT}_7.jpg",  # views are 0..2
            f"/_sandbox/images/taobao/{TSHIRT}/sku/999.jpg",
            f"/_sandbox/images/taobao/{TSHIRT}.png",
        ):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert "error" in response.json()
        for size in ("0", "5000", "big"):
            response = await client.get(f"/_sandbox/images/taobao/{TSHIRT}.jpg?size={size}")
            assert response.status_code == 400, size
