"""English texts of orders in bulk: 1688 across sellers (#B), paying several orders at once
(/pay, Pay all), and spreadsheet orders (/bulk)."""

MESSAGES: dict[str, str] = {
    "cmd.pay": "Pay several unpaid orders at once",
    "cmd.bulk": "Order from a spreadsheet (XLSX or CSV)",
    # 1688 across sellers
    "batch.seller_title": "🏪 <b>Seller {n}/{count}: {seller}</b>",
    "batch.seller_totals": "    Postage: {postage} · <b>order total: {total}</b>",
    "batch.seller_problem": "    ⚠️ This seller's order cannot be placed: {reason}",
    "batch.totals": (
        "<b>{count} orders, one per seller</b>\nGoods: {subtotal}\nDomestic postage: {postage}\n"
        "<b>Total: {total}</b>"
    ),
    "batch.result_title": "📦 <b>Batch {ref}</b> — {count} seller orders",
    "batch.line_placed": (
        "{n}. ✅ {seller}\n    {ref} · platform order no. <code>{order_no}</code> · {total}\n"
        "    {status}"
    ),
    "batch.line_checking": (
        "{n}. ⏳ {seller} — {ref}: no answer from the platform yet; I am checking (up to "
        "{minutes} min) and will tell you. Nothing is placed twice."
    ),
    "batch.line_refused": "{n}. ❌ {seller} — refused: {reason}",
    "batch.placed_total": "Placed: {count} order(s), {total} in all.",
    "btn.pay_all": "💳 Pay all ({count})",
    # paying several orders
    "pay.none": "No order in this chat is waiting for payment.",
    "pay.title": (
        "💳 <b>Unpaid orders</b> ({count})\nTap to select. Selected: {selected} · {total}\n"
        "One payment call pays the whole selection."
    ),
    "btn.pay_select_all": "☑️ Select all",
    "btn.pay_selected": "💳 Pay selected ({count})",
    "btn.close": "✖ Close",
    "pay.closed": "Closed; nothing was paid.",
    "pay.paying": "💳 Paying…",
    "pay.nothing_left": "Nothing left to pay: these orders are paid or closed.",
    "pay.result_title": "💳 <b>Payment</b>: {paid} of {count} order(s) paid.",
    "pay.line_paid": "✅ {ref} paid · {total}",
    "pay.line_cashier": "💳 {ref} · {total}: this seller takes payment only on the cashier page.",
    "pay.line_failed": "⚠️ {ref} could not be paid: {reason}",
    "pay.line_checking": (
        "⏳ {ref}: no answer from the platform yet; I am checking its status and will tell you. "
        "It is never paid twice."
    ),
    "btn.pay_at_cashier": "💳 Pay {ref} at the cashier",
    "action.bulk_pay.done": "✅ Checked with the platform: {paid} of {count} order(s) are paid.",
    "action.bulk_pay.not_done": (
        "ℹ️ Checked with the platform: the payment of {count} order(s) did not go through. "
        "Nothing was charged; send /pay to try again."
    ),
    "action.bulk_pay.failed": "⚠️ The payment of {count} order(s) did not go through.",
    "action.bulk_pay.checking": (
        "⏳ The platform has not answered about the payment of {count} order(s) yet; checking."
    ),
}
