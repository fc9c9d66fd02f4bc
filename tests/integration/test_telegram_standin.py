"""The Telegram stand-in against the real python-telegram-bot 22 over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sandbox.serving import serve_in_background
from sandbox.telegram.client import SimRequestError
from sandbox.telegram.server import TelegramStandIn
from tests.images import jpeg

USER = 4242
GROUP = -555


def build_app(standin: TelegramStandIn) -> Application:
    return (
        Application.builder()
        .token(standin.token)
        .base_url(standin.base_url)
        .base_file_url(standin.base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .build()
    )


@pytest.fixture
async def bot(standin: TelegramStandIn) -> AsyncIterator[Bot]:
    """The bot of a real, initialized (not polling) PTB Application."""
    app = build_app(standin)
    await app.initialize()
    yield app.bot
    await app.shutdown()


@contextlib.asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    await app.initialize()
    await app.updater.start_polling(poll_interval=0)
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_polling_delivers_a_message_and_the_reply_shows_in_the_chat(standin, sim):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_html(f"<b>You said</b> {update.message.text}")

    app = build_app(standin)
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with polling(app):
        await sim.send(USER, USER, "hello there", first_name="Ann")
        call = await sim.wait_for(USER, "sendMessage")

    assert call["ok"] and call["params"]["parse_mode"] == "HTML"
    messages = (await sim.chat(USER))["messages"]
    assert [(m["from_bot"], m["text"]) for m in messages] == [
        (False, "hello there"),
        (True, "You said hello there"),
    ]
    assert messages[1]["html"] == "<b>You said</b> hello there"
    assert messages[1]["entities"] == [{"offset": 0, "length": 8, "type": "bold"}]


async def test_button_press_is_answered_and_the_message_edited(standin, sim):
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = [[InlineKeyboardButton("Yes ✅", callback_data="pick:yes")]]
        await update.message.reply_text("Proceed?", reply_markup=InlineKeyboardMarkup(keyboard))

    async def picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Noted")
        await update.callback_query.edit_message_text(f"You picked {update.callback_query.data}")

    app = build_app(standin)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(picked))
    async with polling(app):
        await sim.send(USER, USER, f"/start@{standin.bot_username}")
        prompt = await sim.wait_for(USER, "sendMessage")
        await sim.press(USER, prompt["message_id"], USER, sim.button_data(prompt, "Yes"))
        answer = await sim.wait_for(USER, "answerCallbackQuery")
        edit = await sim.wait_for(USER, "editMessageText")

    assert answer["ok"] and answer["message_id"] == prompt["message_id"]
    assert edit["ok"] and edit["seq"] > answer["seq"]
    shown = await sim.last_bot_message(USER)
    assert shown is not None
    assert (shown["text"], shown["edited"], shown["reply_markup"]) == (
        "You picked pick:yes",
        True,
        None,  # editMessageText without reply_markup removes the keyboard, as in Telegram
    )


async def test_identical_edit_is_not_modified(bot, sim):
    await sim.send(USER, USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(USER, "Total: ¥12.00", reply_markup=keyboard)

    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Total: ¥12.00", USER, sent.message_id, reply_markup=keyboard)
    # Same text but the keyboard dropped is a real change.
    edited = await bot.edit_message_text("Total: ¥12.00", USER, sent.message_id)
    assert edited.reply_markup is None
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)


async def test_second_answer_to_a_callback_query_is_too_old(bot, sim):
    await sim.send(USER, USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(USER, "Ready?", reply_markup=keyboard)
    query_id = await sim.press(USER, sent.message_id, USER, "go")

    assert await bot.answer_callback_query(query_id, text="ok") is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("no-such-query")


async def test_callback_data_over_64_utf8_bytes_is_rejected(bot, sim):
    await sim.send(USER, USER, "hi")
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="я" * 32)]])
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="я" * 33)]])

    assert (await bot.send_message(USER, "64 bytes", reply_markup=fits)).message_id
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "66 bytes in 33 characters", reply_markup=too_long)
    bad_url = InlineKeyboardMarkup([[InlineKeyboardButton("site", url="javascript:alert(1)")]])
    with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
        await bot.send_message(USER, "link", reply_markup=bad_url)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>unclosed", 'end tag corresponding to start tag "b" at byte offset 0'),
        ("<b>crossed</i>", 'expected "</b>", found "</i>" at byte offset 10'),
        ("price < 5", 'Unescaped "<"'),
        ("AT&T", 'Unescaped "&"'),
        ("<div>x</div>", 'Unsupported start tag "div"'),
    ],
)
async def test_invalid_html_is_rejected_like_telegram(bot, sim, html, reason):
    await sim.send(USER, USER, "hi")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(USER, html, parse_mode="HTML")
    failed = await sim.wait_for(USER, "sendMessage")
    assert failed["ok"] is False and failed["error_code"] == 400
    assert failed["description"].startswith("Bad Request: can't parse entities: ")
    assert reason in failed["description"]  # PTB lower-cases the reason; the wire has it as is


async def test_text_and_caption_limits(bot, sim):
    await sim.send(USER, USER, "hi")
    assert (await bot.send_message(USER, "a" * 4096)).text == "a" * 4096
    # 4096 after parsing: the tags do not count
    assert await bot.send_message(USER, f"<b>{'a' * 4096}</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "a" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "  \n ")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(USER, "https://img.example/p.jpg", caption="c" * 1025)


async def test_429_fault_is_absorbed_by_aioratelimiter(standin, bot, sim):
    await sim.send(USER, USER, "hi")
    await sim.fault("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    sent = await bot.send_message(USER, "after the flood wait")
    assert sent.text == "after the flood wait"
    assert time.monotonic() - started >= 1.0

    calls = (await sim.outbox(USER, method="sendMessage"))["calls"]
    assert [(c["ok"], c.get("error_code")) for c in calls] == [(False, 429), (True, None)]
    assert calls[0]["description"] == "Too Many Requests: retry after 1"
    assert calls[0]["parameters"] == {"retry_after": 1}

    # Without a rate limiter PTB surfaces the same fault as RetryAfter.
    await sim.fault("sendMessage", 429, retry_after=3)
    async with Bot(standin.token, base_url=standin.base_url) as plain_bot:
        with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
            await plain_bot.send_message(USER, "x")


async def test_get_updates_conflicts_while_a_webhook_is_set(bot):
    assert await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


@contextlib.asynccontextmanager
async def webhook_receiver(fail_first: int) -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """A tiny receiver on 127.0.0.1 that answers 500 to the first `fail_first` POSTs."""
    received: list[dict[str, Any]] = []

    async def hook(request: Request) -> Response:
        received.append({"headers": dict(request.headers), "update": await request.json()})
        return Response(status_code=500 if len(received) <= fail_first else 200)

    server = await serve_in_background(Starlette(routes=[Route("/hook", hook, methods=["POST"])]))
    try:
        yield f"{server.url}/hook", received
    finally:
        await server.stop()


async def test_webhook_delivery_carries_the_secret_and_retries(bot, sim):
    with pytest.raises(BadRequest, match=r"(?i)secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="not allowed!")
    with pytest.raises(BadRequest, match="loopback"):
        await bot.set_webhook("https://example.com/hook")

    async with webhook_receiver(fail_first=1) as (url, received):
        assert await bot.set_webhook(url, secret_token="s3cret-Token_1")
        update = await sim.send(USER, USER, "via webhook")
        for _ in range(200):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.02)
        log = (await sim.webhook())["deliveries"]

    assert [r["headers"].get("x-telegram-bot-api-secret-token") for r in received] == [
        "s3cret-Token_1",
        "s3cret-Token_1",
    ]
    assert received[1]["update"] == update
    assert [(d["update_id"], d["status"]) for d in log] == [
        (update["update_id"], 500),
        (update["update_id"], 200),
    ]
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 0
    assert "500" in (info.last_error_message or "")


async def test_blocked_user_gives_forbidden(bot, sim):
    await sim.send(USER, USER, "hi")
    sent = await bot.send_message(USER, "welcome")
    await sim.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "still there?")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.edit_message_text("changed", USER, sent.message_id)
    # Writing again is Telegram's "Restart bot": the user unblocks.
    await sim.send(USER, USER, "/start")
    assert await bot.send_message(USER, "welcome back")


async def test_group_migration_raises_chat_migrated(bot, sim):
    await sim.send(GROUP, USER, "hello group", chat_type="group", chat_title="Buyers")
    new_id = await sim.migrate(GROUP)
    assert new_id == -100555

    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(GROUP, "anyone?")
    assert caught.value.new_chat_id == new_id
    assert (await bot.send_message(new_id, "found you")).chat.type == "supergroup"

    updates = await bot.get_updates(timeout=0)
    service = [u.message for u in updates if u.message and not u.message.text]
    assert [(m.chat.id, m.migrate_to_chat_id, m.migrate_from_chat_id) for m in service] == [
        (GROUP, new_id, None),
        (new_id, None, GROUP),
    ]


async def test_get_chat_member_reports_roles(bot, sim):
    await sim.set_member(GROUP, 1, "creator", first_name="Boss")
    await sim.set_member(GROUP, 2, "administrator")
    await sim.set_member(GROUP, 5, "kicked")
    await sim.send(GROUP, 3, "I write here")
    await sim.send(4, 4, "only in private")

    statuses = {
        user_id: (await bot.get_chat_member(GROUP, user_id)).status for user_id in (1, 2, 3, 4, 5)
    }
    assert statuses == {1: "creator", 2: "administrator", 3: "member", 4: "left", 5: "kicked"}
    admins = await bot.get_chat_administrators(GROUP)
    assert {a.user.id for a in admins} == {1, 2}
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(GROUP, 999_999)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat_member(-999, 1)


async def test_document_upload_get_file_and_download_round_trip(bot, sim):
    await sim.send(USER, USER, "hi")
    content = b"sku,qty\n12345,2\n"
    sent = await bot.send_document(USER, document=content, filename="lines.csv", caption="yours")
    assert (sent.document.file_name, sent.caption) == ("lines.csv", "yours")
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content

    update = await sim.send_document(USER, USER, "order.xlsx", b"PK\x03\x04 fake xlsx")
    file_id = update["message"]["document"]["file_id"]
    user_file = await bot.get_file(file_id)
    assert bytes(await user_file.download_as_bytearray()) == b"PK\x03\x04 fake xlsx"

    photo = await bot.send_photo(
        USER, photo=jpeg(600, 600), caption="<i>item</i>", parse_mode="HTML"
    )
    assert len(photo.photo) == 3 and photo.caption == "item"  # 90, 320 and the 600 original
    again = await bot.send_photo(USER, photo=photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(USER, photo="not-a-file-id")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_pressing_a_button_that_is_not_there_is_refused(bot, sim):
    await sim.send(USER, USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pay", callback_data="pay:1")]])
    sent = await bot.send_message(USER, "Order #1", reply_markup=keyboard)

    with pytest.raises(SimRequestError, match="no button with callback_data 'pay:2'") as caught:
        await sim.press(USER, sent.message_id, USER, "pay:2")
    assert caught.value.status == 400
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=None)
    with pytest.raises(SimRequestError, match="no button"):
        await sim.press(USER, sent.message_id, USER, "pay:1")
    await bot.delete_message(USER, sent.message_id)
    with pytest.raises(SimRequestError, match="never sent or deleted"):
        await sim.press(USER, sent.message_id, USER, "pay:1")
