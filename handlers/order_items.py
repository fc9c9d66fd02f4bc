"""New order, part 1: the platform, products, SKUs, quantities and the cart."""

from __future__ import annotations

import asyncio
import logging
from typing import get_args

from telegram import Update
from telegram.ext import ContextTypes

from bot.catalog import ProductNotFound
from bot.domain.draft import DraftLine
from bot.domain.errors import InputError
from bot.domain.links import ProductRef, parse_product_ref
from bot.domain.money import format_fen
from bot.domain.quantity import parse_order_lines, parse_quantity
from bot.i18n import Translator
from bot.pandapon.errors import PandaPonError, PlatformError
from bot.products import Platform, ProductView, SkuView
from bot.session import OrderSession
from bot.short_links import resolve_short_link
from handlers import (
    cart_keyboards,
    freight_estimate,
    keyboards,
    order_steps,
    panel_card,
    render,
    states,
)
from handlers.common import (
    answer,
    deps,
    input_error_text,
    load_session,
    pressed_on_card,
    reply_kwargs,
    say,
    show_panel,
    text_within,
    translator,
)

log = logging.getLogger(__name__)

MAX_TEXT = 4000
PLATFORMS: tuple[Platform, ...] = get_args(Platform)


# --- platform and item -------------------------------------------------------------------


