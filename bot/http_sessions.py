"""What the bot's aiohttp sessions (Bot API calls, platform calls) share: how long an idle
connection is kept, and the proxy the environment names for a host, looked up once (aiohttp's
own `trust_env` looks it up in a thread, reading `~/.netrc`, at every request)."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import aiohttp

# Servers close idle connections after a few seconds (uvicorn after 5, as httpx's own pool
# forgets them). A connection reused at that very moment fails without an answer, so idle ones
# are let go a second earlier than that.
IDLE_CONNECTION_SECONDS = 4.0


def connector(limit: int) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(limit=limit, keepalive_timeout=IDLE_CONNECTION_SECONDS)


def env_proxy(url: str) -> str | None:
    """The proxy the environment names for `url` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY;
    credentials may be part of its URL), or None to go direct."""
    parts = urlsplit(url)
    if not parts.hostname or urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")
