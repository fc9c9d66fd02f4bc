"""The bot's Bot API client: PTB's `ExtBot`, plus panel calls that do not read back the message,
inline keyboards written directly, and getUpdates read as Telegram sent it.

Telegram answers a sent or edited message with the whole message, and PTB builds a `Message`
of it: its chat and sender, every entity of the HTML and every button become objects, about
0.15 ms of CPU for a panel with a keyboard, and the bot sends or edits one or two panels at
every step. An edit only needs to know that it worked, and a new panel only its message id, so
these send the same calls through the same path (defaults, the rate limiter, PTB's errors) and
read just that. The bot does not use PTB's arbitrary callback data, the one feature that needs
the message read back.

Every call's inline keyboard is written as JSON here as well: PTB's generic `to_dict` visits
every field of every button, about 10 µs a button, and a panel has up to eighteen buttons.
"""

from __future__ import annotations

from typing import Any, cast

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram._utils.defaultvalue import DEFAULT_NONE  # what PTB passes for "the default"
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.rate_limiter import Lane

# A button the bot writes itself: its text and one of these, every other field unset.
_PLAIN_ACTIONS = ("callback_data", "url")
_OTHER_FIELDS = tuple(
    name for name in InlineKeyboardButton.__slots__ if name != "text" and name not in _PLAIN_ACTIONS
)


def keyboard_json(markup: InlineKeyboardMarkup) -> dict[str, Any]:
    """`markup.to_dict()`, written directly for keyboards of plain buttons (text and callback
    data or a URL); any other keyboard (an empty one too: PTB leaves out empty lists) is left
    to PTB."""
    if markup.api_kwargs or not markup.inline_keyboard:
        return markup.to_dict()
    rows = []
    for row in markup.inline_keyboard:
        buttons = []
        for button in row:
            fields = _plain_button(button)
            if fields is None:
                return markup.to_dict()
            buttons.append(fields)
        rows.append(buttons)
    return {"inline_keyboard": rows}


def _plain_button(button: InlineKeyboardButton) -> dict[str, str] | None:
    if button.api_kwargs or any(getattr(button, name) is not None for name in _OTHER_FIELDS):
        return None
    fields = {"text": button.text}
    for name in _PLAIN_ACTIONS:
        value = getattr(button, name)
        if value is not None:
            if not isinstance(value, str):  # PTB's arbitrary callback data
                return None
            fields[name] = value
    return fields


def not_modified(exc: BadRequest) -> bool:
    """Whether Telegram refused an edit because the message shows that already."""
    return "not modified" in exc.message.lower()


class OrderBot(ExtBot[Lane]):
    async def _post(self, endpoint: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if data and isinstance(data.get("reply_markup"), InlineKeyboardMarkup):
            data["reply_markup"] = keyboard_json(data["reply_markup"])
        return await super()._post(endpoint, data, **kwargs)

    async def edit_panel(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        *,
        caption: bool = False,
    ) -> None:
        """Edit a message's text (`caption`: a photo's caption) and buttons; raises as
        `edit_message_text` does (BadRequest "message is not modified" included)."""
        await self._post(
            "editMessageCaption" if caption else "editMessageText",
            {
                "chat_id": chat_id,
                "message_id": message_id,
                "caption" if caption else "text": text,
                "reply_markup": reply_markup,
                "parse_mode": DEFAULT_NONE,  # the application's (HTML)
            },
        )

    async def redraw_panel(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        *,
        caption: bool = False,
    ) -> None:
        """`edit_panel`, where a message that shows this already (a press handled again, a step
        shown again) is no error."""
        try:
            await self.edit_panel(chat_id, message_id, text, reply_markup, caption=caption)
        except BadRequest as exc:
            if not not_modified(exc):
                raise

    async def send_panel(
        self,
        chat_id: int,
        text: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        *,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Send a message with buttons, as `send_message` does; the new message's id."""
        result = await self._post(
            "sendMessage",
            {
                "chat_id": chat_id,
                "text": text,
                "reply_markup": reply_markup,
                "parse_mode": DEFAULT_NONE,
                "reply_parameters": (
                    ReplyParameters(reply_to_message_id) if reply_to_message_id else None
                ),
            },
        )
        return int(result["message_id"])

    async def fetch_updates(
        self, offset: int | None, timeout: float, allowed_updates: list[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates, its updates as Telegram sent them (PTB's `get_updates` builds an
        `Update` of each). `allowed_updates` None: the kinds asked for last time (Telegram
        keeps the setting)."""
        data: dict[str, Any] = {"timeout": timeout}
        if offset is not None:
            data["offset"] = offset
        if allowed_updates is not None:
            data["allowed_updates"] = allowed_updates
        fetched = await self._post("getUpdates", data, read_timeout=timeout + 10)
        return fetched if isinstance(fetched, list) else []


def order_bot(bot: Bot) -> OrderBot:
    """The application's bot, typed as what bot/app.py builds."""
    return cast(OrderBot, bot)
