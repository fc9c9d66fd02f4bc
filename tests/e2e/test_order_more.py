"""More of the new-order experience: languages, the command menu, bare ids, the address book,
edits from the preview, cancel, and buttons of old menus."""

from __future__ import annotations

from tests.e2e.flows import ADDRESS_BLOCK, TSHIRT, TSHIRT_ID, to_cart, to_preview
from tests.e2e.harness import BUYER


async def test_chinese_from_the_telegram_language_and_a_language_override(bot):
    buyer = bot.user(BUYER, language_code="zh-hans")
    await buyer.says("/neworder", "新建采购单")
    await buyer.says("/cancel", "已取消")
    await buyer.says("/language", "请选择语言")
    await buyer.taps("English", "Language: English")
    await buyer.says("/neworder", "New order")
    commands = await bot.sim.commands()
    menus = {c.get("language_code") or "": [x["command"] for x in c["commands"]] for c in commands}
    assert {"neworder", "orders", "status", "track", "cancel"} <= set(menus[""])
    assert menus["zh"] == menus[""]


async def test_a_bare_number_asks_which_platform(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.says(TSHIRT_ID, "a Taobao item or a 1688 offer")
    await buyer.taps("Taobao", "Choose the SKU")


async def test_saved_addresses_are_offered_renamed_and_deleted(bot):
    buyer = bot.user(BUYER)
    await to_cart(buyer)
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("Paste a whole address", "Paste")
    await buyer.says(ADDRESS_BLOCK, "Use this address")
    await buyer.taps("Use and save", "Budget")
    await buyer.says("/cancel", "cancelled")
    # the next order offers it
    await to_cart(buyer)
    offered = await buyer.taps("Continue to the address", "Pick a saved address")
    assert "张三, 杭州市" in str(offered["params"]["reply_markup"])
    await buyer.taps("张三, 杭州市", "Budget")
    await buyer.says("/cancel", "cancelled")
    # rename and delete from /addresses
    await buyer.says("/addresses", "Your saved addresses")
    await buyer.taps("✏️", "new name")
    await buyer.says("x" * 41, "1 to 40 characters")
    await buyer.says("Office", "Renamed to “Office”")
    book = await buyer.says("/addresses", "Office")
    await buyer.press(
        "Delete",
        message={"reply_markup": book["params"]["reply_markup"], "message_id": book["message_id"]},
    )
    await buyer.expect("address book is empty")


async def test_edits_from_the_preview_come_back_to_the_preview(bot):
    buyer = bot.user(BUYER)
    await to_preview(buyer, seller_no="EDIT-1")
    await buyer.taps("Edit address", "Receiver")
    await buyer.taps("step by step", "name")
    await buyer.says("李四", "mobile")
    await buyer.says("13900001111", "Country")
    await buyer.taps("China", "Province")
    await buyer.says("北京", "City")
    await buyer.says("北京市", "District")
    await buyer.says("朝阳区", "Street")
    await buyer.says("建国路88号", "Postal")
    await buyer.says("100022", "Use this address")
    preview = await buyer.taps("Use this address", "Preview")
    assert "李四" in preview["params"]["text"] and "EDIT-1" in preview["params"]["text"]
    await buyer.taps("Edit items", "Subtotal")
    await buyer.taps("Add another item", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    await buyer.taps("白色 / M", "How many")
    await buyer.says("1", "Subtotal")
    preview = await buyer.taps("Continue to the address", "Preview")  # straight back
    assert "白色 / M" in preview["params"]["text"] and "李四" in preview["params"]["text"]
    await buyer.taps("Confirm", "Order placed")


async def test_cancel_and_buttons_of_old_menus(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    old = await buyer.panel()
    await buyer.says("/neworder", "Which platform")  # starts over with a new menu
    await buyer.press("Taobao", message=old)  # the first menu still shows its buttons
    answer = await bot.sim.wait_for(buyer.chat_id, "answerCallbackQuery")
    assert "expired" in answer["params"]["text"]
    await buyer.taps("Taobao", "Paste a")  # the live menu still works
    await buyer.taps("Cancel", "Order cancelled")
    await buyer.says("/status #1", "No order")  # nothing was ever sent
