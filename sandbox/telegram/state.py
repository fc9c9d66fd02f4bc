"""The in-memory world of the Telegram stand-in: users, chats, messages, updates, outbox, files.

Everything runs on one event loop, so plain containers suffice; `Signal` wakes long polls
(getUpdates, /sim/outbox?wait=) the moment something changes. Update ids and outbox sequence
numbers keep increasing across `reset()`, as Telegram's update ids do, so a client that remembers
an offset never skips new entries after a reset.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.telegram.files import FileStore
from sandbox.telegram.flood import FloodControl, FloodLimits

DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
GROUP_TYPES = ("group", "supergroup")


class Signal:
    """A broadcast wake-up: every waiter returns at the next `fire()`."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)


@dataclass
class SimUser:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    blocked_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class StoredMessage:
    data: dict[str, Any]  # the Telegram Message object as it stands now
    from_bot: bool
    html: str | None = None  # HTML source of the text or caption when sent with parse_mode HTML
    keyboard: dict[str, Any] | None = None  # reply keyboard / remove / force reply, as sent
    edited: bool = False
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def view(self) -> dict[str, Any]:
        """What /sim/chat shows: the message as a user would see it now."""
        data = self.data
        view: dict[str, Any] = {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "from": data.get("from"),
            "date": data["date"],
            "text": data.get("text"),
            "html": self.html,
            "caption": data.get("caption"),
            "entities": data.get("entities") or data.get("caption_entities") or [],
            "photo": data.get("photo"),
            "document": data.get("document"),
            "reply_markup": data.get("reply_markup") or self.keyboard,
            "reply_to_message_id": (data.get("reply_to_message") or {}).get("message_id"),
            "edited": self.edited,
        }
        for service in ("migrate_to_chat_id", "migrate_from_chat_id"):
            if service in data:
                view[service] = data[service]
        return view


@dataclass
class SimChat:
    id: int
    type: str
    title: str | None = None
    user: SimUser | None = None  # the other side of a private chat
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)  # user id → chat member status
    migrated_to: int | None = None
    next_message_id: int = 1

    def to_json(self) -> dict[str, Any]:
        if self.type == "private" and self.user is not None:
            data = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.username:
                data["username"] = self.user.username
            return data
        return {"id": self.id, "type": self.type, "title": self.title or f"Group {self.id}"}

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def live_message(self, message_id: int | None) -> StoredMessage | None:
        stored = self.messages.get(message_id) if message_id is not None else None
        return None if stored is None or stored.deleted else stored


@dataclass
class CallbackRecord:
    id: str
    chat_id: int
    message_id: int
    user_id: int
    created: float  # time.monotonic()
    answered: bool = False


@dataclass
class Fault:
    method: str  # lower-case method name
    code: int | None
    description: str
    times: int = 1
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


