"""Shopping carts through both stand-ins: "🛒 Add to cart" on product cards (a link, a bare ID,
a search result), /cart with its quantities, removal and disabled lines, "Order selected"
through the usual steps (the ordered lines leave the cart, the others stay), bad input at each
step, a restart with a cart in use, and a team group's shared cart with approval."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.flows import ADDRESS_BLOCK, FOLDER_1688, TSHIRT
from tests.e2e.harness import BUYER, Member
from tests.e2e.search_flows import change_product

GROUP = -210
BOSS = 2002
BOB = 4004
TEAM = {"ORDERBOT_ALLOWED_CHATS": str(GROUP), "ORDERBOT_APPROVERS": str(BOSS)}


async def with_button(member: Member, label: str) -> dict[str, Any]:
    """The newest bot message that has a button `label`."""
    for message in reversed(await member.messages()):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        if any(button["text"] == label for row in rows for button in row):
            return message
    raise AssertionError(f"no message with a {label!r} button")


async def add_from_card(member: Member, option: str | None, quantity: str) -> dict[str, Any]:
    await member.press("🛒 Add to cart", message=await with_button(member, "🛒 Add to cart"))
    if option is not None:
        await member.expect("goes into the cart")
        await member.press(option)
    await member.expect("into the cart?")
    return await member.says(quantity, "Added")


async def open_card(member: Member) -> None:
    """The T-shirt's card in the new-order flow (in a group a link needs /neworder first)."""
    await member.says("/neworder", "Which platform")
    await member.taps("Taobao", "Paste a")
    await member.says(TSHIRT, "Choose the SKU")


async def platform_cart(bot, platform: str) -> list[dict[str, Any]]:
    response = await bot.control.get("/_sandbox/carts", params={"platform": platform})
    return response.json()["lines"]


async def order_selected(member: Member) -> dict[str, Any]:
    await member.taps("✅ Order selected", "Receiver")
    await member.taps("Paste a whole address", "Paste the whole address")
    await member.says(ADDRESS_BLOCK, "Use this address")
    await member.taps("Use this address", "Budget")
    await member.taps("Use the total", "Where did this order come from")
    await member.taps("Skip", "Your own order number")
    return await member.taps("Generate one", "Preview")


async def test_taobao_cart_from_a_link_and_a_search_then_order_a_selection(bot):
    buyer = bot.user(BUYER)
    # from a link: the new-order card has the button too
    await buyer.says(TSHIRT, "Choose the SKU")
    await add_from_card(buyer, "白色 / L", "2")
    await buyer.says("/cancel", "cancelled")
    # from a search result
    await buyer.says("/search 蓝牙耳机", "on which platform")
    await buyer.taps("Taobao", "page 1/2")
    await buyer.taps("1", "Tap an option")
    cart = await add_from_card(buyer, None, "1")
    text = cart["params"]["text"]
    assert "Tmall cart" in text and "白色 / L" in text and "2 ×" in text
    assert len(await platform_cart(bot, "taobao")) == 2
    # the same option again adds to its line
    await buyer.says(TSHIRT, "Choose the SKU")
    await add_from_card(buyer, "白色 / L", "1")
    await buyer.says("/cancel", "cancelled")
    lines = await platform_cart(bot, "taobao")
    assert sorted(line["quantity"] for line in lines) == [1, 3]

    panel = await buyer.says("/cart", "Tmall cart")
    # bad input: a typed quantity above stock or not a number; the quantity stays
    await buyer.press("✏️", message=panel)
    await buyer.expect("How many of")
    await buyer.says("lots", "whole number")
    await buyer.says("999999", "in stock")
    assert sorted(line["quantity"] for line in await platform_cart(bot, "taobao")) == [1, 3]
    await buyer.says("4", "Quantity changed")
    # select the T-shirt line only and order it
    await buyer.press("☐ 1")
    await buyer.expect("Selected: 1 line")
    preview = await order_selected(buyer)
    assert "白色 / L" in preview["params"]["text"]
    await buyer.taps("Confirm", "Order placed")
    orders = await bot.platform_orders()
    assert [line["quantity"] for line in orders[0]["lines"]] == [4]
    left = await platform_cart(bot, "taobao")
    assert [line["quantity"] for line in left] == [1]  # the other line stays
    cart = await buyer.says("/cart", "Tmall cart")
    assert "白色 / L" not in cart["params"]["text"]


