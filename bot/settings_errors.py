"""Settings errors in plain words: one line per bad setting, named as it is in `.env`.

pydantic's own text ("1 validation error for Settings … Input should be a valid integer …") is
for developers; an operator needs the variable, what it must be, and what it was.
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings

_SHOWN_VALUE_MAX = 40

# pydantic error type -> what the setting must be
_PLAIN: dict[str, str] = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "path_type": "must be a file path",
    "missing": "is required",
}
_BOUNDS = {
    "greater_than": ("gt", "must be more than {}"),
    "greater_than_equal": ("ge", "must be at least {}"),
    "less_than": ("lt", "must be less than {}"),
    "less_than_equal": ("le", "must be at most {}"),
}


def explain(error: ValidationError, settings_class: type[BaseSettings]) -> list[str]:
    """One plain line per problem, e.g. `ORDERBOT_ALLOWED_USERS must be comma-separated numeric
    user ids, not "abc".` Secret settings never have their value repeated."""
    secret_names = _secret_names(settings_class)
    return [_line(problem, secret_names) for problem in error.errors()]


def _line(problem: dict[str, Any], secret_names: set[str]) -> str:
    name = str(problem["loc"][0]) if problem.get("loc") else "a setting"
    rule = _rule(problem)
    if not rule.startswith(("must ", "is ")):
        return f"{name}: {rule}"  # our own messages name the bad value where it helps
    text = f"{name} {rule}"
    if rule.startswith("must ") and name not in secret_names:
        text += f", not {_shown(problem.get('input'))}"
    return text + "."


def _rule(problem: dict[str, Any]) -> str:
    kind, context = problem["type"], problem.get("ctx") or {}
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # our validators' own words
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind in _BOUNDS:
        key, template = _BOUNDS[kind]
        bound = context.get(key, "?")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "more than 0", not "more than 0.0"
        return template.format(bound)
    return "has a value that cannot be used here (see .env.example)"


def _shown(value: object) -> str:
    text = str(value)
    if len(text) > _SHOWN_VALUE_MAX:
        text = text[: _SHOWN_VALUE_MAX - 1] + "…"
    return f'"{text}"'


def _secret_names(settings_class: type[BaseSettings]) -> set[str]:
    names = set()
    for field_name, field in settings_class.model_fields.items():
        if SecretStr in _types_in(field.annotation):
            names.update({field_name, field.alias or field_name})
    return names


def _types_in(annotation: Any) -> set[Any]:
    inner = getattr(annotation, "__args__", ())
    return {annotation, *inner}
