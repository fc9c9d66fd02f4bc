"""Countries by ISO 3166 alpha-2 code: names in our languages, lookup from what people type.

Names come from the CLDR data Babel ships; a territory counts as a country here when
`phonenumbers` can dial it (which leaves out regions such as "Europe" or "World"). A member may
type a code (`VN`), an English or Chinese name (`Vietnam`, `越南`), a common alias (`USA`, `UK`)
or the name without its accents (`Viet Nam`, `Cote d'Ivoire`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import phonenumbers
from babel import Locale

from bot.domain.errors import InputError
from bot.domain.text import clean

CHINA_CODE = "CN"
# Where resellers on Lazada, Shopee and TikTok Shop sell (the `orderSource` markets), first.
MARKET_COUNTRIES = ("VN", "TH", "PH", "MY", "SG", "ID", "US")
_ALIASES = {
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "viet nam": "VN",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "uae": "AE",
    "中国大陆": "CN",
    "中华人民共和国": "CN",
    "美国": "US",
    "英国": "GB",
    "印尼": "ID",
    "韩国": "KR",
}
_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
_MAX_INPUT = 60


class CountryError(InputError):
    """A country that is not known."""


def _fold(text: str) -> str:
    """Lower case, accents and punctuation out: `Côte d’Ivoire` → `cote divoire`."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[.'’`\-(),&]", "", plain)
    return re.sub(r"\s+", " ", plain).strip()


@cache
def _codes() -> frozenset[str]:
    names = Locale("en").territories
    return frozenset(
        code
        for code in names
        if len(code) == 2 and code.isalpha() and phonenumbers.country_code_for_region(code)
    )


@cache
def _by_name() -> dict[str, str]:
    table: dict[str, str] = {}
    for lang in _LOCALES.values():
        names = Locale.parse(lang).territories
        for code in _codes():
            if code in names:
                table.setdefault(_fold(names[code]), code)
    table.update({_fold(alias): code for alias, code in _ALIASES.items()})
    return table


def load_tables() -> None:
    """Build the country tables now: the first call reads every territory's phone metadata and
    its names in each language (~70 ms, ~7 MB), a pause the first member to type an address
    would otherwise wait through, with every update queued behind it."""
    _by_name()


def is_country(code: str) -> bool:
    return code in _codes()


def country_name(code: str, lang: str = "en") -> str:
    names = Locale.parse(_LOCALES.get(lang, "en")).territories
    return names.get(code, code)


def find_country(text: str) -> str:
    """The alpha-2 code of the country `text` names; CountryError when none."""
    typed = clean(unicodedata.normalize("NFKC", text or "")).strip()
    if not typed:
        raise CountryError("country.empty", "Please name the country.")
    if len(typed) <= _MAX_INPUT:
        if len(typed) == 2 and typed.isascii() and typed.upper() in _codes():
            return typed.upper()
        found = _by_name().get(_fold(typed))
        if found is not None:
            return found
    raise CountryError(
        "country.unknown",
        f"“{typed[:40]}” is not a country I know. Type its name (Vietnam, 越南) or its "
        "two-letter code (VN).",
        {"text": typed[:40]},
    )
