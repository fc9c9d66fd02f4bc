import pytest

from bot.domain.links import (
    SHORT_LINK_HOSTS,
    LinkError,
    ProductRef,
    extract_first_url,
    item_id_from_resolved_url,
    parse_product_ref,
)

ITEM_LINKS = [
    # Taobao desktop: the id anywhere in a long query.
    ("https://item.taobao.com/item.htm?id=548650406252", "taobao", "548650406252"),
    (
        "https://item.taobao.com/item.htm?spm=a230r.1.14.16.6a1b3c&id=548650406252&ns=1&abbucket=9",
        "taobao",
        "548650406252",
    ),
    ("https://item.taobao.com/item.htm?ft=t&id=548650406252", "taobao", "548650406252"),
    (
        "https://item.taobao.com/item.htm?spm=a1z10&amp;id=548650406252&amp;scm=1007",
        "taobao",
        "548650406252",
    ),
    ("http://item.taobao.com/item.htm?ID=548650406252", "taobao", "548650406252"),
    ("https://www.taobao.com/list/item.htm?id=548650406252", "taobao", "548650406252"),
    # Tmall and its variants.
    ("https://detail.tmall.com/item.htm?id=595954825798&ft=t", "taobao", "595954825798"),
    ("https://detail.tmall.com/item.htm?skuId=4321&id=595954825798", "taobao", "595954825798"),
    ("https://chaoshi.detail.tmall.com/item.htm?id=595954825798", "taobao", "595954825798"),
    ("https://detail.tmall.hk/item.htm?id=595954825798&spm=a1z10", "taobao", "595954825798"),
    # Mobile H5, international and world.
    ("https://h5.m.taobao.com/awp/core/detail.htm?id=548650406252", "taobao", "548650406252"),
    ("https://h5.m.tmall.com/awp/core/detail.htm?id=595954825798", "taobao", "595954825798"),
    ("https://m.intl.taobao.com/detail/detail.html?id=548650406252", "taobao", "548650406252"),
    ("https://world.taobao.com/item/548650406252.htm", "taobao", "548650406252"),
    ("https://world.taobao.com/item/548650406252.htm?spm=a21wu", "taobao", "548650406252"),
    ("https://a.m.taobao.com/i548650406252.htm", "taobao", "548650406252"),
    # 1688 desktop and mobile.
    ("https://detail.1688.com/offer/624139032536.html", "1688", "624139032536"),
    ("https://detail.1688.com/offer/624139032536.html?spm=a26352.13672862", "1688", "624139032536"),
    ("https://m.1688.com/offer/624139032536.html", "1688", "624139032536"),
    ("http://detail.m.1688.com/page/index.htm?offerId=566136916082", "1688", "566136916082"),
    ("https://detail.m.1688.com/page/index.htm?offerId=566136916082&sk=x", "1688", "566136916082"),
    # Affiliate link that carries the item id itself.
    (
        "https://uland.taobao.com/coupon/edetail?e=abc&itemId=548650406252&pid=mm_1",
        "taobao",
        "548650406252",
    ),
    # Agent links.
    ("https://www.cssbuy.com/item-548650406252.html", "taobao", "548650406252"),
    ("https://www.cssbuy.com/item-1688-624139032536.html", "1688", "624139032536"),
    ("https://cnfans.com/product?id=548650406252&platform=taobao", "taobao", "548650406252"),
    ("https://cnfans.com/product?id=624139032536&platform=ali_1688", "1688", "624139032536"),
    ("https://cnfans.com/product/?shop_type=taobao&id=548650406252", "taobao", "548650406252"),
    ("https://joyabuy.com/product/?shop_type=ali_1688&id=624139032536", "1688", "624139032536"),
    ("https://oopbuy.com/product/1/625267101304", "taobao", "625267101304"),
    ("https://oopbuy.com/product/1688/846137330434", "1688", "846137330434"),
    (
        "https://m.oopbuy.com/pages/goods/details?channelId=1&inviteCode=P0Q&spuNo=625267101304",
        "taobao",
        "625267101304",
    ),
    ("https://hoobuy.com/product/1/625267101304", "taobao", "625267101304"),
    ("https://hoobuy.com/product/0/846137330434", "1688", "846137330434"),
    (
        "https://www.sugargoo.com/#/home/productDetail?productLink="
        "https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D548650406252",
        "taobao",
        "548650406252",
    ),
    (
        "https://www.sugargoo.com/#/home/productDetail?productLink="
        "https%253A%252F%252Fdetail.1688.com%252Foffer%252F624139032536.html",
        "1688",
        "624139032536",
    ),
    (
        "https://www.pandabuy.com/product?url=https%3A%2F%2Fdetail.tmall.com%2Fitem.htm%3Fid%3D595954825798",
        "taobao",
        "595954825798",
    ),
    # Scheme-less.
    ("item.taobao.com/item.htm?id=548650406252", "taobao", "548650406252"),
    ("detail.1688.com/offer/624139032536.html", "1688", "624139032536"),
]


