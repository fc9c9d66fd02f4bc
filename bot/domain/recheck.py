"""When to look again after a lost answer, and when "not done" may be concluded.

A mutating call that timed out may still be committed by the platform seconds or minutes later.
So a lost answer is re-checked on a backoff schedule, and "it did not happen" is concluded only
once the check window since the call has passed with the platform still showing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

# Seconds after the lost answer for the first checks; then every LATE_INTERVAL_SECONDS.
EARLY_DELAYS_SECONDS = (2, 5, 10, 20, 40, 60, 120)
LATE_INTERVAL_SECONDS = 300


@dataclass(frozen=True, slots=True)
class RecheckPlan:
    window_seconds: float

    def window_passed(self, unknown_since_ms: int, now_ms: int) -> bool:
        return now_ms - unknown_since_ms >= self.window_seconds * 1000

    def next_check_at(self, unknown_since_ms: int, checks_done: int, now_ms: int) -> int:
        """Epoch ms of the next check after `checks_done` checks: on the schedule, never later
        than the end of the window (the check that may conclude), never in the past."""
        if checks_done < len(EARLY_DELAYS_SECONDS):
            offset = EARLY_DELAYS_SECONDS[checks_done]
        else:
            late = checks_done - len(EARLY_DELAYS_SECONDS) + 1
            offset = EARLY_DELAYS_SECONDS[-1] + late * LATE_INTERVAL_SECONDS
        window_end = unknown_since_ms + int(self.window_seconds * 1000)
        due = min(unknown_since_ms + offset * 1000, window_end)
        return max(due, now_ms + 1000) if due <= now_ms else due
