"""The state of a member's after-sales conversation and of a payment-voucher upload.

Stored with their step at every step (storage/flows.py), like the order draft, so a restart
resumes on the step the member last saw with everything they entered. Evidence photos are not
in here: they are kept, checked and re-encoded, under the request's key in `refund_photos`;
the state keeps their hashes (what was added, in order).
"""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import Field

from bot.session import FlowSession, durable_flow

Mode = Literal["request", "modify", "return", "message"]


def new_key(prefix: str) -> str:
    """An idempotency key for one request or modification (also the platform's outRefundId)."""
    return f"{prefix}{secrets.token_hex(10)}"


class RefundSession(FlowSession):
    mode: Mode = "request"
    order_id: int | None = None
    refund_id: int | None = None  # modify, return, message: our request
    key: str = ""  # the request's key (request), the modification's (modify)
    line_no: int | None = None  # None with line_chosen: the whole order
    line_chosen: bool = False
    kind: str | None = None  # RefundKind value
    reasons: list[tuple[str, str]] = Field(default_factory=list)  # the platform's (id, text)
    reason_id: str | None = None
    reason_text: str | None = None
    max_fen: int | None = None
    amount_fen: int | None = None
    description: str | None = None  # None: not asked yet; "": skipped
    photos: list[str] = Field(default_factory=list)  # SHA-256 of each kept photo, in order
    note: str | None = None  # shown on the panel once (a platform refusal, a hint)
    # sending the goods back
    return_address: str | None = None
    return_note: str | None = None
    carriers: list[tuple[str, str]] = Field(default_factory=list)  # (code, name)
    carrier_code: str | None = None
    carrier_name: str | None = None
    tracking_no: str | None = None


class VoucherSession(FlowSession):
    order_id: int | None = None


REFUND_FLOW = durable_flow("refund", RefundSession)
VOUCHER_FLOW = durable_flow("voucher", VoucherSession)
