"""Serve an ASGI app with uvicorn on 127.0.0.1 inside the running event loop (port 0 = any free).

The helper lives in `bot.serving` (the bot serves its own web side with it); this module keeps
the sandbox's import path.
"""

from __future__ import annotations

from bot.serving import RunningServer, serve_in_background

__all__ = ["RunningServer", "serve_in_background"]
