"""Reading Bot API request parameters the way Telegram accepts them.

Parameters come from the query string and from a urlencoded, multipart or JSON body. PTB sends
non-string values JSON-encoded inside form fields (`RequestData.json_parameters`), so known
object fields are decoded here and numbers/booleans are coerced where a method reads them.
Multipart is parsed with the standard library (Starlette's form parser needs python-multipart).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from sandbox.telegram.errors import bad_request

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "commands",
        "scope",
        "media",
    }
)
# Form fields are strings on the wire; these are typed back so the outbox reads like the API.
INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "reply_to_message_id",
        "message_thread_id",
        "offset",
        "limit",
        "cache_time",
        "max_connections",
    }
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
    }
)
_INT_RE = re.compile(r"-?\d{1,20}")
_DISPOSITION_PARAM_RE = re.compile(r';\s*([a-zA-Z*]+)="((?:[^"\\]|\\.)*)"|;\s*([a-zA-Z*]+)=([^;]*)')


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes
    content_type: str | None

    def describe(self) -> dict[str, Any]:
        return {
            "file_name": self.filename,
            "size": len(self.content),
            "mime_type": self.content_type,
        }


Params = dict[str, Any]


def _disposition_params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for match in _DISPOSITION_PARAM_RE.finditer(value):
        if match.group(1):
            params[match.group(1).lower()] = (
                match.group(2).replace("%22", '"').replace("\\\\", "\\")
            )
        else:
            params[match.group(3).lower()] = match.group(4).strip()
    return params


def parse_multipart(body: bytes, content_type: str) -> tuple[Params, dict[str, UploadedFile]]:
    boundary = _disposition_params(content_type).get("boundary")
    if not boundary:
        raise bad_request("multipart body without a boundary")
    fields: Params = {}
    files: dict[str, UploadedFile] = {}
    for part in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break
        head, separator, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            continue
        content = content.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = _disposition_params(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition:
            files[name] = UploadedFile(
                disposition["filename"], content, headers.get("content-type") or None
            )
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


async def read_params(request: Request) -> tuple[Params, dict[str, UploadedFile]]:
    """All parameters of a Bot API call, JSON fields decoded, plus uploaded files by field."""
    params: Params = dict(request.query_params)
    files: dict[str, UploadedFile] = {}
    header = request.headers.get("content-type", "")
    media_type = header.split(";")[0].strip().lower()
    body = await request.body()
    if body:
        if media_type == "application/json":
            try:
                decoded = json.loads(body)
            except ValueError as exc:
                raise bad_request("can't parse JSON body") from exc
            if not isinstance(decoded, dict):
                raise bad_request("JSON body must be an object")
            params.update(decoded)
        elif media_type == "application/x-www-form-urlencoded":
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif media_type == "multipart/form-data":
            fields, files = parse_multipart(body, header)
            params.update(fields)
    for name in JSON_FIELDS & params.keys():
        value = params[name]
        if isinstance(value, str):
            try:
                params[name] = json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
    _coerce_scalars(params)
    return params, files


def _coerce_scalars(params: Params) -> None:
    for name, value in params.items():
        if not isinstance(value, str):
            continue
        if name in INT_FIELDS and _INT_RE.fullmatch(value.strip()):
            params[name] = int(value)
        elif name in BOOL_FIELDS and value.strip().lower() in ("true", "false"):
            params[name] = value.strip().lower() == "true"


def int_param(params: Params, name: str, missing: str | None = None) -> int | None:
    """An integer parameter; None when absent (or a 400 `missing` when given)."""
    value = params.get(name)
    if value is None or value == "":
        if missing:
            raise bad_request(missing)
        return None
    if isinstance(value, bool):
        raise bad_request(f'field "{name}" must be of type Integer')
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise bad_request(f'field "{name}" must be of type Integer') from exc


def bool_param(params: Params, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1") if value is not None else False


def str_param(params: Params, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def file_param(
    params: Params, files: dict[str, UploadedFile], name: str
) -> str | UploadedFile | None:
    """An InputFile parameter: an upload under `name`, an `attach://` upload, or a string."""
    if name in files:
        return files[name]
    value = str_param(params, name)
    if value and value.startswith("attach://"):
        attached = files.get(value.removeprefix("attach://"))
        if attached is None:
            raise bad_request(f"file {value} not found in the request")
        return attached
    return value


def json_copy(value: Any) -> Any:
    """A copy of JSON-shaped data (dicts, lists, scalars) that shares nothing mutable with it;
    what `copy.deepcopy` does, several times faster, for the messages kept per call."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) for item in value]
    return value


def describe_params(params: Params, files: dict[str, UploadedFile]) -> Params:
    """Parameters for the outbox: decoded values, uploads summarised rather than copied."""
    described = dict(params)
    for name, upload in files.items():
        described[name] = upload.describe()
    return described