@pytest.mark.parametrize(("text", "platform", "item_id"), ITEM_LINKS)
def test_item_links(text: str, platform: str, item_id: str) -> None:
    ref = parse_product_ref(text)
    assert ref == ProductRef(platform=platform, item_id=item_id, source_url=ref.source_url)  # type: ignore[arg-type]
    assert ref.short_url is None
    assert not ref.needs_resolution
    assert not ref.is_ambiguous
    assert ref.source_url is not None


SHARE_TEXTS = [
    # 淘口令 with the link inside, title before, token and emoji after.
    (
        "【2018夏季新款女装…】http://m.tb.cn/h.3XYA5IW 点击链接，再选择浏览器咑閞；"
        "或復·制这段描述€g1IVbaMXxxK€后到👉淘♂寳♀👈",
        "taobao",
        "http://m.tb.cn/h.3XYA5IW",
    ),
    (
        "2.0啊CrATXeu9PaK， https://m.tb.cn/h.4JGyJuZ?sm=71c67e 卡通可爱煤球红米k30手机壳",
        "taobao",
        "https://m.tb.cn/h.4JGyJuZ?sm=71c67e",
    ),
    (
        "https://m.tb.cn/h.fIAAnLW?tk=gVmu298qEZy「guidi鬼帝788马臀皮」",
        "taobao",
        "https://m.tb.cn/h.fIAAnLW?tk=gVmu298qEZy",
    ),
    ("https://m.tb.cn/h.4s4T1m5?sm=6fd301", "taobao", "https://m.tb.cn/h.4s4T1m5?sm=6fd301"),
    (
        "https://e.tb.cn/h.hZH5WmfaS8hKKDC?tk=abc",
        "taobao",
        "https://e.tb.cn/h.hZH5WmfaS8hKKDC?tk=abc",
    ),
    ("看看这个 https://m.tb.cn/h.abc123。", "taobao", "https://m.tb.cn/h.abc123"),
    ("(https://m.tb.cn/h.abc123)", "taobao", "https://m.tb.cn/h.abc123"),
    ("https://s.click.taobao.com/t?e=m%3D2%26s%3Dabc", "taobao", None),
    ("https://s.click.tmall.com/x/abc", "taobao", None),
    ("https://uland.taobao.com/coupon/edetail?e=abcdef", "taobao", None),
    (
        "复制口令并打开手机阿里查看：https://qr.1688.com/s/7OnLCakq",
        "1688",
        "https://qr.1688.com/s/7OnLCakq",
    ),
    ("https://qr.1688.com/share.html?secret=0H9TOj6I", "1688", None),
    ("m.tb.cn/h.3XYA5IW", "taobao", "https://m.tb.cn/h.3XYA5IW"),
]


