"""The receiver (shipping address): the model, the two wire shapes, text, and address blocks.

Field checks live in `receiver_fields` (re-exported here), used both by the step-by-step flow
(`validate_field`) and by the `Receiver` model, so both give the same errors.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from bot.domain.address_text import (
    extract_address_fields,
    extract_foreign_address_fields,
    foreign_country_of,
)
from bot.domain.privacy import mask_receiver_field
from bot.domain.receiver_fields import (
    CHINA,
    RECEIVER_FIELDS,
    ReceiverError,
    is_china,
    is_optional_field,
    normalize_country,
    region_for_country,
    validate_field,
    validate_mobile,
    zip_required,
)

__all__ = [
    "ASKED_FIELDS",
    "CHINA",
    "RECEIVER_FIELDS",
    "ParsedAddress",
    "Receiver",
    "ReceiverError",
    "build_receiver",
    "format_mobile",
    "format_receiver",
    "is_china",
    "is_optional_field",
    "normalize_country",
    "parse_address_block",
    "receiver_error",
    "region_for_country",
    "to_1688_wire",
    "to_taobao_wire",
    "validate_field",
    "validate_mobile",
    "zip_required",
]


class Receiver(BaseModel):
    """Who receives the goods. `mobile` is E.164; `country` is 中国 for every China spelling.

    Fields are declared with `country` first so the others can depend on it.
    """

    model_config = ConfigDict(frozen=True)

    country: str = CHINA
    name: str
    mobile: str
    phone: str = ""
    state: str
    city: str
    district: str = ""
    address: str
    # Optional where the country's addresses need none (receiver_fields.zip_required): checked
    # even when left out, so a Singapore address without one is refused.
    zip: str = Field("", validate_default=True)

    @field_validator(*RECEIVER_FIELDS, mode="before")
    @classmethod
    def _check_field(cls, value: object, info: ValidationInfo) -> str:
        field = str(info.field_name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a zip or mobile read back as a JSON number
        if value is not None and not isinstance(value, str):
            raise ReceiverError(
                f"receiver.{field}.invalid", f"The {field} must be text.", {"field": field}
            )
        country = CHINA if field == "country" else (info.data.get("country") or CHINA)
        return validate_field(field, value or "", country=country)


def receiver_error(exc: ValidationError) -> ReceiverError:
    """The first problem of a failed `Receiver(...)` as a ReceiverError (code, message, params)."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "receiver"
    original = (first.get("ctx") or {}).get("error")
    if isinstance(original, ReceiverError):
        return original
    if first["type"] == "missing":
        return ReceiverError(
            f"receiver.{field}.empty", f"The {field} is missing.", {"field": field}
        )
    return ReceiverError(
        f"receiver.{field}.invalid", f"The {field} is not valid: {first['msg']}.", {"field": field}
    )


def build_receiver(**fields: Any) -> Receiver:
    """`Receiver(**fields)`, raising ReceiverError (not pydantic's ValidationError)."""
    try:
        return Receiver(**fields)
    except ValidationError as exc:
        raise receiver_error(exc) from exc


CHINA_CALLING_PREFIX = "+86"


def _wire_mobile(mobile: str) -> str:
    # Chinese platforms want the 11 national digits for a Chinese mobile; others keep E.164.
    # A receiver's mobile is E.164, whose country codes are prefix-free: "+86" is China.
    return mobile.removeprefix(CHINA_CALLING_PREFIX)


def to_taobao_wire(receiver: Receiver) -> dict[str, str]:
    """The `receiver` object of `/open/order` and `/open/order/render` (sent as a JSON string)."""
    return {
        "zip": receiver.zip,
        "country": receiver.country,
        "address": receiver.address,
        "city": receiver.city,
        "phone": receiver.phone,
        "mobile_phone": _wire_mobile(receiver.mobile),
        "district": receiver.district,
        "name": receiver.name,
        "state": receiver.state,
    }


