"""build_application(settings): wiring only — PTB builder, persistence, handlers, jobs."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import httpx
from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot.address_sync import ADDRESS_SYNC, AddressSync
from bot.approvals import ApprovalService
from bot.batches import BatchService
from bot.bulk import BulkOrders
from bot.bulk_pay import BulkPay
from bot.cart import CartService
from bot.catalog import Catalog
from bot.collage import PageImages
from bot.config import Settings
from bot.domain.recheck import RecheckPlan
from bot.freight import FreightService
from bot.i18n import t
from bot.marketplaces import marketplaces
from bot.notifications import OrderEvents
from bot.order_actions import OrderActions
from bot.pandapon.client import PandaPonClient
from bot.platform_calls import PlatformCalls
from bot.polling import REPLAYED
from bot.rate_limiter import BACKGROUND, SendLimits, TelegramRateLimiter
from bot.refunds import RefundService
from bot.search import SearchService
from bot.service import OrderService
from bot.serving import GRACEFUL_SHUTDOWN_SECONDS
from bot.session import durable_flow_names
from bot.telegram_bot import OrderBot
from bot.telegram_request import AiohttpRequest, JsonHTTPXRequest
from bot.update_processor import InboxUpdateProcessor
from bot.vouchers import PaymentVouchers
from handlers import access, errors, quiet_drafts, replay
from handlers.abroad_actions import build_abroad_card_handlers
from handlers.address_book import build_address_book_handlers
from handlers.approval import EXPIRY_INTERVAL_SECONDS, build_approval_handlers, expiry_job
from handlers.approval_cards import refresh_cards
from handlers.batch_orders import build_batch_handlers
from handlers.bulk_approval import build_bulk_approval_handlers
from handlers.bulk_flow import build_bulk_conversation
from handlers.bulk_pay import build_pay_handlers
from handlers.bulk_progress import TelegramBulkReporter
from handlers.cart import build_cart_conversation
from handlers.commands import MENU_COMMANDS
from handlers.common import Deps
from handlers.freight_estimate import build_freight_estimate_conversation
from handlers.new_order import build_new_order_conversation, expired_button
from handlers.notify import TelegramNotifier
from handlers.orders import build_order_handlers
from handlers.refunds import build_refund_handlers
from handlers.refunds_approval import build_refund_approval_handlers
from handlers.refunds_flow import build_refund_conversation
from handlers.refunds_notify import RefundNotifier
from handlers.search import build_search_handlers
from handlers.search import purge_job as search_purge_job
from handlers.search_pages import build_search_page_handlers
from handlers.ship_abroad import build_ship_abroad_conversation
from handlers.start import build_start_handlers, unknown_command
from handlers.vouchers import build_voucher_conversation
from storage.abroad import AbroadRepository
from storage.actions import ActionLedger
from storage.addresses import AddressRepository
from storage.approvals import ApprovalRepository
from storage.batches import BatchRepository
from storage.bulk_jobs import BulkJobRepository
from storage.carts import CartRepository
from storage.checkpoints import Checkpointer
from storage.db import open_database
from storage.drafts import DraftRepository
from storage.events import EventRepository
from storage.inbox import Inbox
from storage.orders import OrderRepository
from storage.persistence import SQLitePersistence
from storage.preferences import PreferenceRepository
from storage.refunds import RefundRepository
from storage.searches import SearchRepository

log = logging.getLogger(__name__)

# Conversations keyed per chat and member with buttons are intended: PTB's FAQ on per_* settings
# says this warning is harmless then.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

# How often lost answers that are due are looked for again (the schedule is per order).
RECONCILE_TICK_SECONDS = 2
INBOX_PURGE_SECONDS = 3600
SEARCH_PURGE_SECONDS = 86400


@dataclass
class BotParts:
    application: Application
    deps: Deps
    client: PandaPonClient
    inbox: Inbox
    checkpointer: Checkpointer | None = None  # WAL checkpoints off the event loop
    # The Bot API connections: closed at the stop even when initialize() failed (a refused
    # token), which PTB's shutdown() then skips.
    telegram_requests: tuple[BaseRequest, ...] = ()


def file_url_for(base_url: str) -> str:
    """Telegram serves files beside the Bot API: …/bot → …/file/bot."""
    base = base_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


def send_limits(settings: Settings) -> SendLimits:
    return SendLimits(
        per_second=settings.telegram_messages_per_second,
        private_burst=settings.telegram_private_burst,
        private_window=settings.telegram_private_window,
        group_burst=settings.telegram_group_burst,
        group_window=settings.telegram_group_window,
    )


def _telegram_request(
    pool_size: int, transport: httpx.AsyncBaseTransport | None
) -> AiohttpRequest | JsonHTTPXRequest:
    """aiohttp on the network; httpx where the in-process tier hands in the stand-in's app."""
    if transport is None:
        return AiohttpRequest(connection_pool_size=pool_size)
    return JsonHTTPXRequest(connection_pool_size=pool_size, httpx_kwargs={"transport": transport})


