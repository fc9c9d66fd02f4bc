"""New order, on the preview: 1688 shop promotions offered as a choice.

The preview's quote lists the promotions the order reaches (`Quote.promotions`); each is a
button `n:pm:<i>`, and `n:pm:-` takes the choice back. The chosen promotion's id goes with
the draft into the quote (its discount shows in the totals), into the stored order and into
the create call. A promotion the order no longer reaches (fewer goods after an edit) is
dropped, and the member is told.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.money import format_fen
from bot.i18n import Translator
from bot.session import OrderSession, Quote
from handlers import order_steps
from handlers.common import answer, load_session

BUTTON = r"n:pm:(?:\d{1,2}|-)"


def settle(session: OrderSession, tr: Translator) -> str | None:
    """Keep the draft's promotion only while the quote still grants it; a note when it was
    dropped. (The draft's discount is the quote's.)"""
    quote, draft = session.quote, session.draft
    if quote is None:
        return None
    chosen = quote.chosen_promotion
    note = None
    if draft.shop_promotion_id and (
        chosen is None or chosen.promotion_id != draft.shop_promotion_id
    ):
        note = tr("promo.gone", name=draft.shop_promotion_name or draft.shop_promotion_id)
        draft.shop_promotion_id = None
    draft.shop_promotion_name = chosen.name if draft.shop_promotion_id and chosen else None
    draft.discount_fen = quote.discount_fen if draft.shop_promotion_id else 0
    return note


def offer_note(tr: Translator, quote: Quote | None) -> str | None:
    """Say that there is something to choose (when nothing is chosen yet)."""
    if quote is None or not quote.promotions or quote.chosen_promotion is not None:
        return None
    return tr("promo.offer")


def with_choices(tr: Translator, markup: Markup, quote: Quote | None) -> Markup:
    """The preview's buttons with one per promotion, under Confirm (and the approval targets)."""
    if quote is None or not quote.promotions:
        return markup
    choices = []
    for index, promotion in enumerate(quote.promotions):
        amount = format_fen(promotion.discount_fen)
        key = "promo.btn.chosen" if promotion.selected else "promo.btn.choose"
        label = tr(key, name=promotion.name, amount=amount)
        choices.append([Button(label[:60], callback_data=f"n:pm:{index}")])
    if quote.chosen_promotion is not None:
        choices.append([Button(tr("promo.btn.none"), callback_data="n:pm:-")])
    rows = [list(row) for row in markup.inline_keyboard]
    at = next(
        (i for i, row in enumerate(rows) if row[0].callback_data.startswith("n:e:")), len(rows)
    )
    return Markup(rows[:at] + choices + rows[at:])


async def on_choice(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    choice = update.callback_query.data.rsplit(":", 1)[1]
    promotions = session.quote.promotions if session.quote else []
    if choice == "-":
        session.draft.shop_promotion_id = None
    elif int(choice) < len(promotions):
        picked = promotions[int(choice)]
        session.draft.shop_promotion_id = None if picked.selected else picked.promotion_id
        session.draft.shop_promotion_name = picked.name
    return await order_steps.show(order_steps.PREVIEW, update, context, session)
