"""Simulated parcels: a courier, a bill number and a trace of events, oldest first."""

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

_HOUR_MS = 3_600_000


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
    events: list[TraceEvent] = field(default_factory=list)
    signed: bool = False


def new_shipment(rng: random.Random, origin: Place, destination: Place, now_ms: int) -> Shipment:
    """A parcel that was picked up a few hours ago and has reached the destination city's hub.

    Event times lie in the (simulated) past so the trace reads like a real one at any time scale.
    """
    company, contact, prefix, digits = rng.choice(COURIERS)
    mail_no = prefix + "".join(rng.choice("0123456789") for _ in range(digits))
    logistics_id = "LP00" + "".join(rng.choice("0123456789") for _ in range(12))
    hub, dest_hub = f"{origin.city}转运中心", f"{destination.city}转运中心"
    start = now_ms - 6 * _HOUR_MS
    events = [
        TraceEvent(
            start, "TMS_ACCEPT", "ACCEPT", "已揽收",
            f"【{origin.city}】 您的快件已被 {company} 揽收", origin.province, origin.city,
            facility_name=f"{origin.city}营业部", next_city=origin.city, next_node_name=hub,
        ),
        TraceEvent(
            start + 2 * _HOUR_MS, "TMS_STATION_IN", "TRANSPORT", "运输中",
            f"【{origin.city}】 快件已到达 {hub}", origin.province, origin.city,
            facility_name=hub,
        ),
        TraceEvent(
            start + 3 * _HOUR_MS, "TMS_STATION_OUT", "TRANSPORT", "运输中",
            f"【{origin.city}】 快件已发往 {dest_hub}", origin.province, origin.city,
            facility_name=hub, next_city=destination.city, next_node_name=dest_hub,
        ),
        TraceEvent(
            now_ms, "TMS_STATION_IN", "TRANSPORT", "运输中",
            f"【{destination.city}】 快件已到达 {dest_hub}", destination.province,
            destination.city, destination.district, facility_name=dest_hub,
        ),
    ]  # fmt: skip
    return Shipment(logistics_id, mail_no, company, contact, destination, events)


def sign_for(shipment: Shipment, now_ms: int) -> None:
    """The last events: out for delivery, then signed for (once)."""
    if shipment.signed:
        return
    shipment.signed = True
    dest = shipment.destination
    last = max(shipment.events[-1].time_ms + 1, now_ms - _HOUR_MS)
    shipment.events += [
        TraceEvent(
            last, "TMS_DELIVERING", "TRANSPORT", "派送中",
            f"【{dest.city}】 快件正在派送中，请保持电话畅通", dest.province, dest.city,
            dest.district, facility_name=f"{dest.city}{dest.district}营业部",
        ),
        TraceEvent(
            max(last + 1, now_ms), "TMS_SIGN", "SIGN", "已签收",
            f"【{dest.city}】 快件已签收，签收人：本人", dest.province, dest.city, dest.district,
        ),
    ]  # fmt: skip
