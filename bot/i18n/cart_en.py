"""English messages of the shopping carts (/cart, "Add to cart")."""

MESSAGES: dict[str, str] = {
    "cmd.cart": "Your shopping cart on Taobao and 1688 (in a group: the team's)",
    "cart.btn.add": "🛒 Add to cart",
    "cart.title": "🛒 <b>{platform} cart</b>",
    "cart.title_group": "🛒 <b>{platform} cart of this group</b> (shared by the team)",
    "cart.is_empty": "Your cart is empty. Add goods with “🛒 Add to cart” on a product card.",
    "cart.seller": "🏪 <b>{seller}</b>",
    "cart.row": "{n}. {mark} {title} · {sku}\n    {quantity} × {price} = {total}",
    "cart.line_by": "{line} · <i>added by {name}</i>",
    "cart.disabled_title": "⛔ <b>Cannot be ordered now</b>",
    "cart.disabled_line": "{n}. {title} · {sku} × {quantity} — {reason}",
    "cart.total": "Cart total: {total}",
    "cart.selected": "Selected: {lines} · {total}",
    "cart.none_selected": "Tick the lines to order (☐ → ☑), then “Order selected”.",
    "cart.page": "Page {page}/{pages}",
    "cart.note.added": "✅ Added {quantity} × {title} · {sku}.",
    "cart.note.changed": "✅ Quantity changed.",
    "cart.note.removed": "🗑 Removed.",
    "cart.note.emptied": "🗑 Removed {lines}.",
    "cart.note.checking": (
        "⏳ The platform did not answer in time; this is the cart as it shows it now."
    ),
    "cart.btn.select_all": "☑ Select all",
    "cart.btn.select_none": "☐ Select none",
    "cart.btn.order": "✅ Order selected",
    "cart.btn.refresh": "🔄 Refresh",
    "cart.btn.other": "🛒 {platform} cart",
    "cart.btn.empty": "🗑 Empty my lines",
    "cart.btn.empty_yes": "🗑 Yes, remove them",
    "cart.btn.back": "⬅️ Back to the cart",
    "cart.btn.close": "✖️ Close",
    "cart.btn.view": "🛒 Open the cart",
    "cart.ask.empty": "Remove every line you added to this cart?",
    "cart.ask.quantity": ("How many of <b>{title}</b> · {sku}? Now {quantity}; in stock {stock}."),
    "cart.ask.quantity_moq": "At least {moq} per order on 1688.",
    "cart.ask.sku": "Which option of <b>{title}</b> goes into the cart?",
    "cart.ask.add_quantity": (
        "How many of {sku} into the cart? In stock: {stock}. Type a number or tap one."
    ),
    "cart.closed": "🛒 Cart closed. /cart opens it again.",
    "cart.err.elsewhere": (
        "This option is already in a cart of another chat of this bot (the platform keeps "
        "one line per option). Order it there, or ask them to remove it."
    ),
    "cart.err.outside": (
        "This option is in the platform account's cart already, added outside this bot; "
        "remove it there first."
    ),
    "cart.err.refused": "The platform refused: {reason}",
    "cart.err.down": "The platform is not answering right now. Please try again in a minute.",
    "cart.err.unknown": "The platform did not answer in time; open /cart to see what it has.",
    "cart.err.gone": "That line is no longer in the cart.",
    "cart.err.not_yours": "Only {name}, who added this line, can change or remove it.",
    "cart.err.nothing_selected": "Select the lines to order first (☐ → ☑).",
    "cart.err.draft_in_progress": (
        "You have an order in progress. Finish it, or /cancel it, then order from the cart."
    ),
    "cart.err.product_gone": "This product is no longer on {platform}.",
    "cart.err.sold_out": "{sku} is sold out.",
}
