"""Orders that ship abroad: the pre-warehouse, the receiver abroad, the freight preview chosen,
and the international logistics order booked for it (one row per order)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from storage.db import now_ms, require_json


@dataclass(frozen=True, slots=True)
class OrderAbroad:
    order_id: int
    warehouse_name: str | None
    warehouse_address: str | None
    warehouse_set_at: int | None
    receiver_json: str | None
    render_id: str | None
    service: dict[str, Any] | None  # the chosen service and its price (bot.freight.ServiceQuote)
    intl_order_id: str | None
    logistic_number: str | None
    booked_at: int | None
    domestic: list[str]  # domestic tracking numbers announced for the booking

    @property
    def booked(self) -> bool:
        return self.logistic_number is not None


_COLUMNS = (
    "order_id, warehouse_name, warehouse_address, warehouse_set_at, receiver_json, render_id, "
    "service_json, intl_order_id, logistic_number, booked_at, domestic_json"
)


class AbroadRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def get(self, order_id: int) -> OrderAbroad | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM order_abroad WHERE order_id = ?", (order_id,)
        ).fetchone()
        if row is None:
            return None
        values = list(row)
        values[6] = json.loads(values[6]) if values[6] else None
        values[10] = json.loads(values[10] or "[]")
        return OrderAbroad(*values)

    def _upsert(self, order_id: int, **columns: Any) -> None:
        names = [*columns, "updated_at"]
        values = [*columns.values(), self._clock()]
        self._db.execute(
            f"INSERT INTO order_abroad (order_id, {', '.join(names)}) "
            f"VALUES (?, {', '.join('?' for _ in names)}) "
            f"ON CONFLICT (order_id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in names),
            (order_id, *values),
        )

    def set_warehouse(self, order_id: int, name: str, address: str) -> None:
        self._upsert(
            order_id, warehouse_name=name, warehouse_address=address, warehouse_set_at=self._clock()
        )

    def set_preview(
        self, order_id: int, receiver_json: str, render_id: str, service: dict[str, Any]
    ) -> None:
        """The receiver and the freight preview the member is about to book."""
        require_json("receiver_json", receiver_json)
        self._upsert(
            order_id,
            receiver_json=receiver_json,
            render_id=render_id,
            service_json=json.dumps(service, ensure_ascii=False),
        )

    def set_booking(self, order_id: int, intl_order_id: str, logistic_number: str) -> None:
        self._upsert(
            order_id,
            intl_order_id=intl_order_id,
            logistic_number=logistic_number,
            booked_at=self._clock(),
        )

    def set_domestic(self, order_id: int, numbers: list[str]) -> None:
        self._upsert(order_id, domestic_json=json.dumps(sorted(set(numbers))))