async def test_1688_minimum_order_stock_disabled_line_remove_and_restart(bot):
    buyer = bot.user(BUYER)
    await buyer.says(FOLDER_1688, "Choose the SKU")
    await buyer.press("🛒 Add to cart", message=await with_button(buyer, "🛒 Add to cart"))
    await buyer.expect("goes into the cart")
    panel = await buyer.panel()
    option = panel["reply_markup"]["inline_keyboard"][0][0]["text"]
    await buyer.press(option)
    await buyer.expect("At least 10")
    await buyer.says("3", "minimum order")  # below the minimum: refused, nothing added
    assert await platform_cart(bot, "1688") == []
    await buyer.says("10", "Added")
    await buyer.says("/cancel", "cancelled")
    panel = await buyer.says("/cart 1688", "1688 cart")
    await buyer.press("➖", message=panel)  # 9 is below the minimum
    answer = await buyer.sim.wait_for(buyer.chat_id, "answerCallbackQuery")
    assert "10" in (answer["params"].get("text") or "")
    assert [line["quantity"] for line in await platform_cart(bot, "1688")] == [10]
    await buyer.press("➕", message=await buyer.panel())
    await buyer.expect("Quantity changed")
    # the restart keeps the cart and the panel works on
    await bot.restart_bot()
    item = (await platform_cart(bot, "1688"))[0]
    await change_product(bot, "1688", item["itemId"], stock=0)
    panel = await buyer.says("/cart 1688", "Cannot be ordered now")
    assert "out of stock" in panel["params"]["text"]
    await buyer.press("🗑 1", message=panel)
    await buyer.expect("Removed")
    assert await platform_cart(bot, "1688") == []


async def test_forged_and_stale_cart_buttons_expire(bot):
    buyer = bot.user(BUYER)
    old = await buyer.says("/cart", "Tmall cart")
    panel = await buyer.says("/cart", "Tmall cart")  # a new panel: the old one is stale
    for target, data in (
        (panel, "c:r:99999999999999999999"),
        (panel, "c:o:x"),
        (panel, "c:zz"),
        (old, "c:v:a"),
    ):
        await buyer.sim.press(buyer.chat_id, target["message_id"], buyer.user_id, data, forged=True)
        answer = await buyer.sim.wait_for(buyer.chat_id, "answerCallbackQuery")
        assert "expired" in (answer["params"].get("text") or "")
    # a line that is not (or no longer) in the cart: nothing selected, the cart shown again
    await buyer.sim.press(buyer.chat_id, panel["message_id"], buyer.user_id, "c:s:1", forged=True)
    answer = await buyer.sim.wait_for(buyer.chat_id, "answerCallbackQuery")
    assert "expired" not in (answer["params"].get("text") or "")
    assert await platform_cart(bot, "taobao") == []


