"""What every Bot API method handler gets (`Call`) and the chat access rules they share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sandbox.telegram.errors import (
    BOT_BLOCKED,
    CHAT_ID_MISSING,
    CHAT_NOT_FOUND,
    CHAT_UPGRADED,
    BotApiError,
    bad_request,
)
from sandbox.telegram.state import SimChat, StandInState
from sandbox.telegram.wire import Params, UploadedFile, int_param

if TYPE_CHECKING:
    from sandbox.telegram.fetch import UrlFetcher
    from sandbox.telegram.webhook import WebhookDeliverer


@dataclass
class Call:
    state: StandInState
    webhooks: WebhookDeliverer
    params: Params
    files: dict[str, UploadedFile]
    # Set by handlers whose chat or message is not in the parameters (answerCallbackQuery).
    chat_id: int | None = None
    message_id: int | None = None
    fetcher: UrlFetcher | None = None  # for files a bot names by a loopback URL


Handler = Callable[[Call], Any | Awaitable[Any]]


def find_chat(call: Call, *, follow_migration: bool = False) -> SimChat:
    """The chat named by `chat_id`; 400 for an unknown one, or for an upgraded group."""
    chat_id = _chat_id(call.params)
    chat = call.state.chats.get(chat_id)
    if chat is None:
        raise bad_request(CHAT_NOT_FOUND)
    if chat.migrated_to is not None and not follow_migration:
        raise bad_request(CHAT_UPGRADED, {"migrate_to_chat_id": chat.migrated_to})
    return chat


def writable_chat(call: Call) -> SimChat:
    """A chat the bot may send to or edit in right now (not blocked, not kicked)."""
    chat = find_chat(call)
    if chat.type == "private":
        if chat.user is not None and chat.user.blocked_bot:
            raise BotApiError(403, BOT_BLOCKED)
        return chat
    status = call.state.member_status(chat, call.state.bot_id)
    kind = "supergroup chat" if chat.type == "supergroup" else "group chat"
    if status == "kicked":
        raise BotApiError(403, f"Forbidden: bot was kicked from the {kind}")
    if status == "left":
        raise BotApiError(403, f"Forbidden: bot is not a member of the {kind}")
    return chat


def _chat_id(params: Params) -> int:
    value = params.get("chat_id")
    if value is None or value == "":
        raise bad_request(CHAT_ID_MISSING)
    if isinstance(value, str) and value.strip().startswith("@"):
        raise bad_request(CHAT_NOT_FOUND)  # no public usernames in the simulation
    try:
        chat_id = int_param(params, "chat_id")
    except BotApiError as exc:
        raise bad_request(CHAT_NOT_FOUND) from exc
    assert chat_id is not None
    return chat_id
