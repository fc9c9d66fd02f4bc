"""Marketing and the re-check before the preview, through both stand-ins: a 1688 shop promotion
chosen in the preview (its discount in the totals, the create call and the stored order),
promotion prices, and price or stock changes between adding a line and previewing it."""

from __future__ import annotations

from tests.e2e.flows import TSHIRT_ID, items_to_preview, paste_address, to_budget
from tests.e2e.harness import BUYER, Member
from tests.e2e.search_flows import buttons, change_product, search_message

FOLDER = "706627393257"  # 好运来: ¥3.50 from 10, ¥3.20 from 100; promotion 满300减20


async def _folders_to_preview(buyer: Member, quantity: str) -> dict:
    await buyer.says("/search 1688 文件夹", "page 1/1")
    await buyer.taps("1", "Tap an option")
    await buyer.taps("透明", "How many")
    await buyer.says(quantity, "Subtotal")
    return await items_to_preview(buyer)


async def test_a_shop_promotion_is_chosen_and_its_discount_reaches_the_order(bot):
    buyer = bot.user(BUYER)
    preview = await _folders_to_preview(buyer, "100")  # 100 × ¥3.20 = ¥320
    assert "The seller offers a promotion" in preview["params"]["text"]
    panel = await buyer.panel()
    assert ("🎁 Use 满300减20 · −¥20.00", "n:pm:0") in buttons(panel)
    chosen = await buyer.taps("Use 满300减20", "Shop promotion 满300减20: −¥20.00")
    text = chosen["params"]["text"]
    assert "Total: ¥308.00" in text  # ¥320 goods + ¥8 postage − ¥20
    assert ("✖ No promotion", "n:pm:-") in buttons(await buyer.panel())
    await buyer.taps("Confirm", "Order placed")
    [order] = await bot.platform_orders()
    assert (order["discount"], order["shopPromotionId"]) == (2000, "SPHYL300")
    assert order["totalAmount"] == 30800
    card = await buyer.says("/status #1", "Order #1")
    assert "Shop promotion 满300减20: −¥20.00" in card["params"]["text"]
    assert "Total: ¥308.00" in card["params"]["text"]


async def test_a_promotion_can_be_taken_back_and_is_dropped_when_no_longer_reached(bot):
    buyer = bot.user(BUYER)
    await _folders_to_preview(buyer, "100")
    await buyer.taps("Use 满300减20", "−¥20.00")
    back = await buyer.taps("No promotion", "Preview")
    assert (
        "Shop promotion" not in back["params"]["text"]
        and "Total: ¥328.00" in back["params"]["text"]
    )
    await buyer.taps("Use 满300减20", "−¥20.00")
    # fewer goods than the promotion needs: it goes, and the member is told
    await buyer.taps("Edit items", "Subtotal")
    await buyer.taps("Remove a line", "Which line")
    await buyer.taps("1.", "no items yet")
    await buyer.taps("Add another item", "1688")
    await buyer.says(f"{FOLDER} {await _spec(bot)} 20", "Subtotal")  # 20 × ¥3.50 = ¥70
    dropped = await buyer.taps("Continue", "no longer applies")
    assert "Shop promotion 满300减20:" not in dropped["params"]["text"]
    await buyer.taps("Confirm", "Order placed")
    [order] = await bot.platform_orders()
    assert order["discount"] == 0 and order["shopPromotionId"] is None


async def test_a_price_change_since_adding_is_shown_and_the_new_price_taken(bot):
    buyer = bot.user(BUYER)
    await to_budget(buyer)  # 2 T-shirts at ¥39.00, quoted
    await change_product(bot, "taobao", TSHIRT_ID, price=4200)
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    changes = await buyer.taps("Generate one", "price changed ¥39.00 → ¥42.00")
    assert "Prices or stock changed" in changes["params"]["text"]
    labels = [label for label, _ in buttons(await buyer.panel())]
    assert labels[:3] == [
        "✅ 1: take the new price ¥42.00",
        "✏️ 1: change the quantity",
        "🗑 1: remove the line",
    ]
    preview = await buyer.taps("take the new price", "Preview")
    assert "2 × ¥42.00 = <b>¥84.00</b>" in preview["params"]["text"]
    await buyer.taps("Confirm", "Order placed")
    [order] = await bot.platform_orders()
    assert order["productAmount"] == 8400


