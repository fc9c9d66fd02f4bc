"""`orderbot run | demo | sandbox | doctor | export`.

With app.py, the only place that knows every part.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from pydantic import ValidationError

from bot.config import Settings

log = logging.getLogger("orderbot")

DESCRIPTION = """\
orderbot — place, approve and follow Taobao/Tmall and 1688 purchase orders from Telegram.

Settings come from the environment and ./.env (see .env.example).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="orderbot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="run the bot (long polling, or --webhook) against Telegram and the platform",
        description="Run the bot with long polling. Needs TELEGRAM_BOT_TOKEN. Without "
        "PANDAPON_ACCESS_KEY/PANDAPON_ACCESS_SECRET it runs against an embedded sandbox "
        "platform and says so. With ORDERBOT_CALLBACK_PATH set it also serves platform "
        "callbacks and /healthz on ORDERBOT_LISTEN_HOST:ORDERBOT_LISTEN_PORT.",
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="take updates by webhook instead of polling: serve the Telegram webhook, the "
        "platform callbacks and /healthz on ORDERBOT_LISTEN_HOST:ORDERBOT_LISTEN_PORT and "
        "register ORDERBOT_WEBHOOK_URL + ORDERBOT_WEBHOOK_PATH with Telegram (secret: "
        "TELEGRAM_WEBHOOK_SECRET, or a random one per start). Needs ORDERBOT_WEBHOOK_URL.",
    )
    demo = commands.add_parser(
        "demo",
        help="try it locally: sandbox platform + Telegram stand-in + the bot, in a web chat",
        description="Start the sandbox platform, the local Telegram stand-in and the bot, and "
        "print the address of the web chat, where you chat with the bot as a buyer (and as "
        "the colleague who approves group orders). No accounts needed; Ctrl-C stops it. "
        "With --console, chat in this terminal instead (the web chat still runs).",
    )
    demo.add_argument("--db", default="data/demo.db", help="demo database (default: %(default)s)")
    demo.add_argument(
        "--console", action="store_true", help="chat in this terminal (:help lists the keys)"
    )
    demo.add_argument(
        "--port",
        type=int,
        default=8790,
        help="port of the web chat and the Telegram stand-in on 127.0.0.1 (default: "
        "%(default)s; 0: any free port)",
    )
    sandbox = commands.add_parser(
        "sandbox",
        help="serve the sandbox platform (and optionally the Telegram stand-in) on 127.0.0.1",
        description="Serve the PandaPon sandbox platform on 127.0.0.1 with the credentials "
        "from PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET / PANDAPON_USER_ID / "
        "PANDAPON_SIGN_RECIPE (sandbox defaults when unset).",
    )
    sandbox.add_argument("--port", type=int, default=8780, help="platform port (default 8780)")
    sandbox.add_argument(
        "--telegram-port",
        type=int,
        help="also serve the Telegram stand-in, with its web chat at /chat/, on this port",
    )
    sandbox.add_argument("--callback-url", help="POST platform message callbacks to this URL")
    commands.add_parser(
        "doctor",
        help="check the configuration and which signing recipe the platform accepts",
        description="Report configuration problems in plain words. With platform credentials, "
        "try each signing recipe on a harmless read call and say which one the platform "
        "accepts; without them, check against the embedded sandbox.",
    )
    export = commands.add_parser(
        "export",
        help="write the stored orders to a CSV file (one row per order line)",
        description="Write the orders in ORDERBOT_DB as CSV: one row per order line with the "
        "order's fields repeated (an order without lines gets one row). Amounts in integer "
        "fen and as yuan text; times in China time (UTC+8); UTF-8 with BOM so Excel shows "
        "Chinese correctly. Safe while the bot runs.",
    )
    export.add_argument(
        "--csv", required=True, metavar="FILE", help="the CSV file to write; - for stdout"
    )
    export.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="only orders created on or after this day (China time)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 2
    from bot.logging_setup import configure_logging

    # The callback path is an unguessable token: as secret as the keys.
    secrets = [settings.pandapon_access_secret.get_secret_value(), settings.callback_path]
    for secret in (settings.telegram_bot_token, settings.webhook_secret):
        if secret is not None:
            secrets.append(secret.get_secret_value())
    configure_logging(settings.log_level, secrets)
    runners = {
        "run": _run,
        "demo": _demo,
        "sandbox": _sandbox,
        "doctor": _doctor,
        "export": _export,
    }
    try:
        return asyncio.run(runners[args.command](settings, args))
    except KeyboardInterrupt:
        return 130


