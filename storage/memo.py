"""A bounded memory of rows a repository has read or written (least recently used goes first).

For tables this process alone writes, whose rows are read on every update: the repository
writes SQLite first and then the memory, so what it remembers is always what is on disk, and
a restart (or a row pushed out) simply reads SQLite again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")
MISSING = object()  # `get` of a key not remembered (None may be a remembered value)


class RowMemo(Generic[Value]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._rows: OrderedDict[Hashable, Value] = OrderedDict()

    def get(self, key: Hashable) -> Value | object:
        try:
            self._rows.move_to_end(key)
        except KeyError:
            return MISSING
        return self._rows[key]

    def put(self, key: Hashable, value: Value) -> None:
        self._rows[key] = value
        self._rows.move_to_end(key)
        if len(self._rows) > self.size:
            self._rows.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        self._rows.pop(key, None)

    def clear(self) -> None:
        self._rows.clear()

    def __len__(self) -> int:
        return len(self._rows)
