"""The Bot API calls go through the proxy the environment names, looked up once per host."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.http_sessions import env_proxy
from bot.telegram_request import AiohttpRequest

ANSWER = json.dumps({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "B"}})
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def test_env_proxy_by_scheme_and_no_proxy(no_proxy_settings: pytest.MonkeyPatch):
    assert env_proxy("https://api.telegram.org/bot1:x/getMe") is None
    no_proxy_settings.setenv("HTTPS_PROXY", "http://user:secret@proxy.local:3128")
    no_proxy_settings.setenv("HTTP_PROXY", "http://plain.local:8080")
    assert env_proxy("https://api.telegram.org/getMe") == "http://user:secret@proxy.local:3128"
    assert env_proxy("http://api.telegram.org/getMe") == "http://plain.local:8080"
    no_proxy_settings.setenv("NO_PROXY", "localhost,.telegram.org")
    assert env_proxy("https://api.telegram.org/getMe") is None
    assert env_proxy("https://example.org/getMe") == "http://user:secret@proxy.local:3128"


async def test_calls_travel_through_the_environments_proxy(no_proxy_settings):
    seen: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while line := await reader.readline():
            if line in (b"\r\n", b"\n"):
                break
            seen.append(line.decode().strip())
        body = ANSWER.encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
        writer.write(head.encode() + b"\r\nConnection: close\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    no_proxy_settings.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    request = AiohttpRequest()
    await request.initialize()
    try:
        for _ in range(2):
            status, payload = await request.do_request(
                "http://telegram.invalid/bot1:x/getMe", "POST"
            )
            assert (status, json.loads(payload)["ok"]) == (200, True)
    finally:
        await request.shutdown()
        server.close()
        await server.wait_closed()
    # The proxy was asked for the absolute URL: telegram.invalid itself was never resolved.
    assert [line for line in seen if line.startswith("POST")] == [
        "POST http://telegram.invalid/bot1:x/getMe HTTP/1.1"
    ] * 2
