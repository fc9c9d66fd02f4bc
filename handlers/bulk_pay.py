"""Paying several orders at once: `/pay` (the chat's unpaid orders, selectable) and "💳 Pay all"
under a batch result or a spreadsheet's result. One bulk call per platform (bot/bulk_pay.py);
the answer per order; orders only the cashier page can take get their pay-URL button.

Callback prefix `bp:` — `bp:t:<order id>` toggles, `bp:a` all, `bp:go` pays the selection,
`bp:x` closes; `bp:b:<batch id>` and `bp:j:<bulk job id>` pay a batch's or a job's orders.
The selection is kept in SQLite beside the panel it belongs to, so a restart keeps it.
"""

from __future__ import annotations

import json
import logging
import re

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.bulk_pay import BulkPay, BulkPayment, payable
from bot.domain.money import format_fen
from bot.i18n import Translator
from handlers import callback_data as cd
from handlers.access import requires_access
from handlers.common import answer, deps, edit_text, send_long, translator
from handlers.render import money
from storage.flows import FlowStates
from storage.orders import StoredOrder

log = logging.getLogger(__name__)

SELECTION = "pay_selection"  # flow_states rows: the /pay panel's orders and selection
PAY_BUTTON = re.compile(rf"^bp:(t:{cd.ID}|a|go|x|b:{cd.ID}|j:{cd.ID})$")
MAX_URL_BUTTONS = 10


def bulk_pay(context: ContextTypes.DEFAULT_TYPE) -> BulkPay:
    service = deps(context).bulk_pay
    assert service is not None, "build_application wires BulkPay"
    return service


def _selections(context: ContextTypes.DEFAULT_TYPE) -> FlowStates:
    d = deps(context)
    assert d.db is not None
    return FlowStates(d.db, SELECTION)


def _key(update: Update) -> tuple[int, int]:
    return update.effective_chat.id, update.effective_user.id


@requires_access
async def pay_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    orders = bulk_pay(context).unpaid_in_chat(update.effective_chat.id)
    if not orders:
        await context.bot.send_message(update.effective_chat.id, tr("pay.none"))
        return
    selection = {"orders": [o.id for o in orders], "selected": [o.id for o in orders]}
    text, markup = _panel(tr, orders, set(selection["selected"]))
    message = await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    selection["panel"] = message.message_id
    _selections(context).save(*_key(update), json.dumps(selection), "select")


def _panel(tr: Translator, orders: list[StoredOrder], selected: set[int]) -> tuple[str, Markup]:
    chosen = [o for o in orders if o.id in selected]
    total = sum(_due(o) for o in chosen)
    text = tr("pay.title", count=len(orders), selected=len(chosen), total=money(tr, total))
    toggles = [
        Button(
            f"{'✅' if o.id in selected else '⬜'} {o.ref} · ¥{format_fen(_due(o))}",
            callback_data=f"bp:t:{o.id}",
        )
        for o in orders
    ]
    rows = [toggles[i : i + 2] for i in range(0, len(toggles), 2)]
    rows.append([Button(tr("btn.pay_select_all"), callback_data="bp:a")])
    if chosen:
        rows.append([Button(tr("btn.pay_selected", count=len(chosen)), callback_data="bp:go")])
    rows.append([Button(tr("btn.close"), callback_data="bp:x")])
    return text, Markup(rows)


def _due(order: StoredOrder) -> int:
    """What paying the order charges now (the seller may have changed the price)."""
    return order.platform_total_fen or order.total_fen


