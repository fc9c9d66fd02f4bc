"""Chinese provincial-level regions and the split of an address into 省/市/区 + the rest.

A small built-in table (the 34 provincial-level names) and suffix rules, no gazetteer: good for
what people paste (`浙江省杭州市余杭区…`, `广东深圳南山区…`, `上海市浦东新区…`); anything it is not
sure of is left out so the bot asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # official name, e.g. 浙江省
    short: str  # what people write, e.g. 浙江
    latin: tuple[str, ...]  # lower-case Latin spellings, e.g. ("zhejiang",)
    municipality: bool = False  # 北京/上海/天津/重庆: the province is also the city


PROVINCES: tuple[Province, ...] = (
    Province("北京市", "北京", ("beijing", "peking"), municipality=True),
    Province("天津市", "天津", ("tianjin",), municipality=True),
    Province("上海市", "上海", ("shanghai",), municipality=True),
    Province("重庆市", "重庆", ("chongqing",), municipality=True),
    Province("河北省", "河北", ("hebei",)),
    Province("山西省", "山西", ("shanxi",)),
    Province("辽宁省", "辽宁", ("liaoning",)),
    Province("吉林省", "吉林", ("jilin",)),
    Province("黑龙江省", "黑龙江", ("heilongjiang",)),
    Province("江苏省", "江苏", ("jiangsu",)),
    Province("浙江省", "浙江", ("zhejiang",)),
    Province("安徽省", "安徽", ("anhui",)),
    Province("福建省", "福建", ("fujian",)),
    Province("江西省", "江西", ("jiangxi",)),
    Province("山东省", "山东", ("shandong",)),
    Province("河南省", "河南", ("henan",)),
    Province("湖北省", "湖北", ("hubei",)),
    Province("湖南省", "湖南", ("hunan",)),
    Province("广东省", "广东", ("guangdong", "canton")),
    Province("海南省", "海南", ("hainan",)),
    Province("四川省", "四川", ("sichuan",)),
    Province("贵州省", "贵州", ("guizhou",)),
    Province("云南省", "云南", ("yunnan",)),
    Province("陕西省", "陕西", ("shaanxi",)),
    Province("甘肃省", "甘肃", ("gansu",)),
    Province("青海省", "青海", ("qinghai",)),
    Province("台湾省", "台湾", ("taiwan",)),
    Province("内蒙古自治区", "内蒙古", ("inner mongolia", "nei mongol", "neimenggu")),
    Province("广西壮族自治区", "广西", ("guangxi", "guangxi zhuang")),
    Province("西藏自治区", "西藏", ("tibet", "xizang")),
    Province("宁夏回族自治区", "宁夏", ("ningxia", "ningxia hui")),
    Province("新疆维吾尔自治区", "新疆", ("xinjiang", "xinjiang uyghur", "xinjiang uygur")),
    Province("香港特别行政区", "香港", ("hong kong", "hongkong", "xianggang")),
    Province("澳门特别行政区", "澳门", ("macau", "macao", "aomen")),
)

# Every Chinese spelling that names a province, longest first so 内蒙古自治区 wins over 内蒙古.
_CHINESE_ALIASES: tuple[tuple[str, Province], ...] = tuple(
    sorted(
        {
            alias: p
            for p in PROVINCES
            for alias in (p.name, p.short, p.short + ("市" if p.municipality else "省"))
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
_LATIN_SUFFIX_RE = re.compile(
    r"\s+(province|sheng|shi|city|municipality|autonomous region|zizhiqu|sar)$"
)

# Prefecture-level cities of three or more characters, for addresses written without 市
# (石家庄长安区 …). Two-character names are the common case and need no table.
_LONG_CITY_NAMES = (
    "石家庄",
    "秦皇岛",
    "张家口",
    "呼和浩特",
    "鄂尔多斯",
    "呼伦贝尔",
    "巴彦淖尔",
    "乌兰察布",
    "葫芦岛",
    "哈尔滨",
    "齐齐哈尔",
    "牡丹江",
    "佳木斯",
    "七台河",
    "双鸭山",
    "连云港",
    "马鞍山",
    "景德镇",
    "平顶山",
    "驻马店",
    "三门峡",
    "张家界",
    "防城港",
    "攀枝花",
    "六盘水",
    "石嘴山",
    "嘉峪关",
    "乌鲁木齐",
    "克拉玛依",
    "吐鲁番",
    "日喀则",
)

_CJK = r"\u4e00-\u9fff"
# A city: the shortest run up to 市/自治州/地区/盟, without street words or digits in it.
_CITY_RE = re.compile(rf"^(?P<city>[{_CJK}·]{{1,12}}?(?:自治州|地区|盟|市))")
_DISTRICT_RE = re.compile(rf"^(?P<district>[{_CJK}·]{{1,10}}?(?:区|县|旗|市))")
_NOT_IN_REGION = re.compile(r"[路街道号巷弄村镇楼栋室幢]")
# Residential compounds and campuses end in 区 too; real districts (新城区, 工业园区) do not
# end in these.
_NOT_A_DISTRICT = ("小区", "社区", "校区", "景区", "厂区", "街区")
_LEADING_SEPARATORS = " \t,，、;；-"
_COUNTRY_PREFIXES = ("中华人民共和国", "中国大陆", "中国")


@dataclass(frozen=True, slots=True)
class RegionSplit:
    state: str | None
    city: str | None
    district: str | None
    rest: str
    country_named: bool = False  # the text started with 中国


def province_for(text: str) -> Province | None:
    """The province `text` names exactly (浙江, 浙江省, Zhejiang, Zhejiang Province), or None."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for alias, province in _CHINESE_ALIASES:
        if cleaned == alias:
            return province
    latin = _LATIN_SUFFIX_RE.sub("", cleaned.lower().replace(".", "")).strip()
    for province in PROVINCES:
        if latin in province.latin:
            return province
    return None


