"""Money: integer fen everywhere; yuan only in text for people and in a few wire fields.

Nothing here touches a float. User text is parsed digit by digit; wire values go through
`Decimal` and must be exact to the fen.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.domain.errors import InputError

FEN_PER_YUAN = 100
MAX_AMOUNT_FEN = 10_000_000 * FEN_PER_YUAN  # ¥10,000,000: far above any real purchase order

# After NFKC and lower-casing: "￥" has become "¥" and full-width digits ASCII ones.
_AMOUNT_RE = re.compile(
    r"""^
    (?P<sign1>[-−])?\s*
    (?P<prefix>¥|cny|rmb)?\s*
    (?P<sign2>[-−])?\s*
    (?P<integer>[0-9][0-9,]*)?(?:\.(?P<fraction>[0-9]*))?\s*
    (?P<unit>元|块|yuan|cny|rmb|分|fen)?
    $""",
    re.VERBOSE,
)
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_FEN_UNITS = frozenset({"分", "fen"})
_MAX_TEXT_LENGTH = 64  # longer text is not an amount; also keeps int() away from huge strings
_WIRE_DECIMAL_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class MoneyError(InputError):
    """An amount the user typed (or the wire sent) that is not a valid fen amount."""


def _check_int(fen: object) -> int:
    # bool is an int subclass; True fen is always a bug.
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amounts are int fen, got {type(fen).__name__}")
    return fen


def format_fen(fen: int) -> str:
    """`1234` → `¥12.34`, `123450` → `¥1,234.50`, `-5` → `-¥0.05`."""
    _check_int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def format_fen_with_raw(fen: int) -> str:
    """`1234` → `¥12.34 (1234 fen)`: the yuan for people, the exact fen for the record."""
    return f"{format_fen(fen)} ({fen} fen)"


def budget_examples(total_fen: int) -> tuple[int, int]:
    """Two budget caps to show as examples for an order of `total_fen`, both above it: the next
    round number of yuan (¥84.00 → ¥90) and one with fen (¥95.50), so a typed example is never a
    cap the order cannot meet."""
    _check_int(total_fen)
    yuan = max(1, -(-total_fen // FEN_PER_YUAN))  # whole yuan, rounded up
    digits = len(str(yuan))
    step = 10 ** (digits - 1 if digits <= 2 else digits - 2) * FEN_PER_YUAN
    first = (total_fen // step + 1) * step
    fen = FEN_PER_YUAN // 2 if step > FEN_PER_YUAN else 0  # half a step is .50 already
    return first, first + step // 2 + fen


def fen_to_yuan(fen: int) -> Decimal:
    """Exact yuan as a Decimal with two places: `1250` → `Decimal("12.50")`."""
    return Decimal(_check_int(fen)).scaleb(-2)


def fen_to_yuan_text(fen: int) -> str:
    """Plain yuan text for wire fields that want yuan: `1250` → `"12.50"`."""
    sign = "-" if _check_int(fen) < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{cents:02d}"


def parse_amount(text: str, *, allow_zero: bool = False, maximum_fen: int = MAX_AMOUNT_FEN) -> int:
    """Parse an amount a person typed into int fen, exactly.

    Yuan by default (`12`, `12.3`, `¥12.30`, `￥12`, `12元`, `12.5 yuan`, `CNY 12.5`, `RMB12`,
    `1,234.50`, full-width digits); fen with a fen unit (`1234分`, `1234 fen`).
    """
    normalized = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not normalized:
        raise MoneyError("amount.empty", "Please enter an amount, for example 12.50.")
    match = _AMOUNT_RE.match(normalized) if len(normalized) <= _MAX_TEXT_LENGTH else None
    if match is None or (match["integer"] is None and not match["fraction"]):
        raise MoneyError(
            "amount.invalid",
            f"“{text.strip()[:_MAX_TEXT_LENGTH]}” is not an amount. "
            "Write it like 12.50, ¥12.50 or 1250分.",
            {"text": text.strip()[:_MAX_TEXT_LENGTH]},
        )
    unit = match["unit"]
    in_fen = unit in _FEN_UNITS
    if in_fen and match["prefix"] == "¥":
        raise MoneyError(
            "amount.invalid",
            "Use either ¥ (yuan) or 分 (fen), not both.",
            {"text": text.strip()},
        )
    if match["sign1"] or match["sign2"]:
        raise MoneyError("amount.negative", "The amount cannot be negative.")

    integer_text = match["integer"] or "0"
    if "," in integer_text:
        if not _GROUPED_RE.match(integer_text):
            raise MoneyError(
                "amount.bad_separator",
                "Use a dot for decimals and commas only between thousands, like 1,234.50.",
                {"text": text.strip()},
            )
        integer_text = integer_text.replace(",", "")
    fraction = match["fraction"] or ""

    if in_fen:
        if fraction.strip("0"):
            raise MoneyError(
                "amount.fen_fraction", "An amount in fen must be a whole number, like 1250分."
            )
        fen = int(integer_text)
    else:
        if len(fraction) > 2:
            raise MoneyError(
                "amount.too_precise",
                "An amount has at most 2 decimals (fen), like 12.34.",
                {"decimals": len(fraction)},
            )
        fen = int(integer_text) * FEN_PER_YUAN + int(fraction.ljust(2, "0"))

    if fen == 0 and not allow_zero:
        raise MoneyError("amount.zero", "The amount must be more than zero.")
    if fen > maximum_fen:
        raise MoneyError(
            "amount.too_large",
            f"The amount is above the limit of {format_fen(maximum_fen)}.",
            {"maximum": format_fen(maximum_fen), "maximum_fen": maximum_fen},
        )
    return fen


def _to_decimal(value: Decimal | str | int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        # A float here means JSON was parsed without parse_float=Decimal: refuse it. A ValueError
        # (not TypeError) so that pydantic validators report it as a validation error.
        raise MoneyError(
            "amount.bad_type",
            f"Yuan values must be Decimal, str or int, not {type(value).__name__}.",
            {"type": type(value).__name__},
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyError("amount.invalid", f"{value} is not an amount.", {"text": str(value)})
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if not _WIRE_DECIMAL_RE.match(stripped):
            raise MoneyError(
                "amount.invalid",
                f"“{stripped[:64]}” is not a yuan amount.",
                {"text": stripped[:64]},
            )
        try:
            return Decimal(stripped)
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
            raise MoneyError("amount.invalid", f"“{stripped}” is not a yuan amount.") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def yuan_to_fen(value: Decimal | str | int, *, round_half_up: bool = False) -> int:
    """Yuan → int fen, exact. More than 2 decimals raises, unless `round_half_up` is asked for
    (display-side conversions only, e.g. a converted quote: 0.125 → 13 fen)."""
    fen = _to_decimal(value).scaleb(2)
    whole = fen.to_integral_value()
    if fen != whole:
        if not round_half_up:
            raise MoneyError(
                "amount.too_precise",
                f"{value} yuan has more than 2 decimals.",
                {"value": str(value)},
            )
        whole = fen.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(whole)


def parse_yuan_wire(value: Decimal | str | int) -> int:
    """A wire yuan value (`"12.50"`, or a JSON number read as `Decimal`) → int fen, exactly.

    Raises MoneyError when it is not a number, has more than 2 decimals, or is a float.
    """
    return yuan_to_fen(value)
