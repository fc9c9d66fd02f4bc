"""How the platform client's requests travel: aiohttp on the network, httpx where the in-process
test tier answers them with the sandbox's ASGI app (`httpx.ASGITransport`).

httpx spends about 0.7 ms of CPU on each request on its own, aiohttp about a tenth of that; a
bulk submission makes hundreds of calls and a member's step one or two. Both transports answer
(HTTP status, body) and sort failures the way a call that changes money needs them sorted:
`NotSent` when the request never reached the platform (nothing can have happened), `NoAnswer`
when it may have arrived and the answer was lost (timeouts, dropped connections).
"""

from __future__ import annotations

from typing import Any, Protocol

import aiohttp
import httpx


class NotSent(Exception):
    """The connection could not be made: the platform never saw the request."""


class NoAnswer(Exception):
    """The request may have reached the platform, but no answer came back."""


Query = dict[str, Any]
Headers = dict[str, str]


class PlatformTransport(Protocol):
    async def request(
        self, method: str, path: str, *, query: Query, content: bytes | None, headers: Headers
    ) -> tuple[int, bytes]: ...

    async def aclose(self) -> None: ...


def transport_for(
    base_url: str,
    *,
    timeout: float,
    headers: Headers,
    asgi: httpx.AsyncBaseTransport | None = None,
) -> PlatformTransport:
    """aiohttp, or httpx over `asgi` when the in-process tier hands in the sandbox's app."""
    base_url = base_url.rstrip("/")
    connect = min(timeout, 5.0)
    if asgi is None:
        return AiohttpTransport(base_url, timeout=timeout, connect=connect, headers=headers)
    return HttpxTransport(base_url, timeout=timeout, connect=connect, headers=headers, asgi=asgi)


def query_text(value: Any) -> str:
    """A query value as httpx writes it (aiohttp takes only str, int and float)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


class AiohttpTransport:
    def __init__(self, base_url: str, *, timeout: float, connect: float, headers: Headers):
        self._base_url = base_url
        self._headers = headers
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=connect)
        self._session: aiohttp.ClientSession | None = None

    def _opened(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop it was made in.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers, trust_env=True)
        return self._session

    async def request(
        self, method: str, path: str, *, query: Query, content: bytes | None, headers: Headers
    ) -> tuple[int, bytes]:
        params = {name: query_text(value) for name, value in query.items()}
        try:
            async with self._opened().request(
                method,
                self._base_url + path,
                params=params,
                data=content,
                headers=headers,
                timeout=self._timeout,
            ) as response:
                return response.status, await response.read()
        except aiohttp.ClientConnectorError as exc:
            raise NotSent(str(exc)) from exc
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise NoAnswer(repr(exc)) from exc

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class HttpxTransport:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        connect: float,
        headers: Headers,
        asgi: httpx.AsyncBaseTransport,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=connect),
            transport=asgi,
            headers=headers,
        )

    async def request(
        self, method: str, path: str, *, query: Query, content: bytes | None, headers: Headers
    ) -> tuple[int, bytes]:
        try:
            response = await self._http.request(
                method, path, params=query, content=content, headers=headers
            )
        except httpx.ConnectError as exc:
            raise NotSent(str(exc)) from exc
        except httpx.TransportError as exc:
            raise NoAnswer(repr(exc)) from exc
        return response.status_code, response.content

    async def aclose(self) -> None:
        await self._http.aclose()
