"""Product photos for the offline sandbox: a small, deterministic JPEG per product, view and SKU.

Each product has its own look: a colour and a background pattern derived from its id and
category, a card with its English title, platform and id. SKU photos take the SKU's colour where
its properties name one (黑色 is black, 雾霾蓝 a hazy blue, …). The same arguments always give the
same bytes, so a later image search can recognise a product from a photo of it.

The catalog stores only paths (`image_path`); the sandbox serves them under its own base URL.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import math
import re
import textwrap

from PIL import Image, ImageDraw, ImageFont

from sandbox.pandapon.seed import ALL_SHOPS, all_products

IMAGE_SIZE = 600  # pixels per side of the served photos
MIN_SIZE, MAX_SIZE = 64, 1200
VIEWS = 3  # photos per product (picUrls)
PREFIX = "/_sandbox/images"
PATTERNS = ("stripes", "dots", "checks", "diagonal", "rings", "waves")
_PLATFORM_NAMES = {"taobao": "Taobao", "1688": "1688"}
_PLATFORM_COLOURS = {"taobao": (255, 80, 0), "1688": (255, 106, 0)}
# Colour words of SKU properties, most specific first.
_COLOUR_WORDS: tuple[tuple[str, tuple[int, int, int], str], ...] = (
    ("雾霾蓝", (120, 144, 170), "Haze blue"),
    ("深空灰", (72, 74, 80), "Space grey"),
    ("燕麦", (222, 205, 176), "Oatmeal"),
    ("藏青", (35, 48, 88), "Navy"),
    ("酒红", (120, 28, 44), "Wine red"),
    ("天蓝", (110, 180, 235), "Sky blue"),
    ("浅蓝", (160, 200, 235), "Light blue"),
    ("浅粉", (245, 196, 206), "Light pink"),
    ("樱粉", (242, 178, 196), "Cherry pink"),
    ("奶白", (246, 240, 228), "Cream"),
    ("米白", (240, 232, 214), "Off-white"),
    ("豆绿", (168, 196, 150), "Pea green"),
    ("雾蓝", (150, 172, 196), "Mist blue"),
    ("杏", (240, 208, 168), "Apricot"),
    ("银", (200, 202, 208), "Silver"),
    ("黑", (34, 34, 38), "Black"),
    ("白", (246, 246, 244), "White"),
    ("灰", (140, 142, 148), "Grey"),
    ("红", (210, 40, 48), "Red"),
    ("粉", (240, 160, 190), "Pink"),
    ("蓝", (50, 110, 200), "Blue"),
    ("绿", (60, 150, 90), "Green"),
    ("黄", (240, 200, 60), "Yellow"),
    ("紫", (130, 80, 170), "Purple"),
    ("橙", (245, 140, 40), "Orange"),
    ("棕", (130, 90, 60), "Brown"),
)
_LOOKALIKES = {"×": "x", "–": "-", "—": "-", "’": "'", "“": '"', "”": '"'}
_PATH_RE = re.compile(r"(?P<item>[0-9A-Za-z]{1,32})(?:_(?P<view>[1-9]))?\.jpg")
_SKU_PATH_RE = re.compile(r"(?P<item>[0-9A-Za-z]{1,32})/sku/(?P<sku>[0-9A-Za-z]{1,64})\.jpg")


class UnknownImage(LookupError):
    """No such product, view or SKU in the sandbox catalog."""


def _seeds() -> dict[tuple[str, str], dict]:
    return {(ALL_SHOPS[seed["shop"]]["platform"], seed["item_id"]): seed for seed in all_products()}


_SEEDS = _seeds()


def image_path(platform: str, item_id: str, view: int = 0) -> str:
    """Where view `view` (0 = the main photo) of a product is served, below the base URL."""
    suffix = f"_{view}" if view else ""
    return f"{PREFIX}/{platform}/{item_id}{suffix}.jpg"


def sku_image_path(platform: str, item_id: str, sku_id: str) -> str:
    return f"{PREFIX}/{platform}/{item_id}/sku/{sku_id}.jpg"


def parse_image_path(rest: str) -> tuple[str, int, str | None]:
    """(item id, view, SKU id or None) of the photo at `{PREFIX}/{platform}/{rest}`."""
    if match := _PATH_RE.fullmatch(rest):
        return match["item"], int(match["view"] or 0), None
    if match := _SKU_PATH_RE.fullmatch(rest):
        return match["item"], 0, match["sku"]
    raise UnknownImage(f"no sandbox image {rest!r}")


def product_image(
    platform: str,
    item_id: str,
    size: int = IMAGE_SIZE,
    *,
    view: int = 0,
    sku_values: tuple[str, ...] | None = None,
) -> bytes:
    """The JPEG of a product (or, with `sku_values`, of one of its SKUs): `size`×`size`
    pixels, the same bytes for the same arguments."""
    seed = _SEEDS.get((platform, item_id))
    if seed is None:
        raise UnknownImage(f"no {platform} product {item_id} in the sandbox catalog")
    if not 0 <= view < VIEWS:
        raise UnknownImage(f"product photos are views 0..{VIEWS - 1}, not {view}")
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"image sizes are {MIN_SIZE}..{MAX_SIZE} pixels, not {size}")
    label = None if sku_values is None else " / ".join(_printable(v) for v in sku_values)
    return _render(platform, item_id, size, view, label)


def _printable(value: str) -> str:
    """What the built-in font can draw: ASCII as is, colour words in English."""
    if value.isascii():
        return value
    for word, _, english in _COLOUR_WORDS:
        if word in value:
            return english
    ascii_part = "".join(ch for ch in value if ch.isascii()).strip()
    return ascii_part or "Option " + hashlib.md5(value.encode()).hexdigest()[:3].upper()


def _printable_title(title: str) -> str:
    return "".join(ch if ch.isascii() else _LOOKALIKES.get(ch, "") for ch in title)


def _sku_colour(label: str) -> tuple[int, int, int] | None:
    for _, rgb, english in _COLOUR_WORDS:
        if english in label:
            return rgb
    return None


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def _hsv(hue: float, saturation: float, value: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return round(r * 255), round(g * 255), round(b * 255)


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Darker (factor < 1) or lighter (factor > 1) by mixing with black or white."""
    if factor < 1:
        return tuple(round(c * factor) for c in rgb)  # type: ignore[return-value]
    return tuple(round(c + (255 - c) * (factor - 1)) for c in rgb)  # type: ignore[return-value]


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=512)
def _render(platform: str, item_id: str, size: int, view: int, label: str | None) -> bytes:
    out = io.BytesIO()
    draw_image(platform, item_id, size, view, label).save(
        out, format="JPEG", quality=86, optimize=True
    )
    return out.getvalue()


