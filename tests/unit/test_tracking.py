"""Return tracking numbers: cleaned up as people paste them, checked against the carrier."""

from __future__ import annotations

import pytest

from bot.domain.tracking import (
    CARRIER_SHAPES,
    TrackingError,
    parse_tracking_number,
    tracking_example,
)


@pytest.mark.parametrize(
    ("text", "carrier", "number"),
    [
        ("SF1234567890123", "SF", "SF1234567890123"),
        ("sf 1234-5678-9012-3", "SF", "SF1234567890123"),
        ("ＳＦ１２３４５６７８９０１２３", "SF", "SF1234567890123"),  # full-width
        ("123456789012", "SF", "123456789012"),
        ("YT1234567890123", "yto", "YT1234567890123"),
        ("78912345678901", "ZTO", "78912345678901"),
        ("jdva12345678901", "JD", "JDVA12345678901"),
        ("EA123456789CN", "EMS", "EA123456789CN"),
        ("AB12.34.56", "DHL", "AB123456"),  # a carrier we do not know: letters and digits
    ],
)
def test_numbers_in_the_carriers_shape_are_taken(text, carrier, number):
    assert parse_tracking_number(text, carrier) == number


@pytest.mark.parametrize(
    ("text", "carrier", "code"),
    [
        ("", "SF", "tracking.empty"),
        ("   ", "SF", "tracking.empty"),
        ("1" * 65, "SF", "tracking.too_long"),
        ("SF12345<b>", "SF", "tracking.invalid_chars"),
        ("顺丰1234567890", "SF", "tracking.invalid_chars"),
        ("12345", "SF", "tracking.bad_shape"),
        ("YT123", "YTO", "tracking.bad_shape"),
        ("SF1234567890123", "ZTO", "tracking.bad_shape"),  # another carrier's number
        ("ABC", "DHL", "tracking.bad_shape"),
    ],
)
def test_numbers_that_cannot_be_the_carriers_are_refused(text, carrier, code):
    with pytest.raises(TrackingError) as caught:
        parse_tracking_number(text, carrier, "顺丰速运")
    assert caught.value.code == code


def test_a_refusal_shows_what_the_number_should_look_like():
    with pytest.raises(TrackingError) as caught:
        parse_tracking_number("12345", "SF", "顺丰速运")
    assert caught.value.params == {
        "text": "12345",
        "company": "顺丰速运",
        "example": "SF1234567890123",
    }
    assert tracking_example("unknown") == "AB1234567890"
    for shape in CARRIER_SHAPES.values():
        assert shape.pattern.match(shape.example)
