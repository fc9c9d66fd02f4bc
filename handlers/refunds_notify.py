"""Telling chats about their refund requests (the refund side of handlers/notify.py).

A request that moved (a callback, polling) is told once, as its card with the actions its status
allows, to the chat it was asked in and — for a group — to its requester privately. Every message
here that nobody is waiting for goes through `send_background`.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden

from bot.config import Settings
from bot.i18n import Html, Translator
from bot.refund_tracking import RefundChange
from bot.refunds import RefundService
from handlers import refunds_keyboards as kb
from handlers.common import send_long
from handlers.refunds_render import card_text, status_label
from storage.preferences import PreferenceRepository

log = logging.getLogger(__name__)


async def send_background(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """A message nobody is waiting for (the one place to mark such sends); False when the chat
    cannot be reached (blocked, never started, gone)."""
    try:
        await send_long(bot, chat_id, text, reply_markup=markup)
    except (Forbidden, BadRequest) as exc:
        log.info("could not tell chat %s: %s", chat_id, exc.message)
        return False
    return True


class RefundNotifier:
    def __init__(
        self,
        bot: Bot,
        settings: Settings,
        preferences: PreferenceRepository,
        refunds: RefundService,
    ) -> None:
        self.bot = bot
        self.settings = settings
        self.preferences = preferences
        self.refunds = refunds

    async def refund_changed(self, change: RefundChange) -> None:
        refund = change.refund
        order, line = self.refunds.goods(refund)
        lang = self.preferences.language(refund.requester_id) or self.settings.default_language
        tr = Translator(lang)
        header = tr("refund.notify", ref=refund.ref, status=Html(status_label(tr, refund)))
        text = f"{header}\n\n{card_text(tr, refund, order, line)}"
        markup = kb.refund_card(tr, refund)
        recipients = [refund.chat_id]
        if refund.chat_id < 0 and refund.requester_id not in recipients:
            recipients.append(refund.requester_id)
        for chat_id in recipients:
            await send_background(self.bot, chat_id, text, markup)
