"""`.env.example` lists every setting, each with a comment, and nothing that is not a setting."""

from pathlib import Path

from bot.config import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def _entries() -> list[tuple[str, list[str]]]:
    """(name, the comment lines right above it) for each `NAME=value` line."""
    entries, comments = [], []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif "=" in line:
            entries.append((line.partition("=")[0], comments))
        else:
            comments = []
    return entries


def test_every_setting_is_in_the_example_and_nothing_else():
    names = [name for name, _ in _entries()]
    settings = {field.alias for field in Settings.model_fields.values()}
    assert len(names) == len(set(names)), "a setting is listed twice"
    assert set(names) == settings


def test_every_setting_has_a_comment_above_it_or_its_group():
    for name, comments in _entries():
        assert comments, f"{name} has no comment"


def test_the_example_values_are_valid_settings():
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#") and value:
            values[name] = value
    Settings(_env_file=None, **values)  # raises if an example value is not accepted
