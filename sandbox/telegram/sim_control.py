"""/sim endpoints to read what the bot did and to change the world: outbox, chats, faults,
members, blocking, group migration, webhook log, commands, reset."""

from __future__ import annotations

import bisect
import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.telegram.chats import MEMBER_STATUSES, member_json
from sandbox.telegram.errors import default_description
from sandbox.telegram.flood import OFF_REPORT, FloodLimits
from sandbox.telegram.sim_io import (
    SimError,
    int_field,
    optional_int,
    read_body,
    sim_endpoint,
    str_field,
)
from sandbox.telegram.sim_users import check_chat_id, default_chat_type, queue_member_change
from sandbox.telegram.state import Fault, SimChat, SimUser, StandInState, StoredMessage
from sandbox.telegram.webhook import WebhookDeliverer
from sandbox.telegram.wire import json_copy

MAX_OUTBOX_WAIT = 60.0


class SimControlApi:
    def __init__(self, state: StandInState, webhooks: WebhookDeliverer) -> None:
        self.state = state
        self.webhooks = webhooks

    def routes(self) -> list[Route]:
        return [
            Route("/sim/outbox", self.outbox, methods=["GET"]),
            Route("/sim/chat/{chat_id}", self.chat, methods=["GET"]),
            Route("/sim/fault", self.fault, methods=["POST"]),
            Route("/sim/reset", self.reset, methods=["POST"]),
            Route("/sim/chat_member", self.chat_member, methods=["POST"]),
            Route("/sim/block", self.block, methods=["POST"]),
            Route("/sim/migrate", self.migrate, methods=["POST"]),
            Route("/sim/update", self.update, methods=["POST"]),
            Route("/sim/webhook", self.webhook, methods=["GET"]),
            Route("/sim/commands", self.commands, methods=["GET"]),
            Route("/sim/flood", self.flood, methods=["GET", "PUT"]),
        ]

    # -- reading --------------------------------------------------------------------------

    @sim_endpoint
    async def outbox(self, request: Request) -> Response:
        query = dict(request.query_params)
        chat_id = optional_int(query, "chat_id")
        after = optional_int(query, "after") or 0
        method = (query.get("method") or "").lower() or None
        # `exclude`: methods (comma-separated) a follower does not want to be woken for
        excluded = {name.strip().lower() for name in (query.get("exclude") or "").split(",")}
        try:
            wait = min(float(query.get("wait") or 0), MAX_OUTBOX_WAIT)
        except ValueError as exc:
            raise SimError("'wait' must be a number of seconds") from exc

        def matching() -> list[dict[str, Any]]:
            start = bisect.bisect_right(self.state.outbox, after, key=lambda entry: entry["seq"])
            return [
                entry
                for entry in self.state.outbox[start:]
                if (chat_id is None or entry["chat_id"] == chat_id)
                and (method is None or entry["method"].lower() == method)
                and entry["method"].lower() not in excluded
            ]

        await self.state.wait_until(self.state.outbox_signal, lambda: bool(matching()), wait)
        return JSONResponse({"calls": matching(), "last": self.state.outbox_last})

    def _chat(self, chat_id: int) -> SimChat:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise SimError(f"no chat {chat_id}: nobody has written there yet", status=404)
        return chat

    @sim_endpoint
    async def chat(self, request: Request) -> Response:
        chat = self._chat(int_field(dict(request.path_params), "chat_id"))
        messages = [m.view() for m in chat.messages.values() if not m.deleted]
        return JSONResponse(
            {
                "chat": chat.to_json(),
                "migrated_to": chat.migrated_to,
                "members": {str(user_id): status for user_id, status in chat.statuses.items()},
                "messages": messages,
            }
        )

    @sim_endpoint
    async def webhook(self, request: Request) -> Response:
        webhook = self.state.webhook
        info = None
        if webhook is not None:
            info = {
                "url": webhook.url,
                "has_secret_token": webhook.secret_token is not None,
                "max_connections": webhook.max_connections,
                "allowed_updates": webhook.allowed_updates,
                "last_error_date": webhook.last_error_date,
                "last_error_message": webhook.last_error_message,
            }
        return JSONResponse(
            {
                "webhook": info,
                "pending_update_count": len(self.state.pending_updates),
                "deliveries": self.state.deliveries,
            }
        )

    @sim_endpoint
    async def commands(self, request: Request) -> Response:
        stored = [
            {"scope": json.loads(scope), "language_code": language, "commands": commands}
            for (scope, language), commands in self.state.commands.items()
        ]
        return JSONResponse({"commands": stored})

    @sim_endpoint
    async def flood(self, request: Request) -> Response:
        """GET: flood control as it stands (limits, messages counted, 429s by limit). PUT
        {"enabled": false} turns it off; {"enabled": true, <limit>: n, ...} on, with
        Telegram's limits where none is given (sandbox/telegram/flood.py). Counting restarts."""
        if request.method == "PUT":
            body = await read_body(request)
            enabled = body.pop("enabled", True)
            if not isinstance(enabled, bool):
                raise SimError("'enabled' must be true or false")
            try:
                self.state.set_flood_limits(FloodLimits.from_json(body) if enabled else None)
            except ValueError as exc:
                raise SimError(str(exc)) from exc
        flood = self.state.flood
        return JSONResponse(flood.report() if flood is not None else OFF_REPORT)

    # -- changing the world ---------------------------------------------------------------

    @sim_endpoint
    async def fault(self, request: Request) -> Response:
        body = await read_body(request)
        method = str_field(body, "method", required=True) or ""
        code = optional_int(body, "code")
        delay = float(body.get("delay") or 0)
        if code is None and not delay:
            raise SimError("a fault needs an error 'code' (400..599), a 'delay', or both")
        if code is not None and not 400 <= code <= 599:
            raise SimError("'code' must be an HTTP error status (400..599)")
        retry_after = optional_int(body, "retry_after")
        if code == 429 and retry_after is None:
            retry_after = 1
        description = str_field(body, "description") or default_description(code or 0, retry_after)
        times = int_field(body, "times", default=1)
        if times < 1 or not method.strip():
            raise SimError("'times' must be at least 1 and 'method' non-empty")
        self.state.faults.append(
            Fault(method.strip().lower(), code, description, times, retry_after, delay)
        )
        return JSONResponse({"ok": True, "faults": [vars(f) for f in self.state.faults]})

    @sim_endpoint
    async def update(self, request: Request) -> Response:
        """`{kind, payload}`: one update queued exactly as given — a kind no user action here
        makes, or a malformed one, to see the bot cope."""
        body = await read_body(request)
        kind = (str_field(body, "kind", required=True) or "").strip()
        payload = body.get("payload")
        if not kind or not isinstance(payload, dict):
            raise SimError("an update needs a 'kind' and a 'payload' object")
        return JSONResponse({"ok": True, "update": self.state.queue_update(kind, payload)})

    @sim_endpoint
    async def reset(self, request: Request) -> Response:
        self.state.reset()
        await self.webhooks.stop()
        return JSONResponse({"ok": True, "outbox_seq": self.state.outbox_last})

    def _actor(self, chat: SimChat, fallback: SimUser | None) -> SimUser | None:
        """Who performs a change in a group: its creator, else an admin, a member, `fallback`."""
        for wanted in ("creator", "administrator", "member"):
            for user_id, status in chat.statuses.items():
                if status == wanted and user_id in self.state.users:
                    return self.state.users[user_id]
        return fallback

    @sim_endpoint
    async def chat_member(self, request: Request) -> Response:
        body = await read_body(request)
        chat_id = int_field(body, "chat_id")
        user_id = int_field(body, "user_id")
        status = str_field(body, "status", required=True)
        if status not in MEMBER_STATUSES:
            raise SimError(f"status must be one of {', '.join(MEMBER_STATUSES)}")
        chat = self.state.chats.get(chat_id)
        if chat is None:
            chat_type = default_chat_type(chat_id)
            if chat_type == "private":
                raise SimError("member statuses exist only in groups (negative chat ids)")
            check_chat_id(chat_id, chat_type)
            chat = self.state.chats[chat_id] = SimChat(chat_id, chat_type)
        if chat.type == "private" or chat.migrated_to is not None:
            raise SimError(f"chat {chat_id} is private or was upgraded; members cannot change")
        if title := str_field(body, "chat_title"):
            chat.title = title
        target = None
        if user_id != self.state.bot_id:
            target = self.state.ensure_user(
                user_id,
                str_field(body, "first_name"),
                str_field(body, "username"),
                str_field(body, "language_code"),
            )
        old = member_json(self.state, chat, user_id)
        actor = self._actor(chat, target)
        chat.statuses[user_id] = status
        if old["status"] != status and actor is not None:
            queue_member_change(self.state, chat, user_id, old, actor)
        self.state.note("chat", chat_id)
        return JSONResponse({"ok": True, "chat_id": chat_id, "user_id": user_id, "status": status})

    @sim_endpoint
    async def block(self, request: Request) -> Response:
        body = await read_body(request)
        user = self.state.users.get(int_field(body, "user_id"))
        if user is None:
            raise SimError("no such user: they have never written to the bot", status=404)
        blocked = bool(body.get("blocked", True))
        chat = self.state.chats.get(user.id)
        if chat is not None and user.blocked_bot != blocked:
            old = member_json(self.state, chat, self.state.bot_id)
            user.blocked_bot = blocked
            queue_member_change(self.state, chat, self.state.bot_id, old, user)
        user.blocked_bot = blocked
        self.state.note("chat", user.id)
        return JSONResponse({"ok": True, "user_id": user.id, "blocked": blocked})

    @sim_endpoint
    async def migrate(self, request: Request) -> Response:
        body = await read_body(request)
        old_chat = self._chat(int_field(body, "chat_id"))
        if old_chat.type != "group" or old_chat.migrated_to is not None:
            raise SimError(f"only a (not yet upgraded) group can migrate; {old_chat.id} cannot")
        new_id = int(f"-100{abs(old_chat.id)}")
        if new_id in self.state.chats:
            raise SimError(f"chat {new_id} exists already")
        user_id = optional_int(body, "user_id")
        actor = self._actor(old_chat, self.state.users.get(user_id) if user_id else None)
        if actor is None:
            raise SimError(f"nobody in chat {old_chat.id} could upgrade it; pass a 'user_id'")
        new_chat = SimChat(new_id, "supergroup", title=old_chat.title)
        new_chat.statuses = dict(old_chat.statuses)
        self.state.chats[new_id] = new_chat
        updates = [
            self._service_message(old_chat, actor, {"migrate_to_chat_id": new_id}),
            self._service_message(new_chat, actor, {"migrate_from_chat_id": old_chat.id}),
        ]
        old_chat.migrated_to = new_id
        self.state.note("chat", old_chat.id, migrated_to=new_id)
        return JSONResponse({"new_chat_id": new_id, "updates": updates})

    def _service_message(
        self, chat: SimChat, actor: SimUser, service: dict[str, Any]
    ) -> dict[str, Any]:
        data = {
            "message_id": chat.new_message_id(),
            "from": actor.to_json(),
            "chat": chat.to_json(),
            "date": int(time.time()),
            **service,
        }
        self.state.add_message(chat, StoredMessage(data, from_bot=False))
        return self.state.queue_update("message", json_copy(data))
