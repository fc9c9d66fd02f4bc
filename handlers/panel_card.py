"""A panel written under a card: one message for a product and the choice about it.

When a member opens a product, its card (photo, title, price, seller, and buttons of its own
such as "🌏 Shipping to…") and the first question about it (which SKU, how many) are one
message: the card's caption (or text) with the question below it, the question's buttons above
the card's. Pressing a button there edits that message, so the chat does not fill with a card
and a separate panel under it. Once the conversation moves on to another panel (a new message,
or a step that is not about this product), the card gets its own text and buttons back, and
stays in the chat as the record of what was opened.

Besides tidiness this spares a message whenever the quantity is typed (a quantity picked by
button used to edit the panel, and now goes below the card): Telegram counts each new message
against a bot's 30 a second, and a member's answer is the one thing that should not wait.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from bot.session import PanelCard
from bot.telegram_bot import order_bot
from handlers.telegram_limits import CAPTION_LIMIT, MESSAGE_LIMIT

log = logging.getLogger(__name__)

Rows = list[list[tuple[str, str]]]  # buttons as a session keeps them: (label, callback data)


@dataclass(frozen=True)
class NewCard:
    """A card to send with the first panel written under it."""

    text: str  # HTML
    buttons: InlineKeyboardMarkup  # the card's own
    photo_url: str | None = None


def body(card_text: str, text: str) -> str:
    """The card with the panel's text below it."""
    return f"{card_text}\n\n{text}"


def fits(text: str, *, photo: bool) -> bool:
    """Whether a card's whole text fits one message (a caption is much shorter). Telegram
    counts UTF-16 code units of the text as shown; the HTML's own is an upper bound."""
    return len(text.encode("utf-16-le")) // 2 <= (CAPTION_LIMIT if photo else MESSAGE_LIMIT)


def markup(card_buttons: Rows, keyboard: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
    """The panel's buttons, then the card's own."""
    rows = [list(row) for row in keyboard.inline_keyboard] if keyboard is not None else []
    rows += [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
        for row in card_buttons
    ]
    return InlineKeyboardMarkup(rows)


async def send(
    bot: Bot,
    chat_id: int,
    card: NewCard,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    **kwargs: Any,
) -> tuple[Message, PanelCard]:
    """Send the card with `text` and the panel's buttons."""
    rows = [[(b.text, b.callback_data) for b in row] for row in card.buttons.inline_keyboard]
    full = body(card.text, text)
    message, photo = await _send(
        bot, chat_id, card.photo_url, full, full, markup(rows, keyboard), **kwargs
    )
    return message, PanelCard(
        message_id=message.message_id, text=card.text, buttons=rows, photo=photo
    )


async def send_alone(bot: Bot, chat_id: int, card: NewCard, **kwargs: Any) -> None:
    """The card without a panel under it (one too long to carry it); a caption is cut to fit."""
    caption = card.text[:CAPTION_LIMIT]
    await _send(bot, chat_id, card.photo_url, caption, card.text, card.buttons, **kwargs)


async def _send(
    bot: Bot,
    chat_id: int,
    photo_url: str | None,
    caption: str,
    text: str,
    buttons: InlineKeyboardMarkup,
    **kwargs: Any,
) -> tuple[Message, bool]:
    """The card as a photo with `caption`, or as a message with `text` when it has no photo or
    Telegram refuses it (a bad image must not stop the order); whether it is a photo."""
    if photo_url:
        try:
            message = await bot.send_photo(
                chat_id, photo_url, caption=caption, reply_markup=buttons, **kwargs
            )
            return message, True
        except TelegramError as exc:
            log.info("card photo %s not sent: %s", photo_url, exc)
    return await bot.send_message(chat_id, text, reply_markup=buttons, **kwargs), False


async def edit(
    message: Message, card: PanelCard, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Show `text` (the card's and the panel's, whole) and the panel's buttons on the card."""
    await order_bot(message.get_bot()).redraw_panel(
        message.chat_id,
        message.message_id,
        text,
        markup(card.buttons, keyboard),
        caption=card.photo,
    )


async def restore(bot: Bot, chat_id: int, card: PanelCard) -> None:
    """The card with its own text and buttons again, the panel having moved on (it goes beside
    the new panel, as part of the member's answer; in a group, where edits count, the chat's
    next update waits for it). A card that cannot be edited (deleted, too old) stays as it is."""
    buttons = markup(card.buttons, None)
    try:
        await order_bot(bot).redraw_panel(
            chat_id, card.message_id, card.text, buttons, caption=card.photo
        )
    except BadRequest as exc:
        log.info("card %d not restored: %s", card.message_id, exc.message)
    except TelegramError as exc:
        log.warning("card %d not restored: %s", card.message_id, exc)
