"""`orderbot demo` as a real process, the way a person starts it: its banner read for the URLs,
its terminal console typed into (stdin) and read (stdout)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("ORDERBOT_", "PANDAPON_", "TELEGRAM_"))
}
BANNER_END = "Products to paste"
_URLS = re.compile(
    r"Web chat: (?P<webchat>\S+)\n.*sandbox platform (?P<platform>\S+), "
    r"Telegram stand-in (?P<standin>\S+)"
)
_BUTTON = re.compile(r"\[(\d+\.\d+)\] ([^\[\n]*?)(?=\s{3}\[|\n|$)")


class DemoProcess:
    """One demo; `output` is everything it printed so far."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""
        self.mark = 0  # where the output stood at the latest line typed
        self.urls: dict[str, str] = {}

    @classmethod
    async def start(cls, tmp_path: Path, *args: str) -> DemoProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "demo",
            "--port",
            "0",
            "--db",
            str(tmp_path / "demo.db"),
            *args,
            cwd=tmp_path,
            env={**CLEAN_ENV, "ORDERBOT_DB": str(tmp_path / "unused.db")},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        demo = cls(process)
        await demo.until(BANNER_END, timeout=30)
        match = _URLS.search(demo.output)
        assert match, demo.output
        demo.urls = match.groupdict()
        return demo

    async def until(self, expected: str, timeout: float = 20) -> str:
        """Wait for `expected` after the latest line typed; the output from there to it."""
        assert self.process.stdout is not None
        while expected not in self.output[self.mark :]:
            try:
                chunk = await asyncio.wait_for(self.process.stdout.read(4096), timeout=timeout)
            except TimeoutError:
                raise AssertionError(
                    f"no {expected!r} within {timeout}s; the demo printed:\n{self.tail()}"
                ) from None
            assert chunk, f"the demo ended before {expected!r}:\n{self.tail()}"
            self.output += chunk.decode()
        end = self.output.index(expected, self.mark) + len(expected)
        return self.output[self.mark : end]

    def tail(self, characters: int = 3000) -> str:
        return self.output[-characters:]

    async def type(self, line: str, expected: str | None = None) -> str:
        assert self.process.stdin is not None
        self.mark = len(self.output)
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        return await self.until(expected) if expected else ""

    def button(self, label: str) -> str:
        """`M.N` of the newest button whose label contains `label` (a panel edited in place
        shows its buttons again; the newest showing is the one that stands)."""
        found = [number for number, text in _BUTTON.findall(self.output) if label in text]
        assert found, f"no button like {label!r} shown; the demo printed:\n{self.tail()}"
        return found[-1]

    async def press(self, label: str, expected: str) -> str:
        return await self.type(f":{self.button(label)}", expected)

    async def close(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()

    def message_number(self, text: str) -> int:
        """The number (#N) of the newest bot message that says `text`."""
        numbers = re.findall(r"🤖 #(\d+) [^\n]*(?:\n(?!🤖)[^\n]*)*?" + re.escape(text), self.output)
        assert numbers, f"no bot message saying {text!r}:\n{self.tail()}"
        return int(numbers[-1])

    async def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit status and the rest of the output."""
        if self.process.returncode is None:
            self.process.send_signal(2)
        rest, _ = await asyncio.wait_for(self.process.communicate(), timeout=30)
        self.output += rest.decode()
        assert self.process.returncode is not None
        return self.process.returncode, self.output
