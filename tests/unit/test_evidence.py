"""Evidence and voucher pictures: Pillow must open them; they leave as bounded JPEGs."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.evidence import MAX_SIDE, EvidenceError, evidence_jpeg
from tests.images import jpeg, png, size_of


def test_a_photo_is_re_encoded_as_a_jpeg_of_bounded_size():
    out = evidence_jpeg(jpeg(4000, 3000))
    assert out[:3] == b"\xff\xd8\xff"  # JPEG
    assert size_of(out) == (MAX_SIDE, 1200)


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    out = evidence_jpeg(png(300, 200))
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (300, 200)


def test_metadata_does_not_ride_along():
    source = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", (100, 100), (10, 20, 30)).save(source, format="JPEG", exif=exif)
    out = evidence_jpeg(source.getvalue())
    assert b"PhoneMaker" in source.getvalue() and b"PhoneMaker" not in out


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "not_image"),
        (b"%PDF-1.4 not a picture", "not_image"),
        (jpeg(200, 200)[:100], "not_image"),  # a truncated photo
        (jpeg(20, 20), "too_small"),
        (b"\x00" * (20 * 1024 * 1024 + 1), "too_big"),
    ],
)
def test_what_is_not_a_usable_picture_is_refused(content, problem):
    with pytest.raises(EvidenceError) as caught:
        evidence_jpeg(content)
    assert caught.value.problem == problem


def test_a_decompression_bomb_is_refused():
    source = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(source, format="PNG")  # tiny file, 144 megapixels
    with pytest.raises(EvidenceError) as caught:
        evidence_jpeg(source.getvalue())
    assert caught.value.problem == "too_big"
