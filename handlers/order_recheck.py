"""New order, before the preview: each line re-checked with the platform (Taobao batch check,
1688 preview). A price or stock change since the line was added is shown ("price changed
¥3.50 → ¥3.80", "only 2 left") and the member chooses per line: take the new price, change
the quantity, or remove the line. The preview follows once every change is settled.

Buttons `n:rc:<a|q|r>:<line>` (accept, quantity, remove) on the step RECHECK; the quantity is
typed on RECHECK_QTY. What is still to settle is kept with the draft (`line_changes`), so a
restart resumes here.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.errors import InputError
from bot.domain.line_changes import (
    LineChange,
    after_removal,
    apply_price,
    apply_quantity,
    changes_since_added,
    without_line,
)
from bot.domain.money import format_fen
from bot.domain.quantity import parse_quantity
from bot.i18n import Translator
from bot.pandapon.errors import PandaPonError
from bot.session import OrderSession
from handlers import order_steps, states
from handlers.common import (
    answer,
    deps,
    input_error_text,
    load_session,
    say,
    show_panel,
    translator,
)

log = logging.getLogger(__name__)

ACCEPT, QUANTITY, REMOVE = "a", "q", "r"
BUTTON = r"n:rc:[aqr]:\d{1,4}"


async def review_changes(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
) -> str | None:
    """Re-check the lines; the RECHECK step when something changed, else None (go on to the
    preview). A failed re-check is no reason to stop: the preview's own quote is binding."""
    try:
        checks = await deps(context).catalog.recheck(session.draft)
    except PandaPonError as exc:
        log.warning("re-check of %s failed: %s", session.draft.seller_order_number, exc)
        return None
    session.line_changes = changes_since_added(session.draft, checks)
    if not session.line_changes:
        return None
    return await show_changes(update, context, session)


async def show_changes(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    if not session.line_changes:
        return await order_steps.show(order_steps.PREVIEW, update, context, session)
    tr = translator(update, context)
    return await show_panel(
        update,
        context,
        session,
        changes_text(tr, session),
        _keyboard(tr, session.line_changes),
        step=states.RECHECK,
    )


def changes_text(tr: Translator, session: OrderSession) -> str:
    rows = [tr("recheck.title"), ""]
    for change in session.line_changes:
        line = session.draft.lines[change.index]
        n = change.index + 1
        rows.append(
            tr("recheck.line", n=n, title=line.title, sku=line.sku_label, qty=line.quantity)
        )
        if change.gone:
            rows.append(tr("recheck.gone", reason=change.reason or "—"))
            continue
        if change.price_changed:
            old, new = format_fen(change.added_price_fen), format_fen(change.price_fen or 0)
            rows.append(tr("recheck.price", old=old, new=new))
        if change.short:
            rows.append(tr("recheck.short", stock=change.stock))
    rows += ["", tr("recheck.choose")]
    return "\n".join(rows)


def _keyboard(tr: Translator, changes: list[LineChange]) -> Markup:
    rows = []
    for change in changes:
        n, at = change.index + 1, change.index
        row = []
        if change.can_accept():
            price = format_fen(change.price_fen or 0)
            row.append(
                Button(tr("recheck.btn.accept", n=n, price=price), callback_data=f"n:rc:a:{at}")
            )
        if change.can_change_quantity():
            row.append(Button(tr("recheck.btn.quantity", n=n), callback_data=f"n:rc:q:{at}"))
        row.append(Button(tr("recheck.btn.remove", n=n), callback_data=f"n:rc:r:{at}"))
        rows += [[button] for button in row]
    rows.append([Button(tr("btn.cancel"), callback_data="n:cancel")])
    return Markup(rows)


def _change_at(session: OrderSession, index: int) -> LineChange | None:
    return next((c for c in session.line_changes if c.index == index), None)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    _, _, action, at = update.callback_query.data.split(":")
    change = _change_at(session, int(at))
    if change is None or change.index >= len(session.draft.lines):
        await answer(update, tr("err.menu_expired"), alert=True)
        return None
    await answer(update)
    if action == ACCEPT and change.can_accept():
        apply_price(session.draft, change)
        session.line_changes = without_line(session.line_changes, change.index)
    elif action == QUANTITY and change.can_change_quantity():
        session.recheck_index = change.index
        return await ask_quantity(update, context, session)
    elif action == REMOVE:
        session.draft.remove_line(change.index)
        session.line_changes = after_removal(session.line_changes, change.index)
        session.quote = None
        if not session.draft.lines:
            session.line_changes = []
            return await order_steps.show(order_steps.ITEMS, update, context, session)
    return await show_changes(update, context, session)


async def ask_quantity(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    change = _change_at(session, session.recheck_index if session.recheck_index is not None else -1)
    if change is None:
        return await show_changes(update, context, session)
    tr = translator(update, context)
    line = session.draft.lines[change.index]
    stock = change.stock if change.stock is not None else line.stock
    text = tr(
        "recheck.ask_qty",
        title=line.title,
        sku=line.sku_label,
        stock=stock if stock is not None else "—",
        moq=line.min_quantity,
    )
    keyboard = Markup([[Button(tr("recheck.btn.back"), callback_data="n:rc:back")]])
    return await show_panel(update, context, session, text, keyboard, step=states.RECHECK_QTY)


async def on_quantity_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    change = _change_at(session, session.recheck_index if session.recheck_index is not None else -1)
    if change is None:
        return await show_changes(update, context, session)
    line = session.draft.lines[change.index]
    stock = change.stock if change.stock is not None else line.stock
    try:
        quantity = parse_quantity(update.message.text or "", minimum=line.min_quantity, stock=stock)
        apply_quantity(session.draft, change, quantity)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    session.line_changes = without_line(session.line_changes, change.index)
    session.recheck_index, session.quote = None, None
    return await show_changes(update, context, session)


async def on_back(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    session.recheck_index = None
    return await show_changes(update, context, session)
