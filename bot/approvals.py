"""ApprovalService: group orders wait for an approver before they reach the platform.

The order is stored at request time in state `pending_approval`; approval submits exactly that
stored order (`OrderService.submit_stored`). Who may decide: `ORDERBOT_APPROVERS`, and the
group's administrators when `ORDERBOT_ADMINS_APPROVE` (asked of Telegram by the caller at press
time); the requester only with `ORDERBOT_ALLOW_SELF_APPROVAL`. Orders whose budget is at or below
`ORDERBOT_AUTO_APPROVE_FEN` are approved at once (and audited as such).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from bot.config import Settings
from bot.domain.draft import Draft
from bot.service import OrderService, SubmitOutcome, draft_to_records
from storage.approvals import (
    APPROVAL_APPROVED,
    APPROVAL_EXPIRED,
    APPROVAL_REJECTED,
    AUDIT_AUTO_APPROVED,
    AUDIT_REFUSED,
    Approval,
    ApprovalRepository,
)
from storage.db import now_ms
from storage.drafts import DraftRepository
from storage.order_records import (
    STATE_CANCELLED_BEFORE_SUBMIT,
    STATE_PENDING_APPROVAL,
    STATE_REJECTED,
    StoredOrder,
)

log = logging.getLogger(__name__)

Refusal = Literal["not_approver", "self"]
AdminCheck = Callable[[], Awaitable[bool]]


@dataclass(frozen=True)
class Actor:
    id: int
    name: str


@dataclass(frozen=True)
class Requested:
    order: StoredOrder
    approval: Approval | None  # None: the order was already past approval (a repeated tap)
    auto: bool = False  # small enough to skip the approvers


@dataclass(frozen=True)
class Decision:
    won: bool  # False: someone decided first (or the request had expired)
    approval: Approval
    outcome: SubmitOutcome | None = None  # the submission, after a won approval
    error: bool = False  # the submission crashed on our side (logged)


@dataclass(frozen=True)
class MovedChat:
    orders: int
    drafts: int
    approvals: int

    @property
    def anything(self) -> bool:
        return bool(self.orders or self.drafts or self.approvals)


class ApprovalService:
    def __init__(
        self,
        settings: Settings,
        service: OrderService,
        approvals: ApprovalRepository,
        drafts: DraftRepository,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.settings = settings
        self.service = service
        self.approvals = approvals
        self.drafts = drafts
        self._clock = clock

    @property
    def orders(self):
        return self.service.orders

    def skips_approval(self, budget_fen: int) -> bool:
        """The most the platform may charge (the budget) is small enough to need nobody."""
        limit = self.settings.auto_approve_fen
        return limit > 0 and budget_fen <= limit

    # --- asking -----------------------------------------------------------------------------

    def request(
        self, draft: Draft, *, order_chat_id: int, approval_chat_id: int, requester: Actor
    ) -> Requested:
        """Store the order as pending approval and open (or re-open) its request. Idempotent on
        the seller order number: a double tap returns the same order and request."""
        order, lines = draft_to_records(
            draft, order_chat_id, requester.id, state=STATE_PENDING_APPROVAL
        )
        stored = self.orders.create_pending(order, lines)
        if stored.state in (STATE_REJECTED, STATE_CANCELLED_BEFORE_SUBMIT):
            # Refused or rejected before, edited since: nothing exists on the platform.
            stored = self.orders.reset_for_retry(stored.id, order, lines)
        elif stored.state != STATE_PENDING_APPROVAL:
            return Requested(stored, self.approvals.for_order(stored.id))
        expires_at = self._clock() + self.settings.approval_ttl_seconds * 1000
        approval = self.approvals.for_order(stored.id)
        if approval is None:
            approval = self.approvals.create(
                stored.id,
                approval_chat_id,
                requester.id,
                expires_at,
                requester_name=requester.name,
            )
        elif not approval.pending:
            self.approvals.reopen(
                approval.id,
                approval_chat_id,
                expires_at,
                actor_id=requester.id,
                actor_name=requester.name,
            )
            approval = self._get(approval.id)
        if self.skips_approval(draft.budget_fen):
            self.approvals.decide(
                approval.id,
                APPROVAL_APPROVED,
                None,
                None,
                str(self.settings.auto_approve_fen),
                audit_action=AUDIT_AUTO_APPROVED,
            )
            return Requested(stored, self._get(approval.id), auto=True)
        return Requested(stored, approval)

    # --- who may decide ---------------------------------------------------------------------

    async def refusal(
        self, approval: Approval, user_id: int, is_chat_admin: AdminCheck
    ) -> Refusal | None:
        """Why `user_id` may not decide this request, or None when they may. `is_chat_admin`
        asks Telegram (getChatMember) and is only called when it matters."""
        return await self.decider_refusal(approval.requester_id, user_id, is_chat_admin)

    async def decider_refusal(
        self, requester_id: int, user_id: int, is_chat_admin: AdminCheck
    ) -> Refusal | None:
        """The group's rule for any request (an order, a refund, a spreadsheet order approved as a
        whole): approvers, the group's administrators when ORDERBOT_ADMINS_APPROVE, never one's
        own unless allowed."""
        settings = self.settings
        # Their own request first: "you may not approve here" would hide why.
        if user_id == requester_id and not settings.allow_self_approval:
            return "self"
        approver = user_id in settings.approvers
        if not approver and settings.admins_approve:
            approver = await is_chat_admin()
        if not approver:
            return "not_approver"
        return None

    def record_refusal(self, approval: Approval, actor: Actor, refusal: Refusal) -> None:
        self.approvals.record(
            approval.id, AUDIT_REFUSED, actor_id=actor.id, actor_name=actor.name, detail=refusal
        )

    # --- deciding ---------------------------------------------------------------------------

    def current(self, approval_id: int) -> tuple[Approval | None, bool]:
        """The request as it stands, and whether this call expired it (a press after the
        deadline, before the expiry job got to it)."""
        approval = self.approvals.get(approval_id)
        if approval is None or not approval.pending or approval.expires_at > self._clock():
            return approval, False
        expired = self._expire(approval)
        return self._get(approval_id), expired

    def approve(self, approval_id: int, actor: Actor) -> Decision:
        """First decision wins. The winner then calls `submit_approved` (after answering the
        button press: the platform call may take seconds)."""
        won = self.approvals.decide(approval_id, APPROVAL_APPROVED, actor.id, actor.name)
        return Decision(won, self._get(approval_id))

    async def submit_approved(self, approval: Approval) -> Decision:
        """Submit an approved request's order (also after an auto-approval)."""
        try:
            outcome = await self.service.submit_stored(approval.order_id)
        except Exception:
            log.exception("order #%d: submission after approval failed", approval.order_id)
            return Decision(True, approval, error=True)
        return Decision(True, approval, outcome)

    def ask_reason(self, approval: Approval, actor: Actor, chat_id: int, message_id: int) -> None:
        self.approvals.ask_reason(approval.id, actor.id, actor.name, chat_id, message_id)

    def reject(self, approval_id: int, actor: Actor, reason: str) -> Decision:
        won = self.approvals.decide(approval_id, APPROVAL_REJECTED, actor.id, actor.name, reason)
        approval = self._get(approval_id)
        if won:
            self._cancel_order(approval)
        return Decision(won, approval)

    def expire_due(self) -> list[Approval]:
        """Expire every request whose time ran out; returns those this call expired."""
        due = self.approvals.pending_expired(self._clock())
        return [self._get(approval.id) for approval in due if self._expire(approval)]

    def _expire(self, approval: Approval) -> bool:
        if not self.approvals.decide(approval.id, APPROVAL_EXPIRED, None, None):
            return False
        self._cancel_order(approval)
        return True

    def _cancel_order(self, approval: Approval) -> None:
        self.orders.set_state(
            approval.order_id, STATE_CANCELLED_BEFORE_SUBMIT, expected=STATE_PENDING_APPROVAL
        )

    # --- a group became a supergroup -------------------------------------------------------

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> MovedChat:
        moved = MovedChat(
            orders=self.orders.migrate_chat(old_chat_id, new_chat_id),
            drafts=self.drafts.migrate_chat(old_chat_id, new_chat_id),
            approvals=self.approvals.migrate_chat(old_chat_id, new_chat_id),
        )
        if moved.anything:
            log.info("chat %d became %d: moved %s", old_chat_id, new_chat_id, moved)
        return moved

    def _get(self, approval_id: int) -> Approval:
        approval = self.approvals.get(approval_id)
        if approval is None:
            raise KeyError(approval_id)
        return approval
