"""The stand-in's flood control: Telegram's message limits, answered with Telegram's 429."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from sandbox.telegram.client import SimRequestError, TelegramSim
from sandbox.telegram.flood import FloodControl, FloodLimits, RollingWindow, message_kind
from sandbox.telegram.server import TelegramStandIn

USERS = [7101, 7102, 7103, 7104]
GROUP = -4400


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    # Small windows keep the test short; the rules are Telegram's.
    limits = FloodLimits(per_second=4, private_burst=2, private_window=1.0, group_burst=3)
    standin = TelegramStandIn(flood=limits)
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
async def sim(standin) -> AsyncIterator[TelegramSim]:
    async with TelegramSim(standin.sim_url) as client:
        await client.add_users(USERS, first_name="Flood")
        await client.set_member(GROUP, USERS[0], "member", chat_title="Team")
        yield client


@pytest.fixture
async def api(standin) -> AsyncIterator[httpx.AsyncClient]:
    base = f"{standin.sim_url}/bot{standin.token}"
    async with httpx.AsyncClient(base_url=base, trust_env=False) as client:
        yield client


async def send(api: httpx.AsyncClient, chat_id: int, text: str = "hi") -> httpx.Response:
    return await api.post("/sendMessage", json={"chat_id": chat_id, "text": text})


def test_which_calls_are_messages() -> None:
    assert message_kind("sendMessage") == message_kind("SENDPHOTO") == "message"
    assert message_kind("copyMessage") == message_kind("forwardMessages") == "message"
    assert message_kind("editMessageText") == message_kind("editMessageReplyMarkup") == "edit"
    for method in ("answerCallbackQuery", "sendChatAction", "deleteMessage", "getChatMember"):
        assert message_kind(method) is None


def test_a_rolling_window_counts_the_last_period_only() -> None:
    window = RollingWindow(2, 1.0)
    window.add(0.0)
    window.add(0.4)
    assert window.wait(0.5) == pytest.approx(0.5)  # the first leaves the window at 1.0
    assert window.wait(1.0) == 0.0
    window.add(1.0)
    assert window.wait(1.2) == pytest.approx(0.2)


def test_limits_are_checked_and_reported() -> None:
    with pytest.raises(ValueError, match="positive"):
        FloodLimits(per_second=0)
    with pytest.raises(ValueError, match="unknown flood limit"):
        FloodLimits.from_json({"per_minute": 3})
    with pytest.raises(ValueError, match="must be a number"):
        FloodLimits.from_json({"per_second": "many"})
    assert FloodLimits.from_json({"group_burst": 5}) == FloodLimits(group_burst=5)
    control = FloodControl(FloodLimits())
    assert control.report()["limits"]["per_second"] == 30


async def test_a_private_chat_takes_a_short_burst_then_gets_429_with_retry_after(api, sim):
    assert (await send(api, USERS[0])).status_code == 200
    assert (await send(api, USERS[0])).status_code == 200
    refused = await send(api, USERS[0])
    assert refused.status_code == 429
    body = refused.json()
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    # another chat is not held back by this one
    assert (await send(api, USERS[1])).status_code == 200
    # waiting out retry_after is enough: the refused call was not counted
    await asyncio.sleep(1.05)
    assert (await send(api, USERS[0])).status_code == 200
    report = await sim.flood()
    assert report["refused"] == {"bot": 0, "private": 1, "group": 0}
    assert report["counted"] == 4


async def test_the_bot_wide_limit_counts_messages_to_every_chat(api, sim):
    answers = [await send(api, user) for user in USERS]  # one each: within every chat's limit
    answers.append(await send(api, USERS[0]))
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert (await sim.flood())["refused"]["bot"] == 1
    # the refused call is in the outbox as Telegram answered it
    refused = (await sim.outbox(USERS[0], method="sendMessage"))["calls"][-1]
    assert refused["ok"] is False and refused["error_code"] == 429


async def test_callback_answers_and_private_edits_are_not_messages(api, sim):
    sent = (await send(api, USERS[2], "panel")).json()["result"]
    for number in range(6):  # far past the private burst
        edited = await api.post(
            "/editMessageText",
            json={"chat_id": USERS[2], "message_id": sent["message_id"], "text": f"v{number}"},
        )
        assert edited.status_code == 200
    await api.post("/sendChatAction", json={"chat_id": USERS[2], "action": "typing"})
    assert (await sim.flood())["refused_total"] == 0


async def test_edits_count_in_groups(api, sim):
    first = (await send(api, GROUP, "card")).json()["result"]
    statuses = []
    for number in range(3):
        answer = await api.post(
            "/editMessageText",
            json={"chat_id": GROUP, "message_id": first["message_id"], "text": f"card {number}"},
        )
        statuses.append(answer.status_code)
    assert statuses == [200, 200, 429]  # the card and two edits fill the group's minute
    refused = await send(api, GROUP, "one more")
    assert refused.status_code == 429
    assert refused.json()["parameters"]["retry_after"] == 60
    assert (await sim.flood())["refused"]["group"] == 2


async def test_flood_control_can_be_changed_and_turned_off(api, sim):
    await sim.set_flood(per_second=1)
    assert (await send(api, USERS[0])).status_code == 200
    assert (await send(api, USERS[1])).status_code == 429
    off = await sim.set_flood(False)
    assert off["enabled"] is False
    assert all([(await send(api, USERS[3])).status_code == 200 for _ in range(5)])
    with pytest.raises(SimRequestError, match="unknown flood limit"):
        await sim.set_flood(per_hour=5)
    on = await sim.set_flood()
    assert on["limits"] == vars(FloodLimits()) and on["counted"] == 0


async def test_flood_control_is_off_by_default():
    standin = TelegramStandIn()
    await standin.start()
    try:
        async with TelegramSim(standin.sim_url) as sim:
            assert (await sim.flood())["enabled"] is False
    finally:
        await standin.stop()
