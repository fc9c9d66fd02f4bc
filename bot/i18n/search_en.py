"""English messages for finding goods: /search, photo search, results, product cards."""

MESSAGES: dict[str, str] = {
    "cmd.search": "Find goods by words or a photo: /search T-shirt",
    "search.help": (
        "<b>Finding goods</b>\n"
        "/search <i>words</i> — search Taobao or 1688 (<code>/search 1688 T恤</code> picks the "
        "platform). In this chat, plain words work too, and a photo searches 1688 for what "
        "looks like it; in a group, send the photo with the caption /search.\n"
        "Results come six to a page, with sort and price buttons; tap a number for the "
        "product, then an option to add it to your order."
    ),
    "search.usage": (
        "Tell me what to look for: <code>/search bluetooth earbuds</code> or "
        "<code>/search 1688 T恤</code>. You can also send a photo of the product."
    ),
    "search.which_platform": "🔎 Search “{words}” on which platform?",
    "search.id_offer": "Open product <code>{item_id}</code> on which platform?",
    "search.btn.taobao": "🔎 Taobao / Tmall",
    "search.btn.1688": "🔎 1688",
    "search.btn.open_taobao": "Open on Taobao",
    "search.btn.open_1688": "Open on 1688",
    "search.btn.retry": "🔄 Try again",
    "search.btn.other_1688": "🔁 Search 1688 instead",
    "search.btn.other_taobao": "🔁 Search Taobao instead",
    "search.btn.price_any": "💴 Price: any",
    "search.btn.price_set": "💴 {range}",
    "search.btn.price_clear": "✖ Any price",
    "search.btn.price_type": "✏️ Another range…",
    "search.btn.add_to_order": "🛒 Add to order · {price}",
    "search.btn.seller_goods": "🏪 More from this seller",
    "search.btn.chat": "💬 Chat with the seller",
    "search.btn.chat_open": "💬 Open the chat",
    "search.btn.back_to_results": "◀ Back to the results",
    "search.sort.relevance": "↕ Best match",
    "search.sort.price_asc": "↕ Price: low to high",
    "search.sort.price_desc": "↕ Price: high to low",
    "search.sort.sales": "↕ Best selling",
    "search.head.keyword": (
        "🔎 <b>{platform}</b> · “{words}” · {total} results · page {page}/{pages}"
    ),
    "search.head.image": (
        "📷 <b>{platform}</b> · like your photo · {total} results · page {page}/{pages}"
    ),
    "search.head.seller": "🏪 <b>{seller}</b> · {total} goods · page {page}/{pages}",
    "search.filters": "<i>{filters}</i>",
    "search.price": "💴 {price}",
    "search.price_promo": "💴 {price} <s>{original}</s>",
    "search.moq": "min. {moq} {unit}",
    "search.sold": "{count} sold",
    "search.tap_number": "Tap a number to see the product.",
    "search.none.keyword": "🔎 Nothing found for “{words}” on {platform}.",
    "search.none.image": "📷 {platform} found nothing like this photo.",
    "search.none.seller": "🏪 {seller} has nothing on sale that fits.",
    "search.none.price": "Price filter: {range} — clear it to see more.",
    "search.card.price": "💴 {price}",
    "search.card.promo": "💴 {price} <s>{original}</s> 🏷 on promotion",
    "search.card.stock": "📦 Options: {options} · in stock: {stock}",
    "search.card.tap_option": "Tap an option to add it to your order.",
    "search.card.sold_out": "Sold out for now.",
    "search.ask_range": (
        "💴 Reply with the price range in yuan, e.g. <code>20-80</code>, <code>&lt;50</code> "
        "or <code>&gt;100</code>."
    ),
    "search.err.expired": "This search has expired. Send /search again.",
    "search.err.product_gone": "This product is no longer on {platform}.",
    "search.err.option_gone": "This option is no longer sold; open the product again.",
    "search.err.unsupported": "The platform does not offer this here.",
    "search.err.refused": "The platform refused the search: {reason}",
    "search.err.platform_down": (
        "⚠️ The platform is not answering right now. Your search is kept — try again in a moment."
    ),
    "search.err.download": "⚠️ I could not fetch this photo from Telegram. Please send it again.",
    "err.search.empty": "Tell me what to look for, e.g. <code>/search bluetooth earbuds</code>.",
    "err.search.too_long": (
        "Search words are at most {limit} characters; yours are {length}. Use a few key words."
    ),
    "err.search.range_invalid": (
        "That is not a price range. Reply like <code>20-80</code>, <code>&lt;50</code> or "
        "<code>&gt;100</code> (yuan)."
    ),
    "err.search.not_image": (
        "📷 This file is not an image I can read. Send a photo (JPEG, PNG, WebP…) to search by it."
    ),
    "err.search.image_too_big": (
        "📷 This image is {size_mb} MB — too big to search by. Send it as a photo (Telegram "
        "makes it smaller) or a file up to {limit_mb} MB."
    ),
    "err.search.image_too_many_pixels": (
        "📷 This image is {width}×{height} pixels — too big to search by. Send it as a photo "
        "instead."
    ),
}
