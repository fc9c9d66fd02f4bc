"""The message catalogs: English and Chinese agree key by key, every message renders as valid
Telegram HTML, and every error code the domain can raise has a text in both languages that fits
the params its raise sites pass."""

from __future__ import annotations

import ast
import fnmatch
import importlib
import io
import pkgutil
import re
import string
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import bot.domain
import bot.search_images
import bot.short_links
from bot.domain.abroad import check_destination, validate_abroad_field
from bot.domain.countries import find_country
from bot.domain.currency import check_code
from bot.domain.currency import parse_amount as currency_amount
from bot.domain.draft import (
    MAX_DRAFT_LINES,
    Draft,
    DraftLine,
    validate_order_source,
    validate_seller_order_number,
)
from bot.domain.errors import InputError
from bot.domain.links import parse_product_ref
from bot.domain.money import parse_amount, parse_yuan_wire, yuan_to_fen
from bot.domain.quantity import PriceTier, parse_order_lines, parse_quantity, tier_price
from bot.domain.receiver import RECEIVER_FIELDS, Receiver, build_receiver
from bot.domain.receiver_fields import validate_field, validate_mobile
from bot.domain.search_terms import parse_price_range, search_keyword
from bot.domain.tracking import parse_tracking_number
from bot.i18n import (
    CATALOG_PARTS,
    EN,
    ZH,
    Html,
    Translator,
    errors_en,
    has,
    pick_language,
    t,
)

CATALOGS = {"en": EN, "zh": ZH}
ALL_KEYS = sorted(EN.keys() | ZH.keys())
TELEGRAM_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}
TELEGRAM_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
TELEGRAM_MAX_TEXT = 4096
CJK_RE = re.compile(r"[\u3400-\u9fff]")
COMMAND_RE = re.compile(r"(?<![\w/])/[a-z_]+")
# Brand names stay as they are in Chinese too.
UNTRANSLATED_IN_ZH = {"src.lazada", "src.shopee", "src.tiktok"}
# Texts sent as plain strings (button labels, command descriptions): no HTML is parsed there.
PLAIN_TEXT_PREFIXES = ("btn.", "cmd.", "src.", "field.", "label.")


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def dummy_params(template: str) -> dict[str, str]:
    # Markup-like values prove the parameters get escaped.
    return {name: f"<{name}&x>" for name in placeholders(template)}


# --- a Telegram HTML check on top of html.parser -------------------------------------------


