"""Simplified Chinese texts of team group chats. Same keys and placeholders as approval_en.py."""

MESSAGES: dict[str, str] = {
    "cmd.pending": "等待审批的订单",
    # the card
    "approval.card.title": "🗳 <b>审批申请</b> — {ref} · {platform}",
    "approval.card.requested": "申请人：{requester} · {when}",
    "approval.card.budget": "预算（平台最多可收取）：<b>{budget}</b>",
    "approval.card.seller_no": "订单号：<code>{number}</code>",
    "approval.card.more_lines": "… 另有 {more}",
    "approval.status.pending": "⏳ <b>等待审批</b> · {when} 到期",
    "approval.status.approved": "✅ <b>已批准</b>，审批人 {name} · {when}",
    "approval.status.auto": "✅ <b>自动批准</b>：预算不超过 {limit}",
    "approval.status.rejected": "❌ <b>已拒绝</b>，审批人 {name} · {when}\n原因：{reason}",
    "approval.status.expired": "⌛ <b>已过期</b> · {when} — 无人及时审批。",
    "approval.status.withdrawn": "↩️ <b>已撤回</b> · {when}",
    "approval.outcome.submitting": "⏳ 正在提交到平台…",
    "approval.outcome.placed": "🧾 已下单 — 平台订单号 <code>{order_no}</code>",
    "approval.outcome.refused": "❌ 平台拒绝了订单：{reason}",
    "approval.outcome.not_created": "⚠️ 平台没有响应，经核实订单未创建，不会扣款。",
    "approval.outcome.unknown": (
        "⏳ 平台还没有响应；我正在核实订单是否已创建，结果会更新在这张卡片上。"
    ),
    "btn.approve": "✅ 批准",
    "btn.reject": "❌ 拒绝",
    "btn.send_for_approval": "📨 发送到 {title} 审批",
    "label.reject_reason": "拒绝原因",
    # answers to button presses
    "approval.answer.sending": "正在发送审批…",
    "approval.answer.approving": "✅ 已批准 — 正在提交…",
    "approval.answer.not_approver": "⛔ 你无权在这里审批订单。",
    "approval.answer.self": "⛔ {ref} 是你自己的订单：需要由其他审批人决定。",
    "approval.answer.already_approved": "已由 {name} 批准。",
    "approval.answer.already_auto": "已自动批准。",
    "approval.answer.already_rejected": "已由 {name} 拒绝。",
    "approval.answer.already_expired": "该申请已过期。",
    "approval.answer.already_withdrawn": "该申请已撤回。",
    "approval.answer.gone": "该申请已不存在。",
    "approval.answer.reason": "请回复我的消息并写明原因。",
    "approval.answer.not_member": "你不是该团队群的成员。",
    # messages
    "approval.sent_private": "📨 已发送到 <b>{title}</b> 审批 — {ref}。审批结果会在这里通知你。",
    "approval.auto_note": "✅ 自动批准：预算不超过 {limit}。",
    "approval.ask_reason": "{approver}，请回复本消息，写明拒绝 {ref} 的原因。",
    "approval.reason_done": "❌ 已拒绝 {ref}，并已通知 {requester}。",
    "approval.reason_late": "{ref} 已有审批结果：{status}",
    "approval.tell.rejected": (
        "❌ {requester}，你的订单 {ref} 被 {name} <b>拒绝</b>。\n原因：{reason}\n"
        "没有向平台提交任何内容。发送 /neworder 重新下单。"
    ),
    "approval.tell.approved": "✅ {requester}，你的订单 {ref} 已由 {name} <b>批准</b>。",
    "approval.tell.expired": (
        "⌛ {requester}，你的订单 {ref} 无人及时审批：申请已过期，没有向平台提交任何内容。"
        "发送 /neworder 重新下单。"
    ),
    "approval.tell.order_again": "发送 /neworder 重新下单。",
    "approval.submit_crashed": (
        "😵 提交 {ref} 时出了问题。重复提交绝不会产生第二个订单；我会向平台核实。"
    ),
    # /pending
    "approval.pending.title": "🕒 <b>等待审批</b>（{count}）",
    "approval.pending.item": "{ref} · {requester} · {total} · {when} 到期",
    "approval.pending.none": "这里没有等待审批的订单。",
    # order card: the approval history
    "approval.history.title": "🗂 <b>审批</b>：{status}",
    "approval.history.requested": "· {when} — {name} 提交申请",
    "approval.history.reopened": "· {when} — {name} 重新申请",
    "approval.history.refused": "· {when} — {name} 点击了审批，但无权审批",
    "approval.history.refused_self": "· {when} — {name} 想审批自己的订单，未允许",
    "approval.history.reason_asked": "· {when} — {name} 开始拒绝",
    "approval.history.approved": "· {when} — {name} 批准",
    "approval.history.auto_approved": "· {when} — 自动批准（预算不超过 {limit}）",
    "approval.history.rejected": "· {when} — {name} 拒绝：{reason}",
    "approval.history.expired": "· {when} — 已过期",
    "approval.history.withdrawn": "· {when} — {name} 撤回",
    # groups
    "group.not_your_draft": "这不是你的草稿。发送 /neworder 开始你自己的订单。",
    "group.migrated": (
        "ℹ️ 本群已升级为超级群。原有的 {orders}、{drafts}和 {approvals}"
        "已迁移到这里；进行中的草稿可发送 /neworder 继续。"
    ),
}
