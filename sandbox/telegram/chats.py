"""Bot API methods about the bot, chats and members, commands, callback answers and files."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from sandbox.telegram.calls import Call, Handler, find_chat
from sandbox.telegram.errors import (
    INVALID_FILE_ID,
    QUERY_TOO_OLD,
    USER_NOT_FOUND,
    bad_request,
)
from sandbox.telegram.state import SimChat, StandInState
from sandbox.telegram.wire import bool_param, int_param, str_param

MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_COMMANDS = 100
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")
_SCOPES_WITH_CHAT = {"chat", "chat_administrators", "chat_member"}
_SCOPES = {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)
_RESTRICTED_RIGHTS = (
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
)


def get_me(call: Call) -> dict[str, Any]:
    return {
        **call.state.bot_user_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": True,  # the simulation delivers every group message
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_chat(call: Call) -> dict[str, Any]:
    chat = find_chat(call)
    return {
        **chat.to_json(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def member_json(state: StandInState, chat: SimChat, user_id: int) -> dict[str, Any]:
    """A ChatMember object with every field PTB requires for its status."""
    user = state.bot_user_json() if user_id == state.bot_id else state.users[user_id].to_json()
    status = state.member_status(chat, user_id)
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(can_be_edited=False, is_anonymous=False, can_promote_members=False)
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "restricted":
        member.update(dict.fromkeys(_RESTRICTED_RIGHTS, False), is_member=True, until_date=0)
    elif status == "kicked":
        member["until_date"] = 0
    return member


def get_chat_member(call: Call) -> dict[str, Any]:
    chat = find_chat(call)
    user_id = int_param(call.params, "user_id", missing="user_id is empty")
    assert user_id is not None
    if user_id != call.state.bot_id and user_id not in call.state.users:
        raise bad_request(USER_NOT_FOUND)
    return member_json(call.state, chat, user_id)


def get_chat_administrators(call: Call) -> list[dict[str, Any]]:
    chat = find_chat(call)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    return [
        member_json(call.state, chat, user_id)
        for user_id, status in chat.statuses.items()
        if status in ("creator", "administrator")
    ]


def answer_callback_query(call: Call) -> bool:
    query_id = str_param(call.params, "callback_query_id") or ""
    record = call.state.callbacks.get(query_id)
    if record is not None:
        call.chat_id, call.message_id = record.chat_id, record.message_id
    expired = record is not None and (
        time.monotonic() - record.created > call.state.callback_answer_window
    )
    if record is None or record.answered or expired:
        raise bad_request(QUERY_TOO_OLD)
    if len(str_param(call.params, "text") or "") > MAX_CALLBACK_ANSWER_LENGTH:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    call.state.note(
        "answer",
        record.chat_id,
        message_id=record.message_id,
        callback_query_id=record.id,
        user_id=record.user_id,
        text=str_param(call.params, "text") or "",
        show_alert=bool_param(call.params, "show_alert"),
        url=str_param(call.params, "url"),
    )
    return True


def _scope_key(call: Call) -> tuple[str, str]:
    scope = call.params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES | _SCOPES_WITH_CHAT:
        raise bad_request("unsupported bot command scope type")
    if scope["type"] in _SCOPES_WITH_CHAT and "chat_id" not in scope:
        raise bad_request("chat_id is empty")
    if scope["type"] == "chat_member" and "user_id" not in scope:
        raise bad_request("user_id is empty")
    language = str_param(call.params, "language_code") or ""
    if language and not _LANGUAGE_RE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


def set_my_commands(call: Call) -> bool:
    commands = call.params.get("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned = []
    for item in commands:
        command = item.get("command") if isinstance(item, dict) else None
        description = item.get("description") if isinstance(item, dict) else None
        if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description.strip()})
    key = _scope_key(call)
    if cleaned:
        call.state.commands[key] = cleaned
    else:
        call.state.commands.pop(key, None)
    return True


def get_my_commands(call: Call) -> list[dict[str, str]]:
    return call.state.commands.get(_scope_key(call), [])


def delete_my_commands(call: Call) -> bool:
    call.state.commands.pop(_scope_key(call), None)
    return True


def get_file(call: Call) -> dict[str, Any]:
    stored = call.state.files.get(str_param(call.params, "file_id") or "")
    if stored is None:
        raise bad_request(INVALID_FILE_ID)
    if len(stored.content) > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return stored.to_json()


def log_out(call: Call) -> bool:
    return True


METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "getChatAdministrators": get_chat_administrators,
    "answerCallbackQuery": answer_callback_query,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getFile": get_file,
    "logOut": log_out,
    "close": log_out,
}
