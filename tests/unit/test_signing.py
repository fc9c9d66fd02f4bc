"""Known-answer signatures, timestamp units and the recipe setting."""

import string
import time
from collections import Counter

import pytest

from bot.pandapon.signing import (
    DEFAULT_RECIPE,
    DEFAULT_TIMESTAMP_UNIT,
    NONCE_LENGTH,
    Signing,
    SignRecipeError,
    check_timestamp_unit,
    new_nonce,
    parse_recipe,
    signed_headers,
    timestamp_now,
)

# The example values of the docs' header table (reference/pandapon-api.md §1.1) and a test secret.
AK = "58c0201dfdf148eca63cbf6bb5e7cf03"
NONCE = "abcdefghijklmnopqrstuvwxyz012345"
TS_S = "1715669977"  # seconds, as the third-party client sends it (§7)
TS = "1715669977082"  # milliseconds, as the docs' examples show it
SECRET = "test-secret"


def test_the_default_is_the_recipe_seen_in_use_with_seconds():
    assert DEFAULT_RECIPE == "ak-ts-nonce-md5"
    assert DEFAULT_TIMESTAMP_UNIT == "s"


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        (TS_S, "35D15227C38DCB8EC8A55300812C333B"),
        (TS, "CD52F5EA4E32F7F72377D6A05C91F10B"),
    ],
)
def test_known_answers_of_ak_ts_nonce_md5_in_both_units(timestamp, expected):
    recipe = parse_recipe("ak-ts-nonce-md5")
    signature = recipe.sign(access_key=AK, nonce=NONCE, timestamp=timestamp, secret=SECRET)
    assert signature == expected


@pytest.mark.parametrize(
    ("recipe", "expected"),
    [
        ("kv-md5", "E40098AC90E12E4538C7D15393D2F803"),
        ("concat-md5", "D2F37C813BD2CB84FAA00BBEE85CF2F9"),
        ("hmac-md5", "18FCEBC3E7974A368D2B11E00B1F5C8D"),
        # the template form reproduces a named recipe exactly
        ("template:md5:{access_key}{nonce}{timestamp}{secret}", "D2F37C813BD2CB84FAA00BBEE85CF2F9"),
        ("template:md5:{access_key}{timestamp}{nonce}{secret}", "CD52F5EA4E32F7F72377D6A05C91F10B"),
    ],
)
def test_known_answers(recipe, expected):
    signature = parse_recipe(recipe).sign(access_key=AK, nonce=NONCE, timestamp=TS, secret=SECRET)
    assert signature == expected


@pytest.mark.parametrize(
    "spec",
    ["sha-md5", "template:crc32:{access_key}", "template:md5", "template:md5:{password}"],
)
def test_bad_recipes_are_refused_with_a_reason(spec):
    with pytest.raises(SignRecipeError) as info:
        parse_recipe(spec)
    assert str(info.value)


@pytest.mark.parametrize(("unit", "digits"), [("s", 10), ("ms", 13)])
def test_headers_carry_a_fresh_nonce_and_a_timestamp_in_the_unit(unit, digits):
    recipe = parse_recipe(DEFAULT_RECIPE)
    before = time.time()
    first = signed_headers(
        recipe, access_key=AK, secret=SECRET, user_id="2100007341207", timestamp_unit=unit
    )
    second = Signing(recipe, unit).headers(access_key=AK, secret=SECRET, user_id="2100007341207")
    assert set(first) == {"access-key", "timestamp", "nonce-str", "user-id", "signature"}
    assert first["nonce-str"] != second["nonce-str"]
    assert len(first["nonce-str"]) == NONCE_LENGTH and first["nonce-str"].isalnum()
    assert len(first["timestamp"]) == digits and first["timestamp"].isdigit()
    scale = 1000 if unit == "ms" else 1
    assert abs(int(first["timestamp"]) / scale - before) < 5
    assert first["signature"] == recipe.sign(
        access_key=AK, nonce=first["nonce-str"], timestamp=first["timestamp"], secret=SECRET
    )
    assert SECRET not in "".join(first.values())


@pytest.mark.parametrize("unit", ["", "sec", "seconds", "us", "S"])
def test_an_unknown_timestamp_unit_is_refused_in_plain_words(unit):
    with pytest.raises(ValueError, match=r"must be s \(seconds since the epoch\) or ms"):
        check_timestamp_unit(unit)
    with pytest.raises(ValueError):
        timestamp_now(unit)
    with pytest.raises(ValueError):
        Signing.of(DEFAULT_RECIPE, unit)


def test_nonces_are_random():
    assert len({new_nonce() for _ in range(200)}) == 200


def test_nonces_are_32_letters_and_digits_each_as_likely():
    nonces = [new_nonce() for _ in range(2000)]
    assert {len(nonce) for nonce in nonces} == {32}
    seen = Counter("".join(nonces))
    assert set(seen) == set(string.ascii_letters + string.digits)
    expected = 2000 * 32 / 62
    assert all(0.8 * expected < count < 1.2 * expected for count in seen.values())
