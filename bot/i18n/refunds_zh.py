"""售后（退款、退货退款）与付款凭证的中文文本。"""

MESSAGES: dict[str, str] = {
    "cmd.refunds": "本聊天的退款与退货申请",
    # buttons
    "btn.refund_request": "↩️ 退款 / 退货",
    "btn.send_voucher": "🧾 上传付款凭证",
    "btn.refund_line": "{n}. {title} × {qty}",
    "btn.refund_busy": "{label} · {ref} 处理中",
    "btn.refund_whole": "🧾 整个订单",
    "btn.refund_kind.refund": "💰 仅退款",
    "btn.refund_kind.return": "📦 退货退款",
    "btn.refund_max": "申请最高金额 {amount}",
    "btn.photos_done": "✅ 完成（{count}）",
    "btn.photos_clear": "🗑 删除照片",
    "btn.photos_none": "不传照片 ▶",
    "btn.refund_send": "✅ 提交申请",
    "btn.refund_to_approval": "📨 提交审批",
    "btn.refund_modify_send": "✅ 提交修改",
    "btn.return_send": "✅ 提交运单号",
    "btn.back_to_refund": "◀ 返回退款",
    "btn.refund_withdraw": "✖ 撤回申请",
    "btn.return_goods": "📦 寄回商品",
    "btn.refund_modify": "✏️ 修改",
    "btn.refund_cancel": "✖ 撤销申请",
    "btn.refund_cancel_yes": "✅ 确定撤销申请",
    "btn.refund_messages": "💬 协商记录",
    "btn.open_refund": "↩️ 打开退款 {ref}",
    # /refunds
    "refunds.title": "↩️ <b>本聊天的退款与退货申请</b>（{count}）— 最新的在前",
    "refunds.empty": (
        "本聊天还没有退款或退货申请。打开一个已付款的订单（/orders），点 ↩️ 退款 / 退货。"
    ),
    "refunds.button": "{ref} · {order} · {status} · {amount}",
    # our side of a request, and the platform's status in buyer words
    "refund.state.pending_approval": "🕒 等待审批人",
    "refund.state.submitting": "⏳ 正在提交到平台",
    "refund.state.unknown": "⏳ 平台还没有响应 — 正在核实",
    "refund.state.submitted": "📨 已在平台处理",
    "refund.state.failed": "❌ 未提交：平台拒绝了",
    "refund.state.declined": "❌ 审批人未通过",
    "refund.state.withdrawn": "✖ 已撤回",
    "refund.status.none": "— 未申请退款",
    "refund.status.requested": "⏳ 已申请 — 等待卖家处理",
    "refund.status.return_goods": "📦 卖家已同意 — 请寄回商品",
    "refund.status.return_sent": "🚚 商品寄回中 — 等待卖家收货",
    "refund.status.refunded": "✅ 已退款",
    "refund.status.refused": "⛔ 卖家拒绝了",
    "refund.status.closed": "✖ 已关闭",
    "refund.status.unknown": "❔ {raw}",
    "refund.kind.refund": "仅退款",
    "refund.kind.return": "退货退款",
    "refund.whole_order": "整个订单",
    "refund.line": "第 {n} 行：{title} · <i>{sku}</i> × {qty}",
    # the card
    "refund.card.title": "↩️ <b>退款 {ref}</b> · 订单 {order} · {platform}\n{status}",
    "refund.card.goods": "商品：{goods}",
    "refund.card.kind": "申请：{kind}",
    "refund.card.reason": "原因：{reason}",
    "refund.card.amount": "金额：<b>{amount}</b>",
    "refund.card.amount_of": "金额：<b>{amount}</b>（最多 {most}）",
    "refund.card.description": "说明：{text}",
    "refund.card.photos": "📷 凭证照片：{count} 张",
    "refund.card.refunded": "💴 <b>已退款：{amount}</b>",
    "refund.card.seller_reason": "🗣 卖家的答复：{reason}",
    "refund.card.return_to": "📮 请把商品寄回：\n{address}",
    "refund.card.returned": "📦 已寄回：{company} <code>{number}</code>",
    "refund.card.declined": "❌ {name} 未通过：{reason}",
    "refund.card.failed": "⚠️ {reason}",
    "refund.card.number": "平台退款单号：<code>{number}</code>",
    "refund.card.requested": "{name} 申请于 {when}（北京时间）",
    "refund.card.note": "\n{note}",
    "refund.deadline.seller_agree": "⏳ 卖家还有 {left} 处理（超时视为同意）",
    "refund.deadline.buyer_return": "⏳ 还有 {left} 寄回商品，超时申请关闭",
    "refund.deadline.seller_receive": "⏳ 卖家还有 {left} 确认收货，超时自动退款",
    "refund.deadline.buyer_modify": "⏳ 还有 {left} 修改申请，超时申请关闭",
    "refund.deadline.other": "⏳ 还有 {left} 平台将处理",
    "time.days_hours": "{days} 天 {hours} 小时",
    "time.hours_minutes": "{hours} 小时 {minutes} 分钟",
    "time.minutes": "{minutes} 分钟",
    "time.under_a_minute": "不到一分钟",
    # the request's steps
    "refund.ask.line": "↩️ <b>退款或退货 — 订单 {order}</b>\n是哪件商品？",
    "refund.ask.kind": (
        "{goods}要申请什么？\n"
        "💰 <b>仅退款</b>：只退钱（没收到货，或不需要寄回）。\n"
        "📦 <b>退货退款</b>：把商品寄回再退钱。"
    ),
    "refund.ask.reason": "原因（{kind}）？请选择平台给出的原因：",
    "refund.ask.amount": (
        "申请退多少钱？最多 {most}。\n发送金额（如 12.50 或 1250分），或申请最高金额。"
    ),
    "refund.ask.amount_now": "当前：{amount}",
    "refund.ask.description": "给卖家描述一下问题（最多 {limit} 个字），也可以跳过。",
    "refund.ask.description_now": "当前：{text}",
    "refund.ask.photos": (
        "📷 发送照片作为凭证 — 最多 {limit} 张（已发"
        " {count} 张）。照片或图片文件都可以；发完点完成。"
    ),
    "refund.ask.carrier": "用哪家快递寄回？",
    "refund.ask.tracking": "请发送{company}的运单号（如 <code>{example}</code>）。",
    "refund.preview.title": "↩️ <b>你的申请 — 订单 {order}</b>\n请核对后提交。",
    "refund.preview.modify": "✏️ <b>你的修改 — 订单 {order}</b>\n请核对后提交。",
    "refund.preview.approval": "🕒 申请需要团队群的审批人同意后才会提交到平台。",
    "refund.return.address": "📮 <b>请把商品寄回：</b>\n{address}",
    "refund.return.note": "卖家要求：{note}",
    "refund.return.confirm": "📦 <b>你的退货快递</b> — 请核对后提交。",
    "refund.return.shipment": "快递公司：{company}\n运单号：<code>{number}</code>",
    # answers to button presses (short)
    "refund.answer.not_now": "这个订单现在不能这样操作。",
    "refund.answer.busy": "这些商品已有处理中的申请 {ref}。",
    "refund.answer.gone": "这里没有这个申请。",
    "refund.answer.sending": "正在提交…",
    "refund.answer.approving": "✅ 已同意 — 正在提交…",
    "refund.answer.decided": "已由 {name} 处理。",
    "refund.answer.not_approver": "⛔ 你不能在这里审批退款申请。",
    "refund.answer.self": "⛔ 你不能审批自己的申请。",
    # notes on the panel or the card
    "refund.note.sent": "📨 已提交：卖家已收到你的申请。",
    "refund.note.modified": "📨 修改已提交给卖家。",
    "refund.note.returned": "📨 运单号已提交：卖家等待收货。",
    "refund.note.message_sent": "📨 已发送给卖家。",
    "refund.note.cancelled_request": "✖ 申请已撤销。",
    "refund.note.withdrawn": "✖ 已撤回：没有提交到平台。",
    "refund.note.refused": "❌ 平台拒绝了：{reason}",
    "refund.note.nothing_left": "这些商品已没有可退的金额。",
    "refund.note.cancelled": "✖ 退款申请已取消，没有提交任何内容。",
    "refund.note.left": "没有做任何修改。",
    "refund.note.sent_for_approval": "📨 已发到订单所属的团队群：审批人同意后才会提交到平台。",
    "refund.note.timeout_other": "⌛ {minutes} 分钟没有操作，我不再等待；申请保持原样。",
    "refund.note.timeout": "⌛ 退款申请在 {minutes} 分钟无响应后已关闭，没有提交任何内容。",
    # bad input
    "refund.err.not_expected": "这里不需要这个。请使用上面的按钮，或发送 /cancel。",
    "refund.err.empty": "请发送一些文字。",
    "refund.err.too_many_photos": (
        "最多 {limit} 张照片 — 这张没有添加。点完成，或删除照片重新开始。"
    ),
    "refund.err.photo.not_image": (
        "这个文件不是可以打开的图片。请发送照片或图片文件（JPEG、PNG…）。"
    ),
    "refund.err.photo.too_big": "这张图片太大了（超过 20 MB 或 5000 万像素）。",
    "refund.err.photo.too_small": "这张图片太小，看不清内容。",
    "refund.err.photo.download": "没能从 Telegram 取到这张图片，请重新发送。",
    "refund.err.photo.twice": "这张图片已经发过了。",
    "err.tracking.empty": "请发送运单号。",
    "err.tracking.too_long": "运单号最多 {limit} 个字符。",
    "err.tracking.invalid_chars": "“{text}”里有运单号不会有的字符；请只用字母和数字。",
    "err.tracking.bad_shape": "“{text}”不像{company}的运单号（如 <code>{example}</code>）。",
    # messages with the seller
    "refund.messages.title": "💬 <b>协商记录 — 退款 {ref}</b>",
    "refund.messages.item": "{icon} <b>{who}</b> · {time}{photos}\n{text}",
    "refund.messages.buyer": "你",
    "refund.messages.seller": "卖家",
    "refund.messages.platform": "平台",
    "refund.messages.none": "还没有消息。",
    "refund.messages.older": "… 更早的消息未显示",
    "refund.messages.prompt": "✍️ 发送文字或照片给卖家留言。",
    # group approval
    "refund.approval.title": "🗳 <b>退款审批</b> — {ref} · 订单 {order}",
    "refund.approval.requested": "{requester} 申请于 {when}",
    "refund.approval.waiting": "⏳ <b>等待审批人</b>",
    "refund.approval.ask_reason": "{approver}，请回复这条消息，说明不通过 {ref} 的原因。",
    "refund.approval.approved": "✅ {name} 已同意",
    "refund.approval.declined": "❌ {name} 未通过：{reason}",
    "refund.approval.tell": "↩️ 你的退款申请 {ref}：{note}",
    # cancel
    "refund.cancel.ask": "撤销退款申请 {ref}？卖家会收到通知；在平台允许的期限内你还可以再次申请。",
    "refund.cancel.withdraw": "撤回退款申请 {ref}？它还没有提交到平台。",
    # pushed when a request moves
    "refund.notify": "🔔 <b>退款 {ref}</b>：{status}",
    # a call whose answer was lost: checking, then settled (pushed)
    "action.refund_submit.checking": (
        "⏳ 平台还没有响应。<b>请不要重复申请</b>：我正在核实订单 {ref} 的退款申请是否已送达，"
        "结果会在这里通知你。"
    ),
    "action.refund_submit.done": "✅ 已向平台核实：订单 {ref} 的退款申请<b>已送达</b>。",
    "action.refund_submit.not_done": (
        "ℹ️ 已向平台核实：订单 {ref} 的退款申请<b>没有送达</b>。可以在订单卡片上重新申请。"
    ),
    "action.refund_submit.failed": "⚠️ 订单 {ref} 的退款申请没有被受理。",
    "action.refund_modify.checking": (
        "⏳ 平台还没有响应。我正在核实订单 {ref} 的退款申请修改是否已送达。"
    ),
    "action.refund_modify.done": "✅ 已向平台核实：订单 {ref} 的退款申请<b>已修改</b>。",
    "action.refund_modify.not_done": (
        "ℹ️ 已向平台核实：订单 {ref} 的退款申请<b>没有修改</b>。可以在退款卡片上再修改一次。"
    ),
    "action.refund_modify.failed": "⚠️ 订单 {ref} 的退款申请没有修改成功。",
    "action.refund_cancel.checking": (
        "⏳ 平台还没有响应。我正在核实订单 {ref} 的退款申请是否已撤销。"
    ),
    "action.refund_cancel.done": "✅ 已向平台核实：订单 {ref} 的退款申请<b>已撤销</b>。",
    "action.refund_cancel.not_done": "ℹ️ 已向平台核实：订单 {ref} 的退款申请<b>没有撤销</b>。",
    "action.refund_cancel.failed": "⚠️ 订单 {ref} 的退款申请无法撤销。",
    "action.refund_return.checking": (
        "⏳ 平台还没有响应。我正在核实订单 {ref} 的退货运单号是否已送达。"
    ),
    "action.refund_return.done": "✅ 已向平台核实：订单 {ref} 的退货运单号<b>已送达</b>。",
    "action.refund_return.not_done": (
        "ℹ️ 已向平台核实：订单 {ref} 的退货运单号<b>没有送达</b>。可以在退款卡片上重新提交。"
    ),
    "action.refund_return.failed": "⚠️ 订单 {ref} 的退货运单号没有被受理。",
    "action.refund_message.checking": (
        "⏳ 平台还没有响应。我正在核实你关于订单 {ref} 的留言是否已送达卖家。"
    ),
    "action.refund_message.done": "✅ 已核实：你关于订单 {ref} 的留言已送达卖家。",
    "action.refund_message.not_done": (
        "ℹ️ 已核实：你关于订单 {ref} 的留言<b>没有送达</b>卖家。可以再发一次。"
    ),
    "action.refund_message.failed": "⚠️ 你关于订单 {ref} 的留言没有被受理。",
    # payment voucher
    "card.voucher_sent": "🧾 付款凭证已于 {when} 上传（北京时间）",
    "voucher.ask": (
        "🧾 <b>付款凭证 — 订单 {ref}</b>\n"
        "请发送 {total} 银行转账的照片（或图片文件）。平台财务核对后，订单即视为已付款。"
    ),
    "voucher.answer.not_now": "这个订单不需要上传付款凭证。",
    "voucher.err.photo_only": "请发送转账回单的照片，或点取消。",
    "voucher.note.sent": "🧾 凭证已上传：平台正在核对转账。",
    "voucher.note.cancelled": "没有上传凭证。",
    "action.voucher.checking": (
        "⏳ 平台还没有响应。<b>请不要重复上传</b>：我正在核实订单 {ref} 的付款凭证是否已送达。"
    ),
    "action.voucher.done": "✅ 已向平台核实：订单 {ref} 的付款凭证已送达。",
    "action.voucher.not_done": (
        "ℹ️ 已向平台核实：订单 {ref} 的付款凭证<b>没有送达</b>。可以在订单卡片上重新上传。"
    ),
    "action.voucher.failed": "⚠️ 订单 {ref} 的付款凭证没有被受理。",
}
