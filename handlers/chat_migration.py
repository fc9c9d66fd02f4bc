"""A group upgraded to a supergroup gets a new chat id: move what the bot keeps to it.

Telegram says so twice: a service message (`migrate_to_chat_id`) in the old group, and
`ChatMigrated` when the bot sends to the old id. Both end in `move_chat`, which is idempotent.
The new id inherits the old one's place in ORDERBOT_ALLOWED_CHATS through the chat data
(persisted), so the team keeps working there before the operator edits the setting.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.error import ChatMigrated
from telegram.ext import Application, ContextTypes

from bot.approvals import MovedChat
from handlers.common import deps

log = logging.getLogger(__name__)

MIGRATED_FROM = "migrated_from"  # chat_data key of a supergroup: the group id it came from


def migrated_from(application: Application, chat_id: int) -> int | None:
    data = application.chat_data.get(chat_id)  # .get: never creates an entry
    return data.get(MIGRATED_FROM) if data else None


async def move_chat(
    context: ContextTypes.DEFAULT_TYPE, old_chat_id: int, new_chat_id: int
) -> MovedChat:
    """Orders, drafts, approvals and their cards, and PTB's chat data, to the new id."""
    application = context.application
    approvals = deps(context).approvals
    assert approvals is not None
    moved = approvals.migrate_chat(old_chat_id, new_chat_id)
    if deps(context).carts is not None:  # the group's cart lines stay the group's
        deps(context).carts.owners.move_chat(old_chat_id, new_chat_id)
    refunds = deps(context).refunds
    if refunds is not None:  # refund requests asked in the group, and their approval cards
        refunds.repo.migrate_chat(old_chat_id, new_chat_id)
    if migrated_from(application, new_chat_id) is None:
        # Only once: PTB's move replaces whatever the new id holds.
        application.migrate_chat_data(old_chat_id=old_chat_id, new_chat_id=new_chat_id)
        application.chat_data[new_chat_id][MIGRATED_FROM] = old_chat_id
        application.mark_data_for_update_persistence(chat_ids=new_chat_id)
        log.info("chat %d is now supergroup %d", old_chat_id, new_chat_id)
    return moved


async def send_following_migration(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, **kwargs: Any
) -> Message:
    """send_message that, for a group upgraded meanwhile, moves its data and sends there."""
    try:
        return await context.bot.send_message(chat_id, text, **kwargs)
    except ChatMigrated as exc:
        await move_chat(context, chat_id, exc.new_chat_id)
        kwargs.pop("reply_to_message_id", None)  # that message stayed in the old group
        return await context.bot.send_message(exc.new_chat_id, text, **kwargs)
