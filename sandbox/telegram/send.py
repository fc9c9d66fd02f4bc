"""Bot API methods that put messages in chats or change them: send*, edit*, deleteMessage."""

from __future__ import annotations

import dataclasses
import json
import mimetypes
import time
from typing import Any
from urllib.parse import unquote, urlsplit

from sandbox.telegram.calls import Call, Handler, find_chat, writable_chat
from sandbox.telegram.errors import (
    CANT_EDIT,
    CAPTION_TOO_LONG,
    DELETE_NOT_FOUND,
    EDIT_NOT_FOUND,
    FILE_TYPE_MISMATCH,
    MESSAGE_ID_MISSING,
    NO_CAPTION_TO_EDIT,
    NO_MEDIA_TO_EDIT,
    NO_TEXT_TO_EDIT,
    NOT_MODIFIED,
    REPLY_NOT_FOUND,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    WRONG_FILE_ID,
    bad_request,
)
from sandbox.telegram.fetch import WRONG_CONTENT_TYPE, is_local_url
from sandbox.telegram.html import FormattedText, format_text
from sandbox.telegram.markup import is_inline, validate_reply_markup
from sandbox.telegram.photos import PhotoError, PhotoSize, photo_sizes
from sandbox.telegram.state import SimChat, StandInState, StoredMessage
from sandbox.telegram.wire import UploadedFile, bool_param, file_param, int_param, str_param

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
# the sizes a photo by an URL the stand-in does not fetch is given (without content)
UNFETCHED_PHOTO_SIZES = ((90, 68), (320, 240), (800, 600))
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _html_source(call: Call, source: str | None) -> str | None:
    mode = str_param(call.params, "parse_mode") or ""
    return source if mode.strip().lower() == "html" else None


def _text(call: Call) -> FormattedText:
    source = str_param(call.params, "text") or ""
    if not source.strip():
        raise bad_request(TEXT_EMPTY)
    parse_mode = str_param(call.params, "parse_mode")
    formatted = format_text(source, parse_mode, call.params.get("entities"))
    if not formatted.text:
        raise bad_request(TEXT_EMPTY)
    if len(formatted.text) > MAX_TEXT_LENGTH:
        raise bad_request(TEXT_TOO_LONG)
    return formatted


def _caption(call: Call) -> FormattedText:
    source = str_param(call.params, "caption") or ""
    parse_mode = str_param(call.params, "parse_mode")
    formatted = format_text(source, parse_mode, call.params.get("caption_entities"))
    if len(formatted.text) > MAX_CAPTION_LENGTH:
        raise bad_request(CAPTION_TOO_LONG)
    return formatted


