"""Photos on the Telegram stand-in, both ways, and what a chat client reads: /sim/photo,
sendPhoto by upload and by URL (fetched only from 127.0.0.1), /sim/file, /sim/chats, /sim/events."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.error import BadRequest

from sandbox.pandapon.images import product_image
from sandbox.pandapon.server import start_sandbox_platform
from sandbox.telegram.client import SimRequestError
from sandbox.telegram.server import TelegramStandIn
from tests.images import jpeg, png, size_of

USER = 4242
GROUP = -777
TSHIRT = "653211874520"


@pytest.fixture
async def bot(standin: TelegramStandIn) -> AsyncIterator[Bot]:
    bot = Bot(standin.token, base_url=standin.base_url, base_file_url=standin.base_file_url)
    async with bot:
        yield bot


async def test_a_user_photo_comes_in_telegram_sizes_the_bot_can_download(bot, sim):
    update = await sim.send_photo(USER, USER, jpeg(1000, 750), caption="/search similar")
    message = update["message"]
    sizes = [(size["width"], size["height"]) for size in message["photo"]]
    assert sizes == [(90, 68), (320, 240), (800, 600), (1000, 750)]
    assert message["caption"] == "/search similar"
    assert message["caption_entities"] == [{"type": "bot_command", "offset": 0, "length": 7}]
    largest = message["photo"][-1]
    downloaded = await (await bot.get_file(largest["file_id"])).download_as_bytearray()
    assert size_of(bytes(downloaded)) == (1000, 750)
    assert bytes(downloaded) == await sim.file(largest["file_id"])
    # the same picture again: new file ids, the same file_unique_id (as Telegram keeps it)
    again = (await sim.send_photo(USER, USER, jpeg(1000, 750)))["message"]["photo"][-1]
    assert again["file_id"] != largest["file_id"]
    assert again["file_unique_id"] == largest["file_unique_id"]
    other = (await sim.send_photo(USER, USER, png(200, 100)))["message"]["photo"]
    assert [(s["width"], s["height"]) for s in other] == [(90, 45), (200, 100)]
    assert (await sim.chat(USER))["messages"][-1]["caption"] is None


async def test_what_telegram_would_not_take_as_a_photo_is_refused(bot, sim):
    await sim.send(USER, USER, "hi")
    for content, reason in (
        (b"not an image at all", "IMAGE_PROCESS_FAILED"),
        (jpeg(2100, 100), "PHOTO_INVALID_DIMENSIONS"),
    ):
        with pytest.raises(SimRequestError, match=reason):
            await sim.send_photo(USER, USER, content)
        with pytest.raises(BadRequest, match=reason.capitalize()):
            await bot.send_photo(USER, photo=content)
    with pytest.raises(SimRequestError, match="at most 1024"):
        await sim.send_photo(USER, USER, jpeg(50, 50), caption="x" * 1025)
    assert [m for m in (await sim.chat(USER))["messages"] if m["photo"]] == []


async def test_a_photo_by_a_loopback_url_is_fetched_and_stored_like_an_upload(bot, sim):
    platform = await start_sandbox_platform()
    try:
        url = f"{platform.url}/_sandbox/images/taobao/{TSHIRT}.jpg"
        await sim.send(USER, USER, "hi")
        sent = await bot.send_photo(USER, url, caption="T-shirt")
        assert [(p.width, p.height) for p in sent.photo] == [(90, 90), (320, 320), (600, 600)]
        original = await sim.file(sent.photo[-1].file_id)
        assert size_of(original) == (600, 600)
        assert sent.photo[-1].file_size == len(original)
        with pytest.raises(BadRequest, match="Failed to get http url content"):
            await bot.send_photo(USER, f"{platform.url}/_sandbox/images/taobao/1.jpg")
        with pytest.raises(BadRequest, match="Wrong type of the web page content"):
            await bot.send_photo(USER, f"{platform.url}/_sandbox/catalog")
    finally:
        await platform.stop()
    assert product_image("taobao", TSHIRT) != original  # re-encoded, as Telegram does


async def test_a_photo_by_a_remote_url_is_not_fetched_and_its_file_points_there(bot, sim, standin):
    await sim.send(USER, USER, "hi")
    sent = await bot.send_photo(USER, "https://img.example/p.jpg")
    assert len(sent.photo) == 3
    async with httpx.AsyncClient(base_url=standin.sim_url) as client:
        response = await client.get(f"/sim/file/{sent.photo[-1].file_id}")
        assert response.status_code == 307
        assert response.headers["location"] == "https://img.example/p.jpg"
        assert (await client.get("/sim/file/nope")).status_code == 404


async def test_files_download_with_their_name_and_never_open_as_pages(bot, sim, standin):
    update = await sim.send_document(USER, USER, "订单 list.html", b"<script>alert(1)</script>")
    file_id = update["message"]["document"]["file_id"]
    async with httpx.AsyncClient(base_url=standin.sim_url) as client:
        response = await client.get(f"/sim/file/{file_id}")
        assert response.content == b"<script>alert(1)</script>"
        assert response.headers["content-disposition"].startswith("attachment;")
        assert "%E8%AE%A2%E5%8D%95%20list.html" in response.headers["content-disposition"]
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_chat_clients_see_every_change_in_the_feed(bot, sim):
    start = (await sim.events())["last"]
    await sim.send(USER, USER, "hi", first_name="Mei", language_code="zh")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pay", callback_data="pay:1")]])
    sent = await bot.send_message(USER, "Order #1", reply_markup=keyboard)
    await bot.edit_message_text("Order #1 (paid)", USER, sent.message_id, reply_markup=keyboard)
    query_id = await sim.press(USER, sent.message_id, USER, "pay:1")
    await bot.answer_callback_query(query_id, "Paid!", show_alert=True)
    await bot.delete_message(USER, sent.message_id)
    await sim.set_member(GROUP, USER, "creator", chat_title="Team")
    events = (await sim.events(after=start))["events"]
    kinds = [(event["kind"], event["chat_id"], event.get("message_id")) for event in events]
    assert kinds == [
        ("message", USER, 1),
        ("message", USER, 2),
        ("edit", USER, 2),
        ("answer", USER, 2),
        ("delete", USER, 2),
        ("chat", GROUP, None),
    ]
    answer = events[3]
    assert (answer["text"], answer["show_alert"], answer["callback_query_id"]) == (
        "Paid!",
        True,
        query_id,
    )
    only_group = (await sim.events(after=start, chat_id=GROUP))["events"]
    assert [event["kind"] for event in only_group] == ["chat"]

    world = await sim.chats()
    assert [chat["id"] for chat in world["chats"]] == [USER, GROUP]
    private = world["chats"][0]
    assert private["first_name"] == "Mei" and private["last_message"]["text"] == "hi"
    assert world["chats"][1]["title"] == "Team"
    mei = {"id": USER, "is_bot": False, "first_name": "Mei", "language_code": "zh"}
    assert world["users"] == [{**mei, "blocked_bot": False}]
    assert world["bot"]["is_bot"] is True


async def test_the_feed_long_polls_and_a_reset_is_reported(sim):
    last = (await sim.events())["last"]
    assert (await sim.events(after=last, wait=0.05))["events"] == []
    await sim.reset()
    events = (await sim.events(after=last))["events"]
    assert [event["kind"] for event in events] == ["reset"]


async def test_a_photo_message_changes_its_photo_and_caption_with_edit_message_media(bot, sim):
    await sim.send(USER, USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="p:2")]])
    sent = await bot.send_photo(USER, jpeg(400, 300), caption="Page <b>1</b>", parse_mode="HTML")
    edited = await bot.edit_message_media(
        InputMediaPhoto(png(200, 100), caption="Page <b>2</b>", parse_mode="HTML"),
        chat_id=USER,
        message_id=sent.message_id,
        reply_markup=keyboard,
    )
    assert [(p.width, p.height) for p in edited.photo] == [(90, 45), (200, 100)]
    assert edited.caption == "Page 2" and edited.caption_entities[0].type == "bold"
    stored = (await sim.chat(USER))["messages"][-1]
    assert size_of(await sim.file(stored["photo"][-1]["file_id"])) == (200, 100)
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "p:2"
    # by file_id, as a bot shows a page it sent before; a text message has no media
    again = await bot.edit_message_media(
        InputMediaPhoto(sent.photo[-1].file_id, caption="Page 1"), USER, sent.message_id
    )
    assert (again.photo[-1].width, again.caption) == (400, "Page 1")
    text = await bot.send_message(USER, "plain")
    with pytest.raises(BadRequest, match="There is no media in the message to edit"):
        await bot.edit_message_media(InputMediaPhoto(png(50, 50)), USER, text.message_id)
