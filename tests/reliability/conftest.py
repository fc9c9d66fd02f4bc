"""Fixtures of the reliability suite: the stand-ins and the bot as real processes."""

from __future__ import annotations

import httpx
import pytest

from tests.reliability.processes import CALLBACK_PATH, StandIns


@pytest.fixture
def standins(tmp_path):
    processes = StandIns(tmp_path / "standins.log")
    processes.start()
    try:
        yield processes
    finally:
        processes.stop()


@pytest.fixture
async def control(standins):
    async with httpx.AsyncClient(base_url=standins.platform_url, trust_env=False) as client:
        yield client


async def point_callbacks_at(control: httpx.AsyncClient, bot_url: str) -> None:
    answer = await control.put("/_sandbox/callback-url", json={"url": bot_url + CALLBACK_PATH})
    answer.raise_for_status()
