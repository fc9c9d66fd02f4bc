"""What every handler needs: its dependencies, the member's language, and the live panel."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

import sqlite_utils
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, ConversationHandler

from bot.address_sync import AddressSync
from bot.approvals import ApprovalService
from bot.batches import BatchService
from bot.bulk import BulkOrders
from bot.bulk_pay import BulkPay
from bot.cart import CartService
from bot.catalog import Catalog
from bot.collage import PageImages
from bot.config import Settings
from bot.domain.errors import InputError
from bot.domain.text import clean
from bot.freight import FreightService
from bot.i18n import Translator, has, pick_language
from bot.notifications import OrderEvents
from bot.order_actions import OrderActions
from bot.refunds import RefundService
from bot.search import SearchService
from bot.service import OrderService
from bot.session import NEW_ORDER, Flow, FlowSession, OrderSession, PanelCard
from bot.telegram_bot import order_bot
from bot.update_work import beside
from bot.vouchers import PaymentVouchers
from handlers import panel_card
from handlers.telegram_limits import MESSAGE_LIMIT
from storage.addresses import AddressRepository
from storage.drafts import DraftRepository
from storage.flows import FlowStates
from storage.preferences import PreferenceRepository

log = logging.getLogger(__name__)

S = TypeVar("S", bound=FlowSession)


@dataclass
class Deps:
    settings: Settings
    catalog: Catalog
    service: OrderService
    actions: OrderActions
    drafts: DraftRepository
    addresses: AddressRepository
    preferences: PreferenceRepository
    db: sqlite_utils.Database | None = None  # for the durable flows' states
    events: OrderEvents | None = None  # set once the Telegram-side notifier exists
    platform_note: str | None = None  # e.g. "running against the embedded sandbox platform"
    approvals: ApprovalService | None = None  # group approval (bot/approvals.py)
    refunds: RefundService | None = None  # after-sales (bot/refunds.py)
    vouchers: PaymentVouchers | None = None  # payment by transfer (bot/vouchers.py)
    batches: BatchService | None = None  # 1688 orders across sellers (bot/batches.py)
    bulk_pay: BulkPay | None = None  # several orders paid in one call (bot/bulk_pay.py)
    bulk: BulkOrders | None = None  # spreadsheet orders (bot/bulk.py)
    search: SearchService | None = None  # finding goods (bot/search.py)
    page_images: PageImages | None = None  # the photo grids of search results
    freight: FreightService | None = None  # shipping abroad (bot/freight.py)
    address_sync: AddressSync | None = None  # the platform's address book (bot/address_sync.py)
    carts: CartService | None = None  # the shopping carts (bot/cart.py)
    _flow_states: dict[str, FlowStates] = field(default_factory=dict)

    def flow_states(self, flow: Flow) -> FlowStates:
        """The state rows of `flow` (the new order's are the drafts)."""
        if flow is NEW_ORDER:
            return self.drafts
        if flow.name not in self._flow_states:
            if self.db is None:
                raise RuntimeError("Deps.db is needed for durable flows")
            self._flow_states[flow.name] = FlowStates(self.db, flow.name)
        return self._flow_states[flow.name]


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.application.bot_data["deps"]


def translator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Translator:
    d = deps(context)
    user = update.effective_user
    preference = d.preferences.language(user.id) if user else None
    code = user.language_code if user else None
    return Translator(pick_language(preference, code, d.settings.default_language))


def recheck_minutes(context: ContextTypes.DEFAULT_TYPE) -> int:
    """How long a lost answer is checked for, in whole minutes, for the member's message."""
    return max(1, round(deps(context).settings.reconcile_window_seconds / 60))


def input_error_text(tr: Translator, error: InputError) -> str:
    key = f"err.{error.code}"
    if has(key):
        try:
            return tr(key, **error.params)
        except (KeyError, IndexError):
            log.exception("message %s does not fit its params %s", key, error.params)
    return error.message


# --- a member's state in a durable flow (stored in SQLite, with its step, at every step) ---


def session_key(update: Update) -> tuple[int, int]:
    return update.effective_chat.id, update.effective_user.id


def load_state(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: Flow) -> S:
    """The member's state in `flow` as last saved (a fresh one when there is none)."""
    states = deps(context).flow_states(flow)
    raw = states.load(*session_key(update))
    if raw:
        try:
            session = flow.model.model_validate_json(raw)
            session.step = states.step(*session_key(update))
            return session  # type: ignore[return-value]
        except ValueError:
            log.exception(
                "stored %s state for %s is unreadable; starting anew",
                flow.name,
                session_key(update),
            )
    return flow.model()  # type: ignore[return-value]


def save_state(
    update: Update, context: ContextTypes.DEFAULT_TYPE, flow: Flow, session: FlowSession
) -> None:
    """The state and its step, in one write (the update that changed them is noted with it)."""
    if update.update_id:
        session.update_id = update.update_id
    deps(context).flow_states(flow).save_model(*session_key(update), session, session.step)


def drop_state(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: Flow) -> None:
    deps(context).flow_states(flow).delete(*session_key(update))


def load_session(update: Update, context: ContextTypes.DEFAULT_TYPE) -> OrderSession:
    """The member's order draft (the new-order flow's state)."""
    return load_state(update, context, NEW_ORDER)


def save_session(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession) -> None:
    save_state(update, context, NEW_ORDER, session)


def drop_session(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    drop_state(update, context, NEW_ORDER)


# --- the panel: one message per draft whose buttons are live --------------------------------


def on_live_panel(update: Update, session: FlowSession) -> bool:
    """Whether the pressed button is on the member's live panel of the flow, not on an older
    message (whose buttons have expired)."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message is not None and message.message_id == session.panel_message_id


def live_panel(flow: Flow):
    """A button handler `callback(update, context, session)` that only the member's live panel
    of `flow` reaches; a press on any other message is answered "this menu has expired"."""

    def wrap(callback):
        @wraps(callback)
        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
            session = load_state(update, context, flow)
            if not on_live_panel(update, session):
                await answer(update, translator(update, context)("err.menu_expired"))
                return None
            return await callback(update, context, session)

        return handler

    return wrap


async def show_panel(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: FlowSession,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    step: str,
    flow: Flow = NEW_ORDER,
    on_card: bool = False,
    card: panel_card.NewCard | None = None,
) -> str:
    """Put the member on `step` of `flow` and show its panel: edited in place when a button on
    the live panel was pressed, otherwise a new message. The step and the state are stored
    before the answer goes out (a crash in between resumes on `step`); returns `step` for the
    conversation handler.

    A step about the product on the member's card (`on_card`) is written under the card when
    the card is the live panel, and `card` sends a new card with the panel under it
    (handlers/panel_card.py); any other panel gives the card its own text back."""
    session.step, session.answered = step, False
    save_state(update, context, flow, session)
    query = update.callback_query
    pressed = on_live_panel(update, session)
    under = live_card(session)
    on_it = addressed(update, panel_card.body(under.text, text)) if under is not None else ""
    if (
        card is None
        and pressed
        and on_card
        and under is not None
        and panel_card.fits(on_it, photo=under.photo)
    ):
        await panel_card.edit(query.message, under, on_it, keyboard)
    else:
        await leave_card(update, context, session)
        if card is not None:  # a new card always goes out, even after a press elsewhere
            message, session.card = await panel_card.send(
                context.bot, update.effective_chat.id, card, text, keyboard, **reply_kwargs(update)
            )
            session.panel_message_id = message.message_id
        elif pressed and under is None:
            await edit_text(query.message, addressed(update, text), keyboard)
        else:
            session.panel_message_id = await order_bot(context.bot).send_panel(
                update.effective_chat.id, text, keyboard, **reply_kwargs(update)
            )
    session.answered = True
    save_state(update, context, flow, session)
    return step


def live_card(session: FlowSession) -> PanelCard | None:
    """The card the member's live panel is written under, if it is."""
    card = session.card
    return card if card is not None and card.message_id == session.panel_message_id else None


def pressed_on_card(update: Update, session: FlowSession) -> bool:
    """Whether a button on the member's live card was pressed (its steps go under the card)."""
    return on_live_panel(update, session) and live_card(session) is not None


async def leave_card(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: FlowSession
) -> None:
    """The panel moves off the member's card, if it is on one: the card gets its own text and
    buttons back, beside the answer."""
    card = live_card(session)
    if card is not None:
        session.card = None
        await beside(panel_card.restore(context.bot, update.effective_chat.id, card))


def in_private_chat(update: Update) -> bool:
    """Whether only the member reads along: else personal data is shown masked."""
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


def addressed(update: Update, text: str) -> str:
    """In groups, a panel edited after a button press starts with its member's name (a new
    panel answers their message instead), so parallel drafts stay readable."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == "private":
        return text
    return f"👤 <b>{html.escape(user.first_name, quote=False)}</b>\n{text}"


def stale_button_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The answer to a press on a panel that is not the member's live one: another member's
    draft in a group, or an old menu."""
    tr = translator(update, context)
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    if query is not None and query.message is not None and chat.type != "private":
        owner = deps(context).drafts.owner_of_panel(chat.id, query.message.message_id)
        if owner is not None and owner != user.id:
            return tr("group.not_your_draft")
    return tr("err.menu_expired")


def reply_kwargs(update: Update) -> dict:
    """In groups, answer the member's own message so parallel drafts stay readable."""
    chat = update.effective_chat
    if chat.type in ("group", "supergroup") and update.message is not None:
        return {"reply_to_message_id": update.message.message_id}
    return {}


async def edit_text(
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    await order_bot(message.get_bot()).redraw_panel(
        message.chat_id, message.message_id, text, keyboard
    )


async def answer(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Answer a button press exactly once (Telegram shows a spinner until then). The answer
    goes out beside what the handler sends next rather than before it, a round trip sooner;
    the update counts as handled once it is out (bot/update_work.py)."""
    query = update.callback_query
    if query is None:
        return
    await beside(_answer(query, text, alert))


async def _answer(query: CallbackQuery, text: str | None, alert: bool) -> None:
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as exc:  # too old (e.g. after a restart): nothing to do
        log.info("callback answer refused: %s", exc.message)
    except TelegramError as exc:  # the member sees the spinner end on its own
        log.warning("callback answer not sent: %s", exc)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long text into messages at line breaks (a single over-long line is cut hard)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks


async def send_long(bot, chat_id: int, text: str, **kwargs) -> None:
    """Send a text of any length as consecutive messages (the rate limiter paces them)."""
    for chunk in split_message(text):
        await bot.send_message(chat_id, chunk, **kwargs)


async def text_within(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    empty_key: str,
    limit: int,
    multiline: bool = False,
) -> str | None:
    """The member's text, cleaned of control characters and stripped; None (and the member
    told why) when empty or too long."""
    text = clean(update.message.text or "", multiline=multiline).strip()
    tr = translator(update, context)
    if not text:
        await say(update, context, tr(empty_key))
        return None
    if len(text) > limit:
        await say(update, context, tr("err.text_too_long", limit=limit))
        return None
    return text


async def say(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """A plain message in the member's chat (errors, notes)."""
    await context.bot.send_message(update.effective_chat.id, text, **reply_kwargs(update))


# --- durable flows: the stored step always equals the conversation's state ------------------

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]


def durable(callback: Callback, flow: Flow = NEW_ORDER) -> Callback:
    """Keep `flow`'s stored step equal to the state its conversation moves to. Steps are
    written with the state before each answer (show_panel); this only repairs a path that
    forgot, so a restart can never resume a member on a state PTB alone knew about."""

    @wraps(callback)
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
        result = await callback(update, context)
        if result is None or update.effective_chat is None or update.effective_user is None:
            return result
        expected = None if result == ConversationHandler.END else str(result)
        states = deps(context).flow_states(flow)
        key = session_key(update)
        if states.step(*key) != expected:
            if expected is None:
                states.set_step(*key, None)
            else:
                log.warning("%s left step %s unsaved; saving it", callback.__qualname__, result)
                session = load_state(update, context, flow)
                session.step = expected
                save_state(update, context, flow, session)
        return result

    return handler
