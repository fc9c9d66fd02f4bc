"""Pictures a member sends as evidence or as a payment voucher: checked, then re-encoded.

What arrives may be a photo Telegram re-encoded, or a file sent as a document — any bytes at
all. Pillow must be able to open it as a picture; it is then re-encoded as a JPEG of bounded
size (no metadata rides along: a phone's location stays with the member), which is what goes
to the platform.
"""

from __future__ import annotations

import io
import warnings
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram
MAX_SIDE = 1600  # pixels: enough to read a receipt or see a scratch
MIN_SIDE = 32
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85

Problem = Literal["not_image", "too_big", "too_small"]


class EvidenceError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem: Problem = problem


def evidence_jpeg(content: bytes) -> bytes:
    """The picture as a JPEG of at most MAX_SIDE pixels a side; EvidenceError otherwise."""
    if len(content) > MAX_INPUT_BYTES:
        raise EvidenceError("too_big")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.width * image.height > MAX_PIXELS:
                raise EvidenceError("too_big")
            image.load()
    except EvidenceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise EvidenceError("too_big") from exc  # a few bytes that unpack to gigabytes
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise EvidenceError("not_image") from exc  # SyntaxError: some truncated formats
    if min(image.size) < MIN_SIDE:
        raise EvidenceError("too_small")
    image = ImageOps.exif_transpose(image)  # as the phone showed it
    image = _on_white(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
