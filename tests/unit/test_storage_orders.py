"""OrderRepository: idempotent creation, lookups, submission outcomes, status updates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from storage.db import open_database, select
from storage.order_records import (
    STATE_CANCELLED_BEFORE_SUBMIT,
    STATE_PENDING_APPROVAL,
    STATE_REJECTED,
    STATE_SUBMITTED,
    STATE_SUBMITTING,
    STATE_UNKNOWN,
    LineResult,
    NewOrder,
    NewOrderLine,
)
from storage.orders import OrderRepository

RECEIVER = json.dumps({"name": "张三", "mobile": "13800138000", "address": "1 Road"})


class Clock:
    """A settable epoch-ms clock, passed to the repository like the real `now_ms`."""

    def __init__(self, start: int = 1_700_000_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now

    def advance(self, ms: int = 1000) -> None:
        self.now += ms


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def orders(db: sqlite_utils.Database, clock: Clock) -> OrderRepository:
    return OrderRepository(db, clock=clock)


def new_order(seller_no: str = "S-1", chat_id: int = 100, **changes: object) -> NewOrder:
    base = NewOrder(
        platform="taobao",
        chat_id=chat_id,
        requester_id=7,
        seller_order_number=seller_no,
        receiver_json=RECEIVER,
        subtotal_fen=2500,
        postage_fen=800,
        purchase_amount_fen=4000,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def two_lines() -> list[NewOrderLine]:
    return [
        NewOrderLine(line_no=1, item_id="6543", sku_id="111", quantity=2, unit_price_fen=1000),
        NewOrderLine(
            line_no=2, item_id="6544", quantity=1, unit_price_fen=500, title="Cup", sku_label="Red"
        ),
    ]


# --- create_pending -----------------------------------------------------------------------


def test_create_pending_writes_order_lines_and_pending_submission(
    orders: OrderRepository, clock: Clock
) -> None:
    stored = orders.create_pending(new_order(), two_lines())

    assert stored.id >= 1 and stored.ref == f"#{stored.id}"
    assert stored.state == STATE_SUBMITTING
    assert (stored.subtotal_fen, stored.postage_fen, stored.total_fen) == (2500, 800, 3300)
    assert stored.purchase_amount_fen == 4000
    assert stored.created_at == stored.updated_at == clock.now
    assert stored.receiver_json == RECEIVER

    lines = orders.lines(stored.id)
    assert [(ln.line_no, ln.item_id, ln.quantity, ln.line_total_fen) for ln in lines] == [
        (1, "6543", 2, 2000),
        (2, "6544", 1, 500),
    ]
    assert lines[1].title == "Cup" and lines[1].sku_label == "Red" and lines[1].sku_id is None

    submission = orders.submission("S-1")
    assert submission is not None
    assert (submission.order_id, submission.state, submission.attempts) == (stored.id, "pending", 0)
    assert submission.order_state == STATE_SUBMITTING


def test_same_seller_order_number_returns_the_existing_order(
    orders: OrderRepository, db: sqlite_utils.Database
) -> None:
    first = orders.create_pending(new_order(), two_lines())
    again = orders.create_pending(new_order(subtotal_fen=1), two_lines()[:1])

    assert again == first
    assert db["orders"].count == 1
    assert db["order_lines"].count == 2
    assert db["submissions"].count == 1


def test_bad_lines_write_nothing(orders: OrderRepository, db: sqlite_utils.Database) -> None:
    with pytest.raises(ValueError, match="at least one line"):
        orders.create_pending(new_order(), [])
    dup = [two_lines()[0], two_lines()[0]]
    with pytest.raises(ValueError, match="unique"):
        orders.create_pending(new_order(), dup)
    assert db["orders"].count == 0


def test_new_order_validation_is_clear() -> None:
    with pytest.raises(ValueError, match="platform"):
        new_order(platform="amazon")
    with pytest.raises(ValueError, match="fen"):
        new_order(subtotal_fen=12.5)
    with pytest.raises(ValueError, match="fen"):
        new_order(postage_fen=-1)
    with pytest.raises(ValueError, match="JSON"):
        new_order(receiver_json="not json")
    with pytest.raises(ValueError, match="seller_order_number"):
        new_order(seller_no=" ")
    with pytest.raises(ValueError, match="starts as"):
        new_order(state=STATE_SUBMITTED)
    with pytest.raises(ValueError, match="quantity"):
        NewOrderLine(line_no=1, item_id="1", quantity=0, unit_price_fen=1)


def test_pending_approval_order(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(state=STATE_PENDING_APPROVAL), two_lines())
    assert stored.state == STATE_PENDING_APPROVAL
    [pending] = orders.submissions_in_state("pending")
    assert pending.order_state == STATE_PENDING_APPROVAL


# --- lookups ------------------------------------------------------------------------------


def test_missing_lookups_return_none(orders: OrderRepository) -> None:
    assert orders.get(12345) is None
    assert orders.by_seller_order_number("nope") is None
    assert orders.by_platform_ref("nope") is None
    assert orders.find("nope") is None
    assert orders.find("#12345") is None
    assert orders.find("") is None
    assert orders.find("#") is None
    assert orders.find("#abc") is None
    assert orders.find("9" * 40) is None  # too long to be a local id; no OverflowError
    assert orders.submission("nope") is None
    assert orders.lines(12345) == []


def test_by_platform_ref_matches_order_no_or_order_id(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    orders.mark_submitted(stored.id, "PID-9", "2024010199", "WAIT_PAY", "waitPay")
    assert orders.by_platform_ref("2024010199").id == stored.id  # type: ignore[union-attr]
    assert orders.by_platform_ref("PID-9").id == stored.id  # type: ignore[union-attr]


def test_find_precedence(orders: OrderRepository) -> None:
    a = orders.create_pending(new_order("S-A"), two_lines())
    b = orders.create_pending(new_order("S-B"), two_lines())
    c = orders.create_pending(new_order(str(a.id)), two_lines())  # seller no equal to a's id
    orders.mark_submitted(b.id, "P-B", str(a.id + 1000), "WAIT_PAY", None)

    assert orders.find(f"#{a.id}").id == a.id  # type: ignore[union-attr]
    assert orders.find(f"  # {a.id} ").id == a.id  # type: ignore[union-attr]
    # A bare number that is a seller order number wins over the local id …
    assert orders.find(str(a.id)).id == c.id  # type: ignore[union-attr]
    # … and a platform number wins over both.
    assert orders.find(str(a.id + 1000)).id == b.id  # type: ignore[union-attr]
    assert orders.find("P-B").id == b.id  # type: ignore[union-attr]
    assert orders.find("S-B").id == b.id  # type: ignore[union-attr]
    # A bare number matching nothing else is a local id.
    assert orders.find(str(b.id)).id == b.id  # type: ignore[union-attr]


def test_list_and_count_for_chat_newest_first(orders: OrderRepository) -> None:
    ids = [orders.create_pending(new_order(f"S-{i}"), two_lines()).id for i in range(5)]
    orders.create_pending(new_order("other", chat_id=200), two_lines())

    assert orders.count_for_chat(100) == 5
    assert orders.count_for_chat(999) == 0
    assert [o.id for o in orders.list_for_chat(100, limit=2)] == ids[::-1][:2]
    assert [o.id for o in orders.list_for_chat(100, limit=2, offset=4)] == [ids[0]]
    assert orders.list_for_chat(100, limit=2, offset=10) == []
    with pytest.raises(ValueError):
        orders.list_for_chat(100, limit=0)


def test_lookup_by_platform_order_no_uses_an_index(db: sqlite_utils.Database) -> None:
    plan = " ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM orders WHERE platform_order_no = ? "
            "ORDER BY id DESC LIMIT 1",
            ("x",),
        )
    )
    assert "idx_orders_platform_order_no" in plan
    plan = " ".join(
        str(row[-1])
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM orders WHERE chat_id = ? ORDER BY id DESC LIMIT 10",
            (1,),
        )
    )
    assert "idx_orders_chat" in plan and "TEMP B-TREE" not in plan


# --- submission outcomes ------------------------------------------------------------------


def test_mark_submitted_records_platform_refs_and_line_results(
    orders: OrderRepository, clock: Clock
) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    clock.advance()
    assert orders.mark_submitted(
        stored.id,
        "PID-1",
        "NO-1",
        "WAIT_PAY",
        "waitBuyerPay",
        [LineResult(1, sub_order_id="sub-1", status="ok"), LineResult(2, sub_order_id="sub-2")],
        status_time_ms=5,
    )
    after = orders.get(stored.id)
    assert after is not None
    assert (after.state, after.platform_order_id, after.platform_order_no) == (
        STATE_SUBMITTED,
        "PID-1",
        "NO-1",
    )
    assert (after.status, after.raw_status, after.status_updated_at) == (
        "WAIT_PAY",
        "waitBuyerPay",
        5,
    )
    assert after.updated_at == clock.now > after.created_at
    assert [(ln.sub_order_id, ln.status) for ln in orders.lines(stored.id)] == [
        ("sub-1", "ok"),
        ("sub-2", None),
    ]
    assert orders.submission("S-1").state == "submitted"  # type: ignore[union-attr]
    # A second outcome for a final order changes nothing.
    assert not orders.mark_rejected(stored.id, "late")
    assert not orders.mark_unknown(stored.id, "late")
    assert not orders.mark_submitted(stored.id, "X", "Y", None, None)
    assert orders.get(stored.id).platform_order_no == "NO-1"  # type: ignore[union-attr]


def test_mark_rejected_keeps_per_line_errors(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    assert orders.mark_rejected(
        stored.id,
        "4001 out of stock",
        [LineResult(2, error_code="4001", error_message="out of stock"), LineResult(9)],
    )
    assert orders.get(stored.id).state == STATE_REJECTED  # type: ignore[union-attr]
    lines = orders.lines(stored.id)
    assert (lines[1].error_code, lines[1].error_message) == ("4001", "out of stock")
    assert lines[0].error_code is None
    sub = orders.submission("S-1")
    assert sub is not None and (sub.state, sub.last_error) == ("rejected", "4001 out of stock")


def test_unknown_then_reconciled_as_submitted(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    assert orders.mark_unknown(stored.id, "timeout")
    assert orders.get(stored.id).state == STATE_UNKNOWN  # type: ignore[union-attr]
    [unknown] = orders.submissions_in_state("unknown")
    assert (unknown.idempotency_key, unknown.last_error) == ("S-1", "timeout")
    assert orders.submissions_in_state("pending") == []

    assert orders.mark_submitted(stored.id, "PID", "NO", None, None)
    assert orders.submissions_in_state("unknown") == []
    sub = orders.submission("S-1")
    assert sub is not None and sub.state == "submitted" and sub.last_error is None


def test_outcomes_for_missing_order_return_false(orders: OrderRepository) -> None:
    assert not orders.mark_submitted(404, "a", "b", None, None)
    assert not orders.mark_rejected(404, "x")
    assert not orders.mark_unknown(404, "x")
    with pytest.raises(ValueError):
        orders.submissions_in_state("bogus")


def test_line_result_ok_is_not_stored_but_errors_are(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    orders.mark_submitted(
        stored.id,
        "P",
        "N",
        None,
        None,
        [LineResult(1, ok=True), LineResult(2, ok=False, error_code="E1", error_message="gone")],
    )
    assert [(ln.error_code, ln.error_message) for ln in orders.lines(stored.id)] == [
        (None, None),
        ("E1", "gone"),
    ]


def test_orders_in_state(orders: OrderRepository) -> None:
    a = orders.create_pending(new_order("S-a"), two_lines())
    b = orders.create_pending(new_order("S-b"), two_lines())
    c = orders.create_pending(new_order("S-c"), two_lines())
    orders.mark_unknown(b.id, "timeout")
    orders.mark_unknown(c.id, "timeout")
    assert [o.id for o in orders.orders_in_state(STATE_UNKNOWN)] == [b.id, c.id]
    assert [o.id for o in orders.orders_in_state(STATE_SUBMITTING)] == [a.id]
    assert [o.id for o in orders.orders_in_state(STATE_UNKNOWN, limit=1)] == [b.id]
    assert orders.orders_in_state(STATE_SUBMITTED) == []
    with pytest.raises(ValueError):
        orders.orders_in_state("flying")


def test_reset_for_retry_reuses_a_rejected_key(orders: OrderRepository, clock: Clock) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    orders.record_attempt("S-1")
    orders.mark_rejected(stored.id, "price above budget", [LineResult(1, error_code="PRICE")])

    clock.advance()
    fewer = [NewOrderLine(line_no=1, item_id="777", quantity=3, unit_price_fen=100)]
    retried = orders.reset_for_retry(stored.id, new_order(subtotal_fen=300, postage_fen=0), fewer)

    assert retried.id == stored.id
    assert retried.state == STATE_SUBMITTING
    assert (retried.subtotal_fen, retried.total_fen) == (300, 300)
    assert retried.created_at == stored.created_at < retried.updated_at
    assert [(ln.item_id, ln.line_total_fen, ln.error_code) for ln in orders.lines(stored.id)] == [
        ("777", 300, None)
    ]
    sub = orders.submission("S-1")
    assert sub is not None and (sub.state, sub.last_error, sub.attempts) == ("pending", None, 1)
    # And the retry can now end normally.
    assert orders.mark_submitted(stored.id, "P", "N", "WAIT_PAY", None)


def test_reset_for_retry_refuses_live_or_foreign_orders(orders: OrderRepository) -> None:
    live = orders.create_pending(new_order(), two_lines())
    with pytest.raises(ValueError, match="only a rejected"):
        orders.reset_for_retry(live.id, new_order(), two_lines())
    orders.mark_rejected(live.id, "no")
    with pytest.raises(ValueError, match="keep the seller order number"):
        orders.reset_for_retry(live.id, new_order("S-other"), two_lines())
    with pytest.raises(ValueError, match="does not exist"):
        orders.reset_for_retry(404, new_order(), two_lines())
    assert orders.get(live.id).state == STATE_REJECTED  # type: ignore[union-attr]


def test_record_attempt_counts(orders: OrderRepository) -> None:
    orders.create_pending(new_order(), two_lines())
    assert orders.record_attempt("S-1") == 1
    assert orders.record_attempt("S-1") == 2
    assert orders.submission("S-1").attempts == 2  # type: ignore[union-attr]
    assert orders.record_attempt("missing") is None


def test_begin_attempt_records_state_and_count_in_one_transaction(
    orders: OrderRepository, db: sqlite_utils.Database
) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    commits = []
    db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    assert orders.begin_attempt(stored.id, "S-1") == 1
    db.conn.set_trace_callback(None)
    assert commits == ["COMMIT"]
    assert orders.get(stored.id).state == STATE_SUBMITTING  # type: ignore[union-attr]
    assert orders.submission("S-1").attempts == 1  # type: ignore[union-attr]


def test_select_reads_rows_as_dicts_without_a_transaction(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    db.execute("INSERT INTO t VALUES (1, 'x'), (2, 'y')")
    assert select(db, "SELECT * FROM t WHERE a > ? ORDER BY a", (0,)) == [
        {"a": 1, "b": "x"},
        {"a": 2, "b": "y"},
    ]
    assert select(db, "SELECT * FROM t WHERE b = :b", {"b": "none"}) == []
    assert not db.conn.in_transaction


# --- status and state ---------------------------------------------------------------------


def test_update_status_ignores_older_or_equal_timestamps(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(), two_lines())
    orders.mark_submitted(stored.id, "P", "N", None, None)

    assert orders.update_status(stored.id, "WAIT_PAY", "a", 1000)
    assert orders.update_status(stored.id, "PAID", "b", 2000)
    assert not orders.update_status(stored.id, "WAIT_PAY", "a", 1500)  # out of order
    assert not orders.update_status(stored.id, "SHIPPED", "c", 2000)  # same instant
    after = orders.get(stored.id)
    assert after is not None
    assert (after.status, after.raw_status, after.status_updated_at) == ("PAID", "b", 2000)
    assert not orders.update_status(404, "PAID", None, 9999)


def test_set_state_compare_and_set(orders: OrderRepository) -> None:
    stored = orders.create_pending(new_order(state=STATE_PENDING_APPROVAL), two_lines())

    # Two approvers race: the first wins, the second sees False.
    assert orders.set_state(stored.id, STATE_SUBMITTING, expected=STATE_PENDING_APPROVAL)
    assert not orders.set_state(
        stored.id, STATE_CANCELLED_BEFORE_SUBMIT, expected=STATE_PENDING_APPROVAL
    )
    assert orders.get(stored.id).state == STATE_SUBMITTING  # type: ignore[union-attr]

    assert orders.set_state(stored.id, STATE_CANCELLED_BEFORE_SUBMIT)
    # Final: nothing moves it any more.
    assert not orders.set_state(stored.id, STATE_SUBMITTING)
    assert not orders.mark_submitted(stored.id, "P", "N", None, None)
    assert not orders.set_state(404, STATE_SUBMITTING)

    with pytest.raises(ValueError, match="mark_submitted"):
        orders.set_state(stored.id, STATE_SUBMITTED)
    with pytest.raises(ValueError, match="unknown order state"):
        orders.set_state(stored.id, "flying")


def test_non_final_orders_for_polling(orders: OrderRepository, clock: Clock) -> None:
    finals = {"COMPLETED", "CANCELLED"}
    a = orders.create_pending(new_order("S-a"), two_lines())
    b = orders.create_pending(new_order("S-b"), two_lines())
    c = orders.create_pending(new_order("S-c"), two_lines())
    orders.create_pending(new_order("S-d"), two_lines())  # never submitted: not polled
    clock.advance()
    orders.mark_submitted(b.id, "P-b", "N-b", "WAIT_PAY", None)
    clock.advance()
    orders.mark_submitted(a.id, "P-a", "N-a", None, None)
    clock.advance()
    orders.mark_submitted(c.id, "P-c", "N-c", "COMPLETED", None)

    assert [o.id for o in orders.non_final_orders(finals)] == [b.id, a.id]
    assert [o.id for o in orders.non_final_orders(finals, limit=1)] == [b.id]
    assert [o.id for o in orders.non_final_orders(set())] == [b.id, a.id, c.id]


def test_migrate_chat_moves_only_that_chats_orders(orders: OrderRepository) -> None:
    orders.create_pending(new_order("S-1", chat_id=-100), two_lines())
    orders.create_pending(new_order("S-2", chat_id=-100), two_lines())
    orders.create_pending(new_order("S-3", chat_id=-200), two_lines())

    assert orders.migrate_chat(-100, -1001234) == 2
    assert orders.count_for_chat(-100) == 0
    assert orders.count_for_chat(-1001234) == 2
    assert orders.count_for_chat(-200) == 1
    assert orders.migrate_chat(-100, -1001234) == 0


def test_orders_since_streams_in_batches(orders: OrderRepository, clock: Clock) -> None:
    early = orders.create_pending(new_order("early"), two_lines())
    clock.advance(10_000)
    cutoff = clock.now
    later_ids = [orders.create_pending(new_order(f"S-{i}"), two_lines()).id for i in range(1203)]

    exported = list(orders.orders_since(cutoff))
    assert [o.id for o in exported] == later_ids  # more than two batches, oldest first
    assert early.id not in {o.id for o in exported}
    assert len(list(orders.orders_since(0))) == 1204
    assert list(orders.orders_since(clock.now + 1)) == []
