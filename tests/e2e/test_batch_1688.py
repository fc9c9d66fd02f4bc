"""A 1688 draft across three sellers: one batch preview, one batch create, three stored orders
under one `#B` reference — one seller refused with its reason; bulk payment of a selection
where one order cannot be paid in the chat (its seller takes the cashier page only)."""

from __future__ import annotations

from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.pandapon import models_alibaba as ali
from bot.pandapon.client import PandaPonClient
from tests.e2e.flows import items_to_preview
from tests.e2e.harness import BUYER


async def _spec(bot, offer_id: str, *values: str) -> str:
    """The spec id of the offer's SKU whose properties hold every one of `values`."""
    for item in await bot.catalog():
        if str(item.get("itemId")) == offer_id:
            for sku in item["skus"]:
                if all(v in sku["properties"].values() for v in values):
                    return sku["specId"]
    raise AssertionError(f"no SKU {values} for {offer_id}")


FOLDER = "706627393257"  # 义乌市好运来文具厂 (haoyunlai)
SNEAKERS = "709004518866"  # 广州市白云区步步高鞋业 (bubugao)
EARBUDS = "712566103398"  # 深圳市华强北优创电子商行 (youchuang); pink: 15 in stock
YOUCHUANG = "BBBr7T0uVw4Qm8sNn2Lx9HcZe"
BUBUGAO = "BBBkq9F3cZQy1m2iV3XoWl5cA"


async def _three_seller_preview(bot, buyer) -> None:
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("1688", "1688")
    lines = [
        f"{FOLDER} {await _spec(bot, FOLDER, '蓝色')} 20",
        f"{SNEAKERS} {await _spec(bot, SNEAKERS, '白色', '40')} 2",
        f"{EARBUDS} {await _spec(bot, EARBUDS, '粉色')} 10",
    ]
    await buyer.says(lines[0], "Subtotal")
    for line in lines[1:]:  # another seller's goods join the same draft
        await buyer.taps("Add another item", "1688")
        await buyer.says(line, "Subtotal")
    await items_to_preview(buyer)


async def _take_stock(bot, offer_id: str, spec_id: str, quantity: int) -> None:
    """Another buyer on the platform takes the stock meanwhile (a direct create)."""
    client = PandaPonClient(
        base_url=bot.platform_url,
        access_key=SANDBOX_ACCESS_KEY,
        secret=SANDBOX_ACCESS_SECRET,
        user_id=SANDBOX_USER_ID,
        transport=bot.platform_transport,
    )
    async with client:
        address = ali.AlibabaAddress(full_name="李四", mobile="13900001111", address="某路1号")
        cargo = [ali.Cargo(offer_id=int(offer_id), spec_id=spec_id, quantity=quantity)]
        request = ali.CreateOrderRequest(address_param=address, cargo_param_list=cargo)
        result = await client.alibaba_create_order(request)
        assert result.success


async def test_three_sellers_one_batch_create_one_refused(bot):
    buyer = bot.user(BUYER)
    await _three_seller_preview(bot, buyer)
    preview = await buyer.panel()
    text = preview["text"]
    assert "Seller 1/3" in text and "Seller 3/3" in text and "3 orders, one per seller" in text
    assert "fen)" in text  # totals in yuan and fen
    # the pink earbuds sell out between the preview and the confirmation
    await _take_stock(bot, EARBUDS, await _spec(bot, EARBUDS, "粉色"), 10)
    result = await buyer.taps("Confirm", "Batch #B1")
    body = result["params"]["text"]
    assert body.count("✅") == 2 and "❌" in body and "spec" in body  # the reason is shown
    orders = [o for o in await bot.platform_orders() if o["key"]]
    assert sorted(o["sellerOpenId"] for o in orders) != []
    assert len(orders) == 2  # one batch create: two sellers' orders, the third refused
    assert all(o["key"].endswith(o["sellerOpenId"]) for o in orders)
    # a second tap of Confirm (a client that still shows it) creates nothing
    await bot.sim.press(buyer.chat_id, preview["message_id"], BUYER, "n:ok", forged=True)
    await bot.sim.wait_for(buyer.chat_id, method="answerCallbackQuery")
    assert len([o for o in await bot.platform_orders() if o["key"]]) == 2
    # /status #B1 shows the batch; /orders marks its orders
    card = await buyer.says("/status #B1", "Batch #B1")
    assert card["params"]["text"].count("✅") == 2
    listing = await buyer.says("/orders", "Orders in this chat")
    labels = str(listing["params"]["reply_markup"])
    assert "B1" in labels


async def test_pay_all_with_one_order_only_the_cashier_takes(bot):
    buyer = bot.user(BUYER)
    await _three_seller_preview(bot, buyer)
    response = await bot.control.put("/_sandbox/cashier-only", json={"sellers": [BUBUGAO]})
    response.raise_for_status()
    await buyer.taps("Confirm", "Batch #B1")
    paid = await buyer.taps("Pay all (3)", "Payment")
    text = paid["params"]["text"]
    assert "2 of 3 orders paid" in text and "cashier page" in text
    buttons = paid["params"]["reply_markup"]["inline_keyboard"]
    assert len(buttons) == 1 and "/_sandbox/cashier/" in buttons[0][0]["url"]
    statuses = {o["sellerOpenId"]: o["status"] for o in await bot.platform_orders() if o["key"]}
    assert statuses[BUBUGAO] == "waitbuyerpay"
    assert sorted(s for k, s in statuses.items() if k != BUBUGAO) == ["waitsellersend"] * 2
    # /pay lists what is still unpaid; paying it again is refused per order, never twice
    listing = await buyer.says("/pay", "Unpaid orders")
    assert "(1)" in listing["params"]["text"]
    again = await buyer.taps("Pay selected (1)", "Payment")
    assert "0 of 1 order paid" in again["params"]["text"]


async def test_a_group_batch_across_sellers_waits_for_an_approver(stack):
    group, approver_id = -100555, 2002
    await stack.start_bot(ORDERBOT_ALLOWED_CHATS=str(group), ORDERBOT_APPROVERS=str(approver_id))
    buyer = stack.user(BUYER, chat_id=group, chat_type="group")
    approver = stack.user(approver_id, chat_id=group, chat_type="group", first_name="Boss")
    await _three_seller_preview(stack, buyer)
    await buyer.taps("Confirm", "Approval request")
    assert [o for o in await stack.platform_orders() if o["key"]] == []  # nothing before a yes
    card = await buyer.panel()
    await approver.press("Approve", message=card)
    await approver.expect("done</b>", timeout=30)
    orders = [o for o in await stack.platform_orders() if o["key"]]
    assert len(orders) == 3 and len({o["sellerOpenId"] for o in orders}) == 3
    card = await buyer.says("/status #B1", "Batch #B1")
    assert card["params"]["text"].count("✅") == 3
