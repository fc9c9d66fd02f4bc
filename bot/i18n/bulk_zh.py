"""批量下单的中文文案：1688 跨商家（#B）、多个订单一次付款（/pay、全部付款）、表格下单（/bulk）。"""

MESSAGES: dict[str, str] = {
    "cmd.pay": "一次支付多个未付款订单",
    "cmd.bulk": "用表格下单（XLSX 或 CSV）",
    # 1688 跨商家
    "batch.seller_title": "🏪 <b>商家 {n}/{count}：{seller}</b>",
    "batch.seller_totals": "    运费：{postage} · <b>订单合计：{total}</b>",
    "batch.seller_problem": "    ⚠️ 该商家的订单无法下单：{reason}",
    "batch.totals": (
        "<b>共 {count} 个订单（每个商家一单）</b>\n货款：{subtotal}\n国内运费：{postage}\n"
        "<b>合计：{total}</b>"
    ),
    "batch.result_title": "📦 <b>批次 {ref}</b> — {count} 个商家订单",
    "batch.line_placed": (
        "{n}. ✅ {seller}\n    {ref} · 平台订单号 <code>{order_no}</code> · {total}\n    {status}"
    ),
    "batch.line_checking": (
        "{n}. ⏳ {seller} — {ref}：平台尚未答复；我正在核实（最长 {minutes} 分钟），"
        "有结果会通知你。不会重复下单。"
    ),
    "batch.line_refused": "{n}. ❌ {seller} — 被拒绝：{reason}",
    "batch.placed_total": "已下单：{count} 个订单，共 {total}。",
    "btn.pay_all": "💳 全部付款（{count}）",
    # 多个订单一次付款
    "pay.none": "本聊天中没有待付款的订单。",
    "pay.title": (
        "💳 <b>待付款订单</b>（{count}）\n点按选择。已选：{selected} · {total}\n"
        "一次付款请求支付全部所选订单。"
    ),
    "btn.pay_select_all": "☑️ 全选",
    "btn.pay_selected": "💳 支付所选（{count}）",
    "btn.close": "✖ 关闭",
    "pay.closed": "已关闭，未付款。",
    "pay.paying": "💳 正在付款…",
    "pay.nothing_left": "没有需要付款的订单：这些订单已付款或已关闭。",
    "pay.result_title": "💳 <b>付款结果</b>：{count} 个订单中 {paid} 个已付款。",
    "pay.line_paid": "✅ {ref} 已付款 · {total}",
    "pay.line_cashier": "💳 {ref} · {total}：该商家只接受在收银台付款。",
    "pay.line_failed": "⚠️ {ref} 无法付款：{reason}",
    "pay.line_checking": (
        "⏳ {ref}：平台尚未答复；我正在核实订单状态，有结果会通知你。绝不会重复付款。"
    ),
    "btn.pay_at_cashier": "💳 去收银台支付 {ref}",
    "action.bulk_pay.done": "✅ 已向平台核实：{count} 个订单中 {paid} 个已付款。",
    "action.bulk_pay.not_done": (
        "ℹ️ 已向平台核实：{count} 个订单的付款没有成功，未扣款；发送 /pay 可重试。"
    ),
    "action.bulk_pay.failed": "⚠️ {count} 个订单的付款没有成功。",
    "action.bulk_pay.checking": "⏳ 平台尚未答复 {count} 个订单的付款结果；正在核实。",
}
