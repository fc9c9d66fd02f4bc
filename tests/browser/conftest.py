"""The web chat in a real headless Chromium (Debian's chromium + chromium-driver, via selenium)
against `orderbot demo` run as a process. One demo and one browser serve every test here; each
test writes a screenshot of each step into its own temporary folder."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.webchat_page import WebChat

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALLED = os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)
_URLS = re.compile(r"sandbox platform (?P<platform>\S+), Telegram stand-in (?P<standin>\S+)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if INSTALLED:
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed: apt-get install chromium chromium-driver "
        "(.ci/run installs them)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


class Demo:
    def __init__(self, process: subprocess.Popen[str], banner: str) -> None:
        self.process = process
        webchat = re.search(r"Web chat: (\S+)", banner)
        urls = _URLS.search(banner)
        assert webchat and urls, banner
        self.webchat_url = webchat.group(1)
        self.platform_url = urls["platform"]
        self.standin_url = urls["standin"]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORDERBOT_", "PANDAPON_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--port", "0", "--db", str(folder / "demo.db")],
        cwd=folder,
        env={k: v for k, v in env.items() if not k.startswith("TELEGRAM_")},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    banner = ""
    assert process.stdout is not None
    while "Ctrl-C stops the demo" not in banner:
        line = process.stdout.readline()
        assert line, f"the demo ended while starting:\n{banner}"
        banner += line
    try:
        yield Demo(process, banner)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class BareStandIn:
    """A Telegram stand-in with no bot, in a thread of its own: the test is the bot."""

    def __init__(self) -> None:
        from sandbox.telegram.server import TelegramStandIn

        self.standin = TelegramStandIn()
        self.offset = 0  # getUpdates, as the bot this test plays
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> BareStandIn:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.standin.start(), self.loop).result(timeout=10)
        return self

    def __exit__(self, *exc_info: object) -> None:
        asyncio.run_coroutine_threadsafe(self.standin.stop(), self.loop).result(timeout=15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        return self.standin.sim_url

    def bot_api(self, method: str, **params: object) -> dict:
        import httpx

        url = f"{self.standin.base_url}{self.standin.token}/{method}"
        answer = httpx.post(url, json=params, trust_env=False, timeout=10).json()
        assert answer["ok"], answer
        return answer["result"]


@pytest.fixture(scope="session")
def bare_standin() -> Iterator[BareStandIn]:
    with BareStandIn() as standin:
        yield standin


@pytest.fixture(scope="session")
def driver() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,860",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def webchat(driver, demo: Demo, tmp_path: Path) -> WebChat:
    page = WebChat(driver, demo.webchat_url, tmp_path / "screenshots")
    page.open()
    return page
