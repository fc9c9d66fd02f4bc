"""Long texts (tracking histories, notifications) go out as several messages under 4096."""

import pytest

from handlers.common import MESSAGE_LIMIT, split_message


def test_short_text_is_one_message():
    assert split_message("hello\nworld") == ["hello\nworld"]


@pytest.mark.parametrize("lines", [10, 500, 3000])
def test_long_text_is_cut_at_line_breaks_and_nothing_is_lost(lines):
    text = "\n".join(
        f"• 2026-11-26 12:{i % 60:02d} — 快件已发往 广州中心 {i}" for i in range(lines)
    )
    chunks = split_message(text)
    assert all(0 < len(chunk) <= MESSAGE_LIMIT < 4096 for chunk in chunks)
    assert "\n".join(chunks) == text


def test_a_single_overlong_line_is_cut_hard():
    chunks = split_message("x" * 9000)
    assert [len(c) for c in chunks] == [4000, 4000, 1000]
    assert "".join(chunks) == "x" * 9000
