"""Receiver fields one by one: the checks behind the step-by-step entry and the model.

Each check returns the cleaned value or raises ReceiverError with a `receiver.<field>.<problem>`
code; `validate_field` is the one entry point for all of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from bot.domain.abroad import rules
from bot.domain.countries import CHINA_CODE, CountryError, country_name, find_country
from bot.domain.errors import InputError
from bot.domain.regions import province_for
from bot.domain.text import clean

CHINA = "中国"
RECEIVER_FIELDS = (
    "name",
    "mobile",
    "phone",
    "country",
    "state",
    "city",
    "district",
    "address",
    "zip",
)

NAME_MAX = 50
REGION_MAX = 50
ADDRESS_MIN, ADDRESS_MAX = 4, 200
PHONE_MAX = 30
COUNTRY_MAX = 50

_CHINA_ALIASES = frozenset(
    {
        "中国",
        "中华人民共和国",
        "中国大陆",
        "china",
        "cn",
        "chn",
        "prc",
        "mainland china",
        "china mainland",
    }
)
# Country → phonenumbers region, for reading national-format mobiles (0812345678 in Thailand).
_COUNTRY_REGIONS = {
    "中国": "CN",
    "thailand": "TH",
    "th": "TH",
    "泰国": "TH",
    "malaysia": "MY",
    "my": "MY",
    "马来西亚": "MY",
    "philippines": "PH",
    "ph": "PH",
    "菲律宾": "PH",
    "vietnam": "VN",
    "viet nam": "VN",
    "vn": "VN",
    "越南": "VN",
    "indonesia": "ID",
    "id": "ID",
    "印度尼西亚": "ID",
    "印尼": "ID",
    "singapore": "SG",
    "sg": "SG",
    "新加坡": "SG",
}
ALWAYS_OPTIONAL_FIELDS = frozenset({"phone", "district"})
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_MOBILE_CHARS_RE = re.compile(r"^[0-9+\-().\s/]+$")
_CN_ZIP_RE = re.compile(r"^[0-9]{6}$")
_ZIP_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9 -]{1,8})[A-Z0-9]$")


class ReceiverError(InputError):
    """A receiver field that is missing or malformed. `params["field"]` names the field."""


def _error(field: str, problem: str, message: str, **params: Any) -> ReceiverError:
    return ReceiverError(f"receiver.{field}.{problem}", message, {"field": field, **params})


def _normalize(text: str | None) -> str:
    # Control and bidi characters out (bot.domain.text.clean); NFKC turns full-width digits and
    # letters into ASCII; runs of whitespace collapse.
    text = clean(unicodedata.normalize("NFKC", text or ""))
    return re.sub(r"\s+", " ", text).strip()


def normalize_country(text: str) -> str:
    """Country as stored: every spelling of China becomes 中国, others stay as typed."""
    cleaned = _normalize(text)
    if cleaned.lower() in _CHINA_ALIASES:
        return CHINA
    return cleaned


def region_for_country(country: str | None) -> str | None:
    """phonenumbers region code for a country we know, else None."""
    if not country:
        return None
    known = _COUNTRY_REGIONS.get(normalize_country(country).lower())
    if known is not None:
        return known
    try:
        return find_country(country)
    except CountryError:
        return None


def is_china(country: str | None) -> bool:
    return normalize_country(country or CHINA) == CHINA


def zip_required(country: str | None) -> bool:
    """Whether an address in `country` needs a postal code: as Google's address data says
    (Singapore yes, Thailand no). Not in China, whatever that data says: Chinese marketplaces
    route by province, city and district, and their address forms and the platform take an
    address without one. A country we do not know is asked for one."""
    code = region_for_country(country or CHINA)
    if code is None:
        return True
    if code == CHINA_CODE:
        return False
    return "postal_code" in rules(code).required_fields


def is_optional_field(field: str, country: str | None) -> bool:
    """Whether the member may skip `field` for an address in `country`."""
    return field in ALWAYS_OPTIONAL_FIELDS or (field == "zip" and not zip_required(country))


def validate_mobile(text: str, default_region: str = "CN") -> str:
    """A mobile number in any common spelling → E.164 (`+8613812345678`).

    `default_region` reads numbers written without a country code (TH: `0812345678`).
    """
    cleaned = _normalize(text)
    if not cleaned:
        raise _error("mobile", "empty", "Please enter a mobile number.")
    if not _MOBILE_CHARS_RE.match(cleaned):
        raise _error(
            "mobile", "invalid", f"“{cleaned[:40]}” is not a phone number.", text=cleaned[:40]
        )
    if cleaned.startswith("00"):  # 0086…: the international prefix, whatever the region
        cleaned = "+" + cleaned[2:]
    digits = re.sub(r"\D", "", cleaned)
    try:
        number = phonenumbers.parse(cleaned, default_region)
    except NumberParseException as exc:
        if exc.error_type in (
            NumberParseException.TOO_SHORT_NSN,
            NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            raise _error("mobile", "too_short", "This mobile number is too short.") from exc
        raise _error(
            "mobile", "invalid", f"“{cleaned[:40]}” is not a phone number.", text=cleaned[:40]
        ) from exc
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        national = str(number.national_number)
        too_short = reason == phonenumbers.ValidationResult.TOO_SHORT or len(digits) < 5
        too_long = reason == phonenumbers.ValidationResult.TOO_LONG
        if number.country_code == 86 and national.startswith("1"):
            # Chinese mobiles are 11 digits: say which way it is off.
            too_short, too_long = len(national) < 11, len(national) > 11
        if too_short:
            raise _error("mobile", "too_short", "This mobile number is too short.")
        if too_long:
            raise _error("mobile", "too_long", "This mobile number is too long.")
        raise _error(
            "mobile",
            "invalid",
            f"{cleaned} is not a valid mobile number. Check the digits and the country code.",
            text=cleaned,
        )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _error(
            "mobile",
            "not_mobile",
            "This looks like a landline. Please give a mobile number (put a landline under phone).",
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _clean_name(text: str) -> str:
    name = _normalize(text)
    if not name:
        raise _error("name", "empty", "Please enter the receiver's name.")
    if len(name) > NAME_MAX:
        raise _error(
            "name", "too_long", f"The name is longer than {NAME_MAX} characters.", maximum=NAME_MAX
        )
    if not any(ch.isalpha() for ch in name):
        if re.sub(r"[\s+\-().]", "", name).isdigit():
            raise _error("name", "digits_only", "The name cannot be only digits.")
        raise _error("name", "invalid", "The name must contain letters or characters.")
    return name


def _at_most(field: str, label: str, value: str, maximum: int) -> str:
    if len(value) > maximum:
        raise _error(
            field,
            "too_long",
            f"The {label} is longer than {maximum} characters.",
            maximum=maximum,
        )
    return value


def _clean_phone(text: str) -> str:
    return _at_most("phone", "phone", _normalize(text), PHONE_MAX)


def _clean_country(text: str, strict: bool = False) -> str:
    country = _at_most("country", "country", normalize_country(text), COUNTRY_MAX)
    if not country:
        raise _error("country", "empty", "Please enter the country.")
    if strict and country != CHINA:  # typed now: a country we know, by its English name
        try:
            return country_name(find_country(country))
        except CountryError as exc:
            raise _error(
                "country",
                "unknown",
                f"“{country[:40]}” is not a country I know. Type its name or code (VN, US).",
                text=country[:40],
            ) from exc
    return country


def _clean_region(field: str, label: str, text: str) -> str:
    value = _normalize(text)
    if not value:
        raise _error(field, "empty", f"Please enter the {label}.")
    return _at_most(field, label, value, REGION_MAX)


def _clean_state(text: str, country: str) -> str:
    state = _clean_region("state", "province or state", text)
    if is_china(country):
        province = province_for(state)
        if province is None:
            raise _error(
                "state",
                "unknown_province",
                f"“{state}” is not a Chinese province. Write it like 浙江省, 广东 or Shanghai.",
                text=state,
            )
        return province.name
    return state


def _clean_district(text: str) -> str:
    # Optional: some cities (东莞市, 中山市) have no district level.
    return _at_most("district", "district", _normalize(text), REGION_MAX)


def _clean_address(text: str) -> str:
    address = _normalize(text)
    if not address:
        raise _error("address", "empty", "Please enter the street address.")
    if len(address) < ADDRESS_MIN:
        raise _error(
            "address",
            "too_short",
            f"The street address needs at least {ADDRESS_MIN} characters (street and number).",
            minimum=ADDRESS_MIN,
        )
    if len(address) > ADDRESS_MAX:
        raise _error(
            "address",
            "too_long",
            f"The street address is longer than {ADDRESS_MAX} characters.",
            maximum=ADDRESS_MAX,
        )
    return address


def _clean_zip(text: str, country: str, strict: bool = False) -> str:
    value = _normalize(text).upper()
    if not value:
        if not zip_required(country):
            return ""
        raise _error("zip", "empty", "Please enter the postal code.")
    if is_china(country):
        compact = value.replace(" ", "")
        if not _CN_ZIP_RE.match(compact):
            raise _error(
                "zip",
                "invalid_cn",
                "A Chinese postal code is exactly 6 digits, like 311121.",
                text=value,
            )
        return compact
    if not _ZIP_RE.match(value):
        raise _error(
            "zip",
            "invalid",
            "A postal code has 3 to 10 letters, digits, spaces or dashes.",
            text=value,
        )
    code = region_for_country(country) if strict else None
    matchers = rules(code).postal_code_matchers if code else []
    if matchers and not all(matcher.match(value) for matcher in matchers):
        examples = ", ".join(rules(code).postal_code_examples[:2])
        raise _error(
            "zip",
            "wrong_shape",
            f"“{value}” is not a postal code of {country_name(code)} (e.g. {examples}).",
            text=value,
            country=country_name(code),
            example=examples,
        )
    return value


@functools.lru_cache(maxsize=4096)
def validate_field(name: str, text: str, *, country: str = CHINA, strict: bool = False) -> str:
    """Validate one step of the step-by-step address entry; returns the cleaned value.

    `country` (the one given so far) decides the zip rule, the province check and how a mobile
    without country code is read. `strict` (what a member types or pastes now, not a stored
    receiver read back) also wants a country we know and its own postal-code shape. The answer
    depends on nothing else, so it is remembered: every stored draft's receiver is checked again
    each time the draft is read, and a phone number costs the phonenumbers library a tenth of a
    millisecond (errors are not kept).
    """
    validators: dict[str, Callable[[str], str]] = {
        "name": _clean_name,
        "mobile": lambda t: validate_mobile(t, region_for_country(country) or "CN"),
        "phone": _clean_phone,
        "country": lambda t: _clean_country(t, strict),
        "state": lambda t: _clean_state(t, country),
        "city": lambda t: _clean_region("city", "city", t),
        "district": _clean_district,
        "address": _clean_address,
        "zip": lambda t: _clean_zip(t, country, strict),
    }
    if name not in validators:
        raise KeyError(f"no receiver field {name!r}; fields are {', '.join(RECEIVER_FIELDS)}")
    return validators[name](text)
