"""Product references: whatever a user pastes (link, share text, agent link, bare id) → ProductRef.

Pure parsing: short links are recognised, not followed. The bot follows the redirect itself and
then calls `item_id_from_resolved_url` on where it landed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from bot.domain.errors import InputError

Platform = Literal["taobao", "1688"]

MIN_ID_DIGITS = 6
MAX_ID_DIGITS = 20

# Hosts whose links only redirect to the item: the id is not in the URL.
SHORT_LINK_HOSTS: Mapping[str, Platform] = MappingProxyType(
    {
        "m.tb.cn": "taobao",
        "e.tb.cn": "taobao",
        "tb.cn": "taobao",
        "s.click.taobao.com": "taobao",
        "s.click.tmall.com": "taobao",
        "uland.taobao.com": "taobao",
        "uland.tmall.com": "taobao",
        "qr.1688.com": "1688",
    }
)

_TAOBAO_DOMAINS = ("taobao.com", "tmall.com", "tmall.hk", "tb.cn")
_1688_DOMAINS = ("1688.com",)
_WEIDIAN_DOMAINS = ("weidian.com", "youshop10.com", "vdian.com", "koudai.com")
# Agents are recognised by link shape, not by host; these only let a scheme-less link be found.
_AGENT_DOMAINS = (
    "cssbuy.com",
    "cnfans.com",
    "oopbuy.com",
    "hoobuy.com",
    "joyabuy.com",
    "sugargoo.com",
)

# Stop at whitespace, CJK ideographs and punctuation, full-width forms, quotes and emoji: share
# text glues titles and 口令 onto the link.
_URL_STOP = (
    r"\s<>\"'`"
    r"\u2000-\u206f\u20a0-\u20cf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
    r"\U0001f000-\U0001faff"
)
_URL_RE = re.compile(rf"https?://[^{_URL_STOP}]+", re.IGNORECASE)
_KNOWN_DOMAINS = _TAOBAO_DOMAINS + _1688_DOMAINS + _WEIDIAN_DOMAINS + _AGENT_DOMAINS
_BARE_HOST_RE = re.compile(
    r"(?<![\w.@/-])((?:[a-z0-9-]+\.)*(?:"
    + "|".join(re.escape(d) for d in _KNOWN_DOMAINS)
    + rf")(?:[/?#][^{_URL_STOP}]*)?)(?![\w.-])",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\"*"
# 淘口令 without a link: ¥AbCdEf12345¥, €g1IVbaMXxxK€, (AbCdEfGh123) …
_TOKEN_RE = re.compile(r"([€¥￥$₤₳¢₴₰₵₲₱£])[A-Za-z0-9]{8,14}\1")

_DIGITS_RE = re.compile(r"^[0-9]+$")
_PLATFORM_WORDS: Mapping[str, Platform | Literal["weidian"]] = MappingProxyType(
    {
        "taobao": "taobao",
        "tb": "taobao",
        "tmall": "taobao",
        "淘宝": "taobao",
        "天猫": "taobao",
        "1688": "1688",
        "ali1688": "1688",
        "alibaba": "1688",
        "阿里巴巴": "1688",
        "weidian": "weidian",
        "微店": "weidian",
    }
)
_PREFIXED_ID_RE = re.compile(
    r"^(?P<word>[a-z\u4e00-\u9fff]+|1688)(?P<sep>[\s:#/=-]*)"
    r"(?:(?:item|offer)?\s*id\s*[:#=]?\s*)?(?P<id>[0-9]+)$"
)
_LABELLED_ID_RE = re.compile(r"^(?:(?:item|offer)?\s*id\s*[:#=]?\s*|#)(?P<id>[0-9]+)$")

# Agent link shapes.
_CSSBUY_RE = re.compile(r"item-(?:(?P<kind>1688|micro)-)?(?P<id>[0-9]+)\.html?$")
_OOPBUY_PATH_RE = re.compile(r"/product/(?P<kind>1|1688|weidian)/(?P<id>[0-9]+)")
_HOOBUY_PATH_RE = re.compile(r"/product/(?P<kind>0|1|2)/(?P<id>[0-9]+)")
_AGENT_KIND: Mapping[str, Platform | Literal["weidian"]] = MappingProxyType(
    {
        "taobao": "taobao",
        "tmall": "taobao",
        "tb": "taobao",
        "1688": "1688",
        "ali_1688": "1688",
        "ali1688": "1688",
        "alibaba": "1688",
        "weidian": "weidian",
        "wd": "weidian",
        "micro": "weidian",
    }
)
_AGENT_KIND_KEYS = ("platform", "shop_type", "shoptype", "channelid", "channel", "source")
_AGENT_ID_KEYS = ("id", "itemid", "item_id", "spuno", "goodsid", "productid", "offerid")
_TAOBAO_ID_KEYS = ("id", "itemid", "item_id", "num_iid")
_1688_ID_KEYS = ("offerid", "offer_id", "id")
_TAOBAO_PATH_RE = re.compile(r"/(?:item/|i)(?P<id>[0-9]+)\.html?$")
_1688_PATH_RE = re.compile(r"/offer/(?P<id>[0-9]+)\.html?$")
_MAX_NESTING = 3


class LinkError(InputError):
    """Text that does not name a Taobao/1688 product we can order."""


@dataclass(frozen=True, slots=True)
class ProductRef:
    """What the user pointed at. Exactly one of `item_id` and `short_url` is set."""

    platform: Platform | None
    item_id: str | None
    short_url: str | None = None
    source_url: str | None = None

    @property
    def needs_resolution(self) -> bool:
        """A short link: the bot must follow its redirect to learn the item id."""
        return self.short_url is not None

    @property
    def is_ambiguous(self) -> bool:
        """A bare id: the bot must ask which platform it belongs to."""
        return self.item_id is not None and self.platform is None


def _host_of(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 literal
        return ""
    return host[4:] if host.startswith("www.") else host


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _query(query: str) -> dict[str, list[str]]:
    # HTML-escaped ampersands come from copying links out of web pages.
    params = parse_qs(query.replace("&amp;", "&"), keep_blank_values=False)
    return {key.lower(): values for key, values in params.items()}


def _numeric_param(params: Mapping[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        for value in params.get(key, []):
            value = value.strip()
            if _DIGITS_RE.match(value) and MIN_ID_DIGITS <= len(value) <= MAX_ID_DIGITS:
                return value
    return None


def _unsupported(url: str, platform: str) -> LinkError:
    return LinkError(
        "link.unsupported",
        f"Only Taobao, Tmall and 1688 products can be ordered; this link is from {platform}.",
        {"platform": platform, "url": url},
    )


def _no_item_id(url: str, platform: str) -> LinkError:
    return LinkError(
        "link.no_item_id",
        "This link does not point at a single product. Open the product page and copy its link.",
        {"platform": platform, "url": url},
    )


def _from_kind(kind: str, item_id: str, url: str) -> ProductRef:
    platform = _AGENT_KIND[kind]
    if platform == "weidian":
        raise _unsupported(url, "weidian")
    return ProductRef(platform=platform, item_id=item_id, source_url=url)


def _embedded_ref(params: Mapping[str, list[str]], url: str, depth: int) -> ProductRef | None:
    """Agents and login pages carry the real product link in a parameter (url=, productLink=)."""
    for values in params.values():
        for value in values:
            inner = value.strip()
            for _ in range(_MAX_NESTING):  # links may be encoded more than once
                if re.match(r"^https?://", inner, re.IGNORECASE):
                    break
                inner = unquote(inner)
            if re.match(r"^https?://", inner, re.IGNORECASE):
                ref = _ref_from_url(inner, depth + 1)
                if ref is not None:
                    return ProductRef(ref.platform, ref.item_id, ref.short_url, url)
    return None


def _agent_ref(
    url: str, host: str, path: str, params: Mapping[str, list[str]]
) -> ProductRef | None:
    if _on_domain(host, ("cssbuy.com",)) and (m := _CSSBUY_RE.search(path)):
        return _from_kind(m["kind"] or "taobao", m["id"], url)
    if _on_domain(host, ("oopbuy.com",)):
        if m := _OOPBUY_PATH_RE.search(path):
            return _from_kind("taobao" if m["kind"] == "1" else m["kind"], m["id"], url)
        channel = (params.get("channelid") or [""])[0].lower()
        item_id = _numeric_param(params, ("spuno",))
        if item_id and channel in ("1", "1688", "weidian"):
            return _from_kind("taobao" if channel == "1" else channel, item_id, url)
    if _on_domain(host, ("hoobuy.com",)) and (m := _HOOBUY_PATH_RE.search(path)):
        return _from_kind({"0": "1688", "1": "taobao", "2": "weidian"}[m["kind"]], m["id"], url)
    # CNFans (?id=&platform=), JoyaBuy and others (?shop_type=&id=).
    item_id = _numeric_param(params, _AGENT_ID_KEYS)
    if item_id:
        for key in _AGENT_KIND_KEYS:
            kind = (params.get(key) or [""])[0].strip().lower()
            if kind in _AGENT_KIND:
                return _from_kind(kind, item_id, url)
    return None


def _ref_from_url(url: str, depth: int = 0) -> ProductRef | None:
    """ProductRef for a product URL; None when the URL names no product; LinkError when the
    product is on a platform we cannot order from."""
    if depth > _MAX_NESTING:
        return None
    host = _host_of(url)
    if not host:
        return None
    parts = urlsplit(url)
    path = parts.path
    params = _query(parts.query)
    # Hash routers (Sugargoo: #/home/productDetail?productLink=…) keep their query in the fragment.
    fragment = parts.fragment
    if "?" in fragment:
        params = {**_query(fragment.split("?", 1)[1]), **params}

    if host in SHORT_LINK_HOSTS:
        platform = SHORT_LINK_HOSTS[host]
        # Affiliate links sometimes carry the id anyway (uland …?itemId=).
        item_id = _numeric_param(params, ("itemid", "item_id", "offerid"))
        if item_id:
            return ProductRef(platform=platform, item_id=item_id, source_url=url)
        return ProductRef(platform=platform, item_id=None, short_url=url, source_url=url)
    if _on_domain(host, _1688_DOMAINS):
        m = _1688_PATH_RE.search(path)
        item_id = m["id"] if m else _numeric_param(params, _1688_ID_KEYS)
        if item_id:
            return ProductRef(platform="1688", item_id=item_id, source_url=url)
        return _embedded_ref(params, url, depth)
    if _on_domain(host, _TAOBAO_DOMAINS):
        item_id = _numeric_param(params, _TAOBAO_ID_KEYS)
        if item_id is None and (m := _TAOBAO_PATH_RE.search(path)):
            item_id = m["id"]
        if item_id:
            return ProductRef(platform="taobao", item_id=item_id, source_url=url)
        return _embedded_ref(params, url, depth)
    if _on_domain(host, _WEIDIAN_DOMAINS):
        raise _unsupported(url, "weidian")
    return _agent_ref(url, host, path, params) or _embedded_ref(params, url, depth)


def _platform_of_host(host: str) -> str | None:
    if host in SHORT_LINK_HOSTS:
        return SHORT_LINK_HOSTS[host]
    if _on_domain(host, _1688_DOMAINS):
        return "1688"
    if _on_domain(host, _TAOBAO_DOMAINS):
        return "taobao"
    return None


def extract_first_url(text: str) -> str | None:
    """The first link in pasted text (with or without `https://`), trailing punctuation removed."""
    match = _URL_RE.search(text)
    if match is not None:
        url = match.group(0)
    else:
        bare = _BARE_HOST_RE.search(text)
        if bare is None:
            return None
        url = "https://" + bare.group(1)
    url = url.rstrip(_TRAILING_PUNCTUATION)
    return url if _host_of(url) else None


def _ref_from_bare_id(text: str) -> ProductRef | None:
    normalized = unicodedata.normalize("NFKC", text).strip().lower()
    platform: Platform | None = None
    digits: str | None = None
    if _DIGITS_RE.match(normalized):
        digits = normalized
    elif m := _LABELLED_ID_RE.match(normalized):
        digits = m["id"]
    elif m := _PREFIXED_ID_RE.match(normalized):
        word = m["word"]
        # "1688624139032536" is one long id, not the 1688 prefix: a number prefix needs a gap.
        if word in _PLATFORM_WORDS and (word != "1688" or m["sep"]):
            kind = _PLATFORM_WORDS[word]
            if kind == "weidian":
                raise _unsupported(text.strip(), "weidian")
            platform, digits = kind, m["id"]
    if digits is None:
        return None
    if not MIN_ID_DIGITS <= len(digits) <= MAX_ID_DIGITS:
        raise LinkError(
            "link.bad_id",
            f"A product ID has {MIN_ID_DIGITS} to {MAX_ID_DIGITS} digits; "
            f"“{digits[:30]}” has {len(digits)}.",
            {"id": digits[:30], "digits": len(digits)},
        )
    return ProductRef(platform=platform, item_id=digits)


def parse_product_ref(text: str) -> ProductRef:
    """Find the product in a link, share text (淘口令), agent link or bare ID.

    Raises LinkError: `link.not_found` (nothing that names a product), `link.no_item_id` (a
    Taobao/1688 link that is not a product page), `link.unsupported` (Weidian or another shop),
    `link.bad_id` (an ID of the wrong length), `link.token_only` (a 口令 without its link).
    """
    text = text or ""
    url = extract_first_url(text)
    if url is not None:
        ref = _ref_from_url(url)
        if ref is not None:
            return ref
        platform = _platform_of_host(_host_of(url))
        if platform is not None:
            raise _no_item_id(url, platform)
        raise _unsupported(url, _host_of(url))
    ref = _ref_from_bare_id(text)
    if ref is not None:
        return ref
    if _TOKEN_RE.search(text):
        raise LinkError(
            "link.token_only",
            "This share code has no link in it. In the app, choose “Copy link” and paste that.",
        )
    raise LinkError(
        "link.not_found",
        "No product link or ID found. Paste a Taobao, Tmall or 1688 product link, "
        "the app's share text, or the product ID.",
    )


def item_id_from_resolved_url(url: str) -> str | None:
    """The item id in the URL a short link redirected to; None when there is none (login
    page, shop page, another short link)."""
    try:
        ref = _ref_from_url(url.strip())
    except LinkError:
        return None
    return ref.item_id if ref is not None else None
