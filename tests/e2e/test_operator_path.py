"""The operator's path: `orderbot sandbox` in one process, `orderbot run` in another, configured
only from the lines the first one printed — and what `run` does with a PANDAPON_BASE_URL but no
credentials."""

from __future__ import annotations

import socket

import httpx

from bot.config import SANDBOX_ACCESS_SECRET
from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from tests.e2e.flows import TSHIRT, place_order
from tests.e2e.harness import BUYER, TOKEN, Stack
from tests.e2e.processes import Command, command_env, env_lines, run_to_end

POINTING_LINES = (
    "TELEGRAM_BASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "PANDAPON_BASE_URL",
    "PANDAPON_ACCESS_KEY",
    "PANDAPON_ACCESS_SECRET",
    "PANDAPON_USER_ID",
    "PANDAPON_SIGN_RECIPE",
    "PANDAPON_TIMESTAMP_UNIT",
)


async def start_sandbox(tmp_path, **env: str) -> tuple[Command, dict[str, str]]:
    folder = tmp_path / "sandbox"
    folder.mkdir(exist_ok=True)
    sandbox = await Command.start(
        "sandbox", "--port", "0", "--telegram-port", "0", cwd=folder, env=command_env(folder, **env)
    )
    printed = await sandbox.until("Press Ctrl-C to stop.")
    return sandbox, env_lines(printed)


async def test_run_from_the_lines_sandbox_printed_places_an_order(tmp_path):
    sandbox, lines = await start_sandbox(tmp_path)
    bot = None
    try:
        assert set(POINTING_LINES) <= set(lines)
        assert lines["PANDAPON_SIGN_RECIPE"] == "ak-ts-nonce-md5"
        assert lines["PANDAPON_TIMESTAMP_UNIT"] == "s"
        assert lines["PANDAPON_ACCESS_SECRET"] == SANDBOX_ACCESS_SECRET  # the documented default
        folder = tmp_path / "bot"
        folder.mkdir()
        env = command_env(folder, **lines, ORDERBOT_ALLOWED_USERS=str(BUYER))
        bot = await Command.start("run", cwd=folder, env=env)
        await bot.until("is polling")
        sim_url = lines["TELEGRAM_BASE_URL"].removesuffix("/bot")
        stack = Stack(folder, platform_url=lines["PANDAPON_BASE_URL"], telegram_url=sim_url)
        try:
            buyer = stack.user()
            await buyer.says("/start", "Sandbox mode")  # the bot knows it is not PandaPon
            placed = await place_order(buyer, seller_no="OPS-1")
            assert "Order placed" in placed["params"]["text"]
            [order] = await stack.platform_orders()
            assert (order["key"], order["platform"]) == ("OPS-1", "taobao")
        finally:
            await stack.close()
        assert await bot.stop() == 0
        assert "embedded sandbox" not in bot.output
    finally:
        if bot is not None:
            await bot.stop()
        assert await sandbox.stop() == 0


async def test_the_stand_in_takes_the_token_from_the_environment(tmp_path):
    mine = "987654:MY-OWN-TOKEN"
    sandbox, lines = await start_sandbox(tmp_path, TELEGRAM_BOT_TOKEN=mine)
    try:
        assert "TELEGRAM_BOT_TOKEN" not in lines  # a secret the operator gave is not echoed
        assert "# TELEGRAM_BOT_TOKEN: the one in your environment" in sandbox.output
        assert mine not in sandbox.output
        async with httpx.AsyncClient(trust_env=False) as http:
            me = await http.get(f"{lines['TELEGRAM_BASE_URL']}{mine}/getMe")
            other = await http.get(f"{lines['TELEGRAM_BASE_URL']}{TOKEN}/getMe")
        assert me.json()["ok"] and other.status_code == 401
    finally:
        await sandbox.stop()


async def test_run_without_credentials_uses_the_sandbox_at_pandapon_base_url(tmp_path, standin):
    platform = await start_sandbox_platform(SandboxConfig(build_seconds=0))
    env = command_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=standin.base_url,
        PANDAPON_BASE_URL=platform.url,
        ORDERBOT_ALLOWED_USERS=str(BUYER),
    )
    bot = await Command.start("run", cwd=tmp_path, env=env)
    stack = Stack(tmp_path, platform_url=platform.url, telegram_url=standin.sim_url)
    try:
        await bot.until("is polling")
        buyer = stack.user()
        start = await buyer.says("/start", "Sandbox mode")  # the member is told, too
        assert start["ok"]
        await buyer.says("/neworder", "Which platform")
        await buyer.taps("Taobao", "Paste a")
        await buyer.says(TSHIRT, "Choose the SKU")
        stats = (await stack.control.get("/_sandbox/stats")).json()
        assert stats["requests"]["taobao.product.get"] == 1  # asked there, not elsewhere
    finally:
        await stack.close()
        code = await bot.stop()
        await platform.stop()
    assert code == 0, bot.output[-3000:]
    assert (
        f"PANDAPON_BASE_URL {platform.url} is a sandbox platform, used with its documented "
        "credentials. Orders are simulated."
    ) in bot.output
    assert "embedded sandbox" not in bot.output


async def test_run_without_credentials_and_a_url_that_is_no_sandbox_stops(tmp_path, standin):
    env = command_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=standin.base_url,
        PANDAPON_BASE_URL=standin.sim_url,  # answers, but not as the sandbox
        ORDERBOT_ALLOWED_USERS=str(BUYER),
    )
    done = await run_to_end("run", cwd=tmp_path, env=env)
    assert done.process.returncode == 2
    assert done.output.splitlines() == [
        f"PANDAPON_BASE_URL is {standin.sim_url} but PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET "
        f"are not set, and {standin.sim_url} does not answer as the orderbot sandbox platform. "
        "Set the platform credentials, start `orderbot sandbox` there, or remove "
        "PANDAPON_BASE_URL to run against an embedded sandbox platform."
    ]
    assert not (tmp_path / "bot.db").exists()  # stopped before touching anything


async def test_a_taken_port_or_an_unreadable_state_file_is_one_plain_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        for args, flag in (
            (["--port", port, "--telegram-port", "0"], "--port"),
            (["--port", "0", "--telegram-port", port], "--telegram-port"),
        ):
            done = await run_to_end("sandbox", *args, cwd=tmp_path, env=command_env(tmp_path))
            assert done.process.returncode == 2
            assert done.output.splitlines() == [
                f"Cannot listen on 127.0.0.1:{port} (Address already in use): is another sandbox "
                f"running? Choose another port with {flag} N (0 takes any free one)."
            ]
    not_a_state_file = tmp_path / "notes.txt"
    not_a_state_file.write_text("shopping list: tea, rice, 12 folders\n" * 20)
    done = await run_to_end(
        "sandbox",
        "--port",
        "0",
        "--no-telegram",
        "--state",
        str(not_a_state_file),
        cwd=tmp_path,
        env=command_env(tmp_path),
    )
    assert done.process.returncode == 2
    assert done.output.splitlines() == [
        f"{not_a_state_file} is not a sandbox state file this version can read (DatabaseError: "
        "file is not a database); give another --state file"
    ]
