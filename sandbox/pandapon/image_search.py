"""Search by image over the sandbox's 1688 catalog: the nearest products by a small colour grid.

A photo is reduced to a 12×12 grid of average colours (Pillow, box filter); products are ranked
by the squared distance between their main photo's grid and the query's. That is deterministic
for the same bytes, survives what happens to a photo on its way (Telegram's JPEG re-encoding,
the bot's scaling), and finds a product from its own photo first: the photos differ in colour
and pattern per product (sandbox/pandapon/images.py). Any other picture finds the products that
look most alike, so every image has an answer.

The index is drawn on the first image search of a process (about 2 ms per product at 300 px,
where the proportions of the 600 px photos hold) and kept, so starting a sandbox costs nothing.
"""

from __future__ import annotations

import base64
import binascii
import io
import threading

from PIL import Image, UnidentifiedImageError

from sandbox.pandapon.catalog import Catalog, Product
from sandbox.pandapon.images import draw_image

GRID = 12
INDEX_SIZE = 300  # pixels of the drawn photo the grid is taken from
MAX_IMAGE_BYTES = 3 * 1024 * 1024  # the decoded image (assumed platform limit)
MAX_PIXELS = 40_000_000
MAX_RESULTS = 60  # an image search answers the closest products only

_index: dict[str, bytes] = {}
_index_lock = threading.Lock()


class BadImage(ValueError):
    """The request's image cannot be searched by; the message says why."""


def decode_base64_image(value: str) -> bytes:
    """The image bytes of `imageBase64`: plain base64, without a data-URL prefix."""
    if value.startswith("data:"):
        raise BadImage(
            "imageBase64 must be the base64 of the image alone, without the "
            "'data:image/...;base64,' prefix"
        )
    if len(value) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        raise BadImage(f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    try:
        content = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadImage("imageBase64 is not valid base64") from exc
    if not content:
        raise BadImage("imageBase64 is empty")
    return content


def signature(content: bytes) -> bytes:
    """The 12×12 RGB grid of an image's bytes; BadImage when they are no image."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise BadImage(f"the image has more than {MAX_PIXELS // 1_000_000} megapixels")
            return _grid(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise BadImage("imageBase64 is not an image the platform can read") from exc


def _grid(image: Image.Image) -> bytes:
    return image.convert("RGB").resize((GRID, GRID), Image.Resampling.BOX).tobytes()


def _product_grid(product: Product) -> bytes:
    with _index_lock:
        grid = _index.get(product.item_id)
        if grid is None:
            grid = _index[product.item_id] = _grid(draw_image("1688", product.item_id, INDEX_SIZE))
        return grid


def _distance(a: bytes, b: bytes) -> int:
    return sum((x - y) * (x - y) for x, y in zip(a, b, strict=True))


def similar(catalog: Catalog, query: bytes) -> list[Product]:
    """The on-sale 1688 products closest to the query grid, closest first (ties by id)."""
    ranked = sorted(
        (_distance(query, _product_grid(product)), product.item_id, product)
        for product in catalog.products("1688")
        if product.status == "active"
    )
    return [product for _, _, product in ranked[:MAX_RESULTS]]
