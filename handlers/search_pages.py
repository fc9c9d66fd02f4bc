"""The buttons of search messages: platform, pages, sort and price, product cards, a seller's
goods and the chat with them (callback data in handlers/search_keyboards.py).

Each press is answered once: nothing to say when it worked, an alert when it could not (the
search was forgotten, the product is gone, the platform refused or did not answer) — and then
the message stays as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import ForceReply, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.catalog import ProductNotFound
from bot.domain.search_terms import price_bands
from bot.marketplaces.base import Unsupported
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.products import ProductView
from bot.search import SearchGone
from handlers import search_keyboards as kb
from handlers import search_views as views
from handlers.common import answer, deps, translator
from storage.searches import StoredSearch

log = logging.getLogger(__name__)

Press = Callable[[Update, ContextTypes.DEFAULT_TYPE, list[str]], Awaitable[None]]


def search_button(callback: Press) -> Press:
    """Run a press with its fields; turn what went wrong into an alert, answered once."""

    @wraps(callback)
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        tr = translator(update, context)
        try:
            await callback(update, context, kb.parts(update.callback_query.data))
        except SearchGone:
            await answer(update, tr("search.err.expired"), alert=True)
            return
        except ProductNotFound as exc:
            platform = tr("btn.taobao") if exc.platform == "taobao" else tr("btn.1688")
            await answer(update, tr("search.err.product_gone", platform=platform), alert=True)
            return
        except Unsupported:
            await answer(update, tr("search.err.unsupported"), alert=True)
            return
        except PlatformError as exc:
            log.info("search press %s refused: %s", update.callback_query.data, exc)
            await answer(update, tr("search.err.refused", reason=exc.msg), alert=True)
            return
        except PandaPonError as exc:
            log.warning("search press %s failed: %s", update.callback_query.data, exc)
            await answer(update, tr("search.err.platform_down"), alert=True)
            return
        await answer(update)

    return handler


async def show_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, search: StoredSearch, number: int
) -> None:
    tr = translator(update, context)
    await views.deliver(update, context, await views.page_view(context, tr, search, number))


@search_button
async def on_go(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    """Search these words on a platform (the first choice, or the other platform after)."""
    search = deps(context).search.get(int(fields[0]))
    platform = kb.PLATFORM_OF_CODE[fields[1]]
    if search.platform != platform:
        search = deps(context).search.refine(
            search,
            update.effective_user.id,
            platform=platform,
            price_min_fen=None,  # retail and wholesale prices differ: a range would mislead
            price_max_fen=None,
        )
    await show_page(update, context, search, 1)


@search_button
async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    search = deps(context).search.get(int(fields[0]))
    await show_page(update, context, search, max(1, int(fields[1])))


@search_button
async def on_sort_menu(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]):
    search = deps(context).search.get(int(fields[0]))
    tr = translator(update, context)
    keyboard = kb.sort_menu(tr, search, max(1, int(fields[1])))
    await update.callback_query.message.edit_reply_markup(keyboard)


@search_button
async def on_sort(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    service = deps(context).search
    search = service.get(int(fields[0]))
    sort = kb.SORT_OF_CODE[fields[1]]
    if sort != search.sort:
        search = service.refine(search, update.effective_user.id, sort=sort)
    await show_page(update, context, search, 1)


@search_button
async def on_price_menu(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]):
    """Price bands drawn from the page on screen (cached: no platform call)."""
    service = deps(context).search
    search = service.get(int(fields[0]))
    page = max(1, int(fields[1]))
    shown = await service.page(search, page)
    bands = price_bands([hit.price_fen for hit in shown.hits])
    tr = translator(update, context)
    await update.callback_query.message.edit_reply_markup(kb.price_menu(tr, search, page, bands))


@search_button
async def on_price(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    service = deps(context).search
    search = service.get(int(fields[0]))
    low, high = kb.fen_field(fields[1]), kb.fen_field(fields[2])
    if low is not None and high is not None and low > high:
        low, high = high, low
    if (low, high) != (search.price_min_fen, search.price_max_fen):
        search = service.refine(
            search, update.effective_user.id, price_min_fen=low, price_max_fen=high
        )
    await show_page(update, context, search, 1)


@search_button
async def on_price_type(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]):
    """Ask for a range as a reply (handlers/search.py takes the answer)."""
    service = deps(context).search
    search = service.get(int(fields[0]))
    tr = translator(update, context)
    prompt = await context.bot.send_message(
        update.effective_chat.id,
        tr("search.ask_range"),
        reply_to_message_id=update.callback_query.message.message_id,
        reply_markup=ForceReply(selective=True, input_field_placeholder="20-80"),
    )
    service.searches.await_price(search.id, prompt.message_id)


@search_button
async def on_card(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    platform, search_id, item_id = kb.PLATFORM_OF_CODE[fields[0]], int(fields[1]), fields[2]
    page, sku_page = int(fields[3]), int(fields[4])
    product = await deps(context).search.product(platform, item_id)
    if product.title_trans is None and search_id:
        product = await _with_translated_title(context, product, search_id, page)
    tr = translator(update, context)
    sku_page = min(sku_page, max(0, (len(product.skus) - 1) // kb.SKUS_PER_PAGE))
    view = views.card_view(tr, product, search_id=search_id, page=page, sku_page=sku_page)
    await views.deliver(update, context, view)


async def _with_translated_title(
    context: ContextTypes.DEFAULT_TYPE, product: ProductView, search_id: int, page: int
) -> ProductView:
    """The results page's translated title, where the product lookup gave none (Taobao)."""
    service = deps(context).search
    try:
        shown = await service.page(service.get(search_id), page)
    except (SearchGone, PandaPonError, Unsupported):
        return product
    hit = next((h for h in shown.hits if h.item_id == product.item_id), None)
    if hit is None or not hit.title_trans:
        return product
    return product.model_copy(update={"title_trans": hit.title_trans})


