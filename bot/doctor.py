"""`orderbot doctor`: configuration problems in plain words, the Telegram token (getMe), and the
signing — recipe × timestamp unit — the platform accepts, as the `.env` lines to use."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from bot.config import PRODUCTION_TELEGRAM_URL, Settings
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.pandapon.signing import (
    NAMED_RECIPES,
    QUERY_RECIPES,
    TIMESTAMP_UNIT_NAMES,
    TIMESTAMP_UNITS,
    QuerySigning,
    Signing,
)
from bot.platform_target import PlatformSetupError, PlatformTarget, choose_platform
from bot.telegram_token import check_token

# A harmless read: the first page of one order. Every recipe × unit is tried on it.
PROBE = "taobao.order.list"
# The query-signed warehouse-logistics calls: a freight estimate (a read) for the docs' own
# test item (§3.1, 672991141190 / 3452545926724) to the documented example country.
QUERY_PROBE = "logistics.item_price"
QUERY_PROBE_BODY = {
    "itemId": "672991141190",
    "skuId": "3452545926724",
    "receiverAddress": {"country": "US"},
    "quantity": 1,
    "currency": "USD",
    "price": 1,
}

# Starts an embedded sandbox platform and yields its base URL (only bot/cli.py knows the sandbox).
EmbeddedSandbox = Callable[[Settings], AbstractAsyncContextManager[str]]


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


@dataclass(frozen=True)
class Probe:
    """One signed probe call: which signing, and what the platform made of it."""

    recipe: str
    unit: str
    configured: bool
    accepted: bool
    detail: str = ""  # the refusal or the failure
    answered: bool = True
    query: bool = False  # the warehouse-logistics `?timestamp=&sign=` scheme

    @property
    def env_lines(self) -> list[str]:
        if self.query:
            return [
                f"PANDAPON_QUERY_SIGN_RECIPE={self.recipe}",
                f"PANDAPON_QUERY_TIMESTAMP_UNIT={self.unit}",
            ]
        return [f"PANDAPON_SIGN_RECIPE={self.recipe}", f"PANDAPON_TIMESTAMP_UNIT={self.unit}"]

    @property
    def finding(self) -> Finding:
        kind = "query sign " if self.query else ""
        name = f"{kind}recipe {self.recipe}, timestamps in {TIMESTAMP_UNIT_NAMES[self.unit]}"
        if self.configured:
            name += " (configured)"
        if self.accepted:
            return Finding(True, f"{name}: accepted")
        verdict = "refused" if self.answered else "no answer"
        return Finding(False, f"{name}: {verdict} — {self.detail}")


def check_settings(settings: Settings) -> list[Finding]:
    findings = []
    if settings.has_platform_credentials and not settings.pandapon_user_id:
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


async def check_telegram(settings: Settings) -> list[Finding]:
    findings = []
    if settings.telegram_base_url != PRODUCTION_TELEGRAM_URL:
        findings.append(
            Finding(True, f"Telegram API: {settings.telegram_base_url} (not the default).")
        )
    if settings.telegram_bot_token is None:
        findings.append(
            Finding(False, "TELEGRAM_BOT_TOKEN is not set: `orderbot run` cannot start.")
        )
        return findings
    token = settings.telegram_bot_token.get_secret_value()
    result = await check_token(settings.telegram_base_url, token)
    return [*findings, Finding(result.ok, result.text)]


def platform_finding(target: PlatformTarget) -> Finding:
    url = target.settings.pandapon_base_url
    if target.kind == "embedded_sandbox":
        return Finding(
            True,
            "No platform credentials (PANDAPON_ACCESS_KEY / PANDAPON_ACCESS_SECRET): "
            "`orderbot run` uses an embedded sandbox platform; signing is checked against it.",
        )
    if target.kind == "local_sandbox":
        return Finding(True, f"Platform: the sandbox platform at {url}.")
    return Finding(True, f"Platform: {url}.")


def signing_candidates(settings: Settings) -> list[tuple[str, str]]:
    """The configured signing first, then every named recipe in both units."""
    configured = (settings.pandapon_sign_recipe, settings.pandapon_timestamp_unit)
    others = [(recipe, unit) for recipe in NAMED_RECIPES for unit in TIMESTAMP_UNITS]
    return [configured, *(pair for pair in others if pair != configured)]


async def probe_signing(settings: Settings) -> list[Probe]:
    """Probe each candidate until the platform accepts one (code 200) or stops answering."""
    configured = (settings.pandapon_sign_recipe, settings.pandapon_timestamp_unit)
    probes = []
    async with PandaPonClient.from_settings(settings, read_retries=0) as client:
        for recipe, unit in signing_candidates(settings):
            mine = (recipe, unit) == configured
            try:
                await client.call(
                    PROBE, params={"pageNo": 1, "pageSize": 1}, signing=Signing.of(recipe, unit)
                )
            except PlatformError as exc:
                probes.append(Probe(recipe, unit, mine, False, f"code {exc.code}: {exc.msg}"))
            except PandaPonError as exc:
                probes.append(Probe(recipe, unit, mine, False, str(exc), answered=False))
                break  # the platform is unreachable; more recipes will not help
            else:
                probes.append(Probe(recipe, unit, mine, True))
                break  # the first accepted pair answers the question
    return probes


def query_candidates(settings: Settings) -> list[tuple[str, str]]:
    """The configured query signing first, then every named query recipe in both units."""
    configured = (settings.pandapon_query_sign_recipe, settings.pandapon_query_timestamp_unit)
    others = [(recipe, unit) for recipe in QUERY_RECIPES for unit in TIMESTAMP_UNITS]
    return [configured, *(pair for pair in others if pair != configured)]


async def probe_query_signing(settings: Settings) -> list[Probe]:
    """The same for the warehouse-logistics calls: each query recipe × unit on an estimate."""
    configured = (settings.pandapon_query_sign_recipe, settings.pandapon_query_timestamp_unit)
    probes = []
    async with PandaPonClient.from_settings(settings, read_retries=0) as client:
        for recipe, unit in query_candidates(settings):
            mine = (recipe, unit) == configured
            signing = QuerySigning.of(recipe, unit)
            try:
                await client.call(QUERY_PROBE, body=QUERY_PROBE_BODY, signing=signing)
            except PlatformError as exc:
                detail = f"code {exc.code}: {exc.msg}"
                probes.append(Probe(recipe, unit, mine, False, detail, query=True))
            except PandaPonError as exc:
                probes.append(Probe(recipe, unit, mine, False, str(exc), False, query=True))
                break
            else:
                probes.append(Probe(recipe, unit, mine, True, query=True))
                break
    return probes


async def _probe_both(settings: Settings) -> list[Probe]:
    probes = await probe_signing(settings)
    if probes and probes[-1].answered:  # an unreachable platform needs no second round
        probes += await probe_query_signing(settings)
    return probes


def healthy(findings: list[Finding], probes: list[Probe]) -> bool:
    """Everything needed to run works as configured (both schemes' first probe accepted)."""
    headers = [p for p in probes if not p.query]
    queries = [p for p in probes if p.query]
    return (
        all(f.ok for f in findings)
        and bool(headers)
        and headers[0].accepted
        and (not queries or queries[0].accepted)
    )


def summarize(findings: list[Finding], probes: list[Probe]) -> str:
    header_probes = [p for p in probes if not p.query]
    query_probes = [p for p in probes if p.query]
    lines = _signing_lines(findings, header_probes)
    if query_probes:
        lines += _query_lines(query_probes)
    if healthy(findings, probes):
        lines.append("Everything is fine.")
    else:
        lines.append("Fix the ✘ lines above, then run `orderbot doctor` again.")
    return "\n".join(lines)


def _query_lines(probes: list[Probe]) -> list[str]:
    lines = [("✔ " if p.accepted else "✘ ") + p.finding.text for p in probes]
    accepted = next((p for p in probes if p.accepted), None)
    if accepted is not None:
        verdict = "the configured query signing" if accepted.configured else "other query signing"
        lines.append(f"→ Warehouse-logistics calls: the platform accepts {verdict}:")
        lines += ["", *accepted.env_lines, ""]
    elif probes[-1].answered:
        lines.append(
            "→ The platform accepted no known query-sign recipe for the warehouse-logistics "
            "calls: set PANDAPON_QUERY_SIGN_RECIPE=template:<algorithm>:<format>."
        )
    return lines


def _signing_lines(findings: list[Finding], probes: list[Probe]) -> list[str]:
    lines = [("✔ " if f.ok else "✘ ") + f.text for f in [*findings, *(p.finding for p in probes)]]
    accepted = next((p for p in probes if p.accepted), None)
    if accepted is not None:
        if accepted.configured:
            lines.append(
                "→ The platform accepts the configured signing; these lines in .env are right:"
            )
        else:
            lines.append("→ The platform accepts other signing settings. Put these lines in .env:")
        lines += ["", *accepted.env_lines, ""]
    elif probes and not probes[-1].answered:
        lines.append(
            "→ The platform did not answer: check PANDAPON_BASE_URL and the network, then run "
            "`orderbot doctor` again."
        )
    elif probes:
        lines.append(
            "→ The platform accepted no known recipe in either unit. Check PANDAPON_ACCESS_KEY, "
            "PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID; if they are right, the platform signs "
            "another way: set PANDAPON_SIGN_RECIPE=template:<algorithm>:<format>."
        )
    return lines


async def run_doctor(settings: Settings, embedded: EmbeddedSandbox) -> tuple[str, bool]:
    """The whole report and whether everything is fine."""
    findings = await check_telegram(settings)
    findings += check_settings(settings)
    try:
        target = await choose_platform(settings)
    except PlatformSetupError as exc:
        findings.append(Finding(False, str(exc)))
        return summarize(findings, []), False
    findings.append(platform_finding(target))
    if target.kind == "embedded_sandbox":
        async with embedded(settings) as url:
            probes = await _probe_both(settings.with_sandbox_platform(url))
    else:
        probes = await _probe_both(target.settings)
    return summarize(findings, probes), healthy(findings, probes)


def settings_report(problems: list[str]) -> str:
    """The report when the settings cannot even be read."""
    lines = [f"✘ {problem}" for problem in problems]
    lines.append(
        "Fix the ✘ lines above (in .env or the environment), then run `orderbot doctor` again."
    )
    return "\n".join(lines)
