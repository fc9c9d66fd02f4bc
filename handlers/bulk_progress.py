"""A spreadsheet job on Telegram while it runs: one progress message edited live, within
Telegram's limits (at most one edit per `ORDERBOT_BULK_PROGRESS_INTERVAL` in a private chat,
and no more than ~10 a minute in a group, whose bot budget is 20 messages a minute), then the
result sheet — one row per input row — as a document.

Nobody waits for these messages: every one of them goes through `send_background`, so the
rate limiter can treat them as background traffic in one place.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, InputFile
from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup as Markup
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.bulk import BulkOrders, Progress
from bot.bulk_pay import payable
from bot.config import Settings
from bot.i18n import Translator
from bot.sheet_files import CSV_MIME, XLSX_MIME, write_sheet
from bot.telegram_bot import not_modified
from storage.bulk_jobs import BulkJob
from storage.preferences import PreferenceRepository

log = logging.getLogger(__name__)

GROUP_MIN_INTERVAL_SECONDS = 6.0
RESULT_COLUMNS = ("result: order", "result: platform order no.", "result: state", "result: reason")


async def send_background(bot: Bot, method: str, **kwargs: Any) -> Any:
    """Every message of a running job (progress edits, the result sheet) goes out here."""
    return await getattr(bot, method)(**kwargs)


class TelegramBulkReporter:
    def __init__(
        self, bot: Bot, settings: Settings, preferences: PreferenceRepository, bulk: BulkOrders
    ) -> None:
        self.bot = bot
        self.settings = settings
        self.preferences = preferences
        self.bulk = bulk

    def _tr(self, job: BulkJob) -> Translator:
        return Translator(
            self.preferences.language(job.requester_id) or self.settings.default_language
        )

    def progress_interval(self, job: BulkJob) -> float:
        interval = self.settings.bulk_progress_interval_seconds
        return max(interval, GROUP_MIN_INTERVAL_SECONDS) if job.chat_id < 0 else interval

    async def progress(self, job: BulkJob, progress: Progress) -> None:
        tr = self._tr(job)
        await self._show(
            job,
            tr(
                "bulk.progress",
                ref=job.ref,
                done=progress.done,
                total=progress.total,
                refused=progress.refused,
            ),
            None,
        )

    async def finished(self, job: BulkJob, progress: Progress) -> None:
        tr = self._tr(job)
        rows = self.bulk.jobs.rows(job.id)
        placed = sum(1 for r in rows if r.state == "placed")
        before = sum(1 for r in rows if r.state == "already_placed")
        skipped = sum(1 for r in rows if r.state == "skipped")
        text = tr(
            "bulk.finished",
            ref=job.ref,
            placed=tr.count("count.rows", placed),
            before=before,
            refused=progress.refused,
            checking=progress.checking,
            skipped=skipped,
            rows=tr.count("count.rows", len(rows)),
        )
        unpaid = [o for o in self.bulk.placed_orders(job.id) if payable(o)]
        markup = None
        if unpaid:
            markup = Markup(
                [[Button(tr("btn.pay_all", count=len(unpaid)), callback_data=f"bp:j:{job.id}")]]
            )
        await self._show(job, text, markup)
        if job.file_format != "draft":  # a group's draft across sellers has no sheet
            await self._send_result(job, tr, rows)

    async def _show(self, job: BulkJob, text: str, markup: Markup | None) -> None:
        """Edit the job's progress message (a new one the first time)."""
        if job.progress_message_id is not None:
            try:
                await send_background(
                    self.bot,
                    "edit_message_text",
                    text=text,
                    chat_id=job.chat_id,
                    message_id=job.progress_message_id,
                    reply_markup=markup,
                )
                return
            except BadRequest as exc:
                if not_modified(exc):
                    return
                log.info("bulk job %d: progress message not edited (%s); a new one", job.id, exc)
        try:
            message = await send_background(
                self.bot, "send_message", chat_id=job.chat_id, text=text, reply_markup=markup
            )
        except (Forbidden, BadRequest) as exc:
            log.warning("bulk job %d: cannot tell chat %d: %s", job.id, job.chat_id, exc)
            return
        self.bulk.jobs.set_progress_message(job.id, message.message_id)

    async def _send_result(self, job: BulkJob, tr: Translator, rows) -> None:
        header = [*job.header, *(tr(f"bulk.col.{n}") for n in range(len(RESULT_COLUMNS)))]
        width = len(job.header)
        body = []
        for row in rows:
            cells = (list(row.cells) + [""] * width)[:width]
            state = tr(f"bulk.state.{row.state}")
            ref = f"#{row.order_id}" if row.order_id else ""
            body.append([*cells, ref, row.order_no or "", state, row.reason or ""])
        content = write_sheet(header, body, job.file_format)
        stem = job.file_name.rsplit(".", 1)[0]
        name = f"{stem}-result.{job.file_format}"
        mime = XLSX_MIME if job.file_format == "xlsx" else CSV_MIME
        try:
            await send_background(
                self.bot,
                "send_document",
                chat_id=job.chat_id,
                document=InputFile(content, filename=name, attach=True),
                caption=tr("bulk.result_caption", ref=job.ref),
                reply_to_message_id=job.progress_message_id,
                allow_sending_without_reply=True,
            )
        except TelegramError as exc:
            log.warning("bulk job %d: result sheet not sent: %s (%s)", job.id, exc, mime)
