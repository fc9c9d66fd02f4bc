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
from collections.abc import AsyncIterator
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings

log = logging.getLogger("orderbot")

DEMO_DB = "data/demo.db"

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
        "platform and says so — unless PANDAPON_BASE_URL points elsewhere: then that URL must "
        "be a sandbox platform (`orderbot sandbox`), whose documented credentials are used, or "
        "the bot stops and says why. With ORDERBOT_CALLBACK_PATH set it also serves platform "
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
    demo.add_argument(
        "--db",
        default=DEMO_DB,
        metavar="FILE",
        help="demo database (default: %(default)s); the sandbox platform keeps its state "
        "beside it (data/demo-platform.db), so a restarted demo finds its orders",
    )
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
        help="serve the sandbox platform and the Telegram stand-in on 127.0.0.1",
        description="Serve the PandaPon sandbox platform and the Telegram stand-in on 127.0.0.1 "
        "and print the .env lines that point a separate `orderbot run` at them. The platform "
        "accepts the credentials and signing in PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET / "
        "PANDAPON_USER_ID / PANDAPON_SIGN_RECIPE / PANDAPON_TIMESTAMP_UNIT (its documented "
        "defaults when unset); the stand-in accepts TELEGRAM_BOT_TOKEN when it is set.",
    )
    sandbox.add_argument(
        "--port",
        type=int,
        default=8780,
        metavar="N",
        help="platform port (default 8780; 0: any free port)",
    )
    sandbox.add_argument(
        "--telegram-port",
        type=int,
        default=8781,
        metavar="N",
        help="Telegram stand-in port (default 8781; 0: any free port)",
    )
    sandbox.add_argument(
        "--no-telegram", action="store_true", help="serve only the platform, not the stand-in"
    )
    sandbox.add_argument(
        "--callback-url", metavar="URL", help="POST platform message callbacks to this URL"
    )
    sandbox.add_argument(
        "--flood-control",
        action="store_true",
        help="the Telegram stand-in enforces Telegram's flood limits (30 messages a second, "
        "about one a second per private chat, 20 messages and edits a minute per group) and "
        "answers 429 with retry_after beyond them, as Telegram does",
    )
    sandbox.add_argument(
        "--state",
        metavar="FILE",
        help="keep the platform's state (orders with their lines, shipments, refunds and "
        "payment vouchers, refund requests with their messages and pictures, addresses, stock, "
        "order-number counters) in this SQLite file and restore it at the next start; without "
        "it the state lives in memory",
    )

    commands.add_parser(
        "doctor",
        help="check the configuration and which signing recipe the platform accepts",
        description="Report configuration problems in plain words, check TELEGRAM_BOT_TOKEN "
        "with Telegram (getMe), and try every signing recipe in both timestamp units on a "
        "harmless read call until the platform accepts one, and so every query-sign recipe of "
        "the warehouse-logistics calls on a freight estimate; print the .env lines to use. "
        "Without platform credentials the platform is the sandbox `orderbot run` would use.",
    )
    export = commands.add_parser(
        "export",
        help="write the stored orders to a CSV file (one row per order line)",
        description="Write the orders in ORDERBOT_DB (or --db FILE, or --demo) as CSV: one "
        "row per order line with the "
        "order's fields repeated (an order without lines gets one row). Amounts in integer "
        "fen and as yuan text; times in China time (UTC+8); UTF-8 with BOM so Excel shows "
        "Chinese correctly. Safe while the bot runs.",
    )
    export.add_argument(
        "--csv", required=True, metavar="FILE", help="the CSV file to write; - for stdout"
    )
    source = export.add_mutually_exclusive_group()
    source.add_argument("--demo", action="store_true", help=f"read the demo's database ({DEMO_DB})")
    source.add_argument("--db", metavar="FILE", help="read this database instead of ORDERBOT_DB")
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
        from bot.settings_errors import explain

        problems = explain(exc, Settings)
        if args.command == "doctor":
            from bot.doctor import settings_report

            print(settings_report(problems))
            return 1
        for problem in problems:
            print(problem, file=sys.stderr)
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


def _sandbox_config(
    settings: Settings, callback_url: str | None = None, state_path: str | None = None
):
    """The sandbox platform accepts exactly the credentials and signing the settings hold."""
    from sandbox.pandapon.server import SandboxConfig

    local = settings.with_sandbox_platform("http://127.0.0.1")
    return SandboxConfig(
        access_key=local.pandapon_access_key,
        secret=local.pandapon_access_secret.get_secret_value(),
        user_id=local.pandapon_user_id,
        sign_recipe=local.pandapon_sign_recipe,
        timestamp_unit=local.pandapon_timestamp_unit,
        query_sign_recipe=local.pandapon_query_sign_recipe,
        query_timestamp_unit=local.pandapon_query_timestamp_unit,
        callback_url=callback_url,
        state_path=state_path,
    )


