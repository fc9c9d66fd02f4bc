""" "Order selected" on the cart panel: the selected lines become the member's order draft, which
goes through the same receiver → budget → source → preview → confirm steps as any order.

Registered inside the new-order conversation (an entry point and a fallback, like a search
card's "add to order"). The draft's lines keep their cart ids, so the platform's cart preview
quotes it and the create orders from the cart (bot/marketplaces/); in a group the order goes
to the group's approvers like any other.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.cart import draft_line
from bot.domain.draft import Draft
from bot.pandapon.errors import PandaPonError
from bot.session import OrderSession
from handlers import cart_keyboards as kb
from handlers import order_steps
from handlers.cart_common import CART, CartSession
from handlers.common import answer, deps, load_session, load_state, translator

log = logging.getLogger(__name__)


async def on_order_selected(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    platform = kb.PLATFORM_OF_CODE[kb.arg(update.callback_query.data)]
    cart_session: CartSession = load_state(update, context, CART)
    message = update.callback_query.message
    if message is None or message.message_id != cart_session.panel_message_id:
        await answer(update, tr("err.menu_expired"))
        return None
    try:
        cart = await deps(context).carts.view(platform, update.effective_chat.id)
    except PandaPonError as exc:
        log.warning("cart %s for an order: %s", platform, exc)
        await answer(update, tr("cart.err.down"), alert=True)
        return None
    picked = set(cart_session.selected.get(platform, []))
    lines = [entry.line for entry in cart.enabled if entry.cart_id in picked]
    if not lines:
        await answer(update, tr("cart.err.nothing_selected"), alert=True)
        return None
    if load_session(update, context).draft.lines:
        await answer(update, tr("cart.err.draft_in_progress"), alert=True)
        return None
    await answer(update)
    session = OrderSession(draft=Draft(platform=platform, lines=[draft_line(x) for x in lines]))
    return await order_steps.show(order_steps.ADDRESS, update, context, session)
