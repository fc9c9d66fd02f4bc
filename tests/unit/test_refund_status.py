"""The after-sales vocabulary: raw statuses in buyer words, which moves may follow which, and
what a buyer may do in each status."""

from __future__ import annotations

import pytest

from bot.domain.refund_status import (
    RefundAction,
    RefundStatus,
    allowed_refund_actions,
    can_follow,
    is_final,
    is_forward,
    map_refund_status,
)

R = RefundStatus


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (0, R.NONE),
        (10, R.REQUESTED),
        ("10", R.REQUESTED),
        (20, R.RETURN_GOODS),
        (30, R.RETURN_SENT),
        (100, R.REFUNDED),
        (-10, R.REFUSED),
        ("-20", R.CLOSED),
        (40, R.UNKNOWN),
        ("refund_pending", R.UNKNOWN),
        (None, R.UNKNOWN),
        (True, R.UNKNOWN),
    ],
)
def test_taobao_integers_map_to_buyer_words_and_unknown_values_stay_raw(raw, status):
    view = map_refund_status("taobao", raw)
    assert view.status is status
    assert view.raw == raw


def test_1688_strings_are_understood_for_when_1688_plugs_in():
    assert map_refund_status("1688", "refundsuccess").status is R.REFUNDED
    assert map_refund_status("1688", "WAITSELLERAGREE").status is R.REQUESTED
    assert map_refund_status("other", 10).status is R.UNKNOWN


@pytest.mark.parametrize(
    ("current", "incoming", "follows"),
    [
        (None, R.REQUESTED, True),
        (R.REQUESTED, R.REQUESTED, False),
        (R.REQUESTED, R.REFUSED, True),
        (R.REFUSED, R.REQUESTED, True),  # modified after a refusal
        (R.RETURN_GOODS, R.RETURN_SENT, True),
        (R.RETURN_SENT, R.REFUSED, True),  # refused on receiving the goods
        (R.RETURN_SENT, R.RETURN_GOODS, False),  # a late message
        (R.RETURN_GOODS, R.REQUESTED, False),
        (R.REFUNDED, R.REQUESTED, False),  # never out of a final status
        (R.CLOSED, R.REFUNDED, False),
        (R.REQUESTED, R.UNKNOWN, False),  # unknown never over a known status
        (R.UNKNOWN, R.REFUNDED, True),
    ],
)
def test_which_status_may_follow_which(current, incoming, follows):
    assert can_follow(current, incoming) is follows


def test_forward_moves_need_no_newer_time_sideways_ones_do():
    assert is_forward(R.REQUESTED, R.RETURN_GOODS)
    assert is_forward(None, R.REFUSED)
    assert not is_forward(R.REFUSED, R.REQUESTED)
    assert not is_forward(R.RETURN_SENT, R.REFUSED)
    assert is_final(R.REFUNDED) and is_final(R.CLOSED) and not is_final(R.REFUSED)


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (R.REQUESTED, {"modify", "cancel", "message", "refresh"}),
        (R.REFUSED, {"modify", "cancel", "message", "refresh"}),
        (R.RETURN_GOODS, {"send_return", "cancel", "message", "refresh"}),
        (R.RETURN_SENT, {"message", "refresh"}),
        (R.REFUNDED, set()),
        (R.CLOSED, set()),
        (R.UNKNOWN, {"message", "refresh"}),
    ],
)
def test_the_card_offers_only_what_the_status_allows(status, actions):
    assert allowed_refund_actions(status) == {RefundAction(a) for a in actions}
