"""English messages for shipping abroad, freight estimates and the address book's sync."""

MESSAGES: dict[str, str] = {
    # buttons
    "btn.shipping_to": "🌏 Shipping to…",
    "btn.change_country": "🌏 Other country",
    "btn.change_quantity": "🔢 Quantity",
    "btn.close": "✖️ Close",
    "btn.ship_abroad": "🌏 Ship abroad",
    "btn.pre_warehouse": "🏬 Pre-warehouse",
    "btn.send_domestic": "🚚 Send domestic tracking",
    "btn.freight_options": "🚢 Show freight options",
    "btn.book_freight": "✅ Book this service",
    "btn.warehouse_default": "🏬 Use {name}",
    "btn.sync_now": "🔄 Sync now",
    "btn.address_edit_short": "📝 Edit",
    # the estimate
    "freight.ask_country": (
        "🌏 <b>Shipping abroad</b> for {what}\nWhere to? Pick a country or type its name or "
        "code (e.g. <code>Vietnam</code>, <code>US</code>)."
    ),
    "freight.ask_quantity": ("🔢 How many of {what}? (at least {minimum}, at most 10,000)"),
    "freight.your_order": "your order ({lines})",
    "freight.nothing_to_estimate": "Your order has no lines yet.",
    "freight.estimate": (
        "🌏 <b>Freight to {country}</b>\n{what} × {quantity}\n\n{services}\n\n"
        "<i>Estimate in {currency} and ¥ from the platform; the booking's price is the "
        "preview's.</i>"
    ),
    "freight.service": "{head}🚚 <b>{company}</b> · {category} — {price}{days}",
    "freight.service_unavailable": (
        "{head}🚫 <b>{company}</b> · {category} — not available ({reason})"
    ),
    "freight.days": " · {n} days",
    "freight.days_range": " · {low}–{high} days",
    "freight.no_route": "🌏 The platform has no freight service to {country}.",
    "freight.refused": "⚠️ No estimate to {country}: the platform said “{reason}”.",
    "freight.unavailable_now": (
        "⚠️ The platform is not answering right now; try again in a moment."
    ),
    "freight.closed": "🌏 Freight estimate closed.",
    # ship abroad
    "abroad.ask_country": "🌏 <b>Ship abroad</b>: which country does the parcel go to?",
    "abroad.ask.name": "👤 The receiver's full name in {country}:",
    "abroad.ask.mobile": (
        "📱 The receiver's phone number in {country} (with or without the country code):"
    ),
    "abroad.ask.address1": "🏠 Street address (house number, street, ward/district):",
    "abroad.ask.address2": "🏢 Apartment, floor, building (optional):",
    "abroad.ask.city": "🏙 City:",
    "abroad.ask.state": "🗺 State or province:",
    "abroad.ask.zip": "📮 Postal code:",
    "abroad.ask.tax_id": "🧾 The receiver's tax id for customs in {country}:",
    "abroad.ask.email": "✉️ E-mail for the courier (optional):",
    "abroad.ask_paste": (
        "📋 Paste the whole address in {country}: name, phone, street, city, state, postal "
        "code — on lines or separated by commas."
    ),
    "abroad.confirm_receiver": "📦 <b>Receiver abroad</b>\n{receiver}\n\nIs this right?",
    "abroad.services": (
        "🚢 <b>Freight for order {ref} to {country}</b>\n\n{services}\n\nPick a service to book."
    ),
    "abroad.no_service": "🚫 No freight service can take this order to {country}.",
    "abroad.ask_book": (
        "✅ Book <b>{company}</b> · {category} for <b>{price}</b> for order {ref}?\n\n"
        "{receiver}\n\n"
        "This creates the international logistics order."
    ),
    "abroad.booking": "⏳ Booking the international logistics order…",
    "abroad.booked": (
        "✅ Order {ref} ships abroad with {company}: international number <code>{number}</code>. "
        "/track shows both legs."
    ),
    "abroad.book_failed": "⚠️ The booking did not go through: {reason}. Preview again to book.",
    "abroad.cancelled": "Cancelled.",
    "abroad.not_now": "This order cannot be shipped abroad now (booked already, or past delivery).",
    "abroad.taobao_only": (
        "Shipping abroad is booked on the platform for Taobao/Tmall orders; 1688 orders go "
        "through your forwarder directly."
    ),
    "abroad.operators_only": "Only operators can change the pre-warehouse.",
    "abroad.warehouse_too_late": "The goods are on their way already: the pre-warehouse is fixed.",
    "abroad.ask_warehouse": (
        "🏬 <b>Pre-warehouse of order {ref}</b>\n{current}\n\nType the warehouse's name and "
        "address on two lines (or <code>name / address</code>)."
    ),
    "abroad.warehouse_now": "Now: {name}, {address}",
    "abroad.warehouse_none": "None set yet.",
    "abroad.warehouse_set": "🏬 Pre-warehouse set: {name}.",
    "abroad.domestic_sent": "🚚 Domestic tracking sent to the forwarder: {numbers}.",
    "abroad.no_domestic": "🚚 The seller has not shipped yet: no domestic tracking to send.",
    "abroad.card.warehouse": "🏬 Pre-warehouse: {name}, {address}",
    "abroad.card.booked": "🌏 Abroad: <code>{number}</code> · {company} {category} · {price}",
    "abroad.card.domestic": "🚚 Domestic parcels announced: {numbers}",
    "track.international": "🌏 <b>International</b> · {company} · <code>{number}</code>",
    # lost answers, settled
    "action.freight_booking.checking": (
        "⏳ The platform did not answer the booking of order {ref}; checking whether it was "
        "booked. You will be told."
    ),
    "action.freight_booking.done": (
        "✅ Checked with the platform: order {ref} <b>is booked</b> abroad."
    ),
    "action.freight_booking.not_done": (
        "❌ Checked with the platform: order {ref} was <b>not</b> booked abroad. Book it again."
    ),
    "action.freight_booking.failed": "⚠️ The booking of order {ref} did not go through.",
    "action.freight_domestic.checking": (
        "⏳ The platform did not answer the domestic tracking of order {ref}; checking."
    ),
    "action.freight_domestic.done": "✅ The forwarder has the domestic tracking of order {ref}.",
    "action.freight_domestic.not_done": (
        "❌ The domestic tracking of order {ref} did not reach the forwarder; send it again."
    ),
    "action.freight_domestic.failed": "⚠️ The domestic tracking of order {ref} was not taken.",
    "action.warehouse.checking": (
        "⏳ The platform did not answer the pre-warehouse change of order {ref}; checking."
    ),
    "action.warehouse.done": "✅ The pre-warehouse of order {ref} is set.",
    "action.warehouse.not_done": "❌ The pre-warehouse of order {ref} was not changed.",
    "action.warehouse.failed": "⚠️ The pre-warehouse of order {ref} could not be changed.",
    # the address book's sync
    "book.synced": "✅",
    "book.not_synced": "⚠️ not synced",
    "book.sync_pending": "⏳ syncing",
    "book.synced_now": "Synced with the platform's address book.",
    "book.still_not": "The platform did not take it; it stays here as saved.",
    "book.ask_edit": (
        "📝 <b>{label}</b>\n{receiver}\n\nPaste the address again (what you paste replaces "
        "the old value, the rest stays)."
    ),
    "book.edited": (
        "✅ <b>{label}</b> updated, here and in the platform's address book:\n{receiver}"
    ),
    "book.edited_not_synced": (
        "✅ <b>{label}</b> updated here:\n{receiver}\n\n⚠️ The platform's address book did not "
        "take it yet; it is retried, or press “Sync now” in /addresses."
    ),
    "err.warehouse.format": (
        "Please give the name and the address on two lines, or as <code>name / address</code>."
    ),
}
