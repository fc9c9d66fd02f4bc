"""What members searched for: one row per search (its words or photo, platform, filters), so the
buttons of a results page, which name the search by id, keep working after a restart.

A change of sort, price or platform is a new row derived from the old one, so an older page's
buttons still mean what they showed. The results themselves are not stored (bot/search.py
caches them in memory). A photo is kept once by its hash however often it is searched. Rows
older than the retention are purged; their pages then answer "this search has expired".
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from storage.db import now_ms, write_transaction

SearchKind = Literal["keyword", "image", "seller"]


@dataclass(frozen=True, slots=True)
class StoredSearch:
    id: int
    chat_id: int
    user_id: int
    platform: str | None  # None: a keyword search waiting for "Taobao or 1688?"
    kind: SearchKind
    keyword: str | None
    image_id: int | None
    seller_id: str | None
    seller_name: str | None
    sort: str
    price_min_fen: int | None
    price_max_fen: int | None
    prompt_message_id: int | None  # a "type a price range" prompt waiting for its answer
    created_at: int

    @property
    def has_price_filter(self) -> bool:
        return self.price_min_fen is not None or self.price_max_fen is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredSearch:
        return cls(**{f.name: row[f.name] for f in dataclasses.fields(cls)})


_COLUMNS = ", ".join(f.name for f in dataclasses.fields(StoredSearch))


class SearchRepository:
    def __init__(self, db: sqlite_utils.Database, clock: Callable[[], int] = now_ms) -> None:
        self._db = db
        self._clock = clock

    def create(
        self,
        *,
        chat_id: int,
        user_id: int,
        kind: SearchKind,
        platform: str | None = None,
        keyword: str | None = None,
        image_id: int | None = None,
        seller_id: str | None = None,
        seller_name: str | None = None,
        sort: str = "relevance",
        price_min_fen: int | None = None,
        price_max_fen: int | None = None,
    ) -> StoredSearch:
        row = {
            "chat_id": chat_id,
            "user_id": user_id,
            "platform": platform,
            "kind": kind,
            "keyword": keyword,
            "image_id": image_id,
            "seller_id": seller_id,
            "seller_name": seller_name,
            "sort": sort,
            "price_min_fen": price_min_fen,
            "price_max_fen": price_max_fen,
            "created_at": self._clock(),
        }
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        cursor = self._db.execute(f"INSERT INTO searches ({names}) VALUES ({marks})", row)
        stored = self.get(int(cursor.lastrowid or 0))
        assert stored is not None  # just written
        return stored

    def derive(self, search: StoredSearch, **changes: Any) -> StoredSearch:
        """A new search like `search` with `changes` (sort, price, platform); by anyone who
        presses its page's buttons (`chat_id`/`user_id` in changes)."""
        values = dataclasses.asdict(search) | changes
        for name in ("id", "created_at", "prompt_message_id"):
            values.pop(name)
        return self.create(**values)

    def get(self, search_id: int) -> StoredSearch | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM searches WHERE id = ?", (search_id,)
        ).fetchone()
        return StoredSearch(*row) if row else None

    def store_image(self, content: bytes) -> int:
        """The photo's id; the same bytes are stored once."""
        digest = hashlib.sha256(content).hexdigest()
        with write_transaction(self._db):
            row = self._db.execute(
                "SELECT id FROM search_images WHERE sha256 = ?", (digest,)
            ).fetchone()
            if row:
                return int(row[0])
            cursor = self._db.execute(
                "INSERT INTO search_images (sha256, content, created_at) VALUES (?, ?, ?)",
                (digest, content, self._clock()),
            )
            return int(cursor.lastrowid or 0)

    def image(self, image_id: int) -> bytes | None:
        row = self._db.execute(
            "SELECT content FROM search_images WHERE id = ?", (image_id,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def await_price(self, search_id: int, prompt_message_id: int) -> None:
        """The member was asked to type a price range, in the message `prompt_message_id`."""
        self._db.execute(
            "UPDATE searches SET prompt_message_id = ? WHERE id = ?",
            (prompt_message_id, search_id),
        )

    def by_prompt(self, chat_id: int, prompt_message_id: int) -> StoredSearch | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM searches WHERE chat_id = ? AND prompt_message_id = ?",
            (chat_id, prompt_message_id),
        ).fetchone()
        return StoredSearch(*row) if row else None

    def purge(self, older_than_ms: int) -> int:
        """Forget searches (and photos no search names any more) made before the cut-off."""
        with write_transaction(self._db):
            gone = self._db.execute(
                "DELETE FROM searches WHERE created_at < ?", (older_than_ms,)
            ).rowcount
            self._db.execute(
                "DELETE FROM search_images WHERE id NOT IN "
                "(SELECT image_id FROM searches WHERE image_id IS NOT NULL)"
            )
        return gone
