"""Message catalogs (English, Simplified Chinese) and the `t()` lookup.

Parameters are HTML-escaped when filled in (messages are sent with parse_mode HTML), except values
wrapped in `Html`, which are already-rendered fragments; plain values are shortened (echoes of
user text to a few dozen characters), so no input can make a message too long to send.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping
from typing import Any

from bot.domain.text import ECHO_CHARS, shorten
from bot.i18n import (
    abroad_errors_en,
    abroad_errors_zh,
    approval_en,
    approval_zh,
    bulk_en,
    bulk_zh,
    cart_en,
    cart_zh,
    counts_en,
    counts_zh,
    en,
    errors_en,
    errors_zh,
    freight_en,
    freight_zh,
    marketing_en,
    marketing_zh,
    orders_en,
    orders_zh,
    platform_en,
    platform_zh,
    refunds_en,
    refunds_zh,
    search_en,
    search_zh,
    zh,
)

log = logging.getLogger(__name__)

# Catalogs come in parts (flow messages, the domain's `err.<code>` texts, orders after
# submission…), each an (English, Chinese) pair with keys no other part uses.
CATALOG_PARTS: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...] = (
    (en.MESSAGES, zh.MESSAGES),
    (errors_en.MESSAGES, errors_zh.MESSAGES),
    (orders_en.MESSAGES, orders_zh.MESSAGES),
    (approval_en.MESSAGES, approval_zh.MESSAGES),
    (platform_en.MESSAGES, platform_zh.MESSAGES),
    (bulk_en.MESSAGES, bulk_zh.MESSAGES),
    (search_en.MESSAGES, search_zh.MESSAGES),
    (marketing_en.MESSAGES, marketing_zh.MESSAGES),
    (counts_en.MESSAGES, counts_zh.MESSAGES),
    (freight_en.MESSAGES, freight_zh.MESSAGES),
    (abroad_errors_en.MESSAGES, abroad_errors_zh.MESSAGES),
    (cart_en.MESSAGES, cart_zh.MESSAGES),
    (refunds_en.MESSAGES, refunds_zh.MESSAGES),
)
EN: dict[str, str] = {k: v for part, _ in CATALOG_PARTS for k, v in part.items()}
ZH: dict[str, str] = {k: v for _, part in CATALOG_PARTS for k, v in part.items()}

LANGUAGES: dict[str, Mapping[str, str]] = {"en": EN, "zh": ZH}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}


class Html(str):
    """A fragment that is already valid Telegram HTML: inserted as is."""


# Parameters that echo what someone typed: shown shortened, whatever their length.
ECHO_PARAMS = frozenset({"text", "value", "key", "input"})
# Any other plain parameter (a title, a platform's reason) is bounded too: no value from outside
# can push a message past Telegram's limits.
MAX_PARAM_CHARS = 500


def _escape(name: str, value: Any) -> str:
    if isinstance(value, Html):
        return str(value)
    text = shorten(str(value), ECHO_CHARS if name in ECHO_PARAMS else MAX_PARAM_CHARS)
    return html.escape(text, quote=False)


def t(lang: str, key: str, /, **params: Any) -> str:
    template = LANGUAGES.get(lang, EN).get(key) or EN.get(key)
    if template is None:
        log.error("missing message %r", key)
        return key
    return template.format(**{name: _escape(name, value) for name, value in params.items()})


def has(key: str) -> bool:
    return key in EN


# `count.*` messages hold a counted phrase's plural forms, separated by "|", one per CLDR plural
# category of the language, in this order: English "one|other", Chinese a single "other".
PLURAL_SEPARATOR = "|"
PLURAL_CATEGORIES: dict[str, tuple[str, ...]] = {"en": ("one", "other"), "zh": ("other",)}
_CATEGORY_OF: dict[str, Callable[[int], str]] = {
    "en": lambda count: "one" if count == 1 else "other",
    "zh": lambda count: "other",
}


def plural_forms(lang: str) -> int:
    """How many forms a `count.*` message has in `lang`."""
    return len(PLURAL_CATEGORIES[lang])


def counted(lang: str, key: str, count: int) -> Html:
    """`count` with the right plural form of a `count.*` phrase: "1 line", "2 lines", "2 行"."""
    lang = lang if lang in LANGUAGES else "en"
    forms = (LANGUAGES[lang].get(key) or EN.get(key) or key).split(PLURAL_SEPARATOR)
    index = PLURAL_CATEGORIES[lang].index(_CATEGORY_OF[lang](count))
    return Html(forms[min(index, len(forms) - 1)].format(count=int(count)))


def pick_language(preference: str | None, telegram_code: str | None, default: str) -> str:
    """The user's /language choice, else their Telegram app language, else the default."""
    if preference in LANGUAGES:
        return preference
    if telegram_code and telegram_code.lower().startswith("zh"):
        return "zh"
    if telegram_code and telegram_code.lower().startswith("en"):
        return "en"
    return default


class Translator:
    """`t` bound to one language, handed to handlers."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **params: Any) -> str:
        return t(self.lang, key, **params)

    def count(self, key: str, count: int) -> Html:
        return counted(self.lang, key, count)
