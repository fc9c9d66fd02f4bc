"""English texts of team group chats: approval cards, decisions, /pending, migration."""

MESSAGES: dict[str, str] = {
    "cmd.pending": "Orders waiting for approval",
    # the card
    "approval.card.title": "🗳 <b>Approval request</b> — {ref} · {platform}",
    "approval.card.requested": "Requested by {requester} · {when}",
    "approval.card.budget": "Budget (the most the platform may charge): <b>{budget}</b>",
    "approval.card.seller_no": "Order number: <code>{number}</code>",
    "approval.card.more_lines": "… and {more}",
    "approval.status.pending": "⏳ <b>Waiting for an approver</b> · expires {when}",
    "approval.status.approved": "✅ <b>Approved</b> by {name} · {when}",
    "approval.status.auto": "✅ <b>Approved automatically</b>: the budget is at most {limit}",
    "approval.status.rejected": "❌ <b>Rejected</b> by {name} · {when}\nReason: {reason}",
    "approval.status.expired": "⌛ <b>Expired</b> · {when} — nobody decided in time.",
    "approval.status.withdrawn": "↩️ <b>Withdrawn</b> · {when}",
    "approval.outcome.submitting": "⏳ Submitting to the platform…",
    "approval.outcome.placed": "🧾 Order placed — platform order no. <code>{order_no}</code>",
    "approval.outcome.refused": "❌ The platform refused the order: {reason}",
    "approval.outcome.not_created": (
        "⚠️ The platform did not answer, and after checking: no order was created. Nothing "
        "is charged."
    ),
    "approval.outcome.unknown": (
        "⏳ The platform has not answered yet; I am checking whether the order was created "
        "and will update this card."
    ),
    "btn.approve": "✅ Approve",
    "btn.reject": "❌ Reject",
    "btn.send_for_approval": "📨 Send to {title} for approval",
    "label.reject_reason": "Reason for rejecting",
    # answers to button presses (short: Telegram shows at most 200 characters)
    "approval.answer.sending": "Sending for approval…",
    "approval.answer.approving": "✅ Approved — submitting…",
    "approval.answer.not_approver": "⛔ You may not approve orders here.",
    "approval.answer.self": "⛔ {ref} is your own order: another approver has to decide it.",
    "approval.answer.already_approved": "Already approved by {name}.",
    "approval.answer.already_auto": "Already approved automatically.",
    "approval.answer.already_rejected": "Already rejected by {name}.",
    "approval.answer.already_expired": "This request has expired.",
    "approval.answer.already_withdrawn": "This request was withdrawn.",
    "approval.answer.gone": "This request no longer exists.",
    "approval.answer.reason": "Reply to my message with the reason.",
    "approval.answer.not_member": "You are not a member of that team group.",
    # messages
    "approval.sent_private": (
        "📨 Sent to <b>{title}</b> for approval — {ref}. I will tell you here when it is decided."
    ),
    "approval.auto_note": "✅ Approved automatically: the budget is at most {limit}.",
    "approval.ask_reason": "{approver}, reply to this message with the reason for rejecting {ref}.",
    "approval.reason_done": "❌ Rejected {ref}; {requester} has been told.",
    "approval.reason_late": "{ref} was decided already: {status}",
    "approval.tell.rejected": (
        "❌ {requester}, your order {ref} was <b>rejected</b> by {name}.\nReason: {reason}\n"
        "Nothing was sent to the platform. Send /neworder to order again."
    ),
    "approval.tell.approved": "✅ {requester}, your order {ref} was <b>approved</b> by {name}.",
    "approval.tell.expired": (
        "⌛ {requester}, nobody approved your order {ref} in time: the request has expired and "
        "nothing was sent to the platform. Send /neworder to order again."
    ),
    "approval.tell.order_again": "Send /neworder to order again.",
    "approval.submit_crashed": (
        "😵 Something went wrong while submitting {ref}. A repeated submission never creates a "
        "second order; I will check it with the platform."
    ),
    # /pending
    "approval.pending.title": "🕒 <b>Waiting for approval</b> ({count})",
    "approval.pending.item": "{ref} · {requester} · {total} · expires {when}",
    "approval.pending.none": "Nothing is waiting for approval here.",
    # order card: the approval history
    "approval.history.title": "🗂 <b>Approval</b>: {status}",
    "approval.history.requested": "· {when} — requested by {name}",
    "approval.history.reopened": "· {when} — asked again by {name}",
    "approval.history.refused": "· {when} — {name} pressed, but may not decide",
    "approval.history.refused_self": "· {when} — {name} pressed on their own order (not allowed)",
    "approval.history.reason_asked": "· {when} — {name} started a rejection",
    "approval.history.approved": "· {when} — approved by {name}",
    "approval.history.auto_approved": "· {when} — approved automatically (budget at most {limit})",
    "approval.history.rejected": "· {when} — rejected by {name}: {reason}",
    "approval.history.expired": "· {when} — expired",
    "approval.history.withdrawn": "· {when} — withdrawn by {name}",
    # groups
    "group.not_your_draft": "This is not your draft. Send /neworder to start your own.",
    "group.migrated": (
        "ℹ️ This group is now a supergroup. Its {orders}, {drafts} and {approvals} moved "
        "here; a draft in progress continues with /neworder."
    ),
}
