"""Sandbox parcels: a trace planned when the order ships, shown as its time comes, always in
order and never before the parcel left; and demo time slow enough to try every action."""

from __future__ import annotations

import random

from sandbox.demo import demo_platform_config
from sandbox.pandapon.logistics import Place, new_shipment, sign_for

SHIPPED_AT = 1_779_260_000_000
DELIVERY = 60_000  # a minute from pick-up to the door
ORIGIN, DESTINATION = Place("浙江省", "金华市"), Place("浙江省", "杭州市", "余杭区")


def parcel(delivery_ms: int = DELIVERY):
    return new_shipment(random.Random(1), ORIGIN, DESTINATION, SHIPPED_AT, delivery_ms)


def times(events) -> list[int]:
    return [event.time_ms for event in events]


def test_the_trace_starts_when_the_parcel_ships_and_grows_in_order():
    shipment = parcel()
    planned = times(shipment.events)
    assert planned[0] == SHIPPED_AT and planned[-1] == SHIPPED_AT + DELIVERY
    assert planned == sorted(set(planned))  # strictly one after the other
    assert [e.action for e in shipment.visible_events(SHIPPED_AT)] == ["TMS_ACCEPT"]
    assert shipment.visible_events(SHIPPED_AT - 1) == []  # nothing before it left
    halfway = shipment.visible_events(SHIPPED_AT + DELIVERY // 2)
    assert [e.action for e in halfway] == ["TMS_ACCEPT", "TMS_STATION_IN", "TMS_STATION_OUT"]
    arrived = shipment.visible_events(SHIPPED_AT + DELIVERY)
    assert arrived[-1].action == "TMS_SIGN" and arrived[-1].city == "杭州市"


def test_a_receipt_before_the_planned_delivery_ends_the_trace_now():
    shipment = parcel()
    now = SHIPPED_AT + DELIVERY // 5  # the buyer confirms early
    sign_for(shipment, now)
    events = shipment.visible_events(now)
    assert [e.action for e in events][-2:] == ["TMS_DELIVERING", "TMS_SIGN"]
    assert times(events) == sorted(set(times(events)))
    assert events[-1].time_ms == now and all(t <= now for t in times(events))
    assert sum(e.action == "TMS_SIGN" for e in events) == 1
    sign_for(shipment, now + 1000)  # the order finishing later changes nothing
    assert shipment.visible_events(now + 1000) == events


def test_a_receipt_after_delivery_keeps_the_planned_signature():
    shipment = parcel()
    later = SHIPPED_AT + 2 * DELIVERY
    sign_for(shipment, later)
    assert times(shipment.events) == times(parcel().events)
    assert [e.action for e in shipment.events].count("TMS_SIGN") == 1


def test_an_instant_delivery_still_lists_every_step_in_order():
    shipment = parcel(delivery_ms=0)
    assert times(shipment.events) == sorted(set(times(shipment.events)))
    assert times(shipment.events)[0] == SHIPPED_AT


def test_the_demo_leaves_time_for_every_action():
    config = demo_platform_config("data/demo.db")
    assert config.delay(config.ship_seconds) >= 10  # "paid, awaiting shipment" can be seen
    assert config.delay(config.receive_seconds) >= 30  # the trace grows while it travels
    # a 1688 order waits minutes in "shipped", where Confirm receipt is offered
    assert config.delay(config.auto_confirm_seconds) >= 5 * 60
    assert config.state_path and config.state_path.endswith(".db")
