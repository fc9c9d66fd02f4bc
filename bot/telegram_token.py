"""Is TELEGRAM_BOT_TOKEN one Telegram accepts? Checked with getMe, answered in plain words.

Telegram answers 401 for a well-formed token it does not know (wrong or revoked) and 404 for a
string that is not a token at all; PTB raises InvalidToken for both.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from telegram.error import InvalidToken

_TIMEOUT_SECONDS = 10.0

WRONG_TOKEN = (
    "Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): the token is wrong or was revoked. "
    "Copy it again from @BotFather (/mybots → API Token)."
)
MALFORMED_TOKEN = (
    "Telegram does not recognise TELEGRAM_BOT_TOKEN as a bot token (404 Not Found). A token "
    "looks like 123456789:AAH… (digits, a colon, then letters, digits, - and _); check for a "
    "missing part, spaces or quotes."
)


def refused_text(status: int) -> str:
    return MALFORMED_TOKEN if status == 404 else WRONG_TOKEN


def refused_by(exc: InvalidToken) -> str:
    """The plain line for PTB's InvalidToken (its own text repeats the token)."""
    cause = exc.__cause__
    return refused_text(404 if cause is not None and "Not Found" in str(cause) else 401)


@dataclass(frozen=True)
class TokenCheck:
    ok: bool
    text: str


async def check_token(base_url: str, token: str) -> TokenCheck:
    """Call getMe once. The token never appears in the answer's text."""
    url = f"{base_url}{token}/getMe"
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT_SECONDS) as http:
            response = await http.get(url)
    except httpx.HTTPError as exc:
        return TokenCheck(
            False,
            f"Cannot reach the Telegram Bot API at {base_url} ({type(exc).__name__}): check the "
            "network, or TELEGRAM_BASE_URL.",
        )
    if response.status_code in (401, 404):
        return TokenCheck(False, refused_text(response.status_code))
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}
    result = body.get("result")
    if response.status_code == 200 and body.get("ok") and isinstance(result, dict):
        return TokenCheck(
            True, f"Telegram accepts TELEGRAM_BOT_TOKEN: the bot is @{result.get('username')}."
        )
    description = body.get("description")
    return TokenCheck(
        False,
        f"Telegram answered getMe with HTTP {response.status_code}"
        + (f" ({description})" if description else "")
        + f": is TELEGRAM_BASE_URL ({base_url}) a Bot API server?",
    )
