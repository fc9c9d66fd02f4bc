"""What shipping abroad costs on the sandbox platform: services, routes, weights, exchange rates.

None of this is known about the live platform; it is a small, consistent world to test and demo
against: four forwarder services with their own routes, weight limits and delivery times, a
weight per SKU, and the sandbox's own exchange rates (yuan per unit of each currency) to quote
in the currency asked and in yuan beside it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.domain.currency import Amount, exponent

SOUTHEAST_ASIA = frozenset({"VN", "TH", "PH", "MY", "SG", "ID"})
# Route price factor by destination (1.0 = South-East Asia); a country not here has no route.
ZONES: dict[str, Decimal] = {
    **dict.fromkeys(SOUTHEAST_ASIA, Decimal("1.0")),
    **dict.fromkeys(("JP", "KR", "TW", "HK"), Decimal("1.2")),
    **dict.fromkeys(("US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "AU"), Decimal("1.8")),
    **dict.fromkeys(("BR", "MX", "CL", "TR", "AE", "SA"), Decimal("2.2")),
}
# Where customs clear a parcel only with the receiver's tax id (CPF, PCCC, RUT, TCKN).
TAX_ID_COUNTRIES = frozenset({"BR", "KR", "CL", "TR"})
# Yuan for one unit of each currency the sandbox quotes in.
CNY_PER_UNIT: dict[str, Decimal] = {
    "CNY": Decimal("1"),
    "USD": Decimal("7.2"),
    "VND": Decimal("0.00029"),
    "THB": Decimal("0.2"),
    "PHP": Decimal("0.125"),
    "MYR": Decimal("1.55"),
    "SGD": Decimal("5.35"),
    "IDR": Decimal("0.00045"),
    "JPY": Decimal("0.048"),
    "KRW": Decimal("0.0053"),
    "TWD": Decimal("0.22"),
    "HKD": Decimal("0.92"),
    "GBP": Decimal("9.1"),
    "EUR": Decimal("7.8"),
    "AUD": Decimal("4.7"),
    "CAD": Decimal("5.2"),
    "BRL": Decimal("1.3"),
    "MXN": Decimal("0.39"),
    "CLP": Decimal("0.0076"),
    "TRY": Decimal("0.21"),
    "AED": Decimal("1.96"),
    "SAR": Decimal("1.92"),
}
MAX_QUANTITY = 10_000
STEP_GRAMS = 500


@dataclass(frozen=True)
class Service:
    service_id: str
    company: str
    category: str
    first_fen: int  # the first 500 g, in fen, South-East Asia prices
    next_fen: int  # each further 500 g
    min_days: int
    max_days: int
    max_grams: int
    countries: frozenset[str] | None = None  # None: every route

    def serves(self, country: str) -> bool:
        return country in ZONES and (self.countries is None or country in self.countries)


SERVICES: tuple[Service, ...] = (
    Service("CNSTD", "Cainiao", "STANDARD", 3500, 1200, 7, 12, 30_000),
    Service("YUNECO", "YunExpress", "ECONOMY", 2200, 900, 12, 20, 2_000),
    Service("DHLEXP", "DHL", "EXPRESS", 12000, 3000, 3, 5, 70_000),
    Service("JTSEA", "J&T Express", "SEA", 1500, 400, 15, 25, 100_000, SOUTHEAST_ASIA),
)


def service(service_id: str) -> Service | None:
    return next((s for s in SERVICES if s.service_id == service_id), None)


def unit_grams(item_id: str, sku_id: str) -> int:
    """The weight of one unit: 150–1199 g, the same for a SKU every time."""
    digest = hashlib.sha256(f"{item_id}:{sku_id}".encode()).digest()
    return 150 + int.from_bytes(digest[:4], "big") % 1050


def price_fen(svc: Service, country: str, grams: int) -> int:
    steps = max(0, -(-(grams - STEP_GRAMS) // STEP_GRAMS))
    base = Decimal(svc.first_fen + steps * svc.next_fen) * ZONES[country]
    return int(base.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def in_currency(fen: int, currency: str) -> Amount:
    """Yuan fen at the sandbox's rate, rounded half up to the currency's minor unit."""
    major = Decimal(fen) / 100 / CNY_PER_UNIT[currency]
    minor = (major.scaleb(exponent(currency))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Amount(int(minor), currency)


def yuan_wire(fen: int) -> str:
    return Amount(fen, "CNY").to_wire()