def _skip(text: str) -> str:
    return text.lstrip(_LEADING_SEPARATORS)


def _region_part(match: re.Match[str] | None, group: str) -> str | None:
    if match is None:
        return None
    value = match[group]
    body = value[:-1]
    if _NOT_IN_REGION.search(body) or value.endswith(_NOT_A_DISTRICT):
        return None
    return value


def _take_city(rest: str) -> tuple[str | None, str]:
    city = _region_part(_CITY_RE.match(rest), "city")
    if city is not None:
        return city, rest[len(city) :]
    # Written without 市: a known long name, else two characters when a district follows.
    for name in _LONG_CITY_NAMES:
        if rest.startswith(name):
            return name + "市", rest[len(name) :]
    if len(rest) > 2 and re.match(rf"^[{_CJK}]{{2}}$", rest[:2]):
        district = _region_part(_DISTRICT_RE.match(rest[2:]), "district")
        if district is not None and len(district) >= 3 and not _NOT_IN_REGION.search(rest[:2]):
            return rest[:2] + "市", rest[2:]
    return None, rest


def _take_district(rest: str) -> tuple[str | None, str]:
    if rest.startswith("市辖区"):
        rest = _skip(rest[3:])
    district = _region_part(_DISTRICT_RE.match(rest), "district")
    if district is None:
        return None, rest
    return district, rest[len(district) :]


def split_region(text: str) -> RegionSplit:
    """Split `浙江省杭州市余杭区文一西路969号` into 浙江省 / 杭州市 / 余杭区 / 文一西路969号.

    Short forms get their suffix back (广东深圳南山区 → 广东省/深圳市/南山区); a municipality
    is both state and city (上海浦东新区 → 上海市/上海市/浦东新区). Parts not found are None.
    """
    rest = _skip(text.strip())
    country_named = False
    for prefix in _COUNTRY_PREFIXES:
        if rest.startswith(prefix):
            rest, country_named = _skip(rest[len(prefix) :]), True
            break

    province: Province | None = None
    for alias, candidate in _CHINESE_ALIASES:
        if rest.startswith(alias):
            province, matched = candidate, alias
            rest = _skip(rest[len(alias) :])
            break

    state = city = None
    if province is not None:
        state = province.name
        if province.municipality:
            city = province.name
            for repeat in (province.name, province.short):  # 上海市上海市浦东新区
                if rest.startswith(repeat):
                    rest = _skip(rest[len(repeat) :])
                    break
        elif matched == province.short and rest.startswith("市"):
            # 吉林市…: the short name was the city of the same name, not the province.
            city, rest = province.short + "市", _skip(rest[1:])
    if city is None:
        city, rest = _take_city(rest)
        rest = _skip(rest)
    district, rest = _take_district(rest) if (city or state) else (None, rest)
    return RegionSplit(state, city, district, _skip(rest).strip(), country_named)
