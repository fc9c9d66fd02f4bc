"""Small real images for tests that upload photos."""

from __future__ import annotations

import io

from PIL import Image


def jpeg(width: int, height: int, colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 120, 220, 128)).save(out, format="PNG")
    return out.getvalue()


def size_of(content: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(content)).size
