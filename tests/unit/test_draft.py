import re
from datetime import datetime

import pytest
from pydantic import ValidationError

from bot.domain.draft import (
    MAX_DRAFT_LINES,
    ORDER_SOURCES,
    Draft,
    DraftError,
    DraftLine,
    new_seller_order_number,
    validate_order_source,
    validate_seller_order_number,
)
from bot.domain.quantity import PriceTier, QuantityError
from bot.domain.receiver import build_receiver

TIERS = [PriceTier(start_quantity=2, price_fen=1250), PriceTier(start_quantity=10, price_fen=1000)]


def taobao_line(**changes: object) -> DraftLine:
    fields: dict[str, object] = {
        "item_id": "548650406252",
        "sku_id": "5016042822039",
        "title": "夏季新款女装",
        "sku_label": "颜色:白色;尺码:M",
        "quantity": 1,
        "unit_price_fen": 4990,
        "image_url": "https://img.example/1.jpg",
        "seller_id": None,
        "stock": 20,
    }
    return DraftLine(**{**fields, **changes})  # type: ignore[arg-type]


def offer_line(**changes: object) -> DraftLine:
    fields: dict[str, object] = {
        "item_id": "624139032536",
        "sku_id": "b3f1c0a9e8d7",
        "title": "手机壳",
        "sku_label": "红色",
        "quantity": 2,
        "unit_price_fen": 1250,
        "seller_id": "seller-a",
        "min_quantity": 2,
        "tiers": TIERS,
        "stock": 500,
    }
    return DraftLine(**{**fields, **changes})  # type: ignore[arg-type]


def test_totals_and_budget() -> None:
    draft = Draft(platform="taobao")
    draft.add_line(taobao_line(quantity=2))
    draft.add_line(taobao_line(sku_id="999", unit_price_fen=1000, quantity=3))
    assert [line.line_total_fen for line in draft.lines] == [9980, 3000]
    assert draft.subtotal_fen == 12980
    assert draft.total_fen == 12980  # postage not known yet
    draft.postage_fen = 800
    assert draft.total_fen == 13780
    assert draft.budget_fen == 13780
    draft.set_budget_cap(20000)
    assert draft.budget_fen == 20000
    draft.set_budget_cap(None)
    assert draft.budget_fen == 13780


def test_budget_follows_the_total_when_the_cap_falls_behind() -> None:
    draft = Draft(platform="taobao", budget_cap_fen=5000)
    draft.add_line(taobao_line(quantity=2))
    assert draft.budget_fen == 9980


def test_add_line_merges_the_same_item_and_sku() -> None:
    draft = Draft(platform="taobao")
    draft.add_line(taobao_line(quantity=2))
    merged = draft.add_line(taobao_line(quantity=3))
    assert len(draft.lines) == 1
    assert merged.quantity == 5
    assert draft.lines[0].quantity == 5
    assert draft.subtotal_fen == 5 * 4990


def test_merge_reprices_by_tier() -> None:
    draft = Draft(platform="1688")
    draft.add_line(offer_line(quantity=6))
    assert draft.lines[0].unit_price_fen == 1250
    merged = draft.add_line(offer_line(quantity=4))
    assert (merged.quantity, merged.unit_price_fen) == (10, 1000)
    assert draft.subtotal_fen == 10000


def test_add_line_prices_a_new_line_by_its_tier() -> None:
    draft = Draft(platform="1688")
    added = draft.add_line(offer_line(quantity=12, unit_price_fen=1250))
    assert added.unit_price_fen == 1000


def test_a_sku_with_its_own_price_keeps_it() -> None:
    draft = Draft(platform="1688")
    draft.add_line(offer_line(quantity=50, unit_price_fen=1111, tiers=[]))
    assert draft.lines[0].unit_price_fen == 1111


def test_merge_above_stock_leaves_the_draft_unchanged() -> None:
    draft = Draft(platform="taobao")
    draft.add_line(taobao_line(quantity=15))
    with pytest.raises(QuantityError) as caught:
        draft.add_line(taobao_line(quantity=10))
    assert caught.value.code == "quantity.above_stock"
    assert caught.value.params == {"stock": 20, "quantity": 25}
    assert draft.lines[0].quantity == 15


def test_add_line_checks_minimum_order_quantity() -> None:
    draft = Draft(platform="1688")
    with pytest.raises(QuantityError) as caught:
        draft.add_line(offer_line(quantity=1))
    assert caught.value.code == "quantity.below_minimum"
    assert draft.lines == []


def test_set_quantity_retiers_and_checks() -> None:
    draft = Draft(platform="1688")
    draft.add_line(offer_line(quantity=2))
    assert draft.set_quantity(0, 10).unit_price_fen == 1000
    assert draft.set_quantity(0, 3).unit_price_fen == 1250
    assert draft.subtotal_fen == 3750
    for quantity, code in [(1, "quantity.below_minimum"), (501, "quantity.above_stock")]:
        with pytest.raises(QuantityError) as caught:
            draft.set_quantity(0, quantity)
        assert caught.value.code == code
    assert draft.lines[0].quantity == 3


@pytest.mark.parametrize("index", [-1, 1, 5])
def test_bad_line_index(index: int) -> None:
    draft = Draft(platform="taobao")
    draft.add_line(taobao_line())
    for action in (lambda: draft.remove_line(index), lambda: draft.set_quantity(index, 2)):
        with pytest.raises(DraftError) as caught:
            action()
        assert caught.value.code == "draft.no_such_line"
        assert caught.value.params == {"line": index + 1, "count": 1}
    assert len(draft.lines) == 1


