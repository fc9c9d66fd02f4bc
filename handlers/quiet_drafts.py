"""A member who goes quiet in the middle of an order: reminded once at half the conversation
timeout (ORDERBOT_CONVERSATION_TIMEOUT), and at the timeout the draft is put aside — kept, out of
the conversation, `/neworder` offers to continue it.

One job per member. PTB's own `conversation_timeout` made a new job at every update and dropped
the last one, each holding the whole update in a reference cycle until a full garbage
collection came for hundreds of them (a pause of tens of milliseconds in someone's answer).
Here each update only moves the member's deadline (`Quiet.due`); the job keeps the time it was
set for, and when it fires before the deadline it sets itself for the deadline instead. A member
who keeps answering costs one scheduler call per half timeout, not one per update (each call
wakes the scheduler's loop).
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler, Job

from bot.i18n import counted, t
from bot.rate_limiter import BACKGROUND
from handlers.common import deps, translator

log = logging.getLogger(__name__)

_REMINDERS = "draft:reminders"  # bot_data: {(chat, member): their Job}
_CONVERSATION = "draft:conversation"  # bot_data: the DraftConversation to end at the timeout
REMIND, PUT_ASIDE = "remind", "put aside"
ON_TIME_SECONDS = 1.0  # a job this close to the member's deadline does not wait for the rest


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
    due: float = 0.0  # time.monotonic() at which the member counts as quiet


def reminder_name(chat_id: int, user_id: int) -> str:
    return f"draft-reminder:{chat_id}:{user_id}"


async def arm_reminder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After each update from a member with a draft in the conversation: they count as quiet
    half the timeout from now (a later handler group, so it sees the draft as the conversation
    left it). A draft put aside, or none, has no job."""
    chat, user = update.effective_chat, update.effective_user
    job_queue = context.job_queue
    if chat is None or user is None or job_queue is None:
        return
    key = (chat.id, user.id)
    reminders: dict[tuple[int, int], Job] = context.application.bot_data.setdefault(_REMINDERS, {})
    job = reminders.pop(key, None)
    if deps(context).drafts.step(chat.id, user.id) is None:
        if job is not None and not job.removed:
            with contextlib.suppress(LookupError):  # it may have fired just now
                job.schedule_removal()
        return
    half = _half_timeout(context)
    # A new quiet spell starts with a reminder again.
    quiet = Quiet(translator(update, context).lang, due=time.monotonic() + half.total_seconds())
    if job is not None and not job.removed:
        job.data = quiet  # it fires when it was set for, then moves on to `due` (see above)
        reminders[key] = job
        return
    reminders[key] = _arm(context, chat.id, user.id, half, quiet)


def _arm(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, when: timedelta, quiet: Quiet
) -> Job:
    return context.job_queue.run_once(
        _went_quiet,
        when=when,
        name=reminder_name(chat_id, user_id),
        chat_id=chat_id,
        user_id=user_id,
        data=quiet,
    )


async def _went_quiet(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    key = (job.chat_id, job.user_id)
    reminders = context.application.bot_data.setdefault(_REMINDERS, {})
    if reminders.get(key) is not job:
        return  # not the member's job any more (one set while this one's reminder went out)
    del reminders[key]
    quiet: Quiet = job.data
    early = quiet.due - time.monotonic()
    if early > ON_TIME_SECONDS:  # the member answered since the job was set
        reminders[key] = _arm(context, *key, timedelta(seconds=early), quiet)
        return
    d = deps(context)
    timeout_minutes = d.settings.conversation_timeout_seconds // 60
    if quiet.stage == REMIND:
        if d.drafts.step(*key) is None:
            return  # submitted, cancelled or put aside meanwhile
        text = t(
            quiet.lang,
            "note.reminder",
            minutes=counted(quiet.lang, "count.minutes", timeout_minutes // 2),
        )
        await context.bot.send_message(job.chat_id, text, rate_limit_args=BACKGROUND)
        if key in reminders or d.drafts.step(*key) is None:
            return  # they answered while it went out (a new spell, a job of its own), or left
        half = _half_timeout(context)
        put_aside = Quiet(quiet.lang, PUT_ASIDE, due=time.monotonic() + half.total_seconds())
        reminders[key] = _arm(context, *key, half, put_aside)
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
