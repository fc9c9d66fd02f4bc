"""Follow share short links (m.tb.cn, qr.1688.com, …) to the product they point at.

Only the redirect chain is read: each hop's Location header (or, for pages that redirect with
script, a product URL in the body) is parsed, and the product page itself is never fetched.
"""

from __future__ import annotations

import logging
import re

import httpx

from bot.domain.errors import InputError
from bot.domain.links import SHORT_LINK_HOSTS, ProductRef, item_id_from_resolved_url

log = logging.getLogger(__name__)

MAX_HOPS = 5
_URL_IN_BODY = re.compile(r"https?://[^\s\"'<>\\]+")


class ShortLinkError(InputError):
    """The short link could not be followed (offline, dead link, or no product behind it)."""


def _is_short_link(url: str) -> bool:
    return (httpx.URL(url).host or "").lower() in SHORT_LINK_HOSTS


async def resolve_short_link(short: ProductRef, *, timeout: float = 5.0) -> ProductRef:
    """The product behind `short` (a ref with `short_url` set), found by following redirects."""
    url = short.short_url or ""

    def found(item_id: str) -> ProductRef:
        return ProductRef(platform=short.platform, item_id=item_id, source_url=url)

    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as http:
        current = url
        for _ in range(MAX_HOPS):
            item_id = item_id_from_resolved_url(current)
            if item_id:
                return found(item_id)
            try:
                response = await http.get(current, headers={"User-Agent": "Mozilla/5.0 orderbot"})
            except httpx.HTTPError as exc:
                log.info("short link %s could not be followed: %r", url, exc)
                raise ShortLinkError(
                    "link.short_unreachable",
                    "I could not open that short link from here.",
                    {"url": url},
                ) from exc
            location = response.headers.get("location")
            if response.is_redirect and location:
                current = str(response.url.join(location))
                if item_id_from_resolved_url(current) or _is_short_link(current):
                    continue
                break  # a login or landing page: no product behind this link
            for candidate in _URL_IN_BODY.findall(response.text[:200_000]):
                item_id = item_id_from_resolved_url(candidate)
                if item_id:
                    return found(item_id)
            break
    raise ShortLinkError(
        "link.short_no_product", "That short link does not lead to a product.", {"url": url}
    )