class TelegramHtmlChecker(HTMLParser):
    """Collects what Telegram would refuse: unknown tags, attributes, unbalanced tags, bare `<`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.open_tags: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        allowed_attrs = {"a": {"href"}, "code": {"class"}}.get(tag, set())
        for name, _ in attrs:
            if name not in allowed_attrs:
                self.problems.append(f"attribute {name!r} on <{tag}>")
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("<a> without href")
        self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags:
            self.problems.append(f"</{tag}> closes nothing")
        elif self.open_tags[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open_tags[-1]}>")
        else:
            self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.problems.append(f"unescaped < or > in {data!r}")
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("unknown declaration")


def check_html(text: str) -> TelegramHtmlChecker:
    checker = TelegramHtmlChecker()
    checker.feed(text)
    checker.close()
    checker.problems.extend(f"<{tag}> is never closed" for tag in checker.open_tags)
    for match in re.finditer("&", text):
        if not TELEGRAM_ENTITY_RE.match(text, match.start()):
            checker.problems.append(f"bare & at {match.start()}")
    return checker


def html_problems(text: str) -> list[str]:
    return check_html(text).problems


def test_the_html_check_refuses_what_telegram_refuses():
    assert html_problems("<b>ok</b> &lt;x&gt; <a href='https://x.test'>l</a>") == []
    assert html_problems("<b>open")
    assert html_problems("<b><i>x</b></i>")
    assert html_problems("<div>x</div>")
    assert html_problems("<span>x</span>")
    assert html_problems("a < b")
    assert html_problems("Tom & Jerry")
    assert html_problems("&nbsp;")
    assert html_problems("<br/>")


# --- catalog parity -------------------------------------------------------------------------


def test_every_english_key_has_a_chinese_text():
    assert sorted(EN.keys() - ZH.keys()) == []


def test_every_chinese_key_exists_in_english():
    assert sorted(ZH.keys() - EN.keys()) == []


def test_catalog_parts_add_keys_without_shadowing_each_other():
    assert all(key.startswith("err.") for key in errors_en.MESSAGES)
    seen: set[str] = set()
    for english, chinese in CATALOG_PARTS:
        assert english.keys() == chinese.keys()
        assert sorted(seen & english.keys()) == []
        seen |= english.keys()
    assert EN.keys() == seen == ZH.keys()


@pytest.mark.parametrize("key", ALL_KEYS)
def test_placeholders_are_plain_names_and_the_same_in_both_languages(key):
    for catalog in CATALOGS.values():
        for _, field, spec, conversion in string.Formatter().parse(catalog[key]):
            if field is not None:
                assert field.isidentifier(), f"{key}: placeholder {{{field}}} is not a plain name"
                assert not spec and not conversion, f"{key}: {{{field}}} has a format spec"
    assert placeholders(ZH[key]) == placeholders(EN[key])


@pytest.mark.parametrize("key", ALL_KEYS)
def test_chinese_keeps_tags_emoji_and_commands(key):
    english, chinese = check_html(EN[key]), check_html(ZH[key])
    assert sorted(chinese.tags) == sorted(english.tags)

    def emoji(text: str) -> set[str]:
        return {ch for ch in text if unicodedata.category(ch) == "So"}

    assert emoji(ZH[key]) == emoji(EN[key])
    english_commands = set(COMMAND_RE.findall("".join(english.text)))
    assert set(COMMAND_RE.findall("".join(chinese.text))) == english_commands


@pytest.mark.parametrize("key", ALL_KEYS)
def test_chinese_is_translated(key):
    english_words = re.sub(r"<[^>]+>|\{\w+\}", "", EN[key])
    if key in UNTRANSLATED_IN_ZH or not re.search(r"[A-Za-z]{3,}", english_words):
        return  # nothing to translate: "{n}. {title} × {qty}", "1688", brand names
    assert CJK_RE.search(ZH[key]), f"{key} is still English: {ZH[key]!r}"


@pytest.mark.parametrize("lang", sorted(CATALOGS))
@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_message_renders_as_valid_telegram_html(lang, key):
    rendered = t(lang, key, **dummy_params(CATALOGS[lang][key]))
    assert rendered.strip() and rendered != key
    assert "{" not in rendered and "}" not in rendered
    assert len(rendered) <= TELEGRAM_MAX_TEXT
    assert html_problems(rendered) == []


@pytest.mark.parametrize("lang", sorted(CATALOGS))
@pytest.mark.parametrize("key", [k for k in ALL_KEYS if k.startswith(PLAIN_TEXT_PREFIXES)])
def test_labels_and_command_descriptions_are_plain_short_text(lang, key):
    text = CATALOGS[lang][key]
    assert not re.search(r"[<>&]", text), f"{key} would show markup literally: {text!r}"
    limit = 256 if key.startswith("cmd.") else 40  # Telegram's command description cap
    assert 1 <= len(text) <= limit


# --- t, Translator, pick_language -----------------------------------------------------------


def test_parameters_are_escaped_but_html_fragments_are_kept():
    assert t("zh", "product.seller", seller="<A&B>") == "商家：&lt;A&amp;B&gt;"
    assert t("en", "product.seller", seller=Html("<b>A</b>")) == "Seller: <b>A</b>"


def test_translator_is_t_bound_to_one_language():
    assert Translator("zh")("btn.back") == "◀ 返回"
    assert Translator("en")("btn.back") == "◀ Back"


def test_an_unknown_key_falls_back_to_the_key_itself():
    assert t("en", "no.such.key") == "no.such.key"
    assert t("zh", "no.such.key", n=1) == "no.such.key"
    assert not has("no.such.key")


def test_an_unknown_language_falls_back_to_english():
    assert t("fr", "btn.confirm") == EN["btn.confirm"]


@pytest.mark.parametrize(
    ("preference", "telegram_code", "default", "expected"),
    [
        ("zh", "en-US", "en", "zh"),  # the /language choice wins over the app language
        ("en", "zh-hans", "zh", "en"),
        (None, "zh-hans", "en", "zh"),  # else the Telegram app language
        (None, "ZH", "en", "zh"),
        (None, "zh-TW", "en", "zh"),
        (None, "en-GB", "zh", "en"),
        ("fr", "zh", "en", "zh"),  # a stored choice we do not have is ignored
        (None, "de", "zh", "zh"),  # else the configured default
        (None, None, "en", "en"),
        (None, "", "zh", "zh"),
    ],
)
def test_pick_language(preference, telegram_code, default, expected):
    assert pick_language(preference, telegram_code, default) == expected


# --- every error code raised in bot/domain --------------------------------------------------

DOMAIN_DIR = Path(bot.domain.__file__).parent
# Input errors raised outside the domain package (following a short link needs the network;
# a photo to search by is checked with Pillow).
OTHER_SOURCES = (Path(bot.short_links.__file__), Path(bot.search_images.__file__))


def error_class_names() -> set[str]:
    for module in pkgutil.iter_modules([str(DOMAIN_DIR)]):
        importlib.import_module(f"bot.domain.{module.name}")
    names: set[str] = set()
    todo: list[type] = [InputError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


@dataclass(frozen=True)
class RaiseSite:
    """One place that builds an InputError: its code (with `*` for computed parts) and the
    params it always passes."""

    pattern: str
    params: frozenset[str]
    where: str


@dataclass(frozen=True)
class Factory:
    """A helper that builds the error, e.g. `_error(field, problem, message, **params)`."""

    arg_names: tuple[str, ...]
    kwargs_name: str | None
    construction: ast.Call


class UnrecognisedRaise(AssertionError):
    pass


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _code_pattern(expr: ast.expr | None, bindings: dict[str, ast.expr]) -> str | None:
    """The code an expression builds: literals as is, anything computed as `*`."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for part in expr.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            else:
                inner = part.value if isinstance(part, ast.FormattedValue) else None
                bound = bindings.get(inner.id) if isinstance(inner, ast.Name) else None
                literal = _code_pattern(bound, {}) if bound is not None else None
                parts.append(literal if literal and "*" not in literal else "*")
        return "".join(parts)
    if isinstance(expr, ast.Name) and expr.id in bindings:
        return _code_pattern(bindings[expr.id], {})
    return None


