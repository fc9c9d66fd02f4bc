"""Which parts of the sandbox's state its state file keeps, and how they go back in.

Each entry of PERSISTED is one kind of state: where its current value for a key is found, and
how the values read back at start are put in place. A later feature with state of its own
(carts, refund requests…) adds its Kind in state.py, an entry here, and marks its keys in
`state.changes` where it changes them; writing after each call and restoring at start follow.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sandbox.pandapon.carts import CART_COUNTERS, CARTS
from sandbox.pandapon.freight_book import BOOKINGS, FREIGHT_COUNTERS, RENDERS
from sandbox.pandapon.pricing import current_prices, restore_prices
from sandbox.pandapon.refunds import IMAGES, REQUESTS
from sandbox.pandapon.state import (
    ADDRESSES,
    COUNTERS,
    ORDERS,
    PRICES,
    STOCK,
    SandboxState,
    stock_key,
)
from sandbox.pandapon.store import Kind, SandboxStore

log = logging.getLogger(__name__)


class StateFileError(Exception):
    """The state file cannot be read back; the message names the file and why."""


@dataclass(frozen=True)
class Persisted:
    kind: Kind[Any]
    current: Callable[[SandboxState, str], Any | None]  # None: the key is gone
    restore: Callable[[SandboxState, dict[str, Any]], None]


def _current_stock(state: SandboxState, key: str) -> int | None:
    platform, item_id, sku_id = key.split(":", 2)
    product = state.catalog.product(platform, item_id)  # type: ignore[arg-type]
    sku = product.sku(sku_id) if product else None
    return sku.stock if sku else None


def _restore_stock(state: SandboxState, values: dict[str, int]) -> None:
    for product in (*state.catalog.taobao.values(), *state.catalog.alibaba.values()):
        for sku in product.skus:
            stock = values.get(stock_key(product.platform, product.item_id, sku.sku_id))
            if stock is not None:
                sku.stock = stock


def _current_counter(state: SandboxState, key: str) -> int | None:
    if key == "order_seq":
        return state.orders.next_order_seq
    if key == "address_id":
        return state.next_address_id
    return None


def _restore_counters(state: SandboxState, values: dict[str, int]) -> None:
    state.orders.next_order_seq = values.get("order_seq", state.orders.next_order_seq)
    state.next_address_id = values.get("address_id", state.next_address_id)


PERSISTED: tuple[Persisted, ...] = (
    Persisted(
        ORDERS,
        lambda state, key: state.orders.orders.get(key),
        lambda state, values: state.orders.restore(list(values.values())),
    ),
    Persisted(
        ADDRESSES,
        lambda state, key: state.addresses.get(int(key)),
        lambda state, values: state.addresses.update({int(k): v for k, v in values.items()}),
    ),
    Persisted(STOCK, _current_stock, _restore_stock),
    Persisted(
        PRICES,
        lambda state, key: current_prices(state.catalog, key),
        lambda state, values: restore_prices(state.catalog, values),
    ),
    Persisted(COUNTERS, _current_counter, _restore_counters),
    Persisted(
        RENDERS,
        lambda state, key: state.freight.renders.get(key),
        lambda state, values: state.freight.restore(values, {}),
    ),
    Persisted(
        BOOKINGS,
        lambda state, key: state.freight.bookings.get(key),
        lambda state, values: state.freight.restore({}, values),
    ),
    Persisted(
        FREIGHT_COUNTERS,
        lambda state, key: state.freight.next_seq if key == "seq" else None,
        lambda state, values: setattr(
            state.freight, "next_seq", values.get("seq", state.freight.next_seq)
        ),
    ),
    Persisted(
        CARTS,
        lambda state, key: state.carts.entries.get(int(key)),
        lambda state, values: state.carts.restore(values),
    ),
    Persisted(
        CART_COUNTERS,
        lambda state, key: state.carts.next_id if key == "seq" else None,
        lambda state, values: setattr(
            state.carts, "next_id", values.get("seq", state.carts.next_id)
        ),
    ),
    Persisted(
        IMAGES,
        lambda state, key: state.refunds.images.get(key),
        lambda state, values: state.refunds.restore_images(values),
    ),
    Persisted(
        REQUESTS,
        lambda state, key: state.refunds.requests.get(key),
        lambda state, values: state.refunds.restore(list(values.values())),
    ),
)
# Reset goes back to the seed; the counters stay, so numbers never repeat.
_RESET_KINDS = (ORDERS, ADDRESSES, STOCK, PRICES, RENDERS, BOOKINGS, IMAGES, REQUESTS, CARTS)


class StatePersistence:
    """The state file of one sandbox platform: restored at start, written after each change."""

    def __init__(self, state: SandboxState, path: str) -> None:
        self._state = state
        self._store = SandboxStore(path)

    def restore(self) -> int:
        """Put the file's state in place; how many orders came back."""
        state = self._state
        try:
            loaded = [(p, self._store.load(p.kind)) for p in PERSISTED]
        except (sqlite3.Error, ValidationError, ValueError) as exc:
            raise StateFileError(
                f"{self._store.path} is not a sandbox state file this version can read "
                f"({type(exc).__name__}: {str(exc).splitlines()[0]}); give another --state file"
            ) from exc
        for persisted, values in loaded:
            persisted.restore(state, values)
        # A fresh random sequence per start: the seeded one would draw the same ids again.
        restarts = self._store.load(COUNTERS).get("restarts", 0) + 1
        state.rng.seed(f"{state.config.seed}:{restarts}")
        self._store.write({COUNTERS: {"restarts": restarts}})
        state.changes.take()  # what restoring touched is already on disk
        log.info(
            "sandbox state restored from %s: %d order(s)",
            self._store.path,
            len(state.orders.orders),
        )
        return len(state.orders.orders)

    def flush(self) -> None:
        """Write every marked key (None deletes it), in one transaction."""
        marked = self._state.changes.take()
        if not marked:
            return
        by_kind = {p.kind: p for p in PERSISTED}
        changes = {
            kind: {key: by_kind[kind].current(self._state, key) for key in keys}
            for kind, keys in marked.items()
        }
        try:
            self._store.write(changes)
        except Exception:  # the answer was given; a failed write must not crash the platform
            log.exception("sandbox state: writing %s failed", self._store.path)

    def reset(self) -> None:
        self._state.changes.take()
        self._store.clear(_RESET_KINDS)

    def close(self) -> None:
        self.flush()
        self._store.close()
