"""The new-order conversation: one persistent ConversationHandler keyed per chat and member.

Each button handler is guarded: a button on any message other than the live panel answers
"this menu has expired" and changes nothing, so old messages can never act on a new draft.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.session import NEW_ORDER, OrderSession
from handlers import (
    approval_request,
    cart_order,
    keyboards,
    order_promotions,
    order_recheck,
    panel_card,
    replay,
    search_order,
    states,
)
from handlers import callback_data as cd
from handlers import order_address as addr
from handlers import order_finish as finish
from handlers import order_items as items
from handlers.cart_keyboards import ORDER as CART_ORDER
from handlers.common import (
    answer,
    drop_session,
    durable,
    edit_text,
    leave_card,
    live_card,
    load_session,
    on_live_panel,
    say,
    show_panel,
    stale_button_text,
    translator,
)
from handlers.quiet_drafts import DraftConversation
from handlers.search_keyboards import ADD as ADD_FROM_SEARCH

log = logging.getLogger(__name__)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]

TEXT = filters.TEXT & ~filters.COMMAND
PRODUCT_LINK = filters.Regex(r"(?i)(taobao|tmall|1688\.com|tb\.cn)") & filters.ChatType.PRIVATE


def guarded(callback: Callback) -> Callback:
    @wraps(callback)
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not on_live_panel(update, load_session(update, context)):
            await answer(update, stale_button_text(update, context))
            return None
        return await callback(update, context)

    return handler


def button(pattern: str, callback: Callback, *, block: bool = True) -> CallbackQueryHandler:
    return CallbackQueryHandler(durable(guarded(callback)), pattern=f"^{pattern}$", block=block)


def text(callback: Callback) -> MessageHandler:
    return MessageHandler(TEXT, durable(callback))


def command(names: list[str] | str, callback: Callback) -> CommandHandler:
    return CommandHandler(names, durable(callback))


# --- entry, cancel, timeout ----------------------------------------------------------------


async def start_new_order(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    if session.draft.lines:
        return await ask_resume(update, context, session)
    await leave_card(update, context, session)  # a product opened, nothing added: start afresh
    return await items.ask_platform(update, context, OrderSession())


async def ask_resume(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    return await show_panel(
        update,
        context,
        session,
        tr("ask.resume", lines=tr.count("count.lines", len(session.draft.lines))),
        keyboards.resume_or_restart(tr),
        step=states.RESUME,
    )


async def start_from_link(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A product link sent straight into a private chat starts an order with it — or adds it
    to the draft that was put aside, so nothing typed before is lost."""
    result = await items.on_item_text(update, context)
    return states.ITEM if result is None else result


