"""A member who goes quiet in the middle of an order: reminded once at half the conversation
timeout (ORDERBOT_CONVERSATION_TIMEOUT), and at the timeout the draft is put aside — kept, out of
the conversation, `/neworder` offers to continue it.

One job per member, moved on at each of their updates. PTB's own `conversation_timeout` made a
new job at every update and dropped the last one, each holding the whole update in a reference
cycle until a full garbage collection came for hundreds of them (a pause of tens of
milliseconds in someone's answer); moving one job along costs a fraction of making one.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler, Job

from bot.i18n import counted, t
from bot.rate_limiter import BACKGROUND
from handlers.common import deps, translator

log = logging.getLogger(__name__)

_REMINDERS = "draft:reminders"  # bot_data: {(chat, member): their Job}
_CONVERSATION = "draft:conversation"  # bot_data: the DraftConversation to end at the timeout
REMIND, PUT_ASIDE = "remind", "put aside"


class DraftConversation(ConversationHandler):
    """The new-order conversation, which a quiet member's job can end."""

    def end(self, chat_id: int, user_id: int) -> None:
        # PTB has no public way to end a conversation from outside a handler; this is what its
        # own timeout does.
        self._update_state(self.END, (chat_id, user_id))


def register(application, conversation: DraftConversation) -> None:
    application.bot_data[_CONVERSATION] = conversation


@dataclass
class Quiet:
    """What a member's job does when it fires: remind, or put the draft aside."""

    lang: str
    stage: str = REMIND


def reminder_name(chat_id: int, user_id: int) -> str:
    return f"draft-reminder:{chat_id}:{user_id}"


async def arm_reminder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After each update from a member with a draft open: their job moves to half the timeout
    from now (a later handler group, so it sees the draft as the conversation left it)."""
    chat, user = update.effective_chat, update.effective_user
    job_queue = context.job_queue
    if chat is None or user is None or job_queue is None:
        return
    key = (chat.id, user.id)
    reminders: dict[tuple[int, int], Job] = context.application.bot_data.setdefault(_REMINDERS, {})
    job = reminders.pop(key, None)
    if deps(context).drafts.load(chat.id, user.id) is None:
        if job is not None and not job.removed:
            with contextlib.suppress(LookupError):  # it may have fired just now
                job.schedule_removal()
        return
    quiet = Quiet(translator(update, context).lang)
    half = _half_timeout(context)
    if job is not None and not job.removed:
        try:
            job.job.modify(next_run_time=datetime.now(UTC) + half)
            job.data = quiet
            reminders[key] = job
            return
        except LookupError:  # it has just fired: arm a new one
            pass
    reminders[key] = job_queue.run_once(
        _went_quiet,
        when=half,
        name=reminder_name(chat.id, user.id),
        chat_id=chat.id,
        user_id=user.id,
        data=quiet,
    )


async def _went_quiet(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    key = (job.chat_id, job.user_id)
    reminders = context.application.bot_data.setdefault(_REMINDERS, {})
    if reminders.get(key) is job:
        del reminders[key]
    d = deps(context)
    quiet: Quiet = job.data
    timeout_minutes = d.settings.conversation_timeout_seconds // 60
    if quiet.stage == REMIND:
        if d.drafts.load(*key) is None:
            return  # submitted or cancelled meanwhile
        text = t(
            quiet.lang,
            "note.reminder",
            minutes=counted(quiet.lang, "count.minutes", timeout_minutes // 2),
        )
        await context.bot.send_message(job.chat_id, text, rate_limit_args=BACKGROUND)
        if d.drafts.step(*key) is None:
            return  # put aside already: nothing to end
        reminders[key] = context.job_queue.run_once(
            _went_quiet,
            when=_half_timeout(context),
            name=job.name,
            chat_id=job.chat_id,
            user_id=job.user_id,
            data=Quiet(quiet.lang, PUT_ASIDE),
        )
        return
    if d.drafts.step(*key) is None:
        return  # submitted, cancelled or put aside meanwhile
    d.drafts.set_step(*key, None)
    conversation: DraftConversation | None = context.application.bot_data.get(_CONVERSATION)
    if conversation is not None:
        conversation.end(*key)
    text = t(
        quiet.lang, "note.timeout", minutes=counted(quiet.lang, "count.minutes", timeout_minutes)
    )
    await context.bot.send_message(job.chat_id, text, rate_limit_args=BACKGROUND)


def _half_timeout(context: ContextTypes.DEFAULT_TYPE) -> timedelta:
    return timedelta(seconds=deps(context).settings.conversation_timeout_seconds / 2)
