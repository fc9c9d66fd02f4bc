"""Telegram's flood control, as strict as its Bot FAQ says (off unless asked for).

What Telegram documents (core.telegram.org/bots/faq, "My bot is hitting limits"): inside one
chat, no more than about one message per second ("we may allow short bursts"); bulk
notifications, no more than about 30 messages per second; no more than 20 messages per minute
to the same group. Edits are observed to count toward the per-group limit (grammY's flood
notes). The stand-in turns that into three rolling windows per bot:

- any message the bot sends (send*, copy*, forward*), to any chat: `per_second` in any second;
- each private chat: `private_burst` messages in any `private_window` seconds (one a second
  on average, short bursts allowed);
- each group, supergroup or channel: `group_burst` messages and edits in any `group_window`
  seconds (20 a minute).

Answering a callback query, editing in a private chat, deleting, chat actions and reads are
not messages and are never refused. A refused call is answered like Telegram does — HTTP 429,
`Too Many Requests: retry after N`, `parameters.retry_after` N — with N the whole seconds until
the window admits it; it is not counted, so waiting N seconds and retrying succeeds.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import asdict, dataclass
from typing import Any

from sandbox.telegram.errors import BotApiError

# Methods that put a new message in a chat (sendChatAction only shows "typing…").
_MESSAGE_PREFIXES = ("send", "copymessage", "forwardmessage")
_NOT_MESSAGES = frozenset({"sendchataction"})
_EDIT_PREFIXES = ("edit", "stoppoll")
_PRUNE_AT = 4096  # chat windows kept before the quiet ones are forgotten


@dataclass(frozen=True)
class FloodLimits:
    per_second: int = 30
    private_burst: int = 3
    private_window: float = 3.0
    group_burst: int = 20
    group_window: float = 60.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if value <= 0:
                raise ValueError(f"flood limit {name} must be positive, got {value!r}")

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> FloodLimits:
        """Telegram's limits with the fields given in `body` changed; ValueError if wrong."""
        known = asdict(cls())
        unknown = sorted(set(body) - set(known))
        if unknown:
            raise ValueError(f"unknown flood limit(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, default in known.items():
            value = body.get(name, default)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"flood limit {name} must be a number, got {value!r}")
            values[name] = type(default)(value)
        return cls(**values)


def message_kind(method: str) -> str | None:
    """ "message", "edit", or None for calls Telegram does not count (`method` any case)."""
    name = method.lower()
    if name in _NOT_MESSAGES:
        return None
    if name.startswith(_MESSAGE_PREFIXES):
        return "message"
    if name.startswith(_EDIT_PREFIXES):
        return "edit"
    return None


class RollingWindow:
    """At most `limit` events in any `period` seconds."""

    __slots__ = ("limit", "period", "times")

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more event fits (0: it fits now)."""
        times = self.times
        while times and times[0] <= now - self.period:
            times.popleft()
        if len(times) < self.limit:
            return 0.0
        return times[len(times) - self.limit] + self.period - now

    def add(self, now: float) -> None:
        self.times.append(now)


class FloodControl:
    """The windows of one bot; `admit` refuses with a 429 or counts the call."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        self._bot = RollingWindow(limits.per_second, 1.0)
        self._chats: dict[int, RollingWindow] = {}
        self.counted = 0
        self.refused: Counter[str] = Counter()

    def admit(self, method: str, chat_id: int | None, chat_type: str | None, now: float) -> None:
        kind = message_kind(method)
        if kind is None or chat_id is None:
            return
        private = chat_type == "private" if chat_type else chat_id > 0
        if kind == "edit" and private:
            return  # edits count only in groups
        windows: list[tuple[str, RollingWindow]] = [
            ("private" if private else "group", self._chat_window(chat_id, private, now))
        ]
        if kind == "message":
            windows.append(("bot", self._bot))
        for scope, window in windows:
            wait = window.wait(now)
            if wait > 0:
                self.refused[scope] += 1
                retry_after = max(1, math.ceil(wait))
                raise BotApiError(
                    429,
                    f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after},
                )
        for _, window in windows:
            window.add(now)
        self.counted += 1

    def _chat_window(self, chat_id: int, private: bool, now: float) -> RollingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            if len(self._chats) >= _PRUNE_AT:
                self._forget_quiet_chats(now)
            limits = self.limits
            window = self._chats[chat_id] = (
                RollingWindow(limits.private_burst, limits.private_window)
                if private
                else RollingWindow(limits.group_burst, limits.group_window)
            )
        return window

    def _forget_quiet_chats(self, now: float) -> None:
        """Chats with nothing left in their window start afresh anyway: drop them."""
        for chat_id, window in list(self._chats.items()):
            window.wait(now)  # drops what has left the window
            if not window.times:
                del self._chats[chat_id]

    def report(self) -> dict[str, Any]:
        return {
            "enabled": True,
            "limits": asdict(self.limits),
            "counted": self.counted,
            "refused": {scope: self.refused[scope] for scope in ("bot", "private", "group")},
            "refused_total": sum(self.refused.values()),
        }


OFF_REPORT: dict[str, Any] = {
    "enabled": False,
    "limits": None,
    "counted": 0,
    "refused": {"bot": 0, "private": 0, "group": 0},
    "refused_total": 0,
}
