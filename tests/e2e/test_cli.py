"""The commands a person types: `orderbot demo`, `orderbot run` (embedded sandbox, a rejected
token) — run as real processes against the stand-ins on 127.0.0.1. `orderbot doctor` is in
test_doctor.py, `orderbot sandbox` + `orderbot run` side by side in test_operator_path.py."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from sandbox.telegram.client import TelegramSim
from sandbox.telegram.server import TelegramStandIn

TOKEN = "123456:TEST-TOKEN"
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("ORDERBOT_", "PANDAPON_"))}


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {
        **{k: v for k, v in CLEAN_ENV.items() if not k.startswith("TELEGRAM_")},
        "ORDERBOT_DB": str(tmp_path / "bot.db"),
        **values,
    }


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


async def test_demo_places_an_order_from_the_terminal(tmp_path):
    demo = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--db",
        str(tmp_path / "demo.db"),
        cwd=tmp_path,
        env=_env(tmp_path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    seen = ""

    async def until(expected: str) -> None:
        nonlocal seen
        start = len(seen)
        while expected not in seen[start:]:
            chunk = await asyncio.wait_for(demo.stdout.read(4096), timeout=20)
            assert chunk, f"the demo ended before {expected!r}:\n{seen[-3000:]}"
            seen += chunk.decode()

    try:
        await until("Anything else is sent to the bot")
        for line, expected in DEMO_STEPS:
            demo.stdin.write(f"{line}\n".encode())
            await demo.stdin.drain()
            await until(expected)
        demo.stdin.write(b":quit\n")
        await demo.stdin.drain()
        rest, _ = await asyncio.wait_for(demo.communicate(), timeout=30)
    finally:
        if demo.returncode is None:
            demo.kill()
    assert demo.returncode == 0, (seen + rest.decode())[-3000:]


@pytest.fixture
async def standin():
    server = TelegramStandIn(token=TOKEN)
    await server.start()
    yield server
    await server.stop()


async def test_run_without_platform_credentials_uses_the_embedded_sandbox(tmp_path, standin):
    env = _env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=standin.base_url,
        ORDERBOT_ALLOWED_USERS="1001",
        LOG_LEVEL="INFO",
    )
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
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
        bot.send_signal(signal.SIGINT)
        out, _ = await asyncio.wait_for(bot.communicate(), timeout=30)
    log = out.decode()
    assert bot.returncode == 0, log[-3000:]
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
    env = _env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_BASE_URL=standin.base_url,
        ORDERBOT_ALLOWED_USERS="1001",
        LOG_LEVEL="ERROR",  # only what the operator must read
    )
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(bot.communicate(), timeout=30)
    assert bot.returncode == 2
    assert out.decode() == ""
    assert err.decode().splitlines() == [line]  # no traceback, and the token is not repeated
