"""A spreadsheet of hundreds of orders end to end: the real bot (`python -m bot run`) and both
stand-ins, each in a process of its own, every platform call slowed by the same latency.

A member sends /bulk, then the XLSX (each row its own Taobao order); the bot checks every row
(one product lookup, one quote per order), shows the preview; the member confirms; the bot
submits in the background with its live progress message and sends the result sheet. Figures:
- `submit_s`: Confirm → the result sheet, against the ideal rows ÷ concurrency × latency;
- `check_s`: the file sent → the preview, against its ideal (one lookup round, then
  orders ÷ concurrency quote rounds);
- `peak_rss_mb`: the bot process's peak resident memory (VmHWM) by the end, against its peak
  once it had started.
Every row must come back "placed", or the figures would mean nothing.
"""

from __future__ import annotations

import asyncio
import io
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook, load_workbook

from bench.processes import orderbot_process
from bench.report import Figure
from bench.world import World, running_world
from bot.rate_limiter import SendLimits
from bot.sheet_files import TEMPLATE_HEADER
from sandbox.telegram.client import TelegramSim

NAME = "bulk_sheet"
BUYER = 1001
ITEM_ID, SKU_ID = "600126245031041190", "5016042822039"  # Taobao test product: 1 fen, ∞ stock
RECEIVER = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"
TIMEOUT_SECONDS = 300.0


def sheet(rows: int) -> bytes:
    book = Workbook()
    table = book.active
    table.append(TEMPLATE_HEADER)
    for n in range(rows):
        table.append(["taobao", ITEM_ID, SKU_ID, str(1 + n % 5), "", RECEIVER, f"BENCH{n:05d}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _wait(sim: TelegramSim, after: int, predicate) -> dict[str, Any]:
    return await sim.wait_for(BUYER, after=after, predicate=predicate, timeout=TIMEOUT_SECONDS)


def _text(call: dict[str, Any]) -> str:
    params = call.get("params") or {}
    return str(params.get("text") or params.get("caption") or "")


async def _run_sheet(world: World, rows: int) -> tuple[float, float]:
    sim = TelegramSim(
        world.telegram_url, timeout=TIMEOUT_SECONDS, transport=world.telegram_transport
    )
    try:
        cursor = (await sim.outbox(method="-"))["last"]
        await sim.send(BUYER, BUYER, "/bulk")
        await _wait(sim, cursor, lambda c: c.get("ok") and "Order from a spreadsheet" in _text(c))
        # A member takes longer than this to fill the sheet in. /bulk's three messages (two
        # templates and the explanation) then no longer hold the chat's window (Telegram's
        # per-chat limit), so `check_s` is the check's own time.
        await asyncio.sleep(SendLimits().private_window)
        cursor = (await sim.outbox(method="-"))["last"]
        started = time.perf_counter()
        await sim.send_document(BUYER, BUYER, "bench.xlsx", sheet(rows))
        preview = await _wait(sim, cursor, lambda c: c.get("ok") and "Preview" in _text(c))
        checked = time.perf_counter() - started
        label = f"Place {rows} order"  # "order" or "orders"
        data = TelegramSim.button_data(preview, label)
        cursor = (await sim.outbox(method="-"))["last"]
        confirmed = time.perf_counter()
        await sim.press(BUYER, preview["result"]["message_id"], BUYER, data)
        result = await _wait(sim, cursor, lambda c: c.get("ok") and c["method"] == "sendDocument")
        submitted = time.perf_counter() - confirmed
        content = await sim.file(result["result"]["document"]["file_id"])
        table = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        states = [row[-2] for row in table.iter_rows(min_row=2, values_only=True)]
        if states != ["placed"] * rows:
            raise AssertionError(f"not every row was placed: {sorted(set(states))}")
        return checked, submitted
    finally:
        await sim.aclose()


async def _add_latency(platform_url: str, latency_ms: int) -> None:
    async with httpx.AsyncClient(base_url=platform_url, timeout=10, trust_env=False) as control:
        fault = {"endpoint": "*", "kind": "latency", "latency_ms": latency_ms, "times": 0}
        (await control.post("/_sandbox/faults", json=fault)).raise_for_status()


async def measure(
    rows: int, concurrency: int, latency_ms: int
) -> tuple[float, float, float, float]:
    """(check seconds, submit seconds, the bot's peak RSS in MB once started, and by the end)."""
    async with running_world(inprocess=False) as world:
        await _add_latency(world.platform_url, latency_ms)
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            settings = {
                "ORDERBOT_BULK_CONCURRENCY": str(concurrency),
                "ORDERBOT_BULK_CHECK_RPS": "1000",
            }
            db_path = Path(tmp) / "orderbot.db"
            async with orderbot_process(world, db_path, [BUYER], **settings) as bot:
                idle_rss = bot.peak_rss_mb()
                checked, submitted = await _run_sheet(world, rows)
                return checked, submitted, idle_rss, bot.peak_rss_mb()


async def run(quick: bool = False) -> list[str]:
    rows, concurrency, latency_ms = (24, 4, 20) if quick else (500, 16, 50)
    checked, submitted, idle_rss, peak_rss = await measure(rows, concurrency, latency_ms)
    context = {"rows": rows, "concurrency": concurrency, "latency_ms": latency_ms}
    rounds = math.ceil(rows / concurrency)
    ideal_submit = rounds * latency_ms / 1000
    ideal_check = (1 + rounds) * latency_ms / 1000  # one lookup round, then the quotes
    return [
        Figure(f"{NAME}.submit_s", context).versus("bot", submitted, "ideal", ideal_submit),
        Figure(f"{NAME}.check_s", context).versus("bot", checked, "ideal", ideal_check),
        Figure(f"{NAME}.peak_rss_mb", {"rows": rows}).versus("bot", peak_rss, "idle", idle_rss),
    ]
