import pytest

from bot.domain.status import (
    Action,
    BuyerStatus,
    StatusView,
    allowed_actions,
    is_final,
    map_status,
    rank,
    should_apply,
)

S = BuyerStatus
A = Action


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("BULIDING", S.CREATING),
        ("WAIT_BUYER_P", S.AWAITING_PAYMENT),
        ("WAIT_BUYER_PAY", S.AWAITING_PAYMENT),
        ("WAIT_SELLER_SEND_GOODS", S.AWAITING_SHIPMENT),
        ("WAIT_BUYER_CONFIRM_GOODS", S.SHIPPED),
        ("TRADE_BUYER_SIGNED", S.RECEIVED),
        ("TRADE_FINISHED", S.COMPLETED),
        ("TRADE_CLOSED", S.CANCELLED),
        ("TRADE_CLOSED_BY_TAOBAO", S.CANCELLED),
        ("FAILED", S.CANCELLED),
        ("trade_finished", S.COMPLETED),
        (" WAIT_BUYER_P ", S.AWAITING_PAYMENT),
        (12, S.CREATING),
        (0, S.AWAITING_PAYMENT),
        (1, S.PAYMENT_REVIEW),
        (2, S.PAYMENT_REVIEW),
        (3, S.PAYMENT_REJECTED),
        (5, S.PAYMENT_REVIEW),
        (10, S.AWAITING_SHIPMENT),
        (11, S.SHIPPED),
        (4, S.CANCELLED),
        (9, S.UNKNOWN),
        ("10", S.AWAITING_SHIPMENT),
        ("0", S.AWAITING_PAYMENT),
    ],
)
def test_taobao_statuses(raw: str | int, status: BuyerStatus) -> None:
    assert map_status("taobao", raw) == StatusView(status, raw)


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("waitbuyerpay", S.AWAITING_PAYMENT),
        ("waitsellersend", S.AWAITING_SHIPMENT),
        ("waitbuyerreceive", S.SHIPPED),
        ("confirm_goods", S.RECEIVED),
        ("success", S.COMPLETED),
        ("cancel", S.CANCELLED),
        ("terminated", S.CANCELLED),
        ("waitbuyerconfirmpay", S.AWAITING_PAYMENT),
        ("waitlogisticstakein", S.AWAITING_SHIPMENT),
        ("waitselleract", S.CREATING),
        ("WAITING_FOR_PAYMENT", S.AWAITING_PAYMENT),
        ("WAITING_FOR_SENT", S.AWAITING_SHIPMENT),
        ("CANCEL", S.CANCELLED),
        ("WaitBuyerPay", S.AWAITING_PAYMENT),
    ],
)
def test_1688_statuses(raw: str, status: BuyerStatus) -> None:
    assert map_status("1688", raw) == StatusView(status, raw)


@pytest.mark.parametrize(
    ("platform", "raw"),
    [
        ("taobao", "SOMETHING_NEW"),
        ("taobao", 77),
        ("taobao", ""),
        ("taobao", None),
        ("taobao", True),
        ("taobao", "waitbuyerpay"),  # a 1688 word on a Taobao order
        ("1688", "WAIT_BUYER_P"),
        ("1688", 0),
        ("1688", "refundsuccess"),
        ("weidian", "waitbuyerpay"),
    ],
)
def test_unknown_values_keep_raw_and_never_raise(platform: str, raw: object) -> None:
    view = map_status(platform, raw)  # type: ignore[arg-type]
    assert view.status is S.UNKNOWN
    assert view.raw == raw
    assert not view.is_known


def test_status_values_are_the_buyer_vocabulary() -> None:
    assert [s.value for s in S] == [
        "creating",
        "awaiting_payment",
        "payment_review",
        "payment_rejected",
        "awaiting_shipment",
        "shipped",
        "received",
        "completed",
        "cancelled",
        "unknown",
    ]
    assert S("shipped") is S.SHIPPED
    assert S.SHIPPED == "shipped"


def test_rank_orders_progress() -> None:
    journey = [
        S.CREATING,
        S.AWAITING_PAYMENT,
        S.PAYMENT_REVIEW,
        S.AWAITING_SHIPMENT,
        S.SHIPPED,
        S.RECEIVED,
        S.COMPLETED,
    ]
    ranks = [rank(s) for s in journey]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
    assert rank(S.UNKNOWN) < rank(S.CREATING)
    assert rank(S.PAYMENT_REJECTED) == rank(S.PAYMENT_REVIEW)
    assert rank("shipped") == rank(S.SHIPPED)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "final"),
    [(S.COMPLETED, True), (S.CANCELLED, True), (S.SHIPPED, False), (S.UNKNOWN, False)],
)
def test_is_final(status: BuyerStatus, final: bool) -> None:
    assert is_final(status) is final


