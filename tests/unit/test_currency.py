"""Money in other currencies: integer minor units per ISO 4217 code, exact parsing, rendering."""

import pytest

from bot.domain.countries import CountryError, country_name, find_country
from bot.domain.currency import (
    Amount,
    CurrencyError,
    check_code,
    currency_of_country,
    exponent,
    format_amount,
    parse_amount,
)


@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("VND", 0),
        ("IDR", 0),
        ("JPY", 0),
        ("KRW", 0),
        ("USD", 2),
        ("THB", 2),
        ("PHP", 2),
        ("MYR", 2),
        ("SGD", 2),
        ("CNY", 2),
    ],
)
def test_exponents_of_zero_and_two_decimal_currencies(code, places):
    assert exponent(code) == places


@pytest.mark.parametrize(
    ("text", "code", "minor"),
    [
        ("250000", "VND", 250000),
        (250000, "VND", 250000),
        ("150000.00", "IDR", 150000),  # trailing zeros are exact
        ("1200", "JPY", 1200),
        ("12.34", "USD", 1234),
        ("12.3", "USD", 1230),
        ("12", "USD", 1200),
        ("0.01", "SGD", 1),
        ("-5.00", "THB", -500),
    ],
)
def test_wire_amounts_are_read_exactly(text, code, minor):
    assert parse_amount(text, code) == Amount(minor, code)


@pytest.mark.parametrize(
    ("text", "code", "problem"),
    [
        ("1.5", "VND", "currency.too_precise"),  # no half dong
        ("150000.5", "IDR", "currency.too_precise"),
        ("12.345", "USD", "currency.too_precise"),
        ("12,34", "USD", "currency.not_amount"),
        ("1e3", "USD", "currency.not_amount"),
        ("", "USD", "currency.not_amount"),
        ("9" * 16, "USD", "currency.not_amount"),
        ("1", "XYZ", "currency.unknown"),
    ],
)
def test_inexact_or_malformed_amounts_are_refused(text, code, problem):
    with pytest.raises(CurrencyError) as caught:
        parse_amount(text, code)
    assert caught.value.code == problem


def test_floats_never_enter():
    with pytest.raises(CurrencyError):
        parse_amount(12.34, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Amount(12.5, "USD")  # type: ignore[arg-type]


def test_rendering_per_currency_and_language():
    assert format_amount(Amount(1234, "USD")) == "$12.34"
    assert format_amount(Amount(250000, "VND")) == "₫250,000"
    assert format_amount(Amount(1200, "JPY")) == "¥1,200"
    assert format_amount(Amount(150000, "IDR")) == "IDR150,000"
    assert format_amount(Amount(1234, "THB")) == "THB12.34"
    assert format_amount(Amount(8765, "CNY"), "zh") == "¥87.65"


def test_wire_form_and_sums_stay_exact():
    assert Amount(1234, "USD").to_wire() == "12.34"
    assert Amount(5, "USD").to_wire() == "0.05"
    assert Amount(250000, "VND").to_wire() == "250000"
    assert Amount(1, "USD") + Amount(2, "USD") == Amount(3, "USD")
    with pytest.raises(ValueError):
        Amount(1, "USD") + Amount(1, "VND")
    assert check_code(" usd ") == "USD"


def test_countries_by_code_name_alias_and_language():
    assert [find_country(t) for t in ("VN", "vn", "Vietnam", "Viet Nam", "越南")] == ["VN"] * 5
    assert find_country("USA") == find_country("美国") == "US"
    assert find_country("Côte d’Ivoire") == find_country("Cote dIvoire") == "CI"
    assert country_name("VN", "zh") == "越南"
    assert currency_of_country("VN") == "VND" and currency_of_country("ID") == "IDR"
    for bad in ("Narnia", "Europe", "XX", ""):
        with pytest.raises(CountryError):
            find_country(bad)