def _param_names(
    expr: ast.expr | None, kwargs_name: str | None, site: ast.Call | None
) -> frozenset[str] | None:
    """Keys a params dict literal always has (a `**` of unknown content adds none)."""
    if expr is None:
        return frozenset()
    if not isinstance(expr, ast.Dict):
        return None
    names: set[str] = set()
    for key, value in zip(expr.keys, expr.values, strict=True):
        if key is None:
            if site is not None and isinstance(value, ast.Name) and value.id == kwargs_name:
                names |= {kw.arg for kw in site.keywords if kw.arg is not None}
        elif isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        else:
            return None
    return frozenset(names)


def _names_in(expr: ast.expr | None) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)} if expr is not None else set()


def _factories(tree: ast.Module, error_names: set[str]) -> dict[str, Factory]:
    """Functions whose one error takes its code, or its params' keys, from their arguments."""
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        constructions = [
            call
            for call in ast.walk(node)
            if isinstance(call, ast.Call) and _call_name(call) in error_names
        ]
        if len(constructions) != 1:
            continue
        construction = constructions[0]
        args = tuple(a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs)
        kwargs = node.args.kwarg.arg if node.args.kwarg else None
        params = _argument(construction, 2, "params")
        spread = (
            [v for k, v in zip(params.keys, params.values, strict=True) if k is None]
            if isinstance(params, ast.Dict)
            else []
        )
        uses = _names_in(_argument(construction, 0, "code")).union(*map(_names_in, spread))
        if uses & {*args, kwargs}:
            found[node.name] = Factory(args, kwargs, construction)
    return found


