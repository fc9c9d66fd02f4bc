"""Helpers for the end-to-end tests of finding goods: the search message as it stands, its
prices, its buttons, the sandbox's request counts."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.harness import Member, Stack

PRICE = re.compile(r"💴 ¥([\d,]+\.\d\d)")


async def search_message(member: Member) -> dict[str, Any]:
    """The newest bot message that is a photo with buttons: the search's results or card."""
    for message in reversed(await member.messages()):
        if message.get("from_bot") and message.get("photo") and message.get("reply_markup"):
            return message
    raise AssertionError("the bot shows no search message in this chat")


def prices_in(caption: str) -> list[int]:
    """Each result's price (fen), in page order."""
    return [round(float(value.replace(",", "")) * 100) for value in PRICE.findall(caption)]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data or url) of every button."""
    return [
        (button["text"], button.get("callback_data") or button.get("url", ""))
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in row
    ]


def result_ids(message: dict[str, Any]) -> list[str]:
    """The item ids of a results page, in order (from its number buttons)."""
    return [data.split(":")[4] for label, data in buttons(message) if label.isdigit()]


async def requests(stack: Stack, endpoint: str) -> int:
    stats = (await stack.control.get("/_sandbox/stats")).json()
    return stats["requests"].get(endpoint, 0)


async def change_product(stack: Stack, platform: str, item_id: str, **change: Any) -> None:
    response = await stack.control.post(f"/_sandbox/products/{platform}/{item_id}", json=change)
    response.raise_for_status()
