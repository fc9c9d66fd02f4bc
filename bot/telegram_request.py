"""How the bot's Bot API calls travel: PTB's httpx transport, with JSON bodies.

PTB's `HTTPXRequest` sends every call as an urlencoded form, each object field JSON-encoded
inside it; urlencoding a panel's text (Chinese, HTML) and its keyboard costs the bot about a
tenth of a millisecond per call, and decoding it costs Telegram more. The Bot API takes
`application/json` bodies as well ("Making requests" in its docs), so a call without files is
sent as one JSON object; uploads still go as multipart forms, as PTB sends them.
"""

from __future__ import annotations

import json

import httpx
from telegram._utils.defaultvalue import DefaultValue  # what PTB passes for "not given"
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

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
        body = json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":"))
        try:
            response = await self._client.request(
                method=method,
                url=self._url(url),
                headers={"User-Agent": self.USER_AGENT, **_JSON},
                timeout=timeout,
                content=body.encode(),
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


def _given(value: object, default: float | None) -> float | None:
    """A timeout the call named, or the request's own."""
    return default if isinstance(value, DefaultValue) else value  # type: ignore[return-value]
