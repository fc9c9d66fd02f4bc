"""Both stand-ins in a process of their own, for the reliability suite (the bot is another
process, killed and restarted while they keep their state).

    python -m tests.reliability.standins [--time-scale N]

prints one JSON line {"platform": URL, "telegram": URL, "token": T} once both listen, and runs
until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys

from sandbox.pandapon.server import SandboxConfig, start_sandbox_platform
from sandbox.telegram.server import TelegramStandIn

TOKEN = "123456:RELIABILITY-TOKEN"


async def main(time_scale: float) -> None:
    # Orders wait for payment at once and move on only when told: the suite decides.
    config = SandboxConfig(build_seconds=0, ship_seconds=3600, receive_seconds=3600)
    config.time_scale = time_scale
    platform = await start_sandbox_platform(config)
    standin = TelegramStandIn(token=TOKEN)
    await standin.start()
    print(json.dumps({"platform": platform.url, "telegram": standin.sim_url, "token": TOKEN}))
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await standin.stop()
        await platform.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-scale", type=float, default=1.0)
    asyncio.run(main(parser.parse_args().time_scale))