def build_application(
    settings: Settings,
    *,
    platform_note: str | None = None,
    telegram_transport: httpx.AsyncBaseTransport | None = None,
    platform_transport: httpx.AsyncBaseTransport | None = None,
) -> BotParts:
    """The whole bot. The transports replace the network for the in-process test tier: the
    same HTTP requests, answered by the stand-ins' ASGI apps without sockets. Updates arrive
    through the inbox (bot.polling or the webhook in bot.web), never PTB's Updater: each is
    stored before Telegram is told it arrived, in both polling and webhook mode."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    db = open_database(settings.db_path)
    client = PandaPonClient.from_settings(settings, transport=platform_transport)
    orders = OrderRepository(db)
    events = EventRepository(db)
    recheck = RecheckPlan(settings.reconcile_window_seconds)
    markets = marketplaces(client, settings.pandapon_country)
    searches = SearchRepository(db)
    calls = PlatformCalls(ActionLedger(db), recheck)
    service = OrderService(markets, orders, recheck)
    addresses = AddressRepository(db)
    deps = Deps(
        settings=settings,
        catalog=Catalog(markets),
        service=service,
        actions=OrderActions(markets, orders, events, calls),
        drafts=DraftRepository(db),
        addresses=addresses,
        preferences=PreferenceRepository(db),
        db=db,
        platform_note=platform_note,
        search=SearchService(markets, searches, cache_seconds=settings.search_cache_seconds),
        # product photos are on the platform's image host (in tests: the sandbox)
        page_images=PageImages(transport=platform_transport),
        freight=FreightService(client, markets, orders, AbroadRepository(db), calls),
        address_sync=AddressSync(client, addresses, calls),
        batches=BatchService(service, BatchRepository(db, orders)),
        carts=CartService(
            markets, CartRepository(db), pending_seconds=settings.reconcile_window_seconds
        ),
    )
    deps.bulk_pay = BulkPay(markets, orders, deps.actions, calls)
    deps.bulk = BulkOrders(
        service, deps.batches, BulkJobRepository(db), concurrency=settings.bulk_concurrency
    )
    deps.refunds = RefundService(settings, RefundRepository(db), orders, markets, calls, events)
    deps.vouchers = PaymentVouchers(markets, deps.actions, calls)
    inbox = Inbox(db)
    persistence = SQLitePersistence(
        db,
        update_interval=settings.persistence_interval_seconds,
        durable_flows=durable_flow_names(),
    )
    replayed: set[int] = set()  # queued again after a restart (bot/polling.py)
    requests = tuple(_telegram_request(size, telegram_transport) for size in (256, 1))
    bot = OrderBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=file_url_for(settings.telegram_base_url),
        request=requests[0],
        get_updates_request=requests[1],
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=TelegramRateLimiter(send_limits(settings)),
    )
    application = (
        Application.builder()
        .bot(bot)
        .persistence(persistence)
        .concurrent_updates(InboxUpdateProcessor(inbox, replayed))
        .updater(None)
        .build()
    )
    application.bot_data["deps"] = deps
    application.bot_data[REPLAYED] = replayed
    application.bot_data["inbox"] = inbox
    deps.approvals = ApprovalService(settings, deps.service, ApprovalRepository(db), deps.drafts)
    refund_notifier = RefundNotifier(application.bot, settings, deps.preferences, deps.refunds)
    deps.bulk.reporter = TelegramBulkReporter(
        application.bot, settings, deps.preferences, deps.bulk
    )
    deps.events = OrderEvents(
        deps.actions,
        orders,
        events,
        TelegramNotifier(application.bot, settings, deps.preferences, refund_notifier),
        refunds=deps.refunds,
    )
    application.add_handler(TypeHandler(Update, access.gate), group=-2)
    application.add_handler(TypeHandler(Update, replay.skip_applied), group=-1)
    for handler in build_start_handlers():
        application.add_handler(handler)
    for handler in build_approval_handlers(deps.approvals.approvals):
        application.add_handler(handler)
    for handler in build_refund_approval_handlers(deps.refunds.repo):
        application.add_handler(handler)
    # Conversations that wait for text before the draft: after-sales, vouchers and the shipping
    # estimate first (their text handlers yield unless their panel is the member's latest,
    # handlers/active_flow.py), then shipping abroad (while one of its steps waits for text,
    # that text is its own).
    timeout = settings.conversation_timeout_seconds
    application.add_handler(build_refund_conversation(db, timeout))
    application.add_handler(build_voucher_conversation(db, timeout))
    application.add_handler(build_freight_estimate_conversation(db))
    application.add_handler(build_ship_abroad_conversation())
    for handler in [*build_abroad_card_handlers(), *build_address_book_handlers()]:
        application.add_handler(handler)
    # Before the new order: a member in the middle of a bulk upload is answered by that flow.
    application.add_handler(build_bulk_conversation(settings.conversation_timeout_seconds))
    # Before the new order: a quantity typed for a cart line is the cart's.
    application.add_handler(build_cart_conversation())
    conversation = build_new_order_conversation()
    quiet_drafts.register(application, conversation)
    application.add_handler(conversation)
    for handler in build_order_handlers():
        application.add_handler(handler)
    for handler in [
        *build_refund_handlers(),
        *build_batch_handlers(),
        *build_pay_handlers(),
        *build_bulk_approval_handlers(),
        *build_search_page_handlers(),
        *build_search_handlers(searches),
    ]:
        application.add_handler(handler)
    # Last: every command no handler took is answered "unknown" (the step stays), and every
    # button no handler took (old menus, forged data) "expired".
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command)
    )
    application.add_handler(CallbackQueryHandler(expired_button))
    application.add_handler(TypeHandler(Update, quiet_drafts.arm_reminder), group=1)
    application.add_error_handler(errors.on_error)
    return BotParts(application, deps, client, inbox, Checkpointer.for_database(db), requests)


async def on_started(parts: BotParts) -> None:
    """After initialize(): the command menu, then settle submissions left unknown."""
    bot = parts.application.bot
    for lang in ("en", "zh"):
        commands = [BotCommand(name, t(lang, f"cmd.{name}")) for name in MENU_COMMANDS]
        await bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
    cut_off = parts.deps.service.recover_interrupted()
    recovered = len(cut_off) + parts.deps.actions.calls.recover_interrupted()
    if recovered:
        log.warning("%d platform call(s) were cut off by a stop; checking them", recovered)
    if parts.deps.refunds is not None:  # approved before the stop, never sent: send now
        await parts.deps.refunds.actions.resume()
    for order in cut_off:  # the member last saw "Submitting…": say what happens now
        lang = parts.deps.preferences.language(order.requester_id)
        text = t(
            lang or parts.deps.settings.default_language,
            "recovered.checking",
            ref=order.ref,
            seller_no=order.seller_order_number,
        )
        try:
            await bot.send_message(order.chat_id, text)
        except TelegramError as exc:
            log.info("order %s: could not tell chat %s: %s", order.ref, order.chat_id, exc)
    if parts.deps.events is not None and (stored := parts.deps.events.resume()):
        log.warning("%d platform callback(s) stored before the stop are applied now", stored)
    resumed = parts.deps.bulk.resume_unfinished()  # spreadsheet jobs a stop cut off go on
    if resumed:
        log.warning("%d spreadsheet order job(s) resumed: %s", len(resumed), resumed)
    job_queue = parts.application.job_queue
    if job_queue is not None:
        job_queue.run_repeating(
            _reconcile_job, interval=RECONCILE_TICK_SECONDS, first=1, name="reconcile"
        )
        job_queue.run_repeating(
            expiry_job, interval=EXPIRY_INTERVAL_SECONDS, first=1, name="approval-expiry"
        )
        job_queue.run_repeating(
            _purge_inbox_job, interval=INBOX_PURGE_SECONDS, first=60, name="inbox-purge"
        )
        job_queue.run_repeating(
            search_purge_job, interval=SEARCH_PURGE_SECONDS, first=120, name="search-purge"
        )
        retry = parts.deps.settings.address_sync_retry_seconds
        job_queue.run_repeating(_address_sync_job, interval=retry, first=5, name="address-sync")
        settings = parts.deps.settings
        if not settings.callbacks_configured:  # no push from the platform: ask it
            job_queue.run_repeating(
                _poll_job,
                interval=settings.poll_interval_seconds,
                first=settings.poll_interval_seconds,
                name="status-poll",
            )


async def on_stopping(parts: BotParts) -> None:
    """Before the application stops: background submissions stop between orders (a restart
    resumes them), and the callbacks taken are applied and told."""
    await parts.deps.bulk.stop()
    if parts.deps.events is not None:  # callbacks taken are applied and told while we can send
        await parts.deps.events.paced.drain(GRACEFUL_SHUTDOWN_SECONDS)


async def on_stopped(parts: BotParts) -> None:
    await parts.client.aclose()
    for request in parts.telegram_requests:
        await request.shutdown()
    if parts.deps.page_images is not None:
        await parts.deps.page_images.aclose()


async def _purge_inbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handled updates are kept a day for the record, then dropped."""
    inbox: Inbox = context.application.bot_data["inbox"]
    purged = inbox.purge_done()
    if purged:
        log.info("inbox: %d handled update(s) older than a day removed", purged)


