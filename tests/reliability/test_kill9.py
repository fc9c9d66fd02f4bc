"""`kill -9` at random moments of every flow: private orders (typed and generated order numbers)
and a group order waiting for its approver, while the bot is killed and started again 20+ times
on the same database. Every member's every input gets its answer in the end (nothing lost), each
conversation goes on from the step the member last saw, and every order exists exactly once.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.reliability.conftest import point_callbacks_at
from tests.reliability.processes import BotProcess, Patron, to_preview

pytestmark = pytest.mark.reliability

KILLS = 20
BUYERS = [80_001 + n for n in range(5)]
ORDERS_EACH = 2  # at least; members go on ordering until the last kill
GROUP = -500
REQUESTER, APPROVER = 80_101, 80_102
PLACED = ("Order placed", "<b>was created</b>")  # at once, or settled after a cut-off call
CHECKING = ("has not answered yet", "was restarted while")


async def _private_order(patron: Patron, seller_no: str | None) -> bool:
    """One whole order; False when the platform, checked, never got it (a kill cut the call
    off before it left): the member then orders again."""
    await to_preview(patron, seller_no, source="Lazada")
    said = await patron.taps("Confirm", *PLACED, *CHECKING, "Submitting")
    if any(p in said["params"]["text"] for p in PLACED):
        return True
    settled = await patron.expect("Order placed", "Checked with the platform", timeout=90)
    return "was not created" not in settled["params"]["text"]  # then the member orders again


async def _group_order(requester: Patron, approver: Patron, seller_no: str) -> None:
    """Drafted in the group, approved there; again if a kill cut the approved call off before
    it reached the platform (the card then says no order was created)."""
    while not await _group_attempt(requester, approver, seller_no):
        pass


async def _group_attempt(requester: Patron, approver: Patron, seller_no: str) -> bool:
    await to_preview(requester, seller_no)
    await requester.taps("Confirm", "Approval request")  # the preview becomes the card
    said = await approver.taps("Approve", "Order placed", *CHECKING, "Submitting")
    if "Order placed" in said["params"]["text"]:
        return True
    settled = await approver.expect("Order placed", "no order was created", timeout=90)
    return "Order placed" in settled["params"]["text"]


async def test_kill_9_anywhere_resumes_every_conversation_and_loses_nothing(
    standins, control, tmp_path
):
    bot = BotProcess(
        standins,
        tmp_path,
        [*BUYERS, REQUESTER, APPROVER],
        ORDERBOT_ALLOWED_CHATS=str(GROUP),
        ORDERBOT_APPROVERS=str(APPROVER),
        # PTB's own flush almost never runs: the steps must be safe without it
        ORDERBOT_PERSISTENCE_INTERVAL="3600",
        ORDERBOT_RECONCILE_WINDOW="30",
    )
    await bot.start()
    await point_callbacks_at(control, bot.url)
    rng = random.Random(20261201)

    placed = {user_id: 0 for user_id in BUYERS}
    kills_done = asyncio.Event()

    async def buyer(user_id: int) -> None:
        """Orders on and on while the bot is being killed (at least ORDERS_EACH)."""
        patron = Patron(standins.telegram_url, user_id)
        try:
            while placed[user_id] < ORDERS_EACH or not kills_done.is_set():
                n = placed[user_id]
                if await _private_order(patron, f"K{user_id}-{n}" if n % 2 == 0 else None):
                    placed[user_id] += 1
        finally:
            await patron.close()

    async def team() -> None:
        requester = Patron(standins.telegram_url, REQUESTER, GROUP)
        approver = Patron(standins.telegram_url, APPROVER, GROUP)
        try:
            await _group_order(requester, approver, "K-GROUP-1")
        finally:
            await requester.close()
            await approver.close()

    kills = 0

    async def killer() -> None:
        """KILLS kills while the members are at it; then the bot is left to let them finish."""
        nonlocal kills
        while kills < KILLS:
            await asyncio.sleep(rng.uniform(0.3, 2.5))
            bot.kill()
            kills += 1
            await asyncio.sleep(rng.uniform(0.0, 0.5))  # input piles up while it is down
            await bot.start()
        kills_done.set()

    killing = asyncio.create_task(killer())
    try:
        await asyncio.gather(*(buyer(user_id) for user_id in BUYERS), team())
        await killing
        platform = (await control.get("/_sandbox/orders", params={"platform": "taobao"})).json()
    finally:
        killing.cancel()
        bot.stop()

    keys = [order["key"] for order in platform["orders"]]
    assert len(keys) == len(set(keys)) == sum(placed.values()) + 1  # each once, none lost
    typed = {f"K{user_id}-{n}" for user_id, count in placed.items() for n in range(0, count, 2)}
    assert typed | {"K-GROUP-1"} <= set(keys)
    assert kills >= KILLS
    assert bot.log_problems() == []
    log = bot.log_path.read_text(errors="replace")
    print(  # the figures, for the closing note
        f"\nkill -9: {kills} kills, {bot.starts} starts, {len(keys)} orders, each once; "
        f"{log.count('showing its step again')} replayed update(s) re-showed their step, "
        f"{log.count('applied and answered before')} were answered already, "
        f"{log.count('cut off by a stop')} start(s) settled calls cut off mid-way"
    )
