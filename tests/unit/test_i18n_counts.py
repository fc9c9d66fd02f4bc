"""Counted texts in both languages, and the words users see: plural forms chosen per language,
no "(s)" anywhere, no API field names, the address labels in the words of the step prompts."""

from __future__ import annotations

import re

import pytest

from bot.domain.receiver import RECEIVER_FIELDS
from bot.i18n import (
    EN,
    LANGUAGES,
    PLURAL_CATEGORIES,
    PLURAL_SEPARATOR,
    ZH,
    Translator,
    counted,
    plural_forms,
    t,
)

CATALOGS = {"en": EN, "zh": ZH}
COUNT_KEYS = sorted(key for key in EN if key.startswith("count."))
# Field names of the platform's API that people should never have to read.
API_FIELDS = re.compile(
    r"purchaseAmount|orderSource|sellerOrderNumber|itemId|skuId|offerId|specId|orderLineList"
)


def test_every_language_has_its_plural_rule():
    assert set(PLURAL_CATEGORIES) == set(LANGUAGES)


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_each_counted_phrase_has_the_forms_its_language_needs(key):
    assert len(EN[key].split(PLURAL_SEPARATOR)) == plural_forms("en") == 2
    assert len(ZH[key].split(PLURAL_SEPARATOR)) == plural_forms("zh") == 1
    for lang in CATALOGS:
        for form in CATALOGS[lang][key].split(PLURAL_SEPARATOR):
            assert "{count}" in form


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 0, "0 lines"),
        ("en", 1, "1 line"),
        ("en", 2, "2 lines"),
        ("en", 21, "21 lines"),
        ("zh", 1, "1 行"),
        ("zh", 2, "2 行"),
    ],
)
def test_the_form_follows_the_number(lang, count, text):
    assert counted(lang, "count.lines", count) == text
    assert Translator(lang).count("count.lines", count) == text


def test_counted_texts_read_naturally():
    tr = Translator("en")
    resume = tr("ask.resume", lines=tr.count("count.lines", 1))
    assert "with 1 line." in resume
    migrated = tr(
        "group.migrated",
        orders=tr.count("count.orders", 1),
        drafts=tr.count("count.drafts", 0),
        approvals=tr.count("count.approval_requests", 3),
    )
    assert "Its 1 order, 0 drafts and 3 approval requests moved here" in migrated
    assert "after another 1 minute of silence" in tr(
        "note.reminder", minutes=tr.count("count.minutes", 1)
    )
    zh = Translator("zh")
    assert "再过 5 分钟无操作" in zh("note.reminder", minutes=zh.count("count.minutes", 5))


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_no_text_leaves_the_plural_to_the_reader(lang):
    for key, text in CATALOGS[lang].items():
        assert "(s)" not in text and "(es)" not in text, key


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_no_text_names_an_api_field(lang):
    for key, text in CATALOGS[lang].items():
        assert not API_FIELDS.search(text), f"{key}: {text!r}"


@pytest.mark.parametrize("lang", sorted(CATALOGS))
@pytest.mark.parametrize(
    "field", ["name", "mobile", "country", "state", "city", "district", "address", "zip"]
)
def test_an_address_label_is_the_word_its_step_asks_with(lang, field):
    asked = re.search(r"<b>(.+?)</b>", CATALOGS[lang][f"ask.field.{field}"]).group(1)
    assert asked.casefold() == CATALOGS[lang][f"field.{field}"].casefold()
    assert field in RECEIVER_FIELDS


def test_the_budget_prompt_shows_the_examples_it_is_given():
    text = t("en", "ask.budget", quote="…", total="¥84.00", example=90, example_fen="¥95.50")
    assert "such as <code>90</code> or <code>¥95.50</code>" in text
