"""Delivering queued updates to the bot's webhook, the way Telegram does.

One update at a time, in order, as a JSON POST with `X-Telegram-Bot-Api-Secret-Token` when a
secret was set. A non-2xx answer or a connection error is retried a few times with a short
backoff, then the update is dropped and the error shows in getWebhookInfo. Every attempt is
logged in `state.deliveries` for /sim/webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import httpx

from sandbox.telegram.state import StandInState, Webhook

logger = logging.getLogger(__name__)

RETRY_DELAYS = (0.1, 0.3, 0.9)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDeliverer:
    def __init__(self, state: StandInState) -> None:
        self.state = state
        self._task: asyncio.Task[None] | None = None

    def ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="telegram-standin-webhook")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        async with httpx.AsyncClient(timeout=httpx.Timeout(5.0), trust_env=False) as client:
            while not self.state.closing:
                webhook = self.state.webhook
                if webhook is None:
                    return
                pending = self.state.deliverable(webhook.allowed_updates)
                if not pending:
                    await self.state.updates_signal.wait(5.0)
                    continue
                update = pending[0]
                if await self._deliver(client, webhook, update):
                    self.state.drop_update(update["update_id"])

    async def _deliver(
        self, client: httpx.AsyncClient, webhook: Webhook, update: dict[str, Any]
    ) -> bool:
        """True when the update is done with (delivered or given up); False if the webhook left."""
        headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
        for attempt, delay in enumerate((0.0, *RETRY_DELAYS), start=1):
            if delay:
                await asyncio.sleep(delay)
            if self.state.webhook is not webhook:
                return False  # deleted or replaced meanwhile: the update stays pending
            status: int | None = None
            error: str | None = None
            try:
                response = await client.post(webhook.url, json=update, headers=headers)
                status = response.status_code
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {response.reason_phrase}"
            except httpx.HTTPError as exc:
                error = f"Connection failed: {type(exc).__name__}: {exc}"
            self.state.deliveries.append(
                {
                    "url": webhook.url,
                    "update_id": update["update_id"],
                    "status": status,
                    "error": error,
                    "attempt": attempt,
                    "time": time.time(),
                }
            )
            if error is None:
                return True
            webhook.last_error_date = int(time.time())
            webhook.last_error_message = error
            logger.info("webhook delivery of update %s failed: %s", update["update_id"], error)
        return True
