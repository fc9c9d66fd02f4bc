"""A complete Taobao order, link to order number, through the stand-ins."""

from __future__ import annotations

from tests.e2e.flows import items_to_preview
from tests.e2e.harness import BUYER

TSHIRT = "https://item.taobao.com/item.htm?spm=a21bo.1&id=653211874520&scm=1007"


async def test_complete_taobao_order(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/start", "Taobao/Tmall")
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says(f"看看这个 {TSHIRT} 好看", "Choose the SKU")
    # 16 SKUs: paged
    await buyer.taps("Next", "Choose the SKU")
    await buyer.taps("Previous", "Choose the SKU")
    await buyer.taps("白色 / L", "How many")
    await buyer.says("2", "Subtotal")
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("step by step", "name")
    await buyer.says("张三", "mobile")
    await buyer.says("138 1234 5678", "Country")
    await buyer.taps("China", "Province")
    await buyer.says("浙江", "City")
    await buyer.says("杭州市", "District")
    await buyer.says("余杭区", "Street")
    await buyer.says("文一西路969号", "Postal")
    await buyer.says("311121", "Use this address")
    await buyer.taps("Use and save", "Budget")
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Lazada", "Your own order number")
    await buyer.says("LZ-2026-0001", "Preview")
    panel = await buyer.panel()
    assert "¥78.00" in panel["text"]  # 2 × ¥39.00
    assert "Total: ¥84.00 (8400 fen)" in panel["text"]
    assert "LZ-2026-0001" in panel["text"]
    result = await buyer.taps("Confirm", "Order placed")
    text = result["params"]["text"]
    orders = await bot.platform_orders()
    assert len(orders) == 1
    assert orders[0]["key"] == "LZ-2026-0001"
    assert orders[0]["purchaseAmount"] == 8400  # goods + ¥6.00 domestic postage
    assert orders[0]["orderNo"] in text


async def test_a_taobao_order_across_two_shops_is_one_order(bot):
    """Taobao's create takes several shops' goods at once: no batch, one order."""
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    await buyer.taps("白色 / L", "How many")
    await buyer.says("1", "Subtotal")
    await buyer.taps("Add another item", "Paste a")
    await buyer.says("https://item.taobao.com/item.htm?id=672405588190", "How many")
    await buyer.says("1", "Subtotal")
    preview = await items_to_preview(buyer)
    assert "seller" not in preview["params"]["text"].lower().split("preview")[0]
    await buyer.taps("Confirm", "Order placed")
    orders = await bot.platform_orders()
    assert len(orders) == 1 and len(orders[0]["lines"]) == 2
