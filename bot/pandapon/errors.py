"""What can go wrong talking to the platform, as the caller needs to tell it apart."""

from __future__ import annotations


class PandaPonError(Exception):
    """Base class for every platform client failure."""


# The envelope code for "no such order or product". The platform's code table is not public;
# 404 is assumed (docs/platform-wire.md) and the sandbox answers it.
NOT_FOUND_CODE = 404


class PlatformError(PandaPonError):
    """The platform answered with an error envelope (code != 200)."""

    def __init__(self, code: int, msg: str, request_id: str | None = None) -> None:
        super().__init__(f"platform error {code}: {msg}")
        self.code = code
        self.msg = msg
        self.request_id = request_id

    @property
    def not_found(self) -> bool:
        return self.code == NOT_FOUND_CODE


class PlatformUnavailable(PandaPonError):
    """No usable answer, and nothing can have changed on the platform (reads, refused connects)."""


class OutcomeUnknown(PandaPonError):
    """A call that changes orders or money got no answer: it may or may not have happened.

    The caller must reconcile with a read (for a create: list by our idempotency key), never retry
    blindly.
    """


class PlatformProtocolError(PandaPonError):
    """The platform answered something that is not the documented envelope or shape."""
