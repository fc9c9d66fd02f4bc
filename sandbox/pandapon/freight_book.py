"""The sandbox's shipping-abroad state: freight previews (renderIds) and international bookings.

A preview is kept for `render_valid_seconds` (platform time) and can be booked once; a booking
is the international logistics order of one Taobao order, with the domestic parcels announced
for it and an international trace that moves once the warehouse has the goods (the Taobao
order is signed for there). Everything changed is marked for the state file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.orders import Order
from sandbox.pandapon.store import ChangeSet, Kind
from sandbox.pandapon.wire import BEIJING, format_time, now_ms


@dataclass
class FreightOption:
    service_id: str
    company: str
    category: str
    price_minor: int
    currency: str
    cny_fen: int
    min_days: int
    max_days: int
    available: bool = True
    reason: str | None = None


@dataclass
class FreightRender:
    render_id: str
    country: str
    currency: str
    receiver: dict[str, Any]
    items: list[dict[str, Any]]
    options: list[FreightOption]
    created_ms: int
    expires_ms: int
    booked_order_id: str | None = None


@dataclass
class DomesticParcel:
    number: str
    company: str
    rts_time: str
    announced_ms: int


@dataclass
class FreightBooking:
    order_id: str  # the international logistics order
    logistic_number: str
    render_id: str
    tmall_order_id: str
    country: str
    service_id: str
    company: str
    category: str
    price_minor: int
    currency: str
    cny_fen: int
    receiver: dict[str, Any]
    remark: str
    created_ms: int
    domestic: list[DomesticParcel] = field(default_factory=list)


RENDERS: Kind[FreightRender] = Kind("freight_renders", FreightRender)
BOOKINGS: Kind[FreightBooking] = Kind("freight_bookings", FreightBooking)
FREIGHT_COUNTERS: Kind[int] = Kind("freight_counters", int)

# The international trace after the warehouse has the goods, one step apart each.
_ABROAD_STEPS = (
    "Received at the warehouse, weighed and packed",
    "Departed China (Shenzhen hub)",
    "Arrived in the destination country, customs cleared",
    "Out for delivery",
    "Delivered",
)


class FreightBook:
    def __init__(self, config: SandboxConfig, changes: ChangeSet) -> None:
        self._config = config
        self._changes = changes
        self.next_seq = 1
        self.reset()

    def reset(self) -> None:
        self.renders: dict[str, FreightRender] = {}
        self.bookings: dict[str, FreightBooking] = {}
        self._by_tmall: dict[str, FreightBooking] = {}

    # --- numbers -------------------------------------------------------------------------------

    def _seq(self) -> int:
        seq, self.next_seq = self.next_seq, self.next_seq + 1
        self._changes.mark(FREIGHT_COUNTERS, "seq")
        return seq

    def new_render_id(self) -> str:
        """FF<day><sequence>, like the documented FF2024080200007."""
        return f"FF{datetime.now(BEIJING):%Y%m%d}{self._seq():05d}"

    def new_booking_numbers(self, country: str) -> tuple[str, str]:
        """(international order id, tracking number like the documented FARJP2408000013YQ)."""
        seq = self._seq()
        day = datetime.now(BEIJING)
        return f"IL{day:%Y%m%d}{seq:06d}", f"FAR{country}{day:%y%m}{seq:07d}YQ"

    # --- changes -------------------------------------------------------------------------------

    def add_render(self, render: FreightRender) -> FreightRender:
        self.renders[render.render_id] = render
        self._changes.mark(RENDERS, render.render_id)
        return render

    def expired(self, render: FreightRender) -> bool:
        return now_ms() > render.expires_ms

    def render_expiry(self, created_ms: int) -> int:
        return created_ms + int(self._config.delay(self._config.render_valid_seconds) * 1000)

    def add_booking(self, booking: FreightBooking, render: FreightRender) -> FreightBooking:
        self._index(booking)
        render.booked_order_id = booking.order_id
        self._changes.mark(RENDERS, render.render_id)
        self._changes.mark(BOOKINGS, booking.order_id)
        return booking

    def announce(self, booking: FreightBooking, parcels: list[DomesticParcel]) -> None:
        known = {parcel.number for parcel in booking.domestic}
        booking.domestic += [parcel for parcel in parcels if parcel.number not in known]
        self._changes.mark(BOOKINGS, booking.order_id)

    def for_tmall_order(self, tmall_order_id: str) -> FreightBooking | None:
        return self._by_tmall.get(tmall_order_id)

    def restore(self, renders: dict[str, FreightRender], bookings: dict[str, FreightBooking]):
        self.renders.update(renders)
        for booking in bookings.values():
            self._index(booking)

    def _index(self, booking: FreightBooking) -> None:
        self.bookings[booking.order_id] = booking
        self._by_tmall[booking.tmall_order_id] = booking

    # --- views ---------------------------------------------------------------------------------

    def leg_view(self, order: Order) -> dict[str, Any] | None:
        """The order's international leg as its detail shows it (assumed shape)."""
        booking = self._by_tmall.get(order.order_id)
        if booking is None:
            return None
        traces = [(booking.created_ms, "International logistics order booked; waiting for "
                   "the goods at the warehouse")]  # fmt: skip
        for parcel in booking.domestic:
            traces.append(
                (parcel.announced_ms, f"Inbound parcel announced: {parcel.company} {parcel.number}")
            )
        if order.status == order.flow.received:  # signed for at the warehouse
            step_ms = int(self._config.delay(self._config.abroad_step_seconds) * 1000)
            now = now_ms()
            for index, text in enumerate(_ABROAD_STEPS):
                at = order.status_ms + index * step_ms
                if at <= now:
                    traces.append((at, text))
        return {
            "orderId": booking.order_id,
            "logisticNumber": booking.logistic_number,
            "companyName": booking.company,
            "serviceCategory": booking.category,
            "renderId": booking.render_id,
            "domesticLogisticNumbers": [parcel.number for parcel in booking.domestic],
            "traces": [{"time": format_time(at), "desc": text} for at, text in sorted(traces)],
        }
