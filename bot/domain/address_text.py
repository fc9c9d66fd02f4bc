"""Pull receiver fields out of a pasted address block; `receiver.parse_address_block` validates.

Handles the three shapes people paste:
- one line, Chinese order: `张三 13812345678 浙江省杭州市余杭区文一西路969号 311121`;
- labelled lines: `Name: …` / `收货人：…` / `手机号码：…` / `所在地区：…` / `详细地址：…`;
- English, comma separated: `Zhang San, +86 138 1234 5678, 969 Wenyi West Rd, Yuhang District,
  Hangzhou, Zhejiang 311121`.
Only what is found is returned; the caller asks for the rest.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from bot.domain.abroad import rules, validate_state
from bot.domain.countries import CountryError, country_name, find_country
from bot.domain.errors import InputError
from bot.domain.regions import province_for, split_region

_LABELS = {
    "name": (
        "name",
        "full name",
        "fullname",
        "receiver",
        "recipient",
        "consignee",
        "contact",
        "姓名",
        "收件人",
        "收货人",
        "联系人",
        "收件人姓名",
        "收货人姓名",
    ),
    "mobile": (
        "mobile",
        "mobile phone",
        "phone",
        "phone number",
        "tel",
        "telephone",
        "cell",
        "whatsapp",
        "手机",
        "手机号",
        "手机号码",
        "电话",
        "联系电话",
        "电话号码",
        "联系方式",
    ),
    "phone": ("landline", "座机", "固定电话", "固话"),
    "region": ("region", "area", "所在地区", "地区", "省市区", "所在地"),
    "address": (
        "address",
        "street",
        "street address",
        "address line",
        "detailed address",
        "detail",
        "地址",
        "详细地址",
        "收货地址",
        "街道地址",
        "收件地址",
    ),
    "zip": (
        "zip",
        "zip code",
        "zipcode",
        "postcode",
        "post code",
        "postal code",
        "邮编",
        "邮政编码",
    ),
    "country": ("country", "国家", "国家/地区"),
    "state": ("state", "province", "省", "省份"),
    "city": ("city", "市", "城市"),
    "district": ("district", "county", "区", "区县", "县区"),
}
_LABEL_TO_FIELD = {label: field for field, labels in _LABELS.items() for label in labels}
_LABELLED_LINE_RE = re.compile(r"^\s*(?P<label>[^:\n]{1,20}?)\s*:\s*(?P<value>.*?)\s*$")
_INLINE_ZIP_RE = re.compile(
    r"(?:邮编|邮政编码|zip|postcode)\s*:?\s*(?P<zip>[0-9]{6})(?![0-9])", re.I
)
_CN_ZIP_RE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
# Digits that were meant as a phone number but are not a valid one (too short, too long…): 7 or
# more digits, maybe with a + or 00 and single spaces or dashes. Looked for after the zip is out,
# so they are reported as a bad mobile instead of ending up in the street.
_PHONE_LIKE_RE = re.compile(r"(?<![0-9A-Za-z])(?:\+|00)?[0-9](?:[ -]?[0-9]){6,17}(?![0-9A-Za-z])")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CJK_SEPARATORS = re.compile(r"[\s,;、|]+")
_LATIN_SEPARATORS = re.compile(r"\s*[,;\n]+\s*")
# A Chinese token with any of these is part of the address, not a name.
_ADDRESS_MARKERS = re.compile(r"[0-9省市区县镇乡村路街道巷弄号楼栋室幢单元]")
_CHINESE_NAME_MAX = 6
_LATIN_DISTRICT_RE = re.compile(r"\b(district|qu|county|xian)$", re.I)
_LATIN_CITY_RE = re.compile(r"\b(city|shi)$", re.I)
_CHINA_WORDS = frozenset({"china", "prc", "中国", "中华人民共和国", "mainland china"})
_STREET_WORDS = re.compile(
    r"\b(road|rd|street|st|avenue|ave|lane|ln|building|bldg|floor|room|unit|no|lu|jie|hao)\b", re.I
)


def _labelled(text: str) -> tuple[dict[str, str], str]:
    """Take `label: value` lines out; return the fields found and the unlabelled rest."""
    found: dict[str, str] = {}
    rest: list[str] = []
    for line in text.splitlines():
        match = _LABELLED_LINE_RE.match(line)
        label = re.sub(r"\s+", " ", match["label"].strip().lower()) if match else ""
        field = _LABEL_TO_FIELD.get(label)
        if match is None or field is None:
            rest.append(line)
        elif match["value"]:
            found.setdefault(field, match["value"])
    return found, "\n".join(rest)


def _take_numbers(text: str) -> tuple[str | None, str | None, str]:
    """(mobile E.164, landline as written, text without them)."""
    mobile = landline = None
    spans: list[tuple[int, int]] = []
    for match in PhoneNumberMatcher(text, "CN", leniency=Leniency.VALID):
        kind = phonenumbers.number_type(match.number)
        if mobile is None and kind in (
            PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            mobile = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        elif landline is None and kind == PhoneNumberType.FIXED_LINE:
            landline = match.raw_string
        else:
            continue
        spans.append((match.start, match.end))
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return mobile, landline, text


def _take_phone_like(text: str) -> tuple[str | None, str]:
    """(the first run of digits that looks like a phone number, text without it)."""
    match = _PHONE_LIKE_RE.search(text)
    if match is None:
        return None, text
    return match.group(0), text[: match.start()] + " " + text[match.end() :]


def _take_zip(text: str) -> tuple[str | None, str]:
    match = _INLINE_ZIP_RE.search(text)
    if match is not None:
        return match["zip"], text[: match.start()] + " " + text[match.end() :]
    matches = list(_CN_ZIP_RE.finditer(text))
    if not matches:
        return None, text
    last = matches[-1]  # the zip closes an address; house numbers come earlier
    return last.group(0), text[: last.start()] + " " + text[last.end() :]


def _is_chinese_address_part(token: str) -> bool:
    if _ADDRESS_MARKERS.search(token) or len(token) > _CHINESE_NAME_MAX:
        return True
    split = split_region(token)
    return bool(split.state or split.city or split.country_named)


def _chinese_fields(text: str) -> dict[str, str]:
    tokens = [t for t in _CJK_SEPARATORS.split(text) if t]
    found: dict[str, str] = {}
    name_at: list[int] = []
    for index, token in enumerate(tokens):
        if _is_chinese_address_part(token):
            if name_at:
                break
            continue
        if not name_at:
            name_at.append(index)
        elif _CJK_RE.search(token) is None and _CJK_RE.search(tokens[name_at[-1]]) is None:
            name_at.append(index)  # a Latin name in Chinese text: "Zhang San"
        else:
            break
    if name_at:
        found["name"] = " ".join(tokens[i] for i in name_at)
    address_text = " ".join(t for i, t in enumerate(tokens) if i not in name_at)
    split = split_region(address_text)
    for field in ("state", "city", "district"):
        value = getattr(split, field)
        if value:
            found[field] = value
    if split.rest:
        found["address"] = split.rest
    if split.country_named:
        found["country"] = "中国"
    return found


def _latin_fields(text: str, *, expect_name: bool = True) -> dict[str, str]:
    tokens = [t for t in _LATIN_SEPARATORS.split(text) if t.strip()]
    found: dict[str, str] = {}
    rest: list[str] = []
    province_index = None
    for index, token in enumerate(tokens):
        province = province_for(token)
        if token.strip().lower() in _CHINA_WORDS:
            found["country"] = "中国"
        elif province is not None and "state" not in found:
            found["state"] = province.name
            province_index = index
            if province.municipality:
                found["city"] = province.name
        elif _LATIN_DISTRICT_RE.search(token) and "district" not in found:
            found["district"] = token
        elif _LATIN_CITY_RE.search(token) and "city" not in found:
            found["city"] = token
        elif (
            expect_name
            and "name" not in found
            and not rest
            and not re.search(r"[0-9]", token)
            and not _STREET_WORDS.search(token)
        ):
            found["name"] = token
        else:
            rest.append(token)
    # "…, Hangzhou, Zhejiang": the plain word right before the province is its city.
    if province_index and "city" not in found:
        before = tokens[province_index - 1]
        if before in rest and not re.search(r"[0-9]", before):
            found["city"] = before
            rest.remove(before)
    if rest:
        found["address"] = ", ".join(rest)
    if "state" in found:
        found.setdefault("country", "中国")
    return found


def _region_fields(text: str) -> dict[str, str]:
    """state/city/district/address (and country when sure) from a labelled address value."""
    if _CJK_RE.search(text) is None:
        return _latin_fields(text, expect_name=False)
    split = split_region(text)
    found = {f: v for f in ("state", "city", "district") if (v := getattr(split, f))}
    if split.rest:
        found["address"] = split.rest
    if split.state or split.country_named:
        found["country"] = "中国"
    return found


def extract_address_fields(text: str) -> dict[str, str]:
    """Raw field values found in `text` (keys are receiver field names). `mobile` is E.164 when
    a valid mobile was found, else the digits that look like one, as written."""
    normalized = unicodedata.normalize("NFKC", text or "").replace("\r", "")
    labelled, rest = _labelled(normalized)
    mobile, landline, rest = _take_numbers(rest)
    zip_code, rest = _take_zip(rest) if "zip" not in labelled else (None, rest)
    if mobile is None:  # an invalid number: kept as the mobile, so its check says what is wrong
        mobile, rest = _take_phone_like(rest)

    chinese = _CJK_RE.search(rest) is not None
    found = _chinese_fields(rest) if chinese else _latin_fields(rest)
    if chinese and rest.strip():
        found.setdefault("country", "中国")

    if mobile:
        found["mobile"] = mobile
    if landline:
        found["phone"] = landline
    if zip_code:
        found["zip"] = zip_code
    if mobile and mobile.startswith("+86"):
        found.setdefault("country", "中国")

    # Labelled values win; a labelled region/address is split like free text.
    region_text = " ".join(labelled.pop(k) for k in ("region", "address") if k in labelled)
    if region_text:
        for field, value in _region_fields(region_text).items():
            if field == "address" or field not in labelled:
                labelled[field] = value
    if "mobile" in labelled and "phone" not in labelled:
        # "Phone: …" usually means the mobile; a landline there goes to phone.
        numbers = _take_numbers(labelled["mobile"])
        if numbers[0]:
            labelled["mobile"] = numbers[0]
        elif numbers[1]:
            labelled["phone"] = labelled.pop("mobile")
    found.update(labelled)
    return {field: value.strip() for field, value in found.items() if value and value.strip()}


# --- addresses outside China ----------------------------------------------------------------
# Kept apart from the Chinese parsing above: a pasted block with a country other than China (or
# a foreign mobile) is split into lines and commas, and each part is recognised by its shape
# for that country — the state from Google's address data, the postal code by the country's
# own pattern, the district by its local word (Quận, Huyện, Kecamatan, Khet…).

_FOREIGN_SPLIT = re.compile(r"\s*(?:\n|,|;)\s*")
_DISTRICT_WORDS = re.compile(
    r"^(quận|quan|q\.|huyện|huyen|district|kecamatan|kec\.|khet|amphoe|barangay|brgy\.?)\b",
    re.I,
)
_CITY_PREFIX = re.compile(r"^(thành phố|thanh pho|tp\.?|city of|kota)\s+", re.I)
_TRAILING_ZIP = re.compile(r"^(?P<rest>.*?)[\s,]*(?P<zip>[0-9]{3,6}(?:-[0-9]{3,4})?)$")


def foreign_country_of(text: str) -> str | None:
    """The ISO code of a non-Chinese country a pasted block names (by name, in a line or a part
    of one), or else of its international mobile number; None for neither."""
    normalized = unicodedata.normalize("NFKC", text or "")
    for part in _FOREIGN_SPLIT.split(normalized):
        for candidate in (part, _TRAILING_ZIP.sub(r"\g<rest>", part)):
            if len(candidate.strip()) <= 2:  # CA, IN, ME: a state or a word as often as not
                continue
            try:
                code = find_country(candidate.strip())
            except CountryError:
                code = None
            if code and code != "CN":
                return code
    for match in PhoneNumberMatcher(normalized, None, leniency=Leniency.VALID):
        region = phonenumbers.region_code_for_number(match.number)
        if region and region != "CN":
            return region
    return None


def extract_foreign_address_fields(text: str, country: str) -> dict[str, str]:
    """Fields of an address in `country` (ISO code): name, mobile (E.164), address, district,
    city, state, zip, and country (its English name). Only what is recognised is returned."""
    normalized = unicodedata.normalize("NFKC", text or "").replace("\r", "")
    labelled, rest = _labelled(normalized)
    found: dict[str, str] = {"country": country_name(country)}
    spans = []
    for match in PhoneNumberMatcher(rest, country, leniency=Leniency.VALID):
        if "mobile" not in found:
            found["mobile"] = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
        spans.append((match.start, match.end))
    for start, end in reversed(spans):
        rest = rest[:start] + "\n" + rest[end:]
    matchers = rules(country).postal_code_matchers

    def is_zip(value: str) -> bool:
        return bool(matchers) and all(m.match(value) for m in matchers)

    def as_state(value: str) -> str | None:
        try:
            state = validate_state(value, country)
        except InputError:
            return None
        known = {value for choice in rules(country).country_area_choices for value in choice}
        return state if state in known else None

    street: list[str] = []
    for raw in _FOREIGN_SPLIT.split(rest):
        part = raw.strip(" .")
        if not part:
            continue
        with contextlib.suppress(CountryError):
            if find_country(_TRAILING_ZIP.sub(r"\g<rest>", part) or part) == country:
                tail = _TRAILING_ZIP.match(part)
                if tail and is_zip(tail["zip"]):
                    found.setdefault("zip", tail["zip"])
                continue
        tail = _TRAILING_ZIP.match(part)
        if tail and "zip" not in found and (is_zip(tail["zip"]) or tail["rest"].strip()):
            # "CA 91607", "Vietnam 700000": a postal code closes the line; one of the wrong
            # shape is taken too, so the check names it instead of leaving it in the street
            found["zip"] = tail["zip"]
            part = tail["rest"].strip(" ,")
            if not part:
                continue
        words = part.split()
        if "state" not in found and (state := as_state(part)):
            found["state"] = state
            if _CITY_PREFIX.match(part):  # a city with the rank of a province (Hồ Chí Minh)
                found.setdefault("city", _CITY_PREFIX.sub("", part))
            continue
        if "state" not in found and len(words) > 1 and (state := as_state(words[-1])):
            found["state"] = state  # "Studio City CA"
            part = " ".join(words[:-1])
        if _DISTRICT_WORDS.match(part) and "district" not in found:
            found["district"] = part
        elif _CITY_PREFIX.match(part) and "city" not in found:
            found["city"] = _CITY_PREFIX.sub("", part)
        elif "name" not in found and not street and not re.search(r"[0-9]", part):
            found["name"] = part
        elif "state" in found and "city" not in found and not re.search(r"[0-9]", part):
            found["city"] = part
        else:
            street.append(part)
    if (
        "city" not in found
        and "state" in found
        and len(street) > 1
        and not re.search(r"[0-9]", street[-1])
    ):
        found["city"] = street.pop()  # "…, Studio City, CA 91607"
    if street:
        found["address"] = ", ".join(street)
    for field, value in labelled.items():
        found[field] = value
    return {field: value.strip() for field, value in found.items() if value and value.strip()}
