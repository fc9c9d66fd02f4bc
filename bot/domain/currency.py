"""Money in any currency: an integer count of the currency's minor unit beside its ISO 4217 code.

Freight abroad is quoted in the destination's currency (USD, VND, THB, PHP, MYR, SGD, IDR…);
like fen for yuan, every amount is an `int` of minor units, never a float. How many minor units
make one major unit comes from the CLDR currency data that Babel ships (`get_currency_precision`):
2 for USD/THB/PHP/MYR/SGD, 0 for VND, JPY, KRW and IDR. ISO 4217's own table still lists a
minor unit of 2 for IDR (sen, out of use for decades); CLDR, which every locale-aware renderer
follows, writes rupiah whole, so whole rupiah is what we store and show. Text from the wire or a
member is parsed exactly per currency: more decimals than the currency has are refused unless
they are zeros ("150000.00" IDR is 150000), never rounded away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, get_territory_currencies

from bot.domain.errors import InputError

CNY = "CNY"
MAX_MAJOR_DIGITS = 15  # no freight quote or price is a quadrillion of anything
_CODE_RE = re.compile(r"^[A-Z]{3}$")
_DECIMAL_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
# Our two languages → the CLDR locales money is written in.
_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


class CurrencyError(InputError):
    """An amount or currency code that cannot be read exactly."""


def check_code(code: str) -> str:
    """An ISO 4217 alphabetic code that CLDR knows, upper case (`usd` → `USD`)."""
    value = (code or "").strip().upper()
    if not _CODE_RE.match(value) or not Locale("en").currencies.get(value):
        raise CurrencyError(
            "currency.unknown", f"{code!r} is not an ISO 4217 currency code.", {"text": code}
        )
    return value


def exponent(code: str) -> int:
    """Decimal places of the currency's minor unit: USD 2, VND 0, IDR 0 (CLDR), JPY 0."""
    return get_currency_precision(check_code(code))


@dataclass(frozen=True, slots=True, order=False)
class Amount:
    """`minor` units of `currency` (1234 USD = $12.34; 250000 VND = ₫250,000)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError(f"amounts are int minor units, got {type(self.minor).__name__}")
        object.__setattr__(self, "currency", check_code(self.currency))

    @property
    def major(self) -> Decimal:
        """The exact amount in major units (Decimal, never float)."""
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    def __add__(self, other: Amount) -> Amount:
        if not isinstance(other, Amount):
            return NotImplemented
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Amount(self.minor + other.minor, self.currency)

    def to_wire(self) -> str:
        """The decimal string the platform's freight calls carry: `12.34`, `250000`."""
        places = exponent(self.currency)
        sign = "-" if self.minor < 0 else ""
        whole, part = divmod(abs(self.minor), 10**places)
        return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def parse_amount(text: object, currency: str) -> Amount:
    """A decimal string or number from the wire (`"12.34"`, `250000`, `"150000.00"`) → Amount.

    Exact: a value with more significant decimals than the currency has is refused."""
    code = check_code(currency)
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise CurrencyError(
            "currency.not_amount", f"{text!r} is not an amount.", {"text": str(text)}
        )
    raw = str(text).strip()
    if not _DECIMAL_RE.match(raw) or len(raw.lstrip("-").split(".")[0]) > MAX_MAJOR_DIGITS:
        raise CurrencyError("currency.not_amount", f"{raw!r} is not an amount.", {"text": raw})
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # the pattern above already excludes this; be explicit
        raise CurrencyError(
            "currency.not_amount", f"{raw!r} is not an amount.", {"text": raw}
        ) from exc
    scaled = value.scaleb(exponent(code))
    if scaled != scaled.to_integral_value():
        raise CurrencyError(
            "currency.too_precise",
            f"{raw} {code} has more decimals than {code} uses ({exponent(code)}).",
            {"text": raw, "currency": code, "places": exponent(code)},
        )
    return Amount(int(scaled), code)


def format_amount(amount: Amount, lang: str = "en") -> str:
    """`$12.34`, `₫250,000`, `Rp 150,000`… in the member's language, exact to the minor unit."""
    return format_currency(
        amount.major, amount.currency, locale=_LOCALES.get(lang, "en"), currency_digits=True
    )


def currency_name(code: str, lang: str = "en") -> str:
    return Locale.parse(_LOCALES.get(lang, "en")).currencies.get(check_code(code), code)


def currency_of_country(country_code: str) -> str | None:
    """The currency in use today in a country (ISO 3166 alpha-2), if CLDR knows one."""
    try:
        current = get_territory_currencies(country_code.upper(), tender=True)
    except (UnknownLocaleError, ValueError):
        return None
    return current[0] if current else None
