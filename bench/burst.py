"""A member who is waiting while the bot sends a burst: the open load of bench/open_load.py,
and in the middle of it 1,000 status notifications to other chats at once (the platform calls
back for 1,000 paid orders), against the same load without the burst, in one run.

The quiet phase and the burst phase each start 200 fresh chats on the same schedule, so the
window the burst falls in holds the same steps of the order in both; what differs is only the
burst. Figures: interactive p50/p99 of the actions made while the burst was being sent, against
the same window of the quiet phase; how fast the burst went out (notifications, and every
message the bot sent meanwhile, against Telegram's 30 a second); the 429s the strict stand-in
returned. The followers' orders are real: placed on the sandbox platform through the bot's own
OrderService (its database) before the bot starts, and advanced there during the run.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.bulk_submit import draft
from bench.chat import Replies
from bench.open_load import Measured, flood_refusals, loaded
from bench.open_loop import OpenLoop, following, order_script
from bench.processes import CALLBACK_PATH, RunningProcess, orderbot_process
from bench.report import Figure, percentile
from bench.world import World, running_world
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.marketplaces import marketplaces
from bot.pandapon.client import PandaPonClient
from bot.service import OrderService
from sandbox.telegram.client import TelegramSim
from storage.db import open_database
from storage.orders import OrderRepository

NAME = "burst"
FIRST_QUIET_BUYER = 130_001
FIRST_BUSY_BUYER = 140_001
FIRST_FOLLOWER = 150_001
WARM_UP_USER = 9_999
SEED_CONCURRENCY = 16
PAID = "WAIT_SELLER_SEND_GOODS"
TELEGRAM_PER_SECOND = 30


@dataclass
class Burst:
    started: float  # time.time() the first callback was set off
    ended: float  # the stand-in's time of the last notification
    notifications: int
    messages: int  # every message the bot sent to any chat meanwhile

    @property
    def seconds(self) -> float:
        return self.ended - self.started


async def seed_orders(world: World, db_path: Path, followers: list[int]) -> list[str]:
    """One submitted order per follower, in the bot's database and on the platform."""
    client = PandaPonClient(
        base_url=world.platform_url,
        access_key=SANDBOX_ACCESS_KEY,
        secret=SANDBOX_ACCESS_SECRET,
        user_id=SANDBOX_USER_ID,
    )
    db = open_database(db_path)
    service = OrderService(marketplaces(client), OrderRepository(db))
    gate = asyncio.Semaphore(SEED_CONCURRENCY)

    async def one(follower: int) -> str:
        order = draft(follower)
        async with gate:
            outcome = await service.submit(order, chat_id=follower, requester_id=follower)
        if outcome.kind != "submitted":
            raise AssertionError(f"seeding order for {follower}: {outcome.kind}")
        return order.seller_order_number

    try:
        return list(await asyncio.gather(*(one(follower) for follower in followers)))
    finally:
        db.close()
        await client.aclose()


async def pay_all(world: World, numbers: list[str]) -> None:
    """The platform marks every order paid, and calls the bot back for each: one control call,
    so that setting the burst off costs this process next to nothing (a thousand calls of its
    own took seconds of a core from the bot and the stand-ins, in the very seconds measured)."""
    async with httpx.AsyncClient(base_url=world.platform_url, trust_env=False) as control:
        answer = await control.post(
            "/_sandbox/orders/advance", json={"orders": numbers, "to": PAID}, timeout=60
        )
        answer.raise_for_status()


def _sent_ok(call: dict) -> bool:
    method = call["method"]
    return bool(call.get("ok")) and method.startswith("send") and method != "sendChatAction"


async def watch_burst(replies: Replies, followers: list[int], started: float) -> Burst:
    """Until every follower has been told: when the last was, and what went out meanwhile."""
    while True:
        told = [c for c in replies.calls(followers) if _sent_ok(c)]
        if len({c["chat_id"] for c in told}) >= len(followers):
            break
        await asyncio.sleep(0.1)
    ended = max(c["time"] for c in told)
    messages = sum(1 for c in replies.calls() if _sent_ok(c) and started <= c["time"] <= ended)
    return Burst(started, ended, len(told), messages)


