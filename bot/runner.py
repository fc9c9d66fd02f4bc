"""Run the bot inside an already running event loop (so sandboxes can share it)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot.app import BotParts, on_started, on_stopped

log = logging.getLogger(__name__)


class PollingBot:
    """Start/stop a built application with long polling; used by the CLI, demo and tests."""

    def __init__(self, parts: BotParts, *, poll_timeout: float = 10.0) -> None:
        self.parts = parts
        self.poll_timeout = poll_timeout

    @property
    def application(self):
        return self.parts.application

    async def start(self) -> None:
        app = self.parts.application
        await app.initialize()
        await on_started(self.parts)
        await app.updater.start_polling(
            timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
        )
        await app.start()
        log.info("bot @%s is polling", app.bot.username)

    async def stop(self) -> None:
        app = self.parts.application
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await on_stopped(self.parts)

    async def run_until(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()
