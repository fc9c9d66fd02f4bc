"""English messages for orders after submission: lists, cards, actions, notifications."""

MESSAGES: dict[str, str] = {
    "cmd.orders": "This chat's orders",
    "cmd.status": "An order's status, e.g. #42 or its number",
    "cmd.track": "Where an order's parcel is, e.g. #42",
    "status.creating": "⏳ Being created",
    "status.awaiting_payment": "💳 Awaiting payment",
    "status.payment_review": "🔎 Payment being checked",
    "status.payment_rejected": "⚠️ Payment rejected",
    "status.awaiting_shipment": "📦 Paid, awaiting shipment",
    "status.shipped": "🚚 Shipped",
    "status.received": "📬 Received",
    "status.completed": "✅ Completed",
    "status.cancelled": "✖ Cancelled",
    "status.unknown": "❔ {raw}",
    "state.pending_approval": "🕒 Waiting for approval",
    "state.submitting": "⏳ Being submitted",
    "state.rejected": "❌ Refused by the platform",
    "state.unknown": "⏳ No answer from the platform yet — checking",
    "state.cancelled_before_submit": "✖ Cancelled before submission",
    "orders.title": "📋 <b>Orders in this chat</b> ({count}) — newest first",
    "orders.empty": "No orders in this chat yet. Send /neworder to place one.",
    "orders.button": "{ref} · {status} · {total}",
    "orders.usage_status": "Send <code>/status #42</code>, the platform order number, or your own.",
    "orders.usage_track": "Send <code>/track #42</code>, the platform order number, or your own.",
    "orders.not_found": "No order “{key}” found here.",
    "card.title": "🧾 <b>Order {ref}</b> · {platform}\n{status}",
    "card.numbers": (
        "Platform order no.: <code>{order_no}</code>\nYour number: <code>{seller_no}</code>"
    ),
    "card.placed": "Placed {when} (Beijing time)",
    "card.line": "{n}. {title} · <i>{sku}</i>\n    {qty} × {price} = {total}",
    "card.line_error": "    ❌ {reason}",
    "card.amounts": (
        "Subtotal: {subtotal}\nDomestic postage: {postage}\n<b>Total: {total}</b>\nBudget: {budget}"
    ),
    "card.price_now": "💴 <b>Price now: {total}</b> (changed by the seller)",
    "card.refund": "↩️ Refunded: {amount}",
    "card.source": "Order source: {source}",
    "card.receiver": "📍 {receiver}",
    "card.note": "\n{note}",
    "btn.order_refresh": "🔄 Refresh",
    "btn.track": "🚚 Track",
    "btn.pay": "💳 Pay",
    "btn.cancel_order": "✖ Cancel order",
    "btn.confirm_receipt": "📦 Confirm receipt",
    "btn.contact_seller": "💬 Seller",
    "btn.open_order": "🧾 Open {ref}",
    "btn.check_platform": "🔄 Check with the platform",
    "btn.back_to_card": "◀ Back to the order",
    "btn.yes_pay": "✅ Yes, pay {total}",
    "btn.yes_received": "✅ Yes, I received it",
    "btn.open_cashier": "💳 Open the 1688 cashier",
    "btn.open_chat": "💬 Chat with the seller",
    "cancel.ask": "Why cancel order {ref}? (The seller sees the reason.)",
    "cancel.reason.0": "I changed my mind",
    "cancel.reason.1": "Wrong item, colour or size",
    "cancel.reason.2": "Found a better price",
    "cancel.reason.3": "Ordered twice by mistake",
    "pay.ask": "Pay {total} for order {ref} now?",
    "receipt.ask": "Confirm that the goods of order {ref} arrived? This cannot be undone.",
    "note.cancelled_order": "✖ Cancelled: {reason}",
    "note.paid": "✅ Paid.",
    "note.pay_link": "Open the 1688 cashier to pay; I will tell you when the payment arrives.",
    "note.pay_failed": "⚠️ Payment did not go through: {reason}",
    "note.no_pay_url": "the platform gave no payment page for this order",
    # a pay / cancel / receipt whose answer was lost: checking, then settled (pushed)
    "action.pay.checking": (
        "⏳ The platform has not answered yet. <b>Do not pay again</b>: I am checking whether "
        "{ref} was paid and will tell you here."
    ),
    "action.pay.done": "✅ Checked with the platform: order {ref} <b>is paid</b>.",
    "action.pay.not_done": (
        "ℹ️ Checked with the platform: the payment of order {ref} <b>did not go through</b>; "
        "nothing was charged. You can pay again from the order card."
    ),
    "action.pay.failed": "⚠️ The payment of order {ref} did not go through.",
    "action.cancel.checking": (
        "⏳ The platform has not answered yet. I am checking whether {ref} was cancelled and "
        "will tell you here."
    ),
    "action.cancel.done": "✅ Checked with the platform: order {ref} <b>is cancelled</b>.",
    "action.cancel.not_done": (
        "ℹ️ Checked with the platform: order {ref} <b>was not cancelled</b>. You can try again "
        "from the order card."
    ),
    "action.cancel.failed": "⚠️ Order {ref} could not be cancelled.",
    "action.receipt.checking": (
        "⏳ The platform has not answered yet. I am checking whether the receipt of {ref} was "
        "confirmed and will tell you here."
    ),
    "action.receipt.done": "✅ Checked with the platform: the receipt of order {ref} is confirmed.",
    "action.receipt.not_done": (
        "ℹ️ Checked with the platform: the receipt of order {ref} <b>was not confirmed</b>. You "
        "can confirm it again from the order card."
    ),
    "action.receipt.failed": "⚠️ The receipt of order {ref} could not be confirmed.",
    "note.received": "📬 Receipt confirmed.",
    "note.refreshed": "🔄 Up to date.",
    "note.platform_refused": "⚠️ The platform said no: {reason}",
    "note.no_seller_link": "This platform offers no chat link for the seller.",
    "note.not_submitted": "This order has no platform order (yet), so that is not possible.",
    "note.not_allowed_now": "That is not possible in the order's current status.",
    "note.seller_link": "💬 Chat with the seller of order {ref}:",
    "track.title": "🚚 <b>Tracking — order {ref}</b>",
    "track.none": "🚚 Order {ref}: no parcel has been shipped yet.",
    "track.package": "📦 <b>{company}</b> · <code>{number}</code>",
    "track.event": "• {time} — {text}",
    "notify.status": "🔔 Order {ref} (your number <code>{seller_no}</code>): <b>{status}</b>",
    "notify.price": (
        "💴 The seller changed the price of order {ref}: {old} → <b>{new}</b>.\n"
        "Pay the new price, or cancel the order."
    ),
    "notify.price_info": "💴 The price of order {ref} changed: {old} → <b>{new}</b>.",
    "notify.refund": "↩️ Refund for order {ref}: <b>{amount}</b>.",
    "notify.refund_unknown": "↩️ The platform reports a refund for order {ref}.",
}
