"""The picture of a results page: the page's product photos in one numbered grid.

Telegram shows one photo per message with buttons, so a page of results is one photo of tiles,
numbered like the list in its caption and the buttons under it. Photos come from the URLs the
platform gives (its image CDN; the sandbox serves its own), fetched with a short timeout and a
size limit; one that cannot be had is a grey tile with its number, so a page always has its
picture. Tiles are kept (least recently used go first), so paging and other searches that show
the same products fetch nothing again.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence

import httpx
from cachetools import LRUCache
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

TILE = 240  # pixels per tile side
COLUMNS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FETCH_SECONDS = 4.0
_BACKGROUND = (245, 246, 248)
_PLACEHOLDER = (214, 218, 224)
_BADGE = (255, 106, 0)


class PageImages:
    """Fetches product photos and lays them out; one per process (closed at shutdown)."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(FETCH_SECONDS), transport=transport, follow_redirects=True
        )
        self._tiles: LRUCache[str, bytes] = LRUCache(maxsize=512)
        self._empty: bytes | None = None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def grid(self, urls: Sequence[str | None]) -> bytes:
        """A JPEG of the photos at `urls` in rows of three, numbered from 1. Pillow's work runs
        in threads (it releases the GIL), so other chats are not kept waiting meanwhile."""
        tiles = await asyncio.gather(*(self._tile(url) for url in urls))
        return await asyncio.to_thread(_sheet, tiles)

    def nothing_found(self) -> bytes:
        """The picture of a page without results: a magnifier on grey."""
        if self._empty is None:
            sheet = Image.new("RGB", (COLUMNS * TILE, TILE), _BACKGROUND)
            draw = ImageDraw.Draw(sheet)
            cx, cy, r = sheet.width // 2 - 20, TILE // 2 - 20, 60
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=_PLACEHOLDER, width=14)
            draw.line((cx + 42, cy + 42, cx + 110, cy + 110), fill=_PLACEHOLDER, width=22)
            self._empty = _jpeg(sheet)
        return self._empty

    async def _tile(self, url: str | None) -> bytes | None:
        if not url or not url.startswith(("http://", "https://")):
            return None
        cached = self._tiles.get(url)
        if cached is not None:
            return cached
        try:
            content = await self._download(url)
            tile = await asyncio.to_thread(_as_tile, content)
        except (httpx.HTTPError, ValueError, OSError, UnidentifiedImageError) as exc:
            log.info("product photo %s not shown: %s", url[:120], exc)
            return None
        self._tiles[url] = tile
        return tile

    async def _download(self, url: str) -> bytes:
        async with self._http.stream("GET", url) as response:
            response.raise_for_status()
            if not response.headers.get("content-type", "image/").startswith("image/"):
                raise ValueError(f"not an image: {response.headers.get('content-type')}")
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_PHOTO_BYTES:
                    raise ValueError("photo larger than 5 MB")
                chunks.append(chunk)
        return b"".join(chunks)


def _sheet(tiles: Sequence[bytes | None]) -> bytes:
    rows = max(1, -(-len(tiles) // COLUMNS))
    columns = min(COLUMNS, max(1, len(tiles)))
    sheet = Image.new("RGB", (columns * TILE, rows * TILE), _BACKGROUND)
    for index, tile in enumerate(tiles):
        image = Image.open(io.BytesIO(tile)) if tile else _placeholder()
        x, y = (index % COLUMNS) * TILE, (index // COLUMNS) * TILE
        sheet.paste(image, (x, y))
        _badge(ImageDraw.Draw(sheet), x, y, str(index + 1))
    return _jpeg(sheet)


def _as_tile(content: bytes) -> bytes:
    with Image.open(io.BytesIO(content)) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("photo has too many pixels")
        image.draft("RGB", (TILE, TILE))  # a JPEG decodes at a fraction of its size: far faster
        tile = ImageOps.fit(image.convert("RGB"), (TILE, TILE), Image.Resampling.BICUBIC)
    return _jpeg(tile, quality=82)


def _placeholder() -> Image.Image:
    return Image.new("RGB", (TILE, TILE), _PLACEHOLDER)


def _badge(draw: ImageDraw.ImageDraw, x: int, y: int, number: str) -> None:
    size = TILE // 5
    box = (x + 8, y + 8, x + 8 + size, y + 8 + size)
    draw.ellipse(box, fill=_BADGE, outline=(255, 255, 255), width=3)
    font = ImageFont.load_default(size=size * 3 // 5)
    draw.text(
        ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), number, font=font, fill="white", anchor="mm"
    )


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
