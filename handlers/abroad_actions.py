"""The operator's pre-warehouse change (`wh:`) and "Send domestic tracking" (`fx:`) on the
order card. Operators are ORDERBOT_ADMINS; both calls go through bot/freight.py (made once,
a lost answer checked by reading the order)."""

from __future__ import annotations

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

from bot.domain.text import clean
from bot.freight import NoDomesticParcels
from bot.i18n import Translator
from bot.marketplaces.base import Unsupported
from bot.pandapon.errors import PandaPonError
from bot.platform_calls import ActionOutcome, ActionRefused
from bot.session import FlowSession, durable_flow
from handlers import callback_data as cd
from handlers import order_card, replay
from handlers.abroad_card import BEFORE_SHIPMENT, order_status
from handlers.access import may_act
from handlers.common import answer, deps, drop_state, durable, load_state, show_panel, translator
from handlers.orders import may_view, show_card
from storage.orders import StoredOrder

log = logging.getLogger(__name__)

WAREHOUSE_TEXT = "wh_text"
WAREHOUSE_MAX = 300


def is_operator(update: Update, context) -> bool:
    user = update.effective_user
    return user is not None and user.id in deps(context).settings.admins


class WarehouseSession(FlowSession):
    order_id: int = 0
    pending: dict[str, str] = Field(default_factory=dict)


WAREHOUSE = durable_flow("warehouse", WarehouseSession)


def _visible_order(update: Update, context, order_id: int) -> StoredOrder | None:
    order = deps(context).service.orders.get(order_id)
    user, chat = update.effective_user.id, update.effective_chat.id
    if order is None or not may_view(deps(context).settings, order, user, chat):
        return None
    return order


def outcome_note(tr: Translator, outcome: ActionOutcome, done: str, ref: str) -> str:
    if outcome.state == "done":
        return done
    if outcome.state == "failed":
        if outcome.reason == "unreachable":
            return tr("err.platform_down")
        return tr("note.platform_refused", reason=outcome.reason or "?")
    return tr(f"action.{outcome.kind}.{outcome.state}", ref=ref)