@contextlib.asynccontextmanager
async def _embedded_sandbox(
    settings: Settings, callback_url: str | None = None
) -> AsyncIterator[str]:
    """A sandbox platform in this process for as long as the block runs; yields its URL."""
    from sandbox.pandapon.server import start_sandbox_platform

    server = await start_sandbox_platform(_sandbox_config(settings, callback_url=callback_url))
    try:
        yield server.url
    finally:
        await server.stop()


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from telegram.error import InvalidToken

    from bot.app import build_application
    from bot.platform_target import PlatformSetupError, choose_platform
    from bot.runner import PollingBot, WebhookBot
    from bot.telegram_token import refused_by

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
    given_credentials = settings.has_platform_credentials
    try:
        target = await choose_platform(settings)
    except PlatformSetupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    async with contextlib.AsyncExitStack() as running:
        note = None
        if target.kind == "embedded_sandbox":
            # with a callback path, the embedded sandbox calls back to our own web side
            own_callbacks = (
                f"http://{settings.listen_host}:{settings.listen_port}{settings.callback_path}"
                if settings.callbacks_configured
                else None
            )
            url = await running.enter_async_context(_embedded_sandbox(settings, own_callbacks))
            settings, note = settings.with_sandbox_platform(url), "sandbox"
            log.warning(
                "No platform credentials: running against the embedded sandbox platform at %s. "
                "Orders are simulated.",
                url,
            )
        elif target.kind == "local_sandbox":
            settings, note = target.settings, "sandbox"
            log.warning(
                "PANDAPON_BASE_URL %s is a sandbox platform%s. Orders are simulated.",
                settings.pandapon_base_url,
                "" if given_credentials else ", used with its documented credentials",
            )
        parts = build_application(settings, platform_note=note)
        try:
            bot = WebhookBot(parts) if args.webhook else PollingBot(parts)
        except ValueError as exc:  # a setting the runner cannot work with, said plainly
            await parts.client.aclose()
            print(f"Cannot start: {exc}", file=sys.stderr)
            return 2
        try:
            await bot.run_until(_stop_event())
        except InvalidToken as exc:  # PTB's own text repeats the token
            print(refused_by(exc), file=sys.stderr)
            return 2
    return 0


async def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox.demo import DemoError, run_demo
    from sandbox.pandapon.persistence import StateFileError

    logging.getLogger().setLevel(logging.WARNING)  # the terminal shows the chat, not the logs
    try:
        await run_demo(args.db, _stop_event(), console=args.console, port=args.port)
    except (DemoError, StateFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def _cannot_listen(flag: str, port: int, exc: OSError) -> str:
    return (
        f"Cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}): is another sandbox running? "
        f"Choose another port with {flag} N (0 takes any free one)."
    )


async def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox.operator_env import SandboxEndpoints, banner
    from sandbox.pandapon.persistence import StateFileError
    from sandbox.pandapon.server import start_sandbox_platform
    from sandbox.telegram.flood import FloodLimits
    from sandbox.telegram.server import DEFAULT_TOKEN, TelegramStandIn

    config = _sandbox_config(settings, callback_url=args.callback_url, state_path=args.state)
    try:
        platform = await start_sandbox_platform(config, port=args.port)
    except StateFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(_cannot_listen("--port", args.port, exc), file=sys.stderr)
        return 2
    standin = None
    token = settings.telegram_bot_token
    try:
        if not args.no_telegram:
            # the operator's own token when set, so one .env serves both processes
            standin = TelegramStandIn(
                token=token.get_secret_value() if token else DEFAULT_TOKEN,
                flood=FloodLimits() if args.flood_control else None,
            )
            try:
                await standin.start(port=args.telegram_port)
            except OSError as exc:
                print(_cannot_listen("--telegram-port", args.telegram_port, exc), file=sys.stderr)
                return 2
        served = SandboxEndpoints(
            platform_url=platform.url,
            telegram_base_url=standin.base_url if standin else None,
            telegram_token=standin.token if standin else "",
            token_from_environment=token is not None,
        )
        print(banner(config, served), flush=True)
        await _stop_event().wait()
    finally:
        if standin is not None:
            await standin.stop()
        await platform.stop()
    return 0


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from bot.doctor import run_doctor

    logging.getLogger().setLevel(logging.WARNING)  # the report is the output
    report, fine = await run_doctor(settings, _embedded_sandbox)
    print(report)
    return 0 if fine else 1


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export import csv_target, parse_since, write_orders_csv
    from storage.db import open_database
    from storage.orders import OrderRepository

    try:
        since_ms = parse_since(args.since) if args.since else 0
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    db_path, named_by = settings.db_path, "ORDERBOT_DB"
    if args.demo or args.db:
        db_path, named_by = Path(args.db or DEMO_DB), "--db" if args.db else "--demo"
    if str(db_path) != ":memory:" and not db_path.exists():
        print(f"No database at {db_path} ({named_by}): nothing to export.", file=sys.stderr)
        return 2
    orders = OrderRepository(open_database(db_path))
    try:
        with csv_target(args.csv) as out:
            count = write_orders_csv(orders, out, since_ms=since_ms)
    except OSError as exc:
        print(f"Cannot write {args.csv}: {exc}", file=sys.stderr)
        return 1
    if args.csv != "-":
        rows = "1 row" if count == 1 else f"{count} rows"
        print(f"{rows} written to {args.csv}", file=sys.stderr)
    return 0