def _site(
    construction: ast.Call,
    bindings: dict[str, ast.expr],
    kwargs_name: str | None,
    site: ast.Call | None,
    where: str,
) -> RaiseSite:
    pattern = _code_pattern(_argument(construction, 0, "code"), bindings)
    params = _param_names(_argument(construction, 2, "params"), kwargs_name, site)
    if pattern is None or params is None or not pattern.strip("*.") or pattern.startswith("*"):
        raise UnrecognisedRaise(f"{where}: cannot read the code or params of this error")
    return RaiseSite(pattern, params, where)


def scan_raise_sites() -> list[RaiseSite]:
    error_names = error_class_names()
    sources = [*DOMAIN_DIR.glob("*.py"), *OTHER_SOURCES]
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sources}
    factories: dict[str, Factory] = {}
    for tree in trees.values():
        for name, factory in _factories(tree, error_names).items():
            assert name not in factories, f"two error factories named {name}"
            factories[name] = factory
    inside_factories = {id(f.construction) for f in factories.values()}
    sites = []
    for path, tree in sorted(trees.items()):
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            where = f"{path.name}:{call.lineno}"
            name = _call_name(call)
            if name in error_names and id(call) not in inside_factories:
                sites.append(_site(call, {}, None, None, where))
            elif name in factories:
                factory = factories[name]
                bindings = dict(zip(factory.arg_names, call.args, strict=False))
                bindings |= {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
                sites.append(
                    _site(factory.construction, bindings, factory.kwargs_name, call, where)
                )
    return sites


SITES = scan_raise_sites()
LITERAL_CODES = {site.pattern for site in SITES if "*" not in site.pattern}
WILDCARD_PATTERNS = {site.pattern for site in SITES if "*" in site.pattern}
REQUIRED_RECEIVER_FIELDS = [n for n, f in Receiver.model_fields.items() if f.is_required()]
# Codes whose field part is computed at run time, written out by hand.
DYNAMIC_CODES = {
    # receiver.py: a value that is not text, or any other model error; "receiver" when the
    # error names no field
    *(f"receiver.{field}.invalid" for field in (*RECEIVER_FIELDS, "receiver")),
    # receiver.py: a required field left out
    *(f"receiver.{field}.empty" for field in REQUIRED_RECEIVER_FIELDS),
    # receiver_fields._clean_region(field, ...) checks state and city
    "receiver.state.empty",
    "receiver.city.empty",
    # receiver_fields._at_most(field, ...) bounds these fields' length
    *(f"receiver.{field}.too_long" for field in ("phone", "country", "state", "city", "district")),
    # abroad._text_field(field, ...) checks the free-text fields of a receiver abroad
    *(
        f"abroad.{field}.{problem}"
        for field in ("name", "address1", "address2", "city")
        for problem in ("empty", "too_short", "too_long")
    ),
}
ALL_CODES = sorted(LITERAL_CODES | DYNAMIC_CODES)


def sites_for(code: str) -> Iterator[RaiseSite]:
    return (site for site in SITES if fnmatch.fnmatchcase(code, site.pattern))


def test_the_scan_reads_literal_factory_and_computed_codes():
    by_pattern = {site.pattern: site for site in SITES}
    assert by_pattern["amount.too_large"].params == {"maximum", "maximum_fen"}
    assert by_pattern["link.unsupported"].params == {"platform", "url"}  # via _unsupported()
    assert by_pattern["receiver.zip.invalid_cn"].params == {"field", "text"}  # via _error()
    # via _line_error(..., cause=exc.code, **exc.params): only line and cause are certain
    assert by_pattern["order_line.quantity"].params == {"line", "cause"}
    assert {"receiver.*.invalid", "receiver.*.empty", "receiver.*.too_long"} <= WILDCARD_PATTERNS
    assert len(LITERAL_CODES) > 50


def test_the_scan_refuses_an_error_it_cannot_read():
    tree = ast.parse("raise MoneyError(make_code(), 'text')")
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call))
    with pytest.raises(UnrecognisedRaise):
        _site(call, {}, None, None, "example.py:1")