@pytest.mark.parametrize(("text", "platform", "short_url"), SHARE_TEXTS)
def test_short_links_and_share_text(text: str, platform: str, short_url: str | None) -> None:
    ref = parse_product_ref(text)
    assert ref.platform == platform
    assert ref.item_id is None
    assert ref.needs_resolution
    assert ref.short_url is not None
    if short_url is not None:
        assert ref.short_url == short_url
    assert ref.source_url == ref.short_url


@pytest.mark.parametrize(
    ("text", "platform", "item_id"),
    [
        ("618593034309", None, "618593034309"),
        ("  548650406252 ", None, "548650406252"),
        ("５４８６５０４０６２５２", None, "548650406252"),
        ("123456", None, "123456"),
        ("12345678901234567890", None, "12345678901234567890"),
        ("id: 548650406252", None, "548650406252"),
        ("ID=548650406252", None, "548650406252"),
        ("#548650406252", None, "548650406252"),
        ("1688624139032536", None, "1688624139032536"),  # one long number, not a prefix
        ("taobao 548650406252", "taobao", "548650406252"),
        ("Tmall:595954825798", "taobao", "595954825798"),
        ("淘宝548650406252", "taobao", "548650406252"),
        ("天猫 595954825798", "taobao", "595954825798"),
        ("1688 624139032536", "1688", "624139032536"),
        ("1688: 624139032536", "1688", "624139032536"),
        ("1688 offer id 624139032536", "1688", "624139032536"),
        ("阿里巴巴 624139032536", "1688", "624139032536"),
    ],
)
def test_bare_ids(text: str, platform: str | None, item_id: str) -> None:
    ref = parse_product_ref(text)
    assert ref == ProductRef(platform=platform, item_id=item_id)  # type: ignore[arg-type]
    assert ref.is_ambiguous is (platform is None)


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "link.not_found", {}),
        ("hello, can you buy this for me?", "link.not_found", {}),
        ("red, size M", "link.not_found", {}),
        ("€g1IVbaMXxxK€", "link.token_only", {}),
        ("复制这段描述￥AbCdEfGh12￥后到淘宝", "link.token_only", {}),
        ("12345", "link.bad_id", {"id": "12345", "digits": 5}),
        ("123456789012345678901", "link.bad_id", {"id": "123456789012345678901", "digits": 21}),
        (
            "https://weidian.com/item.html?itemID=6771436912",
            "link.unsupported",
            {"platform": "weidian", "url": "https://weidian.com/item.html?itemID=6771436912"},
        ),
        (
            "https://k.youshop10.com/Ue5CKp8Q?share_relation=abc",
            "link.unsupported",
            {"platform": "weidian", "url": "https://k.youshop10.com/Ue5CKp8Q?share_relation=abc"},
        ),
        (
            "weidian 6771436912",
            "link.unsupported",
            {"platform": "weidian", "url": "weidian 6771436912"},
        ),
        (
            "https://www.cssbuy.com/item-micro-6771436912.html",
            "link.unsupported",
            {"platform": "weidian", "url": "https://www.cssbuy.com/item-micro-6771436912.html"},
        ),
        (
            "https://cnfans.com/product?id=6771436912&platform=weidian",
            "link.unsupported",
            {
                "platform": "weidian",
                "url": "https://cnfans.com/product?id=6771436912&platform=weidian",
            },
        ),
        (
            "https://oopbuy.com/product/weidian/6771436912",
            "link.unsupported",
            {"platform": "weidian", "url": "https://oopbuy.com/product/weidian/6771436912"},
        ),
        (
            "https://hoobuy.com/product/2/6771436912",
            "link.unsupported",
            {"platform": "weidian", "url": "https://hoobuy.com/product/2/6771436912"},
        ),
        (
            "https://www.amazon.com/dp/B08N5WRWNW",
            "link.unsupported",
            {"platform": "amazon.com", "url": "https://www.amazon.com/dp/B08N5WRWNW"},
        ),
        (
            "https://shop123456.taobao.com/",
            "link.no_item_id",
            {"platform": "taobao", "url": "https://shop123456.taobao.com/"},
        ),
        (
            "https://s.taobao.com/search?q=dress",
            "link.no_item_id",
            {"platform": "taobao", "url": "https://s.taobao.com/search?q=dress"},
        ),
        (
            "https://item.taobao.com/item.htm?id=abc",
            "link.no_item_id",
            {"platform": "taobao", "url": "https://item.taobao.com/item.htm?id=abc"},
        ),
        (
            "https://detail.1688.com/",
            "link.no_item_id",
            {"platform": "1688", "url": "https://detail.1688.com/"},
        ),
    ],
)
def test_errors(text: str, code: str, params: dict[str, object]) -> None:
    with pytest.raises(LinkError) as caught:
        parse_product_ref(text)
    assert caught.value.code == code
    assert caught.value.params == params
    assert caught.value.message


