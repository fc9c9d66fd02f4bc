"""Spreadsheet orders after the check: the job, its approval, and its submission in the
background, a bounded number of creates at a time, resumable after a restart.

Each order of the sheet goes through the same idempotent paths as the chat's: OrderService for
one order, BatchService for a 1688 order across sellers. Its key (bot.domain.sheet_rows) is
stored with the job before any create; an order already on record under that key (the same
rows sent before) is reported "already placed", never created again. A `Reporter` (the Telegram
side) shows the progress and sends the result sheet.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Protocol

from bot.batches import BatchService
from bot.bulk_check import CheckedSheet
from bot.domain.draft import Draft
from bot.domain.receiver import Receiver
from bot.service import OrderService, SubmitOutcome
from storage.bulk_jobs import (
    JOB_PENDING_APPROVAL,
    JOB_QUEUED,
    JOB_REJECTED,
    JOB_RUNNING,
    ROW_ALREADY_PLACED,
    ROW_CHECKING,
    ROW_PLACED,
    ROW_REFUSED,
    BulkJob,
    BulkJobRepository,
    BulkOrder,
    NewBulkRow,
    RowResult,
)
from storage.orders import StoredOrder

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 10.0  # creates in flight at a stop are let finish for this long


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    refused: int
    checking: int
    finished: bool = False


class Reporter(Protocol):
    def progress_interval(self, job: BulkJob) -> float:
        """Seconds between two progress messages of the job (Telegram's edit limits)."""

    async def progress(self, job: BulkJob, progress: Progress) -> None: ...

    async def finished(self, job: BulkJob, progress: Progress) -> None: ...


class BulkOrders:
    def __init__(
        self,
        service: OrderService,
        batches: BatchService,
        jobs: BulkJobRepository,
        *,
        concurrency: int,
    ) -> None:
        self.service = service
        self.batches = batches
        self.jobs = jobs
        self.concurrency = concurrency
        self.reporter: Reporter | None = None
        self._tasks: dict[int, asyncio.Task] = {}
        self._stopping = asyncio.Event()

    # --- the job ----------------------------------------------------------------------------

    def create_job(
        self,
        sheet: CheckedSheet,
        *,
        chat_id: int,
        requester_id: int,
        requester_name: str | None,
        file_name: str,
        file_format: str,
        needs_approval: bool,
    ) -> BulkJob:
        """Store the job with every order's key and draft and every row, before any call."""
        rows = []
        where: dict[int, tuple[str, int]] = {}
        for order in sheet.orders:
            for index, row_no in enumerate(order.row_nos, start=1):
                where[row_no] = (order.key, index)
        for row in sheet.rows:
            key, line_no = where.get(row.row_no, (None, None))
            reason = None if key else "skipped"
            rows.append(NewBulkRow(row.row_no, row.cells, key, line_no, reason))
        return self.jobs.create(
            chat_id=chat_id,
            requester_id=requester_id,
            requester_name=requester_name,
            file_name=file_name,
            file_format=file_format,
            header=sheet.header,
            state=JOB_PENDING_APPROVAL if needs_approval else JOB_QUEUED,
            total_fen=sheet.total_fen,
            orders=[(o.key, o.draft.model_dump_json(), o.postage_by_seller) for o in sheet.orders],
            rows=rows,
        )

    def create_draft_job(
        self,
        draft: Draft,
        postage_by_seller: dict[str, int],
        *,
        chat_id: int,
        requester_id: int,
        requester_name: str | None,
        needs_approval: bool,
    ) -> BulkJob:
        """A group's 1688 draft across sellers: approved as a whole like a sheet, then placed
        by one batch create (the job has one order; a row per draft line, no result file)."""
        rows = [
            NewBulkRow(
                n, [line.title, line.sku_label, str(line.quantity)], draft.seller_order_number, n
            )
            for n, line in enumerate(draft.lines, start=1)
        ]
        return self.jobs.create(
            chat_id=chat_id,
            requester_id=requester_id,
            requester_name=requester_name,
            file_name="draft",
            file_format="draft",
            header=["item", "sku", "quantity"],
            state=JOB_PENDING_APPROVAL if needs_approval else JOB_QUEUED,
            total_fen=draft.total_fen,
            orders=[(draft.seller_order_number or "", draft.model_dump_json(), postage_by_seller)],
            rows=rows,
        )

    def approve(self, job_id: int, actor_id: int | None, actor_name: str | None) -> bool:
        return self.jobs.decide(job_id, JOB_QUEUED, actor_id, actor_name)

    def reject(self, job_id: int, actor_id: int, actor_name: str) -> bool:
        return self.jobs.decide(job_id, JOB_REJECTED, actor_id, actor_name)

    def placed_orders(self, job_id: int) -> list[StoredOrder]:
        orders = (self.service.orders.get(i) for i in self.jobs.placed_order_ids(job_id))
        return [order for order in orders if order is not None]

    def progress_of(self, job_id: int) -> Progress:
        counts = self.jobs.counts(job_id)
        total = sum(n for state, n in counts.items() if state != "skipped")
        queued = counts.get("queued", 0)
        return Progress(
            done=total - queued,
            total=total,
            refused=counts.get(ROW_REFUSED, 0),
            checking=counts.get(ROW_CHECKING, 0),
        )

    # --- running in the background ----------------------------------------------------------

    def start(self, job_id: int) -> None:
        """Submit the job's orders in the background (once per job at a time)."""
        if job_id in self._tasks and not self._tasks[job_id].done():
            return
        self._stopping.clear()
        task = asyncio.get_running_loop().create_task(self._run(job_id), name=f"bulk-job-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda done: self._ended(job_id, done))

    def _ended(self, job_id: int, task: asyncio.Task) -> None:
        self._tasks.pop(job_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("bulk job %d stopped by an error", job_id, exc_info=task.exception())

    def resume_unfinished(self) -> list[int]:
        """At start-up: every job confirmed (or approved) and not finished goes on."""
        resumed = []
        for job in self.jobs.unfinished():
            log.info("bulk job %d: resuming (%s)", job.id, job.state)
            self.start(job.id)
            resumed.append(job.id)
        return resumed

    async def stop(self) -> None:
        """No new creates; those in flight may finish for a while, then are cut off (a
        restart reconciles them by their keys)."""
        self._stopping.set()
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait(self, job_id: int) -> None:
        task = self._tasks.get(job_id)
        if task is not None:
            await task

    async def _run(self, job_id: int) -> None:
        job = self.jobs.get(job_id)
        if job is None or job.state not in (JOB_QUEUED, JOB_RUNNING):
            return
        self.jobs.set_state(job_id, JOB_RUNNING)
        job = self.jobs.get(job_id) or job
        gate = asyncio.Semaphore(self.concurrency)

        async def one(order: BulkOrder) -> None:
            async with gate:
                if self._stopping.is_set():
                    return
                try:
                    await self._submit(job, order)
                except Exception:  # one order's crash must not stop the others
                    log.exception("bulk job %d: order %s failed", job.id, order.order_key)

        submitted = asyncio.Event()
        progress = asyncio.create_task(self._show_progress(job, submitted))
        try:
            orders = self.jobs.orders(job_id, pending_only=True)
            await asyncio.gather(*(one(order) for order in orders))
        except BaseException:
            progress.cancel()
            await asyncio.wait([progress])
            raise
        finally:
            submitted.set()
        await progress  # its last message goes before the one that says the job is done
        if self._stopping.is_set():
            log.info("bulk job %d: stopped; resumes at the next start", job_id)
            return
        self.jobs.finish(job_id)
        if self.reporter is not None:
            await self._report(job, self.progress_of(job_id), finished=True)

    async def _show_progress(self, job: BulkJob, submitted: asyncio.Event) -> None:
        """The progress message while the orders are submitted, at the reporter's pace. It
        runs beside the submission: a create never waits for a Telegram message."""
        if self.reporter is None:
            return
        shown: Progress | None = None
        try:
            while not submitted.is_set():
                progress = self.progress_of(job.id)
                if progress != shown:
                    shown = progress
                    await self._report(job, progress)
                interval = self.reporter.progress_interval(job)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(submitted.wait(), interval)
        except Exception:  # telling the chat must never stop the submission
            log.exception("bulk job %d: progress no longer shown", job.id)

    async def _report(self, job: BulkJob, progress: Progress, *, finished: bool = False) -> None:
        assert self.reporter is not None
        try:
            job = self.jobs.get(job.id) or job  # its progress message may be new since
            if finished:
                await self.reporter.finished(job, progress)
            else:
                await self.reporter.progress(job, progress)
        except Exception:  # telling the chat must never stop the submission
            log.exception("bulk job %d: progress not shown", job.id)

    async def _submit(self, job: BulkJob, order: BulkOrder) -> None:
        draft = _stored_draft(order.draft)
        across_sellers = draft.platform == "1688" and not draft.is_single_seller
        earlier = self._placed_before(job, order.order_key, across_sellers=across_sellers)
        if across_sellers:
            outcome = await self.batches.submit(
                draft,
                chat_id=job.chat_id,
                requester_id=job.requester_id,
                postage_by_seller=order.postage,
            )
            by_seller = {s.seller_id: s.outcome for s in outcome.sellers}
            results = []
            for line_no, line in enumerate(draft.lines, start=1):
                seller_outcome = by_seller.get(line.seller_id or "")
                results.append(
                    _row_result(line_no, seller_outcome, earlier, _line_no_in(draft, line_no))
                )
            done = not outcome.any_open
        else:
            single = await self.service.submit(
                draft, chat_id=job.chat_id, requester_id=job.requester_id
            )
            results = [
                _row_result(line_no, single, earlier, line_no)
                for line_no in range(1, len(draft.lines) + 1)
            ]
            done = single.kind != "unknown"
        self.jobs.record_order(job.id, order.order_key, results, done=done)

    def _placed_before(self, job: BulkJob, key: str, *, across_sellers: bool) -> bool:
        """An order (a batch, across sellers) under this key was stored before the job: the
        same rows were sent before."""
        if across_sellers:
            stored = self.batches.batches.by_key(key)
        else:
            stored = self.service.orders.by_seller_order_number(key)
        return stored is not None and stored.created_at < job.created_at


def _stored_draft(text: str) -> Draft:
    """The draft stored with the job; its receiver was validated when the sheet was checked
    and is read back as is (parsing every row's phone number again costs more than the
    create's own work)."""
    data = json.loads(text)
    receiver = data.pop("receiver", None)
    draft = Draft.model_validate(data)
    draft.receiver = None if receiver is None else Receiver.model_construct(**receiver)
    return draft


def _line_no_in(draft: Draft, line_no: int) -> int:
    """A line's number inside its seller's order (the batch stores one order per seller)."""
    seller = draft.lines[line_no - 1].seller_id
    same = [i for i, line in enumerate(draft.lines, start=1) if line.seller_id == seller]
    return same.index(line_no) + 1


def _row_result(
    line_no: int, outcome: SubmitOutcome | None, earlier: bool, order_line_no: int
) -> RowResult:
    """What one row shows: its order's number, or why it was refused, or "checking"."""
    if outcome is None:
        return RowResult(line_no, ROW_REFUSED, reason="no answer for this seller")
    if outcome.kind == "submitted":
        line = next((r for r in outcome.lines if r.line_no == order_line_no), None)
        if line is not None and not line.ok:
            reason = line.error_message or line.error_code or "refused"
            return RowResult(
                line_no, ROW_REFUSED, outcome.order_id, outcome.platform_order_no, reason
            )
        state = ROW_ALREADY_PLACED if earlier else ROW_PLACED
        return RowResult(line_no, state, outcome.order_id, outcome.platform_order_no)
    if outcome.kind == "unknown":
        return RowResult(line_no, ROW_CHECKING, outcome.order_id, reason="checking")
    line = next((r for r in outcome.lines if r.line_no == order_line_no and not r.ok), None)
    reason = (line.error_message or line.error_code) if line else None
    return RowResult(
        line_no, ROW_REFUSED, outcome.order_id, reason=reason or outcome.reason or "refused"
    )