async def _address_sync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Saved addresses the platform's book does not have yet (a failure, a new edit) again."""
    deps: Deps = context.application.bot_data["deps"]
    synced = await deps.address_sync.retry_unsynced()
    if synced:
        log.info("address book: %d address(es) synced with the platform", synced)


async def _poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    deps: Deps = context.application.bot_data["deps"]
    changed = await deps.events.poll_once(max_rps=deps.settings.poll_max_rps)
    if changed:
        log.info("status poll: %d order(s) changed", changed)


async def _reconcile_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lost answers that are due are looked for again; what that settles is told to the chat
    that placed the order (and to its requester privately, for a group order)."""
    deps: Deps = context.application.bot_data["deps"]
    for outcome in await deps.actions.calls.check_due():
        if outcome.kind == ADDRESS_SYNC:  # no order to tell: /addresses shows the state
            deps.address_sync.settled(outcome)
            continue
        await deps.events.action_settled(outcome)
    minutes = max(1, round(deps.settings.reconcile_window_seconds / 60))
    for stored, outcome in await deps.service.reconcile_due():
        lang = deps.preferences.language(stored.requester_id) or deps.settings.default_language
        key = "reconciled.created" if outcome.kind == "submitted" else "reconciled.not_created"
        text = t(
            lang,
            key,
            ref=f"#{stored.id}",
            seller_no=stored.seller_order_number,
            order_no=outcome.platform_order_no or "—",
            minutes=minutes,
        )
        approval = deps.approvals.approvals.for_order(stored.id) if deps.approvals else None
        if approval is not None:  # the group watches the card: it shows the outcome now
            await refresh_cards(context, approval)
        chats = [stored.chat_id] + ([stored.requester_id] if stored.chat_id < 0 else [])
        for chat_id in chats:
            try:
                await context.bot.send_message(chat_id, text, rate_limit_args=BACKGROUND)
            except TelegramError as exc:
                log.info(
                    "order %s: could not tell chat %s: %s", stored.seller_order_number, chat_id, exc
                )
