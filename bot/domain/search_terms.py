"""What a member searches with: the words (cleaned, bounded), a price range they type, and the
price bands offered as buttons. Pure functions; amounts are fen."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.errors import InputError
from bot.domain.money import FEN_PER_YUAN, parse_amount
from bot.domain.text import clean

MAX_KEYWORD_CHARS = 100
MIN_KEYWORD_CHARS = 1
MAX_PRICE_FEN = 10_000_000 * FEN_PER_YUAN  # a bound for typed ranges, far above any product

_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|~|～|到|至|to)\s*", re.IGNORECASE)
_UNDER = re.compile(
    r"^(?:<|≤|<=|under|below|max|低于|以下|不超过)\s*(?P<amount>.+)$", re.IGNORECASE
)
_OVER = re.compile(r"^(?:>|≥|>=|over|above|min|高于|以上|至少)\s*(?P<amount>.+)$", re.IGNORECASE)


class SearchInputError(InputError):
    """Words or a range the search cannot take; the code names the message (err.search.*)."""


def search_keyword(text: str) -> str:
    """The words to search for: control characters removed, spaces collapsed, 1–100 chars."""
    words = " ".join(clean(text or "").split())
    if len(words) < MIN_KEYWORD_CHARS:
        raise SearchInputError("search.empty", "Tell me what to look for.")
    if len(words) > MAX_KEYWORD_CHARS:
        raise SearchInputError(
            "search.too_long",
            f"Search words are at most {MAX_KEYWORD_CHARS} characters; these are {len(words)}.",
            {"limit": MAX_KEYWORD_CHARS, "length": len(words)},
        )
    return words


def parse_price_range(text: str) -> tuple[int | None, int | None]:
    """A typed range as (lowest, highest) fen, either end open: `20-80`, `¥20 ~ ¥80`, `<50`,
    `over 100`, `100以上`, `50`(up to ¥50). Raises SearchInputError."""
    value = clean(text or "").strip()
    if not value:
        raise SearchInputError("search.range_invalid", "Send a range such as 20-80.")
    try:
        if match := _UNDER.match(value):
            return None, _amount(match["amount"])
        if match := _OVER.match(value):
            return _amount(match["amount"]), None
        if value.endswith(("以上", "起")):
            return _amount(value.removesuffix("以上").removesuffix("起")), None
        if value.endswith("以下"):
            return None, _amount(value.removesuffix("以下"))
        parts = [part for part in _RANGE_SPLIT.split(value) if part]
        if len(parts) == 1:
            return None, _amount(parts[0])
        if len(parts) != 2:
            raise InputError("search.range_invalid", "not a range")
        low, high = sorted((_amount(parts[0]), _amount(parts[1])))
        return low, high
    except InputError as exc:
        if isinstance(exc, SearchInputError):
            raise
        raise SearchInputError(
            "search.range_invalid",
            "Send a range such as 20-80, <50 or >100 (yuan).",
            {"text": value},
        ) from exc


def _amount(text: str) -> int:
    return parse_amount(text.strip(), allow_zero=True, maximum_fen=MAX_PRICE_FEN)


def _nice(fen: int) -> int:
    """A round price near `fen` for a button: ¥5, ¥10, ¥20, ¥50, ¥80, ¥100, ¥150 …"""
    yuan = max(1, round(fen / FEN_PER_YUAN))
    magnitude = 10 ** (len(str(yuan)) - 1)
    steps = (1, 1.5, 2, 3, 5, 8, 10)
    best = min((step * magnitude for step in steps), key=lambda v: abs(v - yuan))
    return int(best) * FEN_PER_YUAN


def price_bands(prices: Sequence[int]) -> list[tuple[int | None, int | None]]:
    """Three price bands to offer for these result prices (fen): below the lower third's
    bound, between, above the upper third's; fewer when the prices are too alike."""
    if len(prices) < 2:
        return []
    ordered = sorted(prices)
    low = _nice(ordered[len(ordered) // 3])
    high = _nice(ordered[2 * len(ordered) // 3])
    if high <= low:
        return [(None, low), (low, None)] if ordered[0] < low < ordered[-1] else []
    return [(None, low), (low, high), (high, None)]
