"""A strict stand-in for Telegram's Bot API on 127.0.0.1, plus a /sim API to act as users.

The real python-telegram-bot `Application` talks to it through
`Application.builder().token(T).base_url(standin.base_url).base_file_url(standin.base_file_url)`.
Bot API calls are answered with Telegram's own error codes and descriptions; every call except
getUpdates is kept in an outbox that tests read through `/sim/outbox` (see
`sandbox.telegram.client.TelegramSim`). A web chat for people is served at `/chat/`.

    standin = TelegramStandIn()
    await standin.start()
    ...  # run the bot against standin.base_url, drive it through standin.sim_url
    await standin.stop()
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.serving import RunningServer, serve_in_background
from sandbox.telegram import chats, send, updates
from sandbox.telegram.calls import Call, Handler
from sandbox.telegram.errors import BotApiError
from sandbox.telegram.fetch import UrlFetcher
from sandbox.telegram.flood import FloodLimits
from sandbox.telegram.sim_control import SimControlApi
from sandbox.telegram.sim_feed import SimFeedApi
from sandbox.telegram.sim_users import SimUsersApi
from sandbox.telegram.state import StandInState
from sandbox.telegram.webchat import PATH as WEBCHAT_PATH
from sandbox.telegram.webchat import webchat_routes
from sandbox.telegram.webhook import WebhookDeliverer
from sandbox.telegram.wire import describe_params, int_param, json_copy, read_params

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456:TEST-TOKEN"
DEFAULT_BOT_USERNAME = "orderbot_test_bot"
_TOKEN_FORMAT = re.compile(r"\d+:[A-Za-z0-9_-]+")
_NOT_FOUND = BotApiError(404, "Not Found")

# lower-case name → (Telegram's spelling, handler); Telegram matches method names case-insensitively
METHODS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler)
    for module in (updates, send, chats)
    for name, handler in module.METHODS.items()
}


def _error_response(error: BotApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.code)


def _outbox_ids(call: Call, result: Any) -> tuple[int | None, int | None]:
    """The chat and message a call concerns, for filtering the outbox."""
    chat_id, message_id = call.chat_id, call.message_id
    if chat_id is None:
        try:
            chat_id = int_param(call.params, "chat_id")
        except BotApiError:
            chat_id = None
    if isinstance(result, dict) and "chat" in result and "message_id" in result:
        chat_id = chat_id if chat_id is not None else result["chat"]["id"]
        message_id = result["message_id"]
    if message_id is None:
        try:
            message_id = int_param(call.params, "message_id")
        except BotApiError:
            message_id = None
    return chat_id, message_id


class TelegramStandIn:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = DEFAULT_BOT_USERNAME,
        callback_answer_window: float = 15.0,
        bot_first_name: str = "OrderBot",
        flood: FloodLimits | None = None,
    ) -> None:
        """`flood`: enforce Telegram's flood control with these limits (sandbox/telegram/
        flood.py); off by default. /sim/flood reads and changes it while running."""
        self.state = StandInState(
            token, bot_username, bot_first_name, callback_answer_window, flood=flood
        )
        self.webhooks = WebhookDeliverer(self.state)
        self.fetcher = UrlFetcher()
        self._server: RunningServer | None = None
        sim_users = SimUsersApi(self.state)
        sim_control = SimControlApi(self.state, self.webhooks)
        sim_feed = SimFeedApi(self.state)
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._bot_api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
                *sim_users.routes(),
                *sim_control.routes(),
                *sim_feed.routes(),
                *webchat_routes(),
            ]
        )

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_id(self) -> int:
        return self.state.bot_id

    @property
    def bot_username(self) -> str:
        return self.state.bot_username

    # -- running ----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if self._server is not None:
            raise RuntimeError("the Telegram stand-in is already running")
        self.state.closing = False
        self._server = await serve_in_background(self.app, host=host, port=port)
        logger.info("Telegram stand-in listening on %s", self._server.url)

    async def stop(self) -> None:
        """Wake every long poll, stop webhook deliveries and the HTTP server."""
        self.state.close()
        await self.webhooks.stop()
        await self.fetcher.aclose()
        if self._server is not None:
            server, self._server = self._server, None
            await server.stop()

    async def __aenter__(self) -> TelegramStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def sim_url(self) -> str:
        if self._server is None:
            raise RuntimeError("start() the Telegram stand-in first")
        return self._server.url

    @property
    def webchat_url(self) -> str:
        """The web chat page (sandbox/telegram/webchat/): a browser client for the /sim API."""
        return f"{self.sim_url}{WEBCHAT_PATH}"

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` needs; PTB appends `<token>/<method>`."""
        return f"{self.sim_url}/bot"

    @property
    def base_file_url(self) -> str:
        """What PTB's `base_file_url` needs for File.download_*()."""
        return f"{self.sim_url}/file/bot"

    # -- Bot API ----------------------------------------------------------------------------

    def _check_token(self, token: str) -> None:
        if token != self.state.token:
            # Telegram: a malformed token is 404, a well-formed wrong one 401 (PTB: InvalidToken)
            raise (
                _NOT_FOUND
                if not _TOKEN_FORMAT.fullmatch(token)
                else BotApiError(401, "Unauthorized")
            )

    async def _bot_api(self, request: Request) -> Response:
        try:
            self._check_token(request.path_params["token"])
        except BotApiError as error:
            return _error_response(error)
        requested = request.path_params["method"]
        name, handler = METHODS.get(requested.lower(), (requested, None))
        call = Call(self.state, self.webhooks, params={}, files={}, fetcher=self.fetcher)
        try:
            call.params, call.files = await read_params(request)
            if handler is None:
                raise _NOT_FOUND
            await self._apply_fault(name)
            self._apply_flood_control(name, call)
            result = handler(call)
            if inspect.isawaitable(result):
                result = await result
        except BotApiError as error:
            self._record(name, call, error=error)
            return _error_response(error)
        except Exception:
            logger.exception("Telegram stand-in failed on %s", name)
            error = BotApiError(500, "Internal Server Error")
            self._record(name, call, error=error)
            return _error_response(error)
        self._record(name, call, result=result)
        return JSONResponse({"ok": True, "result": result})

    async def _apply_fault(self, method: str) -> None:
        """An injected fault wins over everything else (after the token check)."""
        fault = self.state.take_fault(method)
        if fault is None:
            return
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.code:
            parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
            raise BotApiError(fault.code, fault.description, parameters)

    def _apply_flood_control(self, method: str, call: Call) -> None:
        """Telegram's 429 for a message over its limits (after injected faults, which win)."""
        flood = self.state.flood
        if flood is None:
            return
        try:
            chat_id = int_param(call.params, "chat_id")
        except BotApiError:
            return  # not a chat we know: the method itself says so
        chat = self.state.chats.get(chat_id) if chat_id is not None else None
        flood.admit(method, chat_id, chat.type if chat else None, time.monotonic())

    def _record(
        self, method: str, call: Call, result: Any = None, error: BotApiError | None = None
    ) -> None:
        if method == "getUpdates":
            return  # polls would drown everything else
        chat_id, message_id = _outbox_ids(call, result)
        entry: dict[str, Any] = {
            "method": method,
            "params": describe_params(call.params, call.files),
            "chat_id": chat_id,
            "message_id": message_id,
            "ok": error is None,
        }
        if error is None:
            entry["result"] = json_copy(result)  # later edits must not rewrite history
        else:
            entry.update(error.body())  # ok=False, error_code, description, parameters
        self.state.record_call(entry)

    async def _download(self, request: Request) -> Response:
        try:
            self._check_token(request.path_params["token"])
        except BotApiError as error:
            return _error_response(error)
        stored = self.state.files.by_path(request.path_params["path"])
        if stored is None:
            return _error_response(_NOT_FOUND)
        return Response(stored.content, media_type=stored.mime_type or "application/octet-stream")
