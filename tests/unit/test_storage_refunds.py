"""Refund requests in SQLite: idempotent on their key, first approver decision wins, statuses
applied by platform time and never backwards (RefundTracker), photos kept until sent."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from bot.domain.refund_status import RefundStatus
from bot.refund_tracking import RefundTracker
from storage.db import open_database
from storage.events import EventRepository
from storage.orders import OrderRepository
from storage.refunds import (
    DECLINED,
    FAILED,
    PENDING_APPROVAL,
    SUBMITTED,
    SUBMITTING,
    NewRefund,
    RefundRepository,
)
from tests.unit.test_storage_orders import new_order, two_lines

R = RefundStatus


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "orderbot.db")


@pytest.fixture
def repo(db) -> RefundRepository:
    return RefundRepository(db)


@pytest.fixture
def order_id(db) -> int:
    return OrderRepository(db).create_pending(new_order(), two_lines()).id


def new_refund(order_id: int, key: str = "r-1", **changes) -> NewRefund:
    base = NewRefund(
        order_id=order_id,
        platform="taobao",
        chat_id=100,
        requester_id=7,
        requester_name="Alice",
        refund_key=key,
        line_no=None,
        sub_order_id=None,
        kind="refund",
        reason_id="1",
        reason_text="不想要了",
        amount_fen=8400,
        max_fen=8400,
        description="",
        photo_count=0,
        state=SUBMITTING,
    )
    return replace(base, **changes)


def test_a_request_is_stored_once_per_key(repo, order_id):
    first = repo.create(new_refund(order_id))
    again = repo.create(new_refund(order_id, amount_fen=100))  # a double tap, changed
    assert again.id == first.id and again.amount_fen == 8400
    assert first.ref == f"R{first.id}" and not first.submitted
    assert [r.id for r in repo.list_for_chat(100)] == [first.id]
    assert repo.count_for_chat(100) == 1 and repo.count_for_chat(200) == 0


@pytest.mark.parametrize(
    "changes",
    [{"amount_fen": 0}, {"amount_fen": 8401}, {"kind": "exchange"}, {"state": SUBMITTED}],
)
def test_impossible_requests_are_refused_before_they_are_stored(order_id, changes):
    with pytest.raises(ValueError):
        new_refund(order_id, **changes)


def test_submitted_once_and_found_by_the_platforms_id(repo, order_id):
    stored = repo.create(new_refund(order_id))
    assert repo.mark_submitted(stored.id, "5001", "requested", "10", 1000)
    assert not repo.mark_submitted(stored.id, "5002", "requested", "10", 2000)
    assert repo.by_platform_id("5001").id == stored.id and repo.by_platform_id("5002") is None


def test_a_refused_request_may_be_asked_again_with_new_terms(repo, order_id):
    stored = repo.create(new_refund(order_id))
    assert not repo.restart(stored.id, new_refund(order_id, amount_fen=500))  # not failed
    repo.set_state(stored.id, FAILED, error="余额不足")
    assert repo.restart(stored.id, new_refund(order_id, amount_fen=500))
    again = repo.get(stored.id)
    assert (again.state, again.amount_fen, again.error) == (SUBMITTING, 500, None)


def test_the_first_approver_decision_wins(repo, order_id):
    stored = repo.create(new_refund(order_id, state=PENDING_APPROVAL))
    repo.set_approval_card(stored.id, -300, 55)
    repo.ask_reason(stored.id, 9, 56)
    assert repo.awaiting_reason(-300, 56).id == stored.id
    assert repo.decide(stored.id, approved=False, actor_id=9, actor_name="Bob", reason="no")
    assert not repo.decide(stored.id, approved=True, actor_id=8, actor_name="Eve")
    decided = repo.get(stored.id)
    assert (decided.state, decided.decided_by_name, decided.decision_reason) == (
        DECLINED,
        "Bob",
        "no",
    )
    assert repo.awaiting_reason(-300, 56) is None


def test_photos_are_kept_in_order_replaced_by_position_and_dropped(repo):
    repo.add_photo("r-1", 0, b"first")
    repo.add_photo("r-1", 1, b"second")
    repo.add_photo("r-1", 1, b"second, again")
    repo.add_photo("r-2", 0, b"other request")
    assert repo.photos("r-1") == [b"first", b"second, again"]
    assert repo.drop_photos("r-1") == 2
    assert repo.photos("r-1") == [] and repo.photos("r-2") == [b"other request"]


def test_a_group_upgraded_to_a_supergroup_keeps_its_requests(repo, order_id):
    stored = repo.create(new_refund(order_id, state=PENDING_APPROVAL, chat_id=-300))
    repo.set_approval_card(stored.id, -300, 55)
    assert repo.migrate_chat(-300, -100300) == 1
    moved = repo.get(stored.id)
    assert (moved.chat_id, moved.approval_chat_id) == (-100300, -100300)


@pytest.fixture
def tracker(db, repo) -> RefundTracker:
    return RefundTracker(repo, {}, OrderRepository(db), EventRepository(db))


def submitted(repo, order_id, at: int = 1_000) -> int:
    stored = repo.create(new_refund(order_id))
    repo.mark_submitted(stored.id, "5001", "requested", "10", at)
    return stored.id


def test_forward_moves_apply_whatever_their_time(tracker, repo, order_id):
    refund_id = submitted(repo, order_id, at=5_000)
    change = tracker.apply_raw(repo.get(refund_id), 20, at_ms=1_000)  # platform clock behind
    assert (change.old, change.new) == (R.REQUESTED, R.RETURN_GOODS)
    assert repo.get(refund_id).status_at > 5_000


def test_sideways_moves_apply_only_when_newer(tracker, repo, order_id):
    refund_id = submitted(repo, order_id, at=5_000)
    assert tracker.apply_raw(repo.get(refund_id), -10, at_ms=6_000).new is R.REFUSED
    assert tracker.apply_raw(repo.get(refund_id), 10, at_ms=5_500) is None  # a late "requested"
    assert tracker.apply_raw(repo.get(refund_id), 10, at_ms=7_000).new is R.REQUESTED  # modified


def test_a_final_status_is_never_left_and_repeats_change_nothing(tracker, repo, order_id):
    refund_id = submitted(repo, order_id)
    assert tracker.apply_raw(repo.get(refund_id), 100, at_ms=2_000).new is R.REFUNDED
    assert tracker.apply_raw(repo.get(refund_id), 100, at_ms=3_000) is None
    assert tracker.apply_raw(repo.get(refund_id), -10, at_ms=4_000) is None
    assert repo.get(refund_id).status == "refunded"


def test_an_unknown_status_is_kept_raw_but_never_replaces_a_known_one(tracker, repo, order_id):
    stored = repo.create(new_refund(order_id))
    repo.mark_submitted(stored.id, "5001", "unknown", "55", 1_000)  # the platform said 55
    assert repo.get(stored.id).raw_status == "55"  # the card shows it as it came
    assert tracker.apply_raw(repo.get(stored.id), 10, at_ms=3_000).new is R.REQUESTED
    assert tracker.apply_raw(repo.get(stored.id), 55, at_ms=4_000) is None


def test_a_refunded_request_shows_on_its_order(db, tracker, repo, order_id):
    refund_id = submitted(repo, order_id)
    tracker.apply_raw(repo.get(refund_id), 100, at_ms=2_000, details={"refunded_fen": 8400})
    assert OrderRepository(db).get(order_id).refund_fen == 8400


def test_details_without_a_move_are_kept(tracker, repo, order_id):
    refund_id = submitted(repo, order_id)
    assert tracker.apply_raw(repo.get(refund_id), 10, details={"deadline_at": 99_000}) is None
    assert repo.get(refund_id).deadline_at == 99_000
    with pytest.raises(ValueError):
        repo.update_details(refund_id, state="submitted")  # not a detail
