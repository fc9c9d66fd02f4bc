"""The web chat as a person uses it, through selenium: pick who you are and a chat, type, click
buttons, reply to a message, attach a file — and wait, explicitly, for what the page then shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 15

# Each message on the page now: [id, its text, its buttons' labels].
_MESSAGES_JS = """
return [...document.querySelectorAll('#messages .message')].map(m => [
  Number(m.dataset.messageId),
  m.innerText,
  [...m.querySelectorAll('.kb-button')].map(b => b.innerText),
]);
"""


class WebChat:
    def __init__(self, driver: WebDriver, url: str, shots: Path) -> None:
        self.driver = driver
        self.url = url
        self.shots = shots
        self.shot_count = 0
        self._seen: set[tuple[int, str]] = set()

    def wait(self, condition: Any, message: str, timeout: float = TIMEOUT) -> Any:
        # the page re-renders what changed: an element found a moment ago may be replaced
        ignored = (NoSuchElementException, StaleElementReferenceException)
        waiting = WebDriverWait(self.driver, timeout, 0.05, ignored_exceptions=ignored)
        return waiting.until(condition, message=message)

    def click(self, find: Any, what: str) -> None:
        """Find and click, again if the element was replaced in between."""

        def clicked(driver: WebDriver) -> bool:
            find().click()
            return True

        self.wait(clicked, f"could not click {what}")

    def open(self) -> None:
        self.driver.get(self.url)
        self.driver.execute_script("localStorage.clear()")
        self.driver.get(self.url)
        self.wait(
            lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live",
            "the web chat did not connect to the stand-in",
        )

    def shot(self, name: str) -> Path:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.shot_count += 1
        path = self.shots / f"{self.shot_count:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    # --- who and where ---------------------------------------------------------------------

    def be(self, user_id: int) -> None:
        """Switch who you are with the ⇄ panel, as a person would."""
        self.driver.find_element(By.ID, "me-switch").click()
        self.click(
            lambda: self.driver.find_element(
                By.CSS_SELECTOR, f'.identity-user[data-user-id="{user_id}"]'
            ),
            f"user {user_id} in the identity panel",
        )
        self.wait(
            lambda d: f"id {user_id} " in d.find_element(By.ID, "me-meta").text,
            f"the page did not switch to user {user_id}",
        )

    def open_chat(self, chat_id: int) -> None:
        self.click(lambda: self.chat_item(chat_id), f"chat {chat_id}")
        self.wait(
            lambda d: "active" in self.chat_item(chat_id).get_attribute("class"),
            f"chat {chat_id} did not open",
        )
        self.mark()

    def chat_item(self, chat_id: int) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, f'.chat-item[data-chat-id="{chat_id}"]')

    # --- reading -----------------------------------------------------------------------------

    def messages(self) -> list[list[Any]]:
        return self.driver.execute_script(_MESSAGES_JS)

    def mark(self) -> None:
        """What the chat shows now counts as seen: `expect` waits for something new."""
        self._seen = {(message_id, text) for message_id, text, _ in self.messages()}

    def expect(self, text: str, timeout: float = TIMEOUT) -> WebElement:
        """The message that newly shows `text` (posted, or edited in place, after the mark)."""

        def fresh(driver: WebDriver) -> WebElement | bool:
            for message_id, shown, _ in reversed(self.messages()):
                if text in shown and (message_id, shown) not in self._seen:
                    return self.message(message_id)
            return False

        element = self.wait(fresh, f"no new message saying {text!r}", timeout)
        return element

    def message(self, message_id: int) -> WebElement:
        return self.driver.find_element(
            By.CSS_SELECTOR, f'#messages .message[data-message-id="{message_id}"]'
        )

    # --- acting ------------------------------------------------------------------------------

    def say(self, text: str, expected: str | None = None) -> WebElement | None:
        """Type `text` (lines joined by Shift+Enter) and send it with Enter."""
        box = self.driver.find_element(By.ID, "text")
        self.mark()
        for number, line in enumerate(text.split("\n")):
            if number:
                box.send_keys(Keys.SHIFT, Keys.ENTER)
            box.send_keys(line)
        box.send_keys(Keys.ENTER)
        return self.expect(expected) if expected else None

    def press(self, label: str, expected: str) -> WebElement:
        """Click the newest inline button whose label contains `label`."""

        def newest() -> WebElement:
            buttons = self.driver.find_elements(By.CSS_SELECTOR, "#messages .kb-button")
            matching = [button for button in buttons if label in button.text]
            if not matching:
                raise NoSuchElementException(f"no button like {label!r}")
            return matching[-1]

        self.mark()
        self.click(newest, f"the button {label!r}")
        return self.expect(expected)

    def reply_to(self, message: WebElement) -> None:
        """The ↩ action of a message: the composer then answers that message."""
        action = message.find_element(By.CSS_SELECTOR, ".reply-action")
        ActionChains(self.driver).move_to_element(message).click(action).perform()
        self.wait(
            lambda d: d.find_element(By.ID, "reply-bar").is_displayed(),
            "the reply bar did not open",
        )

    def attach(self, path: Path, *, as_photo: bool | None = None) -> None:
        self.driver.find_element(By.ID, "file-input").send_keys(str(path))
        self.wait(
            lambda d: d.find_element(By.ID, "attachment-name").text == path.name,
            f"{path.name} was not attached",
        )
        if as_photo is not None:
            box = self.driver.find_element(By.ID, "attachment-as-photo")
            if box.is_selected() != as_photo:
                box.click()

    def toast(self, text: str) -> WebElement:
        return self.wait(
            lambda d: next(
                (t for t in d.find_elements(By.CSS_SELECTOR, "#toasts .toast") if text in t.text),
                False,
            ),
            f"no toast saying {text!r}",
        )

    def photo_width(self, message: WebElement) -> int:
        """naturalWidth of the message's photo once it has loaded (0 if it cannot)."""
        image = message.find_element(By.CSS_SELECTOR, ".photo img")
        self.wait(
            lambda d: d.execute_script("return arguments[0].complete", image),
            "the photo did not finish loading",
        )
        return int(self.driver.execute_script("return arguments[0].naturalWidth", image))
