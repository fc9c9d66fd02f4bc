"""The world the benchmarks run in: both stand-ins, and the real bot or a bare echo bot.

Over "loopback" the stand-ins run in processes of their own (bench/standins.py) and everything
speaks HTTP on 127.0.0.1 sockets; "inprocess" sends the same HTTP requests straight into the
stand-ins' ASGI apps in this event loop (no sockets), as the in-process test tier does. The
context managers here stop whatever they started.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bench.standins import TOKEN, sandbox_config, standins_process
from bot.app import build_application
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID, Settings
from bot.rate_limiter import TelegramRateLimiter
from bot.runner import PollingBot
from sandbox.pandapon.server import create_app
from sandbox.telegram.server import TelegramStandIn

# Both bots long-poll the stand-in the same way; an update ends a poll at once, so this only
# bounds how long stopping may take.
POLL_TIMEOUT_SECONDS = 1.0
# For measuring what a step costs, not how Telegram paces it: the bot's limiter still runs
# every send through its windows, which never fill.
UNPACED = {
    "TELEGRAM_MESSAGES_PER_SECOND": 100_000,
    "TELEGRAM_PRIVATE_BURST": 100_000,
    "TELEGRAM_GROUP_BURST": 100_000,
}


@dataclass
class World:
    platform_url: str
    telegram_url: str
    platform_transport: httpx.AsyncBaseTransport | None = None
    telegram_transport: httpx.AsyncBaseTransport | None = None

    @property
    def bot_api_url(self) -> str:
        return f"{self.telegram_url}/bot"


@contextlib.asynccontextmanager
async def running_world(*, inprocess: bool, flood: bool = False) -> AsyncIterator[World]:
    """Both stand-ins, fresh: in a child process over loopback, or in this loop in-process.
    `flood`: the Telegram stand-in enforces Telegram's flood control (loopback only)."""
    if not inprocess:
        async with standins_process(flood=flood) as urls:
            yield World(urls.platform_url, urls.telegram_url)
        return
    if flood:
        raise ValueError("flood control is measured over loopback only")
    standin = TelegramStandIn(token=TOKEN)
    app = create_app(sandbox_config())
    async with app.router.lifespan_context(app):
        try:
            yield World(
                platform_url="http://platform.inprocess",
                telegram_url="http://telegram.inprocess",
                platform_transport=httpx.ASGITransport(app=app),
                telegram_transport=httpx.ASGITransport(app=standin.app),
            )
        finally:
            await standin.stop()


def orderbot_settings(
    world: World, db_path: Path, buyers: Iterable[int], **extra: object
) -> Settings:
    values = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": world.bot_api_url,
        "PANDAPON_BASE_URL": world.platform_url,
        "PANDAPON_ACCESS_KEY": SANDBOX_ACCESS_KEY,
        "PANDAPON_ACCESS_SECRET": SANDBOX_ACCESS_SECRET,
        "PANDAPON_USER_ID": SANDBOX_USER_ID,
        "ORDERBOT_DB": str(db_path),
        "ORDERBOT_ALLOWED_USERS": ",".join(str(buyer) for buyer in buyers),
        **extra,
    }
    return Settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def running_orderbot(
    world: World, db_path: Path, buyers: Iterable[int], **settings: object
) -> AsyncIterator[PollingBot]:
    """The real bot, as `orderbot run` wires it, polling the stand-in (`settings` override)."""
    parts = build_application(
        orderbot_settings(world, db_path, buyers, **settings),
        telegram_transport=world.telegram_transport,
        platform_transport=world.platform_transport,
    )
    runner = PollingBot(parts, poll_timeout=POLL_TIMEOUT_SECONDS)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await context.bot.send_message(message.chat_id, message.text)


def build_echo_application(world: World, *, rate_limited: bool = False) -> Application:
    """The baseline: a bare python-telegram-bot application, one sendMessage per text update.
    `rate_limited` gives it the bot's own rate limiter (bot/rate_limiter.py, Telegram's limits)."""
    builder = Application.builder().token(TOKEN).base_url(world.bot_api_url)
    if rate_limited:
        builder = builder.rate_limiter(TelegramRateLimiter())
    if world.telegram_transport is not None:
        builder = builder.request(
            HTTPXRequest(httpx_kwargs={"transport": world.telegram_transport})
        ).get_updates_request(HTTPXRequest(httpx_kwargs={"transport": world.telegram_transport}))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    return application


@contextlib.asynccontextmanager
async def running_echo_bot(
    world: World, *, rate_limited: bool = False
) -> AsyncIterator[Application]:
    application = build_echo_application(world, rate_limited=rate_limited)
    await application.initialize()
    try:
        await application.updater.start_polling(timeout=POLL_TIMEOUT_SECONDS)
        await application.start()
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
