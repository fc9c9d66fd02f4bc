"""Shipping abroad end to end: freight estimates, the receiver abroad, the booking and /track,
domestic parcels, the pre-warehouse, the address book's sync, foreign address blocks."""

from __future__ import annotations

from tests.e2e.flows import TSHIRT, place_order, to_address, to_quantity
from tests.e2e.harness import BUYER

OPERATOR = 1009
VN_BLOCK = (
    "Nguyễn Văn An\n+84 912 345 678\n12 Nguyễn Huệ, Phường Bến Nghé\n"
    "Quận 1, Thành phố Hồ Chí Minh\nVietnam 700000"
)
US_BLOCK = "John Smith\n+1 (818) 555-0134\n12345 Ventura Blvd Apt 4\nStudio City, CA 91607\nUSA"


async def _sandbox(stack, path: str) -> dict:
    response = await stack.control.get(path)
    response.raise_for_status()
    return response.json()


async def test_an_estimate_in_two_countries_and_their_currencies(bot):
    buyer = bot.user(BUYER)
    await to_quantity(buyer)
    card = next(m for m in reversed(await buyer.messages()) if "Shipping to" in str(m))
    await buyer.press("Shipping to", message=card)
    await buyer.expect("Where to?")
    await buyer.says("Narnia", "not a country I know")  # bad input: the step stays
    vietnam = await buyer.says("Vietnam", "Freight to Vietnam")
    text = vietnam["params"]["text"]
    assert "₫" in text and "¥" in text and "Cainiao" in text and "days" in text
    await buyer.taps("Other country", "Where to?")
    usa = await buyer.says("United States", "Freight to United States")
    assert "$" in usa["params"]["text"] and "₫" not in usa["params"]["text"]
    # the quantity: a negative or huge one is answered clearly, a good one re-quotes
    await buyer.taps("Quantity", "How many")
    await buyer.says("-3", "cannot be negative")
    await buyer.says("20000", "At most 10000")
    many = await buyer.says("40", "× 40")
    assert "not available" in many["params"]["text"]  # economy takes at most 2 kg
    # remembered: the next estimate goes straight to the United States
    await buyer.taps("Close", "closed")
    await buyer.press("Shipping to", message=card)
    await buyer.expect("Freight to United States")


async def test_the_preview_offers_an_estimate_of_the_whole_order(bot):
    buyer = bot.user(BUYER)
    await place_order(buyer, "EST-1")  # the preview had the button; check on a new draft
    await to_quantity(buyer)
    await buyer.says("2", "Subtotal")
    await buyer.taps("Continue to the address", "Receiver")
    await buyer.taps("Paste a whole address", "Paste the whole address")
    await buyer.says(VN_BLOCK, "Use this address")
    await buyer.taps("Use this address", "Budget")
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    await buyer.taps("Generate one", "Preview")
    await buyer.taps("Shipping to", "Where to?")
    estimate = await buyer.taps("Thailand", "Freight to Thailand")
    assert "your order (1 line)" in estimate["params"]["text"]
    assert "THB" in estimate["params"]["text"] or "฿" in estimate["params"]["text"]


async def test_ship_abroad_book_track_domestic_and_pre_warehouse(stack):
    await stack.start_bot(
        ORDERBOT_ALLOWED_USERS=f"{BUYER},{OPERATOR}",
        ORDERBOT_ADMINS=str(OPERATOR),
        ORDERBOT_WAREHOUSE_NAME="Dongguan forwarder",
        ORDERBOT_WAREHOUSE_ADDRESS="广东省东莞市长安镇 1号仓",
    )
    buyer = stack.user(BUYER)
    await place_order(buyer, "ABROAD-1")
    await buyer.says("/status #1", "Awaiting payment")
    await buyer.taps("Pay", "Pay ¥84.00")
    await buyer.taps("Yes, pay", "Paid.")
    await buyer.taps("Ship abroad", "which country")
    await buyer.says("Antarctica", "not a country")  # no such destination: the step stays
    await buyer.taps("Vietnam", "full name")
    await buyer.says("Nguyễn Văn An", "phone number")
    await buyer.says("+66 81 234 5678", "not of VN")  # a Thai mobile for a Vietnamese receiver
    await buyer.says("0912 345 678", "Street address")
    await buyer.says("12 Nguyễn Huệ, Phường Bến Nghé, Quận 1", "Apartment")
    await buyer.taps("Skip", "City")
    await buyer.says("Hồ Chí Minh", "State or province")
    await buyer.says("Ho Chi Minh", "Postal code")
    await buyer.says("7000", "not a postal code of VN")  # wrong shape
    await buyer.says("700000", "E-mail")
    confirm = await buyer.taps("Skip", "Receiver abroad")
    assert "+84 912 345 678" in confirm["params"]["text"]
    options = await buyer.taps("Show freight options", "Freight for order #1 to Vietnam")
    assert "₫" in options["params"]["text"] and "¥" in options["params"]["text"]
    await buyer.taps("1. Cainiao", "Book <b>Cainiao</b>")
    booked = await buyer.taps("Book this service", "ships abroad with Cainiao")
    number = booked["params"]["text"].split("<code>")[1].split("</code>")[0]
    assert number.startswith("FARVN")
    card = await buyer.says("/status #1", "Order #1")
    assert number in card["params"]["text"]
    assert "Pre-warehouse: Dongguan forwarder" in card["params"]["text"]  # the default
    platform = await _sandbox(stack, "/_sandbox/orders/ABROAD-1")
    assert platform["warehouse"]["warehouseName"] == "Dongguan forwarder"
    assert "Ship abroad" not in str(card["params"]["reply_markup"])  # booked once
    # the seller ships: /track shows the domestic parcel, then the international leg
    await stack.advance("ABROAD-1")
    await buyer.says("/status #1", "Order #1")
    await buyer.taps("Refresh", "Shipped")
    sent = await buyer.taps("Send domestic tracking", "Domestic tracking sent")
    assert "Domestic parcels announced" in sent["params"]["text"]
    tracking = await buyer.says("/track #1", "Tracking — order #1")
    text = tracking["params"]["text"]
    assert text.index("📦") < text.index("International") and number in text
    assert "Inbound parcel announced" in text
    # an operator can change the pre-warehouse only before shipment; the buyer sees no button
    assert "Pre-warehouse" not in str((await buyer.panel())["reply_markup"])


