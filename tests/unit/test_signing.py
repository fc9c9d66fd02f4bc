"""Known-answer signatures and the recipe setting."""

import pytest

from bot.pandapon.signing import (
    NONCE_LENGTH,
    SignRecipeError,
    new_nonce,
    parse_recipe,
    signed_headers,
)

AK = "58c0201dfdf148eca63cbf6bb5e7cf03"
NONCE = "abcdefghijklmnopqrstuvwxyz012345"
TS = "1715669977082"
SECRET = "test-secret"


@pytest.mark.parametrize(
    ("recipe", "expected"),
    [
        ("kv-md5", "E40098AC90E12E4538C7D15393D2F803"),
        ("concat-md5", "D2F37C813BD2CB84FAA00BBEE85CF2F9"),
        ("hmac-md5", "18FCEBC3E7974A368D2B11E00B1F5C8D"),
        # the template form reproduces a named recipe exactly
        ("template:md5:{access_key}{nonce}{timestamp}{secret}", "D2F37C813BD2CB84FAA00BBEE85CF2F9"),
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


def test_headers_carry_a_fresh_nonce_and_timestamp_each_time():
    recipe = parse_recipe("kv-md5")
    first = signed_headers(recipe, access_key=AK, secret=SECRET, user_id="2100007341207")
    second = signed_headers(recipe, access_key=AK, secret=SECRET, user_id="2100007341207")
    assert set(first) == {"access-key", "timestamp", "nonce-str", "user-id", "signature"}
    assert first["nonce-str"] != second["nonce-str"]
    assert len(first["nonce-str"]) == NONCE_LENGTH and first["nonce-str"].isalnum()
    assert len(first["timestamp"]) == 13 and first["timestamp"].isdigit()
    assert first["signature"] == recipe.sign(
        access_key=AK, nonce=first["nonce-str"], timestamp=first["timestamp"], secret=SECRET
    )
    assert SECRET not in "".join(first.values())


def test_nonces_are_random():
    assert len({new_nonce() for _ in range(200)}) == 200
