"""English texts of after-sales (refund and return requests) and payment vouchers."""

MESSAGES: dict[str, str] = {
    "cmd.refunds": "Refund and return requests of this chat",
    # buttons
    "btn.refund_request": "↩️ Refund / return",
    "btn.send_voucher": "🧾 Send payment voucher",
    "btn.refund_line": "{n}. {title} × {qty}",
    "btn.refund_busy": "{label} · {ref} open",
    "btn.refund_whole": "🧾 The whole order",
    "btn.refund_kind.refund": "💰 Refund only",
    "btn.refund_kind.return": "📦 Return and refund",
    "btn.refund_max": "Ask for the most, {amount}",
    "btn.photos_done": "✅ Done ({count})",
    "btn.photos_clear": "🗑 Remove the photos",
    "btn.photos_none": "No photos ▶",
    "btn.refund_send": "✅ Send the request",
    "btn.refund_to_approval": "📨 Send for approval",
    "btn.refund_modify_send": "✅ Send the changes",
    "btn.return_send": "✅ Send the tracking number",
    "btn.back_to_refund": "◀ Back to the refund",
    "btn.refund_withdraw": "✖ Withdraw the request",
    "btn.return_goods": "📦 Send the goods back",
    "btn.refund_modify": "✏️ Modify",
    "btn.refund_cancel": "✖ Cancel the request",
    "btn.refund_cancel_yes": "✅ Yes, cancel the request",
    "btn.refund_messages": "💬 Messages",
    "btn.open_refund": "↩️ Open refund {ref}",
    # /refunds
    "refunds.title": "↩️ <b>Refund and return requests in this chat</b> ({count}) — newest first",
    "refunds.empty": (
        "No refund or return requests in this chat yet. Open a paid order (/orders) and press "
        "↩️ Refund / return."
    ),
    "refunds.button": "{ref} · {order} · {status} · {amount}",
    # our side of a request, and the platform's status in buyer words
    "refund.state.pending_approval": "🕒 Waiting for an approver",
    "refund.state.submitting": "⏳ Being sent to the platform",
    "refund.state.unknown": "⏳ No answer from the platform yet — checking",
    "refund.state.submitted": "📨 With the platform",
    "refund.state.failed": "❌ Not sent: the platform said no",
    "refund.state.declined": "❌ Declined by an approver",
    "refund.state.withdrawn": "✖ Withdrawn",
    "refund.status.none": "— No refund asked",
    "refund.status.requested": "⏳ Requested — waiting for the seller",
    "refund.status.return_goods": "📦 Agreed — send the goods back",
    "refund.status.return_sent": "🚚 Goods on the way back — waiting for the seller",
    "refund.status.refunded": "✅ Refunded",
    "refund.status.refused": "⛔ The seller refused",
    "refund.status.closed": "✖ Closed",
    "refund.status.unknown": "❔ {raw}",
    "refund.kind.refund": "refund only",
    "refund.kind.return": "return and refund",
    "refund.whole_order": "the whole order",
    "refund.line": "line {n}: {title} · <i>{sku}</i> × {qty}",
    # the card
    "refund.card.title": "↩️ <b>Refund {ref}</b> · order {order} · {platform}\n{status}",
    "refund.card.goods": "For: {goods}",
    "refund.card.kind": "Asked: {kind}",
    "refund.card.reason": "Reason: {reason}",
    "refund.card.amount": "Amount: <b>{amount}</b>",
    "refund.card.amount_of": "Amount: <b>{amount}</b> (the most: {most})",
    "refund.card.description": "Description: {text}",
    "refund.card.photos": "📷 Evidence photos: {count}",
    "refund.card.refunded": "💴 <b>Refunded: {amount}</b>",
    "refund.card.seller_reason": "🗣 The seller's answer: {reason}",
    "refund.card.return_to": "📮 Send the goods back to:\n{address}",
    "refund.card.returned": "📦 Sent back: {company} <code>{number}</code>",
    "refund.card.declined": "❌ Declined by {name}: {reason}",
    "refund.card.failed": "⚠️ {reason}",
    "refund.card.number": "Platform refund no.: <code>{number}</code>",
    "refund.card.requested": "Requested by {name} · {when} (Beijing time)",
    "refund.card.note": "\n{note}",
    "refund.deadline.seller_agree": (
        "⏳ {left} left for the seller to answer (silence counts as agreement)"
    ),
    "refund.deadline.buyer_return": "⏳ {left} left to send the goods back, or the request closes",
    "refund.deadline.seller_receive": (
        "⏳ {left} left for the seller to receive the goods, or you are refunded anyway"
    ),
    "refund.deadline.buyer_modify": "⏳ {left} left to modify the request, or it closes",
    "refund.deadline.other": "⏳ {left} left before the platform decides",
    "time.days_hours": "{days} d {hours} h",
    "time.hours_minutes": "{hours} h {minutes} min",
    "time.minutes": "{minutes} min",
    "time.under_a_minute": "less than a minute",
    # the request's steps
    "refund.ask.line": "↩️ <b>Refund or return — order {order}</b>\nWhich goods is it about?",
    "refund.ask.kind": (
        "What do you ask for {goods}?\n"
        "💰 <b>Refund only</b>: the money back (goods not received, or nothing to send back).\n"
        "📦 <b>Return and refund</b>: you send the goods back for the money."
    ),
    "refund.ask.reason": "Why ({kind})? Choose the platform's reason:",
    "refund.ask.amount": (
        "How much do you ask back? At most {most}.\n"
        "Send an amount (like 12.50 or 1250分), or ask for the most."
    ),
    "refund.ask.amount_now": "Now: {amount}",
    "refund.ask.description": (
        "Describe the problem for the seller (up to {limit} characters), or skip."
    ),
    "refund.ask.description_now": "Now: {text}",
    "refund.ask.photos": (
        "📷 Send photos as evidence — up to {limit} ({count} so far). Photos or image files; "
        "then press Done."
    ),
    "refund.ask.carrier": "Which carrier takes the parcel back?",
    "refund.ask.tracking": "Send the {company} tracking number (like <code>{example}</code>).",
    "refund.preview.title": "↩️ <b>Your request — order {order}</b>\nCheck it, then send it.",
    "refund.preview.modify": "✏️ <b>Your changes — order {order}</b>\nCheck them, then send them.",
    "refund.preview.approval": (
        "🕒 An approver of the team group decides before the request goes to the platform."
    ),
    "refund.return.address": "📮 <b>Send the goods back to:</b>\n{address}",
    "refund.return.note": "The seller asks: {note}",
    "refund.return.confirm": "📦 <b>Your return shipment</b> — check it, then send it.",
    "refund.return.shipment": "Carrier: {company}\nTracking no.: <code>{number}</code>",
    # answers to button presses (short)
    "refund.answer.not_now": "That is not possible for this order now.",
    "refund.answer.busy": "{ref} is open for these goods already.",
    "refund.answer.gone": "No such request here.",
    "refund.answer.sending": "Sending…",
    "refund.answer.approving": "✅ Approved — sending…",
    "refund.answer.decided": "Decided already by {name}.",
    "refund.answer.not_approver": "⛔ You may not approve refund requests here.",
    "refund.answer.self": "⛔ You cannot approve your own request.",
    # notes on the panel or the card
    "refund.note.sent": "📨 Sent: the seller has your request now.",
    "refund.note.modified": "📨 Changes sent to the seller.",
    "refund.note.returned": "📨 Tracking number sent: the seller waits for the parcel.",
    "refund.note.message_sent": "📨 Sent to the seller.",
    "refund.note.cancelled_request": "✖ Request cancelled.",
    "refund.note.withdrawn": "✖ Withdrawn: nothing was sent to the platform.",
    "refund.note.refused": "❌ The platform said no: {reason}",
    "refund.note.nothing_left": "Nothing is left to refund on these goods.",
    "refund.note.cancelled": "✖ Refund request cancelled; nothing was sent.",
    "refund.note.left": "Nothing was changed.",
    "refund.note.sent_for_approval": (
        "📨 Sent to the order's team group: an approver decides before it goes to the platform."
    ),
    "refund.note.timeout_other": (
        "⌛ Nothing happened for {minutes} minutes, so I stopped waiting; the request is as it was."
    ),
    "refund.note.timeout": (
        "⌛ The refund request was closed after {minutes} minutes without an answer; nothing "
        "was sent."
    ),
    # bad input
    "refund.err.not_expected": "I did not expect that here. Use the buttons above, or /cancel.",
    "refund.err.empty": "Please send some text.",
    "refund.err.too_many_photos": (
        "At most {limit} photos — that one was not added. Press Done, or Remove the photos to "
        "start over."
    ),
    "refund.err.photo.not_image": (
        "That file is not a picture I can open. Send a photo or an image file (JPEG, PNG…)."
    ),
    "refund.err.photo.too_big": "That picture is too big (over 20 MB or 50 megapixels).",
    "refund.err.photo.too_small": "That picture is too small to show anything.",
    "refund.err.photo.download": (
        "I could not get that picture from Telegram; please send it again."
    ),
    "refund.err.photo.twice": "You sent that picture already.",
    "err.tracking.empty": "Please send the tracking number.",
    "err.tracking.too_long": "A tracking number is at most {limit} characters.",
    "err.tracking.invalid_chars": (
        "“{text}” has characters a tracking number does not have; use letters and digits."
    ),
    "err.tracking.bad_shape": (
        "“{text}” does not look like a {company} tracking number (like <code>{example}</code>)."
    ),
    # messages with the seller
    "refund.messages.title": "💬 <b>Messages — refund {ref}</b>",
    "refund.messages.item": "{icon} <b>{who}</b> · {time}{photos}\n{text}",
    "refund.messages.buyer": "You",
    "refund.messages.seller": "Seller",
    "refund.messages.platform": "Platform",
    "refund.messages.none": "No messages yet.",
    "refund.messages.older": "… older messages are not shown",
    "refund.messages.prompt": "✍️ Send a text or a photo to write to the seller.",
    # group approval
    "refund.approval.title": "🗳 <b>Refund approval</b> — {ref} · order {order}",
    "refund.approval.requested": "Requested by {requester} · {when}",
    "refund.approval.waiting": "⏳ <b>Waiting for an approver</b>",
    "refund.approval.ask_reason": (
        "{approver}, reply to this message with the reason for declining {ref}."
    ),
    "refund.approval.approved": "✅ Approved by {name}",
    "refund.approval.declined": "❌ Declined by {name}: {reason}",
    "refund.approval.tell": "↩️ Your refund request {ref}: {note}",
    # cancel
    "refund.cancel.ask": (
        "Cancel refund request {ref}? The seller is told; you may ask again while the platform "
        "allows it."
    ),
    "refund.cancel.withdraw": "Withdraw refund request {ref}? Nothing was sent to the platform.",
    # pushed when a request moves
    "refund.notify": "🔔 <b>Refund {ref}</b>: {status}",
    # a call whose answer was lost: checking, then settled (pushed)
    "action.refund_submit.checking": (
        "⏳ The platform has not answered yet. <b>Do not ask again</b>: I am checking whether "
        "the refund request for order {ref} arrived and will tell you here."
    ),
    "action.refund_submit.done": (
        "✅ Checked with the platform: the refund request for order {ref} <b>arrived</b>."
    ),
    "action.refund_submit.not_done": (
        "ℹ️ Checked with the platform: the refund request for order {ref} <b>did not arrive</b>. "
        "You can ask again from the order card."
    ),
    "action.refund_submit.failed": "⚠️ The refund request for order {ref} was not taken.",
    "action.refund_modify.checking": (
        "⏳ The platform has not answered yet. I am checking whether the changes to the refund "
        "request for order {ref} arrived."
    ),
    "action.refund_modify.done": (
        "✅ Checked with the platform: the refund request for order {ref} <b>is modified</b>."
    ),
    "action.refund_modify.not_done": (
        "ℹ️ Checked with the platform: the refund request for order {ref} <b>was not "
        "modified</b>. You can modify it again from its card."
    ),
    "action.refund_modify.failed": "⚠️ The refund request for order {ref} was not modified.",
    "action.refund_cancel.checking": (
        "⏳ The platform has not answered yet. I am checking whether the refund request for "
        "order {ref} is cancelled."
    ),
    "action.refund_cancel.done": (
        "✅ Checked with the platform: the refund request for order {ref} <b>is cancelled</b>."
    ),
    "action.refund_cancel.not_done": (
        "ℹ️ Checked with the platform: the refund request for order {ref} <b>was not cancelled</b>."
    ),
    "action.refund_cancel.failed": "⚠️ The refund request for order {ref} could not be cancelled.",
    "action.refund_return.checking": (
        "⏳ The platform has not answered yet. I am checking whether the return tracking number "
        "for order {ref} arrived."
    ),
    "action.refund_return.done": (
        "✅ Checked with the platform: the return tracking number for order {ref} <b>arrived</b>."
    ),
    "action.refund_return.not_done": (
        "ℹ️ Checked with the platform: the return tracking number for order {ref} <b>did not "
        "arrive</b>. You can send it again from the refund card."
    ),
    "action.refund_return.failed": "⚠️ The return tracking number for order {ref} was not taken.",
    "action.refund_message.checking": (
        "⏳ The platform has not answered yet. I am checking whether your message about order "
        "{ref} reached the seller."
    ),
    "action.refund_message.done": "✅ Checked: your message about order {ref} reached the seller.",
    "action.refund_message.not_done": (
        "ℹ️ Checked: your message about order {ref} <b>did not reach</b> the seller. You can send "
        "it again."
    ),
    "action.refund_message.failed": "⚠️ Your message about order {ref} was not taken.",
    # payment voucher
    "card.voucher_sent": "🧾 Payment voucher sent {when} (Beijing time)",
    "voucher.ask": (
        "🧾 <b>Payment voucher — order {ref}</b>\n"
        "Send a photo (or an image file) of your bank transfer of {total}. The platform's finance "
        "checks it; then the order counts as paid."
    ),
    "voucher.answer.not_now": "This order does not wait for a payment voucher.",
    "voucher.err.photo_only": "Please send a photo of the transfer receipt, or press Cancel.",
    "voucher.note.sent": "🧾 Voucher sent: the platform checks the transfer.",
    "voucher.note.cancelled": "No voucher was sent.",
    "action.voucher.checking": (
        "⏳ The platform has not answered yet. <b>Do not send it again</b>: I am checking whether "
        "the payment voucher for order {ref} arrived."
    ),
    "action.voucher.done": "✅ Checked with the platform: the payment voucher for {ref} arrived.",
    "action.voucher.not_done": (
        "ℹ️ Checked with the platform: the payment voucher for order {ref} <b>did not "
        "arrive</b>. You can send it again from the order card."
    ),
    "action.voucher.failed": "⚠️ The payment voucher for order {ref} was not taken.",
}