async def ask_platform(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    session.pending_platform_choice = session.pending_order_lines = None
    return await show_panel(
        update,
        context,
        session,
        tr("ask.platform"),
        keyboards.platform_choice(tr),
        step=states.PLATFORM,
    )


async def ask_item(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    session.product, session.sku_id = None, None
    key = "ask.item_taobao" if session.draft.platform == "taobao" else "ask.item_1688"
    return await show_panel(
        update,
        context,
        session,
        tr(key),
        keyboards.item_prompt(tr, has_lines=bool(session.draft.lines)),
        step=states.ITEM,
    )


async def ask_which_platform(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
):
    """Ask which platform the bare id or the pasted lines waiting in the session are for; with
    nothing waiting, the plain platform question (the step as it was last shown)."""
    item_id = session.pending_platform_choice
    if item_id is None:
        return await ask_platform(update, context, session)
    tr = translator(update, context)
    key = "ask.lines_platform" if session.pending_order_lines else "ask.bare_id_platform"
    return await show_panel(
        update,
        context,
        session,
        tr(key, item_id=item_id),
        keyboards.platform_choice(tr, action="bare"),
        step=states.PLATFORM,
    )


async def on_platform(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    session.draft.platform = update.callback_query.data.rsplit(":", 1)[1]
    await answer(update)
    return await ask_item(update, context, session)


async def on_bare_id_platform(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The answer to "Taobao or 1688?" for a bare id, or for pasted lines found on both."""
    session = load_session(update, context)
    await answer(update)
    item_id, lines = session.pending_platform_choice, session.pending_order_lines
    session.pending_platform_choice = session.pending_order_lines = None
    platform = update.callback_query.data.rsplit(":", 1)[1]
    if lines:
        session.draft.platform = platform
        return await _add_order_lines(update, context, session, lines)
    if not item_id:
        return await ask_item(update, context, session)
    return await _open_product(update, context, session, ProductRef(platform, item_id))


async def on_item_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A link, share text, bare ID, or several `itemId skuId qty [price]` lines."""
    session = load_session(update, context)
    tr = translator(update, context)
    text = await text_within(update, context, empty_key="err.item.empty", limit=MAX_TEXT)
    if text is None:
        return None
    if _looks_like_order_lines(text):
        return await _add_order_lines(update, context, session, text)
    try:
        ref = parse_product_ref(text)
        if ref.needs_resolution:
            ref = await resolve_short_link(ref, timeout=deps(context).settings.short_link_timeout)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    if ref.is_ambiguous:
        if session.draft.platform is None:
            session.pending_platform_choice = ref.item_id
            return await ask_which_platform(update, context, session)
        ref = ProductRef(session.draft.platform, ref.item_id)
    return await _open_product(update, context, session, ref)


async def _open_product(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession, ref: ProductRef
):
    tr = translator(update, context)
    draft = session.draft
    if draft.lines and draft.platform != ref.platform:
        await say(
            update,
            context,
            tr("err.item.other_platform", platform=render.platform_name(tr, draft.platform)),
        )
        return None
    product = await _lookup(update, context, tr, ref)
    if product is None:
        return None
    if not product.skus:
        await say(update, context, tr("err.item.no_skus"))
        return None
    draft.platform = product.platform
    session.product, session.sku_page = product, 0
    if len(product.skus) == 1 and product.skus[0].in_stock:
        session.sku_id = product.skus[0].sku_id
        return await show_with_card(update, context, session, states.QTY)
    return await show_with_card(update, context, session, states.SKU)


async def show_with_card(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: OrderSession,
    step: str | None = None,
):
    """The SKU or quantity step of the draft's product (`step`, or the one the draft is on), sent
    with the product's card: when it is opened, and when the step is shown again after a
    restart (the card may never have gone out)."""
    tr = translator(update, context)
    step = step or session.step
    product = session.product
    if product is None or (step == states.QTY and session.selected_sku() is None):
        return await ask_item(update, context, session)
    card = _product_card(tr, product)
    text, keyboard = _product_panel(tr, session, step, on_card=True)
    if panel_card.fits(panel_card.body(card.text, text), photo=card.photo_url is not None):
        return await show_panel(
            update, context, session, text, keyboard, step=step, on_card=True, card=card
        )
    # too long for one message: the card, and the panel under it
    await panel_card.send_alone(context.bot, update.effective_chat.id, card, **reply_kwargs(update))
    text, keyboard = _product_panel(tr, session, step, on_card=False)
    return await show_panel(update, context, session, text, keyboard, step=step)


async def show_product_step_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
):
    """The SKU or quantity step after a restart: on the card when a press on it is processed
    again, else sent with the card."""
    if pressed_on_card(update, session):
        show = ask_quantity if session.step == states.QTY else ask_sku
        return await show(update, context, session)
    return await show_with_card(update, context, session)


def _product_panel(
    tr: Translator, session: OrderSession, step: str, *, on_card: bool
) -> tuple[str, keyboards.Markup]:
    if step == states.QTY:
        return _quantity_panel(tr, session, on_card=on_card)
    return tr("ask.sku"), keyboards.sku_choice(tr, session.product, session.sku_page)


async def _lookup(
    update: Update, context: ContextTypes.DEFAULT_TYPE, tr: Translator, ref: ProductRef
) -> ProductView | None:
    try:
        return await deps(context).catalog.product(ref.platform, ref.item_id)
    except ProductNotFound:
        platform = render.platform_name(tr, ref.platform)
        await say(update, context, tr("err.item.not_found", platform=platform, item_id=ref.item_id))
    except PlatformError as exc:  # it answered, and said no: never "not answering"
        log.info("product lookup %s/%s refused: %s", ref.platform, ref.item_id, exc)
        await say(update, context, tr("note.platform_refused", reason=exc.msg))
    except PandaPonError as exc:
        log.warning("product lookup %s/%s failed: %s", ref.platform, ref.item_id, exc)
        await say(update, context, tr("err.platform_down"))
    return None


def _product_card(tr: Translator, product: ProductView) -> panel_card.NewCard:
    """The product's card: its details, "🌏 Shipping to…" and "🛒 Add to cart"."""
    shipping = freight_estimate.product_button(tr, product)
    buttons = keyboards.Markup([*shipping.inline_keyboard, cart_keyboards.add_button(tr, product)])
    return panel_card.NewCard(render.product(tr, product), buttons, product.image_url)


# --- SKU and quantity ----------------------------------------------------------------------


async def on_sku_page(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    await answer(update)
    if session.product is None:
        return await ask_item(update, context, session)
    session.sku_page = max(0, int(update.callback_query.data.rsplit(":", 1)[1]))
    text, keyboard = _product_panel(tr, session, states.SKU, on_card=True)
    return await show_panel(update, context, session, text, keyboard, step=states.SKU, on_card=True)


async def on_sku(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    product = session.product
    index = int(update.callback_query.data.rsplit(":", 1)[1])
    if product is None or not 0 <= index < len(product.skus):
        await answer(update, tr("err.menu_expired"), alert=True)
        return None
    sku = product.skus[index]
    if not sku.in_stock:
        await answer(update, tr("err.sku.sold_out", sku=sku.label), alert=True)
        return None
    await answer(update)
    session.sku_id = sku.sku_id
    return await ask_quantity(update, context, session)


async def back_to_sku(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    return await ask_sku(update, context, session)


async def ask_sku(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    if session.product is None or len(session.product.skus) <= 1:
        return await ask_item(update, context, session)
    text, keyboard = _product_panel(tr, session, states.SKU, on_card=True)
    return await show_panel(update, context, session, text, keyboard, step=states.SKU, on_card=True)


async def ask_quantity(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    if session.product is None or session.selected_sku() is None:
        return await ask_item(update, context, session)
    text, keyboard = _quantity_panel(tr, session, on_card=pressed_on_card(update, session))
    return await show_panel(update, context, session, text, keyboard, step=states.QTY, on_card=True)


def _quantity_panel(
    tr: Translator, session: OrderSession, *, on_card: bool
) -> tuple[str, keyboards.Markup]:
    """How many of the chosen SKU: the question, the minimum order and price tiers that apply
    (the card shows those already, when the question is written under it), and the suggested
    quantities."""
    product, sku = session.product, session.selected_sku()
    on_the_card = on_card and product.platform == "1688"  # its card shows both (render.product)
    lines = [tr("ask.qty", sku=sku.label, stock=sku.stock)]
    if product.min_quantity > 1 and not on_the_card:
        lines.append(tr("ask.qty_moq", moq=product.min_quantity))
    if sku.price_fen is None and product.tiers and not on_the_card:
        lines.append(
            tr(
                "product.tiers",
                tiers=", ".join(
                    tr("product.tier", qty=t.start_quantity, price=format_fen(t.price_fen))
                    for t in product.tiers
                ),
            )
        )
    return "\n".join(lines), keyboards.quantity_choice(tr, _quantity_suggestions(product, sku))


def _quantity_suggestions(product: ProductView, sku: SkuView) -> list[int]:
    if product.platform == "1688":
        base = [product.min_quantity] + [t.start_quantity for t in product.tiers]
    else:
        base = [1, 2, 3, 5, 10]
    picks = sorted({q for q in base if product.min_quantity <= q <= sku.stock})
    return picks[:5]


async def on_quantity_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    return await _take_quantity(update, context, update.message.text or "")


async def on_quantity_button(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    return await _take_quantity(update, context, update.callback_query.data.rsplit(":", 1)[1])


async def _take_quantity(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str):
    session = load_session(update, context)
    tr = translator(update, context)
    product, sku = session.product, session.selected_sku()
    if product is None or sku is None:
        return await ask_item(update, context, session)
    already = sum(
        line.quantity
        for line in session.draft.lines
        if line.item_id == product.item_id and line.sku_id == sku.sku_id
    )
    try:
        quantity = parse_quantity(
            text, minimum=product.min_quantity, stock=max(0, sku.stock - already)
        )
        line = _draft_line(product, sku, quantity)
        session.draft.add_line(line)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    session.product, session.sku_id = None, None
    return await show_cart(update, context, session)


def _draft_line(product: ProductView, sku: SkuView, quantity: int) -> DraftLine:
    return DraftLine(
        item_id=product.item_id,
        sku_id=sku.sku_id,
        title=product.title,
        sku_label=sku.label,
        quantity=quantity,
        unit_price_fen=product.unit_price_fen(sku, quantity),
        image_url=sku.image_url or product.image_url,
        seller_id=product.seller_id,
        seller_name=product.seller_name,
        min_quantity=product.min_quantity,
        tiers=product.tiers if sku.price_fen is None else [],
        stock=sku.stock,
        original_price_fen=sku.original_price_fen,
    )


# --- power users: several `itemId skuId qty [price]` lines at once ----------------------------


def _looks_like_order_lines(text: str) -> bool:
    """`itemId skuId qty [price]`: ids and quantity numeric (1688 spec ids are hashes)."""
    first = text.strip().splitlines()[0].replace(",", " ").split()
    return 3 <= len(first) <= 4 and first[0].isdigit() and first[2].isdigit()


async def _add_order_lines(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession, text: str
):
    tr = translator(update, context)
    try:
        inputs = parse_order_lines(text)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    known: dict[str, ProductView] = {}
    if session.draft.platform is None:  # pasted before a platform was chosen: find out which
        found = await _find_on_both(update, context, tr, inputs[0].item_id)
        if found is None:
            return None
        if len(found) > 1:
            session.pending_platform_choice, session.pending_order_lines = inputs[0].item_id, text
            return await ask_which_platform(update, context, session)
        product = found[0]
        session.draft.platform = product.platform
        known[product.item_id] = product
        name = render.platform_name(tr, product.platform)
        await say(
            update, context, tr("note.lines_platform", item_id=product.item_id, platform=name)
        )
    platform = session.draft.platform
    new_lines: list[DraftLine] = []
    for number, entry in enumerate(inputs, start=1):
        product = known.get(entry.item_id) or await _lookup(
            update, context, tr, ProductRef(platform, entry.item_id)
        )
        if product is None:
            return None
        sku = next((s for s in product.skus if s.sku_id == entry.sku_id), None)
        problem = None
        if sku is None:
            problem = tr("err.lines.no_sku", sku=entry.sku_id, item=entry.item_id)
        else:
            try:
                parse_quantity(str(entry.quantity), minimum=product.min_quantity, stock=sku.stock)
            except InputError as exc:
                problem = input_error_text(tr, exc)
        if problem is None:
            line = _draft_line(product, sku, entry.quantity)
            if entry.price_fen is not None and line.unit_price_fen > entry.price_fen:
                problem = tr(
                    "err.lines.price_above",
                    price=format_fen(line.unit_price_fen),
                    limit=format_fen(entry.price_fen),
                )
        if problem is not None:
            await say(update, context, tr("err.lines.line", n=number, problem=problem))
            return None
        new_lines.append(line)
    for line in new_lines:
        session.draft.add_line(line)
    return await show_cart(update, context, session)


async def _find_on_both(
    update: Update, context: ContextTypes.DEFAULT_TYPE, tr: Translator, item_id: str
) -> list[ProductView] | None:
    """`item_id` looked up on Taobao and on 1688: the products found (one or two), or None when
    it is on neither or a platform could not be asked (the member is told which)."""
    catalog = deps(context).catalog
    answers = await asyncio.gather(
        *(catalog.product(platform, item_id) for platform in PLATFORMS), return_exceptions=True
    )
    found: list[ProductView] = []
    failed: list[PandaPonError] = []
    for result in answers:
        if isinstance(result, ProductView):
            found.append(result)
        elif isinstance(result, PandaPonError):
            failed.append(result)
        elif not isinstance(result, ProductNotFound):
            raise result
    if failed:  # a platform that could not be asked may have it too: do not guess
        log.warning("lookup of %s on both platforms failed: %s", item_id, failed[0])
        refused = next((e for e in failed if isinstance(e, PlatformError)), None)
        text = (
            tr("note.platform_refused", reason=refused.msg) if refused else tr("err.platform_down")
        )
        await say(update, context, text)
        return None
    if not found:
        await say(update, context, tr("err.lines.not_found_anywhere", item_id=item_id))
        return None
    return found


# --- cart ------------------------------------------------------------------------------------


@order_steps.shows(order_steps.ITEMS)
async def show_cart(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    text = render.cart(tr, session.draft)
    return await show_panel(
        update,
        context,
        session,
        text,
        keyboards.cart(tr, len(session.draft.lines)),
        step=states.CART,
    )


async def on_cart(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    return await show_cart(update, context, session)


async def on_add_item(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    return await ask_item(update, context, session)


async def on_remove_ask(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    await answer(update)
    labels = [f"{line.title} · {line.sku_label} × {line.quantity}" for line in session.draft.lines]
    return await show_panel(
        update,
        context,
        session,
        tr("ask.remove_line"),
        keyboards.remove_line_choice(tr, labels),
        step=states.CART,
    )


async def on_remove_line(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    index = int(update.callback_query.data.rsplit(":", 1)[1])
    await answer(update)
    if 0 <= index < len(session.draft.lines):
        session.draft.remove_line(index)
        session.quote = None
    return await show_cart(update, context, session)
