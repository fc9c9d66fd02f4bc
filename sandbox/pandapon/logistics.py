"""Simulated parcels: a courier, a bill number and a trace of events, oldest first.

A parcel's trace is planned when it ships: picked up then, through the hubs, out for delivery and
signed for when the delivery time has passed. Only the events whose time has come are shown, so
a trace grows while the order is on its way and never shows anything before the parcel left.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# (company, customer-service number, bill-number prefix, digits)
COURIERS = (
    ("中通快递", "95311", "7", 13),
    ("圆通速递", "95554", "YT", 13),
    ("韵达快递", "95546", "43", 13),
    ("顺丰速运", "95338", "SF", 13),
)


@dataclass
class TraceEvent:
    time_ms: int
    action: str  # TMS_ACCEPT, TMS_STATION_IN, TMS_STATION_OUT, TMS_SIGN
    status: str  # ACCEPT, TRANSPORT, SIGN
    status_desc: str
    description: str
    province: str
    city: str
    district: str = ""
    facility_name: str = ""
    next_city: str = ""
    next_node_name: str = ""


@dataclass
class Place:
    province: str
    city: str
    district: str = ""


@dataclass
class Shipment:
    logistics_id: str
    mail_no: str
    company: str
    company_contact: str
    destination: Place
    events: list[TraceEvent] = field(default_factory=list)  # planned, oldest first
    signed: bool = False  # the receipt is final: every event is shown

    def visible_events(self, now_ms: int) -> list[TraceEvent]:
        """The events that have happened by `now_ms`, oldest first."""
        if self.signed:
            return list(self.events)
        return [event for event in self.events if event.time_ms <= now_ms]


# When each step happens, as a share of the delivery time after the parcel ships.
_PLAN = (0.0, 0.15, 0.3, 0.65, 0.85, 1.0)


def new_shipment(
    rng: random.Random, origin: Place, destination: Place, now_ms: int, delivery_ms: int
) -> Shipment:
    """A parcel picked up at `now_ms` (when the order ships) and delivered `delivery_ms` later:
    its whole trace planned, in order, none of it before it shipped."""
    company, contact, prefix, digits = rng.choice(COURIERS)
    mail_no = prefix + "".join(rng.choice("0123456789") for _ in range(digits))
    logistics_id = "LP00" + "".join(rng.choice("0123456789") for _ in range(12))
    hub, dest_hub = f"{origin.city}转运中心", f"{destination.city}转运中心"
    at = _times(now_ms, max(delivery_ms, 0))
    dest = destination
    events = [
        TraceEvent(
            at[0], "TMS_ACCEPT", "ACCEPT", "已揽收",
            f"【{origin.city}】 您的快件已被 {company} 揽收", origin.province, origin.city,
            facility_name=f"{origin.city}营业部", next_city=origin.city, next_node_name=hub,
        ),
        TraceEvent(
            at[1], "TMS_STATION_IN", "TRANSPORT", "运输中",
            f"【{origin.city}】 快件已到达 {hub}", origin.province, origin.city,
            facility_name=hub,
        ),
        TraceEvent(
            at[2], "TMS_STATION_OUT", "TRANSPORT", "运输中",
            f"【{origin.city}】 快件已发往 {dest_hub}", origin.province, origin.city,
            facility_name=hub, next_city=dest.city, next_node_name=dest_hub,
        ),
        TraceEvent(
            at[3], "TMS_STATION_IN", "TRANSPORT", "运输中",
            f"【{dest.city}】 快件已到达 {dest_hub}", dest.province, dest.city, dest.district,
            facility_name=dest_hub,
        ),
        _delivering(dest, at[4]),
        _signed(dest, at[5]),
    ]  # fmt: skip
    return Shipment(logistics_id, mail_no, company, contact, destination, events)


def sign_for(shipment: Shipment, now_ms: int) -> None:
    """The buyer has the goods now (receipt confirmed, or the order finished): the trace ends
    with out for delivery and signed for — now, if the plan had them later."""
    if shipment.signed:
        return
    shipment.signed = True
    if any(e.action == "TMS_SIGN" and e.time_ms <= now_ms for e in shipment.events):
        return
    shipment.events = [event for event in shipment.events if event.time_ms <= now_ms]
    last = shipment.events[-1].time_ms if shipment.events else now_ms
    dest = shipment.destination
    if not shipment.events or shipment.events[-1].action != "TMS_DELIVERING":
        last = max(last + 1, (last + now_ms) // 2)
        shipment.events.append(_delivering(dest, last))
    shipment.events.append(_signed(dest, max(last + 1, now_ms)))


def _times(start_ms: int, delivery_ms: int) -> list[int]:
    """The planned times: strictly increasing, whatever the delivery time."""
    times: list[int] = []
    for share in _PLAN:
        planned = start_ms + round(share * delivery_ms)
        times.append(max(planned, times[-1] + 1) if times else planned)
    return times


def _delivering(dest: Place, at_ms: int) -> TraceEvent:
    return TraceEvent(
        at_ms, "TMS_DELIVERING", "TRANSPORT", "派送中",
        f"【{dest.city}】 快件正在派送中，请保持电话畅通", dest.province, dest.city,
        dest.district, facility_name=f"{dest.city}{dest.district}营业部",
    )  # fmt: skip


def _signed(dest: Place, at_ms: int) -> TraceEvent:
    return TraceEvent(
        at_ms, "TMS_SIGN", "SIGN", "已签收",
        f"【{dest.city}】 快件已签收，签收人：本人", dest.province, dest.city, dest.district,
    )  # fmt: skip
