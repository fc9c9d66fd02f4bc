"""`python -m bench.echo_bot TELEGRAM_STAND_IN_URL`: the benchmarks' baseline as a process of its
own — a bare python-telegram-bot application that answers each text with one sendMessage
(bench.world.build_echo_application), long-polling the stand-in. Writes `{"ready": true}` to
stdout once polling, and stops when its stdin closes (or on SIGTERM).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys

from bench.world import World, running_echo_bot


async def serve_until_stdin_closes(telegram_url: str) -> None:
    async with running_echo_bot(World(platform_url="", telegram_url=telegram_url)):
        sys.stdout.write(json.dumps({"ready": True}) + "\n")
        sys.stdout.flush()
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(serve_until_stdin_closes(sys.argv[1]))
