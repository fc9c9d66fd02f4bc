"""Mutating platform calls other than order creation, made at most once and never lost.

`run` records the call in the ledger (storage/actions.py) before making it; a second `run` with
the same key while the first is open or done does not call again. A lost answer (OutcomeUnknown)
is settled by reading — each kind registers a check ("did it happen?") — on the re-check schedule
of bot.domain.recheck, and concluded "not done" only after the window. Pay, cancel and confirm
receipt use it today; bulk payment and refunds register their own kinds the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.domain.recheck import RecheckPlan
from bot.pandapon.errors import OutcomeUnknown, PandaPonError, PlatformError, PlatformUnavailable
from storage.actions import DONE, FAILED, NOT_DONE, SENDING, ActionLedger, ActionRecord
from storage.db import now_ms

log = logging.getLogger(__name__)

OutcomeState = Literal["done", "failed", "checking", "not_done"]
# "Did the call happen?" — (yes/no, what to keep as its result); raises PandaPonError if it
# cannot be told right now.
Check = Callable[[ActionRecord], Awaitable[tuple[bool, dict[str, Any] | None]]]


class ActionRefused(Exception):
    """The platform answered, and the answer is no (inside a success envelope)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    state: OutcomeState
    record: ActionRecord
    result: dict[str, Any] | None = None
    reason: str | None = None
    changed: bool = True  # this call settled it (it is the one to tell the member)

    @property
    def kind(self) -> str:
        return self.record.kind


class PlatformCalls:
    def __init__(
        self, ledger: ActionLedger, recheck: RecheckPlan, clock: Callable[[], int] = now_ms
    ) -> None:
        self.ledger = ledger
        self.recheck = recheck
        self._clock = clock
        self._checks: dict[str, Check] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def register(self, kind: str, check: Check) -> None:
        self._checks[kind] = check

    async def run(
        self,
        kind: str,
        key: str,
        call: Callable[[], Awaitable[dict[str, Any] | None]],
        *,
        order_id: int | None = None,
        chat_id: int | None = None,
        requester_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> ActionOutcome:
        """Make the call once. `call` returns what to keep as the result, or raises
        ActionRefused / PlatformError for a no."""
        if kind not in self._checks:
            raise ValueError(f"no check registered for {kind!r}")
        async with self._locks[key]:
            record, fresh = self.ledger.begin(
                kind,
                key,
                order_id=order_id,
                chat_id=chat_id,
                requester_id=requester_id,
                payload=payload,
            )
            if not fresh:
                if record.state == DONE:
                    return ActionOutcome("done", record, record.result, changed=False)
                return await self._check(record)  # open: look, never call twice
            try:
                result = await call()
            except ActionRefused as exc:
                return self._settle(record, FAILED, reason=exc.reason)
            except PlatformError as exc:
                return self._settle(record, FAILED, reason=exc.msg or str(exc))
            except PlatformUnavailable as exc:  # never reached the platform: nothing happened
                log.warning("%s: platform unreachable: %s", key, exc)
                return self._settle(record, FAILED, reason="unreachable")
            except OutcomeUnknown as exc:
                log.warning("%s: answer lost, checking: %s", key, exc)
                self.ledger.lost(record.id, str(exc), self._clock())
                return await self._check(self.ledger.get(record.id) or record)
            return self._settle(record, DONE, result=result)

    async def check(self, key: str) -> ActionOutcome | None:
        """Look again now (a member's "check now"); None for an unknown key."""
        async with self._locks[key]:
            record = self.ledger.by_key(key)
            if record is None:
                return None
            if not record.open:
                return ActionOutcome(_state_of(record), record, record.result, changed=False)
            return await self._check(record)

    def recover_interrupted(self) -> int:
        """At start-up: calls cut off by a crash are answers lost at the time they were made."""
        count = 0
        for record in self.ledger.interrupted():
            if self._locks[record.idempotency_key].locked():
                continue
            self.ledger.lost(record.id, "interrupted mid-call", self._clock())
            count += 1
        return count

    async def check_due(self) -> list[ActionOutcome]:
        """Look again for every lost answer that is due; the ones this settled."""
        settled = []
        for record in self.ledger.due(self._clock()):
            if self._locks[record.idempotency_key].locked():
                continue  # the call or a check of it is in flight
            outcome = await self.check(record.idempotency_key)
            if outcome is not None and outcome.changed and outcome.state != "checking":
                settled.append(outcome)
        return settled

    async def _check(self, record: ActionRecord) -> ActionOutcome:
        check = self._checks[record.kind]
        try:
            happened, result = await check(record)
        except PandaPonError as exc:
            log.warning("%s: cannot check now: %s", record.idempotency_key, exc)
            self._schedule(record)
            return ActionOutcome("checking", record, reason=str(exc), changed=False)
        if happened:
            return self._settle(record, DONE, result=result)
        since = record.unknown_since or record.updated_at
        if record.state != SENDING and self.recheck.window_passed(since, self._clock()):
            return self._settle(record, NOT_DONE, reason="lost")
        self._schedule(record)
        return ActionOutcome("checking", record, reason="checking", changed=False)

    def _schedule(self, record: ActionRecord) -> None:
        now = self._clock()
        since = record.unknown_since or now
        self.ledger.checked(record.id, self.recheck.next_check_at(since, record.checks, now))

    def _settle(
        self,
        record: ActionRecord,
        state: str,
        *,
        result: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> ActionOutcome:
        changed = self.ledger.settle(record.id, state, result=result, error=reason)
        log.info("%s: %s%s", record.idempotency_key, state, f" ({reason})" if reason else "")
        settled = self.ledger.get(record.id) or record
        return ActionOutcome(_state_of(settled), settled, result, reason, changed)


def _state_of(record: ActionRecord) -> OutcomeState:
    return {DONE: "done", FAILED: "failed", NOT_DONE: "not_done"}.get(record.state, "checking")