def test_first_url_wins_in_text_with_two_links() -> None:
    text = "first https://detail.1688.com/offer/624139032536.html then https://m.tb.cn/h.x"
    assert parse_product_ref(text) == ProductRef(
        "1688", "624139032536", source_url="https://detail.1688.com/offer/624139032536.html"
    )


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("see https://m.tb.cn/h.abc 点击", "https://m.tb.cn/h.abc"),
        ("链接：https://m.tb.cn/h.abc，打开", "https://m.tb.cn/h.abc"),
        ("“https://m.tb.cn/h.abc”", "https://m.tb.cn/h.abc"),
        ("https://m.tb.cn/h.abc👉淘宝", "https://m.tb.cn/h.abc"),
        ("<https://m.tb.cn/h.abc>", "https://m.tb.cn/h.abc"),
        ("HTTPS://M.TB.CN/h.abc", "HTTPS://M.TB.CN/h.abc"),
        ("no link here", None),
        ("version 2.0 is out", None),
    ],
)
def test_extract_first_url(text: str, url: str | None) -> None:
    assert extract_first_url(text) == url


def test_short_link_hosts_name_their_platform() -> None:
    assert SHORT_LINK_HOSTS["m.tb.cn"] == "taobao"
    assert SHORT_LINK_HOSTS["e.tb.cn"] == "taobao"
    assert SHORT_LINK_HOSTS["s.click.taobao.com"] == "taobao"
    assert SHORT_LINK_HOSTS["uland.taobao.com"] == "taobao"
    assert SHORT_LINK_HOSTS["qr.1688.com"] == "1688"
    with pytest.raises(TypeError):
        SHORT_LINK_HOSTS["evil.example"] = "taobao"  # type: ignore[index]


@pytest.mark.parametrize(
    ("url", "item_id"),
    [
        ("https://item.taobao.com/item.htm?id=640103352460&sm=71c67e", "640103352460"),
        ("https://detail.tmall.com/item.htm?id=595954825798&ut_sk=1.abc", "595954825798"),
        ("https://h5.m.taobao.com/awp/core/detail.htm?id=640103352460", "640103352460"),
        ("https://detail.1688.com/offer/618593034309.html?sk=consign", "618593034309"),
        ("https://m.1688.com/offer/618593034309.html", "618593034309"),
        (
            "https://login.taobao.com/member/login.jhtml?redirectURL="
            "https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D640103352460",
            "640103352460",
        ),
        ("https://m.tb.cn/h.3XYA5IW", None),  # still a short link
        ("https://login.taobao.com/member/login.jhtml", None),
        ("https://weidian.com/item.html?itemID=6771436912", None),
        ("https://example.com/", None),
        ("not a url", None),
        ("http://[broken/", None),
    ],
)
def test_item_id_from_resolved_url(url: str, item_id: str | None) -> None:
    assert item_id_from_resolved_url(url) == item_id
