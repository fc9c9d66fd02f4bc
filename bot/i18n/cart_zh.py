"""购物车的中文消息（/cart、“加入购物车”）。"""

MESSAGES: dict[str, str] = {
    "cmd.cart": "淘宝和 1688 购物车（在群里：团队共享的购物车）",
    "cart.btn.add": "🛒 加入购物车",
    "cart.title": "🛒 <b>{platform}购物车</b>",
    "cart.title_group": "🛒 <b>本群的{platform}购物车</b>（团队共享）",
    "cart.is_empty": "购物车是空的。在商品卡片上点“🛒 加入购物车”即可添加。",
    "cart.seller": "🏪 <b>{seller}</b>",
    "cart.row": "{n}. {mark} {title} · {sku}\n    {quantity} × {price} = {total}",
    "cart.line_by": "{line} · <i>{name} 添加</i>",
    "cart.disabled_title": "⛔ <b>暂时无法下单</b>",
    "cart.disabled_line": "{n}. {title} · {sku} × {quantity} — {reason}",
    "cart.total": "购物车合计：{total}",
    "cart.selected": "已选：{lines} · {total}",
    "cart.none_selected": "勾选要下单的行（☐ → ☑），然后点“下单所选”。",
    "cart.page": "第 {page}/{pages} 页",
    "cart.note.added": "✅ 已加入 {quantity} × {title} · {sku}。",
    "cart.note.changed": "✅ 数量已修改。",
    "cart.note.removed": "🗑 已删除。",
    "cart.note.emptied": "🗑 已删除 {lines}。",
    "cart.note.checking": "⏳ 平台没有及时回应；以下是平台现在显示的购物车。",
    "cart.btn.select_all": "☑ 全选",
    "cart.btn.select_none": "☐ 全不选",
    "cart.btn.order": "✅ 下单所选",
    "cart.btn.refresh": "🔄 刷新",
    "cart.btn.other": "🛒 {platform}购物车",
    "cart.btn.empty": "🗑 清空我添加的",
    "cart.btn.empty_yes": "🗑 确定删除",
    "cart.btn.back": "⬅️ 返回购物车",
    "cart.btn.close": "✖️ 关闭",
    "cart.btn.view": "🛒 打开购物车",
    "cart.ask.empty": "删除你在这个购物车里添加的所有行？",
    "cart.ask.quantity": "<b>{title}</b> · {sku} 要多少件？现在 {quantity}；库存 {stock}。",
    "cart.ask.quantity_moq": "1688 每单至少 {moq}。",
    "cart.ask.sku": "<b>{title}</b> 的哪个规格加入购物车？",
    "cart.ask.add_quantity": "{sku} 加入多少件？库存：{stock}。输入数字或点按钮。",
    "cart.closed": "🛒 购物车已关闭。发送 /cart 可再次打开。",
    "cart.err.elsewhere": (
        "这个规格已经在本机器人另一个聊天的购物车里（平台每个规格只有一行）。"
        "请在那里下单，或请他们先删除。"
    ),
    "cart.err.outside": (
        "这个规格已在平台账户的购物车里（不是通过本机器人添加的），请先在平台上删除。"
    ),
    "cart.err.refused": "平台拒绝了：{reason}",
    "cart.err.down": "平台暂时没有响应，请一分钟后再试。",
    "cart.err.unknown": "平台没有及时回应；发送 /cart 查看平台上的购物车。",
    "cart.err.gone": "这一行已经不在购物车里了。",
    "cart.err.not_yours": "只有添加这一行的 {name} 可以修改或删除它。",
    "cart.err.nothing_selected": "请先勾选要下单的行（☐ → ☑）。",
    "cart.err.draft_in_progress": (
        "你有一个正在进行的订单。请先完成或 /cancel 取消，再从购物车下单。"
    ),
    "cart.err.product_gone": "{platform}上已没有这个商品。",
    "cart.err.sold_out": "{sku} 已售罄。",
}
