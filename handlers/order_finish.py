"""New order, part 3: budget, order source, seller order number, preview and submission."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from bot.domain.draft import (
    ORDER_SOURCES,
    unique_seller_order_number,
    validate_seller_order_number,
)
from bot.domain.errors import InputError
from bot.domain.money import FEN_PER_YUAN, budget_examples, format_fen, parse_amount
from bot.pandapon.errors import PandaPonError
from bot.session import OrderSession
from handlers import (
    approval_request,
    batch_orders,
    freight_estimate,
    keyboards,
    order_card,
    order_promotions,
    order_recheck,
    order_steps,
    render,
    states,
)
from handlers.access import requires_access
from handlers.common import (
    answer,
    deps,
    drop_session,
    edit_text,
    in_private_chat,
    input_error_text,
    load_session,
    recheck_minutes,
    save_session,
    say,
    show_panel,
    translator,
)
from storage.order_records import STATE_CANCELLED_BEFORE_SUBMIT, STATE_REJECTED

log = logging.getLogger(__name__)

REUSABLE_STATES = frozenset({STATE_REJECTED, STATE_CANCELLED_BEFORE_SUBMIT})


async def _refresh_quote(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
) -> bool:
    """Ask the platform for current prices and postage; False (and the member told) if it can't."""
    try:
        quote = await deps(context).catalog.quote(session.draft)
    except PandaPonError as exc:
        log.warning("quote failed: %s", exc)
        await say(update, context, translator(update, context)("err.platform_down"))
        return False
    session.quote = quote
    session.draft.postage_fen = quote.postage_fen
    session.draft.discount_fen = quote.discount_fen
    return True


# --- budget ----------------------------------------------------------------------------------


