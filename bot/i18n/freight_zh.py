"""简体中文：海外发货、运费估算与地址簿同步。"""

MESSAGES: dict[str, str] = {
    "btn.shipping_to": "🌏 运往…",
    "btn.change_country": "🌏 其他国家",
    "btn.change_quantity": "🔢 数量",
    "btn.close": "✖️ 关闭",
    "btn.ship_abroad": "🌏 海外发货",
    "btn.pre_warehouse": "🏬 前置仓",
    "btn.send_domestic": "🚚 提交国内物流",
    "btn.freight_options": "🚢 查看运费方案",
    "btn.book_freight": "✅ 预订此服务",
    "btn.warehouse_default": "🏬 使用 {name}",
    "btn.sync_now": "🔄 立即同步",
    "btn.address_edit_short": "📝 修改",
    "freight.ask_country": (
        "🌏 <b>海外运费</b>：{what}\n运往哪里？请选择国家，或输入国家名称或代码"
        "（如 <code>越南</code>、<code>US</code>）。"
    ),
    "freight.ask_quantity": "🔢 {what} 要多少件？（至少 {minimum}，最多 10,000）",
    "freight.your_order": "您的订单（{lines}）",
    "freight.nothing_to_estimate": "订单里还没有商品。",
    "freight.estimate": (
        "🌏 <b>运往{country}的运费</b>\n{what} × {quantity}\n\n{services}\n\n"
        "<i>平台按 {currency} 与人民币给出的估算；预订价以运费预览为准。</i>"
    ),
    "freight.service": "{head}🚚 <b>{company}</b> · {category} — {price}{days}",
    "freight.service_unavailable": "{head}🚫 <b>{company}</b> · {category} — 不可用（{reason}）",
    "freight.days": " · {n} 天",
    "freight.days_range": " · {low}–{high} 天",
    "freight.no_route": "🌏 平台没有运往{country}的物流服务。",
    "freight.refused": "⚠️ 无法估算运往{country}的运费：平台答复“{reason}”。",
    "freight.unavailable_now": "⚠️ 平台暂时没有响应，请稍后再试。",
    "freight.closed": "🌏 运费估算已关闭。",
    "abroad.ask_country": "🌏 <b>海外发货</b>：包裹寄往哪个国家？",
    "abroad.ask.name": "👤 {country}收件人全名：",
    "abroad.ask.mobile": "📱 收件人在{country}的电话（可带或不带国家区号）：",
    "abroad.ask.address1": "🏠 街道地址（门牌号、街道、坊/区）：",
    "abroad.ask.address2": "🏢 公寓、楼层、楼栋（可选）：",
    "abroad.ask.city": "🏙 城市：",
    "abroad.ask.state": "🗺 州或省：",
    "abroad.ask.zip": "📮 邮政编码：",
    "abroad.ask.tax_id": "🧾 收件人在{country}清关所需的税号：",
    "abroad.ask.email": "✉️ 供快递联系的邮箱（可选）：",
    "abroad.ask_paste": (
        "📋 粘贴完整的{country}地址：姓名、电话、街道、城市、州、邮编——分行或用逗号分隔。"
    ),
    "abroad.confirm_receiver": "📦 <b>海外收件人</b>\n{receiver}\n\n信息正确吗？",
    "abroad.services": (
        "🚢 <b>订单 {ref} 运往{country}的运费</b>\n\n{services}\n\n请选择要预订的服务。"
    ),
    "abroad.no_service": "🚫 没有物流服务能把这个订单运往{country}。",
    "abroad.ask_book": (
        "✅ 为订单 {ref} 以 <b>{price}</b> 预订 <b>{company}</b> · {category}？\n\n{receiver}\n\n"
        "这将创建国际物流订单。"
    ),
    "abroad.booking": "⏳ 正在创建国际物流订单…",
    "abroad.booked": (
        "✅ 订单 {ref} 由 {company} 发往海外：国际单号 <code>{number}</code>。/track 可查"
        "看两段物流。"
    ),
    "abroad.book_failed": "⚠️ 预订未成功：{reason}。请重新预览后再预订。",
    "abroad.cancelled": "已取消。",
    "abroad.not_now": "此订单现在不能海外发货（已预订，或已送达）。",
    "abroad.taobao_only": "平台的海外发货只支持淘宝/天猫订单；1688 订单请直接交给您的货代。",
    "abroad.operators_only": "只有运营人员可以修改前置仓。",
    "abroad.warehouse_too_late": "货物已在途：前置仓不能再改。",
    "abroad.ask_warehouse": (
        "🏬 <b>订单 {ref} 的前置仓</b>\n{current}\n\n请分两行输入仓库名称和地址"
        "（或 <code>名称 / 地址</code>）。"
    ),
    "abroad.warehouse_now": "当前：{name}，{address}",
    "abroad.warehouse_none": "尚未设置。",
    "abroad.warehouse_set": "🏬 前置仓已设置：{name}。",
    "abroad.domestic_sent": "🚚 国内物流单号已提交给货代：{numbers}。",
    "abroad.no_domestic": "🚚 卖家尚未发货：没有国内物流单号可提交。",
    "abroad.card.warehouse": "🏬 前置仓：{name}，{address}",
    "abroad.card.booked": "🌏 海外：<code>{number}</code> · {company} {category} · {price}",
    "abroad.card.domestic": "🚚 已提交的国内包裹：{numbers}",
    "track.international": "🌏 <b>国际段</b> · {company} · <code>{number}</code>",
    "action.freight_booking.checking": (
        "⏳ 平台没有答复订单 {ref} 的海外预订；正在核实是否已预订，结果会通知您。"
    ),
    "action.freight_booking.done": "✅ 已向平台核实：订单 {ref} <b>已预订</b>海外物流。",
    "action.freight_booking.not_done": (
        "❌ 已向平台核实：订单 {ref} <b>未</b>预订海外物流，请重新预订。"
    ),
    "action.freight_booking.failed": "⚠️ 订单 {ref} 的海外预订未成功。",
    "action.freight_domestic.checking": "⏳ 平台没有答复订单 {ref} 的国内物流提交；正在核实。",
    "action.freight_domestic.done": "✅ 货代已收到订单 {ref} 的国内物流单号。",
    "action.freight_domestic.not_done": "❌ 订单 {ref} 的国内物流单号没有送达货代，请重新提交。",
    "action.freight_domestic.failed": "⚠️ 订单 {ref} 的国内物流单号未被接受。",
    "action.warehouse.checking": "⏳ 平台没有答复订单 {ref} 的前置仓修改；正在核实。",
    "action.warehouse.done": "✅ 订单 {ref} 的前置仓已设置。",
    "action.warehouse.not_done": "❌ 订单 {ref} 的前置仓没有修改。",
    "action.warehouse.failed": "⚠️ 订单 {ref} 的前置仓无法修改。",
    "book.synced": "✅",
    "book.not_synced": "⚠️ 未同步",
    "book.sync_pending": "⏳ 同步中",
    "book.synced_now": "已与平台地址簿同步。",
    "book.still_not": "平台没有接受；地址仍按保存的样子保留在这里。",
    "book.ask_edit": (
        "📝 <b>{label}</b>\n{receiver}\n\n请重新粘贴地址（粘贴的内容替换旧值，其余不变）。"
    ),
    "book.edited": "✅ <b>{label}</b> 已更新，本地与平台地址簿均已同步：\n{receiver}",
    "book.edited_not_synced": (
        "✅ <b>{label}</b> 已在本地更新：\n{receiver}\n\n⚠️ 平台地址簿暂未接受，会自动重试，"
        "也可在 /addresses 中点“立即同步”。"
    ),
    "err.warehouse.format": "请分两行输入名称和地址，或写成 <code>名称 / 地址</code>。",
}
