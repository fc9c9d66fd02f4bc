"""🌏 Shipping to…: the overseas freight estimate of a product card's SKU or of the draft order.

A durable flow of its own (`fe:` buttons): pick the destination (remembered per member, then
offered first and used straight away), see every freight service's price in that country's
currency and in ¥, change the quantity (product card) or the country. It only reads: nothing is
ordered or booked from here.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import sqlite_utils
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

from bot.domain.countries import CountryError, find_country
from bot.domain.errors import InputError
from bot.domain.quantity import parse_quantity
from bot.freight import FreightLine
from bot.i18n import Translator
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.products import ProductView
from bot.session import FlowSession, durable_flow
from handlers import replay
from handlers.active_flow import LatestFlow
from handlers.common import (
    answer,
    deps,
    drop_state,
    durable,
    edit_text,
    input_error_text,
    live_panel,
    load_session,
    load_state,
    show_panel,
    text_within,
    translator,
)
from handlers.freight_render import country_label, market_countries, services_block

log = logging.getLogger(__name__)

COUNTRY = "fe_country"
QUANTITY = "fe_quantity"
RESULT = "fe_result"
MAX_FREIGHT_QUANTITY = 10_000  # what the platform quotes at most
TIMEOUT_SECONDS = 900
_PLATFORMS = {"t": "taobao", "a": "1688"}
ITEM_ID = r"\d{1,20}"  # Taobao item and 1688 offer ids are numbers


class EstimateSession(FlowSession):
    lines: list[FreightLine] = Field(default_factory=list)
    title: str = ""  # what is estimated: a product and SKU, or "your order"
    editable_quantity: bool = False  # a product card's line: the member may change it
    min_quantity: int = 1
    country: str | None = None


FREIGHT_ESTIMATE = durable_flow("freight_estimate", EstimateSession)


def product_button(tr: Translator, product: ProductView) -> Markup:
    """The product card's "🌏 Shipping to…" button."""
    platform = next(k for k, v in _PLATFORMS.items() if v == product.platform)
    data = f"fe:p:{platform}:{product.item_id}"
    return Markup([[Button(tr("btn.shipping_to"), callback_data=data)]])


def draft_button(tr: Translator) -> list[Button]:
    """The preview's "🌏 Shipping to…" row (the whole draft order)."""
    return [Button(tr("btn.shipping_to"), callback_data="fe:d")]


def _load(update: Update, context) -> EstimateSession:
    return load_state(update, context, FREIGHT_ESTIMATE)


async def _show(update, context, session: EstimateSession, text: str, keyboard, step: str):
    return await show_panel(
        update, context, session, text, keyboard, step=step, flow=FREIGHT_ESTIMATE
    )


# --- entry ---------------------------------------------------------------------------------


