"""Which database `orderbot export` reads: ORDERBOT_DB, `--db FILE`, or `--demo` (the demo's)."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import pytest

from bot.cli import main
from storage.db import open_database
from storage.order_records import NewOrder, NewOrderLine
from storage.orders import OrderRepository


def store_order(path: Path, seller_no: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    OrderRepository(open_database(path)).create_pending(
        NewOrder(
            platform="taobao",
            chat_id=1001,
            requester_id=1001,
            seller_order_number=seller_no,
            receiver_json="{}",
            subtotal_fen=100,
            postage_fen=0,
        ),
        [NewOrderLine(line_no=1, item_id="653211874520", quantity=1, unit_price_fen=100)],
    )


@pytest.fixture
def in_tmp(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ORDERBOT_DB", str(tmp_path / "orderbot.db"))
    for name in ("TELEGRAM_BOT_TOKEN", "ORDERBOT_CALLBACK_PATH", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield tmp_path
    root.handlers[:], level = saved
    root.setLevel(level)


def exported(capfdbinary) -> list[str]:
    text = capfdbinary.readouterr().out.decode("utf-8-sig")
    return [row["seller_order_number"] for row in csv.DictReader(io.StringIO(text))]


def test_demo_reads_the_demo_database(in_tmp, capfdbinary):
    store_order(in_tmp / "orderbot.db", "MAIN-1")
    store_order(in_tmp / "data" / "demo.db", "DEMO-1")
    assert main(["export", "--demo", "--csv", "-"]) == 0
    assert exported(capfdbinary) == ["DEMO-1"]
    assert main(["export", "--csv", "-"]) == 0  # ORDERBOT_DB otherwise
    assert exported(capfdbinary) == ["MAIN-1"]


def test_db_reads_the_given_file(in_tmp, capfdbinary):
    store_order(in_tmp / "elsewhere.db", "OTHER-1")
    assert main(["export", "--db", str(in_tmp / "elsewhere.db"), "--csv", "-"]) == 0
    assert exported(capfdbinary) == ["OTHER-1"]


def test_a_missing_source_says_which_one(in_tmp, capsys):
    assert main(["export", "--demo", "--csv", "-"]) == 2
    assert "No database at data/demo.db (--demo): nothing to export." in capsys.readouterr().err
    assert not (in_tmp / "data" / "demo.db").exists()
    assert main(["export", "--db", "nope.db", "--csv", "-"]) == 2
    assert "No database at nope.db (--db)" in capsys.readouterr().err


def test_demo_and_db_do_not_go_together(in_tmp, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "--demo", "--db", "x.db", "--csv", "-"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
