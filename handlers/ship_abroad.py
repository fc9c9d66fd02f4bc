"""🌏 Ship abroad: a submitted Taobao order → the receiver abroad → freight preview → booking.

A durable flow (`sa:` buttons) started from the order card. The receiver is entered for the
destination country, field by field or pasted as one block (each part checked for that
country: phone, state, postal code, tax id where customs need it); the platform's freight
preview lists the services with their prices; the member books one, and the international
logistics order's number goes on the order card. The booking is made once (bot/freight.py).
"""

from __future__ import annotations

import html
import logging

from pydantic import Field
from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.domain.abroad import (
    AbroadError,
    AbroadReceiver,
    check_destination,
    fields_for,
    required,
    validate_abroad_field,
)
from bot.domain.address_text import extract_foreign_address_fields
from bot.domain.countries import CountryError, country_name, find_country
from bot.freight import ServiceQuote
from bot.i18n import Html, Translator
from bot.marketplaces.base import Unsupported
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.session import FlowSession, durable_flow
from handlers import callback_data as cd
from handlers import order_card, replay
from handlers.abroad_card import can_ship_abroad
from handlers.access import requires_access
from handlers.common import (
    answer,
    deps,
    drop_state,
    durable,
    edit_text,
    in_private_chat,
    input_error_text,
    live_panel,
    load_state,
    on_live_panel,
    show_panel,
    text_within,
    translator,
)
from handlers.freight_render import market_countries, price, services_block
from handlers.orders import may_view
from storage.orders import StoredOrder

log = logging.getLogger(__name__)

COUNTRY = "sa_country"
FIELD = "sa_field"
PASTE = "sa_paste"
CONFIRM = "sa_confirm"
SERVICE = "sa_service"
BOOK = "sa_book"
TIMEOUT_SECONDS = 1800
MAX_BLOCK = 1000
# Parts of a pasted block → the receiver abroad's fields.
_PASTED = {"name": "name", "mobile": "mobile", "address": "address1", "district": "address2",
           "city": "city", "state": "state", "zip": "zip"}  # fmt: skip


class AbroadSession(FlowSession):
    order_id: int = 0
    country: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    field: str | None = None
    queue: list[str] = Field(default_factory=list)
    render_id: str | None = None
    services: list[dict] = Field(default_factory=list)
    chosen: int | None = None


SHIP_ABROAD = durable_flow("ship_abroad", AbroadSession)


def _load(update: Update, context) -> AbroadSession:
    return load_state(update, context, SHIP_ABROAD)


async def _show(update, context, session: AbroadSession, text: str, keyboard, step: str):
    return await show_panel(update, context, session, text, keyboard, step=step, flow=SHIP_ABROAD)


def _nav(tr: Translator, *, back: bool = True) -> list[Button]:
    row = [Button(tr("btn.back"), callback_data="sa:back")] if back else []
    return [*row, Button(tr("btn.cancel"), callback_data="sa:x")]


def _order(update: Update, context, order_id: int) -> StoredOrder | None:
    order = deps(context).service.orders.get(order_id)
    if order is None:
        return None
    user, chat = update.effective_user.id, update.effective_chat.id
    return order if may_view(deps(context).settings, order, user, chat) else None


# --- entry ---------------------------------------------------------------------------------


@requires_access
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    order_id = int(update.callback_query.data.rsplit(":", 1)[1])
    order = _order(update, context, order_id)
    if order is None:
        await answer(update, tr("orders.not_found", key=f"#{order_id}"), alert=True)
        return None
    state = deps(context).freight.state(order.id)
    if not can_ship_abroad(order, bool(state and state.booked)):
        await answer(update, tr("abroad.not_now"), alert=True)
        return None
    if not deps(context).freight.books_abroad(order.platform):
        await answer(update, tr("abroad.taobao_only"), alert=True)
        return None
    await answer(update)
    return await ask_country(update, context, AbroadSession(order_id=order.id))