def _markup(call: Call) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(inline keyboard for the Message object, any other keyboard kept for the simulation)."""
    markup = validate_reply_markup(call.params.get("reply_markup"))
    if markup is None:
        return None, None
    return (markup, None) if is_inline(markup) else (None, markup)


def _reply_to(call: Call, chat: SimChat) -> dict[str, Any] | None:
    reply = call.params.get("reply_parameters")
    allow_missing = bool_param(call.params, "allow_sending_without_reply")
    if isinstance(reply, dict):
        message_id = reply.get("message_id")
        allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = int_param(call.params, "reply_to_message_id")
    if message_id is None:
        return None
    target = chat.live_message(int(message_id))
    if target is None:
        if allow_missing:
            return None
        raise bad_request(REPLY_NOT_FOUND)
    return {key: value for key, value in target.data.items() if key != "reply_to_message"}


def _post(call: Call, chat: SimChat, body: dict[str, Any], html: str | None) -> dict[str, Any]:
    """Validate the common parts (markup, reply) and store a new bot message."""
    inline, keyboard = _markup(call)
    reply = _reply_to(call, chat)
    data: dict[str, Any] = {
        "message_id": chat.new_message_id(),
        "from": call.state.bot_user_json(),
        "chat": chat.to_json(),
        "date": int(time.time()),
        **{key: value for key, value in body.items() if value},
    }
    if inline:
        data["reply_markup"] = inline
    if reply:
        data["reply_to_message"] = reply
    call.state.add_message(chat, StoredMessage(data, from_bot=True, html=html, keyboard=keyboard))
    return data


def send_message(call: Call) -> dict[str, Any]:
    chat = writable_chat(call)
    text = _text(call)
    body = {"text": text.text, "entities": text.entities}
    return _post(call, chat, body, _html_source(call, str_param(call.params, "text")))


def _caption_body(call: Call) -> tuple[dict[str, Any], str | None]:
    caption = _caption(call)
    body = {"caption": caption.text, "caption_entities": caption.entities}
    return body, _html_source(call, str_param(call.params, "caption"))


def _known_file(state: StandInState, file_id: str, kind: str) -> Any:
    stored = state.files.get(file_id)
    if stored is None:
        raise bad_request(WRONG_FILE_ID)
    if stored.kind != kind:
        raise bad_request(FILE_TYPE_MISMATCH)
    return stored


def _is_url(value: str) -> bool:
    return urlsplit(value).scheme.lower() in ("http", "https")


async def _photo_sizes(call: Call) -> list[dict[str, Any]]:
    source = file_param(call.params, call.files, "photo")
    state = call.state
    if not source:
        raise bad_request("there is no photo in the request")
    if isinstance(source, UploadedFile):
        if not source.content:
            raise bad_request("file must be non-empty")
        return state.files.store_photo(_sizes_of(source.content))
    if not _is_url(source):
        _known_file(state, source, "photo")
        return state.files.photo_sizes[source]
    if is_local_url(source) and call.fetcher is not None:
        sizes = state.files.fetched.get(source)
        if sizes is None:
            content = await call.fetcher.fetch_image(source)
            sizes = _sizes_of(content, error=WRONG_CONTENT_TYPE)
            state.files.remember_fetched(source, sizes)
        return state.files.store_photo(sizes)
    # Anything beyond this machine is not fetched (the sandbox stays offline).
    placeholders = [PhotoSize(width, height, b"") for width, height in UNFETCHED_PHOTO_SIZES]
    return state.files.store_photo(placeholders, source_url=source)


def _sizes_of(content: bytes, error: str | None = None) -> list[PhotoSize]:
    try:
        return photo_sizes(content)
    except PhotoError as exc:
        raise bad_request(error or str(exc)) from exc


async def send_photo(call: Call) -> dict[str, Any]:
    chat = writable_chat(call)
    body, html = _caption_body(call)
    body["photo"] = await _photo_sizes(call)
    return _post(call, chat, body, html)


def document_json(stored: Any) -> dict[str, Any]:
    data = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    data["file_size"] = len(stored.content)
    return data


def _document(call: Call) -> dict[str, Any]:
    source = file_param(call.params, call.files, "document")
    state = call.state
    if not source:
        raise bad_request("there is no document in the request")
    if isinstance(source, UploadedFile):
        if not source.content:
            raise bad_request("file must be non-empty")
        name = source.filename or "file"
        mime = source.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return document_json(state.files.store("document", source.content, name, mime))
    if _is_url(source):
        name = unquote(urlsplit(source).path.rsplit("/", 1)[-1]) or "file"
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return document_json(state.files.store("document", b"", name, mime))
    return document_json(_known_file(state, source, "document"))


def send_document(call: Call) -> dict[str, Any]:
    chat = writable_chat(call)
    body, html = _caption_body(call)
    body["document"] = _document(call)
    return _post(call, chat, body, html)


def send_chat_action(call: Call) -> bool:
    writable_chat(call)
    if str_param(call.params, "action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


# -- edits ------------------------------------------------------------------------------------


def _message_to_edit(call: Call) -> StoredMessage:
    if call.params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not simulated
    chat = writable_chat(call)
    message_id = int_param(call.params, "message_id", missing=MESSAGE_ID_MISSING)
    stored = chat.live_message(message_id)
    if stored is None:
        raise bad_request(EDIT_NOT_FOUND)
    if not stored.from_bot:
        raise bad_request(CANT_EDIT)
    return stored


def _edit_markup(call: Call) -> dict[str, Any] | None:
    markup = validate_reply_markup(call.params.get("reply_markup"))
    if markup is not None and not is_inline(markup):
        raise bad_request("reply markup of an edited message must be an inline keyboard")
    return markup


def _apply_edit(
    state: StandInState,
    stored: StoredMessage,
    content: dict[str, Any],
    markup: dict[str, Any] | None,
    *,
    html: str | None = None,
    content_edit: bool = True,
) -> dict[str, Any]:
    """Change a message; Telegram refuses an edit that changes nothing. Absent markup removes it."""
    data = stored.data
    same_content = all((data.get(key) or None) == (value or None) for key, value in content.items())
    if same_content and (data.get("reply_markup") or None) == (markup or None):
        raise bad_request(NOT_MODIFIED)
    for key, value in content.items():
        if value:
            data[key] = value
        else:
            data.pop(key, None)
    if markup:
        data["reply_markup"] = markup
    else:
        data.pop("reply_markup", None)
    if content_edit:
        data["edit_date"] = int(time.time())
        stored.html = html
    stored.edited = True
    state.note("edit", data["chat"]["id"], message_id=stored.message_id)
    return data


def edit_message_text(call: Call) -> dict[str, Any]:
    stored = _message_to_edit(call)
    if "text" not in stored.data:
        raise bad_request(NO_TEXT_TO_EDIT)
    text = _text(call)
    markup = _edit_markup(call)
    html = _html_source(call, str_param(call.params, "text"))
    content = {"text": text.text, "entities": text.entities}
    return _apply_edit(call.state, stored, content, markup, html=html)


def edit_message_caption(call: Call) -> dict[str, Any]:
    stored = _message_to_edit(call)
    if "text" in stored.data:
        raise bad_request(NO_CAPTION_TO_EDIT)
    body, html = _caption_body(call)
    return _apply_edit(call.state, stored, body, _edit_markup(call), html=html)


async def edit_message_media(call: Call) -> dict[str, Any]:
    """Replace a photo message's photo and caption (InputMediaPhoto; the stand-in's messages
    carry photos only). A text message has no media to replace, as on Telegram."""
    stored = _message_to_edit(call)
    if "text" in stored.data or "photo" not in stored.data:
        raise bad_request(NO_MEDIA_TO_EDIT)
    media = call.params.get("media")
    if isinstance(media, str):
        try:
            media = json.loads(media)
        except ValueError:
            media = None
    if not isinstance(media, dict) or not media.get("media"):
        raise bad_request("can't parse InputMedia: media is not specified")
    if media.get("type") != "photo":
        raise bad_request("wrong type of the web page content")  # only photos are simulated
    # The InputMedia's fields, read as sendPhoto reads its own.
    fields = {"photo": media["media"], "caption": media.get("caption")}
    fields |= {
        "parse_mode": media.get("parse_mode"),
        "caption_entities": media.get("caption_entities"),
    }
    inner = dataclasses.replace(call, params={**call.params, **fields})
    body, html = _caption_body(inner)
    body["photo"] = await _photo_sizes(inner)
    return _apply_edit(call.state, stored, body, _edit_markup(call), html=html)


def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    stored = _message_to_edit(call)
    return _apply_edit(call.state, stored, {}, _edit_markup(call), content_edit=False)


def delete_message(call: Call) -> bool:
    chat = find_chat(call)
    message_id = int_param(call.params, "message_id", missing=MESSAGE_ID_MISSING)
    stored = chat.live_message(message_id)
    if stored is None:
        raise bad_request(DELETE_NOT_FOUND)
    bot_is_admin = call.state.member_status(chat, call.state.bot_id) in ("administrator", "creator")
    if chat.type != "private" and not stored.from_bot and not bot_is_admin:
        raise bad_request("message can't be deleted")
    stored.deleted = True
    call.state.note("delete", chat.id, message_id=message_id)
    return True


METHODS: dict[str, Handler] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageMedia": edit_message_media,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
}
