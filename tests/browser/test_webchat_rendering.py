"""What the web chat shows of what a bot sends, on a stand-in where the test itself is the bot:
HTML formatting as Telegram renders it, link buttons, a button's toast and alert, edits and
deletions live, a reply keyboard, and a new group made from the page."""

from __future__ import annotations

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.browser.webchat_page import WebChat

pytestmark = pytest.mark.browser

USER = 5150
FORMATTED = (
    "<b>Bold</b> <i>italic</i> <u>under</u> <s>gone</s> <code>SKU-1</code> "
    '<a href="https://example.com/item?id=1">a link</a> <tg-spoiler>secret</tg-spoiler>\n'
    '<blockquote>quoted</blockquote><pre><code class="language-python">print(1)</code></pre>'
    "Try /orders — &lt;tags&gt; stay text &amp; safe <script>"
)


@pytest.fixture
def page(driver, bare_standin, tmp_path) -> WebChat:
    with httpx.Client(base_url=bare_standin.url, trust_env=False) as sim:
        sim.post("/sim/reset").raise_for_status()
        body = {"chat_id": USER, "user_id": USER, "text": "hi", "first_name": "Ada"}
        sim.post("/sim/message", json=body).raise_for_status()
    page = WebChat(driver, f"{bare_standin.url}/chat/", tmp_path / "screenshots")
    page.open()
    page.be(USER)
    page.open_chat(USER)
    return page


def test_formatting_buttons_answers_edits_and_deletions(page, bare_standin):
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "Pay", "callback_data": "pay:1"},
                {"text": "Docs", "url": "https://example.com/d"},
            ]
        ]
    }
    escaped = FORMATTED.replace("<script>", "&lt;script&gt;")
    sent = bare_standin.bot_api(
        "sendMessage", chat_id=USER, text=escaped, parse_mode="HTML", reply_markup=keyboard
    )
    message = page.expect("Bold")
    html = message.find_element(By.CSS_SELECTOR, ".text").get_attribute("innerHTML")
    for fragment in (
        "<strong>Bold</strong>",
        "<em>italic</em>",
        "<u>under</u>",
        "<s>gone</s>",
        "<code>SKU-1</code>",
        '<a href="https://example.com/item?id=1" target="_blank"',
        '<span class="spoiler"',
        "<blockquote>quoted</blockquote>",
        '<pre data-language="python"><code>print(1)</code></pre>',
        'data-command="/orders"',
        "&lt;tags&gt; stay text &amp; safe &lt;script&gt;",
    ):
        assert fragment in html, fragment
    link = message.find_element(By.CSS_SELECTOR, "a.kb-button")
    assert (link.get_attribute("href"), link.get_attribute("target")) == (
        "https://example.com/d",
        "_blank",
    )
    page.shot("formatted")

    message.find_element(By.XPATH, ".//button[contains(., 'Pay')]").click()
    query = page.wait(lambda d: _next_query(bare_standin), "the press did not reach the bot")
    bare_standin.bot_api("answerCallbackQuery", callback_query_id=query["id"], text="Paid ✓")
    page.toast("Paid ✓")
    message.find_element(By.XPATH, ".//button[contains(., 'Pay')]").click()
    query = page.wait(lambda d: _next_query(bare_standin), "no second press")
    bare_standin.bot_api(
        "answerCallbackQuery", callback_query_id=query["id"], text="Really?", show_alert=True
    )
    alert = page.wait(lambda d: d.find_element(By.ID, "alert"), "no alert")
    page.wait(lambda d: alert.is_displayed() and "Really?" in alert.text, "the alert is not shown")
    page.shot("alert")
    page.driver.find_element(By.ID, "alert-ok").click()

    page.mark()
    bare_standin.bot_api("editMessageText", chat_id=USER, message_id=sent["message_id"], text="v2")
    edited = page.expect("v2")
    assert "edited" in edited.text and not edited.find_elements(By.CSS_SELECTOR, ".kb-button")
    bare_standin.bot_api("deleteMessage", chat_id=USER, message_id=sent["message_id"])
    page.wait(
        lambda d: (
            not d.find_elements(
                By.CSS_SELECTOR, f'.message[data-message-id="{sent["message_id"]}"]'
            )
        ),
        "the deleted message is still shown",
    )


def test_a_reply_keyboard_sends_its_text_and_a_new_group_gets_the_bot(page, bare_standin):
    markup = {"keyboard": [["Yes", "No"]], "resize_keyboard": True, "one_time_keyboard": True}
    bare_standin.bot_api("sendMessage", chat_id=USER, text="Sure?", reply_markup=markup)
    page.expect("Sure?")
    page.click(
        lambda: page.driver.find_element(By.XPATH, "//div[@id='reply-keyboard']//button[.='Yes']"),
        "the reply keyboard's Yes",
    )
    page.expect("Yes")
    with httpx.Client(base_url=bare_standin.url, trust_env=False) as sim:
        assert sim.get(f"/sim/chat/{USER}").json()["messages"][-1]["text"] == "Yes"

    page.driver.find_element(By.ID, "new-group-open").click()
    page.driver.find_element(By.ID, "new-group-title").send_keys("Buyers")
    group_id = int(page.driver.find_element(By.ID, "new-group-id").get_attribute("value"))
    page.driver.find_element(By.ID, "new-group-create").click()
    page.wait(lambda d: "Buyers" in d.find_element(By.ID, "chat-title").text, "no new group")
    page.shot("new-group")
    with httpx.Client(base_url=bare_standin.url, trust_env=False) as sim:
        members = sim.get(f"/sim/chat/{group_id}").json()["members"]
    assert members == {str(USER): "creator", str(bare_standin.standin.bot_id): "member"}
    page.say("hello team")
    page.expect("hello team")

    def subtitle(driver) -> str:
        return driver.find_element(By.ID, "chat-subtitle").text

    page.wait(lambda d: "· 2 members ·" in subtitle(d), "the group's members are not counted")
    with httpx.Client(base_url=bare_standin.url, trust_env=False) as sim:
        bot_id = bare_standin.standin.bot_id
        left = {"chat_id": group_id, "user_id": bot_id, "status": "left"}
        sim.post("/sim/chat_member", json=left).raise_for_status()
    page.wait(lambda d: "· 1 member ·" in subtitle(d), "one member is not '1 member'")


def _next_query(standin) -> dict | None:
    """The next callback query the bot (this test) gets through getUpdates, if any yet."""
    for update in standin.bot_api("getUpdates", offset=standin.offset, timeout=0):
        standin.offset = update["update_id"] + 1
        if "callback_query" in update:
            return update["callback_query"]
    return None
