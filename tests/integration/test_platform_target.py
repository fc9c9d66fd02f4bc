"""Which platform `orderbot run` uses without credentials: the embedded sandbox for the
production URL, a sandbox that answers at PANDAPON_BASE_URL, or a plain refusal."""

from __future__ import annotations

import httpx
import pytest

from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID, Settings
from bot.platform_target import PlatformSetupError, choose_platform
from sandbox.pandapon.server import SandboxConfig, create_app, start_sandbox_platform

URL = "http://sandbox.local:8780"


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def sandbox(config: SandboxConfig | None = None) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=create_app(config or SandboxConfig()))


async def test_credentials_mean_the_configured_platform():
    given = settings(PANDAPON_ACCESS_KEY="ak", PANDAPON_ACCESS_SECRET="s", PANDAPON_USER_ID="1")
    target = await choose_platform(given)
    assert (target.kind, target.settings) == ("configured", given)
    elsewhere = settings(
        PANDAPON_BASE_URL="http://127.0.0.1:9", PANDAPON_ACCESS_KEY="ak", PANDAPON_ACCESS_SECRET="s"
    )
    assert (await choose_platform(elsewhere)).kind == "configured"  # no sandbox answers there


async def test_credentials_for_a_sandbox_url_are_used_and_it_is_known_as_a_sandbox():
    given = settings(
        PANDAPON_BASE_URL=URL, PANDAPON_ACCESS_KEY="mine", PANDAPON_ACCESS_SECRET="my-secret"
    )
    target = await choose_platform(given, transport=sandbox())
    assert (target.kind, target.settings) == ("local_sandbox", given)


@pytest.mark.parametrize("url", ["https://api.pandapon.com", "https://api.pandapon.com/"])
async def test_no_credentials_and_the_production_url_mean_the_embedded_sandbox(url):
    target = await choose_platform(settings(PANDAPON_BASE_URL=url))
    assert target.kind == "embedded_sandbox"


async def test_a_sandbox_at_the_url_is_used_with_its_documented_credentials():
    target = await choose_platform(settings(PANDAPON_BASE_URL=URL + "/"), transport=sandbox())
    assert target.kind == "local_sandbox"
    chosen = target.settings
    assert chosen.pandapon_base_url == URL
    assert chosen.pandapon_access_key == SANDBOX_ACCESS_KEY
    assert chosen.pandapon_access_secret.get_secret_value() == SANDBOX_ACCESS_SECRET
    assert chosen.pandapon_user_id == SANDBOX_USER_ID


async def test_the_hello_over_a_socket():
    server = await start_sandbox_platform(SandboxConfig())
    try:
        async with httpx.AsyncClient(trust_env=False) as http:
            hello = (await http.get(f"{server.url}/_sandbox/hello")).json()
        target = await choose_platform(settings(PANDAPON_BASE_URL=server.url))
    finally:
        await server.stop()
    assert hello == {
        "sandbox": "pandapon",
        "signRecipe": "ak-ts-nonce-md5",
        "timestampUnit": "s",
        "querySignRecipe": "ak-ts-secret-md5",
        "queryTimestampUnit": "s",
        "credentials": "default",
    }
    assert target.kind == "local_sandbox"


async def test_a_url_that_does_not_answer_stops_with_what_to_do():
    with pytest.raises(PlatformSetupError) as info:
        await choose_platform(settings(PANDAPON_BASE_URL="http://127.0.0.1:9"))
    message = str(info.value)
    assert message.startswith(
        "PANDAPON_BASE_URL is http://127.0.0.1:9 but PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET "
        "are not set, and http://127.0.0.1:9 does not answer (ConnectError)."
    )
    assert "start `orderbot sandbox` there" in message
    assert "remove PANDAPON_BASE_URL to run against an embedded sandbox platform" in message


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(404, json={"code": 404, "msg": "no endpoint"}),
        httpx.Response(200, text="<html>hello</html>"),
        httpx.Response(200, json={"sandbox": "something else"}),
        httpx.Response(200, json=["pandapon"]),
    ],
)
async def test_a_url_that_is_not_the_sandbox_stops_with_what_to_do(answer):
    transport = httpx.MockTransport(lambda request: answer)
    with pytest.raises(PlatformSetupError, match="does not answer as the orderbot sandbox"):
        await choose_platform(settings(PANDAPON_BASE_URL=URL), transport=transport)


async def test_a_sandbox_with_its_own_credentials_is_not_guessed():
    transport = sandbox(SandboxConfig(access_key="mine", secret="my-secret"))
    with pytest.raises(PlatformSetupError, match="started with its own credentials"):
        await choose_platform(settings(PANDAPON_BASE_URL=URL), transport=transport)


async def test_a_sandbox_that_signs_differently_names_the_lines_to_set():
    transport = sandbox(SandboxConfig(sign_recipe="kv-md5", timestamp_unit="ms"))
    with pytest.raises(PlatformSetupError) as info:
        await choose_platform(settings(PANDAPON_BASE_URL=URL), transport=transport)
    assert "put PANDAPON_SIGN_RECIPE=kv-md5 and PANDAPON_TIMESTAMP_UNIT=ms in .env" in str(
        info.value
    )
    same = settings(
        PANDAPON_BASE_URL=URL, PANDAPON_SIGN_RECIPE="kv-md5", PANDAPON_TIMESTAMP_UNIT="ms"
    )
    assert (await choose_platform(same, transport=transport)).kind == "local_sandbox"
