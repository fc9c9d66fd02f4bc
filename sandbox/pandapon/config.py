"""Settings of the sandbox platform: credentials, simulated time, callbacks, randomness."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import SANDBOX_ACCESS_KEY, SANDBOX_ACCESS_SECRET, SANDBOX_USER_ID
from bot.pandapon.signing import (
    DEFAULT_QUERY_RECIPE,
    DEFAULT_RECIPE,
    DEFAULT_TIMESTAMP_UNIT,
    QuerySigning,
    Signing,
    check_timestamp_unit,
    parse_query_recipe,
    parse_recipe,
)


@dataclass
class SandboxConfig:
    access_key: str = SANDBOX_ACCESS_KEY
    secret: str = SANDBOX_ACCESS_SECRET
    user_id: str = SANDBOX_USER_ID
    sign_recipe: str = DEFAULT_RECIPE
    timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT  # "s" or "ms"; the other unit is refused
    # The warehouse-logistics calls: `?timestamp=&sign=` with their own recipe and unit.
    query_sign_recipe: str = DEFAULT_QUERY_RECIPE
    query_timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT
    # The documented clock tolerance; nonces are remembered for as long as a timestamp stays valid.
    timestamp_window_seconds: int = 600
    develop_id: str = "1014533973088404335"

    callback_url: str | None = None
    callback_retry_interval_seconds: float = 1.0
    callback_max_retries: int = 5  # retries after the first attempt
    callback_timeout_seconds: float = 1.0  # the documented receiver deadline

    # Simulated time. Each delay is in platform seconds; time_scale=10 runs ten times faster.
    time_scale: float = 1.0
    build_seconds: float = 1.0  # Taobao BULIDING -> WAIT_BUYER_P (0: created awaiting payment)
    ship_seconds: float = 20.0  # paid -> shipped
    # shipped -> delivered: the parcel's trace is signed for then (Taobao: the order finishes)
    receive_seconds: float = 60.0
    # 1688: shipped -> confirm_goods when the buyer never confirms receipt (until then the order
    # waits in "shipped", where Confirm receipt is offered); 10 days, as marketplaces do
    auto_confirm_seconds: float = 10 * 24 * 3600.0
    finish_seconds: float = 10.0  # 1688 confirm_goods -> success
    # Shipping abroad: how long a freight preview (renderId) may be booked, and the steps of an
    # international parcel once the warehouse has the goods.
    render_valid_seconds: float = 1800.0
    abroad_step_seconds: float = 3600.0
    voucher_review_seconds: float = 30.0  # finance checks a payment voucher, then it is paid
    # Refund requests: the sandbox's seller agrees after refund_answer_seconds and, for a
    # return, receives the goods refund_receive_seconds after they were sent (0: it never acts
    # on its own; the control API and the deadlines still do). The platform's deadlines: the
    # seller must answer, the buyer send the goods back or modify a refused request, the seller
    # receive the goods — or the platform decides.
    refund_answer_seconds: float = 30.0
    refund_receive_seconds: float = 60.0
    refund_seller_timeout_seconds: float = 172_800.0  # 48 h: silence counts as agreement
    refund_buyer_timeout_seconds: float = 604_800.0  # 7 days: then the request closes
    refund_receive_timeout_seconds: float = 864_000.0  # 10 days: then the money goes back
    tick_seconds: float = 0.05  # how often the background task looks for due transitions

    # 1688 sellers whose orders the batch submit-to-pay refuses (NEED_CASHIER): the buyer must
    # pay them on the cashier page (payUrl). Also settable at run time (/_sandbox/cashier-only).
    cashier_only_sellers: tuple[str, ...] = ()

    seed: int = 20240514
    # A SQLite file that keeps the state (orders, addresses, stock, counters) across restarts.
    state_path: str | None = None

    def __post_init__(self) -> None:
        parse_recipe(self.sign_recipe)  # fail at start-up, not on the first request
        parse_query_recipe(self.query_sign_recipe)
        for name in ("timestamp_unit", "query_timestamp_unit"):
            try:
                check_timestamp_unit(getattr(self, name))
            except ValueError as exc:
                raise ValueError(f"{name} {exc}") from None
        if self.time_scale <= 0:
            raise ValueError("time_scale must be positive")
        if self.callback_max_retries < 0:
            raise ValueError("callback_max_retries must be >= 0")

    @property
    def signing(self) -> Signing:
        return Signing.of(self.sign_recipe, self.timestamp_unit)

    @property
    def query_signing(self) -> QuerySigning:
        return QuerySigning.of(self.query_sign_recipe, self.query_timestamp_unit)

    def delay(self, platform_seconds: float) -> float:
        """Real seconds until something that takes `platform_seconds` on the platform happens."""
        return platform_seconds / self.time_scale
