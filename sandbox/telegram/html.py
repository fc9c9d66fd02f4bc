"""Formatted text as Telegram parses it: HTML (strict), MarkdownV2 (loose), or explicit entities.

The result is the plain text a user sees plus message entities with UTF-16 offsets, as in the Bot
API. HTML errors use Telegram's form `can't parse entities: <reason> at byte offset N`, where N
counts UTF-8 bytes of the source, so a bot that forgets to escape `<` or `&` fails here as it
would in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sandbox.telegram.errors import bad_request

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_ALL_TAGS = {*_SIMPLE_TAGS, "span", "a", "code", "pre", "blockquote", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));")
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")
_MD_LINK_RE = re.compile(r"(?<!\\)\[([^\]]*)\]\(([^)]*)\)")
_MD_MARKERS = set("*_~|`")


@dataclass
class FormattedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


class HtmlError(Exception):
    def __init__(self, reason: str, source: str, index: int) -> None:
        byte_offset = len(source[:index].encode("utf-8"))
        super().__init__(f"can't parse entities: {reason} at byte offset {byte_offset}")


_PLAIN_RE = re.compile(r"[^<&]+")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start16: int
    index: int
    language: str | None = None


def _decode_entity(source: str, index: int) -> tuple[str, int] | None:
    """The character an `&...;` at `index` stands for and the length consumed, or None."""
    match = _ENTITY_RE.match(source, index)
    if not match:
        return None
    decimal, hexa, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name.lower())
        return (char, match.end() - index) if char else None
    code = int(decimal) if decimal is not None else int(hexa, 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end() - index


def _unescape_attribute(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        decoded = _decode_entity(match.group(0), 0)
        return decoded[0] if decoded else match.group(0)

    return _ENTITY_RE.sub(replace, value)


def _parse_attributes(source: str, index: int, tag_start: int) -> tuple[dict[str, str], int]:
    """Parse attributes up to and including `>`; return them and the index after `>`."""
    attrs: dict[str, str] = {}
    n = len(source)
    while True:
        while index < n and source[index].isspace():
            index += 1
        if index >= n:
            raise HtmlError("Unclosed start tag", source, tag_start)
        if source[index] == ">":
            return attrs, index + 1
        name_match = _ATTR_NAME_RE.match(source, index)
        if not name_match:
            raise HtmlError("Empty attribute name in the tag", source, index)
        name = name_match.group(0).lower()
        index = name_match.end()
        while index < n and source[index].isspace():
            index += 1
        value = ""
        if index < n and source[index] == "=":
            index += 1
            while index < n and source[index].isspace():
                index += 1
            if index < n and source[index] in "\"'":
                quote = source[index]
                end = source.find(quote, index + 1)
                if end < 0:
                    raise HtmlError("Unclosed start tag", source, tag_start)
                value = source[index + 1 : end]
                index = end + 1
            else:
                start = index
                while index < n and not source[index].isspace() and source[index] != ">":
                    index += 1
                value = source[start:index]
        attrs[name] = _unescape_attribute(value)


def _check_start_tag(tag: _OpenTag, source: str) -> None:
    if tag.name == "span" and tag.attrs.get("class") != "tg-spoiler":
        raise HtmlError('Tag "span" must have class "tg-spoiler"', source, tag.index)
    if tag.name == "tg-emoji" and not tag.attrs.get("emoji-id", "").isdigit():
        raise HtmlError('Tag "tg-emoji" must have a numeric "emoji-id"', source, tag.index)


def _entity_for(tag: _OpenTag, length: int, parent: _OpenTag | None) -> dict[str, Any] | None:
    entity: dict[str, Any] = {"offset": tag.start16, "length": length}
    if tag.name in _SIMPLE_TAGS:
        entity["type"] = _SIMPLE_TAGS[tag.name]
    elif tag.name == "span":
        entity["type"] = "spoiler"
    elif tag.name == "a":
        href = tag.attrs.get("href", "").strip()
        if not href:
            return None  # Telegram keeps the text and drops a link without a target
        entity.update(type="text_link", url=href)
    elif tag.name == "code":
        if parent is not None and parent.name == "pre":
            language = tag.attrs.get("class", "")
            if language.startswith("language-"):
                parent.language = language.removeprefix("language-")
            return None  # merged into the enclosing pre entity
        entity["type"] = "code"
    elif tag.name == "pre":
        entity["type"] = "pre"
        if tag.language:
            entity["language"] = tag.language
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
    else:  # tg-emoji
        entity.update(type="custom_emoji", custom_emoji_id=tag.attrs["emoji-id"])
    return entity


def parse_html(source: str) -> FormattedText:
    """Parse Telegram-flavoured HTML; raise HtmlError as Telegram would."""
    out: list[str] = []
    pos16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    index, n = 0, len(source)
    while index < n:
        char = source[index]
        if char == "&":
            decoded = _decode_entity(source, index)
            if decoded is None:
                raise HtmlError('Unescaped "&" (write &amp;)', source, index)
            out.append(decoded[0])
            pos16 += utf16_len(decoded[0])
            index += decoded[1]
        elif char != "<":
            run = _PLAIN_RE.match(source, index).group(0)  # up to the next tag or entity
            out.append(run)
            pos16 += utf16_len(run)
            index += len(run)
        elif source.startswith("</", index):
            name_match = _TAG_NAME_RE.match(source, index + 2)
            name = name_match.group(0).lower() if name_match else ""
            end = name_match.end() if name_match else index + 2
            while end < n and source[end].isspace():
                end += 1
            if end >= n or source[end] != ">":
                raise HtmlError("Unclosed end tag", source, index)
            if not stack:
                raise HtmlError(f'Unexpected end tag "</{name}>"', source, index)
            tag = stack.pop()
            if tag.name != name:
                raise HtmlError(
                    f'Unmatched end tag, expected "</{tag.name}>", found "</{name}>"', source, index
                )
            length = pos16 - tag.start16
            entity = _entity_for(tag, length, stack[-1] if stack else None)
            if entity is not None and length > 0:
                entities.append(entity)
            index = end + 1
        else:
            name_match = _TAG_NAME_RE.match(source, index + 1)
            if not name_match:
                raise HtmlError('Unescaped "<" (write &lt;)', source, index)
            name = name_match.group(0).lower()
            if name not in _ALL_TAGS:
                raise HtmlError(f'Unsupported start tag "{name}"', source, index)
            attrs, after = _parse_attributes(source, name_match.end(), index)
            tag = _OpenTag(name=name, attrs=attrs, start16=pos16, index=index)
            _check_start_tag(tag, source)
            stack.append(tag)
            index = after
    if stack:
        tag = stack[-1]
        raise HtmlError(
            f'Can\'t find end tag corresponding to start tag "{tag.name}"', source, tag.index
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return FormattedText("".join(out), entities)


def parse_markdown_loose(source: str) -> FormattedText:
    """MarkdownV2/Markdown accepted loosely: links keep their text, markers and escapes go."""
    text = _MD_LINK_RE.sub(lambda m: m.group(1), source)
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if char not in _MD_MARKERS:
            out.append(char)
        index += 1
    return FormattedText("".join(out))


def _strip(formatted: FormattedText) -> FormattedText:
    """Telegram trims surrounding whitespace; entities are shifted and clipped to match."""
    text = formatted.text
    stripped = text.strip()
    if stripped == text:
        return formatted
    lead16 = utf16_len(text[: len(text) - len(text.lstrip())])
    size16 = utf16_len(stripped)
    entities = []
    for entity in formatted.entities:
        start = max(entity["offset"] - lead16, 0)
        end = min(entity["offset"] + entity["length"] - lead16, size16)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)


def _check_entities(entities: Any) -> list[dict[str, Any]]:
    if not isinstance(entities, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("type"), str)
        and isinstance(e.get("offset"), int)
        and isinstance(e.get("length"), int)
        for e in entities
    ):
        raise bad_request("can't parse entities JSON object")
    return entities


def format_text(source: str, parse_mode: str | None, entities: Any = None) -> FormattedText:
    """Text (or caption) as Telegram stores it; raises BotApiError on a parse error."""
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        try:
            formatted = parse_html(source)
        except HtmlError as exc:
            raise bad_request(str(exc)) from exc
    elif mode in ("markdownv2", "markdown"):
        formatted = parse_markdown_loose(source)
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        formatted = FormattedText(source, _check_entities(entities) if entities else [])
    return _strip(formatted)
