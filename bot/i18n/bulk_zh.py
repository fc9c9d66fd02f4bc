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
    "batch.placed_total": "已下单：{orders}，共 {total}。",
    "btn.pay_all": "💳 全部付款（{count}）",
    # 多个订单一次付款
    "pay.none": "本聊天中没有待付款的订单。",
    "pay.title": (
        "💳 <b>待付款订单</b>（{count}）\n点按选择。已选：{selected} · {total}\n"
        "一次付款请求支付全部所选订单。"
    ),
    "btn.pay_select_all": "☑️ 全选",
    "btn.pay_selected": "💳 支付所选（{count}）",
    "pay.closed": "已关闭，未付款。",
    "pay.paying": "💳 正在付款…",
    "pay.nothing_left": "没有需要付款的订单：这些订单已付款或已关闭。",
    "pay.result_title": "💳 <b>付款结果</b>：{orders}中 {paid} 个已付款。",
    "pay.line_paid": "✅ {ref} 已付款 · {total}",
    "pay.line_cashier": "💳 {ref} · {total}：该商家只接受在收银台付款。",
    "pay.line_failed": "⚠️ {ref} 无法付款：{reason}",
    "pay.line_checking": (
        "⏳ {ref}：平台尚未答复；我正在核实订单状态，有结果会通知你。绝不会重复付款。"
    ),
    "btn.pay_at_cashier": "💳 去收银台支付 {ref}",
    "action.bulk_pay.done": "✅ 已向平台核实：{orders}中 {paid} 个已付款。",
    "action.bulk_pay.not_done": (
        "ℹ️ 已向平台核实：{orders}的付款没有成功，未扣款；发送 /pay 可重试。"
    ),
    "action.bulk_pay.failed": "⚠️ {orders}的付款没有成功。",
    "action.bulk_pay.checking": "⏳ 平台尚未答复 {orders}的付款结果；正在核实。",
    # 表格下单（/bulk）
    "bulk.explain": (
        "📑 <b>用表格下单</b>\n"
        "填写上面的模板（XLSX 或 CSV），再作为文件发送到这里。各列：\n"
        "• <b>platform 平台</b>：taobao 或 1688（商品是链接时可留空）\n"
        "• <b>item 商品</b>：商品链接或 ID\n"
        "• <b>sku 规格</b>：SKU ID，或属性如 <code>颜色:黑色;尺码:XL</code>\n"
        "• <b>quantity 数量</b>\n"
        "• <b>price cap 单价上限</b>（可选）：每件最多付多少，单位 ¥\n"
        "• <b>receiver 收货人</b>（可选）：完整地址；没有收货人的行在检查后统一填写一个\n"
        "• <b>your order number 你的订单号</b>（可选）：订单号相同的行合成一个订单；"
        "其余每行各成一单\n\n"
        "最多 {rows} 行、{size_kb} KB；CSV 可用 UTF-8 或 GBK。下单前每一行都会向平台核对。"
        "同样的行再次发送也绝不会重复下单。"
    ),
    "bulk.err.format": "请把表格作为 .xlsx 或 .csv 文件发送。",
    "bulk.err.size": "文件太大：最多 {size_kb} KB。",
    "bulk.err.download": "无法从 Telegram 下载该文件，请重新发送。",
    "bulk.err.send_file": "请把填好的表格作为文件发送（XLSX 或 CSV），或发送 /cancel。",
    "bulk.checking": "🔎 正在向平台核对 {rows}…",
    "bulk.ask_receiver": (
        "📍 有 {rows}没有收货人。请粘贴一个地址（姓名、手机、地址）用于这些行，或选择已保存的地址："
    ),
    "bulk.problem_line": "• 第 {row} 行：{problem}",
    "bulk.more_problems": "… 还有 {count} 行（见文件）",
    "bulk.summary": (
        "📑 <b>核对完成</b>：{ok}正常，<b>{bad} 行有错误</b>：\n{problems}\n\n"
        "改好后重新发送文件，或跳过有错误的行。"
    ),
    "btn.bulk_skip": "⏭ 跳过错误行（{count} 行正常）",
    "bulk.col.error": "错误",
    "bulk.errors_caption": "{rows}有错误：见“错误”一列。",
    "bulk.preview_title": "🧾 <b>预览</b> — {rows}组成 {orders}",
    "bulk.preview_taobao": "\n<b>淘宝</b> — {orders}：",
    "bulk.preview_order": "• 第 {rows} 行 · 共 {lines} · {total}",
    "bulk.preview_more": "… 还有 {count} 个",
    "bulk.preview_1688": "\n<b>1688</b> — {sellers}：",
    "bulk.preview_seller": (
        "🏪 {seller}：{orders}，{rows}\n    货款 {goods} + 运费 {postage} = <b>{total}</b>"
    ),
    "bulk.preview_totals": "\n货款：{goods}\n国内运费：{postage}\n<b>合计：{total}</b>",
    "bulk.preview_skipped": "⏭ 已跳过有错误的 {rows}（结果文件中仍会列出）。",
    "bulk.preview_known": "ℹ️ 有 {orders}此前已用同样的行下过单，不会再次下单。",
    "btn.bulk_confirm": "✅ 下单 {orders}",
    "btn.bulk_request_approval": "📨 提交审批",
    "bulk.started_short": "正在后台提交…",
    "bulk.cancelled": "已取消，没有下单。",
    "bulk.progress": "⏳ <b>{ref}</b>：正在提交 {done}/{total} — {refused} 行被拒",
    "bulk.finished": (
        "✅ <b>{ref} 已完成</b>：{placed}已下单，{before} 行此前已下单，{refused} 行被拒，"
        "{checking} 行核实中，{skipped} 行跳过 — 共 {rows}。\n结果文件中每个输入行对应一行。"
    ),
    "bulk.col.0": "订单",
    "bulk.col.1": "平台订单号",
    "bulk.col.2": "状态",
    "bulk.col.3": "原因",
    "bulk.state.skipped": "已跳过",
    "bulk.state.queued": "未提交",
    "bulk.state.placed": "已下单",
    "bulk.state.already_placed": "此前已下单",
    "bulk.state.refused": "被拒绝",
    "bulk.state.checking": "核实中",
    "bulk.result_caption": "📑 {ref} 的结果",
    "bulk.card": (
        "🗳 <b>审批请求</b> — 批量订单 {ref}\n申请人 {requester} · {file}\n"
        "{rows}组成 {orders} · <b>{total}</b>"
    ),
    "bulk.answer.decided": "已有决定（{name}）。",
    "bulk.card_rejected": "❌ <b>已拒绝</b> — 批量订单 {ref}，审批人 {name}。未下单。",
    "bulk.card_approved": "✅ <b>已批准</b> — 批量订单 {ref}，审批人 {name}。正在提交…",
    # 行的问题
    "sheet.err.columns": "表格缺少这些列：{missing}。请从模板开始填写。",
    "sheet.err.empty": "表格中没有数据行。",
    "sheet.err.too_many_rows": "表格超过 {maximum} 行，请拆分。",
    "sheet.err.unreadable": "无法把该文件读作表格。",
    "sheet.err.encoding": "该 CSV 既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8。",
    "sheet.err.platform": "未知平台“{value}”（taobao 或 1688）",
    "sheet.err.no_item": "没有商品链接或 ID",
    "sheet.err.short_link": "这是短链接：请填写完整的商品链接或 ID",
    "sheet.err.platform_mismatch": "链接不属于平台“{value}”",
    "sheet.err.which_platform": "商品 {value}：请注明平台（taobao 或 1688）",
    "sheet.err.quantity": "数量“{value}”不是至少为 1 的整数",
    "sheet.err.receiver": "收货人信息不完整（缺少：{missing}）",
    "sheet.err.not_found": "平台上找不到商品 {item}",
    "sheet.err.platform_refused": "平台拒绝：{reason}",
    "sheet.err.platform_down": "平台没有响应；请稍后重新发送文件",
    "sheet.err.sku": "没有规格“{value}”；可选：{choices}",
    "sheet.err.sku_needed": "该商品有多个规格，请选择一个：{choices}",
    "sheet.err.moq": "起订量为 {moq}（当前 {qty}）",
    "sheet.err.stock": "库存只有 {stock}",
    "sheet.err.price": "价格 ¥{price} 高于你的上限 ¥{cap}",
    "sheet.err.receivers_differ": "同一订单号的各行收货人不同",
    "sheet.err.too_many_lines": "一个订单最多 {maximum} 行",
    "sheet.err.quote": "平台不接受：{reason}",
}