async def test_only_a_few_left_the_quantity_is_changed_and_a_sold_out_line_removed(bot):
    buyer = bot.user(BUYER)
    await to_budget(buyer)  # 2 T-shirts 白色 / L
    catalog = {item["itemId"]: item for item in await bot.catalog()}
    white_l = next(
        sku["skuId"]
        for sku in catalog[TSHIRT_ID]["skus"]
        if sku["properties"] == {"颜色分类": "白色", "尺码": "L"}
    )
    await change_product(bot, "taobao", TSHIRT_ID, skuId=white_l, stock=1)
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    await buyer.taps("Generate one", "only 1 left")
    labels = [label for label, _ in buttons(await buyer.panel())]
    assert not any("take the new price" in label for label in labels)
    await buyer.taps("change the quantity", "In stock now: 1")
    refused = await buyer.says("2", "Only 1 in stock")  # said, and the step stays
    assert refused["method"] == "sendMessage"
    preview = await buyer.says("1", "Preview")
    assert "1 × ¥39.00" in preview["params"]["text"]
    # a second line sells out before the next preview: it can only be removed
    await buyer.taps("Edit items", "Subtotal")
    await buyer.taps("Add another item", "Paste a")
    await buyer.says("https://item.taobao.com/item.htm?id=671188203456", "Choose the SKU")
    await buyer.taps("奶白", "How many")
    await buyer.says("3", "Subtotal")
    await change_product(bot, "taobao", "671188203456", stock=0)
    gone = await buyer.taps("Continue", "no longer available")  # back to the preview
    assert "2. 北欧陶瓷马克杯" in gone["params"]["text"]
    labels = [label for label, _ in buttons(await buyer.panel())]
    assert labels[:1] == ["🗑 2: remove the line"]
    preview = await buyer.taps("2: remove the line", "Preview")
    assert "马克杯" not in preview["params"]["text"]


async def test_a_1688_tier_price_change_is_found_by_the_preview(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/search 1688 文件夹", "page 1/1")
    await buyer.taps("1", "Tap an option")
    await buyer.taps("蓝色", "How many")
    await buyer.says("100", "Subtotal")
    await change_product(bot, "1688", FOLDER, tiers=[[10, 400], [100, 380]])
    await buyer.taps("Continue to the address", "Receiver")
    await paste_address(buyer)
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    await buyer.taps("Generate one", "price changed ¥3.20 → ¥3.80")
    preview = await buyer.taps("take the new price", "Preview")
    assert "100 × ¥3.80 = <b>¥380.00</b>" in preview["params"]["text"]


async def test_promotion_prices_show_on_cards_and_in_the_preview(bot):
    buyer = bot.user(BUYER)
    hoodie = "655012948812"  # ¥89.00, on promotion at ¥79.00
    await buyer.says(hoodie, "on which platform")
    await buyer.taps("Open on Taobao", "Tap an option")
    card = await search_message(buyer)
    assert "¥79.00 ¥89.00 🏷 on promotion" in card["caption"]
    assert "<s>¥89.00</s>" in (card.get("html") or "")
    await buyer.taps("灰色 / L", "How many")
    cart = await buyer.says("1", "Subtotal")
    assert "<s>¥89.00</s>" in cart["params"]["text"]


async def _spec(bot, colour: str = "透明") -> str:
    for item in await bot.catalog():
        if item["itemId"] == FOLDER:
            return next(s["specId"] for s in item["skus"] if s["properties"]["颜色"] == colour)
    raise AssertionError("no folder")
