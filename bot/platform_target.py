"""Which platform `orderbot run` and `orderbot doctor` talk to, decided once from the settings.

- Platform credentials set: the configured platform at PANDAPON_BASE_URL (noted as a sandbox when
  that URL answers as one, so members are told orders are simulated).
- No credentials and PANDAPON_BASE_URL the production default: an embedded sandbox platform,
  which the caller starts (bot code never imports the sandbox).
- No credentials and PANDAPON_BASE_URL somewhere else: that URL must answer as the sandbox
  (`GET /_sandbox/hello`); then its documented credentials are used. Anything else stops with a
  plain message — quietly starting an embedded sandbox would ignore the URL the operator gave.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from bot.config import PRODUCTION_PLATFORM_URL, SANDBOX_HELLO_PATH, SANDBOX_NAME, Settings

_HELLO_TIMEOUT_SECONDS = 5.0

TargetKind = Literal["configured", "embedded_sandbox", "local_sandbox"]


class PlatformSetupError(Exception):
    """The settings point at a platform the bot cannot use; the message says what to change."""


@dataclass(frozen=True)
class PlatformTarget:
    kind: TargetKind
    settings: Settings  # for "local_sandbox": pointed at it, with credentials it accepts

    @property
    def is_sandbox(self) -> bool:
        return self.kind != "configured"


def uses_production_url(settings: Settings) -> bool:
    return settings.pandapon_base_url.rstrip("/") == PRODUCTION_PLATFORM_URL


async def choose_platform(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> PlatformTarget:
    url = settings.pandapon_base_url.rstrip("/")
    if settings.has_platform_credentials:
        if not uses_production_url(settings):
            with contextlib.suppress(PlatformSetupError):
                await _hello(url, transport)
                return PlatformTarget("local_sandbox", settings)
        return PlatformTarget("configured", settings)
    if uses_production_url(settings):
        return PlatformTarget("embedded_sandbox", settings)
    hello = await _hello(url, transport)
    if hello.get("credentials") != "default":
        raise PlatformSetupError(
            f"The sandbox platform at {url} was started with its own credentials: set "
            "PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID to the lines "
            "`orderbot sandbox` printed."
        )
    wanted = {
        "PANDAPON_SIGN_RECIPE": (hello.get("signRecipe"), settings.pandapon_sign_recipe),
        "PANDAPON_TIMESTAMP_UNIT": (hello.get("timestampUnit"), settings.pandapon_timestamp_unit),
        "PANDAPON_QUERY_SIGN_RECIPE": (
            hello.get("querySignRecipe"),
            settings.pandapon_query_sign_recipe,
        ),
        "PANDAPON_QUERY_TIMESTAMP_UNIT": (
            hello.get("queryTimestampUnit"),
            settings.pandapon_query_timestamp_unit,
        ),
    }
    differing = [f"{name}={theirs}" for name, (theirs, ours) in wanted.items() if theirs != ours]
    if differing:
        raise PlatformSetupError(
            f"The sandbox platform at {url} signs differently from these settings; put "
            f"{' and '.join(differing)} in .env (the lines `orderbot sandbox` printed)."
        )
    return PlatformTarget("local_sandbox", settings.with_sandbox_platform(url))


async def _hello(url: str, transport: httpx.AsyncBaseTransport | None) -> dict[str, Any]:
    """The sandbox's self-description, or PlatformSetupError saying why there is none."""

    def refuse(why: str) -> PlatformSetupError:
        return PlatformSetupError(
            f"PANDAPON_BASE_URL is {url} but PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET are not "
            f"set, and {url} {why}. Set the platform credentials, start `orderbot sandbox` "
            "there, or remove PANDAPON_BASE_URL to run against an embedded sandbox platform."
        )

    try:
        async with httpx.AsyncClient(timeout=_HELLO_TIMEOUT_SECONDS, transport=transport) as http:
            response = await http.get(url + SANDBOX_HELLO_PATH)
    except httpx.HTTPError as exc:
        raise refuse(f"does not answer ({type(exc).__name__})") from exc
    try:
        body = response.json()
    except ValueError:
        body = None
    if (
        response.status_code != 200
        or not isinstance(body, dict)
        or body.get("sandbox") != SANDBOX_NAME
    ):
        raise refuse("does not answer as the orderbot sandbox platform")
    return body
