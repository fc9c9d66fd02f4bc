"""Telegram-flavoured HTML as the stand-in parses it: plain text, UTF-16 entities, errors."""

from __future__ import annotations

import pytest

from sandbox.telegram.errors import BotApiError
from sandbox.telegram.html import HtmlError, format_text, parse_html, parse_markdown_loose


def test_plain_text_and_utf16_entity_offsets():
    parsed = parse_html("📦 <b>Order</b> &lt;#12&gt; <i>¥12.30</i>")
    assert parsed.text == "📦 Order <#12> ¥12.30"
    # the parcel emoji is two UTF-16 code units, so "Order" starts at 3
    assert parsed.entities == [
        {"offset": 3, "length": 5, "type": "bold"},
        {"offset": 15, "length": 6, "type": "italic"},
    ]


def test_every_supported_tag_maps_to_its_entity():
    source = (
        '<strong>a</strong><em>b</em><ins>c</ins><del>d</del><span class="tg-spoiler">e</span>'
        '<tg-spoiler>f</tg-spoiler><a href="https://x.test/?a=1&amp;b=2">g</a><code>h</code>'
        '<pre><code class="language-python">i</code></pre><blockquote expandable>j</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">k</tg-emoji><u>l</u><s>m</s><strike>n</strike>'
    )
    parsed = parse_html(source)
    assert parsed.text == "abcdefghijklmn"
    kinds = [(e["offset"], e["type"]) for e in parsed.entities]
    assert kinds == [
        (0, "bold"),
        (1, "italic"),
        (2, "underline"),
        (3, "strikethrough"),
        (4, "spoiler"),
        (5, "spoiler"),
        (6, "text_link"),
        (7, "code"),
        (8, "pre"),
        (9, "expandable_blockquote"),
        (10, "custom_emoji"),
        (11, "underline"),
        (12, "strikethrough"),
        (13, "strikethrough"),
    ]
    assert parsed.entities[6]["url"] == "https://x.test/?a=1&b=2"
    assert parsed.entities[8]["language"] == "python"


def test_nested_tags_and_numeric_entities():
    parsed = parse_html("<b>bold <i>both</i></b> &#65;&#x42; &quot;q&quot;")
    assert parsed.text == 'bold both AB "q"'
    assert parsed.entities == [
        {"offset": 0, "length": 9, "type": "bold"},
        {"offset": 5, "length": 4, "type": "italic"},
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag, expected "</b>", found "</i>" at byte offset 4'),
        ("x</b>", 'Unexpected end tag "</b>" at byte offset 1'),
        ("привет <br>", 'Unsupported start tag "br" at byte offset 13'),  # bytes, not chars
        ("1 < 2", 'Unescaped "<" (write &lt;) at byte offset 2'),
        ("Tom & Jerry", 'Unescaped "&" (write &amp;) at byte offset 4'),
        ("&nbsp;", 'Unescaped "&" (write &amp;) at byte offset 0'),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ],
)
def test_malformed_html_reports_reason_and_byte_offset(source, message):
    with pytest.raises(HtmlError) as caught:
        parse_html(source)
    assert str(caught.value) == f"can't parse entities: {message}"


def test_format_text_wraps_parse_errors_as_bad_request():
    with pytest.raises(BotApiError) as caught:
        format_text("<b>x", "HTML")
    assert caught.value.code == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    with pytest.raises(BotApiError, match="unsupported parse_mode"):
        format_text("x", "BBCode")


def test_surrounding_whitespace_is_trimmed_and_entities_follow():
    parsed = format_text("\n  <b>Total</b> ¥5  \n", "HTML")
    assert parsed.text == "Total ¥5"
    assert parsed.entities == [{"offset": 0, "length": 5, "type": "bold"}]


def test_empty_link_is_dropped_and_attributes_may_be_unquoted():
    parsed = parse_html("<a>no target</a> <a href=https://x.test>yes</a>")
    assert parsed.text == "no target yes"
    assert parsed.entities == [
        {"offset": 10, "length": 3, "type": "text_link", "url": "https://x.test"}
    ]


def test_markdown_is_accepted_loosely():
    assert parse_markdown_loose(r"*Total:* ¥12\.30 [shop](https://x.test)").text == (
        "Total: ¥12.30 shop"
    )
