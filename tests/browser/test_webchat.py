"""The demo's web chat in headless Chromium: a whole Taobao order by clicking and typing, the
product photo shown, a reject reason given by replying in the group as the approver, files and
photos uploaded and downloaded — each step photographed into the test's temporary folder."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from tests.browser.webchat_page import WebChat

pytestmark = pytest.mark.browser

BUYER, APPROVER, GROUP = 1001, 1002, -100100
TSHIRT = "https://item.taobao.com/item.htm?id=653211874520"
ADDRESS = "张三\n13812345678\n浙江省杭州市余杭区文一西路969号\n311121"


def _sim(demo) -> httpx.Client:
    return httpx.Client(base_url=demo.standin_url, trust_env=False, timeout=10)


def _to_preview(page: WebChat, quantity: str) -> None:
    page.say("/neworder", "Which platform")
    page.press("Taobao", "Paste a")
    card = page.say(TSHIRT, "Seller")  # the product card, with its photo
    assert page.photo_width(card) > 0
    page.shot("product-card")
    page.expect("Choose the SKU")
    page.press("白色 / L", "How many")
    page.say(quantity, "Subtotal")
    page.press("Continue to the address", "Receiver")
    page.press("Paste a whole address", "Paste the whole address")
    page.say(ADDRESS, "Use this address?")  # four lines, one message
    page.shot("address")
    page.press("Use this address", "Budget")
    page.press("Use the total", "come from")
    page.press("Skip", "order number")
    page.press("Generate one", "Preview")
    page.shot("preview")


def test_a_whole_taobao_order_by_clicking_and_typing(webchat, demo):
    webchat.be(BUYER)
    webchat.open_chat(BUYER)
    webchat.shot("start")
    _to_preview(webchat, "3")
    placed = webchat.press("Confirm", "Order placed")
    webchat.shot("placed")
    assert "#" in placed.text
    with httpx.Client(base_url=demo.platform_url, trust_env=False) as control:
        orders = control.get("/_sandbox/orders", params={"platform": "taobao"}).json()["orders"]
        assert [[line["quantity"] for line in order["lines"]] for order in orders] == [[3]]
        product = webchat.driver.find_element(By.CSS_SELECTOR, ".photo img")
        assert product.get_attribute("src").startswith(f"{demo.standin_url}/sim/file/")

        # while another chat is open, the platform pays the order: the news shows as unread
        webchat.open_chat(GROUP)
        control.post(f"/_sandbox/orders/{orders[0]['orderId']}/advance").raise_for_status()
        badge = webchat.wait(
            lambda d: next(
                (
                    b
                    for b in webchat.chat_item(BUYER).find_elements(By.CSS_SELECTOR, ".unread")
                    if b.is_displayed()
                ),
                False,
            ),
            "the buyer's chat shows no unread marker",
        )
        assert int(badge.text) >= 1
        webchat.shot("unread")
    webchat.open_chat(BUYER)
    assert not webchat.chat_item(BUYER).find_element(By.CSS_SELECTOR, ".unread").is_displayed()


def test_the_approver_rejects_with_a_reason_given_as_a_reply(webchat, demo):
    webchat.be(BUYER)
    webchat.open_chat(GROUP)
    _to_preview(webchat, "2")
    webchat.press("Confirm", "Waiting for an approver")
    webchat.shot("approval-card")

    webchat.be(APPROVER)
    webchat.mark()
    prompt = webchat.press("Reject", "reply to this message with the reason")
    webchat.toast("Reply to my message with the reason")  # the button's answer
    webchat.shot("asked-for-reason")
    webchat.reply_to(prompt)
    assert "Reply to the bot" in webchat.driver.find_element(By.ID, "reply-bar").text
    webchat.say("Over this month's budget")
    card = webchat.expect("Rejected by Jun")  # the card, edited in place
    assert "Reason: Over this month's budget" in card.text
    webchat.shot("rejected")

    with _sim(demo) as sim:
        messages = sim.get(f"/sim/chat/{GROUP}").json()["messages"]
    prompt_id = int(prompt.get_attribute("data-message-id"))
    reason = next(m for m in messages if m["text"] == "Over this month's budget")
    assert reason["reply_to_message_id"] == prompt_id
    assert reason["from"]["id"] == APPROVER


def test_files_and_photos_are_uploaded_and_downloaded(webchat, demo, tmp_path):
    webchat.be(BUYER)
    webchat.open_chat(BUYER)
    sheet = tmp_path / "order lines.csv"
    sheet.write_text("itemId,skuId,qty\n653211874520,4100000000002,5\n", encoding="utf-8")
    webchat.attach(sheet)
    webchat.shot("file-attached")
    webchat.say("lines for later", "order lines.csv")
    webchat.shot("file-sent")
    # the member's own copy (the bot answers an order sheet with a checked copy of its own)
    link = webchat.driver.find_elements(By.CSS_SELECTOR, ".out .document-name")[-1]
    downloaded = webchat.driver.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done)",
        link.get_attribute("href"),
    )
    assert downloaded == sheet.read_text(encoding="utf-8")

    picture = tmp_path / "evidence.png"
    Image.new("RGB", (640, 480), (30, 160, 90)).save(picture)
    webchat.attach(picture, as_photo=True)
    photo = webchat.say("parcel photo", "parcel photo")
    assert webchat.photo_width(photo) == 640
    webchat.shot("photo-sent")

    with _sim(demo) as sim:
        messages = sim.get(f"/sim/chat/{BUYER}").json()["messages"]
    document = next(m for m in messages if m["document"])
    assert (document["document"]["file_name"], document["caption"]) == (
        "order lines.csv",
        "lines for later",
    )
    sent = next(m for m in messages if m["photo"] and m["caption"] == "parcel photo")
    assert [(size["width"], size["height"]) for size in sent["photo"]] == [
        (90, 68),
        (320, 240),
        (640, 480),
    ]
    largest = sim_file(demo, sent["photo"][-1]["file_id"])
    assert Image.open(io.BytesIO(largest)).size == (640, 480)


def sim_file(demo, file_id: str) -> bytes:
    with _sim(demo) as sim:
        return sim.get(f"/sim/file/{file_id}").content
