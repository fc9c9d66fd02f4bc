"""/sim endpoints through which tests and the console act as Telegram users.

A simulated user can only do what a real one could: write in a chat they belong to, press a
button that is on a message right now, upload a document. Anything else is refused with a 400
that says why.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.telegram.chats import member_json
from sandbox.telegram.html import utf16_len
from sandbox.telegram.markup import callback_buttons
from sandbox.telegram.photos import PhotoError, photo_sizes
from sandbox.telegram.send import MAX_CAPTION_LENGTH, document_json
from sandbox.telegram.sim_io import (
    SimError,
    int_field,
    optional_int,
    read_body,
    sim_endpoint,
    str_field,
)
from sandbox.telegram.state import GROUP_TYPES, SimChat, SimUser, StandInState, StoredMessage
from sandbox.telegram.wire import json_copy

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
CHAT_TYPES = ("private", *GROUP_TYPES)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # what one simulated upload may carry
MAX_USERS_AT_ONCE = 5000  # users one /sim/users call may introduce


def default_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def check_chat_id(chat_id: int, chat_type: str) -> None:
    if chat_type not in CHAT_TYPES:
        raise SimError(f"chat_type must be one of {', '.join(CHAT_TYPES)}")
    if chat_type != "private" and chat_id >= 0:
        raise SimError("group and supergroup chat ids are negative")
    if chat_type == "supergroup" and not str(chat_id).startswith("-100"):
        raise SimError("supergroup chat ids start with -100")


def queue_member_change(
    state: StandInState, chat: SimChat, target_id: int, old: dict[str, Any], actor: SimUser
) -> None:
    """Queue my_chat_member (the bot's status changed) or chat_member (a user's), as Telegram."""
    kind = "my_chat_member" if target_id == state.bot_id else "chat_member"
    payload = {
        "chat": chat.to_json(),
        "from": actor.to_json(),
        "date": int(time.time()),
        "old_chat_member": old,
        "new_chat_member": member_json(state, chat, target_id),
    }
    state.queue_update(kind, payload)


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A bot_command entity for a leading /command, as Telegram marks it (text or caption)."""
    command = _COMMAND_RE.match(text)
    if command is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}]


def _caption(body: dict[str, Any]) -> dict[str, Any]:
    caption = (str_field(body, "caption") or "").strip()
    if not caption:
        return {}
    if utf16_len(caption) > MAX_CAPTION_LENGTH:
        raise SimError(f"a caption has at most {MAX_CAPTION_LENGTH} characters")
    if entities := _command_entities(caption):
        return {"caption": caption, "caption_entities": entities}
    return {"caption": caption}


def _decoded_content(body: dict[str, Any]) -> bytes:
    try:
        content = base64.b64decode(
            str_field(body, "content_base64", required=True) or "", validate=True
        )
    except (binascii.Error, ValueError) as exc:
        raise SimError(f"content_base64 is not valid base64: {exc}") from exc
    if not content:
        raise SimError("a user cannot send an empty file")
    if len(content) > MAX_UPLOAD_BYTES:
        raise SimError(f"the simulation takes files up to {MAX_UPLOAD_BYTES // 2**20} MB")
    return content


