"""Settings errors in plain words: the variable, what it must be, what it was — never pydantic's
own text, never a secret's value."""

import pytest
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings

from bot.config import Settings
from bot.settings_errors import explain


def problems(**values: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, **values)
    return explain(info.value, Settings)


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("ORDERBOT_ALLOWED_USERS", "abc", "must be comma-separated numeric user ids"),
        ("ORDERBOT_APPROVERS", "12,bob", "must be comma-separated numeric user ids"),
        (
            "ORDERBOT_ALLOWED_CHATS",
            "team",
            "must be comma-separated numeric chat ids (a group's id is negative, "
            "e.g. -1001234567890)",
        ),
        ("ORDERBOT_LISTEN_PORT", "eighty", "must be a whole number"),
        ("ORDERBOT_LISTEN_PORT", "0", "must be at least 1"),
        ("ORDERBOT_LISTEN_PORT", "70000", "must be at most 65535"),
        ("PANDAPON_TIMEOUT_SECONDS", "0", "must be more than 0"),
        ("PANDAPON_TIMEOUT_SECONDS", "soon", "must be a number"),
        ("ORDERBOT_ADMINS_APPROVE", "maybe", "must be true or false"),
        ("ORDERBOT_LANGUAGE", "fr", "must be 'en' or 'zh'"),
        (
            "PANDAPON_TIMESTAMP_UNIT",
            "sec",
            "must be s (seconds since the epoch) or ms (milliseconds)",
        ),
    ],
)
def test_each_bad_setting_is_one_plain_line(name, value, rule):
    assert problems(**{name: value}) == [f'{name} {rule}, not "{value}".']


def test_a_rule_that_names_the_value_itself_is_kept_as_it_is():
    assert problems(PANDAPON_SIGN_RECIPE="sha-md5") == [
        "PANDAPON_SIGN_RECIPE: unknown signing recipe 'sha-md5'; use one of ak-ts-nonce-md5, "
        "kv-md5, concat-md5, hmac-md5 or template:<algorithm>:<format>"
    ]


def test_several_bad_settings_give_one_line_each_and_no_pydantic_text():
    lines = problems(ORDERBOT_ALLOWED_USERS="abc", ORDERBOT_POLL_INTERVAL="1")
    assert lines == [
        'ORDERBOT_ALLOWED_USERS must be comma-separated numeric user ids, not "abc".',
        'ORDERBOT_POLL_INTERVAL must be at least 5, not "1".',
    ]
    text = "\n".join(lines)
    for pydantic_text in ("validation error", "Input should", "pydantic.dev", "Value error"):
        assert pydantic_text not in text


def test_a_long_value_is_shortened():
    [line] = problems(ORDERBOT_ALLOWED_USERS="x" * 200)
    assert line.endswith('not "' + "x" * 39 + '…".')


class _WithSecret(BaseSettings):
    token: SecretStr = Field(SecretStr(""), alias="MY_TOKEN")

    @field_validator("token")
    @classmethod
    def _shape(cls, value: SecretStr) -> SecretStr:
        if ":" not in value.get_secret_value():
            raise ValueError("must look like 123456:ABC")
        return value


def test_a_secret_value_is_never_repeated():
    with pytest.raises(ValidationError) as info:
        _WithSecret(_env_file=None, MY_TOKEN="hunter2-secret")
    assert explain(info.value, _WithSecret) == ["MY_TOKEN must look like 123456:ABC."]
