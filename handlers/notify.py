"""Telling chats about their orders: the Telegram side of bot.notifications.Notifier.

A notification goes to the chat that owns the order and, when that chat is a group, to the
requester privately as well (if they ever started the bot). Nobody is waiting for these at the
moment they are sent: they go in the rate limiter's background lane (bot/rate_limiter.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Bot
from telegram.error import BadRequest, Forbidden

from bot.config import Settings
from bot.domain.status import BuyerStatus
from bot.i18n import Html, Translator
from bot.order_actions import StatusChange
from bot.platform_calls import ActionOutcome
from bot.rate_limiter import BACKGROUND
from bot.refund_tracking import RefundChange
from handlers import order_card
from handlers.common import send_long
from handlers.order_card import status_label
from handlers.refunds_keyboards import refund_button
from handlers.refunds_notify import RefundNotifier
from handlers.render import money
from storage.orders import StoredOrder
from storage.preferences import PreferenceRepository

log = logging.getLogger(__name__)


class TelegramNotifier:
    def __init__(
        self,
        bot: Bot,
        settings: Settings,
        preferences: PreferenceRepository,
        refunds: RefundNotifier | None = None,
    ) -> None:
        self.bot = bot
        self.settings = settings
        self.preferences = preferences
        self.refunds = refunds  # refund requests are told by handlers/refunds_notify.py

    def _tr(self, order: StoredOrder) -> Translator:
        lang = self.preferences.language(order.requester_id) or self.settings.default_language
        return Translator(lang)

    async def _send(self, order: StoredOrder, text: str, markup=None) -> None:
        recipients = [order.chat_id]
        if order.chat_id < 0 and order.requester_id not in recipients:
            recipients.append(order.requester_id)
        for chat_id in recipients:
            try:
                await send_long(
                    self.bot, chat_id, text, reply_markup=markup, rate_limit_args=BACKGROUND
                )
            except (Forbidden, BadRequest) as exc:  # blocked, never started, chat gone
                log.info(
                    "order %s: could not notify chat %s: %s",
                    order.seller_order_number,
                    chat_id,
                    exc.message,
                )

    async def status_changed(self, change: StatusChange) -> None:
        order = change.order
        tr = self._tr(order)
        now = order_card_order(order, change)
        text = tr(
            "notify.status",
            ref=order.ref,
            seller_no=order.seller_order_number,
            status=Html(status_label(tr, now)),
        )
        await self._send(order, text, order_card.open_order(tr, order))

    async def price_changed(self, order: StoredOrder, old_fen: int, new_fen: int) -> None:
        tr = self._tr(order)
        awaiting = order.status == BuyerStatus.AWAITING_PAYMENT
        key = "notify.price" if awaiting else "notify.price_info"
        text = tr(key, ref=order.ref, old=money(tr, old_fen), new=money(tr, new_fen))
        markup = (
            order_card.price_choice(tr, order) if awaiting else order_card.open_order(tr, order)
        )
        await self._send(order, text, markup)

    async def refunded(self, order: StoredOrder, refund_fen: int | None) -> None:
        tr = self._tr(order)
        if refund_fen:
            text = tr("notify.refund", ref=order.ref, amount=money(tr, refund_fen))
        else:
            text = tr("notify.refund_unknown", ref=order.ref)
        await self._send(order, text, order_card.open_order(tr, order))

    async def selection_settled(self, outcome: ActionOutcome) -> None:
        """A bulk payment whose answer was lost is settled: tell the chat that made it."""
        record = outcome.record
        if record.chat_id is None:
            return
        lang = (
            self.preferences.language(record.requester_id) if record.requester_id else None
        ) or self.settings.default_language
        tr = Translator(lang)
        answers = (outcome.result or {}).get("answers", [])
        paid = sum(1 for a in answers if a.get("paid"))
        count = len(record.payload.get("order_ids", []))
        text = tr(
            f"action.{outcome.kind}.{outcome.state}",
            paid=paid,
            orders=tr.count("count.orders", count),
        )
        try:
            await send_long(self.bot, record.chat_id, text)
        except (Forbidden, BadRequest) as exc:
            log.info("%s: could not tell chat %s: %s", record.idempotency_key, record.chat_id, exc)

    async def action_settled(self, order: StoredOrder, outcome: ActionOutcome) -> None:
        tr = self._tr(order)
        text = tr(f"action.{outcome.kind}.{outcome.state}", ref=order.ref)
        markup = order_card.open_order(tr, order)
        refund_id = outcome.record.payload.get("refund")  # a refund request's call
        if isinstance(refund_id, int):
            markup = refund_button(tr, refund_id)
        await self._send(order, text, markup)

    async def refund_changed(self, change: RefundChange) -> None:
        if self.refunds is not None:
            await self.refunds.refund_changed(change)


def order_card_order(order: StoredOrder, change: StatusChange) -> StoredOrder:
    """The order as it is after the change (the change carries it as it was before)."""
    return replace(order, status=change.new.value, raw_status=change.raw)
