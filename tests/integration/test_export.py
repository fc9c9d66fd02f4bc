"""`orderbot export`: orders written through the real OrderRepository, read back as CSV."""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from bot.cli import main
from bot.export import COLUMNS, parse_since, write_orders_csv
from storage.db import open_database
from storage.order_records import LineResult, NewOrder, NewOrderLine
from storage.orders import OrderRepository

# 2026-05-20 00:00 in China is 2026-05-19 16:00 UTC.
MAY_20_CHINA_MS = 1_779_206_400_000
HOUR_MS = 3_600_000
RECEIVER = json.dumps(
    {
        "country": "中国",
        "name": "张三",
        "mobile": "+8613812345678",
        "state": "浙江省",
        "city": "杭州市",
        "district": "余杭区",
        "address": "文一西路969号",
        "zip": "311121",
    },
    ensure_ascii=False,
)


class Clock:
    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def new_order(seller_no: str, **changes: object) -> NewOrder:
    base = NewOrder(
        platform="taobao",
        chat_id=-100200,
        requester_id=1001,
        seller_order_number=seller_no,
        receiver_json=RECEIVER,
        subtotal_fen=7801,
        postage_fen=600,
        purchase_amount_fen=9000,
        order_source="Lazada",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "orderbot.db"


@pytest.fixture
def db(db_path: Path) -> sqlite_utils.Database:
    return open_database(db_path)


@pytest.fixture
def clock() -> Clock:
    return Clock(MAY_20_CHINA_MS - HOUR_MS)  # 2026-05-19 23:00 in China


@pytest.fixture
def orders(db: sqlite_utils.Database, clock: Clock) -> OrderRepository:
    """Three orders: one the day before, two on 2026-05-20 (one of them without lines)."""
    repo = OrderRepository(db, clock=clock)
    early = repo.create_pending(
        new_order("EARLY-1"),
        [NewOrderLine(line_no=1, item_id="100", quantity=1, unit_price_fen=7801, title="Cup")],
    )
    repo.mark_rejected(early.id, "price above budget")
    clock.now = MAY_20_CHINA_MS + 9 * HOUR_MS + 30_000  # 09:00:30 China time
    tshirt = repo.create_pending(
        new_order("LZ-2026-0001", subtotal_fen=7801, postage_fen=599, purchase_amount_fen=None),
        [
            NewOrderLine(
                line_no=1,
                item_id="653211874520",
                sku_id="4873421",
                quantity=2,
                unit_price_fen=3900,
                title="纯棉短袖T恤 夏季",
                sku_label="白色 / L",
            ),
            NewOrderLine(
                line_no=2,
                item_id="653211874521",
                quantity=1,
                unit_price_fen=1,
                title='=HYPERLINK("http://x")',
                sku_label="-",
            ),
        ],
    )
    repo.mark_submitted(
        tshirt.id,
        "3305075341149134260",
        "PO202605200001",
        "awaiting_payment",
        "WAIT_BUYER_P",
        [
            LineResult(line_no=1, sub_order_id="SUB-1", status="WAIT_BUYER_P"),
            LineResult(line_no=2, ok=False, error_code="OUT_OF_STOCK", error_message="售罄"),
        ],
    )
    clock.now += HOUR_MS
    bare = repo.create_pending(
        new_order("BARE-1", platform="1688", order_source=None),
        [NewOrderLine(line_no=1, item_id="706627393257", quantity=10, unit_price_fen=250)],
    )
    # An order whose lines are gone (older data, a manual fix): it must still be exported.
    db.execute("DELETE FROM order_lines WHERE order_id = ?", (bare.id,))
    return repo


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def export_text(orders: OrderRepository, since_ms: int = 0) -> tuple[int, str]:
    out = io.StringIO()
    count = write_orders_csv(orders, out, since_ms=since_ms)
    return count, out.getvalue()


def test_one_row_per_line_with_the_orders_fields_and_exact_money(orders):
    count, text = export_text(orders)
    rows = read_csv(text)
    assert count == len(rows) == 4
    assert list(rows[0]) == COLUMNS
    assert [(r["ref"], r["line_no"]) for r in rows] == [
        ("#1", "1"),
        ("#2", "1"),
        ("#2", "2"),
        ("#3", ""),
    ]

    first, second = rows[1], rows[2]
    for row in (first, second):  # the order's fields on each of its lines
        assert row["seller_order_number"] == "LZ-2026-0001"
        assert row["platform_order_no"] == "PO202605200001"
        assert row["platform_order_id"] == "3305075341149134260"
        assert (row["state"], row["status"], row["raw_status"]) == (
            "submitted",
            "awaiting_payment",
            "WAIT_BUYER_P",
        )
        assert row["created_at"] == "2026-05-20T09:00:30+08:00"
        assert (row["chat_id"], row["requester_id"]) == ("-100200", "1001")
        assert (row["subtotal_fen"], row["subtotal_yuan"]) == ("7801", "78.01")
        assert (row["postage_fen"], row["postage_yuan"]) == ("599", "5.99")
        assert (row["total_fen"], row["total_yuan"]) == ("8400", "84.00")
        assert (row["purchase_amount_fen"], row["purchase_amount_yuan"]) == ("", "")
        assert (row["receiver_name"], row["receiver_mobile"], row["receiver_city"]) == (
            "张三",
            "+8613812345678",
            "杭州市",
        )
        assert row["order_source"] == "Lazada"
    assert first["title"] == "纯棉短袖T恤 夏季" and first["sku_label"] == "白色 / L"
    assert (first["item_id"], first["sku_id"], first["quantity"]) == (
        "653211874520",
        "4873421",
        "2",
    )
    assert (first["unit_price_fen"], first["line_total_fen"]) == ("3900", "7800")
    assert (first["sub_order_id"], first["line_status"], first["line_error"]) == (
        "SUB-1",
        "awaiting_payment",  # the order's status, in the buyer vocabulary
        "",
    )
    assert second["line_status"] == "failed"  # the platform refused this line
    assert (second["unit_price_fen"], second["line_total_fen"]) == ("1", "1")
    assert second["line_error"] == "OUT_OF_STOCK: 售罄"
    assert second["sku_id"] == ""


def test_line_statuses_follow_the_order_as_it_moves_on(orders):
    placed = orders.by_seller_order_number("LZ-2026-0001")
    assert orders.update_status(placed.id, "completed", "TRADE_FINISHED", placed.created_at + 1)
    rows = [
        r
        for r in read_csv(export_text(orders)[1])
        if r["seller_order_number"] == placed.seller_order_number
    ]
    assert [(r["status"], r["raw_status"], r["line_status"]) for r in rows] == [
        ("completed", "TRADE_FINISHED", "completed"),  # no "WAIT_BUYER_P" from the create call
        ("completed", "TRADE_FINISHED", "failed"),
    ]


def test_a_rejected_order_is_exported_as_rejected(orders):
    rejected = read_csv(export_text(orders)[1])[0]
    assert rejected["seller_order_number"] == "EARLY-1"
    assert (rejected["state"], rejected["status"], rejected["line_status"]) == (
        "rejected",
        "rejected",
        "rejected",
    )
    assert rejected["platform_order_no"] == ""
    # a 1688 create that said no for the order while its lines looked fine
    refused = orders.create_pending(
        new_order("NO-1688", platform="1688"),
        [NewOrderLine(line_no=1, item_id="706627393257", quantity=10, unit_price_fen=350)],
    )
    orders.mark_rejected(refused.id, "seller closed", [LineResult(1, status="waitbuyerpay")])
    row = next(r for r in read_csv(export_text(orders)[1]) if r["seller_order_number"] == "NO-1688")
    assert (row["state"], row["status"], row["line_status"]) == ("rejected",) * 3


def test_cells_that_would_be_formulas_are_defused(orders):
    _, text = export_text(orders)
    line = read_csv(text)[2]
    assert line["title"] == '\'=HYPERLINK("http://x")'
    assert line["sku_label"] == "'-"
    assert read_csv(text)[1]["receiver_mobile"] == "+8613812345678"  # validated, kept as is


def test_an_order_without_lines_gets_one_row(orders):
    _, text = export_text(orders)
    bare = read_csv(text)[3]
    assert (bare["seller_order_number"], bare["platform"]) == ("BARE-1", "1688")
    assert (bare["state"], bare["total_fen"], bare["total_yuan"]) == ("submitting", "8401", "84.01")
    assert all(bare[column] == "" for column in ("line_no", "item_id", "title", "quantity"))


def test_since_keeps_orders_created_on_or_after_that_day_in_china_time(orders):
    assert parse_since("2026-05-20") == MAY_20_CHINA_MS
    _, text = export_text(orders, since_ms=parse_since("2026-05-20"))
    assert {row["seller_order_number"] for row in read_csv(text)} == {"LZ-2026-0001", "BARE-1"}
    _, earlier = export_text(orders, since_ms=parse_since("2026-05-19"))
    assert len(read_csv(earlier)) == 4
    count, later = export_text(orders, since_ms=parse_since("2026-05-21"))
    assert count == 0 and read_csv(later) == [] and later.startswith("ref,platform,")


@pytest.mark.parametrize("text", ["20-05-2026", "2026-13-01", "yesterday", ""])
def test_a_bad_since_date_is_explained(text):
    with pytest.raises(ValueError, match="--since must be a date like"):
        parse_since(text)


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch, tmp_path, db_path):
    """`orderbot` as an operator runs it: settings from the environment only (no .env here),
    logging set up by the command and put back afterwards."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "ORDERBOT_CALLBACK_PATH", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ORDERBOT_DB", str(db_path))
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:], level = saved
    root.setLevel(level)


def test_the_command_writes_a_bom_csv_file(orders, cli_env, tmp_path, capsys):
    target = tmp_path / "out" / "orders.csv"
    target.parent.mkdir()
    assert main(["export", "--csv", str(target), "--since", "2026-05-20"]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = read_csv(raw.decode("utf-8-sig"))
    assert [r["seller_order_number"] for r in rows] == ["LZ-2026-0001", "LZ-2026-0001", "BARE-1"]
    assert rows[0]["title"] == "纯棉短袖T恤 夏季"
    assert "3 rows written" in capsys.readouterr().err


def test_the_command_writes_to_stdout_with_a_dash(orders, cli_env, capfdbinary):
    assert main(["export", "--csv", "-"]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf")
    assert len(read_csv(out.decode("utf-8-sig"))) == 4


def test_the_command_refuses_a_bad_date_and_a_missing_database(cli_env, tmp_path, capsys):
    assert main(["export", "--csv", str(tmp_path / "x.csv"), "--since", "May 20"]) == 2
    assert "--since must be a date like" in capsys.readouterr().err
    assert main(["export", "--csv", str(tmp_path / "x.csv")]) == 2  # no database written yet
    assert "No database at" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    assert not (tmp_path / "orderbot.db").exists()


def test_the_command_explains_itself(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert "--csv FILE" in help_text and "--since YYYY-MM-DD" in help_text
    assert "UTF-8 with BOM" in help_text
