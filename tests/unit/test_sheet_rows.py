"""The order spreadsheet read row by row (bot.domain.sheet_rows) and as files (bot.sheet_files):
headers in English or Chinese, every kind of bad cell, SKU text, keys, XLSX, UTF-8 and GBK CSV."""

from __future__ import annotations

import pytest

from bot.domain.sheet_rows import SheetError, column_map, order_key, read_row, sku_matches
from bot.sheet_files import TEMPLATE_HEADER, decode_csv, read_sheet, template, write_sheet

RECEIVER = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"
POSITIONS = column_map(TEMPLATE_HEADER)


def row(*cells: str):
    return read_row(2, list(cells), POSITIONS)


def test_template_and_chinese_headers_map_every_column():
    assert set(POSITIONS) == {
        "platform",
        "item",
        "sku",
        "quantity",
        "price_cap",
        "receiver",
        "order_no",
    }
    chinese = column_map(
        ["平台", "商品链接或ID", "规格", "数量", "单价上限", "收货人", "你的订单号"]
    )
    assert chinese == {name: index for index, name in enumerate(POSITIONS)}


def test_a_sheet_without_item_or_quantity_is_refused():
    with pytest.raises(SheetError) as caught:
        column_map(["platform", "sku"])
    assert caught.value.problem.key == "sheet.err.columns"
    assert "item" in caught.value.problem.params["missing"]


def test_a_good_row_is_read_whole():
    read = row(
        "1688",
        "https://detail.1688.com/offer/706627393257.html",
        "颜色:蓝色",
        "20",
        "3.5",
        RECEIVER,
        "PO-7",
    )
    assert read.problem is None
    assert (read.platform, read.item_id, read.quantity, read.price_cap_fen) == (
        "1688",
        "706627393257",
        20,
        350,
    )
    assert read.receiver is not None and read.receiver.name == "张三"
    assert read.order_no == "PO-7"


def test_the_platform_comes_from_the_link_when_left_empty():
    assert row("", "https://item.taobao.com/item.htm?id=653211874520", "", "1").platform == "taobao"
    assert row("天猫", "653211874520", "", "1").platform == "taobao"


@pytest.mark.parametrize(
    ("cells", "key"),
    [
        (("ebay", "653211874520", "", "1"), "sheet.err.platform"),
        (("taobao", "", "", "1"), "sheet.err.no_item"),
        (("", "653211874520", "", "1"), "sheet.err.which_platform"),
        (
            ("1688", "https://item.taobao.com/item.htm?id=653211874520", "", "1"),
            "sheet.err.platform_mismatch",
        ),
        (("taobao", "653211874520", "", "0"), "sheet.err.quantity"),
        (("taobao", "653211874520", "", "2.5"), "sheet.err.quantity"),
        (("taobao", "653211874520", "", "1", "cheap"), "err.amount.invalid"),
        (("taobao", "653211874520", "", "1", "", "张三"), "sheet.err.receiver"),
        (
            ("taobao", "653211874520", "", "1", "", "", "has space"),
            "err.seller_order_number.invalid",
        ),
    ],
)
def test_each_bad_cell_names_its_problem(cells, key):
    problem = row(*cells).problem
    assert problem is not None and problem.key.startswith(key.rsplit(".", 1)[0]), problem


def test_sku_text_matches_properties_in_any_spelling():
    assert sku_matches("颜色:黑色;尺码:XL", "123", "黑色 / XL")
    assert sku_matches("尺码：XL；颜色：黑色", "123", "黑色 / XL")  # full-width, other order
    assert sku_matches("黑色/XL", "123", "黑色 / XL")
    assert sku_matches("123", "123", "黑色 / XL")
    assert not sku_matches("黑色", "123", "黑色 / XL")
    assert not sku_matches("", "123", "黑色 / XL")


def test_keys_are_stable_distinct_and_use_the_members_number():
    a, b = (
        row("taobao", "653211874520", "白色/L", "2", "", RECEIVER),
        row("taobao", "653211874520", "白色/L", "3", "", RECEIVER),
    )
    assert order_key("taobao", [a], 0) == order_key("taobao", [a], 0)
    assert order_key("taobao", [a], 0) != order_key("taobao", [b], 0)
    assert order_key("taobao", [a], 0) != order_key("taobao", [a], 1)  # the same rows twice
    assert len(order_key("taobao", [a], 0)) <= 32
    assert (
        order_key("taobao", [row("taobao", "653211874520", "", "1", "", "", "MINE-1")], 0)
        == "MINE-1"
    )


def test_xlsx_and_csv_round_trip_and_gbk_is_detected():
    rows = [["taobao", "653211874520", "白色/L", "2", "", RECEIVER, ""]]
    for file_format in ("xlsx", "csv"):
        table = read_sheet(write_sheet(TEMPLATE_HEADER, rows, file_format), file_format, 10)
        assert table == [TEMPLATE_HEADER, rows[0]]
    text = "平台,数量\n淘宝,2\n"
    assert decode_csv(text.encode("gbk")) == text
    assert decode_csv(b"\xef\xbb\xbf" + text.encode()) == text
    assert read_sheet(template("xlsx"), "xlsx", 10)[0] == TEMPLATE_HEADER


@pytest.mark.parametrize(
    ("content", "file_format", "key"),
    [
        (b"PK\x03\x04 not really a workbook", "xlsx", "sheet.err.unreadable"),
        (b"", "csv", "sheet.err.empty"),
        ("a,b\n" + "x,1\n" * 11, "csv", "sheet.err.too_many_rows"),
        (b"\x00\x01\x02\xff\xfe", "csv", "sheet.err.encoding"),
    ],
)
def test_files_that_cannot_be_used_say_why(content, file_format, key):
    data = content.encode() if isinstance(content, str) else content
    with pytest.raises(SheetError) as caught:
        read_sheet(data, file_format, 10)
    assert caught.value.problem.key == key
