"""Known answers for every warehouse-logistics query-sign candidate, and its setting."""

import pytest

from bot.pandapon.signing import (
    DEFAULT_QUERY_RECIPE,
    QUERY_RECIPES,
    QuerySigning,
    SignRecipeError,
    parse_query_recipe,
    sorted_body,
)

AK = "58c0201dfdf148eca63cbf6bb5e7cf03"  # the docs' example access key (§1.1)
TS = "1715669977"
SECRET = "test-secret"
# Keys out of order on purpose: `{body_sorted}` must not depend on how the body was written.
BODY = '{"quantity":1,"itemId":"672991141190","currency":"USD"}'

# Computed outside our code (hashlib/hmac on the strings written out in each comment).
KNOWN = {
    # md5(access_key + timestamp + secret)
    "ak-ts-secret-md5": "06CDE11EA7F1155E551BBA27937DA276",
    # md5(timestamp + secret)
    "ts-secret-md5": "2C5A3C7DE37904DA338316340B5B1F2A",
    # md5("access-key=…&timestamp=…&secret=…")
    "kv-md5": "77C9D51F3A130ECBE9BA316EF1288674",
    # md5('{"currency":"USD","itemId":"672991141190","quantity":1}' + timestamp + secret)
    "body-ts-secret-md5": "CECA437887BBCC3763968993A8401696",
    # hmac_sha256(secret, access_key + timestamp)
    "hmac-sha256": "22594AF7BA9A96488CAAA2E05583F35B78A6F97018B3319DF4FF9CA4745C13AA",
    # hmac_md5(secret, timestamp + sorted body)
    "hmac-md5-body": "4E0F0361BBA567F52416CE91E8C26172",
}


def sign(recipe: str, body: str = BODY) -> str:
    return QuerySigning.of(recipe).sign(
        access_key=AK, secret=SECRET, user_id="", timestamp=TS, body=body
    )


def test_every_candidate_has_a_known_answer():
    assert set(KNOWN) == set(QUERY_RECIPES)
    assert DEFAULT_QUERY_RECIPE in QUERY_RECIPES


@pytest.mark.parametrize(("recipe", "expected"), sorted(KNOWN.items()))
def test_known_answers(recipe, expected):
    assert sign(recipe) == expected


def test_the_template_form_reproduces_a_named_candidate():
    assert sign("template:md5:{access_key}{timestamp}{secret}") == KNOWN["ak-ts-secret-md5"]
    assert sign("template:md5:{body_sorted}{timestamp}{secret}") == KNOWN["body-ts-secret-md5"]


def test_the_sorted_body_ignores_key_order_and_spacing():
    spaced = '{ "itemId": "672991141190", "currency": "USD", "quantity": 1 }'
    assert sign("body-ts-secret-md5", spaced) == KNOWN["body-ts-secret-md5"]
    assert sorted_body("") == ""


def test_a_raw_body_recipe_signs_the_bytes_as_sent():
    raw = sign("template:md5:{body}{secret}")
    assert raw != sign("template:md5:{body}{secret}", BODY.replace(":", ": "))


def test_params_carry_a_fresh_timestamp_and_its_sign():
    signing = QuerySigning.of("ak-ts-secret-md5", "ms")
    params = signing.params(access_key=AK, secret=SECRET, user_id="", body=BODY)
    assert set(params) == {"timestamp", "sign"}
    assert len(params["timestamp"]) == 13
    expected = signing.sign(
        access_key=AK, secret=SECRET, user_id="", timestamp=params["timestamp"], body=BODY
    )
    assert params["sign"] == expected


@pytest.mark.parametrize(
    "spec",
    [
        "nonsense",
        "ak-ts-nonce-md5",  # a header recipe is not a query recipe
        "template:md5:{nonce}{secret}",  # no nonce in the query scheme
        "template:crc32:{timestamp}",
    ],
)
def test_bad_query_recipes_are_refused_with_a_reason(spec):
    with pytest.raises(SignRecipeError):
        parse_query_recipe(spec)
