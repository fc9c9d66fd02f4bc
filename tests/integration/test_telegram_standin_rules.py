"""More of the stand-in's Telegram rules and its /sim API, through real PTB and plain HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError
from telegram.ext import Application, ExtBot

from sandbox.telegram.client import SimRequestError, SimTimeout
from sandbox.telegram.server import TelegramStandIn

USER = 7001
GROUP = -4321


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    standin = TelegramStandIn(callback_answer_window=0.3)
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
async def bot(standin: TelegramStandIn) -> AsyncIterator[ExtBot]:
    app = (
        Application.builder()
        .token(standin.token)
        .base_url(standin.base_url)
        .base_file_url(standin.base_file_url)
        .build()
    )
    await app.initialize()
    yield app.bot
    await app.shutdown()


@pytest.fixture
async def raw(standin: TelegramStandIn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=standin.sim_url, trust_env=False) as client:
        yield client


async def test_wire_formats_method_case_and_token(standin, raw):
    path = f"/bot{standin.token}"
    me = (await raw.get(f"{path}/GETME")).json()
    assert me["ok"] and me["result"]["username"] == "orderbot_test_bot"
    assert me["result"]["id"] == 123456

    await raw.post("/sim/message", json={"chat_id": USER, "user_id": USER, "text": "hi"})
    by_query = await raw.get(f"{path}/sendMessage", params={"chat_id": USER, "text": "q"})
    by_json = await raw.post(f"{path}/sendmessage", json={"chat_id": USER, "text": "j"})
    assert by_query.json()["result"]["text"] == "q" and by_json.json()["result"]["text"] == "j"

    unknown = await raw.post(f"{path}/sendTelepathy", data={"chat_id": USER})
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    wrong = await raw.get("/bot123456:WRONG/getMe")
    assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")


async def test_wrong_token_is_invalid_token_for_ptb(standin):
    app = Application.builder().token("123456:WRONG").base_url(standin.base_url).build()
    with pytest.raises(InvalidToken):
        await app.initialize()


async def test_get_updates_offset_limit_long_poll_and_allowed_updates(bot, sim):
    first = await sim.send(USER, USER, "one")
    second = await sim.send(USER, USER, "two")
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [first["update_id"]]
    assert [u.message.text for u in await bot.get_updates(offset=second["update_id"])] == ["two"]
    assert await bot.get_updates(offset=second["update_id"] + 1) == ()

    # A long poll answers the moment an update arrives, not at its timeout.
    poll = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await sim.send(USER, USER, "wake up")
    woken = await poll
    assert [u.message.text for u in woken] == ["wake up"] and time.monotonic() - started < 1
    offset = woken[0].update_id + 1

    # allowed_updates: Telegram drops the kinds the bot did not ask for.
    sent = await bot.send_message(
        USER,
        "choose",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    await sim.send(USER, USER, "ignored text")
    await sim.press(USER, sent.message_id, USER, "a")
    updates = await bot.get_updates(offset=offset, allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates] == ["a"]


async def test_a_second_poller_terminates_the_first(standin, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.1)
    async with Bot(standin.token, base_url=standin.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_callback_answer_window_and_text_limit(bot, sim):
    await sim.send(USER, USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(USER, "Ready?", reply_markup=keyboard)
    late = await sim.press(USER, sent.message_id, USER, "go")
    quick = await sim.press(USER, sent.message_id, USER, "go")
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(quick, text="x" * 201)
    assert await bot.answer_callback_query(quick, text="x" * 200)
    await asyncio.sleep(0.35)  # the stand-in was built with a 0.3 s answer window
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(late)


async def test_edit_rules_for_media_and_text(bot, sim):
    await sim.send(USER, USER, "hi")
    photo = await bot.send_photo(USER, "https://img.example/item.jpg", caption="Item")
    text = await bot.send_message(USER, "Plain")
    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await bot.edit_message_text("new", USER, photo.message_id)
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(USER, text.message_id, caption="new")
    edited = await bot.edit_message_caption(
        USER, photo.message_id, caption="<b>Item</b> v2", parse_mode="HTML"
    )
    assert edited.caption == "Item v2"
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_caption(
            USER, photo.message_id, caption="<b>Item</b> v2", parse_mode="HTML"
        )
    user_message_id = (await sim.chat(USER))["messages"][0]["message_id"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("hijack", USER, user_message_id)

    assert await bot.delete_message(USER, text.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(USER, text.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("gone", USER, text.message_id)
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "re", reply_to_message_id=text.message_id)
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")
    assert [m["message_id"] for m in (await sim.chat(USER))["messages"]] == [
        user_message_id,
        photo.message_id,
    ]


async def test_unknown_chats_and_group_membership_of_the_bot(standin, bot, sim):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(99, "nobody wrote to me")
    await sim.send(GROUP, USER, "hello", chat_type="group")
    assert (await bot.get_chat(GROUP)).title == f"Group {GROUP}"
    await sim.set_member(GROUP, standin.bot_id, "kicked")
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "still here?")
    with pytest.raises(SimRequestError, match="bot is not a member"):
        await sim.send(GROUP, USER, "anyone?")


async def test_commands_are_validated_and_stored_per_scope_and_language(bot, sim):
    commands = [BotCommand("neworder", "Place an order"), BotCommand("orders", "My orders")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands([BotCommand("status", "订单状态")], language_code="zh")
    assert await bot.set_my_commands(
        [BotCommand("approve", "Approve")], scope=BotCommandScopeChat(GROUP)
    )
    assert [c.command for c in await bot.get_my_commands()] == ["neworder", "orders"]
    assert [c.command for c in await bot.get_my_commands(language_code="zh")] == ["status"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("NewOrder", "caps are not allowed")])
    with pytest.raises(BadRequest, match=r"(?i)bot_command_description_invalid"):
        await bot.set_my_commands([BotCommand("ok", " ")])

    stored = await sim.commands()
    assert {(s["scope"]["type"], s["language_code"]) for s in stored} == {
        ("default", ""),
        ("default", "zh"),
        ("chat", ""),
    }
    assert await bot.delete_my_commands(language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == ()


async def test_faults_win_over_everything_and_are_counted(bot, sim):
    await sim.fault("getChat", 400, "Bad Request: custom failure", times=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="Custom failure"):
            await bot.get_chat(12345)  # an unknown chat, yet the fault answers first
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(12345)
    await sim.fault("getMe", 502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_me()
    with pytest.raises(SimRequestError, match=r"400..599"):
        await sim.fault("getMe", 200)


async def test_outbox_filters_long_poll_and_wait_for(bot, sim):
    await sim.send(USER, USER, "hi")
    await sim.send(USER + 1, USER + 1, "hi")
    mark = (await sim.outbox())["last"]

    async def later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(USER + 1, "for the other user")
        await bot.send_message(USER, "for you")

    task = asyncio.create_task(later())
    page = await sim.outbox(USER, after=mark, method="sendmessage", wait=5)
    await task
    assert [c["params"]["text"] for c in page["calls"]] == ["for you"]
    assert page["calls"][0]["params"]["chat_id"] == USER  # typed back from the form field

    call = await sim.wait_for(
        USER + 1, "sendMessage", predicate=lambda c: "other" in c["params"]["text"]
    )
    assert call["result"]["chat"]["id"] == USER + 1
    with pytest.raises(SimTimeout, match="recent outbox"):
        await sim.wait_for(USER, "sendPhoto", timeout=0.2)
    with pytest.raises(LookupError, match="no button"):
        sim.button_data(call, "Pay")


async def test_simulated_users_cannot_do_the_impossible(sim):
    with pytest.raises(SimRequestError, match="chat_id must equal user_id"):
        await sim.send(USER, USER + 1, "not my chat")
    with pytest.raises(SimRequestError, match="empty"):
        await sim.send(USER, USER, "   ")
    with pytest.raises(SimRequestError, match="supergroup chat ids start with -100"):
        await sim.send(-5, USER, "hi", chat_type="supergroup")
    await sim.set_member(GROUP, USER, "kicked")
    with pytest.raises(SimRequestError, match="kicked"):
        await sim.send(GROUP, USER, "let me in")
    with pytest.raises(SimRequestError) as caught:
        await sim.chat(31337)
    assert caught.value.status == 404
    await sim.set_member(-100777, USER, "member")
    with pytest.raises(SimRequestError, match=r"only a .* group can migrate"):
        await sim.migrate(-100777)


async def test_block_and_unblock_queue_my_chat_member(bot, sim):
    await sim.send(USER, USER, "hi")
    await sim.block(USER)
    await sim.block(USER, blocked=False)
    updates = await bot.get_updates()
    changes = [u.my_chat_member for u in updates if u.my_chat_member]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes] == [
        ("member", "kicked"),
        ("kicked", "member"),
    ]


async def test_reset_clears_the_world_but_not_the_update_ids(bot, sim):
    before = await sim.send(USER, USER, "hi")
    await bot.set_webhook("http://127.0.0.1:9/hook")
    await sim.fault("sendMessage", 500, times=5)
    await sim.reset()

    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates(timeout=0) == ()
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(USER, "who?")  # no fault left: the real rule answers
    after = await sim.send(USER, USER, "hi again")
    assert after["update_id"] > before["update_id"]
    assert after["message"]["message_id"] == 1


async def test_pending_updates_count_and_drop_on_set_webhook(bot, sim):
    await sim.send(USER, USER, "one")
    await sim.send(USER, USER, "two")
    assert (await bot.get_webhook_info()).pending_update_count == 2
    assert await bot.set_webhook("http://127.0.0.1:9/hook", drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("http://127.0.0.1:9/hook", 0)
    assert (await sim.webhook())["deliveries"] == []