def _sandbox_config(settings: Settings, callback_url: str | None = None):
    """The sandbox platform accepts exactly the credentials the bot's settings hold."""
    from sandbox.pandapon.server import SandboxConfig

    local = settings.with_sandbox_platform("http://127.0.0.1")
    return SandboxConfig(
        access_key=local.pandapon_access_key,
        secret=local.pandapon_access_secret.get_secret_value(),
        user_id=local.pandapon_user_id,
        sign_recipe=local.pandapon_sign_recipe,
        callback_url=callback_url,
    )


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_application
    from bot.runner import PollingBot, WebhookBot

    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set. Put it in .env (see .env.example), "
            "or try `orderbot demo`, which needs no accounts.",
            file=sys.stderr,
        )
        return 2
    if args.webhook and not settings.webhook_url:
        print(
            "ORDERBOT_WEBHOOK_URL is not set. --webhook needs the public HTTPS base URL that "
            "Telegram posts updates to (e.g. https://bot.example.com; the path is "
            "ORDERBOT_WEBHOOK_PATH). Without --webhook the bot polls and needs no public URL.",
            file=sys.stderr,
        )
        return 2
    sandbox_server = None
    note = None
    if not settings.has_platform_credentials:
        from sandbox.pandapon.server import start_sandbox_platform

        # with a callback path, the embedded sandbox calls back to our own web side
        own_callbacks = (
            f"http://{settings.listen_host}:{settings.listen_port}{settings.callback_path}"
            if settings.callbacks_configured
            else None
        )
        sandbox_server = await start_sandbox_platform(
            _sandbox_config(settings, callback_url=own_callbacks)
        )
        settings = settings.with_sandbox_platform(sandbox_server.url)
        note = "sandbox"
        log.warning(
            "No platform credentials: running against the embedded sandbox platform at %s. "
            "Orders are simulated.",
            sandbox_server.url,
        )
    try:
        parts = build_application(settings, platform_note=note)
        try:
            bot = WebhookBot(parts) if args.webhook else PollingBot(parts)
        except ValueError as exc:  # a setting the runner cannot work with, said plainly
            await parts.client.aclose()
            print(f"Cannot start: {exc}", file=sys.stderr)
            return 2
        await bot.run_until(_stop_event())
    finally:
        if sandbox_server is not None:
            await sandbox_server.stop()
    return 0


async def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox.demo import DemoError, run_demo

    logging.getLogger().setLevel(logging.WARNING)  # the terminal shows the chat, not the logs
    try:
        await run_demo(args.db, _stop_event(), console=args.console, port=args.port)
    except DemoError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


async def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox.pandapon.server import start_sandbox_platform
    from sandbox.telegram.server import TelegramStandIn

    config = _sandbox_config(settings, callback_url=args.callback_url)
    platform = await start_sandbox_platform(config, port=args.port)
    print(f"Sandbox platform: {platform.url}  (control API: {platform.url}/_sandbox/)")
    standin = None
    if args.telegram_port is not None:
        standin = TelegramStandIn()
        await standin.start(port=args.telegram_port)
        print(f"Telegram stand-in: TELEGRAM_BASE_URL={standin.base_url}")
        print(f"  web chat: {standin.webchat_url}")
        print(f"  simulation API: {standin.sim_url}/sim/")
    print("Press Ctrl-C to stop.")
    try:
        await _stop_event().wait()
    finally:
        if standin is not None:
            await standin.stop()
        await platform.stop()
    return 0


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from bot.doctor import check_settings, probe_recipes, summarize

    findings = check_settings(settings)
    sandbox_server = None
    probe_settings = settings
    if not settings.has_platform_credentials:
        from sandbox.pandapon.server import start_sandbox_platform

        sandbox_server = await start_sandbox_platform(_sandbox_config(settings))
        probe_settings = settings.with_sandbox_platform(sandbox_server.url)
    try:
        recipe_findings = await probe_recipes(probe_settings)
    finally:
        if sandbox_server is not None:
            await sandbox_server.stop()
    print(summarize(findings, recipe_findings, settings.pandapon_sign_recipe))
    ok = all(f.ok for f in findings) and bool(recipe_findings) and recipe_findings[0].ok
    return 0 if ok else 1


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export import csv_target, parse_since, write_orders_csv
    from storage.db import open_database
    from storage.orders import OrderRepository

    try:
        since_ms = parse_since(args.since) if args.since else 0
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if str(settings.db_path) != ":memory:" and not settings.db_path.exists():
        print(
            f"No database at {settings.db_path} (ORDERBOT_DB): nothing to export.", file=sys.stderr
        )
        return 2
    orders = OrderRepository(open_database(settings.db_path))
    try:
        with csv_target(args.csv) as out:
            count = write_orders_csv(orders, out, since_ms=since_ms)
    except OSError as exc:
        print(f"Cannot write {args.csv}: {exc}", file=sys.stderr)
        return 1
    if args.csv != "-":
        print(f"{count} row(s) written to {args.csv}", file=sys.stderr)
    return 0
