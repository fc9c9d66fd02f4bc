import pytest
from pydantic import ValidationError

from bot.domain.quantity import (
    MAX_ORDER_LINES,
    MAX_QUANTITY,
    OrderLineInput,
    PriceTier,
    QuantityError,
    check_quantity,
    parse_order_lines,
    parse_quantity,
    tier_price,
)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("1", 1),
        ("3", 3),
        (" 12 ", 12),
        ("３", 3),
        ("１２０", 120),
        ("3件", 3),
        ("3 个", 3),
        ("10 pcs", 10),
        ("1 pc", 1),
        ("2 units", 2),
        ("x3", 3),
        ("×3", 3),
        ("3x", 3),
        ("2.0", 2),
        ("1,000", 1000),
        ("100000", MAX_QUANTITY),
    ],
)
def test_parse_quantity_accepts(text: str, quantity: int) -> None:
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize(
    ("text", "kwargs", "code", "params"),
    [
        ("", {}, "quantity.empty", {}),
        ("  ", {}, "quantity.empty", {}),
        ("abc", {}, "quantity.not_a_number", {"text": "abc"}),
        ("three", {}, "quantity.not_a_number", {"text": "three"}),
        ("3 boxes", {}, "quantity.not_a_number", {"text": "3 boxes"}),
        ("1,00", {}, "quantity.not_a_number", {"text": "1,00"}),
        ("9" * 40, {}, "quantity.not_a_number", {"text": "9" * 32}),
        ("2.5", {}, "quantity.not_whole", {}),
        ("-1", {}, "quantity.negative", {}),
        ("0", {}, "quantity.zero", {}),
        ("0.0", {}, "quantity.zero", {}),
        ("5", {"minimum": 10}, "quantity.below_minimum", {"minimum": 10, "quantity": 5}),
        ("11", {"stock": 10}, "quantity.above_stock", {"stock": 10, "quantity": 11}),
        ("1", {"stock": 0}, "quantity.out_of_stock", {}),
        ("100001", {}, "quantity.too_large", {"maximum": MAX_QUANTITY, "quantity": 100001}),
        ("51", {"maximum": 50}, "quantity.too_large", {"maximum": 50, "quantity": 51}),
    ],
)
def test_parse_quantity_rejects(
    text: str, kwargs: dict[str, int], code: str, params: dict[str, object]
) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, **kwargs)
    assert caught.value.code == code
    assert caught.value.params == params
    assert caught.value.message


def test_moq_and_stock_bounds_are_inclusive() -> None:
    assert parse_quantity("10", minimum=10, stock=10) == 10
    assert check_quantity(10, minimum=10, stock=10) == 10


def test_minimum_message_names_the_minimum() -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity("2", minimum=3)
    assert "3" in caught.value.message


TIERS = [PriceTier(100, 800), PriceTier(start_quantity=2, price_fen=1250), PriceTier(10, 1000)]


@pytest.mark.parametrize(
    ("quantity", "price"),
    [(2, 1250), (9, 1250), (10, 1000), (99, 1000), (100, 800), (5000, 800)],
)
def test_tier_price_picks_highest_reached_tier(quantity: int, price: int) -> None:
    assert tier_price(TIERS, quantity) == price


def test_tier_price_below_first_tier() -> None:
    with pytest.raises(QuantityError) as caught:
        tier_price(TIERS, 1)
    assert caught.value.code == "quantity.below_minimum"
    assert caught.value.params == {"minimum": 2, "quantity": 1}


def test_price_tier_is_a_frozen_value() -> None:
    assert PriceTier(10, 1000) == PriceTier(start_quantity=10, price_fen=1000)
    assert len({PriceTier(10, 1000), PriceTier(10, 1000)}) == 1


def test_tier_price_needs_tiers() -> None:
    with pytest.raises(ValueError, match="at least one tier"):
        tier_price([], 5)


@pytest.mark.parametrize(
    "bad", [{"start_quantity": 0, "price_fen": 1}, {"start_quantity": 1, "price_fen": -1}]
)
def test_price_tier_validates(bad: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        PriceTier(**bad)


def test_parse_order_lines_mixed_separators_and_prices() -> None:
    text = (
        "itemId skuId qty price\n"
        "600126245031041190 5016042822039 2\n"
        "\n"
        "# a comment\n"
        "600129202197070073\t4860968496626\t3\t12.50\n"
        "624139032536,b3f1c0a9e8d7,10,1250分\n"
        "624139032536, b3f1c0a9e8d7 ; 5 ¥8\n"
        "６２４１３９０３２５３６　abc_DEF-1:2　１\n"
    )
    assert parse_order_lines(text) == [
        OrderLineInput(2, "600126245031041190", "5016042822039", 2, None),
        OrderLineInput(5, "600129202197070073", "4860968496626", 3, 1250),
        OrderLineInput(6, "624139032536", "b3f1c0a9e8d7", 10, 1250),
        OrderLineInput(7, "624139032536", "b3f1c0a9e8d7", 5, 800),
        OrderLineInput(8, "624139032536", "abc_DEF-1:2", 1, None),
    ]


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "order_line.empty", {}),
        ("\n# only a comment\n", "order_line.empty", {}),
        ("itemId skuId qty", "order_line.empty", {}),
        ("548650406252 123", "order_line.fields", {"line": 1, "count": 2}),
        ("548650406252 123 1 2 3", "order_line.fields", {"line": 1, "count": 5}),
        ("548650406252 123 1\nabc 123 1", "order_line.item_id", {"line": 2, "value": "abc"}),
        ("12345 123 1", "order_line.item_id", {"line": 1, "value": "12345"}),
        (
            "548650406252 sku!id 1",
            "order_line.sku_id",
            {"line": 1, "value": "sku!id"},
        ),
        (
            "548650406252 123 0",
            "order_line.quantity",
            {"line": 1, "cause": "quantity.zero"},
        ),
        (
            "548650406252 123 1\n\n548650406252 123 two",
            "order_line.quantity",
            {"line": 3, "cause": "quantity.not_a_number", "text": "two"},
        ),
        (
            "548650406252 123 1 12.345",
            "order_line.price",
            {"line": 1, "cause": "amount.too_precise", "decimals": 3},
        ),
        (
            "548650406252 123 1 -5",
            "order_line.price",
            {"line": 1, "cause": "amount.negative"},
        ),
        (
            "548650406252 123 1 0",
            "order_line.price",
            {"line": 1, "cause": "amount.zero"},
        ),
    ],
)
def test_parse_order_lines_errors_name_the_line(
    text: str, code: str, params: dict[str, object]
) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_order_lines(text)
    assert caught.value.code == code
    assert caught.value.params == params
    if "line" in params:
        assert caught.value.message.startswith(f"Line {params['line']}: ")


def test_parse_order_lines_limit() -> None:
    text = "\n".join(f"548650406252 {n} 1" for n in range(MAX_ORDER_LINES + 1))
    with pytest.raises(QuantityError) as caught:
        parse_order_lines(text)
    assert caught.value.code == "order_line.too_many"
    assert caught.value.params["line"] == MAX_ORDER_LINES + 1
    assert len(parse_order_lines("\n".join(text.splitlines()[:MAX_ORDER_LINES]))) == 200
