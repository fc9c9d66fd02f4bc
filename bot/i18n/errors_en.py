"""English texts for the domain's input errors: `err.<InputError.code>`.

Each text uses only the params its raise sites pass (see bot/domain); a code raised from several
places with different params uses only the params all of them share.
"""

MESSAGES: dict[str, str] = {
    # money.py
    "err.amount.empty": "Please enter an amount, for example 12.50.",
    "err.amount.invalid": (
        "That is not an amount. Write it like 12.50, ¥12.50 or 1250分 (¥ or 分, not both)."
    ),
    "err.amount.negative": "The amount cannot be negative.",
    "err.amount.bad_separator": (
        "Use a dot for decimals and commas only between thousands, like 1,234.50."
    ),
    "err.amount.fen_fraction": "An amount in fen must be a whole number, like 1250分.",
    "err.amount.too_precise": "An amount has at most 2 decimals (fen), like 12.34.",
    "err.amount.zero": "The amount must be more than zero.",
    "err.amount.too_large": "The amount is above the limit of {maximum}.",
    "err.amount.bad_type": "The platform sent an amount of the wrong type ({type}).",
    # quantity.py: typed quantities
    "err.quantity.empty": "Please enter a quantity, for example 2.",
    "err.quantity.not_a_number": "“{text}” is not a number. Enter a whole number, for example 2.",
    "err.quantity.negative": "The quantity cannot be negative.",
    "err.quantity.not_whole": "The quantity must be a whole number, for example 2.",
    "err.quantity.zero": "The quantity must be at least 1.",
    "err.quantity.below_minimum": "The minimum order for this product is {minimum}.",
    "err.quantity.out_of_stock": "This product is out of stock.",
    "err.quantity.above_stock": "Only {stock} in stock.",
    "err.quantity.too_large": "At most {maximum} per line.",
    # quantity.py: pasted order lines (all carry `line`; quantity/price also `cause`)
    "err.order_line.fields": (
        "Line {line}: expected 3 or 4 values, <code>item-ID SKU-ID quantity [price]</code> "
        "(found: {count})."
    ),
    "err.order_line.item_id": "Line {line}: “{value}” is not an item ID.",
    "err.order_line.sku_id": "Line {line}: “{value}” is not a SKU ID.",
    "err.order_line.quantity": (
        "Line {line}: the quantity is not valid. Use a whole number, for example 2."
    ),
    "err.order_line.price": "Line {line}: the price is not valid. Write it like 12.50 or 1250分.",
    "err.order_line.too_many": "Line {line}: at most {maximum} lines at once.",
    "err.order_line.empty": (
        "No order lines found. Write one per line: <code>item-ID SKU-ID quantity [price]</code>."
    ),
    # receiver_fields.py and receiver.py (`receiver.<field>.<problem>`, all carry `field`)
    "err.receiver.name.empty": "Please enter the receiver's name.",
    "err.receiver.name.too_long": "The name is longer than {maximum} characters.",
    "err.receiver.name.digits_only": "The name cannot be only digits.",
    "err.receiver.name.invalid": "The name must contain letters or characters.",
    "err.receiver.mobile.empty": "Please enter a mobile number.",
    "err.receiver.mobile.invalid": (
        "That is not a valid mobile number. Check the digits and the country code."
    ),
    "err.receiver.mobile.too_short": "This mobile number is too short.",
    "err.receiver.mobile.too_long": "This mobile number is too long.",
    "err.receiver.mobile.not_mobile": (
        "This looks like a landline. Please give a mobile number (a landline can go under phone)."
    ),
    "err.receiver.phone.too_long": "The phone is longer than {maximum} characters.",
    "err.receiver.phone.invalid": "The phone number is not valid.",
    "err.receiver.country.empty": "Please enter the country.",
    "err.receiver.country.too_long": "The country is longer than {maximum} characters.",
    "err.receiver.country.invalid": "The country is not valid.",
    "err.receiver.state.empty": "Please enter the province or state.",
    "err.receiver.state.too_long": "The province or state is longer than {maximum} characters.",
    "err.receiver.state.unknown_province": (
        "“{text}” is not a Chinese province. Write it like 浙江省, 广东 or Shanghai."
    ),
    "err.receiver.state.invalid": "The province or state is not valid.",
    "err.receiver.city.empty": "Please enter the city.",
    "err.receiver.city.too_long": "The city is longer than {maximum} characters.",
    "err.receiver.city.invalid": "The city is not valid.",
    "err.receiver.district.too_long": "The district is longer than {maximum} characters.",
    "err.receiver.district.invalid": "The district is not valid.",
    "err.receiver.address.empty": "Please enter the street address.",
    "err.receiver.address.too_short": (
        "The street address needs at least {minimum} characters (street and number)."
    ),
    "err.receiver.address.too_long": "The street address is longer than {maximum} characters.",
    "err.receiver.address.invalid": "The street address is not valid.",
    "err.receiver.zip.empty": "Please enter the postal code.",
    "err.receiver.zip.invalid_cn": "A Chinese postal code is exactly 6 digits, like 311121.",
    "err.receiver.zip.invalid": "A postal code has 3 to 10 letters, digits, spaces or dashes.",
    # receiver.py: a model-level problem that names no field
    "err.receiver.receiver.invalid": "The receiver address is not valid.",
    # links.py
    "err.link.not_found": (
        "No product link or ID found. Paste a Taobao, Tmall or 1688 product link, "
        "the app's share text, or the product ID."
    ),
    "err.link.no_item_id": (
        "This link does not point at a single product. Open the product page and copy its link."
    ),
    "err.link.unsupported": (
        "Only Taobao, Tmall and 1688 products can be ordered; this link is from {platform}."
    ),
    "err.link.short_unreachable": (
        "I could not open that short link from here. Open it in your browser and paste the full "
        "product link, or send the item ID."
    ),
    "err.link.short_no_product": (
        "That short link does not lead to a product page. Paste the product's own link or its ID."
    ),
    "err.link.bad_id": "A product ID has 6 to 20 digits; “{id}” has {digits}.",
    "err.link.token_only": (
        "This share code has no link in it. In the app, choose “Copy link” and paste that."
    ),
    # draft.py
    "err.draft.no_such_line": "There is no line {line}; the last line is {count}.",
    "err.draft.too_many_lines": "An order can have at most {maximum} lines.",
    "err.draft.budget_negative": "The budget cannot be negative.",
    "err.draft.budget_below_total": "The budget {cap} is below the order total {total}.",
    "err.seller_order_number.empty": "Please enter an order number.",
    "err.seller_order_number.too_long": "An order number has at most {maximum} characters.",
    "err.seller_order_number.invalid": (
        "An order number may use only letters, digits, “_” and “-”."
    ),
    "err.order_source.unknown": "The order source must be one of: {choices}.",
}
