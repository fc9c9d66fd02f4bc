"""Serve an ASGI app with uvicorn inside the running event loop (port 0 = any free port).

The bot's web side (callbacks, webhook, /healthz) and the sandboxes share this helper, so the
bot, a stand-in and the tests can all live in one loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import uvicorn

# How long a stop waits for requests in flight (and their background tasks) to finish.
GRACEFUL_SHUTDOWN_SECONDS = 5.0


class _LoopServer(uvicorn.Server):
    """uvicorn without its own signal handling: whoever owns the loop (the CLI) owns the signals.
    uvicorn would otherwise replace the CLI's handlers and re-raise the signal when it stops."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class RunningServer:
    server: uvicorn.Server
    task: asyncio.Task[None]
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, timeout=GRACEFUL_SHUTDOWN_SECONDS + 5)


def _listening_socket(host: str, port: int) -> socket.socket:
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    # IPPROTO_TCP explicitly: otherwise asyncio never sets TCP_NODELAY and each answer waits
    # ~40 ms for Nagle's algorithm.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


async def serve_in_background(app, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Start uvicorn for `app` and return once it accepts connections."""
    sock = _listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        access_log=False,
        timeout_graceful_shutdown=int(GRACEFUL_SHUTDOWN_SECONDS),
    )
    server = _LoopServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            sock.close()
            task.result()  # re-raise the start-up failure
            raise RuntimeError(f"the web server on {host}:{bound_port} stopped while starting")
        await asyncio.sleep(0.01)
    return RunningServer(server, task, host, bound_port)
