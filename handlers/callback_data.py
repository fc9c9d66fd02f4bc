"""Callback data is input from outside: the patterns handlers accept, with bounded numbers.

A forged button can carry anything up to 64 bytes. Ids are at most 18 digits (always inside
SQLite's 64-bit INTEGER), list positions at most 4; data that fits no pattern reaches the
catch-all handler and is answered "this menu has expired", never an error.
"""

from __future__ import annotations

ID = r"\d{1,18}"  # a stored row id (order, approval, address)
GROUP_ID = r"-\d{1,18}"  # a group chat id
INDEX = r"\d{1,4}"  # a position in a list on the panel (SKU, line, page)
QUANTITY = r"\d{1,9}"
WORD = r"[a-z-]{1,16}"
