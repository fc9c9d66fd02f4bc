"""From a product card to the member's order: an option's button starts their new-order draft
with that product, or adds it to the draft they have, at the quantity step of the same flow (a
1688 draft may hold several sellers' goods: it becomes one order per seller, as after a link).

Registered inside the new-order conversation (as an entry point and a fallback), so the
conversation moves to the quantity step with the draft (handlers/new_order.py); the card is not
the draft's panel, so the quantity question comes as the new live panel, as after a pasted link.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.catalog import ProductNotFound
from bot.pandapon.errors import PandaPonError, PlatformError
from handlers import order_items as items
from handlers import render
from handlers import search_keyboards as kb
from handlers.common import answer, deps, load_session, translator

log = logging.getLogger(__name__)


async def on_add_to_order(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """`s:ad:<t|a>:<item>:<sku>`: that option, at the quantity step of the member's draft."""
    tr = translator(update, context)
    code, item_id, sku_id = kb.parts(update.callback_query.data)
    platform = kb.PLATFORM_OF_CODE[code]
    try:
        product = await deps(context).search.product(platform, item_id)
    except ProductNotFound:
        name = render.platform_name(tr, platform)
        await answer(update, tr("search.err.product_gone", platform=name), alert=True)
        return None
    except PlatformError as exc:
        await answer(update, tr("search.err.refused", reason=exc.msg), alert=True)
        return None
    except PandaPonError as exc:
        log.warning("product %s/%s for the order failed: %s", platform, item_id, exc)
        await answer(update, tr("search.err.platform_down"), alert=True)
        return None
    sku = next((s for s in product.skus if s.sku_id == sku_id), None)
    if sku is None:
        await answer(update, tr("search.err.option_gone"), alert=True)
        return None
    if not sku.in_stock:
        await answer(update, tr("err.sku.sold_out", sku=sku.label), alert=True)
        return None
    session = load_session(update, context)
    draft = session.draft
    if draft.lines and draft.platform != platform:
        name = render.platform_name(tr, draft.platform)
        await answer(update, tr("err.item.other_platform", platform=name), alert=True)
        return None
    await answer(update)
    draft.platform = platform
    session.product, session.sku_id, session.sku_page = product, sku.sku_id, 0
    session.pending_platform_choice = None
    return await items.ask_quantity(update, context, session)