def test_remove_line() -> None:
    draft = Draft(platform="taobao")
    draft.add_line(taobao_line())
    draft.add_line(taobao_line(sku_id="999"))
    removed = draft.remove_line(0)
    assert removed.sku_id == "5016042822039"
    assert [line.sku_id for line in draft.lines] == ["999"]


def test_line_limit() -> None:
    draft = Draft(platform="taobao")
    for n in range(MAX_DRAFT_LINES):
        draft.add_line(taobao_line(sku_id=str(n)))
    draft.add_line(taobao_line(sku_id="0"))  # merging still works at the limit
    with pytest.raises(DraftError) as caught:
        draft.add_line(taobao_line(sku_id="new"))
    assert caught.value.code == "draft.too_many_lines"


def test_validate_budget() -> None:
    draft = Draft(platform="taobao", postage_fen=1000)
    draft.add_line(taobao_line(quantity=2))
    assert draft.validate_budget(10980) == 10980
    with pytest.raises(DraftError) as caught:
        draft.validate_budget(10979)
    assert caught.value.code == "draft.budget_below_total"
    assert caught.value.params == {
        "cap": "¥109.79",
        "cap_fen": 10979,
        "total": "¥109.80",
        "total_fen": 10980,
    }
    assert "¥109.80" in caught.value.message
    with pytest.raises(DraftError) as caught:
        draft.set_budget_cap(-1)
    assert caught.value.code == "draft.budget_negative"
    assert draft.budget_cap_fen is None


def test_sellers() -> None:
    draft = Draft(platform="1688")
    assert draft.seller_ids == []
    assert draft.is_single_seller
    draft.add_line(offer_line())
    draft.add_line(offer_line(sku_id="other"))
    assert draft.seller_ids == ["seller-a"]
    assert draft.is_single_seller
    draft.add_line(offer_line(item_id="700000000001", seller_id="seller-b"))
    assert draft.seller_ids == ["seller-a", "seller-b"]
    assert not draft.is_single_seller


def test_json_round_trip() -> None:
    receiver = build_receiver(
        name="张三",
        mobile="13812345678",
        state="浙江省",
        city="杭州市",
        district="余杭区",
        address="文一西路969号",
        zip="311121",
    )
    draft = Draft(
        platform="1688",
        receiver=receiver,
        postage_fen=600,
        budget_cap_fen=50000,
        order_source="lazada",
        seller_order_number="OB250314K3X9Z0",
        step="preview",
    )
    draft.add_line(offer_line(quantity=10))
    text = draft.model_dump_json()
    again = Draft.model_validate_json(text)
    assert again == draft
    assert again.lines[0].tiers == TIERS
    assert again.receiver is not None and again.receiver.mobile == "+8613812345678"
    assert again.total_fen == draft.total_fen == 10600
    assert Draft.model_validate_json(Draft().model_dump_json()) == Draft()


@pytest.mark.parametrize(
    "bad",
    [
        {"quantity": 0},
        {"unit_price_fen": -1},
        {"item_id": ""},
        {"min_quantity": 0},
        {"stock": -1},
    ],
)
def test_draft_line_validates(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        taobao_line(**bad)


def test_draft_rejects_unknown_platform_and_negative_amounts() -> None:
    with pytest.raises(ValidationError):
        Draft(platform="weidian")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Draft(postage_fen=-1)


@pytest.mark.parametrize(
    ("now", "rand", "number"),
    [
        (datetime(2025, 3, 14, 9, 30), 0, "OB250314000000"),
        (datetime(2025, 3, 14, 9, 30), 35, "OB25031400000Z"),
        (datetime(2025, 12, 1), 36**6 - 1, "OB251201ZZZZZZ"),
        (datetime(2025, 12, 1), 36**6, "OB251201000000"),  # only 6 characters are used
        (datetime(2031, 1, 9), 1234567890, "OB310109KF12OI"),
        (datetime(2031, 1, 9), (1234567890).to_bytes(8, "big"), "OB310109KF12OI"),
        (datetime(2031, 1, 9), b"", "OB310109000000"),
    ],
)
def test_new_seller_order_number(now: datetime, rand: int | bytes, number: str) -> None:
    assert new_seller_order_number(now, rand) == number


def test_new_seller_order_number_shape() -> None:
    number = new_seller_order_number(datetime(2025, 3, 14), 2**32 - 1)
    assert re.fullmatch(r"OB\d{6}[0-9A-Z]{6}", number)
    assert len(number) <= 32 and number.isascii()
    assert validate_seller_order_number(number) == number
    with pytest.raises(ValueError):
        new_seller_order_number(datetime(2025, 3, 14), -1)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", "1"), (" LZD-2025_0001 ", "LZD-2025_0001"), ("a" * 32, "a" * 32)],
)
def test_validate_seller_order_number_accepts(text: str, value: str) -> None:
    assert validate_seller_order_number(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "seller_order_number.empty"),
        ("   ", "seller_order_number.empty"),
        ("a" * 33, "seller_order_number.too_long"),
        ("order 1", "seller_order_number.invalid"),
        ("订单1", "seller_order_number.invalid"),
        ("A/B", "seller_order_number.invalid"),
    ],
)
def test_validate_seller_order_number_rejects(text: str, code: str) -> None:
    with pytest.raises(DraftError) as caught:
        validate_seller_order_number(text)
    assert caught.value.code == code


def test_order_sources() -> None:
    assert ORDER_SOURCES == ("lazada", "shopee", "tiktok", "other")
    assert validate_order_source(" Shopee ") == "shopee"
    with pytest.raises(DraftError) as caught:
        validate_order_source("amazon")
    assert caught.value.code == "order_source.unknown"
