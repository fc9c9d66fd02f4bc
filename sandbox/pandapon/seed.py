"""Seed data of the sandbox catalog: shops and products as plain tables (built by catalog.py).

Prices are fen. `dims` are SKU dimensions (property name, values); every combination is a SKU.
`prices` set a SKU price by any value in its combination; `stock`/`status` override by the
combination written "value/value". 1688 `tiers` are (start quantity, fen); a 1688 SKU without a
price of its own is priced by the tier its quantity reaches. The documented example item
672991141190 and the two items of the seed "Create an order" example are here verbatim.
1688 shops may run shop promotions (spend `threshold` fen, get `discount` fen or `percent` off).

Beside these hand-written products (tests name them), seed_generated.py adds a few hundred more
so that there is something to search; `ALL_SHOPS` and `all_products()` hold both.
"""

from __future__ import annotations

from typing import Any

from sandbox.pandapon.seed_generated import generated_products, generated_shops

# key -> shop. Taobao shop ids are numeric; 1688 sellers are identified by sellerOpenId.
SHOPS: dict[str, dict[str, Any]] = {
    "tianqiong": dict(
        platform="taobao", shop_id="268763467", name="u[2206891060210]", nick="测试账号tbc003",
        province="浙江省", city="杭州市", post_fee=0,
    ),
    "pandapon": dict(
        platform="taobao", shop_id="100000001", name="PandaPon 测试供货店", nick="pandapon_test",
        province="浙江省", city="杭州市", post_fee=0,
    ),
    "youyi": dict(
        platform="taobao", shop_id="101558266", name="优衣良品服饰旗舰店", nick="优衣良品服饰",
        province="广东省", city="广州市", post_fee=600, free_over=9900,
    ),
    "shuma": dict(
        platform="taobao", shop_id="102774310", name="数码潮玩馆", nick="数码潮玩",
        province="广东省", city="深圳市", post_fee=1000,
    ),
    "youran": dict(
        platform="taobao", shop_id="103220918", name="悠然家居生活馆", nick="悠然家居",
        province="浙江省", city="金华市", post_fee=800,
    ),
    "huayang": dict(
        platform="taobao", shop_id="104589027", name="花漾美妆专营店", nick="花漾美妆",
        province="上海市", city="上海市", post_fee=0,
    ),
    "tongqu": dict(
        platform="taobao", shop_id="105113802", name="童趣母婴旗舰店", nick="童趣母婴",
        province="浙江省", city="宁波市", post_fee=500,
    ),
    "haoyunlai": dict(
        platform="1688", shop_id="BBBwAN4GQ60zRPzBkv7BYPJRQ", name="义乌市好运来文具厂",
        nick="haoyunlai_wenju", province="浙江省", city="金华市", post_fee=800,
        promotions=[
            dict(promotion_id="SPHYL300", name="满300减20", threshold=30000, discount=2000),
            dict(promotion_id="SPHYL1000", name="满1000减80", threshold=100000, discount=8000),
        ],
    ),
    "bubugao": dict(
        platform="1688", shop_id="BBBkq9F3cZQy1m2iV3XoWl5cA", name="广州市白云区步步高鞋业有限公司",
        nick="bubugao_xieye", province="广东省", city="广州市", post_fee=1500,
    ),
    "youchuang": dict(
        platform="1688", shop_id="BBBr7T0uVw4Qm8sNn2Lx9HcZe", name="深圳市华强北优创电子商行",
        nick="youchuang_dianzi", province="广东省", city="深圳市", post_fee=1000,
    ),
    "sijiqing": dict(
        platform="1688", shop_id="BBBp2Lq8Ys5Dk1Vw6Nc3Jh7Tf", name="杭州四季青纺织服饰有限公司",
        nick="sijiqing_fangzhi", province="浙江省", city="杭州市", post_fee=1200, free_over=50000,
        promotions=[dict(promotion_id="SPSJQ500", name="满500享95折", threshold=50000, percent=5)],
    ),
}  # fmt: skip

COLOUR = "颜色分类"
SIZE = "尺码"
SPEC = "规格"