def test_every_computed_code_pattern_is_in_the_hand_written_list():
    for pattern in WILDCARD_PATTERNS:
        assert any(fnmatch.fnmatchcase(code, pattern) for code in DYNAMIC_CODES), pattern


def test_every_hand_written_code_has_a_raise_site():
    for code in DYNAMIC_CODES:
        assert next(sites_for(code), None) is not None, code


def test_no_error_text_for_a_code_the_domain_never_raises():
    raised = {f"err.{code}" for code in ALL_CODES}
    assert sorted(errors_en.MESSAGES.keys() - raised) == []


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_domain_error_code_has_texts_that_fit_every_raise_site(code):
    key = f"err.{code}"
    assert has(key) and key in ZH, f"{key} has no message"
    for site in sites_for(code):
        for lang, catalog in CATALOGS.items():
            missing = placeholders(catalog[key]) - site.params
            assert not missing, f"{lang} {key} needs {missing}; {site.where} passes {site.params}"
            rendered = t(lang, key, **{name: f"<{name}>" for name in site.params})
            assert html_problems(rendered) == []


# --- real errors from the domain functions --------------------------------------------------


def _line(n: int = 0, price_fen: int = 1000) -> DraftLine:
    return DraftLine(
        item_id="612345", sku_id=f"s{n}", title="T", quantity=1, unit_price_fen=price_fen
    )


def _full_draft() -> None:
    Draft(lines=[_line(n) for n in range(MAX_DRAFT_LINES)]).add_line(_line(MAX_DRAFT_LINES))


GOOD_RECEIVER: dict[str, Any] = {
    "name": "张三",
    "mobile": "13812345678",
    "state": "浙江省",
    "city": "杭州市",
    "address": "文一西路969号",
    "zip": "311121",
}

