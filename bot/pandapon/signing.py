"""Request signing for the PandaPon open platform.

The public docs name the signed headers (`access-key`, `nonce-str`, `timestamp`) but not the exact
string-to-sign, so the recipe is a setting. The default, `ak-ts-nonce-md5`, is the one rule seen in
use: a public third-party client of this API family (GitHub Hunghs1112/SaboApp, 2025) signs
`upper(md5(access_key + timestamp + nonce + secret))` with a timestamp in seconds. The other named
recipes cover the remaining candidates; the template form (`template:<algorithm>:<format>`) lets an
operator drop in the real rule once it is known without a code change. The timestamp's unit is a
setting of its own: the docs' examples show milliseconds, the client above sends seconds. The
sandbox platform verifies with the same functions.

The warehouse-logistics calls (freight estimate, preview, booking, domestic logistics) are
signed another way: query parameters `timestamp` and `sign`, no signed headers (§1.1). That
rule is not documented either, so it is a second recipe setting (`PANDAPON_QUERY_SIGN_RECIPE`)
with its own named candidates and the same template form; its placeholders add the request body
(`{body}` as sent, `{body_sorted}` as canonical JSON with sorted keys) and drop the nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import string
import time
from dataclasses import dataclass

DEFAULT_RECIPE = "ak-ts-nonce-md5"
NONCE_LENGTH = 32

# The unit of the `timestamp` header: seconds (10 digits, seen in use) or milliseconds (13 digits,
# the docs' examples).
TIMESTAMP_UNITS = ("s", "ms")
DEFAULT_TIMESTAMP_UNIT = "s"
TIMESTAMP_UNIT_NAMES = {"s": "seconds", "ms": "milliseconds"}
_PER_SECOND = {"s": 1, "ms": 1000}
_NONCE_ALPHABET = string.ascii_letters + string.digits

_KV = "access-key={access_key}&nonce-str={nonce}&timestamp={timestamp}"

# name -> (algorithm, format). "hmac-*" algorithms key the MAC with the secret.
NAMED_RECIPES: dict[str, tuple[str, str]] = {
    "ak-ts-nonce-md5": ("md5", "{access_key}{timestamp}{nonce}{secret}"),
    "kv-md5": ("md5", _KV + "&secret={secret}"),
    "concat-md5": ("md5", "{access_key}{nonce}{timestamp}{secret}"),
    "hmac-md5": ("hmac-md5", _KV),
}
ALGORITHMS = ("md5", "sha1", "sha256", "hmac-md5", "hmac-sha1", "hmac-sha256")
PLACEHOLDERS = ("access_key", "nonce", "timestamp", "secret", "user_id")

# The query `sign` of the warehouse-logistics calls: candidates, none confirmed by PandaPon. The
# default drops the nonce from the header rule seen in use; the others are the usual shapes of
# Chinese open platforms (md5 with the secret appended, the sorted body, HMAC keyed by it).
DEFAULT_QUERY_RECIPE = "ak-ts-secret-md5"
QUERY_RECIPES: dict[str, tuple[str, str]] = {
    "ak-ts-secret-md5": ("md5", "{access_key}{timestamp}{secret}"),
    "ts-secret-md5": ("md5", "{timestamp}{secret}"),
    "kv-md5": ("md5", "access-key={access_key}&timestamp={timestamp}&secret={secret}"),
    "body-ts-secret-md5": ("md5", "{body_sorted}{timestamp}{secret}"),
    "hmac-sha256": ("hmac-sha256", "{access_key}{timestamp}"),
    "hmac-md5-body": ("hmac-md5", "{timestamp}{body_sorted}"),
}
QUERY_PLACEHOLDERS = ("access_key", "timestamp", "secret", "user_id", "body", "body_sorted")


class SignRecipeError(ValueError):
    """The configured recipe is not a known name nor a valid template."""


@dataclass(frozen=True)
class SignRecipe:
    name: str
    algorithm: str
    template: str

    def sign(
        self, *, access_key: str, nonce: str, timestamp: str, secret: str, user_id: str = ""
    ) -> str:
        """The header `signature`."""
        return self.sign_values(
            access_key=access_key, nonce=nonce, timestamp=timestamp, secret=secret, user_id=user_id
        )

    def sign_values(self, *, secret: str, **values: str) -> str:
        """Upper-case hex of the template filled with `values` (HMACs keyed by the secret)."""
        message = self.template.format(secret=secret, **values).encode()
        if self.algorithm.startswith("hmac-"):
            digest = hmac.new(secret.encode(), message, self.algorithm[5:]).hexdigest()
        else:
            digest = hashlib.new(self.algorithm, message).hexdigest()
        return digest.upper()


def parse_recipe(
    spec: str,
    *,
    named: dict[str, tuple[str, str]] = NAMED_RECIPES,
    placeholders: tuple[str, ...] = PLACEHOLDERS,
) -> SignRecipe:
    """Turn a setting value into a recipe: a name from `named` or `template:<alg>:<fmt>` using
    only `placeholders` (the header recipes by default; see parse_query_recipe)."""
    spec = spec.strip()
    if spec in named:
        algorithm, template = named[spec]
        return SignRecipe(spec, algorithm, template)
    if spec.startswith("template:"):
        _, _, rest = spec.partition(":")
        algorithm, sep, template = rest.partition(":")
        if not sep or algorithm not in ALGORITHMS:
            raise SignRecipeError(
                f"template recipes look like template:<algorithm>:<format>, "
                f"with algorithm one of {', '.join(ALGORITHMS)}"
            )
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        unknown = fields - set(placeholders)
        if unknown:
            raise SignRecipeError(
                f"unknown placeholder(s) {sorted(unknown)}; use {', '.join(placeholders)}"
            )
        return SignRecipe(spec, algorithm, template)
    raise SignRecipeError(
        f"unknown signing recipe {spec!r}; use one of {', '.join(named)} "
        "or template:<algorithm>:<format>"
    )


def parse_query_recipe(spec: str) -> SignRecipe:
    """A `PANDAPON_QUERY_SIGN_RECIPE` value: a name from QUERY_RECIPES or a template."""
    return parse_recipe(spec, named=QUERY_RECIPES, placeholders=QUERY_PLACEHOLDERS)


def sorted_body(body: str) -> str:
    """The body as canonical JSON (keys sorted, no spaces), for `{body_sorted}`; "" if empty."""
    if not body.strip():
        return ""
    return json.dumps(json.loads(body), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def new_nonce() -> str:
    """NONCE_LENGTH letters and digits, uniformly, from one read of the OS's randomness (a read
    per character, as `secrets.choice` does, cost more than the rest of the signing)."""
    # Bytes of 248 and up are skipped: 248 = 4 × 62, so `byte % 62` favours no character.
    unbiased = len(_NONCE_ALPHABET) * (256 // len(_NONCE_ALPHABET))
    chars: list[str] = []
    while len(chars) < NONCE_LENGTH:
        chars += [
            _NONCE_ALPHABET[byte % len(_NONCE_ALPHABET)]
            for byte in secrets.token_bytes(NONCE_LENGTH * 2)
            if byte < unbiased
        ]
    return "".join(chars[:NONCE_LENGTH])


def check_timestamp_unit(unit: str) -> str:
    if unit not in TIMESTAMP_UNITS:
        raise ValueError("must be s (seconds since the epoch) or ms (milliseconds)")
    return unit


def timestamp_now(unit: str = DEFAULT_TIMESTAMP_UNIT) -> str:
    """The current time as the `timestamp` header carries it, in `unit` since the epoch (UTC)."""
    return str(int(time.time() * _PER_SECOND[check_timestamp_unit(unit)]))


def to_seconds(timestamp: int, unit: str) -> float:
    return timestamp / _PER_SECOND[unit]


def signed_headers(
    recipe: SignRecipe,
    *,
    access_key: str,
    secret: str,
    user_id: str,
    timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT,
) -> dict[str, str]:
    """Fresh system headers for one call: a new nonce and the current timestamp every time."""
    nonce, timestamp = new_nonce(), timestamp_now(timestamp_unit)
    signature = recipe.sign(
        access_key=access_key, nonce=nonce, timestamp=timestamp, secret=secret, user_id=user_id
    )
    return {
        "access-key": access_key,
        "timestamp": timestamp,
        "nonce-str": nonce,
        "user-id": user_id,
        "signature": signature,
    }


@dataclass(frozen=True)
class Signing:
    """How calls are signed: the recipe and the unit of the timestamp header."""

    recipe: SignRecipe
    timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT

    @classmethod
    def of(cls, recipe: str, timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT) -> Signing:
        return cls(parse_recipe(recipe), check_timestamp_unit(timestamp_unit))

    def headers(self, *, access_key: str, secret: str, user_id: str) -> dict[str, str]:
        return signed_headers(
            self.recipe,
            access_key=access_key,
            secret=secret,
            user_id=user_id,
            timestamp_unit=self.timestamp_unit,
        )


@dataclass(frozen=True)
class QuerySigning:
    """How warehouse-logistics calls are signed: query `timestamp` and `sign` over the body."""

    recipe: SignRecipe
    timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT

    @classmethod
    def of(cls, recipe: str, timestamp_unit: str = DEFAULT_TIMESTAMP_UNIT) -> QuerySigning:
        return cls(parse_query_recipe(recipe), check_timestamp_unit(timestamp_unit))

    def sign(self, *, access_key: str, secret: str, user_id: str, timestamp: str, body: str) -> str:
        return self.recipe.sign_values(
            secret=secret,
            access_key=access_key,
            timestamp=timestamp,
            user_id=user_id,
            body=body,
            body_sorted=sorted_body(body),
        )

    def params(self, *, access_key: str, secret: str, user_id: str, body: str) -> dict[str, str]:
        """Fresh query parameters for one call (the current timestamp every time)."""
        timestamp = timestamp_now(self.timestamp_unit)
        sign = self.sign(
            access_key=access_key, secret=secret, user_id=user_id, timestamp=timestamp, body=body
        )
        return {"timestamp": timestamp, "sign": sign}