def update_kind(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


def is_allowed(update: dict[str, Any], allowed: list[str] | None) -> bool:
    kind = update_kind(update)
    return kind in allowed if allowed else kind not in DEFAULT_EXCLUDED_UPDATES


class StandInState:
    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_first_name: str,
        callback_answer_window: float,
        flood: FloodLimits | None = None,
    ) -> None:
        bot_id, separator, _ = token.partition(":")
        if not separator or not bot_id.isdigit():
            raise ValueError("a bot token looks like '<bot id>:<secret>'")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.callback_answer_window = callback_answer_window
        self.updates_signal = Signal()
        self.outbox_signal = Signal()
        self.events_signal = Signal()
        self._event_seq = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.closing = False
        self._update_ids = itertools.count(1)
        self._outbox_seq = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self.files = FileStore()  # its file numbers, too, go on across resets
        self.flood_limits = flood  # None: no flood control (the default, for speed)
        self.poll_generation = 0
        self.reset()

    def reset(self) -> None:
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.pending_updates: list[dict[str, Any]] = []
        self.allowed_updates: list[str] | None = None
        self.outbox: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.flood = FloodControl(self.flood_limits) if self.flood_limits else None
        self.callbacks: dict[str, CallbackRecord] = {}
        self.files.clear()
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: Webhook | None = None
        self.deliveries: list[dict[str, Any]] = []
        self.updates_signal.fire()
        self.outbox_signal.fire()
        self.events = []
        self.note("reset")

    # -- what chat clients follow (/sim/events) ---------------------------------------------

    def note(self, kind: str, chat_id: int | None = None, **fields: Any) -> None:
        """Tell chat clients that something they show changed: a message was posted, edited or
        deleted, a callback query answered, a chat's members changed, everything was reset."""
        event = {"seq": next(self._event_seq), "kind": kind, "chat_id": chat_id, **fields}
        self.events.append(event)
        self.events_signal.fire()

    @property
    def events_last(self) -> int:
        return self.events[-1]["seq"] if self.events else 0

    def add_message(self, chat: SimChat, stored: StoredMessage) -> None:
        chat.messages[stored.message_id] = stored
        author = (stored.data.get("from") or {}).get("id")
        self.note("message", chat.id, message_id=stored.message_id, user_id=author)

    # -- identities -------------------------------------------------------------------------

    def bot_user_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def ensure_user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> SimUser:
        user = self.users.get(user_id)
        if user is None:
            user = self.users[user_id] = SimUser(user_id, first_name or f"User{user_id}")
        if first_name:
            user.first_name = first_name
        if username:
            user.username = username.lstrip("@")
        if language_code:
            user.language_code = language_code
        return user

    def member_status(self, chat: SimChat, user_id: int) -> str:
        if chat.type == "private":
            if user_id == self.bot_id and chat.user is not None and chat.user.blocked_bot:
                return "kicked"
            return "member" if user_id in (chat.id, self.bot_id) else "left"
        default = "member" if user_id == self.bot_id else "left"
        return chat.statuses.get(user_id, default)

    # -- updates ----------------------------------------------------------------------------

    def queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.pending_updates.append(update)
        self.updates_signal.fire()
        return update

    def confirm_updates(self, offset: int) -> None:
        if offset < 0:  # Telegram: keep only the last -offset updates
            self.pending_updates = self.pending_updates[offset:]
        elif offset:
            self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]

    def deliverable(self, allowed: list[str] | None) -> list[dict[str, Any]]:
        """Pending updates the receiver wants; others are dropped as Telegram never sends them."""
        self.pending_updates = [u for u in self.pending_updates if is_allowed(u, allowed)]
        return self.pending_updates

    def drop_update(self, update_id: int) -> None:
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] != update_id]

    def new_poll(self) -> int:
        """Start a getUpdates; an older poll still waiting is thereby terminated (409)."""
        self.poll_generation += 1
        self.updates_signal.fire()
        return self.poll_generation

    # -- outbox and faults ------------------------------------------------------------------

    def record_call(self, entry: dict[str, Any]) -> dict[str, Any]:
        entry = {"seq": next(self._outbox_seq), "time": time.time(), **entry}
        self.outbox.append(entry)
        self.outbox_signal.fire()
        return entry

    @property
    def outbox_last(self) -> int:
        return self.outbox[-1]["seq"] if self.outbox else 0

    def set_flood_limits(self, limits: FloodLimits | None) -> None:
        """Turn flood control on with `limits` (counting afresh), or off with None."""
        self.flood_limits = limits
        self.flood = FloodControl(limits) if limits else None

    def take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method.lower():
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # -- callbacks ------------------------------------------------------------------------

    def new_callback(self, chat_id: int, message_id: int, user_id: int) -> CallbackRecord:
        query_id = f"{self.bot_id}{next(self._callback_ids):08d}"
        record = CallbackRecord(query_id, chat_id, message_id, user_id, time.monotonic())
        self.callbacks[query_id] = record
        return record

    # -- waiting ----------------------------------------------------------------------------

    async def wait_until(self, signal: Signal, ready: Callable[[], bool], timeout: float) -> None:
        """Return as soon as `ready()` holds, the stand-in closes, or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while not ready() and not self.closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await signal.wait(remaining)

    def close(self) -> None:
        self.closing = True
        self.updates_signal.fire()
        self.outbox_signal.fire()
        self.events_signal.fire()
