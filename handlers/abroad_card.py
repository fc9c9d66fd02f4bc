"""The order card's shipping-abroad buttons (their handlers: handlers/abroad_actions.py).

Ship abroad (`sa:s:<id>`, handlers/ship_abroad.py) is offered on a submitted Taobao order not
booked yet, before the goods reached the buyer. Operators (ORDERBOT_ADMINS) change the
pre-warehouse before shipment; once booked and shipped, "Send domestic tracking" tells the
forwarder which parcels bring the goods to its warehouse.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button

from bot.domain.status import BuyerStatus
from bot.i18n import Translator
from storage.abroad import OrderAbroad
from storage.orders import StoredOrder

# Before the goods have reached the buyer: later there is nothing left to ship abroad.
SHIPPABLE = frozenset(
    {
        BuyerStatus.AWAITING_PAYMENT,
        BuyerStatus.PAYMENT_REVIEW,
        BuyerStatus.AWAITING_SHIPMENT,
        BuyerStatus.SHIPPED,
    }
)
BEFORE_SHIPMENT = SHIPPABLE - {BuyerStatus.SHIPPED}
AFTER_SHIPMENT = frozenset({BuyerStatus.SHIPPED, BuyerStatus.RECEIVED, BuyerStatus.COMPLETED})


def order_status(order: StoredOrder) -> BuyerStatus:
    return BuyerStatus(order.status or BuyerStatus.UNKNOWN)


def can_ship_abroad(order: StoredOrder, booked: bool) -> bool:
    return order.state == "submitted" and not booked and order_status(order) in SHIPPABLE


def rows(
    tr: Translator, order: StoredOrder, state: OrderAbroad | None, *, books: bool, operator: bool
) -> list[list[Button]]:
    """The card's shipping-abroad buttons for this order and viewer."""
    if order.state != "submitted" or not books:
        return []
    booked = bool(state and state.booked)
    row = []
    if can_ship_abroad(order, booked):
        row.append(Button(tr("btn.ship_abroad"), callback_data=f"sa:s:{order.id}"))
    if operator and order_status(order) in BEFORE_SHIPMENT:
        row.append(Button(tr("btn.pre_warehouse"), callback_data=f"wh:a:{order.id}"))
    if booked and order_status(order) in AFTER_SHIPMENT:
        row.append(Button(tr("btn.send_domestic"), callback_data=f"fx:d:{order.id}"))
    return [row] if row else []
