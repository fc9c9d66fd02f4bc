"""The PandaPon sandbox platform: a Starlette app that speaks docs/platform-wire.md.

Every path of bot.pandapon.endpoints.ENDPOINTS is served with signature checks, a seeded catalog,
orders whose statuses advance on payment and over (scaled) time, message callbacks with retries,
and a control API under /_sandbox/ (see sandbox/pandapon/control.py).

    app = create_app(SandboxConfig(time_scale=100, callback_url="http://127.0.0.1:8080/cb"))
    server = await start_sandbox_platform(SandboxConfig())  # uvicorn on 127.0.0.1, any port
    ...
    await server.stop()

In-process use (httpx.ASGITransport does not run lifespans) needs `async with
app.router.lifespan_context(app)` for the clock task and callbacks; without it, due status changes
still happen on the next API call.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.pandapon.endpoints import ENDPOINTS, Endpoint
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.control import control_routes
from sandbox.pandapon.platform import SandboxPlatform
from sandbox.pandapon.wire import NOT_FOUND, envelope
from sandbox.serving import RunningServer, serve_in_background

__all__ = ["SandboxConfig", "SandboxPlatform", "create_app", "start_sandbox_platform"]


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """The sandbox app; its SandboxPlatform is `app.state.platform`."""
    platform = SandboxPlatform(config or SandboxConfig())
    routes = [
        Route(endpoint.path, _api_route(platform, name, endpoint), methods=["GET", "POST"])
        for name, endpoint in ENDPOINTS.items()
    ]
    routes += control_routes(platform)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        msg = f"no endpoint {request.method} {request.url.path}"
        body = envelope(NOT_FOUND, msg, None, platform.config.develop_id)
        return JSONResponse(body, status_code=status)

    app = Starlette(
        routes=routes,
        lifespan=platform.lifespan,
        exception_handlers={404: not_found, 405: not_found},
    )
    app.state.platform = platform
    return app


def _api_route(platform: SandboxPlatform, name: str, endpoint: Endpoint):
    async def answer(request: Request) -> Response:
        return await platform.handle(request, name, endpoint)

    answer.__name__ = name.replace(".", "_")
    return answer


async def start_sandbox_platform(
    config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    """Serve the sandbox with uvicorn inside the running loop; `await server.stop()` ends it."""
    return await serve_in_background(create_app(config), host=host, port=port)
