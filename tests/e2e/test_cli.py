"""The commands a person types: `orderbot run` (embedded sandbox, a rejected token) — run as real
processes against the stand-ins on 127.0.0.1. `orderbot doctor` is in test_doctor.py, `orderbot
sandbox` + `orderbot run` side by side in test_operator_path.py, and `orderbot demo` has its own:
test_console.py (the terminal) and tests/browser/ (the web chat)."""

from __future__ import annotations

import pytest

from sandbox.telegram.client import TelegramSim
from tests.e2e.harness import TOKEN
from tests.e2e.processes import Command, command_env, run_to_end


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
