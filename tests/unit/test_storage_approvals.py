"""ApprovalRepository: one request per order, first decision wins, expiry timing, card copies,
reason prompts, the audit, and a group's move to its supergroup id."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from storage.approvals import (
    APPROVAL_APPROVED,
    APPROVAL_EXPIRED,
    APPROVAL_PENDING,
    APPROVAL_REJECTED,
    AUDIT_REFUSED,
    ApprovalRepository,
)
from storage.db import open_database
from storage.order_records import STATE_PENDING_APPROVAL, NewOrder, NewOrderLine
from storage.orders import OrderRepository

GROUP = -500
HOUR_MS = 3_600_000


class Clock:
    def __init__(self, start: int = 1_700_000_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def approvals(db: sqlite_utils.Database, clock: Clock) -> ApprovalRepository:
    return ApprovalRepository(db, clock=clock)


@pytest.fixture
def orders(db: sqlite_utils.Database, clock: Clock) -> OrderRepository:
    return OrderRepository(db, clock=clock)


def stored_order(orders: OrderRepository, seller_no: str = "S-1") -> int:
    order = NewOrder(
        platform="taobao",
        chat_id=GROUP,
        requester_id=10,
        seller_order_number=seller_no,
        receiver_json=json.dumps({"name": "张三"}),
        subtotal_fen=1000,
        state=STATE_PENDING_APPROVAL,
    )
    line = NewOrderLine(line_no=1, item_id="612345", quantity=1, unit_price_fen=1000)
    return orders.create_pending(order, [line]).id


def test_create_is_pending_audited_and_idempotent_per_order(approvals, orders, clock):
    order_id = stored_order(orders)
    first = approvals.create(order_id, GROUP, 10, clock.now + HOUR_MS, requester_name="Alice")
    assert first.state == APPROVAL_PENDING and first.pending
    assert (first.order_id, first.chat_id, first.requester_id) == (order_id, GROUP, 10)
    assert first.expires_at == clock.now + HOUR_MS and first.decided_by is None

    again = approvals.create(order_id, GROUP, 99, clock.now + 5 * HOUR_MS)
    assert again == first  # a double tap changes nothing
    assert approvals.for_order(order_id) == first
    assert approvals.get(first.id) == first
    assert approvals.requester_name(first.id) == "Alice"
    assert [(e.action, e.actor_id, e.actor_name) for e in approvals.audit(first.id)] == [
        ("requested", 10, "Alice")
    ]


def test_the_first_decision_wins_and_the_second_changes_nothing(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    clock.now += 1000
    assert approvals.decide(approval.id, APPROVAL_APPROVED, 20, "Boss")
    assert not approvals.decide(approval.id, APPROVAL_REJECTED, 30, "Carol", "too dear")
    assert not approvals.decide(approval.id, APPROVAL_APPROVED, 30, "Carol")

    decided = approvals.get(approval.id)
    assert decided is not None
    assert (decided.state, decided.decided_by, decided.decided_by_name) == ("approved", 20, "Boss")
    assert decided.decided_at == clock.now and decided.reason is None
    actions = [(e.action, e.actor_name) for e in approvals.audit(approval.id)]
    assert actions == [("requested", None), ("approved", "Boss")]


def test_a_decision_from_another_connection_loses_too(approvals, orders, clock, tmp_path):
    """The guard is in SQL, not in Python: a second process racing on the same file loses."""
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    other = ApprovalRepository(open_database(tmp_path / "orderbot.db"), clock=clock)
    assert other.decide(approval.id, APPROVAL_REJECTED, 30, "Carol", "no budget")
    assert not approvals.decide(approval.id, APPROVAL_APPROVED, 20, "Boss")
    decided = approvals.get(approval.id)
    assert decided is not None and decided.state == "rejected" and decided.reason == "no budget"


def test_rejection_keeps_its_reason_in_the_row_and_the_audit(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    assert approvals.decide(approval.id, APPROVAL_REJECTED, 20, "Boss", "wrong size")
    decided = approvals.get(approval.id)
    assert decided is not None and decided.reason == "wrong size"
    last = approvals.audit(approval.id)[-1]
    assert (last.action, last.detail, last.at) == ("rejected", "wrong size", clock.now)


def test_expiry_and_decisions_split_at_the_deadline(approvals, orders, clock):
    deadline = clock.now + HOUR_MS
    early = approvals.create(stored_order(orders, "S-1"), GROUP, 10, deadline)
    late = approvals.create(stored_order(orders, "S-2"), GROUP, 10, deadline)
    assert approvals.pending_expired(clock.now) == []
    assert not approvals.decide(early.id, APPROVAL_EXPIRED, None, None)  # not due yet

    clock.now = deadline
    assert [a.id for a in approvals.pending_expired()] == [early.id, late.id]
    assert not approvals.decide(late.id, APPROVAL_APPROVED, 20, "Boss")  # too late to approve
    assert approvals.decide(early.id, APPROVAL_EXPIRED, None, None)
    assert [a.id for a in approvals.pending_expired()] == [late.id]
    expired = approvals.get(early.id)
    assert expired is not None and expired.state == "expired" and expired.decided_at == deadline


def test_pending_lists_by_chat_and_overall(approvals, orders, clock):
    first = approvals.create(stored_order(orders, "S-1"), GROUP, 10, clock.now + HOUR_MS)
    second = approvals.create(stored_order(orders, "S-2"), -600, 11, clock.now + HOUR_MS)
    third = approvals.create(stored_order(orders, "S-3"), GROUP, 12, clock.now + HOUR_MS)
    approvals.decide(third.id, APPROVAL_APPROVED, 20, "Boss")
    assert [a.id for a in approvals.pending_in_chat(GROUP)] == [first.id]
    assert [a.id for a in approvals.pending()] == [first.id, second.id]


def test_reopen_starts_a_new_round_and_keeps_the_history(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    approvals.add_message(approval.id, GROUP, 7)
    approvals.decide(approval.id, APPROVAL_REJECTED, 20, "Boss", "fix the address")
    assert approvals.reopen(
        approval.id, GROUP, clock.now + 2 * HOUR_MS, actor_id=10, actor_name="Alice"
    )
    assert not approvals.reopen(approval.id, GROUP, clock.now, actor_id=10, actor_name="Alice")
    again = approvals.get(approval.id)
    assert again is not None and again.pending
    assert (again.decided_by, again.reason, again.expires_at) == (
        None,
        None,
        clock.now + 2 * HOUR_MS,
    )
    assert approvals.messages(approval.id) == []  # the old card keeps its old decision
    assert [e.action for e in approvals.audit(approval.id)] == ["requested", "rejected", "reopened"]


def test_card_copies_are_recorded_once_groups_first(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    approvals.add_message(approval.id, 2002, 5)
    approvals.add_message(approval.id, GROUP, 9)
    approvals.add_message(approval.id, GROUP, 9)  # a repeated edit of the same card
    assert [(m.chat_id, m.message_id) for m in approvals.messages(approval.id)] == [
        (GROUP, 9),
        (2002, 5),
    ]
    assert approvals.approval_for_message(2002, 5) == approval
    assert approvals.approval_for_message(2002, 6) is None


def test_a_reason_prompt_is_found_by_its_message_and_survives_reopening(
    approvals, orders, clock, tmp_path
):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    approvals.ask_reason(approval.id, 20, "Boss", GROUP, 42)
    approvals.ask_reason(approval.id, 21, "Carol", 21, 43)
    # another connection (a restarted bot) finds it too
    again = ApprovalRepository(open_database(tmp_path / "orderbot.db"))
    found = again.reason_request(GROUP, 42)
    assert found is not None
    assert (found.approval_id, found.actor_id, found.chat_id, found.message_id) == (
        approval.id,
        20,
        GROUP,
        42,
    )
    carol = again.reason_request(21, 43)
    assert carol is not None and carol.actor_id == 21
    assert again.reason_request(GROUP, 43) is None
    assert again.reason_request(-999, 42) is None


def test_refused_presses_are_audited_without_deciding(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    approvals.record(approval.id, AUDIT_REFUSED, actor_id=30, actor_name="Carol", detail="x")
    entry = approvals.audit(approval.id)[-1]
    assert (entry.action, entry.actor_id, entry.actor_name, entry.detail) == (
        "refused",
        30,
        "Carol",
        "x",
    )
    current = approvals.get(approval.id)
    assert current is not None and current.pending


def test_migrate_chat_moves_requests_and_cards_only_of_that_chat(approvals, orders, clock):
    moved = approvals.create(stored_order(orders, "S-1"), GROUP, 10, clock.now + HOUR_MS)
    other = approvals.create(stored_order(orders, "S-2"), -600, 10, clock.now + HOUR_MS)
    approvals.add_message(moved.id, GROUP, 9)
    approvals.add_message(moved.id, 2002, 5)
    approvals.add_message(other.id, -600, 3)

    assert approvals.migrate_chat(GROUP, -100500) == 1
    assert approvals.migrate_chat(GROUP, -100500) == 0  # idempotent
    assert [a.id for a in approvals.pending_in_chat(-100500)] == [moved.id]
    assert approvals.pending_in_chat(GROUP) == []
    assert [(m.chat_id, m.message_id) for m in approvals.messages(moved.id)] == [
        (-100500, 9),
        (2002, 5),
    ]
    assert [(m.chat_id, m.message_id) for m in approvals.messages(other.id)] == [(-600, 3)]


def test_decide_refuses_an_unknown_state(approvals, orders, clock):
    approval = approvals.create(stored_order(orders), GROUP, 10, clock.now + HOUR_MS)
    with pytest.raises(ValueError):
        approvals.decide(approval.id, APPROVAL_PENDING, 20, "Boss")


def test_one_approval_per_order_is_enforced_by_the_schema(approvals, orders, clock, db):
    order_id = stored_order(orders)
    approvals.create(order_id, GROUP, 10, clock.now + HOUR_MS)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO approvals (order_id, chat_id, requester_id, state, created_at, "
            "expires_at) VALUES (?, ?, ?, 'pending', 0, 0)",
            (order_id, GROUP, 10),
        )
