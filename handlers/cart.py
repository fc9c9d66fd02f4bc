"""/cart: the chat's shopping cart on Taobao or 1688, and "🛒 Add to cart" on product cards.

A durable conversation per chat and member (CART, handlers/cart_common.py): the cart panel
(select lines, ➕/➖, a typed quantity, remove, empty my lines, the other platform's cart), and
adding a product from a card (its option, then the quantity: handlers/cart_add.py). The
member's selection is kept in the flow's state; whose line is whose is bot/cart.py's. "Order
selected" belongs to the new-order flow (handlers/cart_order.py). In a group the cart is the
group's: every member sees the lines with who added them and changes or removes only their own.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.cart import CartError, ChatCart
from bot.domain.errors import InputError
from bot.domain.quantity import parse_quantity
from handlers import cart_keyboards as kb
from handlers import replay
from handlers.access import requires_access
from handlers.cart_add import (
    ask_add_quantity,
    ask_sku,
    on_add,
    on_add_quantity_button,
    on_add_quantity_text,
    on_sku,
    on_sku_page,
)
from handlers.cart_common import (
    ADD_QTY,
    CART,
    EMPTY,
    QTY,
    SKU,
    VIEW,
    CartSession,
    guarded,
    load_cart,
    read_cart,
    show_cart,
)
from handlers.common import (
    answer,
    deps,
    drop_state,
    durable,
    edit_text,
    input_error_text,
    save_state,
    say,
    show_panel,
    translator,
)

log = logging.getLogger(__name__)

# --- entry --------------------------------------------------------------------------------


async def on_cart_command(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_cart(update, context)
    session.panel_message_id = None  # a new panel under the command
    words = (update.message.text or "").split()[1:]
    if words and words[0].lower() in ("1688", "taobao", "tmall"):
        session.platform = "1688" if words[0] == "1688" else "taobao"
    return await show_cart(update, context, session)


@guarded
async def on_view(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    platform = kb.PLATFORM_OF_CODE[kb.arg(update.callback_query.data)]
    if platform != session.platform:
        session.platform, session.page = platform, 0
    return await show_cart(update, context, session)


@guarded
async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    session.page = int(kb.arg(update.callback_query.data))
    return await show_cart(update, context, session)


@guarded
async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    return await show_cart(update, context, session)


@guarded
async def on_close(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    selected = session.selected
    drop_state(update, context, CART)
    if selected:  # the selection outlives the panel
        save_state(update, context, CART, CartSession(selected=selected))
    await edit_text(update.callback_query.message, translator(update, context)("cart.closed"))
    return ConversationHandler.END


# --- selection ------------------------------------------------------------------------------


@guarded
async def on_select(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    cart_id = kb.arg(update.callback_query.data)
    picked = session.picked()
    picked.symmetric_difference_update({cart_id})
    session.selected[session.platform] = sorted(picked)
    return await show_cart(update, context, session)


@guarded
async def on_select_all(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    cart = await read_cart(update, context, session)
    if cart is None:
        return None
    enabled = [entry.cart_id for entry in cart.enabled]
    everything = set(enabled) <= session.picked()
    session.selected[session.platform] = [] if everything else enabled
    return await show_cart(update, context, session)


# --- quantities, removal ----------------------------------------------------------------------


async def _change(update, context, session: CartSession, change, done_key: str):
    """Make one cart change; whatever the platform said, show the cart as it is now."""
    tr = translator(update, context)
    try:
        await change
    except CartError as exc:
        if exc.code == "unknown":
            return await show_cart(update, context, session, tr("cart.note.checking"))
        text = tr(f"cart.err.{exc.code}", reason=exc.reason or "", name=exc.reason or "")
        if update.callback_query is not None:
            await answer(update, text, alert=True)
        else:
            await say(update, context, text)
        return None if session.step == QTY else await show_cart(update, context, session)
    await answer(update)
    return await show_cart(update, context, session, tr(done_key))


@requires_access
@guarded
async def on_step(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    """➕ / ➖: one more or one less (the platform refuses below the minimum or above stock)."""
    data = update.callback_query.data
    cart_id, delta = kb.arg(data), (1 if data.startswith("c:p:") else -1)
    cart = await read_cart(update, context, session)
    if cart is None:
        return None
    entry = cart.get(cart_id)
    if entry is None:
        await answer(update, translator(update, context)("cart.err.gone"), alert=True)
        return await show_cart(update, context, session)
    quantity = entry.line.quantity + delta
    if quantity < max(1, entry.line.min_quantity) or (
        entry.line.stock is not None and quantity > entry.line.stock
    ):
        return await _refuse_quantity(update, context, session, entry, quantity)
    change = deps(context).carts.set_quantity(
        session.platform, update.effective_chat.id, update.effective_user.id, cart_id, quantity
    )
    return await _change(update, context, session, change, "cart.note.changed")


async def _refuse_quantity(update, context, session, entry, quantity: int):
    """Say why a quantity cannot be (as the quantity step says it); nothing is sent."""
    tr = translator(update, context)
    line = entry.line
    try:
        parse_quantity(str(quantity), minimum=max(1, line.min_quantity), stock=line.stock)
    except InputError as exc:
        await answer(update, input_error_text(tr, exc), alert=True)
    return await show_cart(update, context, session)


@guarded
async def on_type_quantity(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession
):
    await answer(update)
    cart = await read_cart(update, context, session)
    entry = cart.get(kb.arg(update.callback_query.data)) if cart else None
    if entry is None:
        return await show_cart(update, context, session)
    session.editing = entry.cart_id
    return await ask_quantity(update, context, session, cart)


async def ask_quantity(update, context, session: CartSession, cart: ChatCart | None = None):
    tr = translator(update, context)
    cart = cart or await read_cart(update, context, session)
    entry = cart.get(session.editing or "") if cart else None
    if entry is None:
        return await show_cart(update, context, session)
    line = entry.line
    text = tr(
        "cart.ask.quantity",
        title=line.title,
        sku=line.sku_label,
        quantity=line.quantity,
        stock=line.stock if line.stock is not None else "—",
    )
    if line.min_quantity > 1:
        text += "\n" + tr("cart.ask.quantity_moq", moq=line.min_quantity)
    return await show_panel(update, context, session, text, kb.back(tr), step=QTY, flow=CART)


@requires_access
async def on_quantity_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_cart(update, context)
    tr = translator(update, context)
    cart = await read_cart(update, context, session)
    entry = cart.get(session.editing or "") if cart else None
    if entry is None:
        return await show_cart(update, context, session)
    line = entry.line
    try:
        quantity = parse_quantity(
            update.message.text or "", minimum=max(1, line.min_quantity), stock=line.stock
        )
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None  # the quantity stays; the step too
    change = deps(context).carts.set_quantity(
        session.platform, update.effective_chat.id, update.effective_user.id, line.cart_id, quantity
    )
    return await _change(update, context, session, change, "cart.note.changed")


@requires_access
@guarded
async def on_remove(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    cart_id = kb.arg(update.callback_query.data)
    change = deps(context).carts.remove(
        session.platform, update.effective_chat.id, update.effective_user.id, [cart_id]
    )
    session.selected[session.platform] = [c for c in session.picked() if c != cart_id]
    return await _change(update, context, session, change, "cart.note.removed")


@guarded
async def on_empty_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    await answer(update)
    tr = translator(update, context)
    return await show_panel(
        update, context, session, tr("cart.ask.empty"), kb.empty_confirm(tr), step=EMPTY, flow=CART
    )


@requires_access
@guarded
async def on_empty_yes(update: Update, context: ContextTypes.DEFAULT_TYPE, session: CartSession):
    tr = translator(update, context)
    service = deps(context).carts
    try:
        removed = await service.empty(
            session.platform, update.effective_chat.id, update.effective_user.id
        )
    except CartError as exc:
        await answer(update, tr(f"cart.err.{exc.code}", reason=exc.reason or "", name=""), True)
        return await show_cart(update, context, session)
    await answer(update)
    note = tr("cart.note.emptied", lines=tr.count("count.lines", removed))
    return await show_cart(update, context, session, note)


def build_cart_conversation() -> ConversationHandler:
    def button(pattern: str, callback) -> CallbackQueryHandler:
        return CallbackQueryHandler(durable(callback, CART), pattern=f"^{pattern}$")

    panel = [
        button(kb.VIEW, on_view),
        button(kb.PAGE, on_page),
        button(kb.SELECT, on_select),
        button(kb.SELECT_ALL, on_select_all),
        button(kb.MORE, on_step),
        button(kb.LESS, on_step),
        button(kb.TYPE_QUANTITY, on_type_quantity),
        button(kb.REMOVE, on_remove),
        button(kb.EMPTY_ASK, on_empty_ask),
        button(kb.CLOSE, on_close),
        button(kb.BACK, on_back),
    ]
    text = filters.TEXT & ~filters.COMMAND
    add = CallbackQueryHandler(durable(on_add, CART), pattern=kb.ADD)
    return ConversationHandler(
        entry_points=[CommandHandler("cart", durable(on_cart_command, CART)), add, *panel],
        states={
            VIEW: panel,
            QTY: [MessageHandler(text, durable(on_quantity_text, CART)), *panel],
            EMPTY: [button(kb.EMPTY_YES, on_empty_yes), *panel],
            SKU: [button(kb.SKU, on_sku), button(kb.SKU_PAGE, on_sku_page), *panel],
            ADD_QTY: [
                MessageHandler(text, durable(on_add_quantity_text, CART)),
                button(kb.QUANTITY, on_add_quantity_button),
                *panel,
            ],
        },
        fallbacks=[CommandHandler("cart", durable(on_cart_command, CART)), add],
        name=CART.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
    )


_SHOW = {VIEW: show_cart, QTY: ask_quantity, EMPTY: show_cart, SKU: ask_sku}


async def show_step_again(update: Update, context: ContextTypes.DEFAULT_TYPE, session) -> None:
    await answer(update)
    show = _SHOW.get(session.step or "", ask_add_quantity if session.step == ADD_QTY else None)
    if show is not None:
        await show(update, context, session)


replay.shows_again(CART, show_step_again)
