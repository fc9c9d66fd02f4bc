"""Return tracking numbers: normalised, and checked against the carrier's known shape.

A buyer copies the number from a courier's receipt or app, often with spaces, dashes or in
full-width characters. We keep only letters and digits, upper-cased, and check the shape the
carrier prints; a carrier we do not know gets a generic check (6–30 letters and digits).
Carrier codes are the platform's `logisticsCompanyCode` (return-logistics render).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.domain.errors import InputError

MAX_INPUT_CHARS = 64


class TrackingError(InputError):
    """A tracking number that cannot be the carrier's."""


@dataclass(frozen=True, slots=True)
class CarrierShape:
    pattern: re.Pattern[str]
    example: str


def _shape(pattern: str, example: str) -> CarrierShape:
    compiled = re.compile(rf"^(?:{pattern})$")
    assert compiled.match(example), example
    return CarrierShape(compiled, example)


# Shapes as the carriers print them on their waybills.
CARRIER_SHAPES: dict[str, CarrierShape] = {
    "SF": _shape(r"SF\d{12,13}|\d{12}", "SF1234567890123"),  # 顺丰
    "ZTO": _shape(r"\d{12,15}", "78912345678901"),  # 中通
    "YTO": _shape(r"YT\d{13}", "YT1234567890123"),  # 圆通
    "STO": _shape(r"\d{12,13}", "7731234567890"),  # 申通
    "YUNDA": _shape(r"\d{13,15}", "4312345678901"),  # 韵达
    "JD": _shape(r"JD[0-9A-Z]{11,18}", "JDVA12345678901"),  # 京东
    "EMS": _shape(r"[A-Z]{2}\d{9}[A-Z]{2}|1\d{12}", "1123456789012"),  # 中国邮政 EMS
    "JT": _shape(r"JT\d{13}", "JT1234567890123"),  # 极兔
}
GENERIC_SHAPE = _shape(r"[A-Z0-9]{6,30}", "AB1234567890")
_SEPARATORS_RE = re.compile(r"[\s\-_./·]+")


def tracking_example(carrier_code: str) -> str:
    return CARRIER_SHAPES.get(carrier_code.upper(), GENERIC_SHAPE).example


def parse_tracking_number(text: str, carrier_code: str, carrier_name: str = "") -> str:
    """The tracking number in the carrier's shape (letters and digits, upper case), or a
    TrackingError saying what is wrong and what it should look like."""
    raw = (text or "").strip()
    if not raw:
        raise TrackingError("tracking.empty", "Please send the tracking number.")
    if len(raw) > MAX_INPUT_CHARS:
        raise TrackingError(
            "tracking.too_long",
            f"A tracking number is at most {MAX_INPUT_CHARS} characters.",
            {"limit": MAX_INPUT_CHARS},
        )
    number = _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", raw)).upper()
    if not number.isascii() or not number.isalnum():
        raise TrackingError(
            "tracking.invalid_chars",
            f"“{raw}” has characters a tracking number does not have; use letters and digits.",
            {"text": raw},
        )
    shape = CARRIER_SHAPES.get(carrier_code.upper(), GENERIC_SHAPE)
    if not shape.pattern.match(number):
        company = carrier_name or carrier_code
        raise TrackingError(
            "tracking.bad_shape",
            f"“{raw}” does not look like a {company} tracking number (like {shape.example}).",
            {"text": raw, "company": company, "example": shape.example},
        )
    return number
