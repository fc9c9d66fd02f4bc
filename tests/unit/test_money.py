import pickle
from decimal import Decimal

import pytest

from bot.domain.errors import InputError
from bot.domain.money import (
    MAX_AMOUNT_FEN,
    MoneyError,
    budget_examples,
    fen_to_yuan,
    fen_to_yuan_text,
    format_fen,
    format_fen_with_raw,
    parse_amount,
    parse_yuan_wire,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (1234, "¥12.34"),
        (1200, "¥12.00"),
        (123450, "¥1,234.50"),
        (100000000, "¥1,000,000.00"),
        (-1234, "-¥12.34"),
        (-5, "-¥0.05"),
    ],
)
def test_format_fen(fen: int, text: str) -> None:
    assert format_fen(fen) == text


def test_format_fen_with_raw() -> None:
    assert format_fen_with_raw(1234) == "¥12.34 (1234 fen)"
    assert format_fen_with_raw(123450) == "¥1,234.50 (123450 fen)"


@pytest.mark.parametrize("bad", [12.34, True, "1234", None, Decimal("12")])
def test_format_fen_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_fen(bad)  # type: ignore[arg-type]


def test_fen_to_yuan_is_exact() -> None:
    assert fen_to_yuan(1250) == Decimal("12.50")
    assert str(fen_to_yuan(1250)) == "12.50"
    assert fen_to_yuan_text(1250) == "12.50"
    assert fen_to_yuan_text(5) == "0.05"
    assert fen_to_yuan_text(-105) == "-1.05"
    assert fen_to_yuan_text(123456789) == "1234567.89"


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12", 1200),
        ("12.3", 1230),
        ("12.34", 1234),
        ("0.01", 1),
        (".5", 50),
        ("12.", 1200),
        ("¥12.3", 1230),
        ("￥12.30", 1230),
        ("¥ 12", 1200),
        ("12元", 1200),
        ("12 元", 1200),
        ("12块", 1200),
        ("12.5 yuan", 1250),
        ("12.5YUAN", 1250),
        ("CNY 12.5", 1250),
        ("cny12.5", 1250),
        ("RMB12", 1200),
        ("12 RMB", 1200),
        ("1234分", 1234),
        ("1234 fen", 1234),
        ("1234 FEN", 1234),
        ("1,234.50", 123450),
        ("¥1,234,567.89", 123456789),
        ("１２.３４", 1234),
        ("１２３４分", 1234),
        ("￥１，２３４．５", 123450),
        ("  12.34  ", 1234),
        ("10000000", MAX_AMOUNT_FEN),
    ],
)
def test_parse_amount_accepts(text: str, fen: int) -> None:
    assert parse_amount(text) == fen
    assert isinstance(parse_amount(text), int)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "amount.empty"),
        ("   ", "amount.empty"),
        ("12.345", "amount.too_precise"),
        ("0.001", "amount.too_precise"),
        ("¥12.340", "amount.too_precise"),
        ("-12", "amount.negative"),
        ("−12", "amount.negative"),
        ("-¥12", "amount.negative"),
        ("¥-12", "amount.negative"),
        ("0", "amount.zero"),
        ("0.00", "amount.zero"),
        ("0分", "amount.zero"),
        ("abc", "amount.invalid"),
        ("12abc", "amount.invalid"),
        ("twelve", "amount.invalid"),
        ("12.3.4", "amount.invalid"),
        ("1e3", "amount.invalid"),
        ("¥", "amount.invalid"),
        (".", "amount.invalid"),
        ("12$", "amount.invalid"),
        ("¥1234分", "amount.invalid"),
        ("1" * 100, "amount.invalid"),
        ("12.5分", "amount.fen_fraction"),
        ("12,50", "amount.bad_separator"),
        ("1,23,456", "amount.bad_separator"),
        ("10000000.01", "amount.too_large"),
        ("99999999999", "amount.too_large"),
    ],
)
def test_parse_amount_rejects(text: str, code: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_amount(text)
    assert caught.value.code == code
    assert caught.value.message
    assert isinstance(caught.value, InputError)
    assert isinstance(caught.value, ValueError)


def test_parse_amount_zero_when_allowed() -> None:
    assert parse_amount("0", allow_zero=True) == 0
    assert parse_amount("¥0.00", allow_zero=True) == 0


def test_parse_amount_custom_maximum_reports_it() -> None:
    assert parse_amount("100", maximum_fen=10000) == 10000
    with pytest.raises(MoneyError) as caught:
        parse_amount("100.01", maximum_fen=10000)
    assert caught.value.code == "amount.too_large"
    assert caught.value.params == {"maximum": "¥100.00", "maximum_fen": 10000}
    assert "¥100.00" in caught.value.message


def test_too_precise_reports_decimals() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_amount("1.2345")
    assert caught.value.params == {"decimals": 4}


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("12.5"), 1250),
        (Decimal("12.50"), 1250),
        (Decimal("0.01"), 1),
        (Decimal("12.500"), 1250),  # trailing zeros are still exact
        ("12.50", 1250),
        (" 12.5 ", 1250),
        ("0", 0),
        ("-3.2", -320),
        (12, 1200),
        (Decimal("1E+2"), 10000),
        (Decimal("99999999.99"), 9999999999),
    ],
)
def test_exact_yuan_conversions(value: Decimal | str | int, fen: int) -> None:
    assert yuan_to_fen(value) == fen
    assert parse_yuan_wire(value) == fen


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("12.345"), "amount.too_precise"),
        ("12.345", "amount.too_precise"),
        ("0.001", "amount.too_precise"),
        ("", "amount.invalid"),
        ("abc", "amount.invalid"),
        ("¥12", "amount.invalid"),
        ("1e2", "amount.invalid"),
        ("12.", "amount.invalid"),
        (Decimal("NaN"), "amount.invalid"),
        (Decimal("Infinity"), "amount.invalid"),
    ],
)
def test_wire_yuan_rejects(value: Decimal | str, code: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_yuan_wire(value)
    assert caught.value.code == code


@pytest.mark.parametrize(("bad", "type_name"), [(12.5, "float"), (True, "bool"), ([12], "list")])
def test_wire_yuan_refuses_floats_and_other_types(bad: object, type_name: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_yuan_wire(bad)  # type: ignore[arg-type]
    assert caught.value.code == "amount.bad_type"
    assert caught.value.params == {"type": type_name}


def test_wire_yuan_inside_a_pydantic_model_reports_a_validation_error() -> None:
    from typing import Annotated

    from pydantic import BaseModel, BeforeValidator, ValidationError

    class Amounts(BaseModel):
        total: Annotated[int, BeforeValidator(parse_yuan_wire)]
        fee: Annotated[int, BeforeValidator(parse_yuan_wire)] | None = None

    assert Amounts(total="12.50").total == 1250
    assert Amounts.model_validate({"total": Decimal("0.5"), "fee": None}).fee is None
    for bad in (12.5, "12.345"):
        with pytest.raises(ValidationError):
            Amounts(total=bad)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("0.125"), 13),
        (Decimal("0.124"), 12),
        ("1.005", 101),
        ("-0.125", -13),
        ("12.34", 1234),
    ],
)
def test_yuan_to_fen_rounds_half_up_only_when_asked(value: Decimal | str, fen: int) -> None:
    assert yuan_to_fen(value, round_half_up=True) == fen