async def on_resume(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    return await items.show_cart(update, context, session)


async def on_restart(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    fresh = OrderSession(panel_message_id=load_session(update, context).panel_message_id)
    return await items.ask_platform(update, context, fresh)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE):
    tr = translator(update, context)
    session = load_session(update, context)
    drop_session(update, context)
    note = tr("note.cancelled")
    query = update.callback_query
    if query is not None:
        await answer(update)
    pressed = on_live_panel(update, session)
    card = live_card(session)
    if pressed and card is None:
        await edit_text(query.message, note)
        return ConversationHandler.END
    if pressed and card is not None:
        on_card = panel_card.body(card.text, note)
        if panel_card.fits(on_card, photo=card.photo):  # the card keeps its details, with the note
            await panel_card.edit(query.message, card, on_card, None)
            return ConversationHandler.END
    await leave_card(update, context, session)
    await say(update, context, note)
    return ConversationHandler.END


async def not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Anything that fits no handler of the current step: say so, stay on the step."""
    await say(update, context, translator(update, context)("err.not_expected"))


def build_new_order_conversation() -> DraftConversation:
    """The conversation; a member who goes quiet is reminded and then put aside by their own
    job (handlers/quiet_drafts.py), not by PTB's conversation_timeout."""
    back_to_item = finish.back_to(items.ask_item)
    # A photo is a search by image (handlers/search.py), whichever step the draft is on.
    stay = MessageHandler(filters.ALL & ~filters.COMMAND & ~filters.PHOTO, not_understood)
    # An option's button on a search result's card: into the draft, at its quantity step.
    from_search = CallbackQueryHandler(
        durable(search_order.on_add_to_order), pattern=ADD_FROM_SEARCH
    )
    # "Order selected" on a cart panel: the selection becomes the draft, at the receiver step.
    from_cart = CallbackQueryHandler(durable(cart_order.on_order_selected), pattern=CART_ORDER)
    return DraftConversation(
        entry_points=[
            command(["neworder", "order"], start_new_order),
            MessageHandler(PRODUCT_LINK & TEXT, durable(start_from_link)),
            from_search,
            from_cart,
        ],
        states={
            states.RESUME: [
                button("n:resume", on_resume),
                button("n:restart", on_restart),
            ],
            states.PLATFORM: [
                button(r"n:plat:(taobao|1688)", items.on_platform),
                button(r"n:bare:(taobao|1688)", items.on_bare_id_platform),
                button("n:back", finish.back_to(items.ask_platform)),
                text(items.on_item_text),
            ],
            states.ITEM: [
                text(items.on_item_text),
                button("n:cart", items.on_cart),
                button("n:back", finish.back_to(_back_from_item)),
            ],
            states.SKU: [
                button(rf"n:sku:{cd.INDEX}", items.on_sku),
                button(rf"n:skp:{cd.INDEX}", items.on_sku_page),
                button("n:back", back_to_item),
            ],
            states.QTY: [
                text(items.on_quantity_text),
                button(rf"n:qty:{cd.QUANTITY}", items.on_quantity_button),
                button("n:back", items.back_to_sku),
            ],
            states.CART: [
                button("n:add", items.on_add_item),
                button("n:rmask", items.on_remove_ask),
                button(rf"n:rm:{cd.INDEX}", items.on_remove_line),
                button("n:cart", items.on_cart),
                button("n:done", finish.on_cart_done),
                text(items.on_item_text),
            ],
            states.ADDRESS: [
                button(rf"n:adr:{cd.ID}", addr.on_saved_address),
                button("n:adr:new", addr.on_enter_steps),
                button("n:adr:paste", addr.on_paste_ask),
                button("n:back", finish.back_to(items.show_cart)),
                text(addr.on_pasted_block),
            ],
            states.ADDR_PASTE: [
                text(addr.on_pasted_block),
                button("n:back", finish.back_to(addr.ask_address)),
            ],
            states.ADDR_FIELD: [
                text(addr.on_field_text),
                button("n:cty:CN", addr.on_country_button),
                button("n:skipf", addr.on_skip_field),
                button("n:back", addr.back_field),
            ],
            states.ADDR_CONFIRM: [
                button("n:adr:ok", addr.on_address_ok),
                button("n:adr:save", addr.on_address_save),
                button("n:adr:new", addr.on_enter_steps),
                button("n:back", finish.back_to(addr.ask_address)),
            ],
            states.BUDGET: [
                button("n:bud", finish.on_budget_total),
                text(finish.on_budget_text),
                button("n:back", finish.back_to(addr.ask_address)),
            ],
            states.SOURCE: [
                button(rf"n:src:{cd.WORD}", finish.on_source),
                button("n:back", finish.back_to(finish.ask_budget)),
            ],
            states.SELLER_NO: [
                button("n:son", finish.on_seller_no_auto),
                text(finish.on_seller_no_text),
                button("n:back", finish.back_to(finish.ask_source)),
            ],
            states.PREVIEW: [
                # Blocking: the chat's updates wait for the submission (other chats do not: they
                # are processed side by side), and the inbox closes the press only once done.
                button("n:ok", finish.on_confirm),
                button(rf"n:toap:{cd.GROUP_ID}", approval_request.on_send_to_group),
                button(r"n:e:(items|addr|budget|refresh)", finish.on_edit),
                button(order_promotions.BUTTON, order_promotions.on_choice),
            ],
            states.RECHECK: [button(order_recheck.BUTTON, order_recheck.on_button)],
            states.RECHECK_QTY: [
                text(order_recheck.on_quantity_text),
                button("n:rc:back", order_recheck.on_back),
            ],
        },
        fallbacks=[
            # /neworder mid-way restarts (or offers to resume); a fallback rather than
            # allow_reentry, so that a pasted link inside a step is that step's input
            command(["neworder", "order"], start_new_order),
            command("cancel", cancel),
            CallbackQueryHandler(durable(guarded(cancel)), pattern="^n:cancel$"),
            from_search,
            from_cart,
            stay,
        ],
        name=NEW_ORDER.name,
        persistent=True,
        allow_reentry=False,
        per_chat=True,
        per_user=True,
    )


async def _back_from_item(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
):
    if session.draft.lines:
        return await items.show_cart(update, context, session)
    return await items.ask_platform(update, context, session)


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button no handler took: an old or finished menu, another member's draft, or data
    that no button of ours carries (forged, or from an older version of the bot)."""
    await answer(update, stale_button_text(update, context))


# Each step's panel, to show again the step a member is on (an update processed again after a
# crash, when its answer may never have reached the chat).
_SHOW_STEP = {
    states.RESUME: ask_resume,
    states.PLATFORM: items.ask_which_platform,
    states.ITEM: items.ask_item,
    states.SKU: items.show_product_step_again,
    states.QTY: items.show_product_step_again,
    states.CART: items.show_cart,
    states.ADDRESS: addr.ask_address,
    states.ADDR_PASTE: addr.ask_paste,
    states.ADDR_FIELD: addr.ask_field,
    states.ADDR_CONFIRM: addr.confirm_pending,
    states.BUDGET: finish.ask_budget,
    states.SOURCE: finish.ask_source,
    states.SELLER_NO: finish.ask_seller_no,
    states.PREVIEW: finish.show_preview,
    states.RECHECK: order_recheck.show_changes,
    states.RECHECK_QTY: order_recheck.ask_quantity,
}


async def show_step_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
) -> None:
    """Show the member the panel of the step their draft is on."""
    show = _SHOW_STEP.get(session.step or "")
    if show is None:
        return
    await answer(update)
    await show(update, context, session)


replay.shows_again(NEW_ORDER, show_step_again)
