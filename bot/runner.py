"""Run the bot inside an already running event loop (so sandboxes can share it).

`PollingBot` long-polls Telegram (bot.polling) and, when platform callbacks are configured, also
serves the web side (callbacks + /healthz). `WebhookBot` serves everything — Telegram webhook,
callbacks, /healthz — from one uvicorn server, like PTB's custom-webhook example. Either way an
update is in the inbox before Telegram is told it arrived, and the updates a previous run left
unfinished are processed first.

Webhook mode leaves the webhook set when it stops: in a rolling restart the new process has
already set it, and deleting it on the old one's way out would leave the bot deaf. Telegram
keeps undelivered updates (about 24 h) and delivers them once the bot is back; `orderbot run`
without --webhook deletes the webhook when polling starts (PTB does this on its own).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
import secrets
import sqlite3
from pathlib import Path

from telegram import Update
from telegram.ext import Application

from bot.app import BotParts, on_started, on_stopped, on_stopping
from bot.config import Settings
from bot.domain import countries
from bot.polling import InboxPoller, queue_unfinished
from bot.serving import RunningServer, serve_in_background
from bot.web import CallbackHandler, HealthProbe, create_web_app

log = logging.getLogger(__name__)

# What Telegram accepts as a webhook secret_token.
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def settle_heap() -> None:
    """What start-up built (PTB, pydantic's schemas, phonenumbers' tables, the handlers) lives
    as long as the process: collect once, then keep the garbage collector from walking it
    again at every full collection — a pause of tens of milliseconds in some answer otherwise.
    """
    gc.collect()
    gc.freeze()


def callback_handler_of(parts: BotParts) -> CallbackHandler | None:
    """The platform-event handler wired into the bot (`deps.events`), if there is one."""
    events = parts.deps.events
    return events.handle_callback if events is not None else None


def _callback_handler(parts: BotParts, given: CallbackHandler | None) -> CallbackHandler | None:
    handler = given or callback_handler_of(parts)
    if handler is None and parts.deps.settings.callbacks_configured:
        raise ValueError("ORDERBOT_CALLBACK_PATH is set but the bot has no callback handler")
    return handler


def _database_reachable(path: Path) -> bool:
    if str(path) == ":memory:":
        return True
    try:
        # Read-only and without creating anything: a health check must not conjure a database.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            connection.execute("PRAGMA user_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return True


def _health_probe(
    application: Application, settings: Settings, mode: str, poller: InboxPoller | None = None
) -> HealthProbe:
    async def probe() -> dict[str, bool | str]:
        running = application.running and (poller is None or poller.running)
        database = await asyncio.to_thread(_database_reachable, settings.db_path)
        return {"mode": mode, "bot_running": running, "database": database}

    return probe


class _RunningBot:
    """What both modes share: the built parts, the web side, and an orderly stop."""

    def __init__(
        self,
        parts: BotParts,
        *,
        on_callback: CallbackHandler | None = None,
        listen_port: int | None = None,
    ) -> None:
        self.parts = parts
        self.on_callback = _callback_handler(parts, on_callback)
        self.listen_port = listen_port
        self.web: RunningServer | None = None
        self.poller: InboxPoller | None = None

    @property
    def application(self) -> Application:
        return self.parts.application

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        app = self.parts.application
        # The web side first: callbacks in flight finish while the bot can still send.
        if self.web is not None:
            await self.web.stop()
            self.web = None
        if self.poller is not None:
            await self.poller.stop()
        await on_stopping(self.parts)
        if app.running:
            await app.stop()
        await app.shutdown()
        await on_stopped(self.parts)
        if self.parts.checkpointer is not None:
            self.parts.checkpointer.stop()

    async def _start_processing(self) -> None:
        """Start handling updates, those a previous run left unfinished first."""
        if self.parts.checkpointer is not None:
            self.parts.checkpointer.start()
        await self.application.start()
        countries.load_tables()  # before the heap is settled, so it is frozen with the rest
        settle_heap()
        await queue_unfinished(self.application, self.parts.inbox)

    async def run_until(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            waits = [asyncio.ensure_future(stop.wait())]
            if self.poller is not None:  # polling may end by itself (a refused token)
                waits.append(asyncio.ensure_future(self.poller.stopped.wait()))
            _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()
        finally:
            await self.stop()
        if self.poller is not None and self.poller.failed is not None:
            raise self.poller.failed


class PollingBot(_RunningBot):
    """Start/stop a built application with long polling; used by the CLI, demo and tests.

    With ORDERBOT_CALLBACK_PATH set it also serves callbacks and /healthz on
    ORDERBOT_LISTEN_HOST:ORDERBOT_LISTEN_PORT (`listen_port` overrides the port; 0 = any free).
    """

    def __init__(
        self,
        parts: BotParts,
        *,
        poll_timeout: float = 10.0,
        on_callback: CallbackHandler | None = None,
        listen_port: int | None = None,
    ) -> None:
        super().__init__(parts, on_callback=on_callback, listen_port=listen_port)
        self.poll_timeout = poll_timeout

    async def start(self) -> None:
        app = self.parts.application
        try:
            await app.initialize()
            await on_started(self.parts)
            await self._start_processing()
            self.poller = InboxPoller(app, self.parts.inbox, timeout=self.poll_timeout)
            await self.poller.start()
            settings = self.parts.deps.settings
            if settings.callbacks_configured:
                web_app = create_web_app(
                    settings,
                    on_callback=self.on_callback,
                    health=_health_probe(app, settings, "polling", self.poller),
                )
                self.web = await _serve(web_app, settings, self.listen_port)
        except BaseException:
            await self.stop()
            raise
        log.info("bot @%s is polling", app.bot.username)


class WebhookBot(_RunningBot):
    """Telegram pushes updates to ORDERBOT_WEBHOOK_URL + ORDERBOT_WEBHOOK_PATH; one uvicorn
    server on ORDERBOT_LISTEN_HOST:ORDERBOT_LISTEN_PORT takes them, the platform callbacks and
    /healthz.

    TLS is the reverse proxy's job: Telegram needs HTTPS on 443, 80, 88 or 8443.
    """

    def __init__(
        self,
        parts: BotParts,
        *,
        on_callback: CallbackHandler | None = None,
        listen_port: int | None = None,
    ) -> None:
        settings = parts.deps.settings
        if not settings.webhook_url:
            raise ValueError(
                "ORDERBOT_WEBHOOK_URL is not set: give the public HTTPS base URL Telegram "
                "should post updates to, e.g. https://bot.example.com"
            )
        if settings.webhook_secret is not None:
            secret = settings.webhook_secret.get_secret_value()
            if not _WEBHOOK_SECRET_RE.fullmatch(secret):
                raise ValueError(
                    "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                )
        else:
            secret = secrets.token_urlsafe(32)  # only this process and Telegram know it
        super().__init__(parts, on_callback=on_callback, listen_port=listen_port)
        self.secret_token = secret

    @property
    def webhook_url(self) -> str:
        settings = self.parts.deps.settings
        return settings.webhook_url.rstrip("/") + settings.webhook_path

    async def start(self) -> None:
        app = self.parts.application
        settings = self.parts.deps.settings
        try:
            await app.initialize()
            await on_started(self.parts)
            await self._start_processing()
            web_app = create_web_app(
                settings,
                on_callback=self.on_callback,
                application=app,
                inbox=self.parts.inbox,
                webhook_secret=self.secret_token,
                health=_health_probe(app, settings, "webhook"),
            )
            self.web = await _serve(web_app, settings, self.listen_port)
            # Last: Telegram may deliver at once, and everything is ready to take it.
            await app.bot.set_webhook(
                url=self.webhook_url,
                secret_token=self.secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
        except BaseException:
            await self.stop()
            raise
        log.info("bot @%s takes updates by webhook", app.bot.username)


async def _serve(web_app, settings: Settings, port: int | None) -> RunningServer:
    server = await serve_in_background(
        web_app, host=settings.listen_host, port=settings.listen_port if port is None else port
    )
    log.info("web side listening on %s", server.url)
    return server
