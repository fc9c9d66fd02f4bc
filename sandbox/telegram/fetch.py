"""Fetching a file a bot names by URL (sendPhoto with an http URL), as Telegram does — but only
from this machine: the stand-in never reaches beyond 127.0.0.1. A URL elsewhere is not fetched;
the message then carries the photo's sizes without their bytes."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import httpx

from sandbox.telegram.errors import bad_request

MAX_URL_PHOTO_BYTES = 5 * 1024 * 1024  # Telegram's limit for a photo sent by URL
FETCH_TIMEOUT_SECONDS = 5.0
URL_CONTENT_FAILED = "failed to get HTTP URL content"
WRONG_CONTENT_TYPE = "wrong type of the web page content"
_LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and is_loopback(parts.hostname or "")


class UrlFetcher:
    """One HTTP client for the stand-in's lifetime, opened at the first fetch."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    async def fetch_image(self, url: str) -> bytes:
        """The bytes of an image at a loopback URL; Telegram's 400s when that fails."""
        if self._client is None:
            timeout = httpx.Timeout(FETCH_TIMEOUT_SECONDS)
            self._client = httpx.AsyncClient(timeout=timeout, trust_env=False)
        try:
            response = await self._client.get(url, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise bad_request(URL_CONTENT_FAILED) from exc
        if response.status_code != 200 or len(response.content) > MAX_URL_PHOTO_BYTES:
            raise bad_request(URL_CONTENT_FAILED)
        if not response.headers.get("content-type", "").lower().startswith("image/"):
            raise bad_request(WRONG_CONTENT_TYPE)
        return response.content

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()
