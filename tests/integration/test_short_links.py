"""Following share short links, through a local HTTP proxy standing in for the internet."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.domain.links import parse_product_ref
from bot.i18n import t
from bot.short_links import ShortLinkError, resolve_short_link
from sandbox.serving import serve_in_background

PAGES = {
    "/h.redirect": RedirectResponse("https://item.taobao.com/item.htm?id=653211874520", 302),
    "/h.twohops": RedirectResponse("http://m.tb.cn/h.redirect", 302),
    "/h.script": HTMLResponse(
        "<script>var url = 'https://a.m.taobao.com/i655012948812.htm?sm=1';</script>"
    ),
    "/h.login": RedirectResponse("https://login.taobao.com/member/login.jhtml", 302),
    "/s/offer": RedirectResponse("https://detail.1688.com/offer/706627393257.html", 302),
}


async def _proxy(scope, receive, send) -> None:
    """A forward proxy receives absolute URLs (`http://m.tb.cn/h.x`); answer by their path."""
    if scope["type"] != "http":
        return
    page = PAGES.get(urlsplit(scope["path"]).path) or Response(status_code=404)
    await page(scope, receive, send)


@pytest.fixture
async def internet(monkeypatch):
    """Route plain-http requests through a local proxy that answers like the short-link hosts."""
    server = await serve_in_background(_proxy)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("NO_PROXY", "")
    yield server
    await server.stop()


@pytest.mark.parametrize(
    ("link", "platform", "item_id"),
    [
        ("http://m.tb.cn/h.redirect", "taobao", "653211874520"),
        ("http://m.tb.cn/h.twohops", "taobao", "653211874520"),
        ("http://m.tb.cn/h.script", "taobao", "655012948812"),
        ("http://qr.1688.com/s/offer", "1688", "706627393257"),
    ],
)
async def test_short_links_are_followed_to_the_product(internet, link, platform, item_id):
    short = parse_product_ref(f"【好物】{link} 点击链接直接打开")
    assert short.needs_resolution and short.platform == platform
    resolved = await resolve_short_link(short)
    assert (resolved.platform, resolved.item_id) == (platform, item_id)


async def test_a_short_link_to_no_product_is_explained(internet):
    with pytest.raises(ShortLinkError) as info:
        await resolve_short_link(parse_product_ref("http://m.tb.cn/h.login"))
    assert info.value.code == "link.short_no_product"


async def test_offline_short_link_is_explained(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(ShortLinkError) as info:
        await resolve_short_link(parse_product_ref("http://m.tb.cn/h.redirect"), timeout=2)
    assert info.value.code == "link.short_unreachable"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_short_link_errors_read_well_in_both_languages(monkeypatch, lang):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    with pytest.raises(ShortLinkError) as info:
        await resolve_short_link(parse_product_ref("http://m.tb.cn/h.redirect"), timeout=2)
    text = t(lang, f"err.{info.value.code}", **info.value.params)
    assert not text.startswith("err.") and "{" not in text
