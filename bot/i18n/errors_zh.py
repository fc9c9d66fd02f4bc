"""Simplified Chinese texts for the domain's input errors: `err.<InputError.code>`.

Same keys and placeholders as errors_en.py.
"""

MESSAGES: dict[str, str] = {
    # money.py
    "err.amount.empty": "请输入金额，例如 12.50。",
    "err.amount.invalid": "这不是有效的金额。请写成 12.50、¥12.50 或 1250分（¥ 和 分 只用一个）。",
    "err.amount.negative": "金额不能为负数。",
    "err.amount.bad_separator": "小数请用点号，逗号只用作千位分隔，例如 1,234.50。",
    "err.amount.fen_fraction": "以分为单位的金额必须是整数，例如 1250分。",
    "err.amount.too_precise": "金额最多两位小数（精确到分），例如 12.34。",
    "err.amount.zero": "金额必须大于 0。",
    "err.amount.too_large": "金额超过上限 {maximum}。",
    "err.amount.bad_type": "平台返回的金额类型不对（{type}）。",
    # quantity.py: typed quantities
    "err.quantity.empty": "请输入数量，例如 2。",
    "err.quantity.not_a_number": "“{text}”不是数字，请输入整数，例如 2。",
    "err.quantity.negative": "数量不能为负数。",
    "err.quantity.not_whole": "数量必须是整数，例如 2。",
    "err.quantity.zero": "数量至少为 1。",
    "err.quantity.below_minimum": "该商品起订量为 {minimum}。",
    "err.quantity.out_of_stock": "该商品已无库存。",
    "err.quantity.above_stock": "库存只有 {stock}。",
    "err.quantity.too_large": "每行最多 {maximum} 件。",
    # quantity.py: pasted order lines
    "err.order_line.fields": (
        "第 {line} 行：应有 3 或 4 项，<code>商品ID SKU-ID 数量 [单价]</code>（实际：{count}）。"
    ),
    "err.order_line.item_id": "第 {line} 行：“{value}”不是有效的商品 ID。",
    "err.order_line.sku_id": "第 {line} 行：“{value}”不是有效的 SKU ID。",
    "err.order_line.quantity": "第 {line} 行：数量无效，请填整数，例如 2。",
    "err.order_line.price": "第 {line} 行：单价无效，请写成 12.50 或 1250分。",
    "err.order_line.too_many": "第 {line} 行：一次最多 {maximum} 行。",
    "err.order_line.empty": "没有找到商品行。每行一条：<code>商品ID SKU-ID 数量 [单价]</code>。",
    # receiver_fields.py and receiver.py
    "err.receiver.name.empty": "请输入收货人姓名。",
    "err.receiver.name.too_long": "姓名不能超过 {maximum} 个字符。",
    "err.receiver.name.digits_only": "姓名不能全是数字。",
    "err.receiver.name.invalid": "姓名必须包含文字。",
    "err.receiver.mobile.empty": "请输入手机号。",
    "err.receiver.mobile.invalid": "手机号无效，请检查号码和国家区号。",
    "err.receiver.mobile.too_short": "手机号位数不够。",
    "err.receiver.mobile.too_long": "手机号位数太多。",
    "err.receiver.mobile.not_mobile": "这看起来是座机号。请填写手机号（座机可以填在“电话”里）。",
    "err.receiver.phone.too_long": "电话不能超过 {maximum} 个字符。",
    "err.receiver.phone.invalid": "电话格式不对。",
    "err.receiver.country.empty": "请输入国家/地区。",
    "err.receiver.country.too_long": "国家/地区不能超过 {maximum} 个字符。",
    "err.receiver.country.invalid": "国家/地区格式不对。",
    "err.receiver.state.empty": "请输入省份/州。",
    "err.receiver.state.too_long": "省份/州不能超过 {maximum} 个字符。",
    "err.receiver.state.unknown_province": (
        "“{text}”不是中国的省份。请写成 浙江省、广东 或 Shanghai 这样的格式。"
    ),
    "err.receiver.state.invalid": "省份/州格式不对。",
    "err.receiver.city.empty": "请输入城市。",
    "err.receiver.city.too_long": "城市不能超过 {maximum} 个字符。",
    "err.receiver.city.invalid": "城市格式不对。",
    "err.receiver.district.too_long": "区/县不能超过 {maximum} 个字符。",
    "err.receiver.district.invalid": "区/县格式不对。",
    "err.receiver.address.empty": "请输入详细地址。",
    "err.receiver.address.too_short": "详细地址至少 {minimum} 个字符（街道和门牌号）。",
    "err.receiver.address.too_long": "详细地址不能超过 {maximum} 个字符。",
    "err.receiver.address.invalid": "详细地址格式不对。",
    "err.receiver.zip.empty": "请输入邮编。",
    "err.receiver.zip.invalid_cn": "中国邮编是 6 位数字，例如 311121。",
    "err.receiver.zip.invalid": "邮编应为 3 到 10 位字母、数字、空格或短横线。",
    "err.receiver.receiver.invalid": "收货地址无效。",
    # links.py
    "err.link.not_found": (
        "没有找到商品链接或 ID。请粘贴淘宝、天猫或 1688 的商品链接、App 分享文字或商品 ID。"
    ),
    "err.link.no_item_id": "这个链接不是单个商品的页面。请打开商品详情页，复制它的链接。",
    "err.link.short_unreachable": (
        "我这里打不开这个短链接。请在浏览器中打开，再粘贴完整的商品链接，或直接发送商品 ID。"
    ),
    "err.link.short_no_product": "这个短链接打开后不是商品页面。请粘贴商品本身的链接或商品 ID。",
    "err.link.unsupported": "只能下单淘宝、天猫和 1688 的商品；这个链接来自 {platform}。",
    "err.link.bad_id": "商品 ID 是 6 到 20 位数字；“{id}”有 {digits} 位。",
    "err.link.token_only": "这段口令里没有链接。请在 App 里选“复制链接”，再粘贴过来。",
    # draft.py
    "err.draft.no_such_line": "没有第 {line} 行；最后一行是第 {count} 行。",
    "err.draft.too_many_lines": "一张采购单最多 {maximum} 行。",
    "err.draft.budget_negative": "预算不能为负数。",
    "err.draft.budget_below_total": "预算 {cap} 低于订单合计 {total}。",
    "err.seller_order_number.empty": "请输入订单号。",
    "err.seller_order_number.too_long": "订单号最多 {maximum} 个字符。",
    "err.seller_order_number.invalid": "订单号只能包含字母、数字、“_”和“-”。",
    "err.order_source.unknown": "订单来源必须是以下之一：{choices}。",
}