async def on_product(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    _, _, platform, item_id = update.callback_query.data.split(":")
    try:
        product = await deps(context).catalog.product(_PLATFORMS[platform], item_id)
    except PandaPonError as exc:
        log.info("freight estimate: product %s/%s not read: %s", platform, item_id, exc)
        await answer(update, tr("err.platform_down"), alert=True)
        return None
    sku = next((s for s in product.skus if s.in_stock), product.skus[0] if product.skus else None)
    if sku is None:
        await answer(update, tr("err.item.no_skus"), alert=True)
        return None
    await answer(update)
    quantity = product.min_quantity
    session = EstimateSession(
        lines=[
            FreightLine(
                item_id=product.item_id,
                sku_id=sku.sku_id,
                quantity=quantity,
                unit_price_fen=product.unit_price_fen(sku, quantity),
                title=product.title,
            )
        ],
        title=f"{product.title} · {sku.label}",
        editable_quantity=True,
        min_quantity=product.min_quantity,
    )
    return await _start(update, context, session)


async def on_draft(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    draft = load_session(update, context).draft
    if not draft.lines:
        await answer(update, tr("freight.nothing_to_estimate"), alert=True)
        return None
    await answer(update)
    session = EstimateSession(
        lines=[
            FreightLine(
                item_id=line.item_id,
                sku_id=line.sku_id,
                quantity=line.quantity,
                unit_price_fen=line.unit_price_fen,
                title=line.title,
            )
            for line in draft.lines
        ],
        title=tr("freight.your_order", lines=tr.count("count.lines", len(draft.lines))),
    )
    return await _start(update, context, session)


async def _start(update: Update, context, session: EstimateSession):
    remembered = deps(context).preferences.destination(update.effective_user.id)
    if remembered:
        session.country = remembered
        return await show_result(update, context, session)
    return await ask_country(update, context, session)


# --- steps ---------------------------------------------------------------------------------


async def ask_country(update: Update, context, session: EstimateSession):
    tr = translator(update, context)
    remembered = deps(context).preferences.destination(update.effective_user.id)
    rows, row = [], []
    for code, name in market_countries(tr, remembered):
        row.append(Button(name, callback_data=f"fe:c:{code}"))
        if len(row) == 3:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    rows.append([Button(tr("btn.close"), callback_data="fe:x")])
    text = tr("freight.ask_country", what=session.title)
    return await _show(update, context, session, text, Markup(rows), COUNTRY)


async def ask_quantity(update: Update, context, session: EstimateSession):
    tr = translator(update, context)
    keyboard = Markup([[Button(tr("btn.back"), callback_data="fe:r")]])
    text = tr("freight.ask_quantity", what=session.title, minimum=session.min_quantity)
    return await _show(update, context, session, text, keyboard, QUANTITY)


async def show_result(update: Update, context, session: EstimateSession):
    tr = translator(update, context)
    country = session.country or ""
    try:
        estimate = await deps(context).freight.estimate(session.lines, country)
    except PlatformError as exc:
        log.info("freight estimate to %s refused: %s", country, exc)
        text = tr("freight.refused", country=country_label(tr, country), reason=exc.msg)
        return await _show(update, context, session, text, _result_keyboard(tr, session), RESULT)
    except PandaPonError as exc:
        log.warning("freight estimate to %s failed: %s", country, exc)
        text = tr("freight.unavailable_now")
        return await _show(update, context, session, text, _result_keyboard(tr, session), RESULT)
    deps(context).preferences.set_destination(update.effective_user.id, country)
    quantity = sum(line.quantity for line in session.lines)
    if not estimate.services:
        text = tr("freight.no_route", country=country_label(tr, country))
    else:
        text = tr(
            "freight.estimate",
            what=session.title,
            quantity=quantity,
            country=country_label(tr, country),
            currency=estimate.currency,
            services=services_block(tr, estimate.services),
        )
    return await _show(update, context, session, text, _result_keyboard(tr, session), RESULT)


def _result_keyboard(tr: Translator, session: EstimateSession) -> Markup:
    rows = [[Button(tr("btn.change_country"), callback_data="fe:k")]]
    if session.editable_quantity:
        rows[0].append(Button(tr("btn.change_quantity"), callback_data="fe:q"))
    rows.append([Button(tr("btn.close"), callback_data="fe:x")])
    return Markup(rows)


# --- input ---------------------------------------------------------------------------------


_live = live_panel(FREIGHT_ESTIMATE)  # buttons act only on this flow's live panel


async def on_country_button(update: Update, context, session: EstimateSession):
    await answer(update)
    session.country = update.callback_query.data.rsplit(":", 1)[1]
    return await show_result(update, context, session)


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
    if code == "CN":
        await context.bot.send_message(update.effective_chat.id, tr("err.abroad.country.china"))
        return None
    session.country = code
    return await show_result(update, context, session)


async def on_quantity_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = _load(update, context)
    tr = translator(update, context)
    try:
        quantity = parse_quantity(
            update.message.text or "",
            minimum=session.min_quantity,
            maximum=MAX_FREIGHT_QUANTITY,
        )
    except InputError as exc:
        await context.bot.send_message(update.effective_chat.id, input_error_text(tr, exc))
        return None
    session.lines = [replace(session.lines[0], quantity=quantity)]
    return await show_result(update, context, session)


async def on_change_country(update: Update, context, session: EstimateSession):
    await answer(update)
    return await ask_country(update, context, session)


async def on_change_quantity(update: Update, context, session: EstimateSession):
    await answer(update)
    if not session.editable_quantity:
        return await show_result(update, context, session)
    return await ask_quantity(update, context, session)


async def on_back_to_result(update: Update, context, session: EstimateSession):
    await answer(update)
    return await show_result(update, context, session)


async def on_close(update: Update, context, session: EstimateSession):
    await answer(update)
    drop_state(update, context, FREIGHT_ESTIMATE)
    await edit_text(update.callback_query.message, translator(update, context)("freight.closed"))
    return ConversationHandler.END


async def on_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE):
    if update.effective_chat is not None and update.effective_user is not None:
        drop_state(update, context, FREIGHT_ESTIMATE)


def build_freight_estimate_conversation(db: sqlite_utils.Database) -> ConversationHandler:
    def button(pattern: str, callback) -> CallbackQueryHandler:
        return CallbackQueryHandler(durable(_live(callback), FREIGHT_ESTIMATE), pattern=pattern)

    # Typed text is the estimate's only while its panel is the member's latest: "Shipping to…"
    # sits on a product card that may also be the order's live panel, and a quantity typed
    # after picking an SKU there is the order's (handlers/active_flow.py).
    text = filters.TEXT & ~filters.COMMAND & LatestFlow(db, FREIGHT_ESTIMATE)
    return ConversationHandler(
        entry_points=[
            CallbackQueryHandler(
                durable(on_product, FREIGHT_ESTIMATE), pattern=rf"^fe:p:[ta]:{ITEM_ID}$"
            ),
            CallbackQueryHandler(durable(on_draft, FREIGHT_ESTIMATE), pattern="^fe:d$"),
        ],
        states={
            COUNTRY: [
                button(r"^fe:c:[A-Z]{2}$", on_country_button),
                MessageHandler(text, durable(on_country_text, FREIGHT_ESTIMATE)),
            ],
            QUANTITY: [
                MessageHandler(text, durable(on_quantity_text, FREIGHT_ESTIMATE)),
                button("^fe:r$", on_back_to_result),
            ],
            RESULT: [
                button("^fe:k$", on_change_country),
                button("^fe:q$", on_change_quantity),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        # No /cancel here: it belongs to the order in progress; Close ends the estimate.
        fallbacks=[button("^fe:x$", on_close)],
        name=FREIGHT_ESTIMATE.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=TIMEOUT_SECONDS,
    )


_SHOW = {COUNTRY: ask_country, QUANTITY: ask_quantity, RESULT: show_result}


async def _show_again(update: Update, context, session: FlowSession) -> None:
    show = _SHOW.get(session.step or "")
    if show is not None:
        await answer(update)
        await show(update, context, session)


replay.shows_again(FREIGHT_ESTIMATE, _show_again)