BAD_INPUTS: dict[str, Callable[[], object]] = {
    "amount letters": lambda: parse_amount("abc"),
    "amount empty": lambda: parse_amount(""),
    "amount negative": lambda: parse_amount("-5"),
    "amount ¥ and 分": lambda: parse_amount("¥12分"),
    "amount separator": lambda: parse_amount("1,23"),
    "amount fen fraction": lambda: parse_amount("12.5分"),
    "amount decimals": lambda: parse_amount("1.234"),
    "amount zero": lambda: parse_amount("0"),
    "amount too large": lambda: parse_amount("999999999"),
    "wire yuan decimals": lambda: yuan_to_fen("1.234"),
    "wire yuan float": lambda: parse_yuan_wire(1.5),  # type: ignore[arg-type]
    "wire yuan text": lambda: parse_yuan_wire("12,5"),
    "quantity zero": lambda: parse_quantity("0"),
    "quantity empty": lambda: parse_quantity(" "),
    "quantity markup": lambda: parse_quantity("<b>x"),
    "quantity negative": lambda: parse_quantity("-1"),
    "quantity fraction": lambda: parse_quantity("1.5"),
    "quantity below moq": lambda: parse_quantity("5", minimum=10),
    "quantity sold out": lambda: parse_quantity("5", stock=0),
    "quantity above stock": lambda: parse_quantity("5", stock=3),
    "quantity too large": lambda: parse_quantity("200000"),
    "tier below minimum": lambda: tier_price([PriceTier(10, 100)], 5),
    "lines empty": lambda: parse_order_lines("# nothing\n"),
    "lines fields": lambda: parse_order_lines("612345 s1"),
    "lines item id": lambda: parse_order_lines("abc s1 1"),
    "lines sku id": lambda: parse_order_lines("612345 s! 1"),
    "lines quantity": lambda: parse_order_lines("612345 s1 two"),
    "lines price": lambda: parse_order_lines("612345 s1 2 1.234"),
    "lines too many": lambda: parse_order_lines("\n".join(f"612345 s{n} 1" for n in range(201))),
    "zip short": lambda: validate_field("zip", "12"),
    "zip empty": lambda: validate_field("zip", "", country="Singapore"),
    "zip abroad": lambda: validate_field("zip", "!", country="Thailand"),
    "mobile short": lambda: validate_mobile("123"),
    "mobile long": lambda: validate_mobile("138123456789"),
    "mobile letters": lambda: validate_mobile("abc"),
    "mobile not valid": lambda: validate_mobile("+1 999 555 0100"),
    "mobile landline": lambda: validate_mobile("+86 010 6552 9988"),
    "mobile empty": lambda: validate_field("mobile", ""),
    "name empty": lambda: validate_field("name", ""),
    "name digits": lambda: validate_field("name", "12345"),
    "name symbols": lambda: validate_field("name", "!!!"),
    "name long": lambda: validate_field("name", "x" * 51),
    "phone long": lambda: validate_field("phone", "1" * 31),
    "country empty": lambda: validate_field("country", ""),
    "country long": lambda: validate_field("country", "x" * 51),
    "state unknown": lambda: validate_field("state", "Atlantis"),
    "state empty": lambda: validate_field("state", ""),
    "city long": lambda: validate_field("city", "x" * 51),
    "district long": lambda: validate_field("district", "x" * 51),
    "address empty": lambda: validate_field("address", " "),
    "address short": lambda: validate_field("address", "ab"),
    "address long": lambda: validate_field("address", "x" * 201),
    "receiver missing": lambda: build_receiver(**{**GOOD_RECEIVER, "name": None}),
    "receiver left out": lambda: build_receiver(mobile="13812345678"),
    "receiver not text": lambda: build_receiver(**{**GOOD_RECEIVER, "phone": [1]}),
    "link text": lambda: parse_product_ref("hello"),
    "link weidian": lambda: parse_product_ref("https://weidian.com/item.html?itemID=1234567"),
    "link other shop": lambda: parse_product_ref("https://example.com/x"),
    "link shop page": lambda: parse_product_ref("https://shop.taobao.com/"),
    "link short id": lambda: parse_product_ref("12345"),
    "link token": lambda: parse_product_ref("¥AbCdEf12345¥"),
    "draft no line": lambda: Draft().remove_line(0),
    "draft full": _full_draft,
    "draft budget negative": lambda: Draft().validate_budget(-1),
    "draft budget low": lambda: Draft(lines=[_line(price_fen=1000)]).validate_budget(500),
    "seller no empty": lambda: validate_seller_order_number(" "),
    "seller no long": lambda: validate_seller_order_number("x" * 33),
    "seller no chars": lambda: validate_seller_order_number("a b"),
    "order source": lambda: validate_order_source("ebay"),
    "tracking empty": lambda: parse_tracking_number(" ", "SF"),
    "tracking long": lambda: parse_tracking_number("1" * 65, "SF"),
    "tracking chars": lambda: parse_tracking_number("SF12345678901#", "SF"),
    "tracking shape": lambda: parse_tracking_number("12345", "SF", "顺丰速运"),
    "search empty": lambda: search_keyword(" \u200b "),
    "search too long": lambda: search_keyword("词" * 101),
    "search range": lambda: parse_price_range("cheap please"),
    "search range empty": lambda: parse_price_range(""),
    "image not an image": lambda: bot.search_images.prepare(b"%PDF-1.4"),
    "image too big": lambda: bot.search_images.prepare(b"x" * (10 * 1024 * 1024 + 1)),
    "image too many pixels": lambda: bot.search_images.prepare(_huge_png()),
    # shipping abroad: countries, currencies, the receiver abroad
    "country name empty": lambda: find_country(" "),
    "country name unknown": lambda: find_country("Narnia"),
    "currency unknown": lambda: check_code("XYZ"),
    "currency not amount": lambda: currency_amount("1,5", "USD"),
    "currency too precise": lambda: currency_amount("1.234", "USD"),
    "receiver country unknown": lambda: validate_field("country", "Narnia", strict=True),
    "receiver zip shape": lambda: validate_field(
        "zip", "9160", country="United States", strict=True
    ),
    "abroad country unknown": lambda: check_destination("XX"),
    "abroad country china": lambda: check_destination("CN"),
    "abroad mobile empty": lambda: validate_abroad_field("mobile", "", "VN"),
    "abroad mobile letters": lambda: validate_abroad_field("mobile", "abc", "VN"),
    "abroad mobile of another country": lambda: validate_abroad_field(
        "mobile", "+66 81 234 5678", "VN"
    ),
    "abroad mobile not of the country": lambda: validate_abroad_field("mobile", "12345", "US"),
    "abroad zip needed": lambda: validate_abroad_field("zip", "", "US"),
    "abroad zip shape": lambda: validate_abroad_field("zip", "9160", "US"),
    "abroad state empty": lambda: validate_abroad_field("state", "", "US"),
    "abroad state unknown": lambda: validate_abroad_field("state", "Calif", "US"),
    "abroad tax id needed": lambda: validate_abroad_field("tax_id", "", "BR"),
    "abroad tax id invalid": lambda: validate_abroad_field("tax_id", "123", "BR"),
    "abroad email": lambda: validate_abroad_field("email", "nope", "US"),
    "abroad name symbols": lambda: validate_abroad_field("name", "!!!", "US"),
    "abroad street short": lambda: validate_abroad_field("address1", "ab", "US"),
}


