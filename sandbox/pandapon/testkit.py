"""Signed raw-HTTP calls to the sandbox platform by endpoint name, for tests and benchmarks.

async with sandbox_in_process(SandboxConfig(time_scale=100)) as (app, client):
    envelope = await call(client, "taobao.product.get", {"itemId": "672991141190"})
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Generator
from typing import Any

import httpx
from starlette.applications import Starlette

from bot.pandapon.endpoints import ENDPOINTS
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.platform import SandboxPlatform
from sandbox.pandapon.server import create_app

IN_PROCESS_URL = "http://sandbox.local"
_QUERY_SIGNED = frozenset(e.path for e in ENDPOINTS.values() if e.auth == "query")


class SandboxAuth(httpx.Auth):
    """Fresh system headers (new nonce, current timestamp) on every request to a platform path."""

    def __init__(self, config: SandboxConfig) -> None:
        self._config = config
        self._signing = config.signing

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.url.path in _QUERY_SIGNED:  # warehouse logistics: ?timestamp=&sign=
            params = self._config.query_signing.params(
                access_key=self._config.access_key,
                secret=self._config.secret,
                user_id=self._config.user_id,
                body=request.content.decode(),
            )
            request.url = request.url.copy_merge_params(params)
            request.headers.update(
                {"access-key": self._config.access_key, "user-id": self._config.user_id}
            )
        elif not request.url.path.startswith("/_sandbox/"):
            request.headers.update(
                self._signing.headers(
                    access_key=self._config.access_key,
                    secret=self._config.secret,
                    user_id=self._config.user_id,
                )
            )
        yield request


def signed_client(config: SandboxConfig, base_url: str, **kwargs: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, auth=SandboxAuth(config), trust_env=False, **kwargs)


@contextlib.asynccontextmanager
async def sandbox_in_process(
    config: SandboxConfig | None = None,
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """The app with its lifespan running, and a signed client that calls it without a socket."""
    config = config or SandboxConfig()
    app = create_app(config)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with signed_client(config, IN_PROCESS_URL, transport=transport) as client:
            yield app, client


def platform_of(app: Starlette) -> SandboxPlatform:
    return app.state.platform


async def call(
    client: httpx.AsyncClient,
    endpoint: str,
    params: dict[str, Any] | None = None,
    *,
    path_params: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Call an endpoint by its ENDPOINTS name; GET sends query parameters, POST a JSON body;
    `path_params` fill its path template."""
    spec = ENDPOINTS[endpoint]
    path = spec.url_path(path_params)
    if spec.method == "GET":
        response = await client.get(path, params=params or {})
    else:
        response = await client.post(path, json=params or {})
    response.raise_for_status()
    return response.json()
