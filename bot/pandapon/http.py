"""How a platform call travels: one request and its whole answer, or why there is none.

On the network the calls go over aiohttp (`AiohttpExchange`): httpx spends about 1.5 ms of the
bot's CPU on each request, aiohttp about 0.3 ms, and a spreadsheet of orders makes hundreds of
calls. The in-process test tier answers calls with the sandbox's ASGI app through an httpx
transport, so there `HttpxExchange` is used. Both tell the client the one thing it must know
about a failure: whether the request can have reached the platform (`NoAnswer`: it may have
been carried out) or surely did not (`NotReached`: nothing happened).
"""

from __future__ import annotations

from typing import Protocol

import aiohttp
import httpx

from bot.http_sessions import connector, env_proxy

MAX_CONNECTIONS = 100
MAX_CONNECT_SECONDS = 5.0  # connecting gives up after this, however long an answer may take
_JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


class NotReached(Exception):
    """The request never got to the platform (no connection could be made)."""


class NoAnswer(Exception):
    """No whole answer came (a timeout, a dropped connection): the platform may have acted."""


class Exchange(Protocol):
    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None, headers: dict
    ) -> tuple[int, bytes]:
        """(HTTP status, body) of the answer; raises NotReached or NoAnswer."""
        ...

    async def aclose(self) -> None: ...


def query_text(value: object) -> str:
    """A query value as httpx writes it, so that what is signed is what is sent."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


class HttpxExchange:
    def __init__(self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, MAX_CONNECT_SECONDS)),
            transport=transport,
            headers=_JSON_HEADERS,
        )

    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None, headers: dict
    ) -> tuple[int, bytes]:
        try:
            response = await self._http.request(
                method, path, params=query, content=body, headers=headers
            )
        except httpx.ConnectError as exc:
            raise NotReached(str(exc)) from exc
        except httpx.TransportError as exc:
            raise NoAnswer(repr(exc)) from exc
        return response.status_code, response.content

    async def aclose(self) -> None:
        await self._http.aclose()


class AiohttpExchange:
    """One `aiohttp.ClientSession`, opened at the first call (it belongs to the running event
    loop); a read that stalls for `timeout` seconds, or a connection not made within five, ends
    the call, and no call lasts longer than three times `timeout` in all."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self._base_url = base_url
        self._timeout = aiohttp.ClientTimeout(
            total=3 * timeout,
            connect=timeout,
            sock_connect=min(timeout, MAX_CONNECT_SECONDS),
            sock_read=timeout,
        )
        self._proxy = env_proxy(base_url)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=connector(MAX_CONNECTIONS),
                headers=_JSON_HEADERS,
                timeout=self._timeout,
                trust_env=False,  # the proxy was looked up once (bot/http_sessions.py)
            )
        return self._session

    async def send(
        self, method: str, path: str, query: dict[str, str], body: bytes | None, headers: dict
    ) -> tuple[int, bytes]:
        session = self._open()
        try:
            async with session.request(
                method,
                self._base_url + path,
                params=list(query.items()),
                data=body,
                headers=headers,
                proxy=self._proxy,
            ) as response:
                return response.status, await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise NotReached(str(exc)) from exc  # no connection: nothing was sent
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise NoAnswer(repr(exc)) from exc

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