@order_steps.shows(order_steps.BUDGET)
async def ask_budget(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    if not await _refresh_quote(update, context, session):
        save_session(update, context, session)
        return await order_steps.show(order_steps.ADDRESS, update, context, session)
    quote = session.quote
    example, example_fen = budget_examples(quote.total_fen)
    text = tr(
        "ask.budget",
        quote=render.quote_block(tr, session.draft, quote),
        total=render.money(tr, quote.total_fen),
        example=example // FEN_PER_YUAN,  # whole yuan, as people type them
        example_fen=format_fen(example_fen),
    )
    return await show_panel(
        update, context, session, text, keyboards.budget(tr, quote.total_fen), step=states.BUDGET
    )


async def on_budget_total(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    session.draft.budget_cap_fen = None
    return await _after_budget(update, context, session)


async def on_budget_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    try:
        cap = parse_amount(update.message.text or "")
        session.draft.validate_budget(cap)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    session.draft.budget_cap_fen = cap
    return await _after_budget(update, context, session)


async def _after_budget(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    return await order_steps.advance(order_steps.BUDGET, update, context, session)


# --- order source and seller order number -----------------------------------------------------


@order_steps.shows(order_steps.SOURCE)
async def ask_source(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    return await show_panel(
        update, context, session, tr("ask.source"), keyboards.order_source(tr), step=states.SOURCE
    )


async def on_source(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    choice = update.callback_query.data.rsplit(":", 1)[1]
    session.draft.order_source = choice if choice in ORDER_SOURCES else None
    return await ask_seller_no(update, context, session)


@order_steps.shows(order_steps.SELLER_NO)
async def ask_seller_no(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    return await show_panel(
        update,
        context,
        session,
        tr("ask.seller_no"),
        keyboards.seller_order_number(tr),
        step=states.SELLER_NO,
    )


async def on_seller_no_auto(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    session.draft.seller_order_number = None
    return await show_preview(update, context, session)


async def on_seller_no_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    try:
        number = validate_seller_order_number(update.message.text or "")
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    existing = deps(context).service.orders.by_seller_order_number(number)
    # A number whose order never reached the platform (refused, or not created) is free again.
    if existing is not None and existing.state not in REUSABLE_STATES:
        await say(update, context, tr("err.seller_no.taken", number=number, ref=existing.id))
        return None
    session.draft.seller_order_number = number
    return await show_preview(update, context, session)


# --- preview and edits ---------------------------------------------------------------------


@order_steps.shows(order_steps.PREVIEW)
async def show_preview(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    """Re-quote and show the whole order; Confirm only when it can go through as shown."""
    tr = translator(update, context)
    session.return_to_preview = False
    draft = session.draft
    # prices or stock changed since the lines were added: the member settles that first
    if (step := await order_recheck.review_changes(update, context, session)) is not None:
        return step
    if not draft.seller_order_number:
        orders = deps(context).service.orders
        draft.seller_order_number = unique_seller_order_number(
            datetime.now(UTC),
            is_taken=lambda number: orders.by_seller_order_number(number) is not None,
            random_bytes=lambda: secrets.token_bytes(8),
        )
    priced = await _refresh_quote(update, context, session)
    quote = session.quote
    promotion_note = order_promotions.settle(session, tr) if priced else None
    note = None
    if not priced:
        note = tr("note.preview_unpriced")
    elif draft.budget_cap_fen is not None and draft.budget_cap_fen < quote.total_fen:
        note = tr("note.budget_below_total")
    elif not quote.ok:
        note = tr("note.preview_problems")
    private = in_private_chat(update)
    info = promotion_note or (order_promotions.offer_note(tr, quote) if note is None else None)
    text = render.preview(tr, draft, quote, private=private, note=note or info) if quote else note
    keyboard = keyboards.preview(tr, can_confirm=note is None, can_refresh=not priced)
    if note is None and draft.is_single_seller:  # a batch across sellers is not sent for approval
        keyboard = await approval_request.add_team_groups(update, context, keyboard)
        keyboard = order_promotions.with_choices(tr, keyboard, quote)
    keyboard = keyboards.Markup([*keyboard.inline_keyboard, freight_estimate.draft_button(tr)])
    return await show_panel(update, context, session, text, keyboard, step=states.PREVIEW)


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    what = update.callback_query.data.rsplit(":", 1)[1]
    if what == "refresh":
        return await show_preview(update, context, session)
    session.return_to_preview = True
    part = {"items": order_steps.ITEMS, "addr": order_steps.ADDRESS}.get(what, order_steps.BUDGET)
    return await order_steps.show(part, update, context, session)


async def on_cart_done(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    if not session.draft.lines:
        return await order_steps.show(order_steps.ITEMS, update, context, session)
    return await order_steps.advance(order_steps.ITEMS, update, context, session)


# --- submission ------------------------------------------------------------------------------


@requires_access
async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Submit once; a second tap waits behind this one in the chat's queue and then finds the
    menu gone. In a group the order goes to the approvers first."""
    session = load_session(update, context)
    if not session.draft.is_single_seller:  # 1688 across sellers: one batch create
        return await batch_orders.confirm(update, context, session)
    if update.effective_chat.type != "private":
        return await approval_request.request_in_group(update, context)
    tr = translator(update, context)
    query = update.callback_query
    await answer(update, tr("note.submitting"))
    await edit_text(query.message, tr("note.submitting"))
    try:
        outcome = await deps(context).service.submit(
            session.draft,
            chat_id=update.effective_chat.id,
            requester_id=update.effective_user.id,
        )
    except Exception:
        log.exception("submission of %s failed unexpectedly", session.draft.seller_order_number)
        return await order_steps.preview_again(update, context, session, tr("err.submit_crashed"))
    text = render.outcome(tr, session.draft, outcome, recheck_minutes(context))
    if outcome.kind in ("submitted", "unknown"):
        markup = order_card.check_now(tr, outcome.order_id) if outcome.kind == "unknown" else None
        await edit_text(query.message, text, markup)
        drop_session(update, context)
        return ConversationHandler.END
    return await order_steps.preview_again(update, context, session, text)


def back_to(step):
    """A Back button handler that re-shows an earlier step."""

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
        session = load_session(update, context)
        await answer(update)
        return await step(update, context, session)

    return handler
