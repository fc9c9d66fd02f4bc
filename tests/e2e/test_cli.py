"""The commands a person types: `orderbot run` (embedded sandbox), `orderbot doctor` — run as
real processes (or through `main`) against the stand-ins on 127.0.0.1. `orderbot demo` has its
own tests: test_console.py (the terminal) and tests/browser/ (the web chat)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
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


def test_doctor_against_the_embedded_sandbox_says_all_is_fine(tmp_path, monkeypatch, capsys):
    for key, value in _env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, ORDERBOT_ALLOWED_USERS="1").items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "recipe kv-md5 (configured): accepted" in out
    assert "Everything is fine." in out


async def test_doctor_finds_the_recipe_the_platform_accepts(tmp_path, monkeypatch, capsys):
    platform = await start_sandbox_platform(SandboxConfig(sign_recipe="hmac-md5"))
    try:
        values = _env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=TOKEN,
            ORDERBOT_ALLOWED_USERS="1",
            PANDAPON_BASE_URL=platform.url,
            PANDAPON_ACCESS_KEY=SANDBOX_ACCESS_KEY,
            PANDAPON_ACCESS_SECRET=SANDBOX_ACCESS_SECRET,
            PANDAPON_USER_ID=SANDBOX_USER_ID,
            PANDAPON_SIGN_RECIPE="kv-md5",
        )
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        monkeypatch.chdir(tmp_path)
        code = await asyncio.to_thread(main, ["doctor"])
    finally:
        await platform.stop()
    out = capsys.readouterr().out
    assert code == 1
    assert "recipe kv-md5 (configured): refused" in out
    assert "recipe hmac-md5: accepted" in out
    assert "Set PANDAPON_SIGN_RECIPE=hmac-md5" in out
    assert SANDBOX_ACCESS_SECRET not in out


def test_doctor_explains_missing_settings(tmp_path, monkeypatch, capsys):
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "TELEGRAM_BOT_TOKEN is not set" in out
    assert "Nobody may order" in out
