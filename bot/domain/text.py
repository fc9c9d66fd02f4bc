"""User text: what may be stored, and how much of it may be echoed back.

Text from outside (members, the platform) can carry control characters and invisible formatting
(U+202E RIGHT-TO-LEFT OVERRIDE makes "gpj.exe" read as "exe.jpg"; zero-width characters make two
names that look alike differ). Stored text keeps only what prints, plus line breaks and tabs where
a field may have several lines. Echoed text is shortened, so a huge input can never push a reply
past Telegram's limits.
"""

from __future__ import annotations

import unicodedata

ECHO_CHARS = 64
ELLIPSIS = "…"
# Invisible characters that are part of ordinary text and stay: the zero-width joiner and
# non-joiner (emoji sequences, Persian and Indic scripts) and the BOM-less word joiner.
_KEEP_FORMAT = frozenset({"\u200c", "\u200d", "\u2060"})


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    """At most `limit` characters, cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + ELLIPSIS


def clean(text: str, *, multiline: bool = False) -> str:
    """Without control and formatting characters (bidi overrides and isolates, zero-width
    spaces, NUL, escape sequences…). Line breaks and tabs are kept when `multiline`, else they
    become spaces; other whitespace becomes a plain space."""
    out = []
    for char in text:
        if char in "\n\r\t":
            out.append(char if multiline and char != "\r" else " ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and char not in _KEEP_FORMAT):
            continue
        out.append(" " if category in ("Zl", "Zp", "Zs") else char)
    return "".join(out)