def test_json_numbers_read_as_decimal_convert_exactly() -> None:
    import json

    data = json.loads('{"totalAmount": 12.5, "shippingFee": 0.1}', parse_float=Decimal)
    assert parse_yuan_wire(data["totalAmount"]) == 1250
    assert parse_yuan_wire(data["shippingFee"]) == 10


def test_error_keeps_code_message_params_and_pickles() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_amount("12,50")
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.params) == (error.code, error.message, error.params)
    assert str(copy) == error.message
    assert "amount.bad_separator" in repr(copy)


@pytest.mark.parametrize(
    ("total", "examples"),
    [
        (8400, (9000, 9550)),  # ¥84.00 → ¥90 and ¥95.50
        (9000, (10000, 10550)),  # a round total: the next round number, never the total itself
        (2, (100, 150)),  # the 1-fen test products
        (500, (600, 650)),
        (123456, (130000, 135050)),  # ¥1,234.56 → ¥1,300 and ¥1,350.50
    ],
)
def test_budget_examples_are_round_numbers_above_the_total(total, examples):
    assert budget_examples(total) == examples


def test_budget_examples_are_always_above_the_total_and_parse_back():
    for total in [0, 1, 99, 100, 101, 999, 4999, 5000, 99_999, 100_000, 7_777_777]:
        first, second = budget_examples(total)
        assert total < first < second
        assert first % 100 == 0  # whole yuan, as people type them
        assert parse_amount(str(first // 100)) == first
        assert parse_amount(format_fen(second)) == second
