"""English messages for promotions and the re-check of prices and stock before the preview."""

MESSAGES: dict[str, str] = {
    # promotion prices and 1688 shop promotions
    "promo.price_was": "{price} <s>{original}</s>",
    "promo.product": "🏷 On promotion (was {original})",
    "promo.discount": "🎁 Shop promotion {name}: −{amount}",
    "card.discount": "🎁 Shop promotion {promotion}: −{amount} (in the total)",
    "promo.offer": "🎁 The seller offers a promotion for this order — choose it below.",
    "promo.gone": "🎁 The promotion {name} no longer applies to this order; it was removed.",
    "promo.btn.choose": "🎁 Use {name} · −{amount}",
    "promo.btn.chosen": "✅ {name} · −{amount}",
    "promo.btn.none": "✖ No promotion",
    # re-check before the preview
    "recheck.title": "🔄 <b>Prices or stock changed since you added these lines</b>",
    "recheck.line": "{n}. {title} · <i>{sku}</i> × {qty}",
    "recheck.price": "    💴 price changed {old} → {new}",
    "recheck.short": "    📦 only {stock} left",
    "recheck.gone": "    ❌ no longer available: {reason}",
    "recheck.choose": "Choose for each line; the preview follows once all are settled.",
    "recheck.btn.accept": "✅ {n}: take the new price {price}",
    "recheck.btn.quantity": "✏️ {n}: change the quantity",
    "recheck.btn.remove": "🗑 {n}: remove the line",
    "recheck.ask_qty": (
        "How many of <b>{title}</b> · <i>{sku}</i>? In stock now: {stock}. (Minimum order: {moq}.)"
    ),
    "recheck.btn.back": "◀ Back to the changes",
}