async def test_the_operator_sets_the_pre_warehouse_before_shipment(stack):
    await stack.start_bot(
        ORDERBOT_ALLOWED_USERS=f"{BUYER},{OPERATOR}", ORDERBOT_ADMINS=str(OPERATOR)
    )
    buyer = stack.user(BUYER)
    await place_order(buyer, "WH-1")
    operator = stack.user(OPERATOR)
    await operator.says("/status WH-1", "Order #1")
    await operator.taps("Pre-warehouse", "None set yet")
    await operator.says("just one line", "two lines")  # bad input: stays
    done = await operator.says("Yiwu hub\n浙江省义乌市稠城街道 88号", "Pre-warehouse set: Yiwu hub")
    assert done["params"]["reply_markup"]
    platform = await _sandbox(stack, "/_sandbox/orders/WH-1")
    assert platform["warehouse"] == {
        "warehouseName": "Yiwu hub",
        "warehouseAddress": "浙江省义乌市稠城街道 88号",
    }
    card = await operator.says("/status WH-1", "Order #1")
    assert "Pre-warehouse: Yiwu hub" in card["params"]["text"]


async def test_saved_addresses_follow_the_platform_book_and_retry_after_a_failure(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    await buyer.says("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this address")
    await buyer.taps("Use and save", "Budget")
    book = (await _sandbox(bot, "/_sandbox/addresses"))["addresses"]
    assert [a["name"] for a in book] == ["张三"] and book[0]["city"] == "杭州市"
    listing = await buyer.says("/addresses", "saved addresses")
    assert "✅" in listing["params"]["text"]
    # edit it while the platform fails: kept here, "not synced", then synced on retry
    await bot.fault(endpoint="address.add_or_update", kind="error_code", code=500, msg="busy")
    await buyer.taps("Edit", "Paste the address again")
    edited = await buyer.says("文一西路1000号 311122", "updated here")
    assert "1000号" in edited["params"]["text"]
    listing = await buyer.says("/addresses", "saved addresses")
    assert "not synced" in listing["params"]["text"]
    assert (await _sandbox(bot, "/_sandbox/addresses"))["addresses"][0]["address"].endswith("969号")
    await buyer.taps("Sync now", "saved addresses")
    book = (await _sandbox(bot, "/_sandbox/addresses"))["addresses"]
    assert len(book) == 1 and book[0]["address"] == "文一西路1000号"  # updated, not duplicated
    listing = await buyer.says("/addresses", "saved addresses")
    assert "not synced" not in listing["params"]["text"]


async def test_the_retry_job_syncs_an_address_the_platform_refused(bot):
    buyer = bot.user(BUYER)
    await bot.fault(endpoint="address.add_or_update", kind="error_code", code=500, msg="busy")
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    await buyer.says("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this address")
    await buyer.taps("Use and save", "Budget")
    assert (await _sandbox(bot, "/_sandbox/addresses"))["addresses"] == []
    bot.run_job_now("address-sync")
    for _ in range(50):
        if (await _sandbox(bot, "/_sandbox/addresses"))["addresses"]:
            break
        await __import__("asyncio").sleep(0.1)
    assert [a["name"] for a in (await _sandbox(bot, "/_sandbox/addresses"))["addresses"]] == [
        "张三"
    ]


async def test_vietnamese_and_us_address_blocks_are_parsed_into_their_parts(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    vn = await buyer.says(VN_BLOCK, "Use this address")
    text = vn["params"]["text"]
    assert "+84 91 234 56 78" in text or "+84 912 345 678" in text
    assert "Quận 1" in text and "Thành phố Hồ Chí Minh" in text and "700000 Vietnam" in text
    assert "12 Nguyễn Huệ, Phường Bến Nghé" in text
    await buyer.taps("Back", "Receiver")
    await buyer.taps("Paste a whole address", "Paste the whole address")
    us = await buyer.says(US_BLOCK, "Use this address")
    text = us["params"]["text"]
    assert "John Smith" in text and "+1 818-555-0134" in text
    assert "CA Studio City" in text and "91607 United States" in text
    assert "12345 Ventura Blvd Apt 4" in text


async def test_a_postal_code_of_the_wrong_shape_in_the_order_flow(bot):
    buyer = bot.user(BUYER)
    await to_address(buyer)
    await buyer.taps("Paste a whole address", "Paste the whole address")
    # a US block with a 4-digit zip: everything else is kept, the zip is asked for
    await buyer.says(US_BLOCK.replace("91607", "9160"), "Postal code")
    await buyer.says("9160", "not a postal code of United States")
    await buyer.says("91607", "Use this address")


async def test_1688_orders_do_not_offer_a_platform_booking(bot):
    buyer = bot.user(BUYER)
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    assert "fe:p:t:653211874520" in str(await buyer.messages())
