"""The bot's Bot API client: PTB's `ExtBot`, plus panel calls that do not read back the message.

Telegram answers a sent or edited message with the whole message, and PTB builds a `Message`
of it: its chat and sender, every entity of the HTML and every button become objects, about
0.15 ms of CPU for a panel with a keyboard, and the bot sends or edits one or two panels at
every step. An edit only needs to know that it worked, and a new panel only its message id, so
these send the same calls through the same path (defaults, the rate limiter, PTB's errors) and
read just that. The bot does not use PTB's arbitrary callback data, the one feature that needs
the message read back.
"""

from __future__ import annotations

from typing import cast

from telegram import Bot, InlineKeyboardMarkup, ReplyParameters
from telegram._utils.defaultvalue import DEFAULT_NONE  # what PTB passes for "the default"
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.rate_limiter import Lane


class OrderBot(ExtBot[Lane]):
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
            if "not modified" not in exc.message.lower():
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


def order_bot(bot: Bot) -> OrderBot:
    """The application's bot, typed as what bot/app.py builds."""
    return cast(OrderBot, bot)
