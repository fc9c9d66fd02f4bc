"""The bot's own writing of inline keyboards is PTB's `to_dict`, for every kind of button."""

from __future__ import annotations

import pytest
from telegram import (
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LoginUrl,
    SwitchInlineQueryChosenChat,
    WebAppInfo,
)

from bot.telegram_bot import keyboard_json

Button = InlineKeyboardButton

KEYBOARDS = {
    "empty": [],
    "callbacks": [[Button("⬅️ Back", callback_data="n:back"), Button("✖️", callback_data="x")]],
    "link": [[Button("Shop", url="https://example.com/?a=1&b=2")]],
    "empty callback data": [[Button("·", callback_data="")]],
    "copy": [[Button("Copy", copy_text=CopyTextButton("LP1"))]],
    "web app": [[Button("Open", web_app=WebAppInfo("https://example.com/app"))]],
    "login": [[Button("Log in", login_url=LoginUrl("https://example.com/login"))]],
    "inline": [[Button("Search", switch_inline_query="tee")]],
    "inline here": [[Button("Search", switch_inline_query_current_chat="")]],
    "chosen chat": [
        [Button("Share", switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat("q"))]
    ],
    "game": [[Button("Play", callback_game=object())]],  # type: ignore[arg-type]
    "pay": [[Button("Pay", pay=True)]],
    "styled": [[Button("Go", callback_data="go", icon_custom_emoji_id="5368324170671202286")]],
    "mixed": [
        [Button("Track", callback_data="t")],
        [Button("Copy", copy_text=CopyTextButton("1"))],
    ],
    "unknown field": [[Button("New", callback_data="n", api_kwargs={"future_field": 1})]],
}


@pytest.mark.parametrize("rows", KEYBOARDS.values(), ids=KEYBOARDS.keys())
def test_written_as_ptb_writes_it(rows):
    markup = InlineKeyboardMarkup(rows)
    assert keyboard_json(markup) == markup.to_dict()


def test_arbitrary_callback_data_is_left_to_ptb():
    markup = InlineKeyboardMarkup([[Button("Obj", callback_data=("not", "a", "string"))]])
    assert keyboard_json(markup) == markup.to_dict()
