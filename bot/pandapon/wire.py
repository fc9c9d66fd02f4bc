"""Building blocks for wire models: JSON-in-a-string fields, yuan amounts, the envelope."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WrapSerializer
from pydantic.alias_generators import to_camel

from bot.domain.money import parse_yuan_wire


def _decode_json_string(value: Any) -> Any:
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def _encode_json_string(value: Any, handler: Any) -> str:
    return json.dumps(handler(value), ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _JsonStringMarker:
    """`JsonString[T]`: a T in our code, a JSON string of T on the wire (orderLineList…)."""

    def __class_getitem__(cls, item: Any) -> Any:
        return Annotated[
            item,
            BeforeValidator(_decode_json_string),
            WrapSerializer(_encode_json_string, when_used="json"),
        ]


JsonString = _JsonStringMarker

# Integers that the documented examples send as strings ("quantity":"200").
IntAsString = Annotated[int, PlainSerializer(str, return_type=str, when_used="json")]
# Ids that are numbers in some examples and strings in others: always str in our code.
Id = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
# 1688 yuan amounts ("12.50" or 12.5): exact int fen in our code.
YuanFen = Annotated[int, BeforeValidator(parse_yuan_wire)]


class WireModel(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown response fields are ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=False
    )

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Envelope(BaseModel):
    model_config = ConfigDict(extra="ignore")

    requestId: str | None = None
    code: int
    developId: str | int | None = None
    msg: str | None = ""
    data: Any = None