def draw_image(
    platform: str, item_id: str, size: int, view: int = 0, label: str | None = None
) -> Image.Image:
    """The photo as a Pillow image, before JPEG encoding (the image search indexes these)."""
    seed = _SEEDS[(platform, item_id)]
    own = _digest(platform, item_id)
    pattern = PATTERNS[_digest(seed["category"])[0] % len(PATTERNS)]
    hue = own[1] / 255 + view * 0.07
    base = _hsv(hue, 0.28 + own[2] / 255 * 0.25, 0.86 + own[3] / 255 * 0.1)
    if label is not None:
        base = _sku_colour(label) or _hsv(_digest(item_id, label)[0] / 255, 0.45, 0.85)
    image = Image.new("RGB", (size, size), base)
    draw = ImageDraw.Draw(image)
    ink = _shade(base, 0.82) if sum(base) > 200 else _shade(base, 1.35)
    _draw_pattern(draw, pattern, size, ink, step=size // (8 + own[4] % 5), phase=view)
    _draw_card(draw, seed, platform, item_id, size, label)
    return image


def _draw_pattern(
    draw: ImageDraw.ImageDraw, pattern: str, size: int, ink: tuple, step: int, phase: int
) -> None:
    offset = phase * step // 3
    width = max(2, step // 4)
    if pattern == "stripes":
        for x in range(-step + offset, size + step, step):
            draw.rectangle((x, 0, x + width, size), fill=ink)
    elif pattern == "dots":
        radius = max(2, step // 5)
        for row, y in enumerate(range(offset, size + step, step)):
            for x in range((row % 2) * step // 2, size + step, step):
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ink)
    elif pattern == "checks":
        for y in range(0, size, step):
            for x in range(((y // step) % 2) * step + offset % step, size, 2 * step):
                draw.rectangle((x, y, x + step - 1, y + step - 1), fill=ink)
    elif pattern == "diagonal":
        for x in range(-size + offset, size * 2, step):
            draw.line((x, 0, x + size, size), fill=ink, width=width)
    elif pattern == "rings":
        centre = size // 2 + offset
        for radius in range(step, size, step):
            box = (centre - radius, centre - radius, centre + radius, centre + radius)
            draw.ellipse(box, outline=ink, width=width)
    else:  # waves
        for y0 in range(offset, size + step, step):
            points = [
                (x, y0 + math.sin((x + offset * 7) / step * math.pi) * step / 3)
                for x in range(0, size + 8, 8)
            ]
            draw.line(points, fill=ink, width=width)


def _draw_card(
    draw: ImageDraw.ImageDraw,
    seed: dict,
    platform: str,
    item_id: str,
    size: int,
    label: str | None,
) -> None:
    margin = size // 10
    top, bottom = size * 3 // 10, size * 8 // 10
    radius = size // 24
    draw.rounded_rectangle(
        (margin, top, size - margin, bottom), radius=radius, fill=(255, 255, 255)
    )
    inner = margin + size // 24
    badge_font = _font(max(8, size // 26))
    badge = _PLATFORM_NAMES.get(platform, platform)
    badge_box = draw.textbbox((0, 0), badge, font=badge_font)
    pad = size // 60
    badge_width = badge_box[2] - badge_box[0] + 2 * pad
    badge_height = badge_box[3] - badge_box[1] + 2 * pad
    badge_top = top + size // 24
    draw.rounded_rectangle(
        (inner, badge_top, inner + badge_width, badge_top + badge_height),
        radius=pad,
        fill=_PLATFORM_COLOURS.get(platform, (90, 90, 90)),
    )
    draw.text((inner + pad, badge_top + pad - badge_box[1]), badge, font=badge_font, fill="white")
    title_font = _font(max(9, size // 17))
    y = badge_top + badge_height + size // 30
    for line in textwrap.wrap(_printable_title(seed["title_en"]), width=24)[:3]:
        draw.text((inner, y), line, font=title_font, fill=(33, 37, 41))
        y += size // 14
    small = _font(max(8, size // 28))
    if label:
        draw.text((inner, bottom - size // 7), label[:36], font=small, fill=(80, 86, 94))
    draw.text((inner, bottom - size // 14), f"ID {item_id}", font=small, fill=(134, 142, 150))
