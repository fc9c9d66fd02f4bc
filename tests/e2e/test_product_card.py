"""A product's card and the choice about it are one message (handlers/panel_card.py)."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import BUYER, Member

TSHIRT = "https://item.taobao.com/item.htm?id=653211874520"
TITLE = "纯棉短袖T恤男女同款宽松圆领打底衫"
CARD_BUTTONS = ["🌏 Shipping to…", "🛒 Add to cart"]
GROUP = -200


def labels(message: dict[str, Any]) -> list[str]:
    return [button["text"] for row in message["reply_markup"]["inline_keyboard"] for button in row]


def shown(message: dict[str, Any]) -> str:
    return message.get("caption") or message.get("text") or ""


async def from_bot(member: Member) -> list[dict[str, Any]]:
    return [m for m in await member.messages() if m.get("from_bot")]


async def by_id(member: Member, message_id: int) -> dict[str, Any]:
    return next(m for m in await member.messages() if m["message_id"] == message_id)


async def open_shirt(member: Member) -> dict[str, Any]:
    """/neworder, Taobao, the link: the card with the SKU choice under it, as it stands (and
    the call that sent it, under "sent")."""
    await member.says("/neworder", "Which platform")
    await member.taps("Taobao", "Paste a")
    before = len(await from_bot(member))
    sent = await member.says(TSHIRT, "Choose the SKU")
    after = await from_bot(member)
    assert len(after) == before + 1  # one message, not a card and a panel under it
    assert after[-1]["message_id"] == sent["result"]["message_id"]
    return {**after[-1], "sent": sent}


async def test_the_card_carries_the_sku_and_quantity_steps_and_then_its_own_buttons(bot):
    buyer = bot.user(BUYER)
    card = await open_shirt(buyer)
    assert card["photo"] and TITLE in card["caption"] and "¥39.00" in card["caption"]
    assert card["caption"].endswith("Choose the SKU (colour, size…):")
    assert "白色 / L · ¥39.00" in labels(card) and labels(card)[-2:] == CARD_BUTTONS
    # paging and the SKU edit the card: its details stay, the question below changes
    await buyer.taps("Next", "Choose the SKU")
    await buyer.taps("Previous", "Choose the SKU")
    asked = await buyer.taps("白色 / L", "How many")
    assert asked["method"] == "editMessageCaption"
    card = await by_id(buyer, card["message_id"])
    assert TITLE in card["caption"] and "How many of <b>白色 / L</b>" not in card["caption"]
    assert "How many of 白色 / L" in card["caption"] and labels(card)[-2:] == CARD_BUTTONS
    # the panel moves on to a new message; the card is the product's record again
    await buyer.send("2")
    await buyer.expect("Subtotal")
    restored = await buyer.sim.wait_for(
        buyer.chat_id,
        predicate=lambda call: (
            call["method"] == "editMessageCaption"
            and "How many" not in str(call["params"].get("caption"))
        ),
    )
    assert restored["ok"]
    card = await by_id(buyer, card["message_id"])
    assert TITLE in card["caption"] and "How many" not in card["caption"]
    assert labels(card) == CARD_BUTTONS
    # its own buttons still work once the order has moved on
    await buyer.press("Add to cart", message=card)
    await buyer.expect(TITLE)  # the cart asks which option, below


async def test_a_press_on_the_card_after_the_panel_moved_on_is_refused_quietly(bot):
    buyer = bot.user(BUYER)
    card = await open_shirt(buyer)
    await buyer.taps("白色 / L", "How many")
    await buyer.says("1", "Subtotal")
    # a client that had not redrawn the card yet still shows its quantity buttons
    await bot.sim.press(BUYER, card["message_id"], BUYER, "n:qty:5", forged=True)
    await buyer.expect("expired")
    assert labels(await by_id(buyer, card["message_id"])) == CARD_BUTTONS


async def test_cancel_on_the_card_leaves_the_card_with_the_note(bot):
    buyer = bot.user(BUYER)
    card = await open_shirt(buyer)
    await buyer.taps("Cancel", "Order cancelled")
    card = await by_id(buyer, card["message_id"])
    assert TITLE in card["caption"] and "Order cancelled" in card["caption"]
    assert labels(card) == CARD_BUTTONS
    assert bot.bot.parts.deps.drafts.load(BUYER, BUYER) is None


async def test_a_photo_telegram_refuses_leaves_a_text_card_with_the_choice(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await bot.sim.fault("sendPhoto", 400, "Bad Request: wrong file identifier/HTTP URL specified")
    sent = await buyer.says(TSHIRT, "Choose the SKU")
    assert sent["method"] == "sendMessage" and TITLE in sent["params"]["text"]
    asked = await buyer.taps("白色 / L", "How many")
    assert asked["method"] == "editMessageText" and TITLE in asked["params"]["text"]
    await buyer.says("1", "Subtotal")
    restored = await buyer.sim.wait_for(
        buyer.chat_id,
        predicate=lambda call: (
            call["method"] == "editMessageText"
            and TITLE in str(call["params"].get("text"))
            and "How many" not in str(call["params"].get("text"))
        ),
    )
    assert restored["ok"]


async def test_in_a_group_the_card_names_its_member_and_is_theirs_alone(bot):
    await bot.restart_bot_with(ORDERBOT_ALLOWED_CHATS=str(GROUP))
    alice = bot.user(BUYER, chat_id=GROUP, chat_type="group", first_name="Alice")
    bob = bot.user(4004, chat_id=GROUP, chat_type="group", first_name="Bob")
    card = await open_shirt(alice)
    assert card["sent"]["params"]["reply_parameters"]["message_id"]  # answers Alice's link
    await bob.press("白色 / L", message=card)
    await bob.expect("not your draft")
    asked = await alice.taps("白色 / L", "How many")
    assert asked["params"]["caption"].startswith("👤 <b>Alice</b>")
    assert TITLE in asked["params"]["caption"]


async def test_a_bare_id_opened_by_its_platform_button_comes_with_its_card(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.says("653211874520", "a Taobao item or a 1688 offer")
    card = await buyer.taps("Taobao", "Choose the SKU")
    assert card["method"] == "sendPhoto" and TITLE in card["params"]["caption"]


async def test_a_new_order_started_on_the_card_gives_it_back_its_own_buttons(bot):
    buyer = bot.user(BUYER)
    card = await open_shirt(buyer)
    await buyer.says("/neworder", "Which platform")
    await buyer.sim.wait_for(
        buyer.chat_id,
        predicate=lambda call: (
            call["method"] == "editMessageCaption"
            and call["params"]["message_id"] == card["message_id"]
        ),
    )
    restored = await by_id(buyer, card["message_id"])
    assert labels(restored) == CARD_BUTTONS and "Choose the SKU" not in restored["caption"]


async def test_a_quantity_typed_after_picking_a_sku_is_the_orders_even_with_an_estimate_open(bot):
    """🌏 Shipping to… on the card opens the estimate (which waits for a country); a press on
    the order's card afterwards makes the order the member's latest, so their number is its."""
    buyer = bot.user(BUYER)
    card = await open_shirt(buyer)
    await buyer.press("Shipping to", message=card)
    await buyer.expect("Where to?")
    await buyer.press("白色 / L", message=await by_id(buyer, card["message_id"]))
    await buyer.expect("How many")
    summary = await buyer.says("2", "Subtotal")
    assert "2 × ¥39.00" in summary["params"]["text"]
    # and the estimate still takes a country typed after a press on its own panel
    estimate = next(
        m for m in reversed(await from_bot(buyer)) if "Where to?" in (m.get("text") or "")
    )
    await buyer.press("Vietnam", message=estimate)
    await buyer.expect("Vietnam")
