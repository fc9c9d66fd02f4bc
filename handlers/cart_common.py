"""What the cart's steps share: the member's cart session (the durable flow CART), reading the
chat's cart from the platform and showing it, and the guard that takes buttons only from the
member's live cart panel. The panel's steps are handlers/cart.py; adding from a product card is
handlers/cart_add.py.
"""

from __future__ import annotations

import logging

from pydantic import Field
from telegram import Update
from telegram.ext import ContextTypes

from bot.cart import ChatCart
from bot.pandapon.errors import PandaPonError
from bot.products import ProductView
from bot.session import FlowSession, durable_flow
from handlers import cart_keyboards as kb
from handlers.common import deps, live_panel, load_state, say, show_panel, translator
from handlers.search_keyboards import register_card_action

log = logging.getLogger(__name__)


VIEW, QTY, SKU, ADD_QTY, EMPTY = "cart_view", "cart_qty", "cart_sku", "cart_add_qty", "cart_empty"


class CartSession(FlowSession):
    platform: str = "taobao"
    selected: dict[str, list[str]] = Field(default_factory=dict)  # cart ids, per platform
    page: int = 0
    editing: str | None = None  # the cart id whose quantity is being typed
    product: ProductView | None = None  # the product being added
    sku_id: str | None = None
    sku_page: int = 0

    def picked(self) -> set[str]:
        return set(self.selected.get(self.platform, []))


CART = durable_flow("cart", CartSession)
register_card_action(kb.add_button)  # every search card gets "🛒 Add to cart"


def load_cart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> CartSession:
    return load_state(update, context, CART)


def member_name(update: Update) -> str:
    user = update.effective_user
    return (user.first_name or user.username or str(user.id))[:64]


def in_group(update: Update) -> bool:
    return update.effective_chat.type != "private"


async def read_cart(update, context, session: CartSession) -> ChatCart | None:
    try:
        return await deps(context).carts.view(session.platform, update.effective_chat.id)
    except PandaPonError as exc:
        log.warning("cart %s of %s: %s", session.platform, update.effective_chat.id, exc)
        await say(update, context, translator(update, context)("cart.err.down"))
        return None


async def show_cart(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: CartSession,
    note: str | None = None,
):
    """Read the cart from the platform and show it (the selection kept to lines still there)."""
    tr = translator(update, context)
    session.editing, session.product, session.sku_id = None, None, None
    cart = await read_cart(update, context, session)
    if cart is None:
        return session.step or None
    enabled = {entry.cart_id for entry in cart.enabled}
    session.selected[session.platform] = [c for c in session.picked() if c in enabled]
    session.page = min(session.page, kb.pages(cart) - 1)
    picked = session.picked()
    text = kb.cart_text(tr, cart, picked, session.page, group=in_group(update), note=note)
    keyboard = kb.cart_keyboard(tr, cart, picked, session.page)
    return await show_panel(update, context, session, text, keyboard, step=VIEW, flow=CART)


# A button on any message but the member's live cart panel: this menu has expired.
guarded = live_panel(CART)
