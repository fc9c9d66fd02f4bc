"""Photos as Telegram keeps them: re-encoded as JPEG in a few sizes, the largest the original.

Telegram scales a photo to fit boxes of 90, 320, 800, 1280 and 2560 pixels and keeps every size
smaller than the original plus one that fits the original itself, so a 600×600 upload becomes
90×90, 320×320 and 600×600. Bytes that are no image are refused (IMAGE_PROCESS_FAILED), as are
extreme shapes (PHOTO_INVALID_DIMENSIONS).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

SIZE_LIMITS = (90, 320, 800, 1280, 2560)
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # Telegram's limit for an uploaded photo
MAX_SIDES_SUM = 10_000
MAX_ASPECT_RATIO = 20
IMAGE_PROCESS_FAILED = "IMAGE_PROCESS_FAILED"
PHOTO_INVALID_DIMENSIONS = "PHOTO_INVALID_DIMENSIONS"


class PhotoError(ValueError):
    """Telegram would not take these bytes as a photo; the message is its error text."""


@dataclass(frozen=True)
class PhotoSize:
    width: int
    height: int
    content: bytes  # JPEG


def photo_sizes(content: bytes) -> list[PhotoSize]:
    """The sizes Telegram would keep of an uploaded photo, smallest first."""
    if len(content) > MAX_PHOTO_BYTES:
        raise PhotoError("PHOTO_SAVE_FILE_INVALID")
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(IMAGE_PROCESS_FAILED) from exc
    width, height = image.size
    if width + height > MAX_SIDES_SUM or max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise PhotoError(PHOTO_INVALID_DIMENSIONS)
    image = _as_rgb(image)
    sizes = []
    for limit in SIZE_LIMITS:
        fits = max(width, height) <= limit
        scaled = image if fits else _scaled(image, limit)
        sizes.append(PhotoSize(scaled.width, scaled.height, _jpeg(scaled)))
        if fits:
            break
    return sizes


def _as_rgb(image: Image.Image) -> Image.Image:
    """Transparency on white, as Telegram shows it; any mode as RGB for JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _scaled(image: Image.Image, limit: int) -> Image.Image:
    ratio = limit / max(image.width, image.height)
    size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=87)
    return out.getvalue()
