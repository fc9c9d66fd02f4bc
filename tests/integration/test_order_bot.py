"""OrderBot's panel calls against the strict Telegram stand-in: the same calls as PTB's
send_message / edit_message_text / edit_message_caption, with the bot's defaults and limiter."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Defaults

from bot.rate_limiter import SendLimits, TelegramRateLimiter
from bot.telegram_bot import OrderBot
from bot.telegram_request import AiohttpRequest
from sandbox.telegram.client import TelegramSim
from sandbox.telegram.server import TelegramStandIn
from tests.images import jpeg

USER = 7101
GROUP = -7102
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Next ▶", callback_data="n")]])


@pytest.fixture
async def bot(standin: TelegramStandIn) -> AsyncIterator[OrderBot]:
    bot = OrderBot(
        standin.token,
        base_url=standin.base_url,
        base_file_url=standin.base_file_url,
        request=AiohttpRequest(),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=TelegramRateLimiter(SendLimits()),
    )
    async with bot:
        yield bot


async def _message(sim: TelegramSim, chat_id: int, message_id: int) -> dict:
    """The message as the chat shows it now."""
    (message,) = [m for m in (await sim.chat(chat_id))["messages"] if m["message_id"] == message_id]
    return message


async def test_a_panel_is_sent_as_html_with_its_buttons_and_edited_in_place(bot, sim):
    await sim.send(USER, USER, "hi")
    message_id = await bot.send_panel(USER, "<b>Budget</b> ¥88.00", KEYBOARD)
    shown = await _message(sim, USER, message_id)
    assert shown["text"] == "Budget ¥88.00"
    assert shown["entities"] == [{"type": "bold", "offset": 0, "length": 6}]
    assert shown["reply_markup"] == KEYBOARD.to_dict()

    await bot.edit_panel(USER, message_id, "<i>Source</i>")  # the buttons go with no keyboard
    edited = await _message(sim, USER, message_id)
    assert edited["text"] == "Source" and edited["entities"][0]["type"] == "italic"
    assert not edited["reply_markup"] and edited["edited"]
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_panel(USER, message_id, "<i>Source</i>")
    await bot.redraw_panel(USER, message_id, "<i>Source</i>")  # shown already: no error
    await bot.redraw_panel(USER, message_id, "<i>Source</i> again")
    assert (await _message(sim, USER, message_id))["text"] == "Source again"


async def test_a_photo_caption_is_edited_and_a_reply_in_a_group_names_the_message(bot, sim):
    said = await sim.send(GROUP, USER, "/neworder", chat_type="group")
    message_id = await bot.send_panel(
        GROUP, "Which platform?", KEYBOARD, reply_to_message_id=said["message"]["message_id"]
    )
    shown = await _message(sim, GROUP, message_id)
    assert shown["reply_to_message_id"] == said["message"]["message_id"]
    photo = await bot.send_photo(GROUP, jpeg(64, 64), caption="card")
    await bot.edit_panel(
        GROUP, photo.message_id, "<b>card</b>\n\nHow many?", KEYBOARD, caption=True
    )
    edited = await _message(sim, GROUP, photo.message_id)
    assert edited["caption"] == "card\n\nHow many?"
    assert edited["reply_markup"] == KEYBOARD.to_dict()
    with pytest.raises(BadRequest):  # a text edit of a photo, as Telegram refuses it
        await bot.edit_panel(GROUP, photo.message_id, "no text here")
    with pytest.raises(BadRequest):  # only "not modified" is no error
        await bot.redraw_panel(GROUP, photo.message_id, "no text here")


async def test_the_calls_are_plain_json_bodies(bot, sim):
    """What the stand-in received is what PTB's own methods send (one JSON object per call)."""
    await sim.send(USER, USER, "hi")
    await bot.send_panel(USER, "plain", None)
    (sent,) = (await sim.outbox(USER, method="sendMessage"))["calls"]
    assert sent["params"] == {"chat_id": USER, "text": "plain", "parse_mode": "HTML"}


async def test_every_kind_of_button_is_sent_as_ptb_writes_it(bot, sim):
    """The bot writes plain keyboards (callback data, links) itself, and leaves any other
    button to PTB: what the stand-in receives is PTB's `to_dict` either way."""
    plain = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("3 × 白色 / L", callback_data="n:qty:3")],
            [InlineKeyboardButton("Shop", url="https://example.com/item?id=1&x=2")],
        ]
    )
    other = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Track", callback_data="o:t:1")],
            [InlineKeyboardButton("Copy", copy_text=CopyTextButton("LP00123"))],
            [InlineKeyboardButton("Search", switch_inline_query_current_chat="tee")],
        ]
    )
    await sim.send(USER, USER, "hi")
    for markup in (plain, other):
        message_id = await bot.send_panel(USER, "keys", markup)
        assert (await _message(sim, USER, message_id))["reply_markup"] == markup.to_dict()
        sent = await bot.send_message(USER, "keys again", reply_markup=markup)  # PTB's own call
        shown = await _message(sim, USER, sent.message_id)
        assert shown["reply_markup"] == markup.to_dict()
