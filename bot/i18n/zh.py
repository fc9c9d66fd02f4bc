"""Simplified Chinese messages. Same keys, tags, emoji and {params} as en.py; a key missing here
falls back to English."""

MESSAGES: dict[str, str] = {
    "money.with_raw": "{yuan}（{fen} 分）",
    # commands (setMyCommands)
    "cmd.neworder": "新建淘宝 / 1688 采购单",
    "cmd.addresses": "我保存的收货地址",
    "cmd.language": "切换机器人语言",
    "cmd.help": "使用说明",
    "cmd.cancel": "取消当前步骤",
    # start / help / access
    "start.text": (
        "👋 {name}，你好！我帮你在 PandaPon 平台下 <b>淘宝/天猫</b> 和 <b>1688</b> 采购单。\n\n"
        "发送 /neworder（或直接粘贴商品链接），选好规格和数量，填写收货地址，"
        "在预览里核对预算（¥ 和 分），然后确认提交。\n\n"
        "/addresses — 地址簿 · /language — 中文 / English · /help — 更多说明"
    ),
    "start.stranger": (
        "👋 {name}，你好！本机器人为团队在 PandaPon 平台下 <b>淘宝/天猫</b> 和 <b>1688</b> 采购单。"
    ),
    "start.sandbox_note": "🧪 <b>沙盒模式：</b>当前连接的是模拟平台，订单不是真实的。",
    "help.howto": (
        "<b>怎么下单</b>\n"
        "1. 发送 /neworder，选择淘宝或 1688（也可以直接粘贴链接）。\n"
        "2. 粘贴商品链接、App 分享文字或商品 ID。熟手可以一次粘贴多行 "
        "<code>商品ID SKU-ID 数量 [单价]</code>。\n"
        "3. 选择规格和数量；可以继续加商品，或进入下一步。\n"
        "4. 收货人：选已保存的地址、逐项填写，或整段粘贴地址。\n"
        "5. 预算：平台最多可扣的金额（不低于合计）。\n"
        "6. 预览 → ✅ 确认提交。你会收到订单号和每一行的结果。\n\n"
        "每一步都有 ◀ 返回 和 ✖ 取消；/cancel 随时可用。中途停下草稿会保留，"
        "发送 /neworder 即可继续。"
    ),
    "help.commands_title": "<b>全部命令</b>",
    "access.refused": (
        "⛔ 你没有使用本机器人下单的权限。\n"
        "你的 Telegram 用户 ID 是 <code>{user_id}</code>（当前聊天：<code>{chat_id}</code>）。"
        "请联系管理员把它加入 <code>ORDERBOT_ALLOWED_USERS</code>"
        "（或把本聊天加入 <code>ORDERBOT_ALLOWED_CHATS</code>）。"
    ),
    "access.refused_short": "⛔ 你没有使用本机器人的权限。发送 /start 查看你的 ID。",
    # language
    "ask.language": "请选择语言：",
    "note.language_set": "✅ 语言：简体中文。",
    # new order: platform and items
    "ask.resume": "你有一张未完成的采购单草稿（{lines}）。继续编辑还是重新开始？",
    "ask.platform": "🛒 <b>新建采购单</b>\n在哪个平台下单？（也可以直接粘贴商品链接。）",
    "ask.bare_id_platform": "<code>{item_id}</code> 是淘宝商品还是 1688 商品？",
    "ask.lines_platform": "<code>{item_id}</code> 在淘宝和 1688 上都有。这些商品行是哪个平台的？",
    "note.lines_platform": "🔎 <code>{item_id}</code> 是{platform}商品：本单为{platform}采购单。",
    "ask.item_taobao": (
        "🔗 请粘贴 <b>淘宝/天猫</b> 商品链接、App 分享文字或商品 ID。\n"
        "<i>一次粘贴多行</i> <code>商品ID SKU-ID 数量 [单价]</code> <i>可批量添加。</i>"
    ),
    "ask.item_1688": (
        "🔗 请粘贴 <b>1688</b> 商品链接、分享文字或商品 ID。\n"
        "<i>一次粘贴多行</i> <code>商品ID 规格ID 数量 [单价]</code> <i>可批量添加。</i>"
    ),
    "product.text": "<b>{title}</b>\n💴 {price}\n{extra}",
    "product.moq": "起订量：{moq}{unit}",
    "product.tier": "≥{qty}：{price}",
    "product.tiers": "阶梯价：{tiers}",
    "product.seller": "商家：{seller}",
    "label.promo_price": "{price}（原价 {original}）",
    "product.price_promo": "<b>{price}</b> <s>{original}</s>（促销价）",
    "label.sold_out": "已售罄",
    "ask.sku": "请选择规格（颜色、尺码…）：",
    "ask.qty": "<b>{sku}</b> 要买多少？（库存 {stock}）\n直接输入数字，或点下面的按钮。",
    "ask.qty_moq": "起订量：{moq}。",
    "cart.empty": "🛒 采购单里还没有商品。",
    "cart.line": "{n}. {title} · <i>{sku}</i>\n    {qty} × {price} = <b>{total}</b>",
    "cart.text": "🛒 <b>{platform} 采购单</b>\n{lines}\n\n小计：<b>{subtotal}</b>",
    "ask.remove_line": "要删除哪一行？",
    # address
    "ask.address": "📍 <b>收货人</b>\n请逐项填写地址，或整段粘贴。",
    "ask.address_saved": "📍 <b>收货人</b>\n选择已保存的地址、逐项填写，或整段粘贴。",
    "ask.address_paste": (
        "📋 请把完整地址发在一条消息里，例如：\n"
        "<code>张三 13812345678 浙江省杭州市余杭区文一西路969号 311121</code>"
    ),
    "ask.field.name": "👤 收货人<b>姓名</b>：",
    "ask.field.mobile": "📱 收货人<b>手机号</b>（如 13812345678 或 +86 138 1234 5678）：",
    "ask.field.country": "🌏 <b>国家/地区</b>（点“中国”或直接输入）：",
    "ask.field.state": "🗺 <b>省份/州</b>（如 浙江省）：",
    "ask.field.city": "🏙 <b>城市</b>（如 杭州市）：",
    "ask.field.district": "🏘 <b>区/县</b>（如 余杭区），没有可跳过：",
    "ask.field.address": "🏠 <b>详细地址</b>（街道、门牌号、楼栋、房间号）：",
    "ask.field.zip": "📮 <b>邮编</b>（中国为 6 位数字，如 311121）：",
    "field.name": "姓名",
    "field.mobile": "手机号",
    "field.phone": "固定电话",
    "field.country": "国家/地区",
    "field.state": "省份/州",
    "field.city": "城市",
    "field.district": "区/县",
    "field.address": "详细地址",
    "field.zip": "邮编",
    "field.receiver": "地址",
    "note.zip_optional": "<i>可不填：不清楚邮编就点“跳过”。</i>",
    "note.address_partial": "我从你的消息里识别到：\n{found}\n还缺几项信息。",
    "note.address_found": "• {field}：{detail}",
    "note.address_problem": "⚠️ {field}：{problem}",
    "ask.address_confirm": "📍 <b>收货人</b>\n{receiver}\n\n使用这个地址吗？",
    "note.address_saved": "已保存为“{label}”。",
    "ask.address_label": "请发送这个地址的新名称（或 /cancel）：",
    "note.address_renamed": "✅ 已改名为“{label}”。",
    "note.address_deleted": "已删除。",
    "book.empty": "📒 地址簿是空的。下单时保存的地址会出现在这里。",
    "book.title": "📒 <b>已保存的地址</b>（✏️ 改名 · 🗑 删除）",
    # budget, source, seller number
    "ask.budget": (
        "💰 <b>预算</b>\n{quote}\n\n"
        "预算是平台为这笔订单最多可扣的金额。"
        "可以直接按合计 {total}，或输入更高的上限，如 <code>{example}</code> 或 "
        "<code>{example_fen}</code>。"
    ),
    "ask.source": "🏷 这笔订单来自哪个渠道？（可选）",
    "src.lazada": "Lazada",
    "src.shopee": "Shopee",
    "src.tiktok": "TikTok",
    "src.other": "其他",
    "ask.seller_no": (
        "🔢 填写你自己的订单号（如电商平台的订单号），或让我自动生成一个。它也能防止重复下单。"
    ),
    # preview
    "quote.line": "{n}. {title} · <i>{sku}</i>{mark}\n    {qty} × {price} = <b>{total}</b>",
    "quote.line_problem": "    ⚠️ {reason}",
    "quote.problem": "⚠️ {reason}",
    "quote.totals": "小计：{subtotal}\n国内运费：{postage}\n<b>合计：{total}</b>",
    "preview.text": (
        "🧾 <b>预览 — {platform} 采购单</b>\n{quote}\n"
        "预算：<b>{budget}</b>\n\n"
        "📍 {receiver}\n{extras}\n{note}"
    ),
    "preview.source": "订单来源：{source}",
    "preview.seller_no": "你的订单号：<code>{number}</code>",
    "note.budget_below_total": "⚠️ 合计已超出预算。请调高预算或修改商品。",
    "note.preview_problems": "⚠️ 有几行商品无法按现在的内容下单，请修改商品。",
    "note.preview_unpriced": "⚠️ 平台暂时无法为这笔订单报价。请稍后再问一次。",
    "note.submitting": "⏳ 正在提交订单…",
    # results
    "result.line_ok": "✅ {n}. {title} × {qty}",
    "result.line_failed": "❌ {n}. {title}：{reason}",
    "result.submitted": (
        "✅ <b>下单成功</b> — {ref}\n平台订单号：<code>{order_no}</code>\n"
        "你的订单号：<code>{seller_no}</code>\n{lines}\n{reconciled}"
    ),
    "result.submitted_partial": (
        "⚠️ <b>已下单，但有商品未成功</b> — {ref}\n"
        "平台订单号：<code>{order_no}</code>\n你的订单号：<code>{seller_no}</code>\n"
        "{lines}\n{reconciled}"
    ),
    "result.reconciled_note": "<i>（第一次的响应丢失了，我已向平台核实。）</i>",
    "result.rejected": (
        "❌ <b>平台拒绝了这笔订单：</b>{reason}\n{lines}\n\n草稿已保留，修改后再确认提交即可。"
    ),
    "result.not_created": (
        "⚠️ 平台没有响应，我持续核实了 {minutes} 分钟：<b>订单没有创建</b>，也没有扣款。"
        "点“确认提交”重试。"
    ),
    "result.unreachable": "⚠️ 无法连接平台，<b>什么都没有提交</b>，也没有扣款。点“确认提交”重试。",
    "result.unknown": (
        "⏳ 平台还没有响应。<b>请不要重复下单</b>：我正在向平台核实 {ref}（你的订单号 "
        "<code>{seller_no}</code>）是否已创建，有结果会立即在这里通知你（{minutes} 分钟内）。"
    ),
    "recovered.checking": (
        "⏳ 提交订单 {ref}（你的订单号 <code>{seller_no}</code>）时机器人重启了。"
        "<b>请不要重复下单</b>：我正在向平台核实是否已创建，结果会在这里通知你。"
    ),
    "reconciled.created": (
        "✅ 已向平台核实：订单 {ref}（你的订单号 <code>{seller_no}</code>）"
        "<b>已创建</b>，平台订单号 <code>{order_no}</code>。"
    ),
    "reconciled.not_created": (
        "ℹ️ 已向平台核实 {minutes} 分钟：订单 {ref}（你的订单号 <code>{seller_no}</code>）"
        "<b>没有创建</b>，也没有扣款；发送 /neworder 重新下单。"
    ),
    # notes
    "note.cancelled": "✖ 已取消下单，没有向平台提交任何内容。",
    "note.cancelled_short": "已取消。",
    "note.reminder": (
        "⏰ 你的订单草稿还在等你。回复上一个问题即可继续，或发送 /cancel。"
        "再过 {minutes}无操作会先搁置（草稿保留）。"
    ),
    "note.timeout": "⌛ 你的采购单草稿已闲置 {minutes}，先帮你存好了。发送 /neworder 继续。",
    # buttons
    "btn.taobao": "淘宝 / 天猫",
    "btn.1688": "1688",
    "btn.back": "◀ 返回",
    "btn.cancel": "✖ 取消",
    "btn.prev": "◀ 上一页",
    "btn.next": "下一页 ▶",
    "btn.skip": "跳过 ▶",
    "btn.show_cart": "🛒 查看采购单",
    "btn.add_item": "➕ 继续添加商品",
    "btn.remove_line": "🗑 删除一行",
    "btn.to_address": "✅ 下一步：填写地址",
    "btn.address_steps": "✍️ 逐项填写",
    "btn.address_paste": "📋 粘贴完整地址",
    "btn.address_use": "✅ 使用此地址",
    "btn.address_use_save": "💾 使用并保存",
    "btn.address_edit": "✏️ 重新填写",
    "btn.country_china": "中国 China",
    "btn.budget_use_total": "按合计 {total}",
    "btn.son_auto": "🎲 自动生成",
    "btn.confirm": "✅ 确认提交",
    "btn.edit_items": "🛒 修改商品",
    "btn.edit_address": "📍 修改地址",
    "btn.edit_budget": "💰 修改预算",
    "btn.resume": "▶ 继续草稿",
    "btn.restart": "🆕 重新开始",
    "btn.refresh": "🔄 重新询价",
    "btn.delete": "🗑 删除",
    # errors
    "err.menu_expired": "这个菜单已过期。发送 /neworder 继续。",
    "err.not_expected": "这一步不需要这个。请用上面的按钮，或发送 /cancel。",
    "err.unknown_command": "我不认识 {input} 这个命令。发送 /help 查看我能做的事。",
    "err.internal": "😵 我这边出了点问题。草稿已保留，请再试一次。",
    "err.platform_down": "⚠️ 平台暂时没有响应，请稍后再试。",
    "err.text_too_long": "消息太长了（超过 {limit} 个字符）。",
    "err.item.empty": "请发送商品链接、分享文字或商品 ID。",
    "err.item.not_found": "找不到 {platform} 商品 <code>{item_id}</code>，请检查链接或 ID。",
    "err.item.other_platform": (
        "这是一张 {platform} 采购单。另一个平台的商品需要单独下单——请先完成或取消这一单。"
    ),
    "err.item.no_skus": "这个商品目前没有可下单的规格。",
    "err.sku.sold_out": "{sku} 已售罄，请换一个。",
    "err.lines.line": "第 {n} 行：{problem}\n没有添加任何商品，改好后请重新发送。",
    "err.lines.not_found_anywhere": (
        "在淘宝和 1688 上都没有找到 <code>{item_id}</code>，请检查 ID。"
    ),
    "err.lines.no_sku": "SKU {sku} 不属于商品 {item}。",
    "err.lines.price_above": "现价 {price}，高于你填的 {limit}。",
    "err.address.empty": "请用文字发送地址。",
    "err.address.unparsed": (
        "没能从中识别出地址。请粘贴姓名、手机号、省、市、区、详细地址和邮编，或逐项填写。"
    ),
    "err.address.gone": "这个地址已经不在你的地址簿里了。",
    "err.address.book_full": "地址簿已满（20 个）。请用 /addresses 删除一个。",
    "err.address.label_length": "名称须为 1 到 40 个字符。",
    "err.address.label_taken": "已有同名地址，请换一个名称。",
    "err.seller_no.taken": "订单号 {number} 已被订单 #{ref} 使用，请换一个。",
    "err.submit_crashed": (
        "😵 提交时出了点问题。草稿已保留；请查看 /neworder 或再点一次“确认提交”——"
        "重复提交绝不会生成第二笔订单。"
    ),
}