async def ask_country(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    remembered = deps(context).preferences.destination(update.effective_user.id)
    buttons = [
        Button(name, callback_data=f"sa:c:{code}")
        for code, name in market_countries(tr, remembered)
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(_nav(tr, back=False))
    return await _show(update, context, session, tr("abroad.ask_country"), Markup(rows), COUNTRY)


async def on_country_button(update: Update, context, session: AbroadSession):
    await answer(update)
    return await _take_country(update, context, session, update.callback_query.data[-2:])


async def on_country_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = _load(update, context)
    tr = translator(update, context)
    text = await text_within(update, context, empty_key="err.country.empty", limit=100)
    if text is None:
        return None
    try:
        code = find_country(text)
    except CountryError as exc:
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return None
    return await _take_country(update, context, session, code)


async def _take_country(update: Update, context, session: AbroadSession, code: str):
    tr = translator(update, context)
    try:
        session.country = check_destination(code)
    except AbroadError as exc:
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return None
    deps(context).preferences.set_destination(update.effective_user.id, code)
    session.fields, session.queue = {}, list(fields_for(code))
    return await _next_field(update, context, session)


# --- the receiver, field by field or pasted ------------------------------------------------


async def ask_field(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    field = session.field or "name"
    country = session.country or ""
    rows = []
    if field == "name":
        rows.append([Button(tr("btn.address_paste"), callback_data="sa:paste")])
    if not required(field, country):
        rows.append([Button(tr("btn.skip"), callback_data="sa:skip")])
    rows.append(_nav(tr))
    text = tr(f"abroad.ask.{field}", country=country_name(country, tr.lang))
    return await _show(update, context, session, text, Markup(rows), FIELD)


async def _next_field(update: Update, context, session: AbroadSession):
    if session.queue:
        session.field = session.queue.pop(0)
        return await ask_field(update, context, session)
    session.field = None
    return await confirm_receiver(update, context, session)


async def on_field_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = _load(update, context)
    tr = translator(update, context)
    if session.field is None or session.country is None:
        return await ask_country(update, context, session)
    try:
        value = validate_abroad_field(session.field, update.message.text or "", session.country)
    except AbroadError as exc:
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return None
    session.fields[session.field] = value
    return await _next_field(update, context, session)


async def on_skip(update: Update, context, session: AbroadSession):
    await answer(update)
    if session.field is None or required(session.field, session.country or ""):
        return None
    session.fields[session.field] = ""
    return await _next_field(update, context, session)


async def on_paste_ask(update: Update, context, session: AbroadSession):
    await answer(update)
    return await ask_paste(update, context, session)


async def ask_paste(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    text = tr("abroad.ask_paste", country=country_name(session.country or "", tr.lang))
    return await _show(update, context, session, text, Markup([_nav(tr)]), PASTE)


async def on_pasted(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A whole address: every part recognised and valid for the country is kept; the bot asks
    only for what is missing or wrong."""
    session = _load(update, context)
    tr = translator(update, context)
    text = await text_within(
        update, context, empty_key="err.address.empty", limit=MAX_BLOCK, multiline=True
    )
    if text is None or session.country is None:
        return None
    found = extract_foreign_address_fields(text, session.country)
    session.fields = {}
    for part, field in _PASTED.items():
        if part in found:
            try:
                session.fields[field] = validate_abroad_field(field, found[part], session.country)
            except AbroadError:
                continue  # asked again below, with the reason
    if len(session.fields) < 2:
        await context.bot.send_message(update.effective_chat.id, tr("err.address.unparsed"))
        return None
    session.queue = [
        f
        for f in fields_for(session.country)
        if f not in session.fields and required(f, session.country)
    ]
    return await _next_field(update, context, session)


async def confirm_receiver(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    try:
        receiver = AbroadReceiver.build(session.country or "", session.fields)
    except AbroadError as exc:  # valid alone, not together: ask that field again
        field = exc.params.get("field") or "name"
        session.fields.pop(field, None)
        session.field = field
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return await ask_field(update, context, session)
    keyboard = Markup(
        [
            [Button(tr("btn.freight_options"), callback_data="sa:ok")],
            [Button(tr("btn.address_edit"), callback_data="sa:e")],
            _nav(tr, back=False),
        ]
    )
    shown = receiver.lines(masked=not in_private_chat(update))
    text = tr("abroad.confirm_receiver", receiver="\n".join(shown))
    return await _show(update, context, session, text, keyboard, CONFIRM)


async def on_edit(update: Update, context, session: AbroadSession):
    await answer(update)
    session.fields, session.queue = {}, list(fields_for(session.country or ""))
    return await _next_field(update, context, session)


# --- freight preview, choice, booking ------------------------------------------------------


async def on_preview(update: Update, context, session: AbroadSession):
    await answer(update)
    return await show_services(update, context, session)


async def show_services(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    order = _order(update, context, session.order_id)
    if order is None:
        return await _end(update, context, tr("orders.not_found", key=f"#{session.order_id}"))
    receiver = AbroadReceiver.build(session.country or "", session.fields)
    try:
        preview = await deps(context).freight.preview(order, receiver)
    except PlatformError as exc:
        log.info("order %s: freight preview refused: %s", order.seller_order_number, exc)
        await context.bot.send_message(
            update.effective_chat.id, tr("note.platform_refused", reason=exc.msg)
        )
        return await confirm_receiver(update, context, session)
    except PandaPonError as exc:
        log.warning("order %s: freight preview failed: %s", order.seller_order_number, exc)
        await context.bot.send_message(update.effective_chat.id, tr("err.platform_down"))
        return await confirm_receiver(update, context, session)
    session.render_id = preview.render_id
    session.services = [quote.to_json() for quote in preview.services]
    quotes = preview.services
    rows = [
        [
            Button(
                f"{n + 1}. {q.company} · {price(tr, q.price, q.cny_fen)}"[:60],
                callback_data=f"sa:v:{n}",
            )
        ]
        for n, q in enumerate(quotes)
        if q.price is not None
    ]
    rows.append(_nav(tr))
    if not any(q.price is not None for q in quotes):
        text = tr("abroad.no_service", country=country_name(receiver.country, tr.lang))
    else:
        text = tr(
            "abroad.services",
            ref=order.ref,
            country=country_name(receiver.country, tr.lang),
            services=services_block(tr, quotes, numbered=True),
        )
    return await _show(update, context, session, text, Markup(rows), SERVICE)


async def on_service(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    index = int(update.callback_query.data.rsplit(":", 1)[1])
    if not 0 <= index < len(session.services) or session.services[index].get("price") is None:
        await answer(update, tr("err.menu_expired"), alert=True)
        return None
    await answer(update)
    session.chosen = index
    return await ask_book(update, context, session)


async def ask_book(update: Update, context, session: AbroadSession):
    tr = translator(update, context)
    quote = ServiceQuote.from_json(session.services[session.chosen or 0])
    receiver = AbroadReceiver.build(session.country or "", session.fields)
    text = tr(
        "abroad.ask_book",
        ref=f"#{session.order_id}",
        company=quote.company,
        category=quote.category,
        price=price(tr, quote.price, quote.cny_fen) if quote.price else "—",
        receiver=Html("\n".join(html.escape(line, quote=False) for line in receiver.lines())),
    )
    keyboard = Markup([[Button(tr("btn.book_freight"), callback_data="sa:b")], _nav(tr)])
    return await _show(update, context, session, text, keyboard, BOOK)


@requires_access
async def on_book(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Book once: a second tap waits in the chat's queue, then finds the flow ended."""
    session = _load(update, context)
    if not on_live_panel(update, session):
        await answer(update, translator(update, context)("err.menu_expired"))
        return None
    query = update.callback_query
    tr = translator(update, context)
    order = _order(update, context, session.order_id)
    if order is None or session.chosen is None or session.render_id is None:
        await answer(update, tr("err.menu_expired"), alert=True)
        return None
    await answer(update, tr("abroad.booking"))
    await edit_text(query.message, tr("abroad.booking"))
    freight = deps(context).freight
    quote = ServiceQuote.from_json(session.services[session.chosen])
    receiver = AbroadReceiver.build(session.country or "", session.fields)
    try:
        outcome = await freight.book(order, receiver, session.render_id, quote)
    except PandaPonError as exc:
        log.warning("order %s: booking failed: %s", order.seller_order_number, exc)
        await context.bot.send_message(update.effective_chat.id, tr("err.platform_down"))
        return await ask_book(update, context, session)
    if outcome.state == "failed":
        reason = outcome.reason if outcome.reason != "unreachable" else tr("err.platform_down")
        await context.bot.send_message(
            update.effective_chat.id, tr("abroad.book_failed", reason=reason or "?")
        )
        return await confirm_receiver(update, context, session)  # preview again from here
    if outcome.state == "done":
        await _default_warehouse(context, order)
        number = (outcome.result or {}).get("logistic_number", "—")
        text = tr("abroad.booked", ref=order.ref, number=number, company=quote.company)
    else:
        text = tr(f"action.freight_booking.{outcome.state}", ref=order.ref)
    drop_state(update, context, SHIP_ABROAD)
    await edit_text(query.message, text, order_card.open_order(tr, order))
    return ConversationHandler.END


async def _default_warehouse(context, order: StoredOrder) -> None:
    """A booked order goes to the forwarder's warehouse first: the configured default, unless
    an operator set one for it already."""
    default = deps(context).settings.default_warehouse
    state = deps(context).freight.state(order.id)
    if default is None or (state is not None and state.warehouse_name):
        return
    try:
        await deps(context).freight.set_warehouse(order, *default)
    except (PandaPonError, Unsupported) as exc:
        log.warning("order %s: default pre-warehouse not set: %s", order.seller_order_number, exc)


# --- back, cancel, timeout -----------------------------------------------------------------


async def on_back(update: Update, context, session: AbroadSession):
    await answer(update)
    step = session.step
    if step == BOOK:
        return await show_services(update, context, session)
    if step == SERVICE:
        return await confirm_receiver(update, context, session)
    if step == PASTE:
        return await ask_field(update, context, session)
    if step == FIELD:
        asked = [f for f in fields_for(session.country or "") if f in session.fields]
        if asked and session.field is not None:
            previous = asked[-1]
            session.fields.pop(previous)
            session.queue.insert(0, session.field)
            session.field = previous
            return await ask_field(update, context, session)
    return await ask_country(update, context, session)


async def on_cancel(update: Update, context, session: AbroadSession):
    await answer(update)
    return await _end(update, context, translator(update, context)("abroad.cancelled"))


async def _end(update: Update, context, text: str):
    drop_state(update, context, SHIP_ABROAD)
    if update.callback_query is not None and update.callback_query.message is not None:
        await edit_text(update.callback_query.message, text)
    else:
        await context.bot.send_message(update.effective_chat.id, text)
    return ConversationHandler.END


async def on_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE):
    if update.effective_chat is not None and update.effective_user is not None:
        drop_state(update, context, SHIP_ABROAD)


_live = live_panel(SHIP_ABROAD)  # buttons act only on this flow's live panel


def build_ship_abroad_conversation() -> ConversationHandler:
    def button(pattern: str, callback) -> CallbackQueryHandler:
        return CallbackQueryHandler(durable(_live(callback), SHIP_ABROAD), pattern=pattern)

    def text(callback) -> MessageHandler:
        return MessageHandler(filters.TEXT & ~filters.COMMAND, durable(callback, SHIP_ABROAD))

    return ConversationHandler(
        entry_points=[
            CallbackQueryHandler(durable(on_start, SHIP_ABROAD), pattern=rf"^sa:s:{cd.ID}$")
        ],
        states={
            COUNTRY: [button(r"^sa:c:[A-Z]{2}$", on_country_button), text(on_country_text)],
            FIELD: [
                text(on_field_text),
                button("^sa:skip$", on_skip),
                button("^sa:paste$", on_paste_ask),
            ],
            PASTE: [text(on_pasted)],
            CONFIRM: [button("^sa:ok$", on_preview), button("^sa:e$", on_edit)],
            SERVICE: [button(rf"^sa:v:{cd.INDEX}$", on_service)],
            BOOK: [CallbackQueryHandler(durable(on_book, SHIP_ABROAD), pattern="^sa:b$")],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        fallbacks=[button("^sa:back$", on_back), button("^sa:x$", on_cancel)],
        name=SHIP_ABROAD.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=TIMEOUT_SECONDS,
    )


_SHOW = {
    COUNTRY: ask_country,
    FIELD: ask_field,
    PASTE: ask_paste,
    CONFIRM: confirm_receiver,
    SERVICE: show_services,
    BOOK: ask_book,
}


async def _show_again(update: Update, context, session: FlowSession) -> None:
    show = _SHOW.get(session.step or "")
    if show is not None:
        await answer(update)
        await show(update, context, session)


replay.shows_again(SHIP_ABROAD, _show_again)
