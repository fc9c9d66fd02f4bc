"""Shipping abroad: freight estimates and previews, the international booking, domestic parcels
and the pre-warehouse (DESIGN §7 "Shipping abroad").

Estimates and previews are reads. The booking, the domestic-parcel update and the pre-warehouse
change things on the platform, so they go through bot.platform_calls: recorded before they are
made, made at most once, and a lost answer settled by reading the order's way abroad
(`Marketplace.abroad`: its detail shows the pre-warehouse and the booked international leg) —
the platform offers no read of a booking by itself.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.domain.abroad import AbroadReceiver
from bot.domain.currency import CNY, Amount, CurrencyError, currency_of_country, parse_amount
from bot.marketplaces.base import AbroadState, Marketplace, Package, Unsupported
from bot.order_actions import platform_id_of
from bot.pandapon import models_logistics as lg
from bot.pandapon.client import PandaPonClient
from bot.pandapon.errors import PlatformProtocolError
from bot.platform_calls import ActionOutcome, ActionRefused, PlatformCalls
from storage.abroad import AbroadRepository, OrderAbroad
from storage.actions import ActionRecord
from storage.orders import OrderRepository, StoredOrder, StoredOrderLine

log = logging.getLogger(__name__)

BOOKING = "freight_booking"
DOMESTIC = "freight_domestic"
WAREHOUSE = "warehouse"
FALLBACK_CURRENCY = "USD"


@dataclass(frozen=True)
class FreightLine:
    """One line to ship: which SKU, how many, and its unit price in fen (declared value)."""

    item_id: str
    sku_id: str
    quantity: int
    unit_price_fen: int
    title: str = ""
    image_url: str = ""


@dataclass(frozen=True)
class ServiceQuote:
    """One freight service's price: in the destination's currency and in yuan (fen)."""

    service_id: str
    company: str
    category: str
    price: Amount | None  # None: the service cannot take it (see `reason`)
    cny_fen: int | None
    min_days: int | None = None
    max_days: int | None = None
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.price is not None

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        values["price"] = None if self.price is None else asdict(self.price)
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> ServiceQuote:
        price = values.get("price")
        return cls(**{**values, "price": None if price is None else Amount(**price)})


@dataclass(frozen=True)
class Estimate:
    country: str
    currency: str
    services: list[ServiceQuote] = field(default_factory=list)
    weight_grams: int | None = None


@dataclass(frozen=True)
class Preview:
    render_id: str
    currency: str
    services: list[ServiceQuote]


def currency_for(country: str) -> str:
    return currency_of_country(country) or FALLBACK_CURRENCY


def _quote(wire: lg.FreightQuote) -> ServiceQuote:
    info = wire.freight_info
    try:
        price = None
        if wire.available and wire.price is not None:
            price = parse_amount(wire.price, wire.currency)
        cny = parse_amount(wire.cny_price, CNY).minor if wire.cny_price is not None else None
    except CurrencyError as exc:
        raise PlatformProtocolError(f"freight price not exact: {exc}") from exc
    return ServiceQuote(
        service_id=info.service_id,
        company=info.company_name or info.service_id,
        category=info.service_category,
        price=price,
        cny_fen=cny if price is not None else None,
        min_days=wire.min_days,
        max_days=wire.max_days,
        reason=None if price is not None else (wire.reason or "unavailable"),
    )


def combine(per_line: Sequence[list[ServiceQuote]]) -> list[ServiceQuote]:
    """A service for the whole order: on every line, prices added, the slowest days."""
    if not per_line:
        return []
    combined = []
    for first in per_line[0]:
        same = [
            next((q for q in line if q.service_id == first.service_id), None) for line in per_line
        ]
        if any(q is None for q in same):
            continue
        quotes = [q for q in same if q is not None]
        reason = next((q.reason for q in quotes if not q.available), None)
        price = cny = None
        if reason is None:
            price = sum((q.price for q in quotes[1:]), quotes[0].price)
            cny = sum(q.cny_fen or 0 for q in quotes)
        combined.append(
            ServiceQuote(
                service_id=first.service_id,
                company=first.company,
                category=first.category,
                price=price,
                cny_fen=cny,
                min_days=max((q.min_days or 0 for q in quotes), default=None) or None,
                max_days=max((q.max_days or 0 for q in quotes), default=None) or None,
                reason=reason,
            )
        )
    return combined


def _key_part(*values: str) -> str:
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]


class FreightService:
    def __init__(
        self,
        client: PandaPonClient,
        markets: dict[str, Marketplace],
        orders: OrderRepository,
        abroad: AbroadRepository,
        calls: PlatformCalls,
    ) -> None:
        self.client = client
        self.markets = markets
        self.orders = orders
        self.abroad = abroad
        self.calls = calls
        calls.register(BOOKING, self._booked)
        calls.register(DOMESTIC, self._domestic_announced)
        calls.register(WAREHOUSE, self._warehouse_set)

    # --- reads -----------------------------------------------------------------------------

    async def estimate(self, lines: Sequence[FreightLine], country: str) -> Estimate:
        """Every service's price to `country` for these lines together (one call per line)."""
        currency = currency_for(country)
        per_line, grams = [], 0
        for line in lines:
            request = lg.ItemPriceRequest(
                item_id=line.item_id,
                sku_id=line.sku_id,
                receiver_address=lg.ReceiverAddress(country=country),
                quantity=line.quantity,
                currency=currency,
                price=line.unit_price_fen,
            )
            result = await self.client.freight_estimate(request)
            per_line.append([_quote(service) for service in result.services])
            grams += result.weight_grams or 0
        return Estimate(country, currency, combine(per_line), grams or None)

    async def preview(self, order: StoredOrder, receiver: AbroadReceiver) -> Preview:
        """The platform's freight preview of the order's lines to `receiver` (a renderId)."""
        currency = currency_for(receiver.country)
        request = lg.RenderFreightRequest(
            receiver_address=lg.ReceiverAddress.model_validate(receiver.to_wire()),
            render_items=[
                lg.RenderItem(
                    item_id=line.item_id,
                    sku_id=line.sku_id,
                    quantity=line.quantity,
                    currency=currency,
                    price=line.unit_price_fen,
                )
                for line in self._good_lines(order)
            ],
        )
        result = await self.client.freight_render(request)
        return Preview(result.render_id, result.currency, [_quote(s) for s in result.services])

    def books_abroad(self, platform: str) -> bool:
        """Can this marketplace's orders be booked for shipping abroad on the platform?"""
        try:
            self.markets[platform].booking_ref("0")
        except Unsupported:
            return False
        return True

    def state(self, order_id: int) -> OrderAbroad | None:
        return self.abroad.get(order_id)

    async def international_leg(self, order: StoredOrder) -> Package | None:
        """The booked leg's parcel and trace (for /track), or None when nothing is booked."""
        stored = self.abroad.get(order.id)
        if stored is None or not stored.booked:
            return None
        leg = (await self._abroad_of(order)).leg
        return None if leg is None else leg.package

    # --- changes ---------------------------------------------------------------------------

    async def book(
        self, order: StoredOrder, receiver: AbroadReceiver, render_id: str, service: ServiceQuote
    ) -> ActionOutcome:
        """Book the international logistics order of a previewed service, once per order."""
        market = self.markets[order.platform]
        tmall_order_id = market.booking_ref(platform_id_of(order))
        self.abroad.set_preview(order.id, receiver.model_dump_json(), render_id, service.to_json())
        info = lg.FreightInfo(
            service_id=service.service_id,
            company_name=service.company,
            service_category=service.category,
        )
        currency = service.price.currency if service.price else currency_for(receiver.country)
        request = lg.BookFreightRequest(
            render_id=render_id,
            receiver_address=lg.ReceiverAddress.model_validate(receiver.to_wire()),
            line_items=[
                lg.LineItem(
                    item_id=line.item_id,
                    sku_id=line.sku_id,
                    quantity=line.quantity,
                    title=line.title,
                    image_url=line.image_url or "",
                    freight_info=info,
                    currency=currency,
                    price=line.unit_price_fen,
                )
                for line in self._good_lines(order)
            ],
            tmall_order_info=lg.TmallOrderInfo(tmall_order_id=tmall_order_id),
            remark=f"orderbot {order.seller_order_number}",
        )

        async def call() -> dict[str, Any]:
            booked = await self.client.freight_book(request)
            log.info("order %s: booked abroad as %s", order.seller_order_number, booked.order_id)
            return self._record_booking(order, booked.order_id, booked.logistic_number)

        return await self._run(BOOKING, f"{BOOKING}:{order.id}", order, call, render_id=render_id)

    async def send_domestic(self, order: StoredOrder) -> ActionOutcome:
        """Tell the forwarder which domestic parcels bring the goods to its warehouse (the
        numbers of the order's own tracking)."""
        stored = self.abroad.get(order.id)
        if stored is None or not stored.booked or stored.intl_order_id is None:
            raise ActionRefused("not booked")
        market = self.markets[order.platform]
        platform_id = platform_id_of(order)
        packages = await market.track(platform_id, self.orders.lines(order.id))
        parcels = [p for p in packages if p.tracking_no and p.tracking_no != "—"]
        if not parcels:
            raise NoDomesticParcels(order.ref)
        numbers = sorted(p.tracking_no for p in parcels)
        domestic = [
            lg.DomesticParcel(logistic_numer=p.tracking_no, logistic_company_name=p.company)
            for p in parcels
        ]
        request = lg.UpdateLogisticRequest(
            order_id=stored.intl_order_id,
            tmall_order_id=market.booking_ref(platform_id),
            logistic_infos=[
                lg.LogisticInfo(
                    line_item=lg.LogisticLineItem(
                        item_id=line.item_id,
                        sku_id=line.sku_id,
                        quantity=line.quantity,
                        title=line.title,
                        image_url=line.image_url or "",
                    ),
                    logistic_numer=stored.logistic_number or "",
                    domestic_logistic_info=domestic,
                )
                for line in self._good_lines(order)
            ],
        )

        async def call() -> dict[str, Any]:
            await self.client.update_domestic_logistics(request)
            self.abroad.set_domestic(order.id, [*stored.domestic, *numbers])
            return {"numbers": numbers}

        key = f"{DOMESTIC}:{order.id}:{_key_part(*numbers)}"
        return await self._run(DOMESTIC, key, order, call, numbers=numbers)

    async def set_warehouse(self, order: StoredOrder, name: str, address: str) -> ActionOutcome:
        market = self.markets[order.platform]
        platform_id = platform_id_of(order)

        async def call() -> dict[str, Any]:
            await market.set_warehouse(platform_id, name, address)
            self.abroad.set_warehouse(order.id, name, address)
            return {"name": name, "address": address}

        key = f"{WAREHOUSE}:{order.id}:{_key_part(name, address)}"
        return await self._run(WAREHOUSE, key, order, call, name=name, address=address)

    # --- checks of lost answers (reads) -----------------------------------------------------

    async def _booked(self, record: ActionRecord) -> tuple[bool, dict | None]:
        order = self._order(record)
        if order is None:
            return False, None
        leg = (await self._abroad_of(order)).leg
        if leg is None:
            return False, None
        return True, self._record_booking(order, leg.order_id, leg.package.tracking_no)

    async def _domestic_announced(self, record: ActionRecord) -> tuple[bool, dict | None]:
        order = self._order(record)
        if order is None:
            return False, None
        leg = (await self._abroad_of(order)).leg
        wanted = set(record.payload.get("numbers") or [])
        if leg is None or not wanted <= set(leg.domestic_numbers):
            return False, None
        self.abroad.set_domestic(order.id, leg.domestic_numbers)
        return True, {"numbers": sorted(wanted)}

    async def _warehouse_set(self, record: ActionRecord) -> tuple[bool, dict | None]:
        order = self._order(record)
        if order is None:
            return False, None
        state = await self._abroad_of(order)
        name, address = record.payload.get("name"), record.payload.get("address")
        if (state.warehouse_name, state.warehouse_address) != (name, address):
            return False, None
        self.abroad.set_warehouse(order.id, name, address)
        return True, {"name": name, "address": address}

    # --- helpers ---------------------------------------------------------------------------

    async def _run(self, kind: str, key: str, order: StoredOrder, call, **payload) -> ActionOutcome:
        return await self.calls.run(
            kind,
            key,
            call,
            order_id=order.id,
            chat_id=order.chat_id,
            requester_id=order.requester_id,
            payload=payload,
        )

    def _order(self, record: ActionRecord) -> StoredOrder | None:
        return self.orders.get(record.order_id) if record.order_id is not None else None

    async def _abroad_of(self, order: StoredOrder) -> AbroadState:
        return await self.markets[order.platform].abroad(platform_id_of(order))

    def _record_booking(self, order: StoredOrder, intl_order_id: str, number: str) -> dict:
        self.abroad.set_booking(order.id, intl_order_id, number)
        return {"intl_order_id": intl_order_id, "logistic_number": number}

    def _good_lines(self, order: StoredOrder) -> list[StoredOrderLine]:
        return [line for line in self.orders.lines(order.id) if not line.error_code]


class NoDomesticParcels(Exception):
    """The order has no domestic parcel yet (the seller has not shipped)."""
