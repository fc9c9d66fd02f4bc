"""Generated seed products: enough goods to search (DESIGN §5), drawn deterministically.

The hand-written products of seed.py stay as they are (tests name them); these are added after
them, from category templates: Chinese and English titles made of the same parts, prices in the
category's range, sales counts, colours and sizes, and shop promotions on some 1688 sellers.
The same code always yields the same products, ids and prices (one fixed random seed).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

TAOBAO_COUNT = 160
ALIBABA_COUNT = 150
_SEED = "orderbot-sandbox-catalog-v1"

_COLOURS = ("黑色", "白色", "灰色", "红色", "粉色", "蓝色", "绿色", "黄色", "紫色", "藏青", "米白")
_CLOTHES = ("S", "M", "L", "XL", "XXL")
_SHOES = ("36", "37", "38", "39", "40", "41", "42", "43", "44")


@dataclass(frozen=True)
class Category:
    zh: str
    en: str
    nouns: tuple[tuple[str, str], ...]  # (Chinese, English)
    traits: tuple[tuple[str, str], ...]  # selling points
    price: tuple[int, int]  # Taobao retail price range, fen
    dim: tuple[str, tuple[str, ...]] | None = None  # a second dimension beside the colour
    unit: str = "件"
    moq: tuple[int, ...] = (2, 5, 10)


CATEGORIES: tuple[Category, ...] = (
    Category("蓝牙耳机", "Bluetooth earbuds", (("无线蓝牙耳机", "wireless Bluetooth earbuds"),
             ("降噪耳机", "noise-cancelling headphones"), ("运动耳机", "sports earphones")),
             (("长续航", "long battery life"), ("低延迟", "low latency"), ("入耳式", "in-ear")),
             (3900, 29900), unit="副", moq=(5, 10, 20)),
    Category("手机壳", "phone case", (("手机壳", "phone case"), ("防摔手机套", "shockproof cover")),
             (("透明", "clear"), ("磨砂", "matte"), ("液态硅胶", "liquid silicone")),
             (990, 4900), ("型号", ("iPhone 15", "iPhone 14", "华为 Mate 60", "小米 14")),
             unit="个", moq=(10, 20, 50)),
    Category("充电器", "charger", (("快充充电器", "fast charger"), ("充电宝", "power bank"),
             ("无线充电器", "wireless charger")),
             (("氮化镓", "GaN"), ("多口", "multi-port"), ("小巧便携", "compact")),
             (2900, 16900), unit="个", moq=(5, 10)),
    Category("T恤", "T-shirt", (("纯棉T恤", "cotton T-shirt"), ("短袖T恤", "short-sleeve T-shirt"),
             ("印花T恤", "printed T-shirt")),
             (("宽松", "loose fit"), ("情侣款", "matching couples"), ("夏季", "summer")),
             (2900, 12900), ("尺码", _CLOTHES), moq=(2, 10, 30)),
    Category("卫衣", "hoodie", (("连帽卫衣", "hooded sweatshirt"),
             ("圆领卫衣", "crew-neck sweatshirt")),
             (("加绒", "fleece-lined"), ("oversize", "oversize"), ("春秋", "spring/autumn")),
             (6900, 25900), ("尺码", _CLOTHES), moq=(2, 10)),
    Category("连衣裙", "dress", (("碎花连衣裙", "floral dress"), ("针织连衣裙", "knit dress"),
             ("长裙", "maxi dress")),
             (("法式", "French style"), ("收腰", "fitted waist"), ("显瘦", "slimming")),
             (7900, 39900), ("尺码", _CLOTHES[:4]), moq=(2, 5)),
    Category("运动鞋", "sneakers", (("跑步鞋", "running shoes"), ("休闲板鞋", "casual sneakers"),
             ("老爹鞋", "chunky sneakers")),
             (("透气", "breathable"), ("轻便", "lightweight"), ("防滑", "anti-slip")),
             (9900, 45900), ("鞋码", _SHOES), unit="双", moq=(2, 6, 12)),
    Category("双肩包", "backpack", (("双肩包", "backpack"), ("电脑包", "laptop bag"),
             ("旅行包", "travel bag")),
             (("大容量", "large capacity"), ("防水", "waterproof"), ("商务", "business")),
             (4900, 29900), unit="个", moq=(2, 5, 10)),
    Category("保温杯", "insulated bottle", (("保温杯", "insulated bottle"), ("马克杯", "mug"),
             ("吸管杯", "straw cup")),
             (("316不锈钢", "316 stainless steel"), ("大容量", "large capacity"),
              ("便携", "portable")),
             (1990, 12900), ("容量", ("350ml", "500ml", "750ml")), unit="个", moq=(5, 10, 50)),
    Category("收纳盒", "storage box", (("收纳盒", "storage box"), ("收纳箱", "storage bin"),
             ("桌面收纳架", "desk organiser")),
             (("可叠加", "stackable"), ("透明", "clear"), ("带盖", "with lid")),
             (990, 5900), ("规格", ("小号", "中号", "大号")), unit="个", moq=(10, 20, 50)),
    Category("积木", "building blocks", (("拼装积木", "building blocks"),
             ("益智玩具", "educational toy"), ("磁力片", "magnetic tiles")),
             (("儿童", "kids'"), ("大颗粒", "large-brick"), ("创意", "creative")),
             (2900, 19900), ("规格", ("100粒", "200粒", "500粒")), unit="盒", moq=(2, 5, 10)),
    Category("面膜", "sheet masks", (("补水面膜", "hydrating sheet masks"),
             ("睡眠面膜", "sleeping mask")),
             (("玻尿酸", "hyaluronic acid"), ("保湿", "moisturising"), ("温和", "gentle")),
             (2900, 12900), ("规格", ("5片装", "10片装", "20片装")), unit="盒", moq=(5, 10, 50)),
    Category("笔记本", "notebook", (("笔记本", "notebook"), ("手账本", "planner"),
             ("活页本", "loose-leaf binder")),
             (("A5", "A5"), ("加厚", "thick"), ("简约", "minimalist")),
             (590, 3900), ("规格", ("A5", "B5", "A4")), unit="本", moq=(10, 50, 100)),
    Category("厨房用品", "kitchenware", (("不粘锅", "non-stick pan"), ("菜刀", "kitchen knife"),
             ("硅胶铲", "silicone spatula")),
             (("家用", "household"), ("加厚", "heavy-duty"), ("耐高温", "heat-resistant")),
             (1990, 25900), unit="个", moq=(2, 10, 20)),
    Category("宠物用品", "pet supplies", (("猫抓板", "cat scratcher"), ("宠物窝", "pet bed"),
             ("狗狗牵引绳", "dog leash")),
             (("耐磨", "durable"), ("四季通用", "all-season"), ("可水洗", "washable")),
             (1590, 15900), ("规格", ("S", "M", "L")), unit="个", moq=(2, 5, 10)),
    Category("瑜伽垫", "yoga mat", (("瑜伽垫", "yoga mat"), ("健身垫", "fitness mat")),
             (("防滑", "anti-slip"), ("加厚", "thick"), ("TPE", "TPE")),
             (4900, 19900), ("厚度", ("6mm", "8mm", "10mm")), unit="张", moq=(2, 5, 10)),
    Category("台灯", "desk lamp", (("LED台灯", "LED desk lamp"), ("护眼台灯", "eye-care lamp"),
             ("小夜灯", "night light")),
             (("充电", "rechargeable"), ("可调光", "dimmable"), ("宿舍", "dorm")),
             (2900, 18900), unit="个", moq=(2, 5, 10)),
    Category("袜子", "socks", (("棉袜", "cotton socks"), ("船袜", "no-show socks"),
             ("运动袜", "sports socks")),
             (("中筒", "mid-calf"), ("吸汗", "sweat-wicking"), ("5双装", "5 pairs")),
             (990, 4900), ("尺码", ("均码", "大码")), unit="双", moq=(10, 50, 100)),
)  # fmt: skip

_TAOBAO_SHOPS = (
    ("极客数码官方店", "极客数码", "广东省", "深圳市", 0),
    ("潮流前线服饰", "潮流前线", "浙江省", "杭州市", 800),
    ("简居生活馆", "简居生活", "浙江省", "宁波市", 600),
    ("萌宠星球旗舰店", "萌宠星球", "上海市", "上海市", 0),
    ("运动部落专营店", "运动部落", "福建省", "泉州市", 1000),
    ("小美妆铺", "小美妆铺", "广东省", "广州市", 0),
    ("文具控的店", "文具控", "浙江省", "金华市", 500),
    ("厨房好物集", "厨房好物", "广东省", "佛山市", 800),
    ("乐童玩具城", "乐童玩具", "广东省", "汕头市", 600),
    ("轻行箱包馆", "轻行箱包", "河北省", "保定市", 1000),
)
_ALIBABA_SELLERS = (
    ("深圳市智联电子科技有限公司", "zhilian_dianzi", "广东省", "深圳市", 1200),
    ("义乌市佳美日用品厂", "jiamei_riyong", "浙江省", "金华市", 800),
    ("广州市锦绣服装有限公司", "jinxiu_fuzhuang", "广东省", "广州市", 1500),
    ("晋江市飞跃鞋业有限公司", "feiyue_xieye", "福建省", "泉州市", 1800),
    ("汕头市童乐玩具厂", "tongle_wanju", "广东省", "汕头市", 1000),
    ("白沟新城优品箱包厂", "youpin_xiangbao", "河北省", "保定市", 1500),
    ("永康市厨艺五金制品厂", "chuyi_wujin", "浙江省", "金华市", 1200),
    ("广州市美研化妆品有限公司", "meiyan_huazhuang", "广东省", "广州市", 800),
    ("宁波市宠乐宠物用品有限公司", "chongle_chongwu", "浙江省", "宁波市", 1000),
    ("诸暨市织美袜业有限公司", "zhimei_waye", "浙江省", "绍兴市", 600),
)
# Who sells what: category index -> Taobao shop indexes, and -> 1688 seller indexes.
_TAOBAO_SHOPS_BY_CATEGORY = {
    0: (0,), 1: (0,), 2: (0,), 3: (1,), 4: (1,), 5: (1,), 6: (4,), 7: (9,), 8: (2, 7),
    9: (2,), 10: (8,), 11: (5,), 12: (6,), 13: (7, 2), 14: (3,), 15: (4,), 16: (0, 6), 17: (1, 4),
}  # fmt: skip
_SELLERS_BY_CATEGORY = {
    0: (0,), 1: (0, 1), 2: (0,), 3: (2,), 4: (2,), 5: (2,), 6: (3,), 7: (5,), 8: (1,),
    9: (1,), 10: (4,), 11: (7,), 12: (1,), 13: (6,), 14: (8,), 15: (3,), 16: (0,), 17: (9,),
}  # fmt: skip
_SUFFIXES = ("新款", "2024新款", "热卖", "", "爆款")
# 1688 shop promotions on some sellers: (seller index, promotions)
_SELLER_PROMOTIONS: dict[int, tuple[tuple[str, int, int, int], ...]] = {
    # (name, spend threshold fen, fixed discount fen, percent off)
    0: (("满300减20", 30000, 2000, 0), ("满1000减100", 100000, 10000, 0)),
    2: (("满500享95折", 50000, 0, 5),),
    4: (("满200减15", 20000, 1500, 0),),
    7: (("新客满100减10", 10000, 1000, 0), ("满800享9折", 80000, 0, 10)),
}


def _open_id(name: str) -> str:
    """A sellerOpenId-like id: "BBB" and 22 letters and digits, stable for the name."""
    digest = hashlib.sha256(name.encode()).hexdigest()
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number = int(digest, 16)
    chars = []
    for _ in range(22):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return "BBB" + "".join(chars)


def generated_shops() -> dict[str, dict[str, Any]]:
    shops: dict[str, dict[str, Any]] = {}
    for index, (name, nick, province, city, post_fee) in enumerate(_TAOBAO_SHOPS):
        shops[f"gen_tb_{index}"] = dict(
            platform="taobao", shop_id=str(110_000_001 + index * 7919), name=name, nick=nick,
            province=province, city=city, post_fee=post_fee,
            free_over=9900 if post_fee and index % 2 else None,
        )  # fmt: skip
    for index, (name, nick, province, city, post_fee) in enumerate(_ALIBABA_SELLERS):
        promotions = [
            dict(promotion_id=f"SP{index:02d}{n}{threshold // 100:05d}", name=text,
                 threshold=threshold, discount=discount, percent=percent)
            for n, (text, threshold, discount, percent) in enumerate(
                _SELLER_PROMOTIONS.get(index, ()), start=1
            )
        ]  # fmt: skip
        shops[f"gen_ali_{index}"] = dict(
            platform="1688", shop_id=_open_id(name), name=name, nick=nick,
            province=province, city=city, post_fee=post_fee,
            free_over=50000 if index % 3 == 0 else None, promotions=promotions,
        )  # fmt: skip
    return shops


def _round_price(fen: int) -> int:
    """Shop-like prices: ¥39.00, ¥129.00, ¥9.90."""
    if fen >= 10000:
        return fen // 1000 * 1000 - 100
    if fen >= 1000:
        return fen // 100 * 100 - 100 + 90 if fen % 200 else fen // 100 * 100
    return max(50, fen // 10 * 10)


def _dims(rng: random.Random, category: Category) -> list[tuple[str, list[str]]]:
    colours = rng.sample(_COLOURS, rng.randint(1, 4))
    dims: list[tuple[str, list[str]]] = [("颜色分类", colours)]
    if category.dim is not None:
        name, values = category.dim
        count = rng.randint(2, len(values))
        dims.append((name, list(values[:count])))
    return dims


def _titles(rng: random.Random, category: Category) -> tuple[str, str]:
    noun_zh, noun_en = rng.choice(category.nouns)
    first, second = rng.sample(category.traits, 2)
    zh = f"{first[0]}{noun_zh}{second[0]}{rng.choice(_SUFFIXES)}"
    en = f"{first[1][:1].upper()}{first[1][1:]} {noun_en}, {second[1]}"
    return zh, en


def _sales(rng: random.Random) -> int:
    """Monthly sales, spread like a marketplace's: most modest, a few in the tens of thousands."""
    return int(10 ** rng.uniform(0.5, 4.6))


