"""Which chat each platform cart line belongs to, and who added it (table `cart_lines`).

The platform account is shared by every member of the bot, so its carts are too; the platform
keeps the lines (SKU, quantity, price), the bot keeps only what the platform does not. A line
is one SKU (the platform keeps one line per SKU), so (platform, item, SKU) is the key: a SKU in
the account's cart belongs to one chat. A row is written before the add call (cart id unknown
yet) and gets the platform's cart id from the answer, or from the next read of the cart when
the answer was lost (bot/cart.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import now_ms, write_transaction


@dataclass(frozen=True, slots=True)
class CartOwner:
    platform: str
    item_id: str
    sku_id: str
    chat_id: int
    added_by: int
    added_by_name: str
    cart_id: str | None
    added_at: int

    @property
    def key(self) -> tuple[str, str]:
        return self.item_id, self.sku_id

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CartOwner:
        return cls(**{f.name: row[f.name] for f in dataclasses.fields(cls)})


class CartRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def platform_lines(self, platform: str) -> list[CartOwner]:
        rows = self._db.execute(
            "SELECT * FROM cart_lines WHERE platform = ? ORDER BY added_at", (platform,)
        )
        columns = [c[0] for c in rows.description]
        return [CartOwner.from_row(dict(zip(columns, row, strict=True))) for row in rows]

    def owner(self, platform: str, item_id: str, sku_id: str) -> CartOwner | None:
        return next((o for o in self.platform_lines(platform) if o.key == (item_id, sku_id)), None)

    def claim(
        self, platform: str, item_id: str, sku_id: str, chat_id: int, user_id: int, name: str
    ) -> CartOwner:
        """The SKU's line for `chat_id`: the row there is, or a new one (before the add call).
        Returns the row as stored — another chat's when the SKU is theirs."""
        with write_transaction(self._db):
            existing = self.owner(platform, item_id, sku_id)
            if existing is not None:
                return existing
            row = {
                "platform": platform,
                "item_id": item_id,
                "sku_id": sku_id,
                "chat_id": chat_id,
                "added_by": user_id,
                "added_by_name": name,
                "cart_id": None,
                "added_at": self._clock(),
            }
            self._db.execute(
                "INSERT INTO cart_lines (platform, item_id, sku_id, chat_id, added_by, "
                "added_by_name, cart_id, added_at) VALUES (:platform, :item_id, :sku_id, "
                ":chat_id, :added_by, :added_by_name, :cart_id, :added_at)",
                row,
            )
        return CartOwner(**row)

    def set_cart_id(self, platform: str, item_id: str, sku_id: str, cart_id: str) -> None:
        with write_transaction(self._db):
            self._db.execute(
                "UPDATE cart_lines SET cart_id = ? WHERE platform = ? AND item_id = ? "
                "AND sku_id = ?",
                (cart_id, platform, item_id, sku_id),
            )

    def forget(self, platform: str, keys: Iterable[tuple[str, str]]) -> None:
        """Lines no longer in the platform's cart (ordered, removed, or never added)."""
        keys = list(keys)
        if not keys:
            return
        with write_transaction(self._db):
            self._db.conn.executemany(
                "DELETE FROM cart_lines WHERE platform = ? AND item_id = ? AND sku_id = ?",
                [(platform, item_id, sku_id) for item_id, sku_id in keys],
            )

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group that became a supergroup keeps its cart."""
        with write_transaction(self._db):
            self._db.execute(
                "UPDATE cart_lines SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
            )
