"""What the platform answers is what the member is told: "not found" is said as not found, a
refusal as a refusal — "the platform is not answering" only when it is not."""

from __future__ import annotations

from tests.e2e.flows import TSHIRT, place_order
from tests.e2e.harness import BUYER


async def _forget_everything(stack) -> None:
    """The platform no longer has the orders (here: the sandbox goes back to its seed)."""
    (await stack.control.post("/_sandbox/reset")).raise_for_status()


async def test_an_order_the_platform_no_longer_has_is_reported_as_not_found(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "GONE-1")
    [order] = await bot.platform_orders()
    await _forget_everything(bot)

    tracked = await buyer.says("/track #1", "The platform has no order #1")
    text = tracked["params"]["text"]
    assert order["orderNo"] in text
    assert "not answering" not in text
    await buyer.says("/status #1", "Order #1")
    refreshed = await buyer.taps("Refresh", "The platform has no order #1")
    assert "Awaiting payment" in refreshed["params"]["text"]  # the stored card, unchanged
    await buyer.taps("Cancel order", "Why cancel")
    cancelled = await buyer.taps("I changed my mind", "The platform has no order #1")
    assert "not answering" not in cancelled["params"]["text"]


async def test_a_refused_product_lookup_says_what_the_platform_said(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await bot.fault(endpoint="taobao.product.get", kind="error_code", code=429, msg="请求过于频繁")
    refused = await buyer.says(TSHIRT, "The platform said no: 请求过于频繁")
    assert "not answering" not in refused["params"]["text"]
    await buyer.says(TSHIRT, "Choose the SKU")  # the step is still there; the next try works
