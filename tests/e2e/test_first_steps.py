"""What a new user met, each shown as the user sees it: through the real bot, the Telegram
stand-in and the sandbox platform — the command menu and /help, a stranger's /start, counted
texts, the budget's examples, a pasted address with a bad phone, the optional postal code, SKU
prices at the minimum order and promotions, and order lines pasted before choosing a platform."""

from __future__ import annotations

import re
from typing import Any

from telegram.ext import CommandHandler, ConversationHandler

from handlers.commands import MENU_COMMANDS, UNLISTED_COMMANDS
from tests.e2e.flows import FOLDER_1688, TSHIRT, TSHIRT_ID, to_address, to_cart
from tests.e2e.harness import BUYER, STRANGER, Member, Stack

HOODIE = "https://item.taobao.com/item.htm?id=655012948812"  # ¥89.00, on promotion at ¥79.00
FOLDER_ID = "706627393257"  # 1688, MOQ 10: ¥3.50 from 10, ¥3.20 from 100, ¥2.80 from 500
SHARED_ID = "711302984455"  # a 1688 offer and a Taobao item


def buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or (message.get("params") or {}).get("reply_markup")
    return [b["text"] for row in (markup or {}).get("inline_keyboard", []) for b in row]


def text_of(call: dict[str, Any]) -> str:
    return call["params"].get("text") or call["params"].get("caption") or ""


async def sku_id(stack: Stack, item_id: str, platform: str, label: str) -> str:
    """A SKU's id (Taobao skuId, 1688 specId) from the sandbox catalog, by its values."""
    item = next(
        i for i in await stack.catalog() if i["itemId"] == item_id and i["platform"] == platform
    )
    sku = next(s for s in item["skus"] if "/".join(s["properties"].values()) == label)
    return sku["skuId"] if platform == "taobao" else sku["specId"]


# --- commands ------------------------------------------------------------------------------


def registered_commands(handlers) -> set[str]:
    found: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            found |= set(handler.commands)
        elif isinstance(handler, ConversationHandler):
            nested = [*handler.entry_points, *handler.fallbacks]
            nested += [h for state in handler.states.values() for h in state]
            found |= registered_commands(nested)
    return found


async def test_help_lists_exactly_the_command_menu_in_both_languages(bot):
    menus = {c.get("language_code") or "en": c["commands"] for c in await bot.sim.commands()}
    for lang, code in (("en", "en"), ("zh", "zh-hans")):
        buyer = bot.user(BUYER, language_code=code)
        help_text = text_of(await buyer.says("/help", "/neworder"))
        listed = re.findall(r"^/([a-z]+) — (.+)$", help_text, re.MULTILINE)
        menu = [(c["command"], c["description"]) for c in menus[lang]]
        assert listed == menu  # the same commands, in the same order, described alike
    assert [name for name, _ in listed] == list(MENU_COMMANDS)
    assert {"orders", "status", "track", "pending", "addresses", "language"} <= set(MENU_COMMANDS)
    handlers = [h for group in bot.bot.application.handlers.values() for h in group]
    assert registered_commands(handlers) == set(MENU_COMMANDS) | set(UNLISTED_COMMANDS)


async def test_a_strangers_start_and_help_do_not_invite_them_to_order(bot):
    stranger = bot.user(STRANGER, first_name="Sam")
    for command in ("/start", "/help"):
        text = text_of(await stranger.says(command, "Hello Sam"))
        assert "/neworder" not in text and "paste a product link" not in text.lower()
        assert f"<code>{STRANGER}</code>" in text  # the id to give the operator
        assert "not allowed to place orders" in text
    member = text_of(await bot.user(BUYER).says("/start", "Hello"))
    assert "/neworder" in member  # a member is invited, of course


# --- counted texts ---------------------------------------------------------------------------


