"""Hundreds of orders through `OrderService.submit`, a bounded number at a time, against the
sandbox platform (in a process of its own) over 127.0.0.1 with latency added to every create.

The baseline is the ideal wall time: ceil(n / concurrency) rounds of one create latency each.
The ratio (measured / ideal) shows what the bot adds: signing, storing each order before the
call and its outcome after, HTTP over loopback, and the sandbox's own work. Every outcome must
be "submitted", or the figure would mean nothing.
"""

from __future__ import annotations

import asyncio
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.report import Figure
from bench.world import running_world
from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.domain.draft import Draft, DraftLine
from bot.domain.receiver import build_receiver
from bot.marketplaces import marketplaces
from bot.pandapon.client import PandaPonClient
from bot.service import OrderService
from storage.db import open_database
from storage.orders import OrderRepository

NAME = "bulk_submit"
CREATE_ENDPOINT = "taobao.order.create"
# A sandbox test product with a million in stock at 1 fen, from a shop without postage.
ITEM_ID, SKU_ID, PRICE_FEN = "600126245031041190", "5016042822039", 1
BUYER = 1001
RECEIVER = build_receiver(
    name="张三",
    mobile="13812345678",
    state="浙江省",
    city="杭州市",
    district="余杭区",
    address="文一西路969号",
    zip="311121",
)


def draft(number: int) -> Draft:
    line = DraftLine(
        item_id=ITEM_ID, sku_id=SKU_ID, title="PandaPon 测试商品A", quantity=1, unit_price_fen=1
    )
    return Draft(
        platform="taobao",
        lines=[line],
        receiver=RECEIVER,
        postage_fen=0,
        seller_order_number=f"BULK{number:06d}",
    )


async def _add_latency(platform_url: str, latency_ms: int) -> None:
    async with httpx.AsyncClient(base_url=platform_url, timeout=10, trust_env=False) as control:
        fault = {"endpoint": CREATE_ENDPOINT, "kind": "latency", "latency_ms": latency_ms}
        response = await control.post("/_sandbox/faults", json={**fault, "times": 0})
        response.raise_for_status()


async def submit_all(service: OrderService, orders: int, concurrency: int) -> float:
    """Wall seconds to submit `orders` orders, at most `concurrency` at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def submit(number: int) -> str:
        async with gate:
            outcome = await service.submit(draft(number), chat_id=BUYER, requester_id=BUYER)
            return outcome.kind

    started = time.perf_counter()
    kinds = await asyncio.gather(*(submit(number) for number in range(orders)))
    wall = time.perf_counter() - started
    outcomes = Counter(kinds)
    if outcomes != {"submitted": orders}:
        raise AssertionError(f"not every order was submitted: {dict(outcomes)}")
    return wall


async def measure(orders: int, concurrency: int, latency_ms: int) -> float:
    async with running_world(inprocess=False) as world:
        await _add_latency(world.platform_url, latency_ms)
        client = PandaPonClient(
            base_url=world.platform_url,
            access_key=SANDBOX_ACCESS_KEY,
            secret=SANDBOX_ACCESS_SECRET,
            user_id=SANDBOX_USER_ID,
        )
        try:
            with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
                db = open_database(Path(tmp) / "orderbot.db")
                try:
                    return await submit_all(
                        OrderService(marketplaces(client), OrderRepository(db)), orders, concurrency
                    )
                finally:
                    db.close()
        finally:
            await client.aclose()


def ideal_seconds(orders: int, concurrency: int, latency_ms: int) -> float:
    return math.ceil(orders / concurrency) * latency_ms / 1000


async def run(quick: bool = False) -> list[str]:
    orders, concurrency, latency_ms = (16, 4, 20) if quick else (200, 16, 50)
    wall = await measure(orders, concurrency, latency_ms)
    context = {"n": orders, "concurrency": concurrency, "latency_ms": latency_ms}
    ideal = ideal_seconds(orders, concurrency, latency_ms)
    return [Figure(f"{NAME}.wall_s", context).versus("bot", wall, "ideal", ideal)]
