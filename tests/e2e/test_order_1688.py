"""A complete single-seller 1688 order: minimum order, tier prices, several lines."""

from __future__ import annotations

from tests.e2e.flows import ADDRESS_BLOCK, FOLDER_1688
from tests.e2e.harness import BUYER


async def test_complete_1688_order_with_moq_and_tiers(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("1688", "1688")
    card = await buyer.says(FOLDER_1688, "Minimum order: 10")
    assert "≥100: ¥3.20" in card["params"].get("caption", card["params"].get("text", ""))
    await buyer.expect("Choose the SKU")
    asked = await buyer.taps("蓝色", "How many")  # under the card, which states the minimum
    assert "Minimum order: 10" in asked["params"]["caption"]
    reply = await buyer.says("5", "minimum")  # below the MOQ: refused, same step
    assert reply["method"] == "sendMessage"
    await buyer.says("120", "Subtotal")  # the ≥100 tier: ¥3.20 each
    panel = await buyer.panel()
    assert "120 × ¥3.20 = ¥384.00" in panel["text"]
    # a second line from the same seller, pasted as power-user lines
    await buyer.taps("Add another item", "1688")
    await buyer.says("707118845120 " + await _spec(bot, "707118845120", "黑色") + " 20", "Subtotal")
    panel = await buyer.panel()
    assert "20 × ¥10.50" in panel["text"]
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("Paste a whole address", "Paste")
    await buyer.says(ADDRESS_BLOCK, "Use this address")
    await buyer.taps("Use this address", "Budget")
    reply = await buyer.says("600", "below the order total")  # ¥594 goods + postage
    assert reply["method"] == "sendMessage"
    await buyer.says("¥700", "Where did this order come from")  # a cap above the total
    await buyer.taps("Skip", "Your own order number")
    await buyer.taps("Generate one", "Preview")
    result = await buyer.taps("Confirm", "Order placed")
    orders = await bot.platform_orders()
    assert len(orders) == 1 and orders[0]["platform"] == "1688"
    assert orders[0]["orderId"] in result["params"]["text"]
    assert {line["quantity"] for line in orders[0]["lines"]} == {120, 20}


async def _spec(bot, offer_id: str, colour: str) -> str:
    for item in await bot.catalog():
        if str(item.get("itemId") or item.get("offerId")) == offer_id:
            for sku in item["skus"]:
                if colour in str(sku):
                    return str(sku.get("specId") or sku.get("skuId"))
    raise AssertionError(f"no {colour} SKU for {offer_id}")