def _huge_png() -> bytes:
    """A small file of a great many pixels (what a decompression bomb looks like)."""
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")
    return out.getvalue()


def _raise(action: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        action()
    return caught.value


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_real_domain_error_renders_in_both_languages(case):
    error = _raise(BAD_INPUTS[case])
    key = f"err.{error.code}"
    assert has(key), f"{error!r} has no message"
    english = t("en", key, **error.params)
    chinese = t("zh", key, **error.params)
    for text in (english, chinese):
        assert text != key
        assert "{" not in text and "}" not in text
        assert html_problems(text) == []
    assert CJK_RE.search(chinese)


def test_the_sample_reaches_every_literal_code():
    # codes raised outside bot/domain need the network; test_short_links.py reaches those
    domain_codes = {
        site.pattern
        for site in SITES
        if "*" not in site.pattern and not site.where.startswith("short_links.py")
    }
    reached = {_raise(action).code for action in BAD_INPUTS.values()}
    assert sorted(domain_codes - reached) == []


def test_a_pasted_line_error_names_the_line_in_chinese():
    error = _raise(lambda: parse_order_lines("612345 s1 1\n612345 s2 two"))
    assert error.params["cause"] == "quantity.not_a_number"
    assert t("zh", f"err.{error.code}", **error.params).startswith("第 2 行：")


def test_user_text_in_an_error_is_escaped():
    error = _raise(lambda: parse_quantity("<b>&"))
    assert "“&lt;b&gt;&amp;”" in t("zh", f"err.{error.code}", **error.params)
