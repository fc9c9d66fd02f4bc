"""`orderbot` commands run as real processes, the way an operator starts them."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("ORDERBOT_", "PANDAPON_", "TELEGRAM_", "LOG_LEVEL"))
}


def command_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """No settings from the outside world: a database in tmp_path plus `values`."""
    return {**CLEAN_ENV, "ORDERBOT_DB": str(tmp_path / "bot.db"), **values}


class Command:
    """One running `python -m bot …`, its output read as it comes (stdout and stderr merged)."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""

    @classmethod
    async def start(
        cls, *args: str, cwd: Path, env: dict[str, str], stdin: bool = False
    ) -> Command:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=cwd,
            env=env,
            stdin=asyncio.subprocess.PIPE if stdin else None,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        return cls(process)

    async def until(self, expected: str, timeout: float = 20) -> str:
        """Read until `expected` appears after what was read so far; the new output."""
        start = len(self.output)
        while expected not in self.output[start:]:
            chunk = await asyncio.wait_for(self.process.stdout.read(4096), timeout=timeout)
            assert chunk, f"the command ended before {expected!r}:\n{self.output[-3000:]}"
            self.output += chunk.decode()
        return self.output[start:]

    async def type(self, line: str) -> None:
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()

    async def finish(self, timeout: float = 30) -> int:
        """Wait for the end (no signal); the exit code."""
        rest, _ = await asyncio.wait_for(self.process.communicate(), timeout=timeout)
        self.output += rest.decode()
        return self.process.returncode

    async def stop(self, timeout: float = 30) -> int:
        """Ctrl-C, then the rest of the output; the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return await self.finish(timeout)
        finally:
            if self.process.returncode is None:
                self.process.kill()


async def run_to_end(*args: str, cwd: Path, env: dict[str, str], timeout: float = 30) -> Command:
    command = await Command.start(*args, cwd=cwd, env=env)
    await command.finish(timeout)
    return command


def env_lines(text: str) -> dict[str, str]:
    """The `KEY=VALUE` lines of a printout (comments and prose ignored)."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.isupper() and key.replace("_", "").isalnum():
            values[key] = value
    return values
