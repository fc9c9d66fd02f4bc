"""Finding goods through both stand-ins: keyword search on each platform, paging, sort and price
filters, opening a result and ordering it, a seller's goods, search by photo, and results pages
that keep working after a restart."""

from __future__ import annotations

import io

from PIL import Image

from tests.e2e.flows import items_to_preview
from tests.e2e.harness import BUYER
from tests.e2e.search_flows import (
    buttons,
    prices_in,
    requests,
    result_ids,
    search_message,
)

GROUP = -4_200_100


async def test_taobao_keyword_search_pages_sorts_filters_and_orders_a_result(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/search 蓝牙耳机", "on which platform")
    page = await buyer.taps("Taobao", "page 1/2")
    assert page["method"] == "sendPhoto" and "10 results" in page["params"]["caption"]
    first = await search_message(buyer)
    assert len(result_ids(first)) == 6
    assert "Wireless Bluetooth earbuds" in first["caption"]  # the translated title
    assert "无线蓝牙耳机" in first["caption"]  # and the seller's own

    second = await buyer.taps("Next", "page 2/2")
    assert second["method"] == "editMessageMedia"  # the same message, paged in place
    message = await search_message(buyer)
    assert message["message_id"] == first["message_id"]
    assert len(result_ids(message)) == 4
    assert set(result_ids(message)).isdisjoint(result_ids(first))
    searches = await requests(bot, "taobao.product.search")
    await buyer.taps("Previous", "page 1/2")  # back to a page seen: from the cache
    assert await requests(bot, "taobao.product.search") == searches

    await buyer.press("Best match")
    await buyer.sim.wait_for(buyer.chat_id, "editMessageReplyMarkup")  # the sort choices
    await buyer.taps("Price: low to high", "Price: low to high")
    prices = prices_in((await search_message(buyer))["caption"])
    assert prices == sorted(prices) and len(prices) == 6

    await buyer.press("Price: any")
    await buyer.sim.wait_for(buyer.chat_id, "editMessageReplyMarkup")  # the price bands
    menu = await search_message(buyer)
    band_label = next(label for label, data in buttons(menu) if data.startswith("s:pf:"))
    await buyer.press(band_label)
    filtered = await buyer.expect("page 1/")
    caption = filtered["params"]["media"]
    assert "Price: low to high" in str(caption)
    message = await search_message(buyer)
    _, high = band_label.split("≤ ¥") if "≤" in band_label else (None, None)
    if high is not None:
        assert all(price <= round(float(high) * 100) for price in prices_in(message["caption"]))

    # open the first result and order it through the usual steps
    item_id = result_ids(message)[0]
    await buyer.taps("1", "Tap an option")
    card = await search_message(buyer)
    assert card["message_id"] == first["message_id"]  # the card replaces the page in place
    option = next(label for label, data in buttons(card) if data.startswith("s:ad:"))
    await buyer.taps(option, "How many")
    await buyer.says("1", "Subtotal")
    await items_to_preview(buyer)
    await buyer.taps("Confirm", "Order placed")
    orders = await bot.platform_orders()
    assert [line["itemId"] for line in orders[0]["lines"]] == [item_id]

    # the card's way back leads to the page it was opened from, without asking again
    details = await requests(bot, "taobao.product.get")
    await buyer.press("Back to the results", message=card)
    await buyer.expect("page 1/")
    assert await requests(bot, "taobao.product.get") == details


async def test_1688_search_a_sellers_goods_and_the_chat_with_the_seller(bot):
    buyer = bot.user(BUYER)
    page = await buyer.says("/search 1688 文件夹", "page 1/1")
    assert "PVC insert folder" in page["params"]["caption"]
    assert "min. 10 个" in page["params"]["caption"]  # the price at the minimum order
    assert "≥100 ¥3.20" in page["params"]["caption"]  # and a better tier
    await buyer.taps("1", "Minimum order: 10")
    card = await search_message(buyer)
    assert "Price tiers: ≥10: ¥3.50, ≥100: ¥3.20, ≥500: ¥2.80" in card["caption"]
    shop = await buyer.taps("More from this seller", "义乌市好运来文具厂")
    assert "3 goods" in str(shop["params"]["media"])
    assert len(result_ids(await search_message(buyer))) == 3
    await buyer.taps("1", "Tap an option")
    await buyer.press("Chat with the seller")
    await buyer.sim.wait_for(buyer.chat_id, "editMessageReplyMarkup")  # the button, a link now
    links = [
        data for label, data in buttons(await search_message(buyer)) if "Open the chat" in label
    ]
    assert links and "amos.alicdn.com" in links[0] and "uid=haoyunlai_wenju" in links[0]


async def test_a_photo_of_a_product_finds_that_product_first(bot):
    buyer = bot.user(BUYER)
    offer = "712566103398"  # TWS earbuds, 1688
    photo = (await bot.control.get(f"/_sandbox/images/1688/{offer}.jpg")).content
    await buyer.sim.send_photo(buyer.chat_id, buyer.user_id, photo)
    page = await buyer.expect("like your photo")
    assert page["method"] == "sendPhoto"
    assert result_ids(await search_message(buyer))[0] == offer
    # an image sent as a file (uncompressed) searches the same way
    await buyer.sim.send_document(
        buyer.chat_id, buyer.user_id, "earbuds.png", _png_of(photo), mime_type="image/png"
    )
    await buyer.expect("like your photo")
    assert result_ids(await search_message(buyer))[0] == offer
    # a big photo is scaled down before it is sent to the platform
    big = io.BytesIO()
    Image.open(io.BytesIO(photo)).resize((3000, 3000)).save(big, format="JPEG", quality=92)
    await buyer.sim.send_photo(buyer.chat_id, buyer.user_id, big.getvalue())
    await buyer.expect("like your photo")
    assert result_ids(await search_message(buyer))[0] == offer


async def test_in_a_group_a_photo_searches_only_with_the_search_caption(bot):
    await bot.restart_bot_with(ORDERBOT_ALLOWED_CHATS=str(GROUP))
    member = bot.user(BUYER, chat_id=GROUP, chat_type="group")
    photo = (await bot.control.get("/_sandbox/images/1688/709004518866.jpg")).content
    await member.sim.send_photo(GROUP, BUYER, photo, chat_type="group", chat_title="Team")
    await member.says("/search 1688 板鞋", "page 1/")  # a plain photo was not a search
    searches_before = await requests(bot, "alibaba.product.image_query")
    assert searches_before == 0
    await member.sim.send_photo(
        GROUP, BUYER, photo, caption="/search", chat_type="group", chat_title="Team"
    )
    await member.expect("like your photo")
    assert result_ids(await search_message(member))[0] == "709004518866"


async def test_plain_words_in_a_private_chat_offer_a_search_and_a_bare_id_opens(bot):
    buyer = bot.user(BUYER)
    offer = await buyer.says("earbuds", "Search “earbuds” on which platform")
    labels = [label for label, _ in buttons(offer["result"])]
    assert labels == ["🔎 Taobao / Tmall", "🔎 1688"]
    await buyer.taps("1688", "page 1/")
    await buyer.says("653211874520", "on which platform")
    card = await buyer.taps("Open on Taobao", "纯棉短袖T恤")
    assert card["method"] == "sendPhoto" and "Tap an option" in card["params"]["caption"]


async def test_a_results_page_keeps_working_after_a_restart(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/search taobao T恤", "page 1/")
    page = await search_message(buyer)
    await bot.restart_bot()
    await buyer.press("Next", message=page)
    await buyer.expect("page 2/")
    # a button naming a search this bot never made (forged, or long forgotten)
    await buyer.sim.press(
        buyer.chat_id, page["message_id"], buyer.user_id, "s:pg:987654:1", forged=True
    )
    # (the answer to "Next" goes beside its page and may still come after the press)
    answer = await buyer.sim.wait_for(
        buyer.chat_id, "answerCallbackQuery", predicate=lambda call: "text" in call["params"]
    )
    assert "This search has expired" in answer["params"]["text"]


def _png_of(jpeg: bytes) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).save(out, format="PNG")
    return out.getvalue()


async def test_a_search_result_of_another_1688_seller_joins_the_draft_as_its_own_order(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("1688", "1688")
    folder = next(item for item in await bot.catalog() if str(item["itemId"]) == "706627393257")
    spec = folder["skus"][0]["specId"]
    await buyer.says(f"706627393257 {spec} 20", "Subtotal")  # 义乌市好运来文具厂's folders
    await buyer.says("/search 1688 拖鞋", "page 1/1")
    await buyer.taps("1", "Tap an option")  # 广州市白云区步步高鞋业's slippers
    option = next(
        label for label, data in buttons(await search_message(buyer)) if data.startswith("s:ad:")
    )
    await buyer.taps(option, "How many")
    items = await buyer.says("50", "Subtotal")
    assert "PVC插页文件夹" in items["params"]["text"] and "拖鞋" in items["params"]["text"]
    preview = await items_to_preview(buyer)
    assert "Seller 1/2" in preview["params"]["text"] and "Seller 2/2" in preview["params"]["text"]
    result = await buyer.taps("Confirm", "Batch #B1")
    assert result["params"]["text"].count("✅") == 2
    assert len(await bot.platform_orders()) == 2
