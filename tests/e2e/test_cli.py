"""The commands a person types: `orderbot demo`, `orderbot run` (embedded sandbox, a rejected
token) — run as real processes against the stand-ins on 127.0.0.1. `orderbot doctor` is in
test_doctor.py, `orderbot sandbox` + `orderbot run` side by side in test_operator_path.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sandbox.telegram.client import TelegramSim
from tests.e2e.harness import TOKEN
from tests.e2e.processes import Command, command_env, run_to_end

DEMO_STEPS = [
    ("/neworder", "Which platform"),
    ("1", "Paste a"),  # Taobao
    ("https://item.taobao.com/item.htm?id=672991141190", "Choose the SKU"),
    ("1", "How many"),  # the first SKU
    ("2", "Subtotal"),  # the quick button "2"
    ("3", "Receiver"),  # continue to the address
    ("2", "Paste the whole address"),
    ("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this address"),
    ("1", "Budget"),  # use this address
    ("1", "come from"),  # use the total
    ("5", "order number"),  # no order source
    ("1", "Preview"),  # generate an order number
    ("1", "Order placed"),  # confirm
    ("/orders", "Orders in this chat (1)"),
]


async def _demo_session(tmp_path: Path, steps: list[tuple[str, str]]) -> str:
    """One `orderbot demo` on tmp_path/demo.db: type each line, wait for its answer, quit."""
    demo = await Command.start(
        "demo",
        "--db",
        str(tmp_path / "demo.db"),
        cwd=tmp_path,
        env=command_env(tmp_path),
        stdin=True,
    )
    try:
        await demo.until("Anything else is sent to the bot")
        for line, expected in steps:
            await demo.type(line)
            await demo.until(expected)
        await demo.type(":quit")
        code = await demo.finish()
    finally:
        await demo.stop()
    assert code == 0, demo.output[-3000:]
    return demo.output


async def test_demo_places_an_order_from_the_terminal(tmp_path):
    await _demo_session(tmp_path, DEMO_STEPS)


def _platform_numbers(output: str) -> list[str]:
    return re.findall(r"Platform order no\.: (PO\d+)", output)


async def test_a_restarted_demo_keeps_track_working_and_never_repeats_an_order_number(tmp_path):
    first = await _demo_session(tmp_path, [*DEMO_STEPS, ("/status #1", "Platform order no.")])
    assert (tmp_path / "demo-platform.db").exists()  # the platform's state, beside the demo's
    [number] = set(_platform_numbers(first))

    # the platform finds the old order after the restart: Track answers, not "not answering"
    again = await _demo_session(
        tmp_path,
        [
            ("/track #1", "no parcel has been shipped yet"),
            ("/status #1", "Platform order no."),
            *DEMO_STEPS[:-1],
            ("/orders", "Orders in this chat (2)"),
            ("/status #2", "Platform order no."),
        ],
    )
    assert "not answering" not in again and "has no order" not in again
    numbers = _platform_numbers(again)
    assert numbers[0] == number  # #1 is the same order on the platform
    assert numbers[-1] != number  # the new order got a new platform order number


async def test_run_without_platform_credentials_uses_the_embedded_sandbox(tmp_path, standin):
    env = command_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=standin.base_url,
        ORDERBOT_ALLOWED_USERS="1001",
        LOG_LEVEL="INFO",
    )
    bot = await Command.start("run", cwd=tmp_path, env=env)
    try:
        async with TelegramSim(standin.sim_url) as sim:
            await sim.wait_for(None, "setMyCommands", after=0, timeout=30)
            await sim.send(1001, 1001, "/start")
            start = await sim.wait_for(1001, "sendMessage", timeout=15)
            assert "Sandbox mode" in start["params"]["text"]
            await sim.send(1001, 1001, "/neworder")
            await sim.wait_for(1001, "sendMessage", timeout=15)
            await sim.send(1001, 1001, "https://item.taobao.com/item.htm?id=653211874520")
            sku = await sim.wait_for(
                1001, predicate=lambda c: "Choose the SKU" in str(c["params"]), timeout=15
            )
            assert sku["ok"]  # the product came from the embedded sandbox platform
    finally:
        code = await bot.stop()
    log = bot.output
    assert code == 0, log[-3000:]
    assert "embedded sandbox platform" in log
    assert TOKEN.split(":")[1] not in log  # the token never reaches the log


@pytest.mark.parametrize(
    ("token", "line"),
    [
        (
            "123456:WRONG-TOKEN",
            "Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): the token is wrong or was "
            "revoked. Copy it again from @BotFather (/mybots → API Token).",
        ),
        (
            "not-a-token",
            "Telegram does not recognise TELEGRAM_BOT_TOKEN as a bot token (404 Not Found). A "
            "token looks like 123456789:AAH… (digits, a colon, then letters, digits, - and _); "
            "check for a missing part, spaces or quotes.",
        ),
    ],
)
async def test_run_with_a_rejected_token_stops_with_one_clear_line(tmp_path, standin, token, line):
    env = command_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_BASE_URL=standin.base_url,
        ORDERBOT_ALLOWED_USERS="1001",
        LOG_LEVEL="ERROR",  # only what the operator must read
    )
    done = await run_to_end("run", cwd=tmp_path, env=env)
    assert done.process.returncode == 2
    assert done.output.splitlines() == [line]  # no traceback, and the token is not repeated