TAOBAO_PRODUCTS: list[dict[str, Any]] = [
    dict(
        item_id="672991141190", shop="tianqiong", title="天穹发布商品,测试请不要拍",
        title_en="Tianqiong test listing, please do not buy", category="连衣裙",
        category_path="童装/婴儿装/亲子装->裙子(新)->连衣裙", price=1, stock=200,
        dims=[(COLOUR, ["默认", "备用"])], sku_ids=["3452545926724", "3452545926725"],
    ),
    dict(
        item_id="600126245031041190", shop="pandapon", title="PandaPon 测试商品A(请勿拍)",
        title_en="PandaPon test product A (do not buy)", category="测试类目", price=1,
        stock=1_000_000, dims=[(SPEC, ["默认"])], sku_ids=["5016042822039"],
    ),
    dict(
        item_id="600129202197070073", shop="pandapon", title="PandaPon 测试商品B(请勿拍)",
        title_en="PandaPon test product B (do not buy)", category="测试类目", price=1,
        stock=1_000_000, dims=[(SPEC, ["默认"])], sku_ids=["4860968496626"],
    ),
    dict(
        item_id="653211874520", shop="youyi", title="纯棉短袖T恤男女同款宽松圆领打底衫",
        title_en="Cotton short-sleeve T-shirt, unisex, loose crew neck", category="T恤",
        price=3900, stock=300,
        dims=[(COLOUR, ["白色", "黑色", "雾霾蓝", "燕麦色"]), (SIZE, ["M", "L", "XL", "XXL"])],
        overrides={"黑色/XXL": dict(stock=0), "雾霾蓝/M": dict(stock=3)},
    ),
    dict(
        item_id="654880213377", shop="youyi", title="冰丝阔腿裤女夏季高腰垂感休闲裤",
        title_en="Ice-silk wide-leg trousers, high waist", category="休闲裤", price=5900,
        stock=150, dims=[(COLOUR, ["黑色", "杏色"]), (SIZE, ["S", "M", "L"])],
    ),
    dict(
        item_id="655012948812", shop="youyi", title="连帽卫衣男春秋款加绒外套",
        title_en="Hooded sweatshirt, fleece-lined jacket", category="卫衣", price=8900,
        promotion_price=7900, stock=120,
        dims=[(COLOUR, ["灰色", "藏青", "酒红"]), (SIZE, ["L", "XL", "XXL"])],
    ),
    dict(
        item_id="656733190045", shop="youyi", title="防晒衣女冰丝透气UPF50+",
        title_en="UPF50+ breathable sun-protection jacket", category="防晒衣", price=4900,
        stock=200, dims=[(COLOUR, ["白色", "浅粉", "天蓝"])],
    ),
    dict(
        item_id="661204573318", shop="shuma", title="无线蓝牙耳机半入耳式降噪",
        title_en="Wireless Bluetooth earbuds, semi-in-ear, noise cancelling", category="蓝牙耳机",
        price=12900, promotion_price=9900, stock=80, dims=[(COLOUR, ["白色", "黑色"])],
    ),
    dict(
        item_id="662390017765", shop="shuma", title="氮化镓快充充电器65W多口",
        title_en="65 W GaN fast charger, multi-port", category="充电器", price=8900, stock=90,
        dims=[(SPEC, ["单充电头", "充电头+C to C线"])], prices={"充电头+C to C线": 10900},
    ),
    dict(
        item_id="663875512094", shop="shuma", title="Type-C数据线1米/2米编织快充线",
        title_en="Braided USB-C fast-charge cable, 1 m / 2 m", category="数据线", price=990,
        stock=2000, dims=[("长度", ["1米", "2米"])], prices={"2米": 1290},
    ),
    dict(
        item_id="664100985521", shop="shuma", title="机械键盘87键热插拔青轴/红轴/茶轴",
        title_en="87-key hot-swap mechanical keyboard", category="键盘", price=19900, stock=40,
        dims=[("轴体", ["青轴", "红轴", "茶轴"]), (COLOUR, ["白色", "黑色"])],
    ),
    dict(
        item_id="665219830067", shop="shuma", title="手机支架桌面懒人支架",
        title_en="Desktop phone stand", category="手机支架", price=1590, stock=500,
        dims=[(COLOUR, ["银色", "深空灰"])], overrides={"深空灰": dict(status="inactive")},
    ),
    dict(
        item_id="671188203456", shop="youran", title="北欧陶瓷马克杯带盖勺350ml",
        title_en="Nordic ceramic mug with lid and spoon, 350 ml", category="马克杯", price=2900,
        stock=260, dims=[(COLOUR, ["奶白", "雾蓝", "豆绿", "樱粉"])],
    ),
    dict(
        item_id="671920334871", shop="youran", title="加厚珊瑚绒毛毯沙发盖毯",
        title_en="Thick coral-fleece blanket", category="毛毯", price=3900, stock=100,
        dims=[(SIZE, ["100×150cm", "150×200cm", "200×230cm"])],
        prices={"150×200cm": 5900, "200×230cm": 7900},
    ),
    dict(
        item_id="672405588190", shop="youran", title="硅胶保鲜盒密封饭盒三件套",
        title_en="Silicone food containers, set of 3", category="保鲜盒", price=4500, stock=2,
        dims=[(SPEC, ["三件套"])],
    ),
    dict(
        item_id="673119902214", shop="youran", title="香薰蜡烛无烟大豆蜡礼盒装",
        title_en="Scented soy-wax candle gift box", category="香薰", price=6900, stock=70,
        dims=[("香型", ["白茶", "无花果", "海盐鼠尾草", "雪松"])],
    ),
    dict(
        item_id="674550781923", shop="huayang", title="玻尿酸补水面膜10片装",
        title_en="Hyaluronic-acid hydrating sheet masks, 10 pcs", category="面膜", price=4990,
        stock=400, dims=[(SPEC, ["10片装"])],
    ),
    dict(
        item_id="675001236648", shop="huayang", title="哑光口红丝绒雾面持久不脱色",
        title_en="Matte velvet lipstick, long-lasting", category="口红", price=8900, stock=60,
        dims=[("色号", ["#01 正红", "#02 豆沙", "#03 枫叶", "#04 奶茶", "#05 砖红"])],
        overrides={"#05 砖红": dict(stock=0)},
    ),
    dict(
        item_id="675883214470", shop="huayang", title="氨基酸洗面奶温和清洁120g",
        title_en="Amino-acid facial cleanser, 120 g", category="洁面", price=3900, stock=300,
        dims=[(SPEC, ["单支", "两支装"])], prices={"两支装": 6900},
    ),
    dict(
        item_id="676230981145", shop="tongqu", title="婴儿纯棉连体衣四季款",
        title_en="Baby cotton romper, all seasons", category="连体衣", price=4900, stock=90,
        dims=[(COLOUR, ["米白", "浅蓝"]), (SIZE, ["59cm", "66cm", "73cm", "80cm"])],
    ),
    dict(
        item_id="677418820533", shop="tongqu", title="儿童益智积木大颗粒拼装玩具",
        title_en="Large-brick building blocks for kids", category="积木", price=5900, stock=150,
        dims=[(SPEC, ["100粒", "200粒"])], prices={"200粒": 9900},
    ),
    dict(
        item_id="678902347716", shop="tongqu", title="宝宝保温水杯带吸管316不锈钢",
        title_en="Kids' insulated straw bottle, 316 stainless steel", category="水杯",
        price=6800, stock=110, dims=[(COLOUR, ["粉色", "蓝色", "黄色"])],
    ),
    dict(
        item_id="679011223344", shop="shuma", title="【已下架】旧款便携蓝牙音箱",
        title_en="Portable Bluetooth speaker, old model (delisted)", category="音箱", price=9900,
        stock=10, dims=[(COLOUR, ["黑色"])], status="inactive",
    ),
]  # fmt: skip

