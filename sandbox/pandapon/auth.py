"""Verification of the system headers: access key, signature, timestamp window, nonce reuse."""

from __future__ import annotations

import hmac
from collections import deque
from collections.abc import Mapping

from bot.pandapon.signing import TIMESTAMP_UNIT_NAMES, TIMESTAMP_UNITS, to_seconds
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.wire import (
    BAD_SIGNATURE,
    NONCE_REUSED,
    STALE_TIMESTAMP,
    UNAUTHORIZED,
    ApiError,
    now_ms,
)

SYSTEM_HEADERS = ("access-key", "timestamp", "nonce-str", "user-id", "signature")


class NonceCache:
    """Nonces seen while their timestamp is still inside the window; older ones are forgotten."""

    def __init__(self) -> None:
        self._expiry: dict[str, int] = {}
        self._order: deque[tuple[int, str]] = deque()

    def __len__(self) -> int:
        return len(self._expiry)

    def seen(self, nonce: str, now: int) -> bool:
        self._forget_expired(now)
        return nonce in self._expiry

    def remember(self, nonce: str, expires_at: int) -> None:
        self._expiry[nonce] = expires_at
        self._order.append((expires_at, nonce))

    def clear(self) -> None:
        self._expiry.clear()
        self._order.clear()

    def _forget_expired(self, now: int) -> None:
        # Expiry times arrive almost in order (client clocks differ a little); a late straggler
        # only stays a bit longer, which is harmless.
        while self._order and self._order[0][0] < now:
            expires_at, nonce = self._order.popleft()
            if self._expiry.get(nonce) == expires_at:
                del self._expiry[nonce]


class SignatureVerifier:
    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self._recipe = config.signing.recipe
        self._unit = config.timestamp_unit
        self._query_unit = config.query_timestamp_unit
        self._window_ms = config.timestamp_window_seconds * 1000
        self.nonces = NonceCache()

    def verify(self, headers: Mapping[str, str]) -> None:
        """Raise ApiError unless the headers carry a valid, fresh, first-use signature."""
        missing = [name for name in SYSTEM_HEADERS if not headers.get(name, "").strip()]
        if missing:
            raise ApiError(UNAUTHORIZED, f"missing system header(s): {', '.join(missing)}")
        access_key, user_id = headers["access-key"].strip(), headers["user-id"].strip()
        if not hmac.compare_digest(access_key.encode(), self._config.access_key.encode()):
            raise ApiError(UNAUTHORIZED, f"unknown access-key {access_key!r}")
        if user_id != self._config.user_id:
            raise ApiError(UNAUTHORIZED, f"user-id {user_id!r} does not belong to this access-key")

        timestamp, nonce = headers["timestamp"].strip(), headers["nonce-str"].strip()
        now = now_ms()
        sent_ms = self._sent_ms(timestamp, now)

        expected = self._recipe.sign(
            access_key=access_key,
            nonce=nonce,
            timestamp=timestamp,
            secret=self._config.secret,
            user_id=user_id,
        )
        given = headers["signature"].strip().upper()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise ApiError(
                BAD_SIGNATURE, f"signature does not match (recipe {self._recipe.name!r})"
            )

        if self.nonces.seen(nonce, now):
            raise ApiError(NONCE_REUSED, f"nonce-str {nonce!r} was already used")
        self.nonces.remember(nonce, sent_ms + self._window_ms)

    def verify_query(self, query: Mapping[str, str], headers: Mapping[str, str], body: str) -> None:
        """The warehouse-logistics scheme: `?timestamp=&sign=` over the body, the account named
        by the (unsigned) access-key and user-id headers. Signed headers are not enough."""
        missing = [name for name in ("timestamp", "sign") if not query.get(name, "").strip()]
        if missing:
            raise ApiError(
                UNAUTHORIZED,
                f"missing query parameter(s) {', '.join(missing)}: warehouse-logistics calls "
                "are signed with ?timestamp=&sign=",
            )
        access_key = headers.get("access-key", "").strip()
        if not hmac.compare_digest(access_key.encode(), self._config.access_key.encode()):
            raise ApiError(UNAUTHORIZED, f"unknown access-key {access_key!r}")
        user_id = headers.get("user-id", "").strip()
        if user_id != self._config.user_id:
            raise ApiError(UNAUTHORIZED, f"user-id {user_id!r} does not belong to this access-key")
        timestamp = query["timestamp"].strip()
        self._sent_ms(timestamp, now_ms(), self._query_unit)
        signing = self._config.query_signing
        expected = signing.sign(
            access_key=access_key,
            secret=self._config.secret,
            user_id=user_id,
            timestamp=timestamp,
            body=body,
        )
        if not hmac.compare_digest(query["sign"].strip().upper().encode(), expected.encode()):
            raise ApiError(
                BAD_SIGNATURE,
                f"sign does not match (query recipe {signing.recipe.name!r})",
            )

    def _sent_ms(self, timestamp: str, now: int, unit_code: str | None = None) -> int:
        """The timestamp's time in ms, if it is in the configured unit and inside the window."""
        own = unit_code or self._unit
        unit = TIMESTAMP_UNIT_NAMES[own]
        if not (timestamp.isascii() and timestamp.isdigit()):
            message = f"timestamp must be {unit} since the epoch (UTC), got {timestamp!r}"
            raise ApiError(STALE_TIMESTAMP, message)

        def skew_ms(in_unit: str) -> int:
            return int(to_seconds(int(timestamp), in_unit) * 1000) - now

        if abs(skew_ms(own)) <= self._window_ms:
            return now + skew_ms(own)
        other = next(u for u in TIMESTAMP_UNITS if u != own)
        if abs(skew_ms(other)) <= self._window_ms:  # a fresh time, in the other unit
            raise ApiError(
                STALE_TIMESTAMP,
                f"timestamp {timestamp} is in {TIMESTAMP_UNIT_NAMES[other]}; this platform "
                f"expects {unit} since the epoch (UTC)",
            )
        raise ApiError(
            STALE_TIMESTAMP,
            f"timestamp is {skew_ms(own) / 1000:+.0f} s from the server clock; the limit "
            f"is ±{self._config.timestamp_window_seconds} s ({unit} since the epoch)",
        )
