"""Where the demo console's lines come from: a terminal (line editing, history, pasted blocks
kept whole by bracketed paste, the bot's output printed above the prompt) or a pipe or file.

Neither reads in a thread, so Ctrl-C and :quit stop the demo at once: a blocked `readline()` in a
thread would hold the process until Enter.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import Protocol


class LineSource(Protocol):
    async def read(self) -> str | None:
        """The next input, which may hold several lines (a pasted block); None at the end."""


class PipeLines:
    """Lines from a pipe, a file or any stream that is not a terminal."""

    def __init__(self, stream=None) -> None:
        self._stream = stream or sys.stdin
        self._reader: asyncio.StreamReader | None = None
        self._file_lines: Iterator[str] | None = None

    async def _open(self) -> None:
        fd = self._stream.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):  # a file never blocks; the loop cannot poll it
            self._file_lines = iter(self._stream.readline, "")
            return
        loop = asyncio.get_running_loop()
        self._reader = asyncio.StreamReader()
        protocol = asyncio.StreamReaderProtocol(self._reader)
        await loop.connect_read_pipe(lambda: protocol, self._stream)

    async def read(self) -> str | None:
        if self._reader is None and self._file_lines is None:
            await self._open()
        if self._file_lines is not None:
            return next(self._file_lines, None)
        assert self._reader is not None
        raw = await self._reader.readline()
        return raw.decode("utf-8", "replace") if raw else None


class TerminalLines:
    """prompt_toolkit's prompt: a pasted block (bracketed paste) arrives as one input; Ctrl-C
    and Ctrl-D end the console."""

    def __init__(self, prompt: Callable[[], str]) -> None:
        from prompt_toolkit import PromptSession

        self._session: PromptSession[str] = PromptSession()
        self._prompt = prompt

    async def read(self) -> str | None:
        try:
            # the CLI owns SIGINT (a stop event); Ctrl-C typed at the prompt ends it too
            return await self._session.prompt_async(self._prompt(), handle_sigint=False)
        except (EOFError, KeyboardInterrupt):
            return None


@contextlib.contextmanager
def console_output(terminal: bool) -> Iterator[None]:
    """In a terminal, what the bot prints goes above the line being typed, not into it."""
    if not terminal:
        yield
        return
    from prompt_toolkit.patch_stdout import patch_stdout

    with patch_stdout(raw=True):
        yield


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
