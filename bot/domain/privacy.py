"""What of a receiver may be shown where others read along (a team group chat): the mobile and
landline masked (`138****5678`), the street cut before the house number. Names, regions and
postal codes stay: they do not locate a person. The full receiver is shown only privately."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException

CHINA_CALLING_CODE = 86
MASK = "****"
STREET_MAX = 16  # characters of a street kept at most, before "…"

_DIGIT_RE = re.compile(r"[0-9]")
_NUMBER_TOKEN_RE = re.compile(r"(?:#|\bno\.?\s*)?[0-9][^\s,，]*", re.I)
_NUMBER_WORD_RE = re.compile(r"(?:\bno\.?|#|第)\s*$", re.I)  # "No. 12", "#12", "第12": the number's
_TRIM = " ,，-#/·"


def mask_phone(number: str) -> str:
    """`+8613812345678` → `138****5678`; abroad the country code stays: `+66 81****5678`.
    Only the first 3 and last 4 digits of the national number are kept (fewer for short ones)."""
    digits = re.sub(r"[^0-9]", "", number)
    prefix, national = "", digits
    if number.strip().startswith("+"):
        try:
            parsed = phonenumbers.parse(number, None)
        except NumberParseException:
            parsed = None
        if parsed is not None:
            national = str(parsed.national_number)
            if parsed.country_code != CHINA_CALLING_CODE:
                prefix = f"+{parsed.country_code} "
    if len(national) >= 9:
        return f"{prefix}{national[:3]}{MASK}{national[-4:]}"
    if len(national) >= 6:
        return f"{prefix}{national[:2]}{MASK}{national[-2:]}"
    return f"{prefix}{MASK}"


def shorten_street(address: str) -> str:
    """`文一西路969号` → `文一西路…`, `969 Wenyi West Rd, Room 12` → `Wenyi West Rd…`: the street
    without its house number, building and room; a street without numbers keeps its first half."""
    text = " ".join(address.split())
    if not text:
        return ""
    digit = _DIGIT_RE.search(text)
    if digit is None:
        head = text[: max(1, len(text) // 2)]
    else:
        head = _NUMBER_WORD_RE.sub("", text[: digit.start()]).strip(_TRIM)
        if len(head) < 2:  # the number comes first: keep the words of the first part
            words = _NUMBER_TOKEN_RE.sub(" ", text.split(",")[0].split("，")[0])
            head = " ".join(words.split())
    if len(head) > STREET_MAX:
        cut = head[:STREET_MAX]
        head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.strip(_TRIM) + "…"


def mask_receiver_field(field: str, value: str) -> str:
    """A receiver field as it may be shown in a group: the one rule for every group text."""
    if not value:
        return value
    if field in ("mobile", "phone"):
        return mask_phone(value)
    if field == "address":
        return shorten_street(value)
    return value
