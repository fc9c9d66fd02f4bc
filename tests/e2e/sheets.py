"""Order spreadsheets for end-to-end tests and benchmarks: built with openpyxl / csv, read back
from what the bot sends."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from bot.sheet_files import TEMPLATE_HEADER

TEST_ITEM, TEST_SKU = "600126245031041190", "5016042822039"  # Taobao, 1 fen, a million in stock
TSHIRT = "653211874520"
FOLDER, PENS = "706627393257", "707118845120"  # 1688, seller haoyunlai; MOQ 10 and 2
SNEAKERS = "709004518866"  # 1688, seller bubugao; MOQ 2
RECEIVER = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"


def taobao_rows(count: int, *, start: int = 1, receiver: str = RECEIVER) -> list[list[str]]:
    """`count` good rows, each its own order (one test product each, its own quantity)."""
    return [
        ["taobao", TEST_ITEM, TEST_SKU, str(1 + (start + n) % 7), "", receiver, f"T{start + n:05d}"]
        for n in range(count)
    ]


def bad_rows() -> list[list[str]]:
    """Five rows that cannot be ordered, each for another reason."""
    return [
        ["taobao", "999999999999", "", "1", "", RECEIVER, ""],  # no such item
        ["taobao", TEST_ITEM, TEST_SKU, "many", "", RECEIVER, ""],  # not a quantity
        ["taobao", TSHIRT, "颜色分类:紫色;尺码:XXXL", "1", "", RECEIVER, ""],  # no such SKU
        ["1688", FOLDER, "颜色:蓝色", "3", "", RECEIVER, ""],  # below the minimum of 10
        ["taobao", TSHIRT, "白色/L", "1", "0.01", RECEIVER, ""],  # above the price cap
    ]


def xlsx(rows: list[list[str]], header: list[str] = TEMPLATE_HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], encoding: str, header: list[str] = TEMPLATE_HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def read_back(content: bytes, file_name: str) -> list[list[str]]:
    """The rows of a sheet the bot sent (the header first)."""
    if file_name.endswith(".csv"):
        text = content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    return rows