ALIBABA_PRODUCTS: list[dict[str, Any]] = [
    dict(
        item_id="706627393257", shop="haoyunlai", title="PVC插页文件夹A4加厚透明多层资料册",
        title_en="PVC insert folder A4, thick, transparent, multi-page", category="文件夹",
        unit="个", moq=10, tiers=[(10, 350), (100, 320), (500, 280)], stock=5000,
        dims=[("颜色", ["透明", "蓝色", "黑色"])],
    ),
    dict(
        item_id="707118845120", shop="haoyunlai", title="中性笔0.5mm签字笔办公学生用12支/盒",
        title_en="Gel pens 0.5 mm, box of 12", category="中性笔", unit="盒", moq=2,
        tiers=[(2, 1200), (20, 1050), (100, 900)], stock=3000,
        dims=[("颜色", ["黑色", "蓝色", "红色"])],
    ),
    dict(
        item_id="708230567781", shop="haoyunlai", title="便利贴彩色N次贴76×76mm",
        title_en="Sticky notes 76×76 mm", category="便利贴", unit="本", moq=50,
        tiers=[(50, 120), (500, 95), (2000, 80)], stock=20000,
        dims=[("颜色", ["混色", "黄色", "粉色"])], overrides={"粉色": dict(stock=60)},
    ),
    dict(
        item_id="709004518866", shop="bubugao", title="男士休闲板鞋透气百搭小白鞋厂家直销",
        title_en="Men's casual sneakers, breathable white shoes", category="板鞋", unit="双",
        moq=2, tiers=[(2, 4500), (30, 4200), (100, 3900)], stock=400,
        dims=[("颜色", ["白色", "黑色"]), ("鞋码", ["39", "40", "41", "42", "43", "44"])],
        overrides={"黑色/44": dict(stock=0)},
    ),
    dict(
        item_id="709551230412", shop="bubugao", title="女款一脚蹬帆布鞋批发",
        title_en="Women's slip-on canvas shoes, wholesale", category="帆布鞋", unit="双", moq=10,
        tiers=[(10, 2800), (100, 2500)], stock=600,
        dims=[("颜色", ["白色", "米色", "黑色"]), ("鞋码", ["35", "36", "37", "38"])],
    ),
    dict(
        item_id="710066734528", shop="bubugao", title="夏季拖鞋EVA防滑浴室拖鞋",
        title_en="EVA anti-slip bathroom slippers", category="拖鞋", unit="双", moq=50,
        tiers=[(50, 490), (500, 420), (2000, 380)], stock=10000,
        dims=[("颜色", ["白色", "灰色", "粉色", "蓝色"])],
    ),
    dict(
        item_id="711302984455", shop="youchuang", title="Type-C数据线3A快充批发",
        title_en="USB-C 3 A fast-charge cable, wholesale", category="数据线", unit="条", moq=10,
        tiers=[(10, 320), (200, 290)], stock=8000, dims=[("长度", ["1米", "2米"])],
        prices={"2米": 450},
    ),
    dict(
        item_id="711877502316", shop="youchuang", title="20000mAh充电宝大容量移动电源",
        title_en="20000 mAh power bank", category="移动电源", unit="个", moq=2,
        tiers=[(2, 5800), (50, 5200), (200, 4900)], stock=900, dims=[("颜色", ["白色", "黑色"])],
    ),
    dict(
        item_id="712566103398", shop="youchuang", title="TWS无线蓝牙耳机工厂批发",
        title_en="TWS wireless Bluetooth earbuds, factory wholesale", category="蓝牙耳机",
        unit="副", moq=10, tiers=[(10, 3500), (100, 3100), (1000, 2700)], stock=3000,
        dims=[("颜色", ["白色", "黑色", "粉色"])], overrides={"粉色": dict(stock=15)},
    ),
    dict(
        item_id="713490018823", shop="sijiqing", title="纯棉短袖T恤空白定制文化衫",
        title_en="Blank cotton T-shirt for custom printing", category="T恤", unit="件", moq=10,
        tiers=[(10, 1500), (100, 1300), (500, 1100)], stock=1000,
        dims=[
            ("颜色", ["白色", "黑色", "灰色", "藏青", "红色"]),
            ("尺码", ["M", "L", "XL", "XXL"]),
        ],
    ),
    dict(
        item_id="714002785561", shop="sijiqing", title="针织开衫女春秋薄款外搭",
        title_en="Women's thin knit cardigan", category="开衫", unit="件", moq=2,
        tiers=[(2, 6800), (50, 6200)], stock=300, dims=[("颜色", ["米白", "燕麦", "黑色"])],
    ),
    dict(
        item_id="714885120097", shop="sijiqing", title="真丝方巾小丝巾70cm",
        title_en="Silk square scarf, 70 cm", category="丝巾", unit="条", moq=5,
        tiers=[(5, 3900), (60, 3500)], stock=500,
        dims=[("花色", ["青花", "玫瑰", "格纹", "波点"])], prices={"青花": 4200},
    ),
]  # fmt: skip

# Products added after the first catalog. They come last, so the SKU ids derived from a product's
# position stay what they were (state files and notes keep them). Taobao and 1688 number their
# goods apart, so an id can name goods on both: 711302984455 is a 1688 offer and a Taobao item.
LATER_PRODUCTS: list[dict[str, Any]] = [
    dict(
        item_id="711302984455", shop="shuma", title="Type-C快充数据线3A 1米单条装",
        title_en="USB-C 3 A fast-charge cable, 1 m, single", category="数据线", price=1590,
        stock=300, dims=[(COLOUR, ["白色", "黑色"])],
    ),
]  # fmt: skip

GENERATED_TAOBAO, GENERATED_ALIBABA = generated_products()
ALL_SHOPS: dict[str, dict[str, Any]] = {**SHOPS, **generated_shops()}


def all_products() -> list[dict[str, Any]]:
    """Every seed product; the hand-written ones first (the first catalog, then the later
    additions), so their derived SKU ids never change."""
    return [
        *TAOBAO_PRODUCTS,
        *ALIBABA_PRODUCTS,
        *LATER_PRODUCTS,
        *GENERATED_TAOBAO,
        *GENERATED_ALIBABA,
    ]
