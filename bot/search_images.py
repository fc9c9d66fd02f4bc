"""A member's photo made ready for the platform's image search: checked, turned upright,
scaled down and re-encoded as JPEG within the platform's size limit.

The 1688 image search takes the image's base64 without a data-URL prefix (pandapon-api.md §7);
its size limit is not documented, so we keep well inside an assumed 3 MB. 800 px on the long
side is plenty to match a product and keeps the request small.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.domain.errors import InputError

MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024  # what we fetch from Telegram (its photo upload limit)
MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded
TARGET_SIDE = 800
PLATFORM_MAX_BYTES = 3 * 1024 * 1024  # assumed limit of /alibaba/product/image/query
JPEG_QUALITY = 85


class ImageRefused(InputError):
    """A file that cannot be searched by; the code names the message (err.search.*)."""


def too_big(size_bytes: int) -> ImageRefused:
    return ImageRefused(
        "search.image_too_big",
        f"This image is {size_bytes / 1048576:.1f} MB; send one up to "
        f"{MAX_DOWNLOAD_BYTES // 1048576} MB (as a photo it is made smaller for you).",
        {"size_mb": f"{size_bytes / 1048576:.1f}", "limit_mb": MAX_DOWNLOAD_BYTES // 1048576},
    )


def prepare(content: bytes) -> bytes:
    """The JPEG to search by. Raises ImageRefused for what is no image, is too big in bytes
    or pixels."""
    if len(content) > MAX_DOWNLOAD_BYTES:
        raise too_big(len(content))
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRefused(
                    "search.image_too_many_pixels",
                    f"This image is {width}×{height} pixels; send a smaller one.",
                    {"width": width, "height": height},
                )
            image.load()
            return _jpeg(ImageOps.exif_transpose(image))
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageRefused(
            "search.not_image", "This file is not an image I can read (JPEG, PNG, WebP…)."
        ) from exc


def _jpeg(image: Image.Image) -> bytes:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    image.thumbnail((TARGET_SIDE, TARGET_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    # 800 × 800 at this quality stays far below the limit (base64 adds a third)
    assert out.tell() * 4 // 3 < PLATFORM_MAX_BYTES
    return out.getvalue()
