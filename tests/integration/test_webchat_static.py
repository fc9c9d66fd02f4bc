"""The web chat is served by the stand-in from files shipped in the package: the page, its
modules and styles, nothing from elsewhere (no CDN, no build step)."""

from __future__ import annotations

import re
from importlib import resources

import httpx

from sandbox.telegram.server import TelegramStandIn

STATIC = resources.files("sandbox.telegram.webchat") / "static"
_IMPORT = re.compile(r"""from\s+["'](\.[^"']+)["']""")
_EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//"""
)


async def test_the_page_and_every_file_it_loads_are_served():
    standin = TelegramStandIn()
    transport = httpx.ASGITransport(app=standin.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://standin") as client:
        for path in ("/", "/chat"):
            response = await client.get(path)
            assert (response.status_code, response.headers["location"]) == (307, "/chat/")
        page = await client.get("/chat/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert '<script type="module" src="app.js">' in page.text
        wanted = {"app.js", "webchat.css"}
        loaded: set[str] = set()
        while wanted - loaded:
            name = (wanted - loaded).pop()
            response = await client.get(f"/chat/{name}")
            assert response.status_code == 200, name
            loaded.add(name)
            wanted |= {match.removeprefix("./") for match in _IMPORT.findall(response.text)}
        assert loaded == {item.name for item in STATIC.iterdir() if item.name != "index.html"}
        assert (await client.get("/chat/missing.js")).status_code == 404


def test_nothing_is_fetched_from_another_host():
    for item in STATIC.iterdir():
        assert not _EXTERNAL.search(item.read_text(encoding="utf-8")), item.name
