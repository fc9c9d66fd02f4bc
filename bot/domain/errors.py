"""The one base class for every user-input error raised by `bot.domain`.

Each error carries a short machine `code` (the bot translates by code), an English `message`
and the `params` used in that message, so a translation can fill in the same values.
"""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Bad user input. Subclassed once per domain module (MoneyError, LinkError, ...)."""

    def __init__(self, code: str, message: str, params: dict[str, Any] | None = None) -> None:
        # All three go to args so the exception pickles and copies like any other.
        super().__init__(code, message, dict(params or {}))
        self.code = code
        self.message = message
        self.params: dict[str, Any] = dict(params or {})

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r}, {self.params!r})"
