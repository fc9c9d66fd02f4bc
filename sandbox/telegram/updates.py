"""Bot API methods for receiving updates: getUpdates (long poll) and the webhook methods."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from sandbox.telegram.calls import Call, Handler
from sandbox.telegram.errors import POLL_TERMINATED, WEBHOOK_ACTIVE, BotApiError, bad_request
from sandbox.telegram.fetch import is_loopback
from sandbox.telegram.state import Webhook
from sandbox.telegram.wire import bool_param, int_param, str_param

MAX_POLL_TIMEOUT = 50.0
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _timeout(call: Call) -> float:
    value = call.params.get("timeout")
    try:
        seconds = float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError) as exc:
        raise bad_request('field "timeout" must be of type Integer') from exc
    return min(max(seconds, 0.0), MAX_POLL_TIMEOUT)


def _allowed_updates(call: Call) -> list[str] | None:
    allowed = call.params.get("allowed_updates")
    if allowed is None:
        return None
    if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
        raise bad_request("can't parse allowed_updates JSON array")
    return allowed


async def get_updates(call: Call) -> list[dict[str, Any]]:
    state = call.state
    if state.webhook is not None:
        raise BotApiError(409, WEBHOOK_ACTIVE)
    offset = int_param(call.params, "offset") or 0
    limit = min(max(int_param(call.params, "limit") or 100, 1), 100)
    timeout = _timeout(call)
    allowed = _allowed_updates(call)
    if allowed is not None:
        state.allowed_updates = allowed or None  # Telegram keeps the setting for later calls
    state.confirm_updates(offset)
    generation = state.new_poll()

    def ready() -> bool:
        return (
            generation != state.poll_generation
            or state.webhook is not None
            or bool(state.deliverable(state.allowed_updates))
        )

    await state.wait_until(state.updates_signal, ready, timeout)
    if generation != state.poll_generation:
        raise BotApiError(409, POLL_TERMINATED)
    if state.webhook is not None:
        raise BotApiError(409, WEBHOOK_ACTIVE)
    return state.deliverable(state.allowed_updates)[:limit]


def set_webhook(call: Call) -> bool:
    state = call.state
    url = (str_param(call.params, "url") or "").strip()
    secret = str_param(call.params, "secret_token") or None
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = int_param(call.params, "max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = _allowed_updates(call)
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise bad_request("bad webhook: HTTPS url must be provided for webhook")
        # The sandbox must never reach beyond this machine.
        if not is_loopback(parts.hostname):
            raise bad_request("bad webhook: the stand-in delivers only to loopback addresses")
    if bool_param(call.params, "drop_pending_updates"):
        state.pending_updates.clear()
    state.webhook = Webhook(url, secret, max_connections, allowed or None) if url else None
    state.updates_signal.fire()  # a waiting getUpdates now answers 409
    if state.webhook is not None:
        call.webhooks.ensure_running()
    return True


def delete_webhook(call: Call) -> bool:
    state = call.state
    if bool_param(call.params, "drop_pending_updates"):
        state.pending_updates.clear()
    state.webhook = None
    state.updates_signal.fire()
    return True


def webhook_info(call: Call) -> dict[str, Any]:
    state = call.state
    webhook = state.webhook
    allowed = webhook.allowed_updates if webhook else state.allowed_updates
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.deliverable(allowed)),
    }
    if webhook is not None:
        info["max_connections"] = webhook.max_connections
        if webhook.allowed_updates:
            info["allowed_updates"] = webhook.allowed_updates
        if webhook.last_error_date:
            info["last_error_date"] = webhook.last_error_date
            info["last_error_message"] = webhook.last_error_message
    return info


METHODS: dict[str, Handler] = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": webhook_info,
}