def generated_taobao(rng: random.Random) -> list[dict[str, Any]]:
    products = []
    for index in range(TAOBAO_COUNT):
        kind = index % len(CATEGORIES)
        category = CATEGORIES[kind]
        title, title_en = _titles(rng, category)
        price = _round_price(rng.randint(*category.price))
        product: dict[str, Any] = dict(
            item_id=f"68{index:04d}{rng.randint(100000, 999999)}",
            shop=f"gen_tb_{rng.choice(_TAOBAO_SHOPS_BY_CATEGORY[kind])}",
            title=title, title_en=title_en, category=category.zh, category_en=category.en,
            price=price, stock=rng.choice((5, 30, 80, 200, 500, 1000)),
            dims=_dims(rng, category), sales=_sales(rng),
        )  # fmt: skip
        if rng.random() < 0.3:
            product["promotion_price"] = _round_price(price * rng.randint(75, 92) // 100)
        products.append(product)
    return products


def generated_alibaba(rng: random.Random) -> list[dict[str, Any]]:
    products = []
    for index in range(ALIBABA_COUNT):
        kind = index % len(CATEGORIES)
        category = CATEGORIES[kind]
        title, title_en = _titles(rng, category)
        base = max(60, rng.randint(*category.price) * rng.randint(25, 45) // 100)
        moq = rng.choice(category.moq)
        tiers = [(moq, base), (moq * 10, base * 92 // 100), (moq * 50, base * 85 // 100)]
        products.append(
            dict(
                item_id=f"72{index:04d}{rng.randint(100000, 999999)}",
                shop=f"gen_ali_{rng.choice(_SELLERS_BY_CATEGORY[kind])}",
                title=f"{title}厂家批发", title_en=f"{title_en}, factory wholesale",
                category=category.zh, category_en=category.en, unit=category.unit, moq=moq,
                tiers=tiers[: rng.randint(2, 3)], stock=rng.choice((300, 1000, 5000, 20000)),
                dims=_dims(rng, category), sales=_sales(rng) * 3,
            )
        )  # fmt: skip
    return products


def generated_products() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(Taobao products, 1688 products), the same on every call."""
    rng = random.Random(_SEED)
    return generated_taobao(rng), generated_alibaba(rng)
