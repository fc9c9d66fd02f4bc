"""Every step answers bad input with a clear message and stays where it was, losing nothing."""

from __future__ import annotations

import base64

from sandbox.telegram.server import DEFAULT_BOT_USERNAME
from tests.e2e.flows import TSHIRT, to_address, to_budget, to_cart, to_quantity
from tests.e2e.harness import BUYER


async def _wrong_type(bot, buyer) -> dict:
    """The member sends a file where text is expected."""
    await bot.sim.send_document(
        buyer.chat_id, buyer.user_id, "cat.jpg", base64.b64decode("AAAA"), mime_type="image/jpeg"
    )
    return await buyer.expect("did not expect that")


async def test_item_step(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says("x" * 4001, "too long")
    await buyer.says("hello there", "No product link or ID found")
    await buyer.says("https://weidian.com/item.html?itemID=123", "")
    await buyer.says("999999999999", "could not find Taobao / Tmall item")
    await _wrong_type(bot, buyer)
    # still on the item step: a good link goes on
    await buyer.says(TSHIRT, "Choose the SKU")


async def test_sold_out_sku_is_refused_and_the_menu_stays(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    await buyer.press("黑色 / XXL")
    answer = await bot.sim.wait_for(buyer.chat_id, "answerCallbackQuery")
    assert "sold out" in answer["params"]["text"]
    await buyer.taps("Next", "Choose the SKU")
    await buyer.taps("雾霾蓝 / L", "How many")


async def test_quantity_step(bot):
    buyer = bot.user(BUYER)
    await to_quantity(buyer, sku="雾霾蓝 / M", page=1)  # only 3 in stock
    for bad, message in [
        ("0", "at least"),
        ("-2", ""),
        ("two", "number"),
        ("4", "3"),  # more than the stock
        ("1000000", ""),
    ]:
        reply = await buyer.says(bad, message)
        assert reply["method"] == "sendMessage", bad
    await _wrong_type(bot, buyer)
    await buyer.says("3", "Subtotal")


async def test_address_steps(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("step by step", "name")
    await buyer.says("12345", "name")  # only digits: not a name
    await buyer.says("李四", "mobile")
    await buyer.says("12345", "mobile")
    await buyer.says("010-12345678", "mobile")  # a landline is no mobile
    await buyer.says("+86 139 0000 1111", "Country")
    await buyer.taps("China", "Province")
    await buyer.says("火星省", "province")
    await buyer.says("广东", "City")
    await buyer.says("深圳市", "District")
    await buyer.taps("Skip", "Street")
    await buyer.says("x", "at least 4 characters")  # too short
    await buyer.says("科技园南路1号", "Postal")
    await buyer.says("51805", "6 digits")
    await buyer.says("518057", "Use this address")
    panel = await buyer.panel()
    assert "李四" in panel["text"] and "广东省" in panel["text"]


async def test_pasted_address_missing_parts_are_asked(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste")
    await buyer.says("hmm", "could not read an address")
    await buyer.says("王五 13912345678 上海市浦东新区世纪大道100号", "missing")
    await buyer.expect("Postal code")
    await buyer.says("200120", "Use this address")


async def test_budget_and_seller_number_steps(bot):
    buyer = bot.user(BUYER)
    await to_budget(buyer)
    await buyer.says("lots", "")
    await buyer.says("12.345", "")
    await buyer.says("50", "below the order total")  # total is ¥84.00
    await buyer.says("¥100", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    await buyer.says("no spaces please!", "")
    await buyer.says("A" * 40, "")
    await buyer.says("SHOPEE-77", "Preview")
    panel = await buyer.panel()
    assert "¥100.00 (10000 fen)" in panel["text"]


async def test_seller_number_already_used_is_refused(bot):
    buyer = bot.user(BUYER)
    await to_cart(buyer)
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("Paste a whole address", "Paste")
    await buyer.says("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this")
    await buyer.taps("Use this address", "Budget")
    await buyer.taps("Use the total", "come from")
    await buyer.taps("Skip", "order number")
    await buyer.says("DUP-1", "Preview")
    await buyer.taps("Confirm", "Order placed")
    await to_budget(buyer)
    await buyer.taps("Use the total", "come from")
    await buyer.taps("Skip", "order number")
    await buyer.says("DUP-1", "already used by order #1")
    await buyer.taps("Generate one", "Preview")


async def test_an_unknown_command_is_answered_and_the_step_stays(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("step by step", "name")
    await buyer.says("/e®Ìî\x05x", "I do not know the command /e®Ìî")
    assert "\x05" not in (await buyer.panel())["text"]  # echoed without control characters
    await buyer.says("/frobnicate", "/help lists what I can do")
    await buyer.says("张三", "mobile number")  # still on the name step


async def test_in_a_group_only_an_unknown_command_addressed_to_the_bot_is_answered(stack):
    await stack.start_bot(ORDERBOT_ALLOWED_CHATS="-300")
    member = stack.user(BUYER, chat_id=-300, chat_type="group", first_name="Alice")
    await member.send("/frobnicate")  # maybe another bot's: not ours to answer
    await member.send(f"/frobnicate@{DEFAULT_BOT_USERNAME}")
    answer = await member.sim.wait_for(member.chat_id, "sendMessage")
    assert "I do not know the command /frobnicate" in answer["params"]["text"]
    assert len([m for m in await member.messages() if m.get("from_bot")]) == 1