async def test_a_group_cart_is_shared_with_who_added_and_ordered_after_approval(bot):
    await bot.restart_bot_with(**TEAM)
    alice = bot.user(BUYER, chat_id=GROUP, chat_type="group", first_name="Alice")
    bob = bot.user(BOB, chat_id=GROUP, chat_type="group", first_name="Bob")
    boss = bot.user(BOSS, chat_id=GROUP, chat_type="group", first_name="Boss")
    await bot.sim.set_member(GROUP, BOSS, "member", first_name="Boss", chat_title="Purchasing")
    await open_card(alice)
    await add_from_card(alice, "白色 / L", "2")
    await alice.says("/cancel", "cancelled")
    await open_card(bob)
    await add_from_card(bob, "黑色 / M", "1")
    await bob.says("/cancel", "cancelled")
    cart = await bob.says("/cart", "cart of this group")
    text = cart["params"]["text"]
    assert "added by Alice" in text and "added by Bob" in text
    # Bob may not remove Alice's line
    await bob.press("🗑", message=cart)
    answer = await bob.sim.wait_for(bob.chat_id, "answerCallbackQuery")
    assert "Only Alice" in (answer["params"].get("text") or "")
    # Bob orders both lines; the order waits for the approver
    await bob.press("☑ Select all", message=await with_button(bob, "☑ Select all"))
    await bob.expect("Selected: 2 lines")
    await order_selected(bob)
    await bob.taps("Confirm", "Waiting for an approver")
    card = await with_button(boss, "✅ Approve")
    await boss.press("Approve", message=card)
    await boss.expect("Order placed")
    orders = await bot.platform_orders()
    assert sorted(line["quantity"] for line in orders[0]["lines"]) == [1, 2]
    assert await platform_cart(bot, "taobao") == []


BOXES = "https://item.taobao.com/item.htm?id=672405588190"  # one SKU, 2 in stock
BOXES_ID = "672405588190"


async def test_a_line_the_order_refuses_stays_in_the_cart_with_its_reason(bot):
    buyer = bot.user(BUYER)
    await buyer.says(TSHIRT, "Choose the SKU")
    await add_from_card(buyer, "白色 / L", "2")
    await buyer.says("/cancel", "cancelled")
    await buyer.says(BOXES, "How many")
    await buyer.press("🛒 Add to cart", message=await with_button(buyer, "🛒 Add to cart"))
    await buyer.expect("into the cart?")
    await buyer.says("1", "Added")
    await buyer.says("/cancel", "cancelled")
    await buyer.press("☑ Select all", message=await buyer.says("/cart", "Tmall cart"))
    await buyer.expect("Selected: 2 lines")
    await order_selected(buyer)
    # the boxes sell out between the preview and Confirm: the platform refuses that line only
    await change_product(bot, "taobao", BOXES_ID, stock=0)
    placed = await buyer.taps("Confirm", "Order placed")
    assert "stock" in placed["params"]["text"].lower()
    orders = await bot.platform_orders()
    assert [line["quantity"] for line in orders[0]["lines"] if not line["errorCode"]] == [2]
    left = await platform_cart(bot, "taobao")
    assert [line["itemId"] for line in left] == [BOXES_ID]  # the refused line stays
    cart = await buyer.says("/cart", "Tmall cart")
    assert "Cannot be ordered now" in cart["params"]["text"]
    assert "白色 / L" not in cart["params"]["text"]


async def _add_first_option(member: Member, link: str) -> None:
    """A 1688 offer's first option into the cart at its minimum order."""
    await member.says(link, "Choose the SKU")
    await member.press("🛒 Add to cart", message=await with_button(member, "🛒 Add to cart"))
    await member.expect("goes into the cart")
    panel = await member.panel()
    await member.press(panel["reply_markup"]["inline_keyboard"][0][0]["text"])
    prompt = await member.expect("into the cart?")
    found = re.search(r"At least (\d+)", prompt["params"]["text"])
    await member.says(found.group(1) if found else "1", "Added")
    await member.says("/cancel", "cancelled")


async def test_a_1688_cart_across_two_sellers_is_one_batch_of_two_orders(bot):
    buyer = bot.user(BUYER)
    await _add_first_option(buyer, FOLDER_1688)
    await _add_first_option(buyer, "https://detail.1688.com/offer/709004518866.html")
    await buyer.press("☑ Select all", message=await buyer.says("/cart 1688", "1688 cart"))
    await buyer.expect("Selected: 2 lines")
    preview = await order_selected(buyer)
    assert "Seller 1/2" in preview["params"]["text"]
    await buyer.taps("Confirm", "Batch #B1")
    orders = await bot.platform_orders()
    assert len(orders) == 2  # one per seller, from one batch create
    assert await platform_cart(bot, "1688") == []  # both lines left the cart
