"""The bot's web side: PandaPon message callbacks, the Telegram webhook and /healthz.

Callbacks are answered 200 as soon as they are validated — the platform gives up after
1000 ms — and handed on after the response has been sent (bot.notifications stores each at once
and applies them at a steady pace). Anything the app does not serve is a
plain 404, so a prober learns nothing about the (unguessable) callback path.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from telegram.ext import Application

from bot.config import Settings
from bot.pandapon.models_callback import CallbackEnvelope
from storage.inbox import Inbox, readable_update

log = logging.getLogger(__name__)

CallbackHandler = Callable[[CallbackEnvelope], Awaitable[None]]
# Cheap facts for /healthz; booleans decide "ok", other values are shown as they are.
HealthProbe = Callable[[], Awaitable[Mapping[str, bool | int | str]]]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram updates are small; the cap only keeps a forged request from filling memory.
WEBHOOK_MAX_BYTES = 1 << 20
_REASON_MAX_CHARS = 200
# Routes answer every method themselves so a wrong method is a 404 too, not a telling 405.
_ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class _BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read chunk by chunk and abandoned as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise _BodyTooLarge
    return bytes(received)


async def _body_or_refusal(request: Request, limit: int, what: str) -> bytes | Response:
    try:
        return await _read_body(request, limit)
    except _BodyTooLarge:
        # `what`, not the path: the callback path is a secret and stays out of logs.
        log.warning("%s refused: body over %d bytes", what, limit)
        return PlainTextResponse("body too large", status_code=413)
    except ClientDisconnect:
        return _bad_request("client disconnected")


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404)


def _bad_request(reason: str) -> Response:
    return PlainTextResponse(reason[:_REASON_MAX_CHARS], status_code=400)


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f"not a callback envelope: {where}: {first['msg']}"


async def _hand_on(on_callback: CallbackHandler, envelope: CallbackEnvelope) -> None:
    try:
        await on_callback(envelope)
    except Exception:
        # The platform already has its 200; it will not resend, so this line is the record.
        log.exception(
            "order %s: handling the %s callback failed", envelope.order_label, envelope.message_type
        )


def _parse_callback(raw: bytes) -> CallbackEnvelope | str:
    """The envelope, or why not. Any malformed shape is a reason, never an exception: deeply
    nested JSON exhausts the parser's recursion (RecursionError is not a ValueError)."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "invalid JSON"
    try:
        return CallbackEnvelope.model_validate(data)
    except ValidationError as exc:
        return _validation_reason(exc)
    except (ValueError, TypeError, RecursionError):
        return "not a callback envelope"


def _callback_endpoint(on_callback: CallbackHandler, max_bytes: int):
    async def receive_callback(request: Request) -> Response:
        if request.method in ("GET", "HEAD"):
            # The platform console's "Verify" button only needs a 200 from the URL; how it asks
            # is not documented, so a plain GET is acknowledged too.
            return PlainTextResponse("ok")
        if request.method != "POST":
            return _not_found()
        raw = await _body_or_refusal(request, max_bytes, "callback")
        if isinstance(raw, Response):
            return raw
        if not raw.strip():
            return PlainTextResponse("ok")  # a verification ping: nothing to hand on
        envelope = _parse_callback(raw)
        if isinstance(envelope, str):
            log.warning("callback refused: %s", envelope)
            return _bad_request(envelope)
        log.info("order %s: %s callback received", envelope.order_label, envelope.message_type)
        return PlainTextResponse("ok", background=BackgroundTask(_hand_on, on_callback, envelope))

    return receive_callback


def _webhook_endpoint(application: Application, inbox: Inbox, secret: str):
    expected = secret.encode()

    async def receive_update(request: Request) -> Response:
        if request.method != "POST":
            return _not_found()
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request refused: wrong or missing secret token")
            return PlainTextResponse("forbidden", status_code=403)
        raw = await _body_or_refusal(request, WEBHOOK_MAX_BYTES, "webhook request")
        if isinstance(raw, Response):
            return raw
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        update = readable_update(body, application.bot) if isinstance(body, dict) else None
        if update is None:
            log.warning("webhook request refused: not a Telegram update")
            return _bad_request("not a Telegram update")
        # In the inbox before the 200: Telegram forgets the update once it has its answer.
        if inbox.store(update.update_id, body):
            await application.update_queue.put(update)
        return PlainTextResponse("ok")

    return receive_update


def _healthz_endpoint(application: Application | None, health: HealthProbe | None):
    async def healthz(request: Request) -> Response:
        facts: dict[str, Any] = {}
        if application is not None:
            facts["bot_running"] = application.running
        if health is not None:
            facts.update(await health())
        ok = all(value for value in facts.values() if isinstance(value, bool))
        return JSONResponse({"ok": ok, **facts}, status_code=200 if ok else 503)

    return healthz


def create_web_app(
    settings: Settings,
    *,
    on_callback: CallbackHandler | None,
    application: Application | None = None,
    inbox: Inbox | None = None,
    webhook_secret: str | None = None,
    health: HealthProbe | None = None,
) -> Starlette:
    """The routes this process serves.

    `POST {ORDERBOT_CALLBACK_PATH}` when callbacks are configured (then `on_callback` is
    required); `POST {ORDERBOT_WEBHOOK_PATH}` when `application` is given (webhook mode, then
    `inbox` and `webhook_secret` are required); `GET /healthz` always.
    """
    routes = [Route("/healthz", _healthz_endpoint(application, health), methods=["GET"])]
    if settings.callbacks_configured:
        if on_callback is None:
            raise ValueError("ORDERBOT_CALLBACK_PATH is set but no callback handler was given")
        endpoint = _callback_endpoint(on_callback, settings.callback_max_bytes)
        routes.append(Route(settings.callback_path, endpoint, methods=_ANY_METHOD))
    if application is not None:
        if not webhook_secret:
            raise ValueError("webhook mode needs a secret token")
        if inbox is None:
            raise ValueError("webhook mode needs the inbox the updates are stored in")
        endpoint = _webhook_endpoint(application, inbox, webhook_secret)
        routes.append(Route(settings.webhook_path, endpoint, methods=_ANY_METHOD))
    app = Starlette(routes=routes)
    # "/path/" must not redirect to "/path": a redirect would confirm the path exists.
    app.router.redirect_slashes = False
    return app
