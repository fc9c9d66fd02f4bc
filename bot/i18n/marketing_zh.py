"""简体中文：促销价、1688 店铺优惠，以及预览前的价格与库存复核。与 marketing_en.py 同样的键。"""

MESSAGES: dict[str, str] = {
    # 促销价与 1688 店铺优惠
    "promo.price_was": "{price} <s>{original}</s>",
    "promo.product": "🏷 促销中（原价 {original}）",
    "promo.discount": "🎁 店铺优惠 {name}：−{amount}",
    "card.discount": "🎁 店铺优惠 {promotion}：−{amount}（已计入合计）",
    "promo.offer": "🎁 卖家为这笔订单提供了优惠，可在下方选择。",
    "promo.gone": "🎁 优惠 {name} 已不适用于这笔订单，已取消。",
    "promo.btn.choose": "🎁 使用 {name} · −{amount}",
    "promo.btn.chosen": "✅ {name} · −{amount}",
    "promo.btn.none": "✖ 不使用优惠",
    # 预览前复核
    "recheck.title": "🔄 <b>加入后这些商品的价格或库存有变化</b>",
    "recheck.line": "{n}. {title} · <i>{sku}</i> × {qty}",
    "recheck.price": "    💴 价格变了 {old} → {new}",
    "recheck.short": "    📦 只剩 {stock} 件",
    "recheck.gone": "    ❌ 已无法购买：{reason}",
    "recheck.choose": "请逐行选择；全部处理后进入预览。",
    "recheck.btn.accept": "✅ {n}：接受新价格 {price}",
    "recheck.btn.quantity": "✏️ {n}：修改数量",
    "recheck.btn.remove": "🗑 {n}：删除这一行",
    "recheck.ask_qty": (
        "<b>{title}</b> · <i>{sku}</i> 要多少？当前库存：{stock}。（最小起订量：{moq}。）"
    ),
    "recheck.btn.back": "◀ 返回变化列表",
}