@requires_access
async def on_pay_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    data = update.callback_query.data
    if data.startswith(("bp:b:", "bp:j:")):
        await _pay_group(update, context, tr, data)
        return
    raw = _selections(context).load(*_key(update))
    selection = json.loads(raw) if raw else None
    message = update.callback_query.message
    if selection is None or message is None or selection.get("panel") != message.message_id:
        await answer(update, tr("err.menu_expired"))
        return
    if data == "bp:x":
        await answer(update)
        _selections(context).delete(*_key(update))
        await edit_text(message, tr("pay.closed"))
        return
    repo = deps(context).service.orders
    orders = [o for o in (repo.get(i) for i in selection["orders"]) if o is not None]
    selected = set(selection["selected"])
    if data == "bp:a":
        selected = {o.id for o in orders}
    elif data.startswith("bp:t:"):
        order_id = int(data.rsplit(":", 1)[1])
        if order_id not in selection["orders"]:
            await answer(update, tr("err.menu_expired"))
            return
        selected ^= {order_id}
    elif data == "bp:go":
        await answer(update, tr("pay.paying"))
        chosen = [o for o in orders if o.id in selected and payable(o)]
        _selections(context).delete(*_key(update))
        await _pay_and_show(update, context, tr, chosen)
        return
    await answer(update)
    selection["selected"] = sorted(selected)
    _selections(context).save(*_key(update), json.dumps(selection), "select")
    text, markup = _panel(tr, orders, selected)
    await edit_text(message, text, markup)


async def _pay_group(update: Update, context, tr: Translator, data: str) -> None:
    """Pay all: the unpaid orders of a batch (`bp:b:`) or of a spreadsheet job (`bp:j:`)."""
    kind, ident = data.split(":")[1], int(data.split(":")[2])
    d = deps(context)
    if kind == "b":
        batch = d.batches.batches.get(ident) if d.batches else None
        allowed = batch is not None and _may_see(update, context, batch.chat_id, batch.requester_id)
        orders = [m.order for m in d.batches.batches.members(ident)] if allowed else []
    else:
        job = d.bulk.jobs.get(ident) if d.bulk else None
        allowed = job is not None and _may_see(update, context, job.chat_id, job.requester_id)
        orders = d.bulk.placed_orders(ident) if allowed else []
    if not allowed:
        await answer(update, tr("err.menu_expired"))
        return
    chosen = [o for o in orders if payable(o)]
    if not chosen:
        await answer(update, tr("pay.nothing_left"), alert=True)
        return
    await answer(update, tr("pay.paying"))
    await _pay_and_show(update, context, tr, chosen)


def _may_see(update: Update, context, chat_id: int, requester_id: int) -> bool:
    user = update.effective_user.id
    return (
        chat_id == update.effective_chat.id
        or requester_id == user
        or user in deps(context).settings.admins
    )


async def _pay_and_show(update: Update, context, tr: Translator, orders: list[StoredOrder]):
    if not orders:
        await context.bot.send_message(update.effective_chat.id, tr("pay.nothing_left"))
        return
    result = await bulk_pay(context).pay(
        orders, chat_id=update.effective_chat.id, requester_id=update.effective_user.id
    )
    text, markup = payment_view(tr, result)
    await send_long(context.bot, update.effective_chat.id, text, reply_markup=markup)


def payment_view(tr: Translator, result: BulkPayment) -> tuple[str, Markup | None]:
    """One line per order (paid / could not pay and why / pay at the cashier), then buttons
    to the cashier page of each order that needs it."""
    lines = [
        tr(
            "pay.result_title",
            paid=len(result.paid),
            orders=tr.count("count.orders", len(result.payments)),
        )
    ]
    buttons = []
    for payment in result.payments:
        order = payment.order
        amount = money(tr, _due(order))
        if payment.paid:
            lines.append(tr("pay.line_paid", ref=order.ref, total=amount))
        elif payment.needs_cashier:
            lines.append(tr("pay.line_cashier", ref=order.ref, total=amount))
            if payment.pay_url and len(buttons) < MAX_URL_BUTTONS:
                buttons.append(
                    [Button(tr("btn.pay_at_cashier", ref=order.ref), url=payment.pay_url)]
                )
        else:
            lines.append(tr("pay.line_failed", ref=order.ref, reason=payment.reason or "?"))
    for order in result.checking:
        lines.append(tr("pay.line_checking", ref=order.ref))
    return "\n".join(lines), Markup(buttons) if buttons else None


def build_pay_handlers() -> list:
    return [
        CommandHandler("pay", pay_command),
        CallbackQueryHandler(on_pay_button, pattern=PAY_BUTTON),
    ]
