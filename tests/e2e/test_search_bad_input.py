"""Bad input while finding goods, through both stand-ins: an empty search, 500 characters, a
file that is no image, a huge image, a search without results, a price range that is none, and
the platform failing — each answered clearly, nothing lost."""

from __future__ import annotations

import io
import os

from PIL import Image

from tests.e2e.harness import BUYER
from tests.e2e.search_flows import buttons, requests, search_message


async def test_an_empty_search_and_500_characters_are_answered(bot):
    buyer = bot.user(BUYER)
    usage = await buyer.says("/search", "Tell me what to look for")
    assert "/search bluetooth earbuds" in usage["params"]["text"]
    await buyer.says("/search    ", "Tell me what to look for")
    long = await buyer.says("/search " + "耳机" * 250, "at most 100 characters; yours are 500")
    assert long["method"] == "sendMessage"
    await buyer.says("x" * 500, "at most 100 characters")  # plain words too
    assert await requests(bot, "taobao.product.search") == 0


async def test_a_search_without_results_says_so_and_offers_the_other_platform(bot):
    buyer = bot.user(BUYER)
    nothing = await buyer.says("/search taobao xyzzy不存在的东西", "Nothing found for")
    assert nothing["method"] == "sendPhoto"
    labels = [label for label, _ in buttons(await search_message(buyer))]
    assert labels == ["🔁 Search 1688 instead"]
    await buyer.taps("Search 1688 instead", "Nothing found for “xyzzy不存在的东西” on 1688")


async def test_files_that_are_no_image_or_too_big_are_refused_clearly(bot):
    buyer = bot.user(BUYER)
    chat, user = buyer.chat_id, buyer.user_id
    await buyer.sim.send_document(
        chat, user, "catalogue.pdf", b"%PDF-1.4 not a photo", caption="/search"
    )
    await buyer.expect("This file is not an image I can read")
    await buyer.sim.send_document(
        chat, user, "photo.jpg", b"\xff\xd8 broken", mime_type="image/jpeg"
    )
    await buyer.expect("This file is not an image I can read")
    huge = io.BytesIO()  # noise does not compress: 10.3 MB
    Image.frombytes("RGB", (1900, 1900), os.urandom(1900 * 1900 * 3)).save(huge, format="PNG")
    await buyer.sim.send_document(chat, user, "huge.png", huge.getvalue(), mime_type="image/png")
    await buyer.expect("too big to search by")
    bomb = io.BytesIO()  # a small file of 48 million pixels
    Image.new("1", (8000, 6000)).save(bomb, format="PNG")
    await buyer.sim.send_document(chat, user, "bomb.png", bomb.getvalue(), mime_type="image/png")
    await buyer.expect("8000×6000 pixels")
    assert await requests(bot, "alibaba.product.image_query") == 0


async def test_a_price_range_reply_that_is_no_range_is_answered_and_a_good_one_filters(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/search taobao T恤", "page 1/")
    await buyer.press("Price: any")
    await buyer.sim.wait_for(buyer.chat_id, "editMessageReplyMarkup")
    prompt = await buyer.taps("Another range", "Reply with the price range")
    prompt_id = prompt["result"]["message_id"]
    extra = {"chat_type": "private", "reply_to_message_id": prompt_id}
    await buyer.sim.send(buyer.chat_id, buyer.user_id, "cheap please", **extra)
    await buyer.expect("That is not a price range")
    await buyer.sim.send(buyer.chat_id, buyer.user_id, "¥30 - ¥60", **extra)
    page = await buyer.expect("¥30.00 – ¥60.00")
    assert page["method"] == "sendPhoto"


async def test_the_platform_failing_is_said_plainly_and_the_search_can_be_retried(bot):
    buyer = bot.user(BUYER)
    await bot.fault(endpoint="taobao.product.search", kind="http_error", http_status=503, times=3)
    failed = await buyer.says("/search taobao 马克杯", "The platform is not answering")
    assert [label for label, _ in buttons(failed["result"])] == ["🔄 Try again"]
    await buyer.taps("Try again", "page 1/")
    # refused (an error code), on a page's button: an alert, and the page stays as it was
    page = await search_message(buyer)
    await bot.fault(endpoint="taobao.product.search", kind="error_code", code=500, msg="busy")
    await buyer.press("Best match")
    await buyer.sim.wait_for(buyer.chat_id, "editMessageReplyMarkup")
    await buyer.press("Best selling")
    # (the answer to "Best match" goes beside its menu and may still come after the press)
    answer = await buyer.sim.wait_for(
        buyer.chat_id, "answerCallbackQuery", predicate=lambda call: "text" in call["params"]
    )
    assert "The platform refused the search: busy" in answer["params"]["text"]
    assert (await search_message(buyer))["caption"] == page["caption"]
