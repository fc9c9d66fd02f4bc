"""Order spreadsheets as files: read XLSX (openpyxl) and CSV (UTF-8 or GBK, detected), write
the templates, the copy with an "error" column, and the result sheet. Cells are text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from bot.domain.sheet_rows import SheetError

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
TEMPLATE_HEADER = [
    "platform",
    "item (link or ID)",
    "sku (ID or properties)",
    "quantity",
    "price cap (yuan per unit, optional)",
    "receiver (optional)",
    "your order number (optional)",
]
TEMPLATE_EXAMPLES = [
    ["taobao", "https://item.taobao.com/item.htm?id=653211874520", "颜色分类:白色;尺码:L", "2",
     "", "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "SHOP-1001"],
    ["1688", "https://detail.1688.com/offer/706627393257.html", "颜色:蓝色", "20", "3.50", "",
     ""],
]  # fmt: skip


def sheet_format(file_name: str) -> str | None:
    """'xlsx' or 'csv' by the file's extension; None for anything else."""
    lower = (file_name or "").lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    return None


def read_sheet(content: bytes, file_format: str, max_rows: int) -> list[list[str]]:
    """Every row (the header first) as text cells, trailing empty rows dropped; SheetError
    for a file that is not what it says or has more than `max_rows` data rows."""
    rows = _read_xlsx(content, max_rows) if file_format == "xlsx" else _read_csv(content, max_rows)
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise SheetError("sheet.err.empty")
    if len(rows) - 1 > max_rows:
        raise SheetError("sheet.err.too_many_rows", maximum=max_rows)
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 20.0 from a numeric cell is 20
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _read_xlsx(content: bytes, max_rows: int) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError("sheet.err.unreadable") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_text(v) for v in values])
            if len(rows) > max_rows + 1 + 100:  # well past the limit: stop reading
                break
        return rows
    finally:
        book.close()


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without a BOM) when it decodes cleanly, else GBK (GB18030, its
    superset, which Excel on Chinese Windows writes)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SheetError("sheet.err.encoding") from exc


def _read_csv(content: bytes, max_rows: int) -> list[list[str]]:
    text = decode_csv(content)
    if "\x00" in text:
        raise SheetError("sheet.err.unreadable")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for cells in csv.reader(io.StringIO(text), dialect):
        rows.append(cells)
        if len(rows) > max_rows + 1 + 100:
            break
    return rows


def write_sheet(header: list[str], rows: list[list[str]], file_format: str) -> bytes:
    """A sheet of `header` and `rows` (CSV: UTF-8 with a BOM, so Excel reads Chinese)."""
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "orders"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, title in enumerate(header, start=1):
        width = max([len(title)] + [len(r[index - 1]) for r in rows[:200] if len(r) >= index])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(file_format: str) -> bytes:
    return write_sheet(TEMPLATE_HEADER, TEMPLATE_EXAMPLES, file_format)
