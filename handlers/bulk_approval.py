"""A spreadsheet order in a team group is approved as a whole: the member's preview becomes an
approval card (rows, orders, total); an approver's ✅ starts the submission in the background
(the card then shows its live progress), ❌ rejects it. Who may decide is the group approval
rule (bot.approvals.ApprovalService.decider_refusal); the first decision wins (a conditional
UPDATE in storage/bulk_jobs.py). Callback data `bk:y:<job id>` / `bk:n:<job id>`.
"""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.i18n import Translator
from handlers import callback_data as cd
from handlers.access import requires_access
from handlers.approval import ADMIN_STATUSES
from handlers.approval_cards import actor_of
from handlers.common import answer, deps, edit_text, translator
from handlers.render import money
from storage.bulk_jobs import JOB_PENDING_APPROVAL, BulkJob

log = logging.getLogger(__name__)

CARD_BUTTON = re.compile(rf"^bk:(y|n):({cd.ID})$")


def card_text(tr: Translator, job: BulkJob, orders: int, rows: int) -> str:
    return tr(
        "bulk.card",
        ref=job.ref,
        requester=job.requester_name or str(job.requester_id),
        file=job.file_name,
        orders=tr.count("count.orders", orders),
        rows=tr.count("count.rows", rows),
        total=money(tr, job.total_fen),
    )


async def post_card(context: ContextTypes.DEFAULT_TYPE, job: BulkJob, preview: Message) -> None:
    """The member's preview becomes the card (one message less in a busy group)."""
    d = deps(context)
    tr = Translator(d.preferences.language(job.requester_id) or d.settings.default_language)
    bulk = d.bulk
    orders = len(bulk.jobs.orders(job.id))
    rows = bulk.progress_of(job.id).total
    markup = Markup(
        [
            [
                Button(tr("btn.approve"), callback_data=f"bk:y:{job.id}"),
                Button(tr("btn.reject"), callback_data=f"bk:n:{job.id}"),
            ]
        ]
    )
    await edit_text(preview, card_text(tr, job, orders, rows), markup)
    bulk.jobs.set_card(job.id, preview.chat.id, preview.message_id)


@requires_access
async def on_card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = translator(update, context)
    match = CARD_BUTTON.match(update.callback_query.data or "")
    d = deps(context)
    job = d.bulk.jobs.get(int(match.group(2))) if match else None
    if job is None or job.chat_id != update.effective_chat.id:
        await answer(update, tr("err.menu_expired"))
        return
    if job.state != JOB_PENDING_APPROVAL:
        await answer(update, tr("bulk.answer.decided", name=job.decided_by_name or "—"))
        return
    actor = actor_of(update.effective_user)

    async def is_chat_admin() -> bool:
        try:
            member = await context.bot.get_chat_member(job.chat_id, actor.id)
        except TelegramError as exc:
            log.info("bulk job %d: admin check of %d failed: %s", job.id, actor.id, exc)
            return False
        return member.status in ADMIN_STATUSES

    refusal = await d.approvals.decider_refusal(job.requester_id, actor.id, is_chat_admin)
    if refusal is not None:
        await answer(update, tr(f"approval.answer.{refusal}"), alert=True)
        return
    message = update.callback_query.message
    if match.group(1) == "n":
        if not d.bulk.reject(job.id, actor.id, actor.name):
            await answer(update, tr("bulk.answer.decided", name="—"))
            return
        await answer(update)
        await edit_text(message, tr("bulk.card_rejected", ref=job.ref, name=actor.name))
        return
    if not d.bulk.approve(job.id, actor.id, actor.name):
        await answer(update, tr("bulk.answer.decided", name="—"))
        return
    await answer(update, tr("approval.answer.approving"))
    await edit_text(message, tr("bulk.card_approved", ref=job.ref, name=actor.name))
    d.bulk.jobs.set_progress_message(job.id, message.message_id)  # the card shows the progress
    d.bulk.start(job.id)


def build_bulk_approval_handlers() -> list:
    return [CallbackQueryHandler(on_card_button, pattern=CARD_BUTTON)]
