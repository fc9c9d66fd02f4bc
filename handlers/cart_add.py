"""🛒 Add to cart on a product card (a link's or ID's card, a search result): the option when
the product has several, then the quantity (within stock and the 1688 minimum order of the
line); the cart is shown with the line added.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.cart import CartError
from bot.catalog import ProductNotFound
from bot.domain.errors import InputError
from bot.domain.quantity import parse_quantity
from bot.pandapon.errors import PandaPonError, PlatformError
from handlers import cart_keyboards as kb
from handlers import render
from handlers.access import requires_access
from handlers.cart_common import (
    ADD_QTY,
    CART,
    SKU,
    CartSession,
    guarded,
    load_cart,
    member_name,
    read_cart,
    show_cart,
)
from handlers.common import answer, deps, input_error_text, say, show_panel, translator


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """`c:a:<t|a>:<item>` on a product card: the option (when it has several), the quantity."""
    tr = translator(update, context)
    _, _, code, item_id = update.callback_query.data.split(":")
    platform = kb.PLATFORM_OF_CODE[code]
    try:
        product = await deps(context).catalog.product(platform, item_id)
    except ProductNotFound:
        name = render.platform_name(tr, platform)
        await answer(update, tr("cart.err.product_gone", platform=name), alert=True)
        return None
    except PlatformError as exc:
        await answer(update, tr("cart.err.refused", reason=exc.msg), alert=True)
        return None
    except PandaPonError:
        await answer(update, tr("cart.err.down"), alert=True)
        return None
    await answer(update)
    session = load_cart(update, context)
    session.platform, session.product, session.sku_page = platform, product, 0
    session.panel_message_id = None  # the card is not the cart's panel: ask below it
    in_stock = [sku for sku in product.skus if sku.in_stock]
    if len(product.skus) == 1 and in_stock:
        session.sku_id = in_stock[0].sku_id
        return await ask_add_quantity(update, context, session)
    return await ask_sku(update, context, session)


async def ask_sku(update, context, session: CartSession):
    tr = translator(update, context)
    if session.product is None:
        return await show_cart(update, context, session)
    text = tr("cart.ask.sku", title=session.product.title)
    keyboard = kb.sku_choice(tr, session.product, session.sku_page)
    return await show_panel(update, context, session, text, keyboard, step=SKU, flow=CART)


@guarded
async def on_sku_page(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    session.sku_page = int(kb.arg(update.callback_query.data))
    return await ask_sku(update, context, session)


@guarded
async def on_sku(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    tr = translator(update, context)
    index = int(kb.arg(update.callback_query.data))
    product = session.product
    if product is None or not 0 <= index < len(product.skus):
        await answer(update, tr("err.menu_expired"))
        return None
    sku = product.skus[index]
    if not sku.in_stock:
        await answer(update, tr("cart.err.sold_out", sku=sku.label), alert=True)
        return None
    await answer(update)
    session.sku_id = sku.sku_id
    return await ask_add_quantity(update, context, session)


async def ask_add_quantity(update, context, session: CartSession):
    tr = translator(update, context)
    product = session.product
    sku = next((s for s in product.skus if s.sku_id == session.sku_id), None) if product else None
    if product is None or sku is None:
        return await show_cart(update, context, session)
    text = tr("cart.ask.add_quantity", sku=sku.label, stock=sku.stock)
    if product.min_quantity > 1:
        text += "\n" + tr("cart.ask.quantity_moq", moq=product.min_quantity)
    base = [product.min_quantity, *(t.start_quantity for t in product.tiers)]
    if product.platform == "taobao":
        base = [1, 2, 3, 5, 10]
    picks = sorted({q for q in base if product.min_quantity <= q <= sku.stock})[:5]
    keyboard = kb.quantity_choice(tr, picks)
    return await show_panel(update, context, session, text, keyboard, step=ADD_QTY, flow=CART)


@requires_access
@guarded
async def on_add_quantity_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession
):
    return await _take_add_quantity(update, context, session, kb.arg(update.callback_query.data))


@requires_access
async def on_add_quantity_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    return await _take_add_quantity(
        update, context, load_cart(update, context), update.message.text
    )


async def _take_add_quantity(update, context, session: CartSession, text: str | None):
    tr = translator(update, context)
    product = session.product
    sku = next((s for s in product.skus if s.sku_id == session.sku_id), None) if product else None
    if product is None or sku is None:
        return await show_cart(update, context, session)
    cart = await read_cart(update, context, session)
    if cart is None:
        return None
    held = next((e.line for e in cart.lines if e.line.key == (product.item_id, sku.sku_id)), None)
    try:  # the 1688 minimum is of the line: adding to a line that has it needs only 1
        quantity = parse_quantity(
            text or "",
            minimum=1 if held else product.min_quantity,
            stock=max(0, sku.stock - (held.quantity if held else 0)),
        )
    except InputError as exc:
        await answer(update)
        await say(update, context, input_error_text(tr, exc))
        return None
    try:
        await deps(context).carts.add(
            update.effective_chat.id,
            update.effective_user.id,
            member_name(update),
            product,
            sku.sku_id,
            quantity,
        )
    except CartError as exc:
        if exc.code == "unknown":
            await answer(update)
            return await show_cart(update, context, session, tr("cart.note.checking"))
        message = tr(f"cart.err.{exc.code}", reason=exc.reason or "", name="")
        await answer(update, message, alert=True)
        if update.callback_query is None:
            await say(update, context, message)
        return None
    await answer(update)
    note = tr("cart.note.added", quantity=quantity, title=product.title, sku=sku.label)
    return await show_cart(update, context, session, note)
