"""Request signing for the PandaPon open platform.

The public docs name the signed headers (`access-key`, `nonce-str`, `timestamp`) but not the exact
string-to-sign, so the recipe is a setting. Named recipes cover the likely candidates; the template
form (`template:<algorithm>:<format>`) lets an operator drop in the real rule once it is known
without a code change. The sandbox platform verifies with the same function.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import time
from dataclasses import dataclass

DEFAULT_RECIPE = "kv-md5"
NONCE_LENGTH = 32
_NONCE_ALPHABET = string.ascii_letters + string.digits

_KV = "access-key={access_key}&nonce-str={nonce}&timestamp={timestamp}"

# name -> (algorithm, format). "hmac-*" algorithms key the MAC with the secret.
NAMED_RECIPES: dict[str, tuple[str, str]] = {
    "kv-md5": ("md5", _KV + "&secret={secret}"),
    "concat-md5": ("md5", "{access_key}{nonce}{timestamp}{secret}"),
    "hmac-md5": ("hmac-md5", _KV),
}
ALGORITHMS = ("md5", "sha1", "sha256", "hmac-md5", "hmac-sha1", "hmac-sha256")
PLACEHOLDERS = ("access_key", "nonce", "timestamp", "secret", "user_id")


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
        values = {
            "access_key": access_key,
            "nonce": nonce,
            "timestamp": timestamp,
            "secret": secret,
            "user_id": user_id,
        }
        message = self.template.format(**values).encode()
        if self.algorithm.startswith("hmac-"):
            digest = hmac.new(secret.encode(), message, self.algorithm[5:]).hexdigest()
        else:
            digest = hashlib.new(self.algorithm, message).hexdigest()
        return digest.upper()


def parse_recipe(spec: str) -> SignRecipe:
    """Turn a setting value into a recipe: a name from NAMED_RECIPES or `template:<alg>:<fmt>`."""
    spec = spec.strip()
    if spec in NAMED_RECIPES:
        algorithm, template = NAMED_RECIPES[spec]
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
        unknown = fields - set(PLACEHOLDERS)
        if unknown:
            raise SignRecipeError(
                f"unknown placeholder(s) {sorted(unknown)}; use {', '.join(PLACEHOLDERS)}"
            )
        return SignRecipe(spec, algorithm, template)
    raise SignRecipeError(
        f"unknown signing recipe {spec!r}; use one of {', '.join(NAMED_RECIPES)} "
        "or template:<algorithm>:<format>"
    )


def new_nonce() -> str:
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def now_ms() -> str:
    return str(int(time.time() * 1000))


def signed_headers(
    recipe: SignRecipe, *, access_key: str, secret: str, user_id: str
) -> dict[str, str]:
    """Fresh system headers for one call: a new nonce and the current timestamp every time."""
    nonce, timestamp = new_nonce(), now_ms()
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