async def test_a_draft_put_aside_says_1_line_then_2_lines(bot):
    buyer = bot.user(BUYER)
    await to_cart(buyer)
    one = await buyer.says("/neworder", "unfinished order draft")
    assert "with 1 line." in text_of(one)
    await buyer.taps("Continue the draft", "Subtotal")
    await buyer.taps("Add another item", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    await buyer.taps("黑色 / L", "How many")
    await buyer.says("1", "Subtotal")
    two = await buyer.says("/neworder", "unfinished order draft")
    assert "with 2 lines." in text_of(two)
    chinese = bot.user(BUYER, language_code="zh-hans")  # the same member, a Chinese app
    assert "（2 行）" in text_of(await chinese.says("/neworder", "未完成的采购单草稿"))


# --- the budget ------------------------------------------------------------------------------


async def test_the_budget_examples_are_above_the_total_and_name_no_api_field(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    await buyer.says("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this address")
    prompt = text_of(await buyer.taps("Use this address", "Budget"))
    assert "<b>Total: ¥84.00 (8400 fen)</b>" in prompt
    assert "such as <code>90</code> or <code>¥95.50</code>" in prompt  # both above ¥84.00
    assert not re.search(r"\b[a-z]+[A-Z][a-z]+\b", prompt)  # no purchaseAmount or the like
    await buyer.says("90", "Where did this order come from")  # the example works as typed


# --- the receiver ----------------------------------------------------------------------------


async def test_a_pasted_address_with_a_short_phone_says_so_in_the_steps_words(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    note = text_of(
        await buyer.says(
            "张三 1381234567 浙江省杭州市余杭区文一西路969号 311121",
            "I read this from your message",
        )
    )
    assert note.splitlines()[1:8] == [
        "• Name: 张三",
        "• Country: 中国",
        "• Province / state: 浙江省",
        "• City: 杭州市",
        "• District: 余杭区",
        "• Street address: 文一西路969号",  # the digits are not folded into the street
        "• Postal code: 311121",
    ]
    assert "⚠️ Mobile number: This mobile number is too short." in note
    await buyer.expect("Receiver's <b>mobile number</b>")  # asked again, on its own
    confirm = text_of(await buyer.says("13812345678", "Use this address"))
    assert "+86 138 1234 5678" in confirm and "1381234567 " not in confirm


async def test_a_landline_in_a_pasted_address_is_not_taken_for_a_mobile(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    note = text_of(
        await buyer.says("张三 0571-88889999 浙江省杭州市余杭区文一西路969号 311121", "I read this")
    )
    assert "• Landline: 0571-88889999" in note
    assert "⚠️ Mobile number: This looks like a landline." in note


async def enter_steps(buyer: Member, fields: list[str]) -> dict[str, Any]:
    """Enter the address step by step up to (not including) the postal code."""
    await to_address(buyer)
    await buyer.taps("Enter step by step", "Receiver's <b>name</b>")
    prompts = ["mobile number", "Country", "Province / state", "City", "District"]
    prompts += ["Street address", "Postal code"]
    last: dict[str, Any] = {}
    for value, prompt in zip(fields, prompts, strict=True):
        last = await buyer.says(value, prompt)
    return last


async def test_the_postal_code_of_a_chinese_address_can_be_skipped(bot):
    buyer = bot.user(BUYER)
    fields = ["张三", "13812345678", "中国", "浙江省", "杭州市", "余杭区", "文一西路969号"]
    zip_step = await enter_steps(buyer, fields)
    assert "Optional: tap Skip" in text_of(zip_step)
    assert "Skip ▶" in buttons(zip_step)
    confirm = text_of(await buyer.taps("Skip", "Use this address"))
    assert "\n文一西路969号\n中国\n\n" in confirm  # no postal code shown
    await buyer.taps("Use this address", "Budget")
    await buyer.taps("Use the total", "come from")
    await buyer.taps("Skip", "Your own order number")
    await buyer.says("NOZIP-1", "Preview")
    await buyer.taps("Confirm", "Order placed")
    placed = (await bot.platform_orders())[0]
    assert placed["receiver"]["zip"] == "" and placed["receiver"]["district"] == "余杭区"


async def test_a_singapore_address_needs_its_postal_code(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Enter step by step", "Receiver's <b>name</b>")
    await buyer.says("Tan Mei", "mobile number")
    await buyer.says("+65 9123 4567", "Country")
    await buyer.says("Singapore", "Province / state")
    await buyer.says("Singapore", "City")
    await buyer.says("Singapore", "District")
    await buyer.taps("Skip", "Street address")  # the district may be skipped anywhere
    zip_step = await buyer.says("1 Raffles Place", "Postal code")
    assert "Skip ▶" not in buttons(zip_step) and "Optional" not in text_of(zip_step)
    confirm = text_of(await buyer.says("048616", "Use this address"))
    assert "048616 Singapore" in confirm


# --- SKUs and prices -------------------------------------------------------------------------


async def test_sku_buttons_price_the_minimum_order_not_the_best_tier(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("1688", "Paste a")
    card = text_of(await buyer.says(FOLDER_1688, "Minimum order"))
    assert "≥10: ¥3.50, ≥100: ¥3.20, ≥500: ¥2.80" in card  # every tier on the card
    labels = buttons(await buyer.expect("Choose the SKU"))
    assert "透明 · ¥3.50" in labels and "蓝色 · ¥3.50" in labels
    assert not any("¥2.80" in label for label in labels)


async def test_a_promotion_price_is_shown_beside_the_original(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    card = text_of(await buyer.says(HOODIE, "promotion"))
    assert "💴 <b>¥79.00</b> <s>¥89.00</s> (promotion)" in card
    labels = buttons(await buyer.expect("Choose the SKU"))
    assert "灰色 / L · ¥79.00 (was ¥89.00)" in labels
    await buyer.taps("灰色 / L", "How many")
    assert "1 × ¥79.00" in text_of(await buyer.says("1", "Subtotal"))  # the promotion is paid


# --- order lines before a platform -------------------------------------------------------------


async def test_order_lines_pasted_before_a_platform_is_chosen_are_found_where_they_are(bot):
    buyer = bot.user(BUYER)
    shirt = await sku_id(bot, TSHIRT_ID, "taobao", "白色/L")
    await buyer.says("/neworder", "Which platform")
    found = await buyer.says(f"{TSHIRT_ID} {shirt} 2", "is a Taobao / Tmall item")
    assert "this is a Taobao / Tmall order" in text_of(found)
    assert "Taobao / Tmall order" in text_of(await buyer.expect("Subtotal"))
    await buyer.says("/cancel", "cancelled")

    folder = await sku_id(bot, FOLDER_ID, "1688", "透明")
    await buyer.says("/neworder", "Which platform")
    await buyer.says(f"{FOLDER_ID} {folder} 10", "is a 1688 item")
    assert "1688 order" in text_of(await buyer.expect("Subtotal"))  # never looked up as Taobao
    await buyer.says("/cancel", "cancelled")

    await buyer.says("/neworder", "Which platform")
    missing = await buyer.says("999999999 1 2", "could not find")
    assert "<code>999999999</code> on Taobao or on 1688" in text_of(missing)
    cable = await sku_id(bot, SHARED_ID, "taobao", "白色")
    await buyer.says(f"{SHARED_ID} {cable} 3", "both a Taobao item and a 1688 offer")
    await bot.restart_bot()  # the question and the lines waiting for it survive a restart
    cart = text_of(await buyer.taps("Taobao / Tmall", "Subtotal"))
    assert "Taobao / Tmall order" in cart and "3 × ¥15.90" in cart


async def test_lines_are_not_guessed_onto_one_platform_while_the_other_is_down(bot):
    buyer = bot.user(BUYER)
    shirt = await sku_id(bot, TSHIRT_ID, "taobao", "白色/L")
    await buyer.says("/neworder", "Which platform")
    await bot.fault(endpoint="alibaba.product.detail", kind="http_error", http_status=503, times=0)
    down = await buyer.says(f"{TSHIRT_ID} {shirt} 2", "not answering")
    assert "try again in a moment" in text_of(down)
    (await bot.control.delete("/_sandbox/faults")).raise_for_status()
    await buyer.says(f"{TSHIRT_ID} {shirt} 2", "is a Taobao / Tmall item")  # the same step
    await buyer.expect("Subtotal")
