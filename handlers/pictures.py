"""A picture a member sent (a photo, or an image file sent as a document), downloaded from
Telegram (getFile) and checked (bot/evidence.py): what goes to the platform."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, filters

from bot.evidence import MAX_INPUT_BYTES, EvidenceError, evidence_jpeg
from handlers.common import say, translator

log = logging.getLogger(__name__)

PICTURE = filters.PHOTO | filters.Document.ALL


class DownloadFailed(Exception):
    """Telegram did not hand the file over (too old, too big for bots, a network problem)."""


async def picture_of(message: Message) -> bytes:
    """The sent picture as a checked JPEG; EvidenceError (not a picture, too big, too small)
    or DownloadFailed."""
    if message.photo:
        # The largest size Telegram keeps: what the member saw (photos are at most 10 MB).
        attachment = max(message.photo, key=lambda size: size.width * size.height)
    elif message.document is not None:
        attachment = message.document
    else:
        raise EvidenceError("not_image")
    if (attachment.file_size or 0) > MAX_INPUT_BYTES:
        raise EvidenceError("too_big")
    try:
        file = await attachment.get_file()
        content = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.info("could not download %s: %s", attachment.file_id, exc)
        raise DownloadFailed(str(exc)) from exc
    return evidence_jpeg(content)


async def picture_or_say(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bytes | None:
    """The member's picture, checked; None (and the member told why) when it is no picture,
    too big or too small, or Telegram would not hand it over."""
    tr = translator(update, context)
    try:
        return await picture_of(update.effective_message)
    except EvidenceError as exc:
        await say(update, context, tr(f"refund.err.photo.{exc.problem}"))
    except DownloadFailed:
        await say(update, context, tr("refund.err.photo.download"))
    return None