def to_1688_wire(receiver: Receiver) -> dict[str, str]:
    """The `addressParam` object of the 1688 order create/preview calls."""
    return {
        "fullName": receiver.name,
        "mobile": _wire_mobile(receiver.mobile),
        "phone": receiver.phone,
        "postCode": receiver.zip,
        "provinceText": receiver.state,
        "cityText": receiver.city,
        "areaText": receiver.district,
        "townText": "",
        "address": receiver.address,
    }


def format_mobile(mobile: str) -> str:
    """E.164 → `+86 138 1234 5678` for people."""
    try:
        number = phonenumbers.parse(mobile, None)
    except NumberParseException:
        return mobile
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def format_receiver(receiver: Receiver, *, masked: bool = False) -> str:
    """Several lines for a preview: name, numbers, region, street, zip and country. `masked`:
    for a group chat, the numbers masked and the street shortened (bot.domain.privacy)."""
    if masked:
        numbers = mask_receiver_field("mobile", receiver.mobile)
        phone = mask_receiver_field("phone", receiver.phone)
        address = mask_receiver_field("address", receiver.address)
    else:
        numbers, phone, address = format_mobile(receiver.mobile), receiver.phone, receiver.address
    if phone:
        numbers += f" / {phone}"
    region = [receiver.state]
    if receiver.city != receiver.state:  # municipalities: 上海市 once, not twice
        region.append(receiver.city)
    if receiver.district:
        region.append(receiver.district)
    return "\n".join(
        [
            receiver.name,
            numbers,
            " ".join(region),
            address,
            " ".join(part for part in (receiver.zip, receiver.country) if part),
        ]
    )


# The fields the bot asks for, in the order of the step-by-step entry (phone is optional).
ASKED_FIELDS = ("name", "mobile", "country", "state", "city", "district", "address", "zip")


class ParsedAddress(BaseModel):
    """What `parse_address_block` was sure of (validated), which fields still to ask, and why
    a value that was found could not be used (`problems`: the mobile is too short…)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str | None = None
    mobile: str | None = None
    phone: str | None = None
    country: str | None = None
    state: str | None = None
    city: str | None = None
    district: str | None = None
    address: str | None = None
    zip: str | None = None
    missing: list[str] = []
    problems: list[ReceiverError] = []

    @property
    def complete(self) -> bool:
        return not self.missing

    def found(self) -> dict[str, str]:
        """The fields that were found, ready for `build_receiver(**found, **answers)`."""
        return {f: v for f in RECEIVER_FIELDS if (v := getattr(self, f)) is not None}


def parse_address_block(text: str) -> ParsedAddress:
    """Read a whole pasted address (one line, labelled lines, or English) into fields.

    Each field found is validated like its step; a value that fails is left out, its error kept
    in `problems`, and listed in `missing` together with the fields that were not found, so the
    bot asks only for those. A landline where the mobile was expected is a problem of the mobile.
    """
    abroad = foreign_country_of(text)
    if abroad is not None:  # Vietnamese, US… blocks: their own parts, not 省/市/区
        raw = extract_foreign_address_fields(text, abroad)
    else:
        raw = extract_address_fields(text)
    values: dict[str, str] = {}
    problems: list[ReceiverError] = []
    if "country" in raw:
        try:
            values["country"] = validate_field("country", raw["country"], strict=True)
        except ReceiverError as exc:
            problems.append(exc)
    country = values.get("country", CHINA)
    for field in RECEIVER_FIELDS:
        if field == "country" or field not in raw:
            continue
        try:
            values[field] = validate_field(field, raw[field], country=country, strict=True)
        except ReceiverError as exc:
            problems.append(exc)
    if "mobile" not in raw and values.get("phone"):
        try:  # only a landline was given: "this looks like a landline", unless it is a mobile
            values["mobile"] = validate_mobile(values["phone"], region_for_country(country) or "CN")
            del values["phone"]
        except ReceiverError as exc:
            problems.append(exc)
    missing = [field for field in ASKED_FIELDS if not values.get(field)]
    return ParsedAddress(**values, missing=missing, problems=problems)