@search_button
async def on_open_id(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]):
    """A product named by a bare id, on the platform the member chose."""
    platform, item_id = kb.PLATFORM_OF_CODE[fields[0]], fields[1]
    product = await deps(context).search.product(platform, item_id)
    tr = translator(update, context)
    await views.deliver(update, context, views.card_view(tr, product, search_id=0, page=1))


@search_button
async def on_seller(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]):
    """A 1688 seller's goods, in the message of the card they were asked from."""
    service = deps(context).search
    product = await service.product("1688", fields[1])
    if not product.seller_id:
        raise Unsupported("the platform names no seller for this product")
    chat, user = update.effective_chat.id, update.effective_user.id
    await show_page(update, context, service.seller_search(chat, user, product), 1)


@search_button
async def on_chat(update: Update, context: ContextTypes.DEFAULT_TYPE, fields: list[str]) -> None:
    """The seller's chat link, asked for on demand; the button becomes the link."""
    platform, search_id, item_id = kb.PLATFORM_OF_CODE[fields[0]], int(fields[1]), fields[2]
    page, sku_page = int(fields[3]), int(fields[4])
    service = deps(context).search
    product = await service.product(platform, item_id)
    link = await service.seller_chat_link(product)
    if not link:
        raise Unsupported("the platform gave no chat link")
    tr = translator(update, context)
    keyboard = kb.card(
        tr, product, search_id=search_id, page=page, sku_page=sku_page, chat_url=link
    )
    await update.callback_query.message.edit_reply_markup(keyboard)


def build_search_page_handlers() -> list[CallbackQueryHandler]:
    return [
        CallbackQueryHandler(on_go, pattern=kb.GO),
        CallbackQueryHandler(on_page, pattern=kb.PAGE),
        CallbackQueryHandler(on_sort_menu, pattern=kb.SORT_MENU),
        CallbackQueryHandler(on_sort, pattern=kb.SORT_SET),
        CallbackQueryHandler(on_price_menu, pattern=kb.PRICE_MENU),
        CallbackQueryHandler(on_price, pattern=kb.PRICE_SET),
        CallbackQueryHandler(on_price_type, pattern=kb.PRICE_TYPE),
        CallbackQueryHandler(on_card, pattern=kb.CARD),
        CallbackQueryHandler(on_open_id, pattern=kb.OPEN_ID),
        CallbackQueryHandler(on_seller, pattern=kb.SELLER),
        CallbackQueryHandler(on_chat, pattern=kb.CHAT),
    ]
