"""The stand-ins in processes of their own, so the bot under test keeps its CPU to itself.

`python -m bench.standins platform` serves the sandbox platform, `python -m bench.standins
telegram [--flood]` the Telegram stand-in, on 127.0.0.1 (any free port); each writes one JSON
line `{"url": …}` to stdout and stops when its stdin closes: the parent closing the pipe, or
dying, ends it. `--flood`: the stand-in enforces Telegram's flood control
(sandbox/telegram/flood.py). They are two processes, as Telegram and the platform are two
services: a platform busy with a thousand callbacks does not hold up Telegram's answers to the
bot. `standins_process()` is the parent's side.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from sandbox.telegram.flood import FloodLimits
from sandbox.telegram.server import TelegramStandIn

TOKEN = "123456:BENCH-TOKEN"
REPO_ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
SETTLE_EVERY_SECONDS = 5.0


def sandbox_config() -> SandboxConfig:
    # Orders wait for payment at once and move on only when told: nothing runs in the background.
    return SandboxConfig(build_seconds=0, ship_seconds=3600, receive_seconds=3600)


@dataclass(frozen=True)
class StandInUrls:
    platform_url: str
    telegram_url: str


@contextlib.asynccontextmanager
async def standins_process(*, flood: bool = False) -> AsyncIterator[StandInUrls]:
    """Start both stand-ins' processes, yield their URLs, and stop them."""
    async with (
        _standin_process("platform") as platform_url,
        _standin_process("telegram", *(["--flood"] if flood else [])) as telegram_url,
    ):
        yield StandInUrls(platform_url=platform_url, telegram_url=telegram_url)


@contextlib.asynccontextmanager
async def _standin_process(*args: str) -> AsyncIterator[str]:
    """Start `python -m bench.standins ARGS`, yield its URL, and stop it (killing it if it
    hangs)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.standins",
        *args,
        cwd=REPO_ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT_SECONDS)
        if not line:
            raise RuntimeError(f"the {args[0]} stand-in exited early (code {await process.wait()})")
        yield json.loads(line)["url"]
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


async def settle_heap_regularly(every: float = SETTLE_EVERY_SECONDS) -> None:
    """The stand-ins keep every message, call and file of a run: collect the young garbage and
    freeze what is left now and then, so that no full collection walks all of it (a pause of
    seconds, in the middle of someone's answer, by the end of a long run)."""
    while True:
        await asyncio.sleep(every)
        gc.collect()
        gc.freeze()


async def serve_until_stdin_closes(which: str, flood: bool) -> None:
    settling = asyncio.create_task(settle_heap_regularly())
    platform = standin = None
    try:
        if which == "platform":
            platform = await start_sandbox_platform(sandbox_config())
            url = platform.url
        else:
            standin = TelegramStandIn(token=TOKEN, flood=FloodLimits() if flood else None)
            await standin.start()
            url = standin.sim_url
        sys.stdout.write(json.dumps({"url": url}) + "\n")
        sys.stdout.flush()
        # A thread sits in read() until EOF; the event loop keeps serving meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    finally:
        settling.cancel()
        if standin is not None:
            await standin.stop()
        if platform is not None:
            await platform.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    arguments = sys.argv[1:]
    if not arguments or arguments[0] not in ("platform", "telegram"):
        sys.exit("usage: python -m bench.standins platform | telegram [--flood]")
    asyncio.run(serve_until_stdin_closes(arguments[0], flood="--flood" in arguments[1:]))
