"""A Telegram stand-in on 127.0.0.1 and a /sim client for it, for the stand-in's own tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sandbox.telegram.client import TelegramSim
from sandbox.telegram.server import TelegramStandIn


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    standin = TelegramStandIn()
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
async def sim(standin: TelegramStandIn) -> AsyncIterator[TelegramSim]:
    async with TelegramSim(standin.sim_url) as sim:
        yield sim
