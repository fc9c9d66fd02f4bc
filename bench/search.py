"""Search → first results, in-process, against a product lookup by ID in the same run.

One buyer, both stand-ins answered through `httpx.ASGITransport` (no sockets). Each round the
buyer sends `/search taobao <words>` and waits for the results page (a photo grid the bot
composes from the products' photos, and the list as its caption), then opens a product by its
bare ID (the offer "Open on Taobao" is tapped: the card, with its photo, is what is timed).
Words and IDs differ every round, so nothing comes from the cache; the second figure is a page
the bot has shown before ("Previous" after "Next"), which must come from the cache. The bot
runs UNPACED: one buyer searching several times a second would otherwise wait for Telegram's
one-message-a-second pace in a private chat, which is not what is measured here.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.chat import OutboxCall, SimUser, drive, says, text_of, warm_up
from bench.report import Figure, percentile
from bench.world import UNPACED, running_orderbot, running_world
from sandbox.pandapon.catalog import Catalog
from sandbox.pandapon.seed_generated import CATEGORIES

NAME = "search"
BUYER = 60_001
WARM_UP_USER = 9_999


def _caption(call: OutboxCall) -> str:
    """A sent photo's caption, or an edited photo's (editMessageMedia)."""
    media = (call.get("params") or {}).get("media")
    if isinstance(media, str) and media.startswith("{"):
        media = json.loads(media)
    if isinstance(media, dict):
        return str(media.get("caption") or "")
    return text_of(call)


def _page(number: int):
    return lambda call: bool(call.get("ok")) and f"page {number}/" in _caption(call)


def rounds_of(count: int) -> list[tuple[str, str]]:
    """(words, a Taobao item id) per round, all different."""
    words = [c.zh for c in CATEGORIES] + [c.en for c in CATEGORIES]
    items = [p.item_id for p in Catalog().products("taobao") if p.status == "active"]
    return [(words[n % len(words)], items[(n * 7) % len(items)]) for n in range(count)]


async def measure(rounds: int) -> tuple[list[float], list[float], list[float]]:
    """(first results, a page shown before, product lookups): latencies in ms."""
    first: list[float] = []
    again: list[float] = []
    lookups: list[float] = []

    async def buyer(user: SimUser) -> None:
        for words, item_id in rounds_of(rounds):
            results = await user.say(f"/search taobao {words}", _page(1))
            first.append(user.latencies_ms[-1])
            if "page 1/1" not in _caption(results):  # a second page to go to and back from
                await user.tap("Next", _page(2))
                await user.tap("Previous", _page(1))
                again.append(user.latencies_ms[-1])
            await user.say(item_id, says("on which platform"))
            await user.tap("Open on Taobao", says("Tap an option"))
            lookups.append(user.latencies_ms[-1])

    async with running_world(inprocess=True) as world:
        with tempfile.TemporaryDirectory(prefix="orderbot-bench-") as tmp:
            db_path = Path(tmp) / "orderbot.db"
            async with running_orderbot(world, db_path, [BUYER, WARM_UP_USER], **UNPACED):
                await warm_up(world, WARM_UP_USER)
                await drive(world, [BUYER], buyer)
    return first, again, lookups


async def run(quick: bool = False) -> list[str]:
    first, again, lookups = await measure(rounds=3 if quick else 30)
    lookup_p50 = percentile(lookups, 0.5)
    context: dict[str, object] = {"searches": len(first)}
    return [
        Figure(f"{NAME}.first_results.p50_ms", context).versus(
            "bot", percentile(first, 0.5), "lookup", lookup_p50
        ),
        Figure(f"{NAME}.cached_page.p50_ms", {"pages": len(again)}).versus(
            "bot", percentile(again, 0.5), "lookup", lookup_p50
        ),
    ]
