"""Finding goods in the chat: `/search <words>`, plain words in a private chat, a photo (in a
private chat, or captioned /search in a group), and a typed price range.

Words are searched on the platform the member names (`/search 1688 T恤`) or the one they pick;
a photo is searched on 1688, the platform with image search. Results, filters and product
cards are buttons of one message (handlers/search_pages.py); "Add to order" continues in the
new-order flow (handlers/search_order.py).
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, PhotoSize, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot import search_images
from bot.catalog import ProductNotFound
from bot.domain.errors import InputError
from bot.domain.links import LinkError, parse_product_ref
from bot.domain.search_terms import parse_price_range, search_keyword
from bot.marketplaces.base import Unsupported
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.search import RETENTION_DAYS, SearchGone
from handlers import search_keyboards as kb
from handlers import search_views as views
from handlers.common import deps, input_error_text, say, translator
from storage.db import now_ms
from storage.searches import SearchRepository, StoredSearch

log = logging.getLogger(__name__)

# `/search 1688 T恤`, `/search taobao earbuds`: the first word may name the platform.
PLATFORM_WORDS = {
    "taobao": "taobao",
    "tb": "taobao",
    "tmall": "taobao",
    "淘宝": "taobao",
    "天猫": "taobao",
    "1688": "1688",
    "alibaba": "1688",
    "阿里巴巴": "1688",
}
SEARCH_CAPTION = filters.CaptionRegex(r"^/search(?:@\w+)?(?:\s|$)")
WANTED_SIDE = search_images.TARGET_SIDE  # the smallest Telegram size at least this large


# --- words ----------------------------------------------------------------------------------


async def search_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    args = list(context.args or [])
    platform = PLATFORM_WORDS.get(args[0].lower()) if len(args) > 1 else None
    words = " ".join(args[1:] if platform else args)
    if not words.strip():
        await say(update, context, tr("search.usage"))
        return
    await _search_words(update, context, words, platform)


async def on_plain_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Words in a private chat that are no command, no link and no step's answer: a search
    (a bare product id: open it)."""
    text = update.message.text or ""
    tr = translator(update, context)
    try:
        ref = parse_product_ref(text)
    except LinkError as exc:
        if exc.code in ("link.not_found", "link.bad_id"):
            await _search_words(update, context, text, None)
        else:
            await say(update, context, input_error_text(tr, exc))
        return
    if ref.is_ambiguous:
        await context.bot.send_message(
            update.effective_chat.id,
            tr("search.id_offer", item_id=ref.item_id),
            reply_markup=kb.id_offer(tr, ref.item_id),
        )
        return
    try:
        product = await deps(context).search.product(ref.platform, ref.item_id)
    except PandaPonError as exc:
        await _say_failure(update, context, exc)
        return
    except ProductNotFound:
        platform = tr("btn.taobao") if ref.platform == "taobao" else tr("btn.1688")
        await say(update, context, tr("search.err.product_gone", platform=platform))
        return
    await views.deliver(update, context, views.card_view(tr, product, search_id=0, page=1))


async def _search_words(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, platform: str | None
) -> None:
    tr = translator(update, context)
    try:
        words = search_keyword(text)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return
    chat, user = update.effective_chat.id, update.effective_user.id
    search = deps(context).search.keyword_search(chat, user, words, platform)
    if platform is None:
        await context.bot.send_message(
            chat,
            tr("search.which_platform", words=words),
            reply_markup=kb.platform_offer(tr, search.id),
            **_reply(update),
        )
        return
    await show_first_page(update, context, search)


async def show_first_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, search: StoredSearch
) -> None:
    """Page 1 as a new message; the platform's failure is said plainly, with a retry."""
    tr = translator(update, context)
    try:
        view = await views.page_view(context, tr, search, 1)
    except (PandaPonError, Unsupported, SearchGone) as exc:
        await _say_failure(update, context, exc, search)
        return
    await views.deliver(update, context, view)


