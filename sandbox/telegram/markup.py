"""reply_markup validation as strict as Telegram: inline buttons, callback_data bytes, URLs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sandbox.telegram.errors import BUTTON_DATA_INVALID, BUTTON_URL_INVALID, bad_request

MAX_CALLBACK_DATA_BYTES = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_MARKUP_INVALID = "can't parse reply keyboard markup JSON object"


def _check_url(url: Any) -> None:
    if not isinstance(url, str):
        raise bad_request(BUTTON_URL_INVALID)
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return
    if parts.scheme.lower() == "tg" and (parts.netloc or parts.path):
        return
    raise bad_request(BUTTON_URL_INVALID)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str) or not button["text"].strip():
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [key for key in _BUTTON_ACTIONS if key in button and button[key] is not None]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: a button must have exactly one of "
            + ", ".join(_BUTTON_ACTIONS)
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if (
            not isinstance(data, str)
            or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
        ):
            raise bad_request(BUTTON_DATA_INVALID)
    if "url" in actions:
        _check_url(button["url"])


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_MARKUP_INVALID)
    return rows


def validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Check `markup` (already JSON-decoded); return it, or None for an empty inline keyboard."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(_MARKUP_INVALID)
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard")
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return markup if any(rows) else None
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text.strip():
                    raise bad_request('can\'t parse keyboard button: Field "text" must be a String')
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request(_MARKUP_INVALID)


def is_inline(markup: dict[str, Any] | None) -> bool:
    return markup is not None and "inline_keyboard" in markup


def callback_buttons(markup: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label, callback_data) of every callback button of an inline keyboard."""
    if not is_inline(markup):
        return []
    assert markup is not None
    return [
        (button["text"], button["callback_data"])
        for row in markup["inline_keyboard"]
        for button in row
        if "callback_data" in button
    ]