class SimUsersApi:
    def __init__(self, state: StandInState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/sim/message", self.message, methods=["POST"]),
            Route("/sim/callback", self.callback, methods=["POST"]),
            Route("/sim/document", self.document, methods=["POST"]),
            Route("/sim/photo", self.photo, methods=["POST"]),
            Route("/sim/users", self.users, methods=["POST"]),
        ]

    def _unblock(self, chat: SimChat, user: SimUser) -> None:
        """Writing to a bot one blocked is Telegram's "Restart bot": it unblocks first."""
        old = member_json(self.state, chat, self.state.bot_id)
        user.blocked_bot = False
        queue_member_change(self.state, chat, self.state.bot_id, old, user)

    def _acting_user(self, body: dict[str, Any]) -> SimUser:
        user_id = int_field(body, "user_id")
        if user_id <= 0 or user_id == self.state.bot_id:
            raise SimError("user_id must be a positive id of a user, not the bot")
        return self.state.ensure_user(
            user_id,
            str_field(body, "first_name"),
            str_field(body, "username"),
            str_field(body, "language_code"),
        )

    def _chat_for_writing(self, body: dict[str, Any], user: SimUser) -> SimChat:
        """The chat `user` writes in, created on first use; refuse what Telegram would not allow."""
        chat_id = int_field(body, "chat_id")
        chat_type = str_field(body, "chat_type") or default_chat_type(chat_id)
        check_chat_id(chat_id, chat_type)
        if chat_type == "private" and chat_id != user.id:
            raise SimError("in a private chat chat_id must equal user_id")
        chat = self.state.chats.get(chat_id)
        if chat is None:
            chat = SimChat(chat_id, chat_type, user=user if chat_type == "private" else None)
            self.state.chats[chat_id] = chat
        elif body.get("chat_type") and chat.type != chat_type:
            raise SimError(f"chat {chat_id} is a {chat.type} chat, not a {chat_type}")
        if chat.migrated_to is not None:
            raise SimError(f"group {chat_id} was upgraded to supergroup {chat.migrated_to}")
        if chat.type == "private":
            if user.blocked_bot:
                self._unblock(chat, user)
            return chat
        if title := str_field(body, "chat_title"):
            chat.title = title
        if self.state.member_status(chat, self.state.bot_id) in ("left", "kicked"):
            raise SimError(f"the bot is not a member of chat {chat_id}; it would not see this")
        status = chat.statuses.get(user.id)
        if status in ("kicked", "restricted"):
            raise SimError(f"user {user.id} is {status} in chat {chat_id} and cannot write")
        if status in (None, "left"):
            chat.statuses[user.id] = "member"
        return chat

    def _post(self, chat: SimChat, user: SimUser, content: dict[str, Any]) -> Response:
        data = {
            "message_id": chat.new_message_id(),
            "from": user.to_json(),
            "chat": chat.to_json(),
            "date": int(time.time()),
            **content,
        }
        self.state.add_message(chat, StoredMessage(data, from_bot=False))
        update = self.state.queue_update("message", json_copy(data))
        return JSONResponse(
            {
                "update": update,
                "message_id": data["message_id"],
                "outbox_seq": self.state.outbox_last,
                "queued_at": time.time(),
            }
        )

    def _reply(self, chat: SimChat, body: dict[str, Any]) -> dict[str, Any]:
        reply_id = optional_int(body, "reply_to_message_id")
        if reply_id is None:
            return {}
        target = chat.live_message(reply_id)
        if target is None:
            raise SimError(f"message {reply_id} does not exist in chat {chat.id}")
        reply = {key: value for key, value in target.data.items() if key != "reply_to_message"}
        return {"reply_to_message": json_copy(reply)}

    @sim_endpoint
    async def users(self, request: Request) -> Response:
        """Users who started the bot some time ago: their private chats exist (the bot may
        write to them), and nothing reaches the bot now. Body: {"users": [{"user_id",
        "first_name"?, "username"?, "language_code"?}, ...]} (at most MAX_USERS_AT_ONCE)."""
        body = await read_body(request)
        entries = body.get("users")
        if not isinstance(entries, list) or not entries or len(entries) > MAX_USERS_AT_ONCE:
            raise SimError(f"'users' must be a list of 1 to {MAX_USERS_AT_ONCE} users")
        if not all(isinstance(entry, dict) for entry in entries):
            raise SimError("each user must be an object with a 'user_id'")
        users = [self._acting_user(entry) for entry in entries]
        for user in users:
            if user.id not in self.state.chats:
                self.state.chats[user.id] = SimChat(user.id, "private", user=user)
                self.state.note("chat", user.id)
        return JSONResponse({"ok": True, "user_ids": [user.id for user in users]})

    @sim_endpoint
    async def message(self, request: Request) -> Response:
        body = await read_body(request)
        text = str_field(body, "text", required=True) or ""
        if not text.strip():
            raise SimError("a user cannot send an empty message")
        user = self._acting_user(body)
        chat = self._chat_for_writing(body, user)
        content: dict[str, Any] = {"text": text, **self._reply(chat, body)}
        if entities := _command_entities(text):
            content["entities"] = entities
        return self._post(chat, user, content)

    @sim_endpoint
    async def document(self, request: Request) -> Response:
        body = await read_body(request)
        file_name = str_field(body, "file_name", required=True) or "file"
        content = _decoded_content(body)
        mime_type = str_field(body, "mime_type") or mimetypes.guess_type(file_name)[0]
        user = self._acting_user(body)
        chat = self._chat_for_writing(body, user)
        stored = self.state.files.store(
            "document", content, file_name, mime_type or "application/octet-stream"
        )
        message: dict[str, Any] = {"document": document_json(stored), **self._reply(chat, body)}
        return self._post(chat, user, {**message, **_caption(body)})

    @sim_endpoint
    async def photo(self, request: Request) -> Response:
        """A user sends a photo: Telegram keeps it in several sizes (sandbox/telegram/photos.py)."""
        body = await read_body(request)
        content = _decoded_content(body)
        try:
            sizes = photo_sizes(content)
        except PhotoError as exc:
            raise SimError(f"Telegram would not take this as a photo ({exc})") from exc
        user = self._acting_user(body)
        chat = self._chat_for_writing(body, user)
        photo = self.state.files.store_photo(sizes)
        return self._post(chat, user, {"photo": photo, **self._reply(chat, body), **_caption(body)})

    @sim_endpoint
    async def callback(self, request: Request) -> Response:
        body = await read_body(request)
        chat_id = int_field(body, "chat_id")
        message_id = int_field(body, "message_id")
        data = str_field(body, "data", required=True)
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise SimError(f"no chat {chat_id}", status=404)
        user = self._acting_user(body)
        if chat.type == "private" and user.id != chat.id:
            raise SimError(f"user {user.id} cannot see private chat {chat_id}")
        if chat.type != "private" and chat.statuses.get(user.id) in ("kicked", "left"):
            raise SimError(f"user {user.id} is not in chat {chat_id}")
        if chat.migrated_to is not None:
            raise SimError(f"group {chat_id} was upgraded to supergroup {chat.migrated_to}")
        stored = chat.live_message(message_id)
        if stored is None:
            raise SimError(f"message {message_id} is not in chat {chat_id} (never sent or deleted)")
        buttons = callback_buttons(stored.data.get("reply_markup"))
        # `forged`: a modified client sends data no button carries (Telegram passes it on).
        forged = bool(body.get("forged"))
        if forged and not 1 <= len((data or "").encode()) <= 64:
            raise SimError("callback data is 1-64 bytes, forged or not")
        if not forged and data not in {button_data for _, button_data in buttons}:
            raise SimError(
                f"message {message_id} has no button with callback_data {data!r}; "
                f"its buttons are {buttons or 'none'}"
            )
        if chat.type != "private":
            chat.statuses.setdefault(user.id, "member")
        record = self.state.new_callback(chat_id, message_id, user.id)
        payload = {
            "id": record.id,
            "from": user.to_json(),
            "message": json_copy(stored.data),
            "chat_instance": str(abs(chat_id) * 7919 + self.state.bot_id),
            "data": data,
        }
        update = self.state.queue_update("callback_query", payload)
        return JSONResponse(
            {
                "callback_query_id": record.id,
                "update": update,
                "outbox_seq": self.state.outbox_last,
                "queued_at": time.time(),
            }
        )
