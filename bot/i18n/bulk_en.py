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
    "batch.placed_total": "Placed: {orders}, {total} in all.",
    "btn.pay_all": "💳 Pay all ({count})",
    # paying several orders
    "pay.none": "No order in this chat is waiting for payment.",
    "pay.title": (
        "💳 <b>Unpaid orders</b> ({count})\nTap to select. Selected: {selected} · {total}\n"
        "One payment call pays the whole selection."
    ),
    "btn.pay_select_all": "☑️ Select all",
    "btn.pay_selected": "💳 Pay selected ({count})",
    "pay.closed": "Closed; nothing was paid.",
    "pay.paying": "💳 Paying…",
    "pay.nothing_left": "Nothing left to pay: these orders are paid or closed.",
    "pay.result_title": "💳 <b>Payment</b>: {paid} of {orders} paid.",
    "pay.line_paid": "✅ {ref} paid · {total}",
    "pay.line_cashier": "💳 {ref} · {total}: this seller takes payment only on the cashier page.",
    "pay.line_failed": "⚠️ {ref} could not be paid: {reason}",
    "pay.line_checking": (
        "⏳ {ref}: no answer from the platform yet; I am checking its status and will tell you. "
        "It is never paid twice."
    ),
    "btn.pay_at_cashier": "💳 Pay {ref} at the cashier",
    "action.bulk_pay.done": "✅ Checked with the platform: {paid} of {orders} paid.",
    "action.bulk_pay.not_done": (
        "ℹ️ Checked with the platform: the payment of {orders} did not go through. "
        "Nothing was charged; send /pay to try again."
    ),
    "action.bulk_pay.failed": "⚠️ The payment of {orders} did not go through.",
    "action.bulk_pay.checking": (
        "⏳ The platform has not answered about the payment of {orders} yet; checking."
    ),
    # spreadsheet orders (/bulk)
    "bulk.explain": (
        "📑 <b>Order from a spreadsheet</b>\n"
        "Fill in one of the templates above (XLSX or CSV) and send it here as a file. Columns:\n"
        "• <b>platform</b>: taobao or 1688 (may be left empty when the item is a link)\n"
        "• <b>item</b>: the product link or ID\n"
        "• <b>sku</b>: the SKU ID, or its properties such as <code>颜色:黑色;尺码:XL</code>\n"
        "• <b>quantity</b>\n"
        "• <b>price cap</b> (optional): the most you pay per unit, in ¥\n"
        "• <b>receiver</b> (optional): a whole address; rows without one get one receiver "
        "you give after the check\n"
        "• <b>your order number</b> (optional): rows with the same number form one order; "
        "every other row is an order of its own\n\n"
        "Up to {rows} rows and {size_kb} KB; CSV in UTF-8 or GBK. Every row is checked "
        "against the platform before anything is ordered. Sending the same rows again never "
        "orders them twice."
    ),
    "bulk.err.format": "Please send the spreadsheet as an .xlsx or .csv file.",
    "bulk.err.size": "This file is too large: at most {size_kb} KB.",
    "bulk.err.download": "I could not download the file from Telegram; please send it again.",
    "bulk.err.send_file": "Send the filled spreadsheet as a file (XLSX or CSV), or /cancel.",
    "bulk.checking": "🔎 Checking {rows} against the platform…",
    "bulk.ask_receiver": (
        "📍 No receiver is given on {rows}. Paste one address to use there (name, mobile, "
        "address), or pick a saved one:"
    ),
    "bulk.problem_line": "• Row {row}: {problem}",
    "bulk.more_problems": "… and {count} more (see the file)",
    "bulk.summary": (
        "📑 <b>Checked</b>: {ok} OK, <b>{bad} with errors</b>:\n{problems}\n\n"
        "Fix them and send the file again, or skip the bad rows."
    ),
    "btn.bulk_skip": "⏭ Skip bad rows ({count} OK)",
    "bulk.col.error": "error",
    "bulk.errors_caption": "{rows} with errors: see the “error” column.",
    "bulk.preview_title": "🧾 <b>Preview</b> — {orders} from {rows}",
    "bulk.preview_taobao": "\n<b>Taobao</b> — {orders}:",
    "bulk.preview_order": "• rows {rows} · {lines} · {total}",
    "bulk.preview_more": "… and {count} more",
    "bulk.preview_1688": "\n<b>1688</b> — {sellers}:",
    "bulk.preview_seller": (
        "🏪 {seller}: {orders}, {rows}\n    goods {goods} + postage {postage} = <b>{total}</b>"
    ),
    "bulk.preview_totals": ("\nGoods: {goods}\nDomestic postage: {postage}\n<b>Total: {total}</b>"),
    "bulk.preview_skipped": "⏭ Skipped: {rows} with errors (they stay in the result file).",
    "bulk.preview_known": ("ℹ️ Placed before from the same rows, so not placed again: {orders}."),
    "btn.bulk_confirm": "✅ Place {orders}",
    "btn.bulk_request_approval": "📨 Ask for approval",
    "bulk.started_short": "Submitting in the background…",
    "bulk.cancelled": "Cancelled; nothing was ordered.",
    "bulk.progress": "⏳ <b>{ref}</b>: submitting {done}/{total} — {refused} refused",
    "bulk.finished": (
        "✅ <b>{ref} done</b>: {placed} placed, {before} placed before, {refused} refused, "
        "{checking} being checked, {skipped} skipped — {rows} in all.\n"
        "The result file has one row per input row."
    ),
    "bulk.col.0": "order",
    "bulk.col.1": "platform order no.",
    "bulk.col.2": "state",
    "bulk.col.3": "reason",
    "bulk.state.skipped": "skipped",
    "bulk.state.queued": "not submitted",
    "bulk.state.placed": "placed",
    "bulk.state.already_placed": "placed before",
    "bulk.state.refused": "refused",
    "bulk.state.checking": "checking",
    "bulk.result_caption": "📑 Result of {ref}",
    "bulk.card": (
        "🗳 <b>Approval request</b> — bulk order {ref}\nRequested by {requester} · "
        "{file}\n{orders} from {rows} · <b>{total}</b>"
    ),
    "bulk.answer.decided": "Already decided ({name}).",
    "bulk.card_rejected": ("❌ <b>Rejected</b> — bulk order {ref}, by {name}. Nothing ordered."),
    "bulk.card_approved": "✅ <b>Approved</b> — bulk order {ref}, by {name}. Submitting…",
    # what is wrong with a row
    "sheet.err.columns": "The sheet has no column for: {missing}. Start from the template.",
    "sheet.err.empty": "The sheet has no rows.",
    "sheet.err.too_many_rows": "The sheet has more than {maximum} rows; split it.",
    "sheet.err.unreadable": "This file cannot be read as a spreadsheet.",
    "sheet.err.encoding": "This CSV is neither UTF-8 nor GBK; save it as UTF-8.",
    "sheet.err.platform": "unknown platform “{value}” (taobao or 1688)",
    "sheet.err.no_item": "no item link or ID",
    "sheet.err.short_link": "a short link: paste the full product link or the ID",
    "sheet.err.platform_mismatch": "the link is not of the platform “{value}”",
    "sheet.err.which_platform": "item {value}: say the platform (taobao or 1688)",
    "sheet.err.quantity": "quantity “{value}” is not a whole number of at least 1",
    "sheet.err.receiver": "the receiver is incomplete (missing: {missing})",
    "sheet.err.not_found": "item {item} not found on the platform",
    "sheet.err.platform_refused": "the platform refused: {reason}",
    "sheet.err.platform_down": "the platform did not answer; send the file again later",
    "sheet.err.sku": "no SKU “{value}”; choices: {choices}",
    "sheet.err.sku_needed": "the item has several SKUs; choose one: {choices}",
    "sheet.err.moq": "at least {moq} must be ordered (got {qty})",
    "sheet.err.stock": "only {stock} in stock",
    "sheet.err.price": "the price ¥{price} is above your cap ¥{cap}",
    "sheet.err.receivers_differ": "rows of the same order number have different receivers",
    "sheet.err.too_many_lines": "an order has at most {maximum} rows",
    "sheet.err.quote": "the platform will not take it: {reason}",
}