async def busy_phase(
    world: World, pool: list[int], rate: float, seconds: float, burst_at: float, orders: list[str]
) -> tuple[Measured, Burst, float]:
    """The open load with the burst set off `burst_at` seconds in; returns the load, the burst
    and when the load started. The load stops once the burst is out."""
    done = asyncio.Event()
    async with following(world) as (replies, actions):
        load = OpenLoop(replies, actions, order_script("B"), pool, rate, seconds, until=done)
        started = time.time()
        running = asyncio.create_task(load.run())
        await asyncio.sleep(burst_at)
        burst_started = time.time()
        await pay_all(world, orders)
        followers = list(range(FIRST_FOLLOWER, FIRST_FOLLOWER + len(orders)))
        burst = await watch_burst(replies, followers, burst_started)
        done.set()
        run = await running
    return Measured(run, 0.0, await flood_refusals(world)), burst, started


async def measure(chats: int, rate: float, notifications: int, burst_at: float):
    quiet_pool = list(range(FIRST_QUIET_BUYER, FIRST_QUIET_BUYER + chats))
    busy_pool = list(range(FIRST_BUSY_BUYER, FIRST_BUSY_BUYER + chats))
    followers = list(range(FIRST_FOLLOWER, FIRST_FOLLOWER + notifications))
    # Long enough for a burst sent at about half Telegram's limit; the busy phase ends with it.
    seconds = burst_at + notifications / (TELEGRAM_PER_SECOND / 2) + 5
    async with running_world(inprocess=False, flood=True) as world:
        async with TelegramSim(world.telegram_url) as sim:
            await sim.add_users(followers, first_name="Follower", language_code="en")
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            db_path = Path(tmp) / "orderbot.db"
            orders = await seed_orders(world, db_path, followers)
            allowed = [*quiet_pool, *busy_pool, WARM_UP_USER]
            async with orderbot_process(world, db_path, allowed) as bot:
                await _point_callbacks_at(world, bot)
                script = order_script("Q")
                async with loaded(world, bot, script, quiet_pool, rate, seconds=seconds) as side:
                    quiet_started = time.time()
                    await side.stretch()
                    quiet = await side.measured()
                await flood_refusals(world, reset=True)
                busy, burst, busy_started = await busy_phase(
                    world, busy_pool, rate, seconds, burst_at, orders
                )
    return quiet, quiet_started, busy, burst, busy_started


async def _point_callbacks_at(world: World, bot: RunningProcess) -> None:
    async with httpx.AsyncClient(base_url=world.platform_url, trust_env=False) as control:
        answer = await control.put("/_sandbox/callback-url", json={"url": bot.url + CALLBACK_PATH})
        answer.raise_for_status()


def sizes(quick: bool) -> tuple[int, float, int, float]:
    """(chats, updates a second, notifications, seconds into the load the burst starts)."""
    return (12, 4.0, 40, 2.0) if quick else (200, 25.0, 1000, 10.0)


async def run(quick: bool = False) -> list[str]:
    chats, rate, notifications, burst_at = sizes(quick)
    quiet, quiet_started, busy, burst, busy_started = await measure(
        chats, rate, notifications, burst_at
    )
    # the same stretch of each phase: from the burst's start to its end
    window = (burst.started - busy_started, burst.ended - busy_started)
    during = busy.load.latencies(busy_started + window[0], busy_started + window[1])
    before = quiet.load.latencies(quiet_started + window[0], quiet_started + window[1])
    context: dict[str, object] = {"chats": chats, "notifications": notifications}
    p50 = Figure(f"{NAME}.p50_ms", {**context, "updates": len(during)})
    p99 = Figure(f"{NAME}.p99_ms", {**context, "updates": len(during)})
    return [
        p50.versus("burst", percentile(during, 0.5), "open_load", percentile(before, 0.5)),
        p99.versus("burst", percentile(during, 0.99), "open_load", percentile(before, 0.99)),
        Figure(f"{NAME}.notify_per_s", context).versus(
            "bot", burst.notifications / burst.seconds, "limit", TELEGRAM_PER_SECOND
        ),
        Figure(f"{NAME}.sent_per_s", context).versus(
            "bot", burst.messages / burst.seconds, "limit", TELEGRAM_PER_SECOND
        ),
        Figure(f"{NAME}.duration_s", context).versus(
            "bot", burst.seconds, "ideal", notifications / TELEGRAM_PER_SECOND
        ),
        Figure(f"{NAME}.http_429", context).counts(
            quiet=quiet.too_many_requests, burst=busy.too_many_requests
        ),
    ]
