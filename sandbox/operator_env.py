"""What `orderbot sandbox` prints: the `.env` lines that point a separate `orderbot run` at it.

The lines are meant to be copied as they are. A secret the operator supplied (their own bot
token or access secret, which the sandbox then accepts) is not echoed: a comment says it is the
one already in their environment. The sandbox's documented defaults are printed in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config import SANDBOX_ACCESS_SECRET
from sandbox.pandapon.config import SandboxConfig


@dataclass(frozen=True)
class SandboxEndpoints:
    platform_url: str
    telegram_base_url: str | None  # None: the Telegram stand-in is not served
    telegram_token: str
    token_from_environment: bool


def run_env_lines(config: SandboxConfig, served: SandboxEndpoints) -> list[str]:
    lines = []
    if served.telegram_base_url is not None:
        lines.append(f"TELEGRAM_BASE_URL={served.telegram_base_url}")
        if served.token_from_environment:
            lines.append(
                "# TELEGRAM_BOT_TOKEN: the one in your environment (the stand-in takes it)"
            )
        else:
            lines.append(f"TELEGRAM_BOT_TOKEN={served.telegram_token}")
    lines += [
        f"PANDAPON_BASE_URL={served.platform_url}",
        f"PANDAPON_ACCESS_KEY={config.access_key}",
    ]
    if config.secret == SANDBOX_ACCESS_SECRET:
        lines.append(f"PANDAPON_ACCESS_SECRET={config.secret}")
    else:
        lines.append("# PANDAPON_ACCESS_SECRET: the one in your environment (the sandbox takes it)")
    lines += [
        f"PANDAPON_USER_ID={config.user_id}",
        f"PANDAPON_SIGN_RECIPE={config.sign_recipe}",
        f"PANDAPON_TIMESTAMP_UNIT={config.timestamp_unit}",
        f"PANDAPON_QUERY_SIGN_RECIPE={config.query_sign_recipe}",
        f"PANDAPON_QUERY_TIMESTAMP_UNIT={config.query_timestamp_unit}",
    ]
    lines += _callback_lines(config.callback_url)
    return lines


def _callback_lines(callback_url: str | None) -> list[str]:
    """The bot side of --callback-url: where its web side must listen to receive them."""
    if not callback_url:
        return ["# No --callback-url: the bot polls for status changes (ORDERBOT_POLL_INTERVAL)."]
    parts = urlsplit(callback_url)
    lines = [f"ORDERBOT_CALLBACK_PATH={parts.path}"]
    if parts.port is not None:
        lines.append(f"ORDERBOT_LISTEN_PORT={parts.port}")
    return lines


def banner(config: SandboxConfig, served: SandboxEndpoints) -> str:
    platform = served.platform_url
    text = [f"Sandbox platform: {platform}  (control API: {platform}/_sandbox/)"]
    if served.telegram_base_url is not None:
        sim = served.telegram_base_url.removesuffix("/bot")
        text.append(f"Telegram stand-in: {sim}  (simulation API: {sim}/sim/)")
        text.append(f"Web chat: {sim}/chat/  (chat with the bot as any user, in your browser)")
    if config.state_path:
        text.append(f"Platform state: {config.state_path} (kept across restarts)")
    text += [
        "",
        "For `orderbot run` in another terminal, put these lines in its .env (or environment):",
        "",
        *run_env_lines(config, served),
        "",
        "Press Ctrl-C to stop.",
    ]
    return "\n".join(text)
