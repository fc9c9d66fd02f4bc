"""Long polling: the kinds of update the bot asks for, which Telegram keeps between calls."""

from __future__ import annotations

import httpx

from tests.e2e.harness import BUYER, TOKEN


async def test_the_bot_asks_for_its_update_kinds_again_after_another_poller_narrowed_them(stack):
    """The poller names the kinds it wants only until a getUpdates succeeds (Telegram keeps
    them). A script polling with the bot's token for messages alone cuts the bot's poll short
    (409) and narrows the kinds; the bot asks for its own again, so a button press (a callback
    query, not a message) still reaches it."""
    await stack.start_bot()
    buyer = stack.user(BUYER)
    await buyer.says("/neworder", "Which platform?")
    async with httpx.AsyncClient(
        base_url=f"{stack.telegram_url}/bot{TOKEN}",
        transport=stack.telegram_transport,
        trust_env=False,
        timeout=5,
    ) as api:
        narrowed = await api.post("/getUpdates", json={"allowed_updates": ["message"]})
    assert narrowed.json()["ok"]
    await buyer.taps("Taobao", "Paste a")
