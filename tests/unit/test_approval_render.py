"""Approval cards and the approval history on the order card: what they say, in valid HTML."""

from __future__ import annotations

import json

import pytest

from bot.i18n import Translator
from handlers.approval_render import card_text, mention, render_approval_history
from storage.approvals import Approval, ApprovalAuditEntry
from storage.order_records import StoredOrder, StoredOrderLine
from tests.unit.test_i18n import html_problems

AT = 1_767_225_600_000  # 2026-01-01 00:00 UTC = 08:00 in Beijing
RECEIVER = {
    "name": "张三",
    "mobile": "+8613812345678",
    "state": "浙江省",
    "city": "杭州市",
    "address": "文一西路969号",
    "zip": "311121",
}


def order(state: str = "pending_approval", **changes) -> StoredOrder:
    values = dict(
        id=7,
        platform="taobao",
        chat_id=-200,
        requester_id=1001,
        seller_order_number="OB-7",
        platform_order_id=None,
        platform_order_no=None,
        state=state,
        status=None,
        raw_status=None,
        status_updated_at=None,
        subtotal_fen=7800,
        postage_fen=600,
        total_fen=8400,
        purchase_amount_fen=9000,
        receiver_json=json.dumps(RECEIVER),
        order_source=None,
        note=None,
        created_at=AT,
        updated_at=AT,
    )
    return StoredOrder(**{**values, **changes})


LINES = [
    StoredOrderLine(7, 1, "653211874520", "s1", "T-shirt <L>", "白色 / L", 2, 3900, 7800, None,
                    None, None, None, None)
]  # fmt: skip


def approval(state: str = "pending", **changes) -> Approval:
    values = dict(
        id=3,
        order_id=7,
        chat_id=-200,
        requester_id=1001,
        state=state,
        decided_by=None,
        decided_by_name=None,
        decided_at=None,
        reason=None,
        created_at=AT,
        expires_at=AT + 86_400_000,
    )
    return Approval(**{**values, **changes})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pending_card_shows_the_whole_order_and_its_deadline(lang):
    text = card_text(Translator(lang), order(), LINES, approval(), "Alice & co", private=False)
    assert html_problems(text) == []
    assert '<a href="tg://user?id=1001">Alice &amp; co</a>' in text
    assert "T-shirt &lt;L&gt;" in text and "2 × ¥39.00" in text
    assert "¥84.00" in text and "8400" in text  # the total in yuan and in fen
    assert "¥90.00" in text  # the budget
    assert "张三" in text and "OB-7" in text
    assert "2026-01-02 08:00" in text  # expires, Beijing time


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_groups_copy_masks_the_receiver_an_approvers_private_copy_does_not(lang):
    group = card_text(Translator(lang), order(), LINES, approval(), "Alice", private=False)
    assert "138****5678" in group and "文一西路…" in group
    assert "13812345678" not in group and "1234 5678" not in group and "969" not in group
    assert "张三" in group and "浙江省 杭州市" in group  # who and where to, roughly
    private = card_text(Translator(lang), order(), LINES, approval(), "Alice", private=True)
    assert "+86 138 1234 5678" in private and "文一西路969号" in private


def test_an_approved_card_says_who_when_and_the_platforms_answer():
    tr = Translator("en")
    decided = approval("approved", decided_by=2002, decided_by_name="Boss", decided_at=AT)
    placed = order("submitted", platform_order_no="PO1")
    text = card_text(tr, placed, LINES, decided, "Alice", private=False)
    assert "✅ <b>Approved</b> by Boss · 2026-01-01 08:00" in text
    assert "platform order no. <code>PO1</code>" in text
    refused = card_text(
        tr, order("rejected"), LINES, decided, "Alice", private=False, platform_reason="风控"
    )
    assert "The platform refused the order: 风控" in refused
    assert html_problems(refused) == []


def test_rejected_expired_and_automatic_cards():
    tr = Translator("en")
    rejected = approval(
        "rejected", decided_by=2002, decided_by_name="Boss", decided_at=AT, reason="<too> much"
    )
    text = card_text(tr, order("cancelled_before_submit"), LINES, rejected, "Alice", private=False)
    assert "Rejected</b> by Boss" in text and "Reason: &lt;too&gt; much" in text
    expired = card_text(
        tr, order(), LINES, approval("expired", decided_at=AT), "Alice", private=False
    )
    assert "⌛ <b>Expired</b> · 2026-01-01 08:00" in expired
    auto = card_text(
        tr,
        order("submitted"),
        LINES,
        approval("approved", reason="10000", decided_at=AT),
        "A",
        private=False,
    )
    assert "Approved automatically</b>: the budget is at most ¥100.00 (10000 fen)" in auto


def test_the_history_lists_every_request_and_decision():
    tr = Translator("en")
    audit = [
        ApprovalAuditEntry(1, 3, 1001, "Alice", "requested", None, AT),
        ApprovalAuditEntry(2, 3, 3003, "Carol", "refused", "not_approver", AT + 60_000),
        ApprovalAuditEntry(3, 3, 2002, "Boss", "reason_asked", "{}", AT + 120_000),
        ApprovalAuditEntry(4, 3, 2002, "Boss", "rejected", "too much", AT + 180_000),
    ]
    decided = approval(
        "rejected", decided_by=2002, decided_by_name="Boss", decided_at=AT, reason="too much"
    )
    text = render_approval_history(tr, decided, audit)
    assert html_problems(text) == []
    assert text.splitlines() == [
        "🗂 <b>Approval</b>: ❌ <b>Rejected</b> by Boss · 2026-01-01 08:00",
        "Reason: too much",
        "· 2026-01-01 08:00 — requested by Alice",
        "· 2026-01-01 08:01 — Carol pressed, but may not decide",
        "· 2026-01-01 08:02 — Boss started a rejection",
        "· 2026-01-01 08:03 — rejected by Boss: too much",
    ]


def test_mention_escapes_the_name():
    assert mention(5, "<b>") == '<a href="tg://user?id=5">&lt;b&gt;</a>'
    assert mention(5, None) == '<a href="tg://user?id=5">5</a>'
