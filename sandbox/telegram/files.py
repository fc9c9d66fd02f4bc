"""The files of the stand-in's messages: documents and photo sizes, by file_id and by file_path
(what getFile hands out and the file download URL takes)."""

from __future__ import annotations

import hashlib
import itertools
import secrets
from dataclasses import dataclass
from typing import Any

from sandbox.telegram.photos import PhotoSize

FETCHED_KEPT = 256  # photo URLs whose sizes are kept


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document"
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    source_url: str | None = None  # a photo sent by an URL the stand-in did not fetch

    def to_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self) -> None:
        self._numbers = itertools.count(1)  # file paths never repeat, not even after clear()
        self.clear()

    def clear(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self.photo_sizes: dict[str, list[dict[str, Any]]] = {}  # any size's file_id → all sizes
        # Photos fetched from an URL, resized once: Telegram keeps what it fetched for a while.
        self.fetched: dict[str, list[PhotoSize]] = {}

    def remember_fetched(self, url: str, sizes: list[PhotoSize]) -> None:
        if len(self.fetched) >= FETCHED_KEPT:
            self.fetched.pop(next(iter(self.fetched)))
        self.fetched[url] = sizes

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self._by_id.values() if f.file_path == path), None)

    def store(
        self,
        kind: str,
        content: bytes,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        number = next(self._numbers)
        prefix, folder = ("AgAC", "photos") if kind == "photo" else ("BQAC", "documents")
        extension = ".jpg" if kind == "photo" else _extension(file_name)
        # Telegram's file_unique_id stays the same for the same file; file_id differs per send
        unique = hashlib.sha256(content).hexdigest()[:12] if content else secrets.token_hex(6)
        stored = StoredFile(
            file_id=f"{prefix}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AQAD{unique}",
            kind=kind,
            content=content,
            file_path=f"{folder}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        return stored

    def store_photo(
        self, sizes: list[PhotoSize], source_url: str | None = None
    ) -> list[dict[str, Any]]:
        """PhotoSize objects for a message; each size is a file the bot can getFile. With an
        unfetched `source_url`, `sizes` are placeholders (their content is empty)."""
        photo = []
        for size in sizes:
            stored = self.store("photo", size.content, mime_type="image/jpeg")
            stored.source_url = source_url
            entry: dict[str, Any] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": size.width,
                "height": size.height,
            }
            if size.content:
                entry["file_size"] = len(size.content)
            photo.append(entry)
        for entry in photo:
            self.photo_sizes[entry["file_id"]] = photo
        return photo


def _extension(file_name: str | None) -> str:
    if file_name and "." in file_name:
        suffix = file_name.rsplit(".", 1)[1]
        if suffix.isalnum() and len(suffix) <= 8:
            return f".{suffix.lower()}"
    return ""
