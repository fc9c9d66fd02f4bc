"""How the bot's Bot API calls travel: JSON bodies, over aiohttp on the network.

PTB's `HTTPXRequest` sends every call as an urlencoded form, each object field JSON-encoded
inside it; urlencoding a panel's text (Chinese, HTML) and its keyboard costs the bot about a
tenth of a millisecond per call, and decoding it costs Telegram more. The Bot API takes
`application/json` bodies as well ("Making requests" in its docs), so a call without files is
sent as one JSON object; uploads go as multipart forms, as PTB sends them.

On the network the calls go through aiohttp (`AiohttpRequest`): httpx spends about 0.7 ms of
CPU on each request on its own (building and checking the request and response objects, its
connection pool), aiohttp about a tenth of that, and every update costs the bot two or three
calls. The session does not read proxies from the environment at each call (aiohttp's
`trust_env` sends every request through a thread twice, reading `~/.netrc` each time); the
proxy for a host is looked up once (bot/http_sessions.py). The in-process test tier answers calls
with the stand-in's ASGI app through `httpx.ASGITransport`, so there `JsonHTTPXRequest` (the
same bodies over httpx) is used.
"""

from __future__ import annotations

import json

import aiohttp
import httpx
from telegram._utils.defaultvalue import DefaultValue  # what PTB passes for "not given"
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.http_sessions import connector, env_proxy

_JSON = {"Content-Type": "application/json"}
_KNOWN_URLS = 256  # one per Bot API method the bot calls, and then some


class JsonHTTPXRequest(HTTPXRequest):
    """`HTTPXRequest` that sends calls without files as JSON (see the module docstring), each
    method's URL parsed once (httpx parses a URL string at every request)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, httpx.URL] = {}

    def _url(self, url: str) -> httpx.URL:
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) >= _KNOWN_URLS:
                self._urls.clear()
            parsed = self._urls[url] = httpx.URL(url)
        return parsed

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        if self._client.is_closed:
            raise RuntimeError("This HTTPXRequest is not initialized!")
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=_given(connect_timeout, defaults.connect),
            read=_given(read_timeout, defaults.read),
            write=_given(write_timeout, defaults.write),
            pool=_given(pool_timeout, defaults.pool),
        )
        try:
            response = await self._client.request(
                method=method,
                url=self._url(url),
                headers={"User-Agent": self.USER_AGENT, **_JSON},
                timeout=timeout,
                content=_json_body(request_data),
            )
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.PoolTimeout):
                raise TimedOut(
                    "Pool timeout: all connections in the connection pool are occupied; "
                    "the request was not sent to Telegram"
                ) from exc
            raise TimedOut from exc
        except httpx.HTTPError as exc:
            raise NetworkError(f"httpx.{exc.__class__.__name__}: {exc}") from exc
        return response.status_code, response.content


def _json_body(request_data: RequestData) -> bytes:
    """A call without files as one JSON object (UTF-8, compact)."""
    return json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()


def _given(value: object, default: float | None) -> float | None:
    """A timeout the call named, or the request's own."""
    return default if isinstance(value, DefaultValue) else value  # type: ignore[return-value]


class AiohttpRequest(BaseRequest):
    """PTB's `BaseRequest` over one `aiohttp.ClientSession` (see the module docstring), with
    `HTTPXRequest`'s timeouts: aiohttp has no write timeout of its own, so a call's whole
    time is bounded by the sum of its connect, pool, write and read timeouts instead."""

    __slots__ = ("_media_write_timeout", "_pool_size", "_proxies", "_session", "_timeouts")

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}  # by scheme://host:port, looked up once

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts[0]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=connector(self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                trust_env=False,  # the proxy is looked up once per host instead (_proxy)
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _proxy(self, url: str) -> str | None:
        origin = "/".join(url.split("/", 3)[:3])  # scheme://host:port, never the token
        if origin not in self._proxies:
            if len(self._proxies) >= _KNOWN_URLS:
                self._proxies.clear()
            self._proxies[origin] = env_proxy(url)
        return self._proxies[origin]

    def _timeout(self, read, write, connect, pool, files: bool) -> aiohttp.ClientTimeout:
        default_read, default_write, default_connect, default_pool = self._timeouts
        read = _given(read, default_read)
        write = _given(write, self._media_write_timeout if files else default_write)
        connect = _given(connect, default_connect)
        pool = _given(pool, default_pool)
        parts = (read, write, connect, pool)
        total = None if any(part is None for part in parts) else sum(parts)  # type: ignore[arg-type]
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=acquire, sock_connect=connect, sock_read=read
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        if request_data is None:
            body, headers = None, None
        elif files:
            body, headers = _multipart(request_data), None
        else:
            body, headers = _json_body(request_data), _JSON
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, files)
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    """The call as PTB's multipart form: each parameter JSON-encoded, each file a part."""
    form = aiohttp.FormData(quote_fields=False)  # file names in UTF-8, as httpx and PTB send them
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
