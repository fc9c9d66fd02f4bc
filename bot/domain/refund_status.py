"""One buyer vocabulary for after-sales (refund and return) requests, and what each allows.

Taobao reports a reverse order's status as an integer (pandapon-api.md §4: 0 none, 10 applied,
20 agreed — return the goods, 30 waiting for the seller to receive them, 100 refunded, −10 refused,
−20 closed); 1688's native after-sales speaks strings. Values we do not know map to `unknown`
with the raw value kept for display, and never crash a callback or a refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class RefundStatus(StrEnum):
    NONE = "none"  # nothing asked (a line without a request)
    REQUESTED = "requested"  # waiting for the seller's answer
    RETURN_GOODS = "return_goods"  # the seller agreed: send the goods back
    RETURN_SENT = "return_sent"  # the goods are on their way back: the seller must receive them
    REFUNDED = "refunded"
    REFUSED = "refused"  # the seller said no (with a reason): modify, or give up
    CLOSED = "closed"  # cancelled by the buyer, or timed out
    UNKNOWN = "unknown"


class RefundAction(StrEnum):
    MODIFY = "modify"
    CANCEL = "cancel"
    SEND_RETURN = "send_return"
    MESSAGE = "message"  # send the seller a message
    REFRESH = "refresh"


class RefundKind(StrEnum):
    """What the buyer asks for: the money only, or to send the goods back for the money."""

    REFUND_ONLY = "refund"
    RETURN_AND_REFUND = "return"


R = RefundStatus

_TAOBAO: Mapping[str, RefundStatus] = MappingProxyType(
    {
        "0": R.NONE,
        "10": R.REQUESTED,
        "20": R.RETURN_GOODS,
        "30": R.RETURN_SENT,
        "100": R.REFUNDED,
        "-10": R.REFUSED,
        "-20": R.CLOSED,
    }
)
# Native 1688 after-sales statuses, for when the platform documents 1688 refunds.
_1688: Mapping[str, RefundStatus] = MappingProxyType(
    {
        "waitselleragree": R.REQUESTED,
        "waitbuyermodify": R.REFUSED,
        "waitbuyersend": R.RETURN_GOODS,
        "waitsellerreceive": R.RETURN_SENT,
        "refundsuccess": R.REFUNDED,
        "refundclose": R.CLOSED,
    }
)
_TABLES: Mapping[str, Mapping[str, RefundStatus]] = MappingProxyType(
    {"taobao": _TAOBAO, "1688": _1688}
)

FINAL = frozenset({R.REFUNDED, R.CLOSED})
OPEN = frozenset({R.REQUESTED, R.RETURN_GOODS, R.RETURN_SENT, R.REFUSED, R.UNKNOWN})

# Where a request can go from each status. Mostly forward; the seller may refuse at any point
# before the money is back (also on receiving the goods), and a refused request modified by the
# buyer is requested again. A late callback that would move a request anywhere else is stale.
_NEXT: Mapping[RefundStatus, frozenset[RefundStatus]] = MappingProxyType(
    {
        R.NONE: frozenset(set(R) - {R.NONE}),
        R.UNKNOWN: frozenset(set(R) - {R.NONE, R.UNKNOWN}),
        R.REQUESTED: frozenset({R.RETURN_GOODS, R.RETURN_SENT, R.REFUNDED, R.REFUSED, R.CLOSED}),
        R.REFUSED: frozenset({R.REQUESTED, R.RETURN_GOODS, R.REFUNDED, R.CLOSED}),
        R.RETURN_GOODS: frozenset({R.RETURN_SENT, R.REFUNDED, R.REFUSED, R.CLOSED}),
        R.RETURN_SENT: frozenset({R.REFUNDED, R.REFUSED, R.CLOSED}),
        R.REFUNDED: frozenset(),
        R.CLOSED: frozenset(),
    }
)

# Progress: a move to a higher rank is forward whenever it is seen; a move to the same or a
# lower rank (refused ↔ requested, refused after a return) only when its platform time is newer.
_RANK: Mapping[RefundStatus, int] = MappingProxyType(
    {
        R.UNKNOWN: -1,
        R.NONE: 0,
        R.REQUESTED: 1,
        R.REFUSED: 1,
        R.RETURN_GOODS: 2,
        R.RETURN_SENT: 3,
        R.REFUNDED: 9,
        R.CLOSED: 9,
    }
)

_ACTIONS: Mapping[RefundStatus, frozenset[RefundAction]] = MappingProxyType(
    {
        R.REQUESTED: frozenset(
            {RefundAction.MODIFY, RefundAction.CANCEL, RefundAction.MESSAGE, RefundAction.REFRESH}
        ),
        R.REFUSED: frozenset(
            {RefundAction.MODIFY, RefundAction.CANCEL, RefundAction.MESSAGE, RefundAction.REFRESH}
        ),
        R.RETURN_GOODS: frozenset(
            {
                RefundAction.SEND_RETURN,
                RefundAction.CANCEL,
                RefundAction.MESSAGE,
                RefundAction.REFRESH,
            }
        ),
        R.RETURN_SENT: frozenset({RefundAction.MESSAGE, RefundAction.REFRESH}),
        R.UNKNOWN: frozenset({RefundAction.MESSAGE, RefundAction.REFRESH}),
    }
)


@dataclass(frozen=True, slots=True)
class RefundStatusView:
    status: RefundStatus
    raw: str | int | None

    @property
    def is_known(self) -> bool:
        return self.status is not RefundStatus.UNKNOWN


def map_refund_status(platform: str, raw: str | int | None) -> RefundStatusView:
    """The buyer status of a platform's raw refund status. Never raises."""
    table = _TABLES.get(platform)
    if table is None or raw is None or isinstance(raw, bool):
        return RefundStatusView(R.UNKNOWN, raw)
    key = str(raw).strip().lower()
    return RefundStatusView(table.get(key, R.UNKNOWN), raw)


def is_final(status: RefundStatus) -> bool:
    return RefundStatus(status) in FINAL


def can_follow(current: RefundStatus | None, incoming: RefundStatus) -> bool:
    """Whether `incoming` may replace the stored status: never out of a final status, never
    `unknown` over a known one, never back along a way a request does not go."""
    incoming = RefundStatus(incoming)
    if current is None:
        return True
    current = RefundStatus(current)
    if incoming == current:
        return False
    return incoming in _NEXT[current]


def is_forward(current: RefundStatus | None, incoming: RefundStatus) -> bool:
    """A move to a later stage (it cannot be an old message arriving late)."""
    if current is None:
        return True
    return _RANK[RefundStatus(incoming)] > _RANK[RefundStatus(current)]


def allowed_refund_actions(status: RefundStatus | str | None) -> frozenset[RefundAction]:
    """What the buyer may do with a request now; a finished one only shows its messages, and
    one the platform has given no status yet allows nothing."""
    if not status:
        return frozenset()
    return _ACTIONS.get(RefundStatus(status), frozenset())
