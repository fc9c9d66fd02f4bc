"""The demo's web chat: a small Telegram-like client for the stand-in's /sim API, in the browser.

Plain HTML, CSS and JavaScript modules in `static/`, shipped in the package and served by the
stand-in itself under /chat/ (no build step, nothing from a CDN). The page reads the chats and
follows what changes through /sim/chats, /sim/chat/{id} and the long-polled /sim/events, and acts
as the user you choose through /sim/message, /sim/callback, /sim/document and /sim/photo.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

PATH = "/chat/"


async def _to_chat(request) -> RedirectResponse:
    return RedirectResponse(PATH, status_code=307)


def webchat_routes() -> list[BaseRoute]:
    """/ and /chat lead to the page; /chat/ serves it and its files."""
    static = StaticFiles(packages=[("sandbox.telegram.webchat", "static")], html=True)
    return [
        Route("/", _to_chat, methods=["GET"]),
        Route(PATH.rstrip("/"), _to_chat, methods=["GET"]),
        Mount(PATH.rstrip("/"), app=static, name="webchat"),
    ]
