"""Generated seller order numbers never repeat one that is stored: a clash draws again."""

from datetime import UTC, datetime

import pytest

from bot.domain.draft import new_seller_order_number, unique_seller_order_number

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def draws(*values: int):
    pending = iter(values)
    return lambda: next(pending).to_bytes(8, "big")


def test_a_number_that_is_taken_is_drawn_again():
    first, second = new_seller_order_number(NOW, 1), new_seller_order_number(NOW, 2)
    taken = {first, second}
    asked = []

    def is_taken(number: str) -> bool:
        asked.append(number)
        return number in taken

    number = unique_seller_order_number(NOW, is_taken, draws(1, 2, 3))
    assert number == new_seller_order_number(NOW, 3)
    assert number.startswith("OB261201") and len(number) == 14
    assert asked == [first, second, number]


def test_a_free_first_draw_is_used_as_it_is():
    number = unique_seller_order_number(NOW, lambda _: False, draws(7))
    assert number == new_seller_order_number(NOW, 7)


def test_a_source_that_only_repeats_itself_is_an_error_not_a_loop():
    with pytest.raises(RuntimeError, match="no free seller order number"):
        unique_seller_order_number(NOW, lambda _: True, lambda: b"\x00" * 8)