async def _say_failure(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    exc: Exception,
    search: StoredSearch | None = None,
) -> None:
    tr = translator(update, context)
    if isinstance(exc, PlatformError):
        log.info("search refused by the platform: %s", exc)
        text = tr("search.err.refused", reason=exc.msg)
    elif isinstance(exc, PandaPonError):
        log.warning("search failed: %s", exc)
        text = tr("search.err.platform_down")
    elif isinstance(exc, SearchGone):
        text = tr("search.err.expired")
    else:
        text = tr("search.err.unsupported")
    markup = kb.retry(tr, search) if search is not None and isinstance(exc, PandaPonError) else None
    await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=markup, **_reply(update)
    )


def _reply(update: Update) -> dict:
    message = update.effective_message
    if message is None or update.callback_query is not None:
        return {}
    return {"reply_to_message_id": message.message_id}


# --- a typed price range (the answer to "type a range") -------------------------------------


class PriceReply(filters.MessageFilter):
    """A reply to the bot's "type a price range" prompt."""

    def __init__(self, searches: SearchRepository) -> None:
        super().__init__(name="PriceReply")
        self._searches = searches

    def filter(self, message: Message) -> bool:
        reply = message.reply_to_message
        if reply is None:
            return False
        return self._searches.by_prompt(message.chat.id, reply.message_id) is not None


async def on_price_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    service = deps(context).search
    search = service.searches.by_prompt(message.chat.id, message.reply_to_message.message_id)
    if search is None:
        return
    tr = translator(update, context)
    try:
        low, high = parse_price_range(message.text or "")
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return  # the prompt stays: another reply may be the range
    refined = service.refine(
        search, update.effective_user.id, price_min_fen=low, price_max_fen=high
    )
    await show_first_page(update, context, refined)


# --- photos ---------------------------------------------------------------------------------


def _best_size(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    """The smallest size still large enough to search by (Telegram keeps several)."""
    ordered = sorted(sizes, key=lambda size: size.width * size.height)
    return next((s for s in ordered if max(s.width, s.height) >= WANTED_SIDE), ordered[-1])


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    size = _best_size(update.message.photo)
    await _search_file(update, context, size.file_id, size.file_size)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An image sent as a file (uncompressed), or any file captioned /search."""
    tr = translator(update, context)
    document = update.message.document
    if not (document.mime_type or "").startswith("image/"):
        await say(update, context, tr("err.search.not_image"))
        return
    await _search_file(update, context, document.file_id, document.file_size)


async def _search_file(
    update: Update, context: ContextTypes.DEFAULT_TYPE, file_id: str, size: int | None
) -> None:
    tr = translator(update, context)
    try:
        if size is not None and size > search_images.MAX_DOWNLOAD_BYTES:
            raise search_images.too_big(size)
        telegram_file = await context.bot.get_file(file_id)
        content = bytes(await telegram_file.download_as_bytearray())
        jpeg = await asyncio.to_thread(search_images.prepare, content)  # off the event loop
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return
    except TelegramError as exc:  # e.g. "file is too big" for files over 20 MB
        log.info("search photo %s not downloaded: %s", file_id, exc)
        await say(update, context, tr("search.err.download"))
        return
    chat, user = update.effective_chat.id, update.effective_user.id
    await show_first_page(update, context, deps(context).search.image_search(chat, user, jpeg))


# --- wiring ---------------------------------------------------------------------------------


async def purge_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Searches are kept a month; their photos go with the last search naming them."""
    gone = deps(context).search.purge_old(now_ms())
    if gone:
        log.info("searches: %d older than %d days forgotten", gone, RETENTION_DAYS)


def build_search_handlers(searches: SearchRepository) -> list[BaseHandler]:
    """After the conversations (their steps take their own text, photos and files first)."""
    price_reply = PriceReply(searches)
    private = filters.ChatType.PRIVATE
    image_document = filters.Document.IMAGE & private
    return [
        CommandHandler("search", search_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & price_reply, on_price_reply),
        MessageHandler(filters.PHOTO & (private | SEARCH_CAPTION), on_photo),
        MessageHandler(filters.Document.ALL & (image_document | SEARCH_CAPTION), on_document),
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, on_plain_words),
    ]
