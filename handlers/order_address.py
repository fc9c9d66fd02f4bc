"""New order, part 2: the receiver — from the address book, step by step, or a pasted block."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.errors import InputError
from bot.domain.privacy import mask_receiver_field
from bot.domain.receiver import (
    CHINA,
    RECEIVER_FIELDS,
    Receiver,
    ReceiverError,
    build_receiver,
    format_mobile,
    format_receiver,
    is_optional_field,
    parse_address_block,
    validate_field,
)
from bot.i18n import Html, Translator
from bot.session import OrderSession
from handlers import keyboards, order_steps, states
from handlers.address_book import sync_saved
from handlers.common import (
    answer,
    deps,
    in_private_chat,
    input_error_text,
    load_session,
    say,
    show_panel,
    text_within,
    translator,
)
from storage.addresses import AddressBookFull, AddressLabelTaken

log = logging.getLogger(__name__)

MAX_BLOCK = 1000


@order_steps.shows(order_steps.ADDRESS)
async def ask_address(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    saved = [(a.id, a.label) for a in deps(context).addresses.list(update.effective_user.id)][:6]
    key = "ask.address_saved" if saved else "ask.address"
    return await show_panel(
        update, context, session, tr(key), keyboards.address_choice(tr, saved), step=states.ADDRESS
    )


async def on_saved_address(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    book = deps(context).addresses
    address_id = int(update.callback_query.data.rsplit(":", 1)[1])
    entry = book.get(update.effective_user.id, address_id)
    if entry is None:
        await answer(update, tr("err.address.gone"), alert=True)
        return await ask_address(update, context, session)
    await answer(update)
    session.draft.receiver = Receiver.model_validate_json(entry.receiver_json)
    book.touch(update.effective_user.id, address_id)
    return await _after_address(update, context, session)


async def on_enter_steps(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    session.pending_receiver = {}
    session.address_queue = list(states.ADDRESS_FIELDS)
    return await _next_field(update, context, session)


async def on_paste_ask(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    return await ask_paste(update, context, session)


async def ask_paste(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    return await show_panel(
        update,
        context,
        session,
        tr("ask.address_paste"),
        keyboards.item_prompt(tr, has_lines=False),
        step=states.ADDR_PASTE,
    )


async def on_pasted_block(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """A whole address in one message: parse what we can, ask only for what is missing."""
    session = load_session(update, context)
    tr = translator(update, context)
    text = await text_within(
        update, context, empty_key="err.address.empty", limit=MAX_BLOCK, multiline=True
    )
    if text is None:
        return None
    parsed = parse_address_block(text)
    found = parsed.found()
    if len(found) < 2:
        await say(update, context, tr("err.address.unparsed"))
        return None
    if "country" not in found and "state" in found:
        found["country"] = CHINA  # a province was recognised: a Chinese address
    session.pending_receiver = found
    # What is missing is asked (the postal code with Skip where it may be left out); a missing
    # district is not: many addresses have none.
    missing = [f for f in states.ADDRESS_FIELDS if f not in found and f != "district"]
    session.address_queue = missing
    if missing:
        problems = [
            tr(
                "note.address_problem",
                field=_label(tr, exc.params.get("field", "")),
                problem=Html(input_error_text(tr, exc)),
            )
            for exc in parsed.problems
        ]
        note = tr("note.address_partial", found=Html(_pending_text(update, tr, session)))
        await say(update, context, "\n".join([note, *problems]))
    return await _next_field(update, context, session)


async def ask_field(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    tr = translator(update, context)
    field = session.address_field or states.ADDRESS_FIELDS[0]
    can_skip = _may_skip(session, field)
    text = tr(f"ask.field.{field}")
    if can_skip and field == "zip":
        text += "\n" + tr("note.zip_optional")
    return await show_panel(
        update,
        context,
        session,
        text,
        keyboards.address_field(tr, field, can_skip=can_skip),
        step=states.ADDR_FIELD,
    )


def _may_skip(session: OrderSession, field: str | None) -> bool:
    country = session.pending_receiver.get("country", CHINA)
    return field is not None and is_optional_field(field, country)


async def on_field_text(update: Update, context: ContextTypes.DEFAULT_TYPE):
    return await _take_field(update, context, update.message.text or "")


async def on_country_button(update: Update, context: ContextTypes.DEFAULT_TYPE):
    await answer(update)
    return await _take_field(update, context, "中国")


async def on_skip_field(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    if not _may_skip(session, session.address_field):
        return None
    session.pending_receiver[session.address_field] = ""
    return await _next_field(update, context, session)


async def _take_field(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str):
    session = load_session(update, context)
    tr = translator(update, context)
    field = session.address_field
    if field is None:
        return await ask_address(update, context, session)
    country = session.pending_receiver.get("country", CHINA)
    try:
        session.pending_receiver[field] = validate_field(field, text, country=country, strict=True)
    except InputError as exc:
        await say(update, context, input_error_text(tr, exc))
        return None
    return await _next_field(update, context, session)


async def _next_field(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    if session.address_queue:
        session.address_field = session.address_queue.pop(0)
        return await ask_field(update, context, session)
    return await confirm_pending(update, context, session)


async def back_field(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """Back from a field: to the field asked before it, or to the address choice."""
    session = load_session(update, context)
    await answer(update)
    asked = [f for f in states.ADDRESS_FIELDS if f in session.pending_receiver]
    if not asked or session.address_field is None:
        return await ask_address(update, context, session)
    previous = asked[-1]
    session.pending_receiver.pop(previous)
    session.address_queue.insert(0, session.address_field)
    session.address_field = previous
    return await ask_field(update, context, session)


async def confirm_pending(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession
):
    tr = translator(update, context)
    try:
        receiver = build_receiver(**session.pending_receiver)
    except ReceiverError as exc:  # fields valid alone but not together (zip vs country…)
        field = exc.params.get("field") or states.ADDRESS_FIELDS[0]
        session.pending_receiver.pop(field, None)
        session.address_field = field
        await say(update, context, input_error_text(tr, exc))
        return await ask_field(update, context, session)
    session.address_field = None
    shown = format_receiver(receiver, masked=not in_private_chat(update))
    text = tr("ask.address_confirm", receiver=shown)
    return await show_panel(
        update,
        context,
        session,
        text,
        keyboards.address_confirm(tr, can_save=True),
        step=states.ADDR_CONFIRM,
    )


async def on_address_ok(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    await answer(update)
    session.draft.receiver = build_receiver(**session.pending_receiver)
    return await _after_address(update, context, session)


async def on_address_save(update: Update, context: ContextTypes.DEFAULT_TYPE):
    session = load_session(update, context)
    tr = translator(update, context)
    receiver = build_receiver(**session.pending_receiver)
    book = deps(context).addresses
    user_id = update.effective_user.id
    taken = {a.label.casefold() for a in book.list(user_id)}
    label = _free_label(f"{receiver.name}, {receiver.city}", taken)
    try:
        address_id = book.save(user_id, label, receiver.model_dump_json())
        await answer(update, tr("note.address_saved", label=label))
        await sync_saved(context, address_id)
    except AddressBookFull:
        await answer(update, tr("err.address.book_full"), alert=True)
    except AddressLabelTaken:  # a concurrent save took the name: use the address unsaved
        await answer(update, tr("err.address.label_taken"), alert=True)
    session.draft.receiver = receiver
    return await _after_address(update, context, session)


def _free_label(base: str, taken: set[str]) -> str:
    base = base[:40]
    label, n = base, 2
    while label.casefold() in taken:
        label, n = f"{base} ({n})", n + 1
    return label


def _label(tr: Translator, field: str) -> str:
    """A field's name, in the same words as its step's prompt."""
    return tr(f"field.{field}") if field in RECEIVER_FIELDS else tr("field.receiver")


def _pending_text(update: Update, tr: Translator, session: OrderSession) -> str:
    """What was read so far, one labelled line per field (masked where others read along)."""
    private = in_private_chat(update)
    rows = []
    for field in RECEIVER_FIELDS:
        value = session.pending_receiver.get(field)
        if not value:
            continue
        if not private:
            value = mask_receiver_field(field, value)
        elif field == "mobile":
            value = format_mobile(value)
        rows.append(tr("note.address_found", field=_label(tr, field), detail=value))
    return "\n".join(rows)


async def _after_address(update: Update, context: ContextTypes.DEFAULT_TYPE, session: OrderSession):
    session.pending_receiver = {}
    session.quote = None
    return await order_steps.advance(order_steps.ADDRESS, update, context, session)
