"""`orderbot doctor` against the stand-ins on 127.0.0.1: the signing the platform accepts (every
recipe × timestamp unit), the Telegram token, and settings problems in plain words."""

from __future__ import annotations

import asyncio
import logging
import os

import pytest

from bot.cli import main
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.pandapon.signing import (
    DEFAULT_RECIPE,
    DEFAULT_TIMESTAMP_UNIT,
    NAMED_RECIPES,
    QUERY_RECIPES,
)
from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from sandbox.telegram.server import TelegramStandIn
from tests.e2e.harness import TOKEN
from tests.e2e.processes import command_env, run_to_end

PAIRS = [(recipe, unit) for recipe in NAMED_RECIPES for unit in ("s", "ms")]


@pytest.fixture
def doctor(tmp_path, monkeypatch, capsys):
    """Run `orderbot doctor` in this process with exactly the given settings; (code, output)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    monkeypatch.chdir(tmp_path)

    async def run(**values: str) -> tuple[int, str]:
        for key in list(os.environ):
            if key.startswith(("ORDERBOT_", "PANDAPON_", "TELEGRAM_")):
                monkeypatch.delenv(key)
        for key, value in command_env(tmp_path, **values).items():
            monkeypatch.setenv(key, value)
        code = await asyncio.to_thread(main, ["doctor"])
        return code, capsys.readouterr().out

    yield run
    root.handlers[:], level = saved
    root.setLevel(level)


def bot_settings(standin: TelegramStandIn, **more: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "ORDERBOT_ALLOWED_USERS": "1001",
        **more,
    }


def platform_settings(url: str, **more: str) -> dict[str, str]:
    return {
        "PANDAPON_BASE_URL": url,
        "PANDAPON_ACCESS_KEY": SANDBOX_ACCESS_KEY,
        "PANDAPON_ACCESS_SECRET": SANDBOX_ACCESS_SECRET,
        "PANDAPON_USER_ID": SANDBOX_USER_ID,
        **more,
    }


@pytest.mark.parametrize(("recipe", "unit"), PAIRS)
async def test_doctor_names_the_recipe_and_unit_the_platform_accepts(doctor, standin, recipe, unit):
    platform = await start_sandbox_platform(SandboxConfig(sign_recipe=recipe, timestamp_unit=unit))
    try:
        code, out = await doctor(**bot_settings(standin), **platform_settings(platform.url))
    finally:
        await platform.stop()
    lines = out.splitlines()
    default = (recipe, unit) == (DEFAULT_RECIPE, DEFAULT_TIMESTAMP_UNIT)
    unit_name = {"s": "seconds", "ms": "milliseconds"}[unit]
    assert f"✔ recipe {recipe}, timestamps in {unit_name}" in out
    # the exact lines to copy, each on its own line
    index = lines.index(f"PANDAPON_SIGN_RECIPE={recipe}")
    assert lines[index + 1] == f"PANDAPON_TIMESTAMP_UNIT={unit}"
    # it stops at the first accepted (and so for the query-signed calls)
    assert sum("accepted" in line and "query sign" not in line for line in lines) == 1
    assert SANDBOX_ACCESS_SECRET not in out
    if default:
        assert code == 0
        assert "✔ recipe ak-ts-nonce-md5, timestamps in seconds (configured): accepted" in lines
        assert "Everything is fine." in out
    else:
        assert code == 1
        assert "✘ recipe ak-ts-nonce-md5, timestamps in seconds (configured): refused" in out
        assert "Put these lines in .env:" in out
        assert "Everything is fine." not in out


async def test_doctor_when_no_recipe_is_accepted_says_what_to_check(doctor, standin):
    platform = await start_sandbox_platform(SandboxConfig(secret="another-secret"))
    try:
        code, out = await doctor(**bot_settings(standin), **platform_settings(platform.url))
    finally:
        await platform.stop()
    assert code == 1
    headers = "\n".join(line for line in out.splitlines() if "query sign" not in line)
    assert headers.count("refused — code") == len(PAIRS)  # every pair was tried
    assert headers.count("code 402: signature does not match") == len(PAIRS) // 2
    assert headers.count("this platform expects seconds") == len(PAIRS) // 2
    assert "accepted no known recipe in either unit" in out
    # the query-signed calls were probed too, every candidate in both units
    assert out.count("✘ query sign recipe") == 2 * len(QUERY_RECIPES)
    assert "PANDAPON_QUERY_SIGN_RECIPE=template:<algorithm>:<format>" in out
    assert "PANDAPON_SIGN_RECIPE=template:<algorithm>:<format>" in out


async def test_doctor_when_the_platform_does_not_answer(doctor, standin):
    code, out = await doctor(**bot_settings(standin), **platform_settings("http://127.0.0.1:9"))
    assert code == 1
    assert out.count("no answer") == 1  # one try: more recipes would not help
    assert "The platform did not answer: check PANDAPON_BASE_URL" in out


async def test_doctor_against_the_embedded_sandbox_says_all_is_fine(doctor, standin):
    code, out = await doctor(**bot_settings(standin))
    assert code == 0, out
    assert "✔ Telegram accepts TELEGRAM_BOT_TOKEN: the bot is @orderbot_test_bot." in out
    assert "uses an embedded sandbox platform" in out
    assert "recipe ak-ts-nonce-md5, timestamps in seconds (configured): accepted" in out
    assert out.rstrip().endswith("Everything is fine.")


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("123456:WRONG-TOKEN", "Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized)"),
        ("not a token", "Telegram does not recognise TELEGRAM_BOT_TOKEN as a bot token (404 Not"),
    ],
)
async def test_doctor_reports_a_wrong_or_malformed_token_in_plain_words(
    doctor, standin, token, expected
):
    code, out = await doctor(**bot_settings(standin, TELEGRAM_BOT_TOKEN=token))
    assert code == 1
    assert f"✘ {expected}" in out
    assert "Everything is fine." not in out
    assert token not in out


async def test_doctor_says_when_telegram_cannot_be_reached(doctor):
    code, out = await doctor(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL="http://127.0.0.1:9/bot",
        ORDERBOT_ALLOWED_USERS="1",
    )
    assert code == 1
    assert "✘ Cannot reach the Telegram Bot API at http://127.0.0.1:9/bot" in out


async def test_doctor_explains_missing_settings(doctor):
    code, out = await doctor()
    assert code == 1
    assert "✘ TELEGRAM_BOT_TOKEN is not set" in out
    assert "✘ Nobody may order" in out


async def test_doctor_reports_bad_settings_in_plain_words(doctor):
    code, out = await doctor(ORDERBOT_ALLOWED_USERS="abc", ORDERBOT_LISTEN_PORT="http")
    assert code == 1
    assert out.splitlines() == [
        '✘ ORDERBOT_ALLOWED_USERS must be comma-separated numeric user ids, not "abc".',
        '✘ ORDERBOT_LISTEN_PORT must be a whole number, not "http".',
        "Fix the ✘ lines above (in .env or the environment), then run `orderbot doctor` again.",
    ]


@pytest.mark.parametrize("command", [["run"], ["export", "--csv", "-"], ["sandbox"], ["demo"]])
async def test_a_bad_setting_is_one_plain_line_for_every_command(tmp_path, command):
    env = command_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, ORDERBOT_ALLOWED_USERS="abc")
    done = await run_to_end(*command, cwd=tmp_path, env=env)
    assert done.process.returncode == 2
    assert done.output.splitlines() == [
        'ORDERBOT_ALLOWED_USERS must be comma-separated numeric user ids, not "abc".'
    ]


@pytest.mark.parametrize("recipe", sorted(QUERY_RECIPES))
async def test_doctor_names_the_query_sign_recipe_the_platform_accepts(doctor, standin, recipe):
    """The warehouse-logistics calls are probed as the headers are: each query recipe × unit on
    a freight estimate, and the lines to copy for the one the platform takes."""
    config = SandboxConfig(query_sign_recipe=recipe, query_timestamp_unit="ms")
    platform = await start_sandbox_platform(config)
    try:
        code, out = await doctor(**bot_settings(standin), **platform_settings(platform.url))
    finally:
        await platform.stop()
    lines = out.splitlines()
    assert f"✔ query sign recipe {recipe}, timestamps in milliseconds" in out
    index = lines.index(f"PANDAPON_QUERY_SIGN_RECIPE={recipe}")
    assert lines[index + 1] == "PANDAPON_QUERY_TIMESTAMP_UNIT=ms"
    assert sum("accepted" in line and "query sign" in line for line in lines) == 1
    assert code == 1  # not the configured one: fix the ✘ lines
    assert "Fix the ✘ lines above" in out