async def on_warehouse_ask(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    order = _visible_order(update, context, int(update.callback_query.data.rsplit(":", 1)[1]))
    if order is None or not is_operator(update, context) or not may_act(update, context):
        await answer(update, tr("abroad.operators_only"), alert=True)
        return None
    if order_status(order) not in BEFORE_SHIPMENT:
        await answer(update, tr("abroad.warehouse_too_late"), alert=True)
        return None
    await answer(update)
    return await ask_warehouse(update, context, WarehouseSession(order_id=order.id))


async def ask_warehouse(update: Update, context, session: WarehouseSession):
    tr = translator(update, context)
    order = _visible_order(update, context, session.order_id)
    if order is None:
        return await _finish(
            update, context, tr("orders.not_found", key=f"#{session.order_id}"), None
        )
    default = deps(context).settings.default_warehouse
    rows_ = []
    if default is not None:
        rows_.append(
            [
                Button(
                    tr("btn.warehouse_default", name=default[0])[:60],
                    callback_data=f"wh:d:{order.id}",
                )
            ]
        )
    rows_.append([Button(tr("btn.cancel"), callback_data="wh:x")])
    state = deps(context).freight.state(order.id)
    current = (
        tr("abroad.warehouse_now", name=state.warehouse_name, address=state.warehouse_address)
        if state and state.warehouse_name
        else tr("abroad.warehouse_none")
    )
    text = tr("abroad.ask_warehouse", ref=order.ref, current=current)
    return await show_panel(
        update, context, session, text, Markup(rows_), step=WAREHOUSE_TEXT, flow=WAREHOUSE
    )


async def _set_warehouse(update: Update, context, order: StoredOrder, name: str, address: str):
    tr = translator(update, context)
    try:
        outcome = await deps(context).freight.set_warehouse(order, name, address)
    except Unsupported:
        return tr("abroad.taobao_only")
    except PandaPonError as exc:
        log.warning("order %s: pre-warehouse failed: %s", order.seller_order_number, exc)
        return tr("err.platform_down")
    return outcome_note(tr, outcome, tr("abroad.warehouse_set", name=name), order.ref)


async def on_warehouse_default(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session: WarehouseSession = load_state(update, context, WAREHOUSE)
    order = _visible_order(update, context, session.order_id)
    default = deps(context).settings.default_warehouse
    if order is None or default is None or not is_operator(update, context):
        await answer(update, tr("err.menu_expired"))
        return None
    await answer(update)
    note = await _set_warehouse(update, context, order, *default)
    return await _finish(update, context, note, order)


async def on_warehouse_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session: WarehouseSession = load_state(update, context, WAREHOUSE)
    order = _visible_order(update, context, session.order_id)
    if order is None or not is_operator(update, context) or not may_act(update, context):
        return await _finish(update, context, tr("abroad.operators_only"), None)
    text = clean(update.message.text or "", multiline=True).strip()
    parts = [p.strip() for p in (text.split("\n", 1) if "\n" in text else text.split("/", 1))]
    if len(parts) != 2 or not all(parts) or len(text) > WAREHOUSE_MAX:
        await context.bot.send_message(update.effective_chat.id, tr("err.warehouse.format"))
        return None
    note = await _set_warehouse(
        update, context, order, " ".join(parts[0].split()), " ".join(parts[1].split())
    )
    return await _finish(update, context, note, order)


async def on_warehouse_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    return await _finish(update, context, translator(update, context)("abroad.cancelled"), None)


async def _finish(update: Update, context, note: str, order: StoredOrder | None):
    drop_state(update, context, WAREHOUSE)
    tr = translator(update, context)
    markup = order_card.open_order(tr, order) if order is not None else None
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.message.edit_text(note, reply_markup=markup)
    else:
        await context.bot.send_message(update.effective_chat.id, note, reply_markup=markup)
    return ConversationHandler.END


async def on_timeout(update: Update, context: ContextTypes.DEFAULT_TYPE):
    if update.effective_chat is not None and update.effective_user is not None:
        drop_state(update, context, WAREHOUSE)


async def on_send_domestic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    order = _visible_order(update, context, int(update.callback_query.data.rsplit(":", 1)[1]))
    if order is None or not may_act(update, context):
        await answer(update, tr("access.refused_short"), alert=True)
        return
    await answer(update)
    try:
        outcome = await deps(context).freight.send_domestic(order)
        numbers = ", ".join((outcome.result or {}).get("numbers", []))
        note = outcome_note(tr, outcome, tr("abroad.domestic_sent", numbers=numbers), order.ref)
    except NoDomesticParcels:
        note = tr("abroad.no_domestic")
    except ActionRefused:
        note = tr("note.not_allowed_now")
    except PandaPonError as exc:
        log.warning("order %s: domestic update failed: %s", order.seller_order_number, exc)
        note = tr("err.platform_down")
    await show_card(update, context, tr, order, note)


def build_abroad_card_handlers() -> list:
    warehouse = ConversationHandler(
        entry_points=[
            CallbackQueryHandler(durable(on_warehouse_ask, WAREHOUSE), pattern=rf"^wh:a:{cd.ID}$")
        ],
        states={
            WAREHOUSE_TEXT: [
                MessageHandler(
                    filters.TEXT & ~filters.COMMAND, durable(on_warehouse_text, WAREHOUSE)
                ),
                CallbackQueryHandler(
                    durable(on_warehouse_default, WAREHOUSE), pattern=rf"^wh:d:{cd.ID}$"
                ),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
        },
        fallbacks=[CallbackQueryHandler(durable(on_warehouse_cancel, WAREHOUSE), pattern="^wh:x$")],
        name=WAREHOUSE.name,
        persistent=True,
        allow_reentry=True,
        per_chat=True,
        per_user=True,
        conversation_timeout=900,
    )
    return [warehouse, CallbackQueryHandler(on_send_domestic, pattern=rf"^fx:d:{cd.ID}$")]


async def _show_again(update: Update, context, session: FlowSession) -> None:
    await answer(update)
    await ask_warehouse(update, context, session)


replay.shows_again(WAREHOUSE, _show_again)
