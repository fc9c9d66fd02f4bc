"""After submission: /orders, /status, /track and the order card's actions.

Who may see an order: the chat that owns it, its requester, and configured admins. Anyone else
gets "not found" — never a hint that the order exists.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.config import Settings
from bot.domain.money import format_fen
from bot.domain.status import Action, BuyerStatus, allowed_actions
from bot.i18n import Translator
from bot.marketplaces.base import Package, Unsupported
from bot.order_actions import NotSubmitted
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.platform_calls import ActionOutcome
from handlers import abroad_card, batch_orders, order_card, refunds_keyboards, refunds_render
from handlers import callback_data as cd
from handlers.access import may_act
from handlers.approval_render import render_approval_history
from handlers.common import answer, deps, edit_text, in_private_chat, send_long, translator
from handlers.freight_render import abroad_summary
from handlers.render import money
from storage.orders import StoredOrder

log = logging.getLogger(__name__)

PAGE_SIZE = 8


def may_view(settings: Settings, order: StoredOrder, user_id: int, chat_id: int) -> bool:
    return order.chat_id == chat_id or order.requester_id == user_id or user_id in settings.admins


def _visible(update: Update, context: ContextTypes.DEFAULT_TYPE, order: StoredOrder | None):
    if order is None:
        return None
    ok = may_view(deps(context).settings, order, update.effective_user.id, update.effective_chat.id)
    return order if ok else None


def _card(update: Update, context, tr: Translator, order: StoredOrder, *, note: str | None = None):
    """The order card for the chat it is shown in (a group sees the receiver masked)."""
    d = deps(context)
    lines = d.service.orders.lines(order.id)
    extras = []
    approval = d.approvals.approvals.for_order(order.id) if d.approvals else None
    if approval is not None:  # a group order: who asked, who decided, when
        extras.append(
            render_approval_history(tr, approval, d.approvals.approvals.audit(approval.id))
        )
    voucher = d.vouchers.last_sent(order) if d.vouchers else None
    if voucher is not None:  # paid by transfer: the receipt is with the platform
        extras.append(tr("card.voucher_sent", when=refunds_render.when(voucher.updated_at)))
    abroad = d.freight.state(order.id) if d.freight else None
    extras.append(abroad_summary(tr, abroad))  # the pre-warehouse and the booked leg
    extra = "\n".join(part for part in extras if part) or None
    private = in_private_chat(update)
    text = order_card.card_text(tr, order, lines, private=private, note=note, extra=extra)
    after_sales = refunds_keyboards.after_sales_rows(
        tr,
        order.id,
        refunds=bool(d.refunds and d.refunds.offers_refunds(order)),
        vouchers=bool(d.vouchers and d.vouchers.accepts(order)),
    )
    abroad_rows = abroad_card.rows(
        tr,
        order,
        abroad,
        books=bool(d.freight and d.freight.books_abroad(order.platform)),
        operator=update.effective_user.id in d.settings.admins,
    )
    return text, order_card.card_keyboard(tr, order, extra_rows=after_sales + abroad_rows)


def order_card_message(
    update: Update, context, tr: Translator, order: StoredOrder, *, note: str | None = None
):
    """The order card as it stands (text, buttons), for the flows that end on it."""
    return _card(update, context, tr, order, note=note)


# --- commands -------------------------------------------------------------------------------


async def orders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    if context.args and await batch_orders.status_of_batch(update, context, context.args[0]):
        return  # `/orders #B12`: the orders of one batch
    text, markup = _orders_page(update, context, tr, 0)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def _orders_page(update: Update, context, tr: Translator, page: int):
    repo = deps(context).service.orders
    chat_id = update.effective_chat.id
    total = repo.count_for_chat(chat_id)
    if total == 0:
        return tr("orders.empty"), None
    page = max(0, min(page, (total - 1) // PAGE_SIZE))
    shown = repo.list_for_chat(chat_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    in_batch = batch_orders.batch_service(context).batches.batch_ids_of([o.id for o in shown])
    rows = [
        [
            Button(
                tr(
                    "orders.button",
                    ref=f"{order.ref} · B{in_batch[order.id]}"
                    if order.id in in_batch
                    else order.ref,
                    status=order_card.status_label(tr, order),
                    total=format_fen(order.total_fen),
                ),
                callback_data=f"o:c:{order.id}",
            )
        ]
        for order in shown
    ]
    paging = []
    if page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"o:l:{page - 1}"))
    if (page + 1) * PAGE_SIZE < total:
        paging.append(Button(tr("btn.next"), callback_data=f"o:l:{page + 1}"))
    if paging:
        rows.append(paging)
    return tr("orders.title", count=total), Markup(rows)


async def _order_named(
    update: Update, context: ContextTypes.DEFAULT_TYPE, tr: Translator, usage: str
) -> StoredOrder | None:
    """The order named after the command (#42, platform no., seller no.), if this chat may see it;
    otherwise the member is told how to ask, or "not found"."""
    key = " ".join(context.args or []).strip()
    chat_id = update.effective_chat.id
    if not key:
        await context.bot.send_message(chat_id, tr(usage))
        return None
    order = _visible(update, context, deps(context).service.orders.find(key))
    if order is None:
        await context.bot.send_message(chat_id, tr("orders.not_found", key=key))
    return order


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    if await batch_orders.status_of_batch(update, context, " ".join(context.args or [])):
        return  # `#B12`: a 1688 order across sellers
    order = await _order_named(update, context, tr, "orders.usage_status")
    if order is not None:
        text, markup = _card(update, context, tr, order)
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def track_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    order = await _order_named(update, context, tr, "orders.usage_track")
    if order is not None:
        await _send_tracking(update, context, tr, order)


async def _send_tracking(update: Update, context, tr: Translator, order: StoredOrder) -> None:
    chat_id = update.effective_chat.id
    try:
        packages = await deps(context).actions.track(order)
    except NotSubmitted:
        await context.bot.send_message(chat_id, tr("note.not_submitted"))
        return
    except PlatformError as exc:
        log.info("order %s: platform refused tracking: %s", order.seller_order_number, exc)
        await context.bot.send_message(chat_id, _refusal(tr, order, exc))
        return
    except PandaPonError as exc:
        log.warning("order %s: tracking failed: %s", order.seller_order_number, exc)
        await context.bot.send_message(chat_id, tr("err.platform_down"))
        return
    international = await _international_leg(context, order)
    if not packages and international is None:
        await context.bot.send_message(chat_id, tr("track.none", ref=order.ref))
        return
    lines = [tr("track.title", ref=order.ref)]
    for package in packages:
        lines.append("")
        lines.append(tr("track.package", company=package.company, number=package.tracking_no))
        lines += [tr("track.event", time=e.time, text=e.text) for e in package.events]
    if international is not None:  # the way abroad comes after the domestic parcels
        lines += ["", tr("track.international", company=international.company,
                         number=international.tracking_no)]  # fmt: skip
        lines += [tr("track.event", time=e.time, text=e.text) for e in international.events]
    await send_long(context.bot, chat_id, "\n".join(lines))


async def _international_leg(context, order: StoredOrder) -> Package | None:
    """The booked international parcel, if any; a failed read leaves only the domestic part."""
    freight = deps(context).freight
    if freight is None:
        return None
    try:
        return await freight.international_leg(order)
    except (PandaPonError, Unsupported) as exc:
        log.warning("order %s: international leg not read: %s", order.seller_order_number, exc)
        return None


# --- the card's buttons ---------------------------------------------------------------------


async def on_order_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    tr = translator(update, context)
    parts = query.data.split(":")
    action, arg = parts[1], parts[2]
    if action == "l":
        await answer(update)
        text, markup = _orders_page(update, context, tr, int(arg))
        await edit_text(query.message, text, markup)
        return
    order = _visible(update, context, deps(context).service.orders.get(int(arg)))
    if order is None:
        await answer(update, tr("orders.not_found", key=f"#{arg}"), alert=True)
        return
    handler = _ACTIONS.get(action)
    if handler is None:
        await answer(update)
        return
    needed = _NEEDS.get(action)
    if needed is not None and not may_act(update, context):  # the gate's rule, checked again
        log.warning("order %s: %s refused for user %s", order.ref, action, update.effective_user.id)
        await answer(update, tr("access.refused_short"), alert=True)
        return
    if needed is not None and not _allows(order, needed):  # e.g. a stale card after payment
        await answer(update)
        await _show(update, context, tr, order, tr("note.not_allowed_now"))
        return
    try:
        await handler(update, context, tr, order, parts[3:])
    except NotSubmitted:
        await _show(update, context, tr, order, tr("note.not_submitted"))
    except PlatformError as exc:
        log.info("order %s: platform refused %s: %s", order.seller_order_number, action, exc)
        await _show(update, context, tr, order, _refusal(tr, order, exc))
    except PandaPonError as exc:
        log.warning("order %s: %s failed: %s", order.seller_order_number, action, exc)
        await _show(update, context, tr, order, tr("err.platform_down"))


def _refusal(tr: Translator, order: StoredOrder, exc: PlatformError) -> str:
    """What the platform's no means: "not found" is said as such, never as "not answering"."""
    if exc.not_found:
        number = order.platform_order_no or order.platform_order_id or "—"
        return tr("platform.order_not_found", ref=order.ref, order_no=number)
    return tr("note.platform_refused", reason=exc.msg)


async def _show(update, context, tr: Translator, order: StoredOrder, note: str | None = None):
    """Re-render the card (from storage, as it stands now) in the pressed message."""
    fresh = deps(context).service.orders.get(order.id) or order
    text, markup = _card(update, context, tr, fresh, note=note)
    await edit_text(update.callback_query.message, text, markup)


show_card = _show  # for the shipping-abroad actions on the card (handlers/abroad_actions.py)


def _allows(order: StoredOrder, action: Action) -> bool:
    status = BuyerStatus(order.status or BuyerStatus.UNKNOWN)
    return order.state == "submitted" and action in allowed_actions(order.platform, status)


async def _open(update, context, tr, order, _args) -> None:
    await answer(update)
    await _show(update, context, tr, order)


async def _refresh(update, context, tr, order, _args) -> None:
    await answer(update)
    change = await deps(context).actions.refresh(order)
    await _show(update, context, tr, order, None if change else tr("note.refreshed"))


async def _reconcile(update, context, tr, order, _args) -> None:
    await answer(update)
    await deps(context).service.reconcile(order.id)
    await _show(update, context, tr, order)


async def _cancel_ask(update, context, tr, order, _args) -> None:
    await answer(update)
    await edit_text(
        update.callback_query.message,
        tr("cancel.ask", ref=order.ref),
        order_card.cancel_reasons(tr, order),
    )


async def _cancel(update, context, tr, order, args) -> None:
    await answer(update)
    index = int(args[0]) if args and args[0].isdigit() else 0
    reason = tr(f"cancel.reason.{min(index, order_card.CANCEL_REASONS - 1)}")
    outcome = await deps(context).actions.cancel(order, reason)
    done = tr("note.cancelled_order", reason=reason)
    await _show(update, context, tr, order, _action_note(tr, order, outcome, done))


async def _pay_ask(update, context, tr, order, _args) -> None:
    await answer(update)
    if order.platform == "1688":
        pay_url = await deps(context).actions.pay_url(order)
        if pay_url:
            text, _ = _card(update, context, tr, order, note=tr("note.pay_link"))
            markup = order_card.url_button(
                tr("btn.open_cashier"), pay_url, (tr("btn.back_to_card"), order.id)
            )
            await edit_text(update.callback_query.message, text, markup)
            return
        note = tr("note.pay_failed", reason=tr("note.no_pay_url"))
        await _show(update, context, tr, order, note)
        return
    amount = order.platform_total_fen or order.total_fen
    await edit_text(
        update.callback_query.message,
        tr("pay.ask", total=money(tr, amount), ref=order.ref),
        order_card.confirm(tr, order, tr("btn.yes_pay", total=format_fen(amount)), "py"),
    )


async def _pay(update, context, tr, order, _args) -> None:
    await answer(update)
    outcome = await deps(context).actions.pay(order)
    await _show(update, context, tr, order, _action_note(tr, order, outcome, tr("note.paid")))


async def _receipt_ask(update, context, tr, order, _args) -> None:
    await answer(update)
    await edit_text(
        update.callback_query.message,
        tr("receipt.ask", ref=order.ref),
        order_card.confirm(tr, order, tr("btn.yes_received"), "ky"),
    )


async def _receipt(update, context, tr, order, _args) -> None:
    await answer(update)
    outcome = await deps(context).actions.confirm_receipt(order)
    await _show(update, context, tr, order, _action_note(tr, order, outcome, tr("note.received")))


def _action_note(tr: Translator, order: StoredOrder, outcome: ActionOutcome, done: str) -> str:
    """The card's note after a pay / cancel / receipt: done, refused, or being checked."""
    if outcome.state == "done":
        return done
    if outcome.state == "failed":
        if outcome.refusal is not None:
            return _refusal(tr, order, outcome.refusal)
        if outcome.reason == "unreachable":
            return tr("err.platform_down")
        return tr("note.platform_refused", reason=outcome.reason or "?")
    return tr(f"action.{outcome.kind}.{outcome.state}", ref=f"#{outcome.record.order_id}")


async def _track(update, context, tr, order, _args) -> None:
    await answer(update)
    await _send_tracking(update, context, tr, order)


async def _seller(update, context, tr, order, _args) -> None:
    await answer(update)
    link = await deps(context).actions.seller_link(order)
    if link is None:
        await _show(update, context, tr, order, tr("note.no_seller_link"))
        return
    await context.bot.send_message(
        update.effective_chat.id,
        tr("note.seller_link", ref=order.ref),
        reply_markup=order_card.url_button(tr("btn.open_chat"), link),
    )


_ACTIONS = {
    "c": _open,
    "r": _refresh,
    "u": _reconcile,
    "x": _cancel_ask,
    "xr": _cancel,
    "p": _pay_ask,
    "py": _pay,
    "k": _receipt_ask,
    "ky": _receipt,
    "t": _track,
    "i": _seller,
}


# Card buttons that change the order, and the status action each needs right now.
_NEEDS = {
    "x": Action.CANCEL,
    "xr": Action.CANCEL,
    "p": Action.PAY,
    "py": Action.PAY,
    "k": Action.CONFIRM_RECEIPT,
    "ky": Action.CONFIRM_RECEIPT,
}


def build_order_handlers() -> list:
    return [
        CommandHandler("orders", orders_command),
        CommandHandler("status", status_command),
        CommandHandler("track", track_command),
        CallbackQueryHandler(on_order_button, pattern=rf"^o:[a-z]{{1,2}}:{cd.ID}(:{cd.INDEX})?$"),
    ]