@pytest.mark.parametrize(
    ("current", "incoming", "apply"),
    [
        (None, S.AWAITING_PAYMENT, True),
        (None, S.UNKNOWN, True),
        (S.CREATING, S.AWAITING_PAYMENT, True),
        (S.AWAITING_PAYMENT, S.AWAITING_SHIPMENT, True),  # a skipped step is fine
        (S.AWAITING_SHIPMENT, S.SHIPPED, True),
        (S.SHIPPED, S.RECEIVED, True),
        (S.RECEIVED, S.COMPLETED, True),
        (S.SHIPPED, S.AWAITING_SHIPMENT, False),  # a late callback must not move it back
        (S.AWAITING_SHIPMENT, S.AWAITING_PAYMENT, False),
        (S.PAYMENT_REVIEW, S.PAYMENT_REJECTED, True),
        (S.PAYMENT_REJECTED, S.PAYMENT_REVIEW, True),
        (S.PAYMENT_REVIEW, S.AWAITING_PAYMENT, False),
        (S.SHIPPED, S.SHIPPED, False),
        (S.AWAITING_PAYMENT, S.CANCELLED, True),
        (S.SHIPPED, S.CANCELLED, True),
        (S.AWAITING_SHIPMENT, S.COMPLETED, True),
        (S.CANCELLED, S.AWAITING_PAYMENT, False),
        (S.CANCELLED, S.COMPLETED, False),
        (S.COMPLETED, S.CANCELLED, False),
        (S.COMPLETED, S.SHIPPED, False),
        (S.CANCELLED, S.UNKNOWN, False),
        (S.SHIPPED, S.UNKNOWN, False),
        (S.CREATING, S.UNKNOWN, False),
        (S.UNKNOWN, S.UNKNOWN, False),
        (S.UNKNOWN, S.CREATING, True),
        (S.UNKNOWN, S.CANCELLED, True),
    ],
)
def test_should_apply(current: BuyerStatus | None, incoming: BuyerStatus, apply: bool) -> None:
    assert should_apply(current, incoming) is apply


def test_out_of_order_callbacks_end_at_the_latest_status() -> None:
    # Callbacks arrive shuffled; applying only what should_apply allows ends at the furthest.
    arrivals = ["WAIT_BUYER_CONFIRM_GOODS", "WAIT_BUYER_P", "NEW_THING", "WAIT_SELLER_SEND_GOODS"]
    current: BuyerStatus | None = None
    for raw in arrivals:
        incoming = map_status("taobao", raw).status
        if should_apply(current, incoming):
            current = incoming
    assert current is S.SHIPPED


ALWAYS = {A.CONTACT_SELLER}


@pytest.mark.parametrize(
    ("platform", "status", "actions"),
    [
        ("taobao", S.CREATING, {A.CANCEL, A.REFRESH}),
        ("taobao", S.AWAITING_PAYMENT, {A.CANCEL, A.PAY, A.SEND_VOUCHER, A.REFRESH}),
        ("1688", S.AWAITING_PAYMENT, {A.CANCEL, A.PAY, A.SEND_VOUCHER, A.REFRESH}),
        ("taobao", S.PAYMENT_REVIEW, {A.REFRESH}),
        ("taobao", S.PAYMENT_REJECTED, {A.CANCEL, A.SEND_VOUCHER, A.REFRESH}),
        ("taobao", S.AWAITING_SHIPMENT, {A.REQUEST_REFUND, A.REFRESH}),
        ("1688", S.AWAITING_SHIPMENT, {A.REQUEST_REFUND, A.REFRESH}),
        ("taobao", S.SHIPPED, {A.TRACK, A.REQUEST_REFUND, A.REFRESH}),
        ("1688", S.SHIPPED, {A.TRACK, A.CONFIRM_RECEIPT, A.REQUEST_REFUND, A.REFRESH}),
        ("1688", S.RECEIVED, {A.TRACK, A.REQUEST_REFUND, A.REFRESH}),
        ("taobao", S.COMPLETED, {A.TRACK, A.REQUEST_REFUND}),
        ("1688", S.CANCELLED, set()),
        ("taobao", S.UNKNOWN, {A.REFRESH}),
    ],
)
def test_allowed_actions(platform: str, status: BuyerStatus, actions: set[Action]) -> None:
    assert allowed_actions(platform, status) == frozenset(actions | ALWAYS)  # type: ignore[arg-type]
