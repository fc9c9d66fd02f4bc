"""N ≥ 100 whole orders through real processes, every create call under an injected fault of
every kind (answers delayed, lost before or after the commit, commits after the bot's timeout,
5xx, refusals), some confirmed with a double tap and some with the reconciliation's reads
failing too. Then: no duplicates, nothing lost — the platform's orders are exactly the orders
the bot knows as placed — and what each member was finally told matches the platform.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3

import pytest

from tests.reliability.conftest import point_callbacks_at
from tests.reliability.processes import BotProcess, Patron, to_preview

pytestmark = pytest.mark.reliability

MEMBERS = 20
ORDERS_EACH = 5  # 100 orders
FIRST_MEMBER = 70_001
TIMEOUT_S = 1.5  # the bot's platform timeout: the held requests below outlast it
WINDOW_S = 12  # how long a lost answer is re-checked before "not created"

FAULTS = itertools.cycle(
    [
        None,
        {"kind": "latency", "latency_ms": 300},
        {"kind": "drop_after_commit"},
        {"kind": "commit_late", "latency_ms": 0, "commit_after_ms": 1500},
        {"kind": "commit_late", "latency_ms": 2500, "commit_after_ms": 300},
        {"kind": "latency", "latency_ms": 2500},  # committed, answered after the timeout
        {"kind": "http_error", "http_status": 503},  # nothing created, no answer
        {"kind": "error_code", "code": 500, "msg": "risk control"},  # refused
    ]
)
PLACED = ("Order placed",)
REFUSED = ("refused the order", "could not be reached")
CHECKING = ("has not answered yet",)
CREATED_LATER = "was created"
NOT_CREATED_LATER = "was not created"


async def _place(patron: Patron, control, number: int, seller_no: str) -> str:
    """One whole order; returns what the member was finally told: created / not created."""
    await to_preview(patron, seller_no)
    fault = next(FAULTS)
    if fault is not None:
        answer = await control.post(
            "/_sandbox/faults", json={"endpoint": "taobao.order.create", **fault}
        )
        answer.raise_for_status()
    if number % 10 == 3:  # the reconciliation's reads fail for a while too
        answer = await control.post(
            "/_sandbox/faults",
            json={"endpoint": "taobao.order.list", "kind": "http_error", "times": 2},
        )
        answer.raise_for_status()
    said = await patron.taps(
        "Confirm", *PLACED, *REFUSED, *CHECKING, twice=number % 7 == 0, timeout=60
    )
    text = said["params"]["text"]
    if any(p in text for p in PLACED):
        return "created"
    if any(r in text for r in REFUSED):
        await patron.says("/cancel", "cancelled")  # the draft is kept after a refusal
        return "not created"
    settled = await patron.expect(CREATED_LATER, NOT_CREATED_LATER, timeout=WINDOW_S + 60)
    if "Checked with the platform" not in settled["params"]["text"]:
        settled = await patron.expect("Checked with the platform", timeout=WINDOW_S + 60)
    return "not created" if NOT_CREATED_LATER in settled["params"]["text"] else "created"


async def test_every_fault_kind_no_duplicate_nothing_lost_and_members_told_the_truth(
    standins, control, tmp_path
):
    members = [FIRST_MEMBER + n for n in range(MEMBERS)]
    bot = BotProcess(
        standins,
        tmp_path,
        members,
        PANDAPON_TIMEOUT_SECONDS=str(TIMEOUT_S),
        ORDERBOT_RECONCILE_WINDOW=str(WINDOW_S),
    )
    await bot.start()
    await point_callbacks_at(control, bot.url)
    told: dict[str, str] = {}

    async def member(user_id: int) -> None:
        patron = Patron(standins.telegram_url, user_id)
        try:
            for n in range(ORDERS_EACH):
                seller_no = f"R{user_id}-{n}"
                told[seller_no] = await _place(patron, control, user_id + n, seller_no)
        finally:
            await patron.close()

    try:
        await asyncio.gather(*(member(user_id) for user_id in members))
        await asyncio.sleep(1.0)  # late commits of refused calls would show up by now
        platform = (await control.get("/_sandbox/orders", params={"platform": "taobao"})).json()
    finally:
        bot.stop()

    keys = [order["key"] for order in platform["orders"]]
    assert len(keys) == len(set(keys)), "a duplicate order on the platform"
    with sqlite3.connect(bot.db_path) as db:
        placed = {
            row[0]
            for row in db.execute(
                "SELECT seller_order_number FROM orders WHERE state = 'submitted'"
            )
        }
        open_states = db.execute(
            "SELECT count(*) FROM orders WHERE state IN ('unknown', 'submitting')"
        ).fetchone()[0]
    assert len(told) == MEMBERS * ORDERS_EACH
    assert set(keys) == placed, "the platform's orders and the bot's placed orders differ"
    assert open_states == 0
    created = {key for key, outcome in told.items() if outcome == "created"}
    assert created == set(keys), "a member was told something else than the platform has"
    assert bot.log_problems() == []
    print(  # the campaign's figures, for the closing note
        f"\nfault campaign: {len(told)} orders, {len(created)} created, "
        f"{len(told) - len(created)} not created, 0 duplicates, 0 lost"
    )
