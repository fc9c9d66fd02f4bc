"""`orderbot doctor`: configuration problems in plain words, and which signing recipe works."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bot.config import PRODUCTION_TELEGRAM_URL, Settings
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.pandapon.signing import NAMED_RECIPES, parse_recipe

# A harmless read: the first page of one order. Every recipe is tried on it.
PROBE = "taobao.order.list"


@dataclass
class Finding:
    ok: bool
    text: str


def check_settings(settings: Settings) -> list[Finding]:
    findings = []
    if settings.telegram_bot_token is None:
        findings.append(
            Finding(False, "TELEGRAM_BOT_TOKEN is not set: `orderbot run` cannot start.")
        )
    else:
        findings.append(Finding(True, "TELEGRAM_BOT_TOKEN is set."))
    if settings.telegram_base_url != PRODUCTION_TELEGRAM_URL:
        findings.append(
            Finding(True, f"Telegram API: {settings.telegram_base_url} (not the default).")
        )
    if not settings.has_platform_credentials:
        findings.append(
            Finding(
                True,
                "No platform credentials (PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET): "
                "`orderbot run` uses the embedded sandbox platform.",
            )
        )
    elif not settings.pandapon_user_id:
        findings.append(Finding(False, "PANDAPON_USER_ID is not set; the platform requires it."))
    if not settings.allowed_users and not settings.allowed_chats:
        findings.append(
            Finding(
                False,
                "Nobody may order: set ORDERBOT_ALLOWED_USERS and/or ORDERBOT_ALLOWED_CHATS "
                "(strangers are told their id by /start).",
            )
        )
    if settings.allowed_chats and not settings.approvers and not settings.admins_approve:
        findings.append(
            Finding(
                False,
                "Group orders need an approver: set ORDERBOT_APPROVERS or "
                "ORDERBOT_ADMINS_APPROVE=true, or group orders can only expire.",
            )
        )
    folder = settings.db_path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        findings.append(Finding(False, f"The database folder {folder} is not writable."))
    else:
        findings.append(Finding(True, f"Database: {settings.db_path}."))
    return findings


async def probe_recipes(settings: Settings) -> list[Finding]:
    """Try the configured recipe, then the others, until the platform accepts one (code 200)."""
    recipes = [settings.pandapon_sign_recipe] + [
        name for name in NAMED_RECIPES if name != settings.pandapon_sign_recipe
    ]
    findings = []
    async with PandaPonClient.from_settings(settings, read_retries=0) as client:
        for spec in recipes:
            configured = " (configured)" if spec == settings.pandapon_sign_recipe else ""
            try:
                await client.call(
                    PROBE, params={"pageNo": 1, "pageSize": 1}, recipe=parse_recipe(spec)
                )
            except PlatformError as exc:
                findings.append(
                    Finding(
                        False, f"recipe {spec}{configured}: refused — code {exc.code}: {exc.msg}"
                    )
                )
            except PandaPonError as exc:
                findings.append(Finding(False, f"recipe {spec}{configured}: no answer — {exc}"))
                break  # the platform is unreachable; more recipes will not help
            else:
                findings.append(Finding(True, f"recipe {spec}{configured}: accepted"))
                break  # the first accepted recipe answers the question
    return findings


def summarize(findings: list[Finding], recipe_findings: list[Finding], configured: str) -> str:
    lines = [("✔ " if f.ok else "✘ ") + f.text for f in findings + recipe_findings]
    accepted = [f for f in recipe_findings if f.ok]
    if recipe_findings and not accepted:
        lines.append(
            "→ The platform accepted no known recipe. Check the key, secret and user id, "
            "or set PANDAPON_SIGN_RECIPE=template:<algorithm>:<format>."
        )
    elif accepted and not accepted[0].text.startswith(f"recipe {configured} "):
        name = accepted[0].text.split()[1]
        lines.append(f"→ Set PANDAPON_SIGN_RECIPE={name}: that is the recipe the platform accepts.")
    if all(f.ok for f in findings) and (not recipe_findings or recipe_findings[0].ok):
        lines.append("Everything is fine.")
    return "\n".join(lines)
