"""The after-sales keyboards and their callback data (compact ASCII, well under 64 bytes).

`rq:<action>[:<arg>]` — the live panel of a member's refund conversation (request, modify,
return, messages); `rf:<action>:<id>` — a refund card and the entries into the conversation from
it (and from the order card: `rf:new:<order id>`); `rf:l:<page>` — /refunds pages; `ra:y|n:<id>`
— a group's approval card for a request; `vc:new:<order id>` / `vc:cancel` — a payment voucher.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot.domain.money import format_fen
from bot.domain.refund_status import RefundAction, RefundKind, RefundStatus, allowed_refund_actions
from bot.i18n import Translator
from handlers import callback_data as cd
from storage.orders import StoredOrderLine
from storage.refunds import PENDING_APPROVAL, StoredRefund

# Patterns of the data these keyboards carry (bounded: forged data fits none of them).
FLOW = "rq"
CARD_ACTIONS = ("c", "r", "x", "xy")  # open, refresh, cancel (ask), cancel (confirmed)
ENTRIES = ("new", "mod", "ret", "msg")
CARD_BUTTON = rf"^rf:(?:{'|'.join(CARD_ACTIONS)}):{cd.ID}$"
LIST_BUTTON = rf"^rf:l:{cd.INDEX}$"
APPROVAL_BUTTON = rf"^ra:(y|n):({cd.ID})$"
VOUCHER_START = rf"^vc:new:{cd.ID}$"


def entry(name: str) -> str:
    return rf"^rf:{name}:{cd.ID}$"


def _nav(tr: Translator, *, back: bool = True) -> list[Button]:
    row = [Button(tr("btn.back"), callback_data=f"{FLOW}:back")] if back else []
    row.append(Button(tr("btn.cancel"), callback_data=f"{FLOW}:cancel"))
    return row


# --- on the order card ----------------------------------------------------------------------


def after_sales_rows(
    tr: Translator, order_id: int, *, refunds: bool, vouchers: bool
) -> list[list[Button]]:
    """The order card's row for what its platform takes now (bot/refunds.py offers_refunds,
    bot/vouchers.py accepts): a payment voucher, a refund or return request."""
    row = []
    if vouchers:
        row.append(Button(tr("btn.send_voucher"), callback_data=f"vc:new:{order_id}"))
    if refunds:
        row.append(Button(tr("btn.refund_request"), callback_data=f"rf:new:{order_id}"))
    return [row] if row else []


# --- the request panels -----------------------------------------------------------------------


def line_choice(
    tr: Translator, lines: list[StoredOrderLine], busy: dict[int | None, str]
) -> Markup:
    """One button per bought line, and the whole order; a busy one names its open request."""
    rows = []
    for line in lines:
        label = tr("btn.refund_line", n=line.line_no, title=line.title, qty=line.quantity)
        if line.line_no in busy:
            label = tr("btn.refund_busy", label=label, ref=busy[line.line_no])
        rows.append([Button(label[:60], callback_data=f"{FLOW}:line:{line.line_no}")])
    whole = tr("btn.refund_whole")
    if None in busy:
        whole = tr("btn.refund_busy", label=whole, ref=busy[None])
    rows.append([Button(whole, callback_data=f"{FLOW}:line:all")])
    rows.append(_nav(tr, back=False))
    return Markup(rows)


def kind_choice(tr: Translator, kinds: list[RefundKind], *, back: bool = True) -> Markup:
    rows = [
        [Button(tr(f"btn.refund_kind.{k.value}"), callback_data=f"{FLOW}:kind:{k.value}")]
        for k in kinds
    ]
    rows.append(_nav(tr, back=back))
    return Markup(rows)


def reason_choice(tr: Translator, reasons: list[tuple[str, str]]) -> Markup:
    rows = [
        [Button(text[:60] or reason_id, callback_data=f"{FLOW}:why:{index}")]
        for index, (reason_id, text) in enumerate(reasons)
    ]
    rows.append(_nav(tr))
    return Markup(rows)


def amount_choice(tr: Translator, max_fen: int) -> Markup:
    return Markup(
        [
            [Button(tr("btn.refund_max", amount=format_fen(max_fen)), callback_data=f"{FLOW}:max")],
            _nav(tr),
        ]
    )


def skip_choice(tr: Translator) -> Markup:
    return Markup([[Button(tr("btn.skip"), callback_data=f"{FLOW}:skip")], _nav(tr)])


def photo_choice(tr: Translator, count: int) -> Markup:
    rows = []
    if count:
        rows.append(
            [
                Button(tr("btn.photos_done", count=count), callback_data=f"{FLOW}:done"),
                Button(tr("btn.photos_clear"), callback_data=f"{FLOW}:clear"),
            ]
        )
    else:
        rows.append([Button(tr("btn.photos_none"), callback_data=f"{FLOW}:done")])
    rows.append(_nav(tr))
    return Markup(rows)


def preview_choice(tr: Translator, *, approval: bool, modify: bool) -> Markup:
    key = "btn.refund_modify_send" if modify else "btn.refund_to_approval" if approval else None
    label = tr(key or "btn.refund_send")
    return Markup([[Button(label, callback_data=f"{FLOW}:ok")], _nav(tr)])


def carrier_choice(tr: Translator, carriers: list[tuple[str, str]]) -> Markup:
    buttons = [
        Button(name or code, callback_data=f"{FLOW}:co:{index}")
        for index, (code, name) in enumerate(carriers)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(_nav(tr, back=False))
    return Markup(rows)


def tracking_prompt(tr: Translator) -> Markup:
    return Markup([_nav(tr)])


def return_confirm(tr: Translator) -> Markup:
    return Markup([[Button(tr("btn.return_send"), callback_data=f"{FLOW}:ok")], _nav(tr)])


def messages_panel(tr: Translator) -> Markup:
    return Markup(
        [
            [Button(tr("btn.order_refresh"), callback_data=f"{FLOW}:reload")],
            [Button(tr("btn.back_to_refund"), callback_data=f"{FLOW}:cancel")],
        ]
    )


# --- the refund card --------------------------------------------------------------------------


def refund_card(tr: Translator, refund: StoredRefund) -> Markup:
    rows: list[list[Button]] = []
    if refund.state == PENDING_APPROVAL:
        rows.append([Button(tr("btn.refund_withdraw"), callback_data=f"rf:x:{refund.id}")])
    elif refund.submitted:
        status = RefundStatus(refund.status or RefundStatus.UNKNOWN)
        actions = allowed_refund_actions(status)
        first = []
        if RefundAction.SEND_RETURN in actions:
            first.append(Button(tr("btn.return_goods"), callback_data=f"rf:ret:{refund.id}"))
        if RefundAction.MODIFY in actions:
            first.append(Button(tr("btn.refund_modify"), callback_data=f"rf:mod:{refund.id}"))
        if RefundAction.CANCEL in actions:
            first.append(Button(tr("btn.refund_cancel"), callback_data=f"rf:x:{refund.id}"))
        second = [Button(tr("btn.refund_messages"), callback_data=f"rf:msg:{refund.id}")]
        if RefundAction.REFRESH in actions:
            second.append(Button(tr("btn.order_refresh"), callback_data=f"rf:r:{refund.id}"))
        rows += [row for row in (first, second) if row]
    rows.append(
        [
            Button(
                tr("btn.open_order", ref=f"#{refund.order_id}"),
                callback_data=f"o:c:{refund.order_id}",
            )
        ]
    )
    return Markup(rows)


def open_refund(tr: Translator, refund: StoredRefund) -> Markup:
    return refund_button(tr, refund.id)


def refund_button(tr: Translator, refund_id: int) -> Markup:
    return Markup(
        [[Button(tr("btn.open_refund", ref=f"R{refund_id}"), callback_data=f"rf:c:{refund_id}")]]
    )


def cancel_confirm(tr: Translator, refund: StoredRefund) -> Markup:
    return Markup(
        [
            [Button(tr("btn.refund_cancel_yes"), callback_data=f"rf:xy:{refund.id}")],
            [Button(tr("btn.back_to_refund"), callback_data=f"rf:c:{refund.id}")],
        ]
    )


def history_back(tr: Translator, refund: StoredRefund) -> Markup:
    return Markup([[Button(tr("btn.back_to_refund"), callback_data=f"rf:c:{refund.id}")]])


def refund_list(tr: Translator, buttons: list[tuple[str, int]], page: int, more: bool) -> Markup:
    rows = [[Button(label[:60], callback_data=f"rf:c:{refund_id}")] for label, refund_id in buttons]
    paging = []
    if page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"rf:l:{page - 1}"))
    if more:
        paging.append(Button(tr("btn.next"), callback_data=f"rf:l:{page + 1}"))
    if paging:
        rows.append(paging)
    return Markup(rows)


def approval_card(tr: Translator, refund_id: int) -> Markup:
    return Markup(
        [
            [
                Button(tr("btn.approve"), callback_data=f"ra:y:{refund_id}"),
                Button(tr("btn.reject"), callback_data=f"ra:n:{refund_id}"),
            ]
        ]
    )


def voucher_prompt(tr: Translator) -> Markup:
    return Markup([[Button(tr("btn.cancel"), callback_data="vc:cancel")]])
