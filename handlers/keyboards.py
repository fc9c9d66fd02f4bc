"""Every inline keyboard, built in one place. callback_data stays compact ASCII (≤ 64 bytes).

Scheme: `n:<action>[:<arg>]` for the new-order flow, `lang:<code>` for /language,
`ab:<action>:<id>` for the address book.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup

from bot.domain.draft import ORDER_SOURCES
from bot.domain.money import format_fen
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.products import ProductView

SKUS_PER_PAGE = 8
MAX_CALLBACK_BYTES = 64


def _nav(tr: Translator, *, back: bool = True) -> list[Button]:
    row = []
    if back:
        row.append(Button(tr("btn.back"), callback_data="n:back"))
    row.append(Button(tr("btn.cancel"), callback_data="n:cancel"))
    return row


def platform_choice(tr: Translator, action: str = "plat") -> Markup:
    return Markup(
        [
            [
                Button(tr("btn.taobao"), callback_data=f"n:{action}:taobao"),
                Button(tr("btn.1688"), callback_data=f"n:{action}:1688"),
            ],
            _nav(tr, back=action != "plat"),
        ]
    )


def item_prompt(tr: Translator, *, has_lines: bool) -> Markup:
    rows = []
    if has_lines:
        rows.append([Button(tr("btn.show_cart"), callback_data="n:cart")])
    rows.append(_nav(tr))
    return Markup(rows)


def sku_choice(tr: Translator, product: ProductView, page: int) -> Markup:
    start = page * SKUS_PER_PAGE
    rows = []
    for index, sku in enumerate(product.skus[start : start + SKUS_PER_PAGE], start=start):
        # the price of the smallest order allowed: a better tier needs a larger quantity
        price = format_fen(product.price_at_minimum(sku))
        if sku.original_price_fen is not None:
            price = tr(
                "label.promo_price", price=price, original=format_fen(sku.original_price_fen)
            )
        label = f"{sku.label} · {price}"
        if not sku.in_stock:
            label = f"{sku.label} · {tr('label.sold_out')}"
        rows.append([Button(label[:60], callback_data=f"n:sku:{index}")])
    paging = []
    if page > 0:
        paging.append(Button(tr("btn.prev"), callback_data=f"n:skp:{page - 1}"))
    if start + SKUS_PER_PAGE < len(product.skus):
        paging.append(Button(tr("btn.next"), callback_data=f"n:skp:{page + 1}"))
    if paging:
        rows.append(paging)
    rows.append(_nav(tr))
    return Markup(rows)


def quantity_choice(tr: Translator, suggestions: list[int]) -> Markup:
    row = [Button(str(q), callback_data=f"n:qty:{q}") for q in suggestions]
    return Markup([row, _nav(tr)] if row else [_nav(tr)])


def cart(tr: Translator, line_count: int) -> Markup:
    rows = [
        [Button(tr("btn.add_item"), callback_data="n:add")],
    ]
    if line_count:
        rows.append([Button(tr("btn.remove_line"), callback_data="n:rmask")])
        rows.append([Button(tr("btn.to_address"), callback_data="n:done")])
    rows.append([Button(tr("btn.cancel"), callback_data="n:cancel")])
    return Markup(rows)


def remove_line_choice(tr: Translator, labels: list[str]) -> Markup:
    rows = [
        [Button(f"🗑 {index + 1}. {label}"[:60], callback_data=f"n:rm:{index}")]
        for index, label in enumerate(labels)
    ]
    rows.append([Button(tr("btn.back"), callback_data="n:cart")])
    return Markup(rows)


def address_choice(tr: Translator, saved: list[tuple[int, str]]) -> Markup:
    rows = [[Button(f"📍 {label}"[:60], callback_data=f"n:adr:{aid}")] for aid, label in saved]
    rows.append([Button(tr("btn.address_steps"), callback_data="n:adr:new")])
    rows.append([Button(tr("btn.address_paste"), callback_data="n:adr:paste")])
    rows.append(_nav(tr))
    return Markup(rows)


def address_field(tr: Translator, field: str, *, can_skip: bool) -> Markup:
    rows = []
    if field == "country":
        rows.append([Button(tr("btn.country_china"), callback_data="n:cty:CN")])
    if can_skip:
        rows.append([Button(tr("btn.skip"), callback_data="n:skipf")])
    rows.append(_nav(tr))
    return Markup(rows)


def address_confirm(tr: Translator, *, can_save: bool) -> Markup:
    rows = [[Button(tr("btn.address_use"), callback_data="n:adr:ok")]]
    if can_save:
        rows.append([Button(tr("btn.address_use_save"), callback_data="n:adr:save")])
    rows.append([Button(tr("btn.address_edit"), callback_data="n:adr:new")])
    rows.append(_nav(tr))
    return Markup(rows)


def budget(tr: Translator, total_fen: int) -> Markup:
    return Markup(
        [
            [
                Button(
                    tr("btn.budget_use_total", total=format_fen(total_fen)), callback_data="n:bud"
                )
            ],
            _nav(tr),
        ]
    )


def order_source(tr: Translator) -> Markup:
    buttons = [Button(tr(f"src.{name}"), callback_data=f"n:src:{name}") for name in ORDER_SOURCES]
    return Markup(
        [
            buttons[:2],
            buttons[2:],
            [Button(tr("btn.skip"), callback_data="n:src:-")],
            _nav(tr),
        ]
    )


def seller_order_number(tr: Translator) -> Markup:
    return Markup([[Button(tr("btn.son_auto"), callback_data="n:son")], _nav(tr)])


def preview(tr: Translator, *, can_confirm: bool, can_refresh: bool = False) -> Markup:
    rows = []
    if can_confirm:
        rows.append([Button(tr("btn.confirm"), callback_data="n:ok")])
    if can_refresh:
        rows.append([Button(tr("btn.refresh"), callback_data="n:e:refresh")])
    rows += [
        [
            Button(tr("btn.edit_items"), callback_data="n:e:items"),
            Button(tr("btn.edit_address"), callback_data="n:e:addr"),
        ],
        [Button(tr("btn.edit_budget"), callback_data="n:e:budget")],
        [Button(tr("btn.cancel"), callback_data="n:cancel")],
    ]
    return Markup(rows)


def resume_or_restart(tr: Translator) -> Markup:
    return Markup(
        [
            [Button(tr("btn.resume"), callback_data="n:resume")],
            [Button(tr("btn.restart"), callback_data="n:restart")],
        ]
    )


def languages() -> Markup:
    return Markup(
        [[Button(name, callback_data=f"lang:{code}")] for code, name in LANGUAGE_NAMES.items()]
    )


# --- group approval (`ap:<y|n>:<approval id>`; `n:toap:<group id>` on a private preview) ------


def approval_card(tr: Translator, approval_id: int) -> Markup:
    return Markup(
        [
            [
                Button(tr("btn.approve"), callback_data=f"ap:y:{approval_id}"),
                Button(tr("btn.reject"), callback_data=f"ap:n:{approval_id}"),
            ]
        ]
    )


def with_approval_targets(tr: Translator, markup: Markup, groups: list[tuple[int, str]]) -> Markup:
    """The preview's buttons plus "Send to <group> for approval", right under Confirm."""
    rows = [list(row) for row in markup.inline_keyboard]
    extra = [
        [Button(tr("btn.send_for_approval", title=title[:32]), callback_data=f"n:toap:{chat_id}")]
        for chat_id, title in groups
    ]
    at = 1 if rows and rows[0][0].callback_data == "n:ok" else 0
    return Markup(rows[:at] + extra + rows[at:])
