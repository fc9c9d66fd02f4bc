"""简体中文：找货（/search、以图搜货、搜索结果、商品卡片）。与 search_en.py 同样的键。"""

MESSAGES: dict[str, str] = {
    "cmd.search": "按关键词或图片找货：/search T恤",
    "search.help": (
        "<b>找货</b>\n"
        "/search <i>关键词</i> — 在淘宝或 1688 搜索（<code>/search 1688 T恤</code> 直接指定平台）。"
        "在私聊里直接发关键词也可以；发一张图片会在 1688 以图搜货；"
        "在群里请给图片加上说明 /search。\n"
        "每页 6 个结果，可按排序和价格筛选；点编号看商品，再点规格即可加入采购单。"
    ),
    "search.usage": (
        "请告诉我要找什么：<code>/search 蓝牙耳机</code> 或 <code>/search 1688 T恤</code>。"
        "也可以直接发一张商品图片。"
    ),
    "search.which_platform": "🔎 在哪个平台搜索“{words}”？",
    "search.id_offer": "在哪个平台打开商品 <code>{item_id}</code>？",
    "search.btn.taobao": "🔎 淘宝 / 天猫",
    "search.btn.1688": "🔎 1688",
    "search.btn.open_taobao": "在淘宝打开",
    "search.btn.open_1688": "在 1688 打开",
    "search.btn.retry": "🔄 重试",
    "search.btn.other_1688": "🔁 改搜 1688",
    "search.btn.other_taobao": "🔁 改搜淘宝",
    "search.btn.price_any": "💴 价格：不限",
    "search.btn.price_set": "💴 {range}",
    "search.btn.price_clear": "✖ 不限价格",
    "search.btn.price_type": "✏️ 其他价格区间…",
    "search.btn.add_to_order": "🛒 加入采购单 · {price}",
    "search.btn.seller_goods": "🏪 该店铺更多商品",
    "search.btn.chat": "💬 联系卖家",
    "search.btn.chat_open": "💬 打开聊天",
    "search.btn.back_to_results": "◀ 返回搜索结果",
    "search.sort.relevance": "↕ 综合排序",
    "search.sort.price_asc": "↕ 价格从低到高",
    "search.sort.price_desc": "↕ 价格从高到低",
    "search.sort.sales": "↕ 销量优先",
    "search.head.keyword": (
        "🔎 <b>{platform}</b> · “{words}” · 共 {total} 个结果 · 第 {page}/{pages} 页"
    ),
    "search.head.image": (
        "📷 <b>{platform}</b> · 相似商品 · 共 {total} 个结果 · 第 {page}/{pages} 页"
    ),
    "search.head.seller": "🏪 <b>{seller}</b> · 共 {total} 件商品 · 第 {page}/{pages} 页",
    "search.filters": "<i>{filters}</i>",
    "search.price": "💴 {price}",
    "search.price_promo": "💴 {price} <s>{original}</s>",
    "search.moq": "{moq}{unit}起批",
    "search.sold": "已售 {count}",
    "search.tap_number": "点编号查看商品。",
    "search.none.keyword": "🔎 在{platform}没有找到“{words}”。",
    "search.none.image": "📷 {platform}没有找到与这张图片相似的商品。",
    "search.none.seller": "🏪 {seller}暂无符合条件的在售商品。",
    "search.none.price": "价格筛选：{range} — 清除后可看到更多。",
    "search.card.price": "💴 {price}",
    "search.card.promo": "💴 {price} <s>{original}</s> 🏷 促销中",
    "search.card.stock": "📦 规格：{options} · 库存：{stock}",
    "search.card.tap_option": "点规格即可加入采购单。",
    "search.card.sold_out": "暂时售罄。",
    "search.ask_range": (
        "💴 请回复价格区间（元），例如 <code>20-80</code>、<code>&lt;50</code> "
        "或 <code>&gt;100</code>。"
    ),
    "search.err.expired": "这次搜索已过期，请重新发送 /search。",
    "search.err.product_gone": "该商品已不在{platform}上架。",
    "search.err.option_gone": "该规格已下架，请重新打开商品。",
    "search.err.unsupported": "平台不提供这项功能。",
    "search.err.refused": "平台拒绝了搜索：{reason}",
    "search.err.platform_down": "⚠️ 平台暂时没有响应。搜索已保留，请稍后重试。",
    "search.err.download": "⚠️ 无法从 Telegram 取得这张图片，请重新发送。",
    "err.search.empty": "请告诉我要找什么，例如 <code>/search 蓝牙耳机</code>。",
    "err.search.too_long": "关键词最多 {limit} 个字符，你发了 {length} 个。请用几个关键词。",
    "err.search.range_invalid": (
        "这不是价格区间。请回复 <code>20-80</code>、<code>&lt;50</code> "
        "或 <code>&gt;100</code>（元）。"
    ),
    "err.search.not_image": (
        "📷 这个文件不是可识别的图片。请发送照片（JPEG、PNG、WebP 等）来以图搜货。"
    ),
    "err.search.image_too_big": (
        "📷 这张图片有 {size_mb} MB，太大了。请以照片方式发送（Telegram 会压缩），"
        "或发送不超过 {limit_mb} MB 的文件。"
    ),
    "err.search.image_too_many_pixels": (
        "📷 这张图片有 {width}×{height} 像素，太大了。请以照片方式发送。"
    ),
}
