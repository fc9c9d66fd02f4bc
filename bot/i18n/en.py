"""English messages. Telegram HTML; {params} are escaped when filled in."""

MESSAGES: dict[str, str] = {
    "money.with_raw": "{yuan} ({fen} fen)",
    # commands (setMyCommands)
    "cmd.neworder": "Place a new Taobao / 1688 order",
    "cmd.addresses": "Your saved receiver addresses",
    "cmd.language": "Choose the bot's language",
    "cmd.help": "What this bot does",
    "cmd.cancel": "Cancel the current step",
    # start / help / access
    "start.text": (
        "👋 Hello {name}! I place <b>Taobao/Tmall</b> and <b>1688</b> purchase orders for you "
        "on the PandaPon platform.\n\n"
        "Send /neworder (or just paste a product link), pick the SKU and quantity, give the "
        "receiver address, check the preview with the budget in ¥ and fen, and confirm.\n\n"
        "/addresses — your address book · /language — 中文 / English · /help — more"
    ),
    "start.stranger": (
        "👋 Hello {name}! This bot places <b>Taobao/Tmall</b> and <b>1688</b> purchase orders "
        "for its team on the PandaPon platform."
    ),
    "start.sandbox_note": (
        "🧪 <b>Sandbox mode:</b> this bot runs against a simulated platform. Orders are not real."
    ),
    "help.howto": (
        "<b>How to order</b>\n"
        "1. /neworder, choose Taobao or 1688 (or paste a link right away).\n"
        "2. Paste a product link, the app's share text or the item ID. Power users can paste "
        "several lines <code>item-ID SKU-ID quantity [price]</code> at once.\n"
        "3. Pick a SKU and a quantity; add more items or continue.\n"
        "4. Receiver: a saved address, step by step, or paste the whole address.\n"
        "5. Budget: the most the platform may charge (at least the total).\n"
        "6. Preview → ✅ Confirm. You get the order number and each line's result.\n\n"
        "Every step has ◀ Back and ✖ Cancel; /cancel works anywhere. Your draft is kept if you "
        "stop halfway — /neworder resumes it."
    ),
    "help.commands_title": "<b>Commands</b>",
    "access.refused": (
        "⛔ You are not allowed to place orders with this bot.\n"
        "Your Telegram user id is <code>{user_id}</code> (this chat: <code>{chat_id}</code>). "
        "Ask the operator to add it to <code>ORDERBOT_ALLOWED_USERS</code> "
        "(or the chat to <code>ORDERBOT_ALLOWED_CHATS</code>)."
    ),
    "access.refused_short": "⛔ You are not allowed to use this bot. Send /start to see your id.",
    # language
    "ask.language": "Choose a language:",
    "note.language_set": "✅ Language: English.",
    # new order: platform and items
    "ask.resume": ("You have an unfinished order draft with {lines}. Continue it or start over?"),
    "ask.platform": "🛒 <b>New order</b>\nWhich platform? (Or paste a product link right away.)",
    "ask.bare_id_platform": "Is <code>{item_id}</code> a Taobao item or a 1688 offer?",
    "ask.lines_platform": (
        "<code>{item_id}</code> is both a Taobao item and a 1688 offer. Which platform are these "
        "lines for?"
    ),
    "note.lines_platform": (
        "🔎 <code>{item_id}</code> is a {platform} item: this is a {platform} order."
    ),
    "ask.item_taobao": (
        "🔗 Paste a <b>Taobao/Tmall</b> product link, the app's share text, or the item ID.\n"
        "<i>Several lines</i> <code>item-ID SKU-ID quantity [price]</code> <i>add many at once.</i>"
    ),
    "ask.item_1688": (
        "🔗 Paste a <b>1688</b> product link, share text, or the offer ID.\n"
        "<i>Several lines</i> <code>offer-ID spec-ID quantity [price]</code> "
        "<i>add many at once.</i>"
    ),
    "product.text": "<b>{title}</b>\n💴 {price}\n{extra}",
    "product.moq": "Minimum order: {moq} {unit}",
    "product.tier": "≥{qty}: {price}",
    "product.tiers": "Price tiers: {tiers}",
    "product.seller": "Seller: {seller}",
    "label.sold_out": "sold out",
    "label.promo_price": "{price} (was {original})",
    "product.price_promo": "<b>{price}</b> <s>{original}</s> (promotion)",
    "ask.sku": "Choose the SKU (colour, size…):",
    "ask.qty": "How many of <b>{sku}</b>? (in stock: {stock})\nType a number or tap one.",
    "ask.qty_moq": "Minimum order quantity: {moq}.",
    "cart.empty": "🛒 Your order has no items yet.",
    "cart.line": "{n}. {title} · <i>{sku}</i>\n    {qty} × {price} = <b>{total}</b>",
    "cart.text": "🛒 <b>{platform} order</b>\n{lines}\n\nSubtotal: <b>{subtotal}</b>",
    "ask.remove_line": "Which line should go?",
    # address
    "ask.address": "📍 <b>Receiver</b>\nEnter the address step by step, or paste it whole.",
    "ask.address_saved": (
        "📍 <b>Receiver</b>\nPick a saved address, enter one step by step, or paste it whole."
    ),
    "ask.address_paste": (
        "📋 Paste the whole address in one message, e.g.\n"
        "<code>张三 13812345678 浙江省杭州市余杭区文一西路969号 311121</code>"
    ),
    "ask.field.name": "👤 Receiver's <b>name</b>:",
    "ask.field.mobile": (
        "📱 Receiver's <b>mobile number</b> (e.g. 13812345678 or +86 138 1234 5678):"
    ),
    "ask.field.country": "🌏 <b>Country</b> (tap China or type it):",
    "ask.field.state": "🗺 <b>Province / state</b> (e.g. 浙江省):",
    "ask.field.city": "🏙 <b>City</b> (e.g. 杭州市):",
    "ask.field.district": "🏘 <b>District</b> (e.g. 余杭区), or Skip:",
    "ask.field.address": "🏠 <b>Street address</b> (street, number, building, room):",
    "ask.field.zip": "📮 <b>Postal code</b> (6 digits in China, e.g. 311121):",
    "field.name": "Name",
    "field.mobile": "Mobile number",
    "field.phone": "Landline",
    "field.country": "Country",
    "field.state": "Province / state",
    "field.city": "City",
    "field.district": "District",
    "field.address": "Street address",
    "field.zip": "Postal code",
    "field.receiver": "Address",
    "note.zip_optional": "<i>Optional: tap Skip if you do not know it.</i>",
    "note.address_partial": "I read this from your message:\n{found}\nA few details are missing.",
    "note.address_found": "• {field}: {detail}",
    "note.address_problem": "⚠️ {field}: {problem}",
    "ask.address_confirm": "📍 <b>Receiver</b>\n{receiver}\n\nUse this address?",
    "note.address_saved": "Saved as “{label}”.",
    "ask.address_label": "Send the new name for this address (or /cancel):",
    "note.address_renamed": "✅ Renamed to “{label}”.",
    "note.address_deleted": "Deleted.",
    "book.empty": "📒 Your address book is empty. Addresses you save while ordering show up here.",
    "book.title": "📒 <b>Your saved addresses</b> (✏️ rename · 🗑 delete)",
    # budget, source, seller number
    "ask.budget": (
        "💰 <b>Budget</b>\n{quote}\n\n"
        "The budget is the most the platform may charge for this order. "
        "Use the total {total}, or type a higher cap such as <code>{example}</code> or "
        "<code>{example_fen}</code>."
    ),
    "ask.source": "🏷 Where did this order come from? (optional)",
    "src.lazada": "Lazada",
    "src.shopee": "Shopee",
    "src.tiktok": "TikTok",
    "src.other": "Other",
    "ask.seller_no": (
        "🔢 Your own order number for this purchase (e.g. the marketplace order id), "
        "or let me generate one. It also protects against duplicates."
    ),
    # preview
    "quote.line": "{n}. {title} · <i>{sku}</i>{mark}\n    {qty} × {price} = <b>{total}</b>",
    "quote.line_problem": "    ⚠️ {reason}",
    "quote.problem": "⚠️ {reason}",
    "quote.totals": "Subtotal: {subtotal}\nDomestic postage: {postage}\n<b>Total: {total}</b>",
    "preview.text": (
        "🧾 <b>Preview — {platform} order</b>\n{quote}\n"
        "Budget: <b>{budget}</b>\n\n"
        "📍 {receiver}\n{extras}\n{note}"
    ),
    "preview.source": "Order source: {source}",
    "preview.seller_no": "Your order number: <code>{number}</code>",
    "note.budget_below_total": (
        "⚠️ The total is now above your budget. Raise the budget or change the items."
    ),
    "note.preview_problems": "⚠️ Some lines cannot be ordered as they are. Edit the items.",
    "note.preview_unpriced": (
        "⚠️ The platform could not price this order just now. Ask again in a moment."
    ),
    "note.submitting": "⏳ Submitting your order…",
    # results
    "result.line_ok": "✅ {n}. {title} × {qty}",
    "result.line_failed": "❌ {n}. {title}: {reason}",
    "result.submitted": (
        "✅ <b>Order placed</b> — {ref}\nPlatform order no.: <code>{order_no}</code>\n"
        "Your number: <code>{seller_no}</code>\n{lines}\n{reconciled}"
    ),
    "result.submitted_partial": (
        "⚠️ <b>Order placed, but not every line</b> — {ref}\n"
        "Platform order no.: <code>{order_no}</code>\nYour number: <code>{seller_no}</code>\n"
        "{lines}\n{reconciled}"
    ),
    "result.reconciled_note": "<i>(The first answer was lost; I checked with the platform.)</i>",
    "result.rejected": (
        "❌ <b>The platform refused the order:</b> {reason}\n{lines}\n\n"
        "Your draft is kept — edit it and confirm again."
    ),
    "result.not_created": (
        "⚠️ The platform did not answer, and I kept checking for {minutes} min: <b>no order "
        "was created</b>, nothing is charged. Tap Confirm to try again."
    ),
    "result.unreachable": (
        "⚠️ The platform could not be reached, so <b>nothing was sent</b> and nothing is "
        "charged. Tap Confirm to try again."
    ),
    "result.unknown": (
        "⏳ The platform has not answered yet. <b>Do not order again</b>: I am checking with it "
        "whether {ref} (your number <code>{seller_no}</code>) was created, and will tell you "
        "here as soon as it is settled (within {minutes} min)."
    ),
    "recovered.checking": (
        "⏳ The bot was restarted while order {ref} (your number <code>{seller_no}</code>) was "
        "being submitted. <b>Do not order again</b>: I am checking with the platform whether it "
        "was created and will tell you here."
    ),
    "reconciled.created": (
        "✅ Checked with the platform: order {ref} (your number <code>{seller_no}</code>) "
        "<b>was created</b> — platform order no. <code>{order_no}</code>."
    ),
    "reconciled.not_created": (
        "ℹ️ Checked with the platform for {minutes} min: order {ref} (your number "
        "<code>{seller_no}</code>) <b>was not created</b>. Nothing is charged; send /neworder "
        "to order again."
    ),
    # notes
    "note.cancelled": "✖ Order cancelled. Nothing was sent to the platform.",
    "note.cancelled_short": "Cancelled.",
    "note.reminder": (
        "⏰ Your order draft is waiting for you. Reply to the last question to continue, or "
        "/cancel. It is put aside (and kept) after another {minutes} of silence."
    ),
    "note.timeout": (
        "⌛ Your order draft was put aside after {minutes} without activity. "
        "It is saved: send /neworder to continue."
    ),
    # buttons
    "btn.taobao": "Taobao / Tmall",
    "btn.1688": "1688",
    "btn.back": "◀ Back",
    "btn.cancel": "✖ Cancel",
    "btn.prev": "◀ Previous",
    "btn.next": "Next ▶",
    "btn.skip": "Skip ▶",
    "btn.show_cart": "🛒 Show my order",
    "btn.add_item": "➕ Add another item",
    "btn.remove_line": "🗑 Remove a line",
    "btn.to_address": "✅ Continue to the address",
    "btn.address_steps": "✍️ Enter step by step",
    "btn.address_paste": "📋 Paste a whole address",
    "btn.address_use": "✅ Use this address",
    "btn.address_use_save": "💾 Use and save it",
    "btn.address_edit": "✏️ Enter it again",
    "btn.country_china": "中国 China",
    "btn.budget_use_total": "Use the total {total}",
    "btn.son_auto": "🎲 Generate one",
    "btn.confirm": "✅ Confirm and submit",
    "btn.edit_items": "🛒 Edit items",
    "btn.edit_address": "📍 Edit address",
    "btn.edit_budget": "💰 Edit budget",
    "btn.resume": "▶ Continue the draft",
    "btn.restart": "🆕 Start over",
    "btn.delete": "🗑 Delete",
    "btn.refresh": "🔄 Ask the platform again",
    # errors
    "err.menu_expired": "This menu has expired. Send /neworder to continue.",
    "err.not_expected": "I did not expect that here. Use the buttons above, or /cancel.",
    "err.unknown_command": "I do not know the command {input}. /help lists what I can do.",
    "err.internal": "😵 Something went wrong on my side. Your draft is kept; please try again.",
    "err.platform_down": (
        "⚠️ The platform is not answering right now. Please try again in a moment."
    ),
    "err.text_too_long": "That message is too long (over {limit} characters).",
    "err.item.empty": "Send a product link, share text or ID.",
    "err.item.not_found": (
        "I could not find {platform} item <code>{item_id}</code>. Check the link or ID."
    ),
    "err.item.other_platform": (
        "This order is a {platform} order. Items from the other platform need an order of "
        "their own — finish or cancel this one first."
    ),
    "err.item.no_skus": "This product has nothing that can be ordered right now.",
    "err.sku.sold_out": "{sku} is sold out — pick another.",
    "err.lines.line": "Line {n}: {problem}\nNothing was added; fix it and send again.",
    "err.lines.no_sku": "SKU {sku} is not part of item {item}.",
    "err.lines.not_found_anywhere": (
        "I could not find <code>{item_id}</code> on Taobao or on 1688. Check the ID."
    ),
    "err.lines.price_above": "the price is now {price}, above your {limit}.",
    "err.address.empty": "Send the address as text.",
    "err.address.unparsed": (
        "I could not read an address in that. Paste name, mobile, province, city, district, "
        "street and postal code, or enter it step by step."
    ),
    "err.address.gone": "That address is no longer in your book.",
    "err.address.book_full": "Your address book is full (20). Delete one with /addresses.",
    "err.address.label_length": "A name must be 1 to 40 characters.",
    "err.address.label_taken": "You already have an address with that name. Send another name.",
    "err.seller_no.taken": "Order number {number} is already used by order #{ref}. Send another.",
    "err.submit_crashed": (
        "😵 Something went wrong while submitting. Your draft is kept; check /neworder or try "
        "Confirm again — a repeated submission never creates a second order."
    ),
}
