"""Refund requests (Taobao reverse orders) as a seller and the platform would run them.

A request is for one line of a paid order or for the order as a whole; it asks for the money
only (type 1) or to send the goods back for it (type 2). Its status follows the platform's
integers (pandapon-api.md §4): 10 applied → the seller agrees (type 1: 100 refunded; type 2:
20, send the goods back → 30 on their way back → the seller receives them: 100) or refuses
(−10, with a reason; the buyer may modify, back to 10); the buyer may cancel (−20 closed). Every
status has the platform's deadline: a seller who does not answer agrees, a buyer who does not
send the goods back (or modify a refused request) loses it. The sandbox's seller also answers on
its own after `refund_answer_seconds` (agrees) and receives returns after
`refund_receive_seconds`; the control API makes it agree, refuse, receive or write at once.

Each change moves the order's updateTime and sends the order's refund callback. Money comes
back as a Refund on the order (the one the instant control-API refund makes too).
"""

from __future__ import annotations

import base64
import binascii
import heapq
import io
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image, UnidentifiedImageError

from sandbox.pandapon.catalog import Catalog
from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.orders import Order, OrderLine, Refund
from sandbox.pandapon.store import ChangeSet, Kind
from sandbox.pandapon.wire import BAD_REQUEST, CONFLICT, NOT_FOUND, OVER_BUDGET, ApiError, now_ms

APPLIED, AGREED, RETURNING, REFUNDED, REFUSED, CLOSED = 10, 20, 30, 100, -10, -20
OPEN_STATUSES = frozenset({APPLIED, AGREED, RETURNING, REFUSED})
REFUND_ONLY, RETURN_AND_REFUND = 1, 2
GOODS_NOT_RECEIVED, GOODS_RECEIVED = 1, 2
BUYER, SELLER, PLATFORM = "BUYER", "SELLER", "PLATFORM"

MAX_IMAGES = 9
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_TEXT = 500

REASONS: dict[int, dict[int, str]] = {
    REFUND_ONLY: {1: "不想要了", 2: "未按约定时间发货", 3: "快递一直未送达", 4: "协商一致退款"},
    RETURN_AND_REFUND: {
        11: "商品与描述不符",
        12: "质量问题",
        13: "少件/漏发",
        14: "包装/商品破损",
        15: "七天无理由退换货",
    },
}
COMPANIES: dict[str, str] = {
    "SF": "顺丰速运",
    "ZTO": "中通快递",
    "YTO": "圆通速递",
    "STO": "申通快递",
    "YUNDA": "韵达快递",
    "JD": "京东物流",
    "EMS": "中国邮政EMS",
    "JT": "极兔速递",
}
# What the buyer or the seller has to do before the deadline of each open status.
TIMEOUT_TYPES = {
    APPLIED: "SELLER_AGREE",
    AGREED: "BUYER_RETURN",
    RETURNING: "SELLER_RECEIVE",
    REFUSED: "BUYER_MODIFY",
}
# Statuses of an order whose goods left the seller: only then can they be sent back.
_SHIPPED = frozenset({"WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"})
_PAID = frozenset({"WAIT_SELLER_SEND_GOODS"}) | _SHIPPED


@dataclass
class RefundMessage:
    message_id: str
    role: str  # BUYER, SELLER or PLATFORM
    content: str
    create_ms: int
    image_ids: list[str] = field(default_factory=list)
    out_message_id: str | None = None


@dataclass
class RefundRequest:
    refund_id: str
    out_refund_id: str
    order_id: str
    sub_id: str | None  # the line's subOrderId; None: the whole order
    refund_type: int
    goods_status: int
    reason_id: int
    fee: int
    desc: str
    create_ms: int
    status: int = APPLIED
    status_ms: int = 0
    deadline_ms: int = 0  # wall-clock time the current status times out (0: none)
    image_ids: list[str] = field(default_factory=list)
    refuse_reason: str | None = None
    refuse_describe: str | None = None
    agree_describe: str | None = None
    return_company: str | None = None  # logisticsCompanyCode
    return_no: str | None = None
    refunded_fee: int | None = None
    modifications: int = 0
    messages: list[RefundMessage] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.refund_type, {}).get(self.reason_id, str(self.reason_id))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Book(Protocol):
    """What the desk needs of the order book (sandbox/pandapon/state.py)."""

    def find(self, ref: str, platform: Any = None) -> Order | None: ...

    def new_id(self, digits: int, first: str = "1") -> str: ...

    def reserve_ids(self, ids: Iterable[str]) -> None: ...

    def record_refund(
        self, order: Order, amount: int, reason: str, refund_id: str, sub_id: str | None
    ) -> Refund: ...

    def refund_request_changed(self, order: Order, request: RefundRequest) -> None: ...


REQUESTS: Kind[RefundRequest] = Kind("refund_requests", RefundRequest)  # by refund id
IMAGES: Kind[str] = Kind("refund_images", str)  # by image id: base64 JPEG (evidence, vouchers)


def decode_image(value: Any, field_name: str) -> bytes:
    """Base64 of a picture the platform can open (JPEG, PNG, …); anything else is refused."""
    if not isinstance(value, str) or not value.strip():
        raise ApiError(BAD_REQUEST, f"{field_name} must be a base64 string")
    text = value.strip()
    if text.startswith("data:"):
        raise ApiError(BAD_REQUEST, f"{field_name}: send the base64 without a data: prefix")
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ApiError(BAD_REQUEST, f"{field_name} is not valid base64") from exc
    if len(content) > MAX_IMAGE_BYTES:
        raise ApiError(BAD_REQUEST, f"{field_name} is over {MAX_IMAGE_BYTES // 1024 // 1024} MB")
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ApiError(BAD_REQUEST, f"{field_name} is not an image") from exc
    return content


class RefundDesk:
    def __init__(
        self, config: SandboxConfig, book: Book, catalog: Catalog, changes: ChangeSet
    ) -> None:
        self._config = config
        self._book = book
        self._catalog = catalog
        self._changes = changes
        self._heap_seq = itertools.count()
        self.reset()

    def reset(self) -> None:
        self.requests: dict[str, RefundRequest] = {}
        self.images: dict[str, str] = {}
        self._by_out: dict[str, RefundRequest] = {}
        self._due: list[tuple[float, int, str, int]] = []

    # --- lookups ------------------------------------------------------------------------------

    def get(self, refund_id: str) -> RefundRequest:
        request = self.requests.get(refund_id)
        if request is None:
            raise ApiError(NOT_FOUND, f"refund {refund_id} not found")
        return request

    def order_of(self, request: RefundRequest) -> Order:
        order = self._book.find(request.order_id, "taobao")
        if order is None:  # requests keep their order: only a reset removes both
            raise ApiError(NOT_FOUND, f"order {request.order_id} not found")
        return order

    def line_of(self, order: Order, sub_id: str | None) -> OrderLine | None:
        if sub_id is None:
            return None
        line = next((x for x in order.good_lines if sub_id in (x.sub_id, x.sub_purchase_id)), None)
        if line is None:
            raise ApiError(NOT_FOUND, f"order {order.order_id} has no line {sub_id}")
        return line

    def for_order(self, order_id: str) -> list[RefundRequest]:
        return [r for r in self.requests.values() if r.order_id == order_id]

    def newest_first(self) -> list[RefundRequest]:
        return sorted(self.requests.values(), key=lambda r: (r.create_ms, r.refund_id))[::-1]

    # --- what may be refunded -----------------------------------------------------------------

    def refundable(
        self, order: Order, line: OrderLine | None, *, besides: RefundRequest | None = None
    ) -> int:
        """The most a new request (or `besides`, modified) may ask for: what was paid for the
        line (or the order), less what came back and what open requests ask already."""
        open_requests = [
            r for r in self.for_order(order.order_id) if r.is_open and r is not besides
        ]
        order_left = order.total_amount - order.refund_amount - sum(r.fee for r in open_requests)
        if line is None:
            return max(order_left, 0)
        line_paid = line.amount + line.post_fee
        line_back = sum(x.amount for x in order.refunds if x.sub_id == line.sub_id)
        line_asked = sum(r.fee for r in open_requests if r.sub_id == line.sub_id)
        return max(min(line_paid - line_back - line_asked, order_left), 0)

    def check_refundable(self, order: Order, line: OrderLine | None, refund_type: int) -> None:
        if order.platform != "taobao":
            raise ApiError(NOT_FOUND, f"order {order.order_id} not found")
        if order.status not in _PAID:
            raise ApiError(
                CONFLICT, f"order {order.order_id} is {order.status}; only paid orders refund"
            )
        if refund_type not in REASONS:
            raise ApiError(BAD_REQUEST, f"refundType must be 1 or 2, got {refund_type}")
        if refund_type == RETURN_AND_REFUND and order.status not in _SHIPPED:
            raise ApiError(
                CONFLICT,
                f"order {order.order_id} has not shipped; nothing can be returned — ask for a "
                "refund only",
            )

    def render(
        self,
        order: Order,
        line: OrderLine | None,
        refund_type: int,
        *,
        modifying: RefundRequest | None = None,
    ) -> dict[str, Any]:
        self.check_refundable(order, line, refund_type)
        if modifying is None:
            self._check_no_open(order, line)
        elif modifying.order_id != order.order_id:
            raise ApiError(BAD_REQUEST, f"refund {modifying.refund_id} is not of this order")
        types = [REFUND_ONLY, RETURN_AND_REFUND] if order.status in _SHIPPED else [REFUND_ONLY]
        return {
            "maxRefundFee": self.refundable(order, line, besides=modifying),
            "currency": "CNY",
            "refundTypes": types,
            "reasons": [
                {"reasonId": reason_id, "reasonText": text}
                for reason_id, text in REASONS[refund_type].items()
            ],
            "feeTips": "退款金额不可超过实付金额",
        }

    def _check_no_open(self, order: Order, line: OrderLine | None) -> None:
        for request in self.for_order(order.order_id):
            if not request.is_open:
                continue
            overlaps = line is None or request.sub_id is None or request.sub_id == line.sub_id
            if overlaps:
                raise ApiError(
                    CONFLICT,
                    f"refund {request.refund_id} is already open for this "
                    + ("order" if request.sub_id is None else "line"),
                )

    # --- the buyer ----------------------------------------------------------------------------

    def submit(self, order: Order, line: OrderLine | None, fields: dict[str, Any]) -> RefundRequest:
        out_refund_id = fields["out_refund_id"]
        existing = self._by_out.get(out_refund_id)
        if existing is not None:
            return existing  # the same key is the same request, unchanged: safe to retry
        refund_type = fields["refund_type"]
        self.check_refundable(order, line, refund_type)
        self._check_no_open(order, line)
        self._check_terms(order, line, fields)
        now = now_ms()
        request = RefundRequest(
            refund_id=self._book.new_id(12, "5"),
            out_refund_id=out_refund_id,
            order_id=order.order_id,
            sub_id=line.sub_id if line else None,
            refund_type=refund_type,
            goods_status=fields["goods_status"],
            reason_id=fields["reason_id"],
            fee=fields["fee"],
            desc=fields["desc"],
            create_ms=now,
            image_ids=self._keep_images(fields["images"]),
        )
        self.requests[request.refund_id] = request
        self._by_out[out_refund_id] = request
        text = f"买家发起了退款申请：{request.reason_text}，{request.fee} 分"
        self._note(request, BUYER, text, request.image_ids)
        self._enter(order, request, APPLIED)
        return request

    def modify(self, request: RefundRequest, fields: dict[str, Any]) -> RefundRequest:
        if request.status not in (APPLIED, REFUSED):
            raise ApiError(
                CONFLICT, f"refund {request.refund_id} is {request.status}; it cannot be modified"
            )
        order = self.order_of(request)
        line = self.line_of(order, request.sub_id)
        self.check_refundable(order, line, fields["refund_type"])
        self._check_terms(order, line, fields, besides=request)
        request.refund_type = fields["refund_type"]
        request.goods_status = fields["goods_status"]
        request.reason_id = fields["reason_id"]
        request.fee = fields["fee"]
        request.desc = fields["desc"]
        added = self._keep_images(fields["images"])
        request.image_ids = added or request.image_ids
        request.refuse_reason = request.refuse_describe = None
        request.modifications += 1
        text = f"买家修改了退款申请：{request.reason_text}，{request.fee} 分"
        self._note(request, BUYER, text, added)
        self._enter(order, request, APPLIED)
        return request

    def cancel(self, request: RefundRequest) -> RefundRequest:
        if request.status == CLOSED:
            return request  # cancelling a closed request again changes nothing (safe retries)
        if request.status not in (APPLIED, REFUSED, AGREED):
            raise ApiError(
                CONFLICT, f"refund {request.refund_id} is {request.status}; it cannot be cancelled"
            )
        self._note(request, BUYER, "买家撤销了退款申请")
        self._enter(self.order_of(request), request, CLOSED)
        return request

    def send_return(self, request: RefundRequest, company: str, number: str) -> RefundRequest:
        if request.status == RETURNING and request.return_no == number:
            return request  # the same shipment again: already recorded
        if request.status != AGREED:
            raise ApiError(
                CONFLICT,
                f"refund {request.refund_id} is {request.status}; the goods are sent back only "
                "after the seller agreed",
            )
        if company not in COMPANIES:
            raise ApiError(BAD_REQUEST, f"unknown logisticsCompanyCode {company!r}")
        if not (6 <= len(number) <= 40 and number.isascii() and number.isalnum()):
            raise ApiError(BAD_REQUEST, f"logisticsNo {number!r} is not a tracking number")
        request.return_company, request.return_no = company, number
        self._note(request, BUYER, f"买家已退货：{COMPANIES[company]} {number}")
        self._enter(self.order_of(request), request, RETURNING)
        return request

    def buyer_message(
        self, request: RefundRequest, out_message_id: str, content: str, image: Any
    ) -> RefundMessage:
        existing = next((m for m in request.messages if m.out_message_id == out_message_id), None)
        if existing is not None:
            return existing
        if not request.is_open:
            raise ApiError(CONFLICT, f"refund {request.refund_id} is closed; no more messages")
        content = content.strip()
        if len(content) > MAX_TEXT:
            raise ApiError(BAD_REQUEST, f"content is over {MAX_TEXT} characters")
        if not content and image in (None, ""):
            raise ApiError(BAD_REQUEST, "a message needs content or imageBase64")
        if image not in (None, ""):
            decode_image(image, "imageBase64")
        images = [] if image in (None, "") else self._keep_images([image])
        message = self._note(request, BUYER, content, images, out_message_id)
        self._changed(request)
        return message

    # --- the seller (its own clock, or the control API) ---------------------------------------

    def agree(self, request: RefundRequest, describe: str | None = None) -> RefundRequest:
        if request.status not in (APPLIED, REFUSED):
            raise ApiError(CONFLICT, f"refund {request.refund_id} is {request.status}")
        order = self.order_of(request)
        if request.refund_type == RETURN_AND_REFUND:
            request.agree_describe = describe or "请将商品寄回，勿寄到付，包装请保持完好"
            self._note(request, SELLER, f"卖家同意退货：{request.agree_describe}")
            self._enter(order, request, AGREED)
        else:
            self._note(request, SELLER, describe or "卖家同意退款")
            self._pay_back(order, request)
        return request

    def refuse(self, request: RefundRequest, reason: str, describe: str | None = None) -> None:
        if request.status not in (APPLIED, RETURNING):
            raise ApiError(CONFLICT, f"refund {request.refund_id} is {request.status}")
        reason = reason.strip()
        if not reason:
            raise ApiError(BAD_REQUEST, "a refusal needs a reason")
        request.refuse_reason, request.refuse_describe = reason[:MAX_TEXT], describe
        self._note(request, SELLER, f"卖家拒绝了退款申请：{request.refuse_reason}")
        self._enter(self.order_of(request), request, REFUSED)

    def receive(self, request: RefundRequest) -> None:
        if request.status != RETURNING:
            raise ApiError(
                CONFLICT, f"refund {request.refund_id} is {request.status}; nothing to receive"
            )
        self._note(request, SELLER, "卖家已收到退货，同意退款")
        self._pay_back(self.order_of(request), request)

    def seller_message(self, request: RefundRequest, content: str) -> RefundMessage:
        content = content.strip()
        if not content or len(content) > MAX_TEXT:
            raise ApiError(BAD_REQUEST, f"content must be 1 to {MAX_TEXT} characters")
        message = self._note(request, SELLER, content)
        self._changed(request)
        return message

    def expire(self, request: RefundRequest) -> None:
        """The current deadline passes now: what the platform does when nobody acted."""
        if not request.is_open:
            raise ApiError(CONFLICT, f"refund {request.refund_id} has no deadline any more")
        self._time_out(request)

    # --- time ---------------------------------------------------------------------------------

    def advance_due(self, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        applied = 0
        while self._due and self._due[0][0] <= now:
            _, _, refund_id, from_status = heapq.heappop(self._due)
            request = self.requests.get(refund_id)
            if request is None or request.status != from_status:
                continue  # moved on meanwhile
            self._time_out(request)
            applied += 1
        return applied

    def _time_out(self, request: RefundRequest) -> None:
        status = request.status
        if status == APPLIED:  # the seller's own answer, or silence past the deadline: agreed
            self.agree(request)
        elif status == RETURNING:
            self.receive(request)
        elif status in (AGREED, REFUSED):
            who = "买家未在期限内退货" if status == AGREED else "买家未在期限内修改申请"
            self._note(request, PLATFORM, f"{who}，退款关闭")
            self._enter(self.order_of(request), request, CLOSED)

    def _deadline_seconds(self, request: RefundRequest) -> float | None:
        config = self._config
        return {
            APPLIED: config.refund_seller_timeout_seconds,
            AGREED: config.refund_buyer_timeout_seconds,
            RETURNING: config.refund_receive_timeout_seconds,
            REFUSED: config.refund_buyer_timeout_seconds,
        }.get(request.status)

    def _act_after(self, request: RefundRequest) -> float | None:
        """Platform seconds until the sandbox's seller acts, or the deadline passes."""
        deadline = self._deadline_seconds(request)
        if deadline is None:
            return None
        own = {
            APPLIED: self._config.refund_answer_seconds,
            RETURNING: self._config.refund_receive_seconds,
        }.get(request.status, 0)
        return min(own, deadline) if own > 0 else deadline

    def _schedule(self, request: RefundRequest, entered_ms: int | None = None) -> None:
        wait = self._act_after(request)
        deadline = self._deadline_seconds(request)
        request.deadline_ms = (
            0 if deadline is None else request.status_ms + int(self._config.delay(deadline) * 1000)
        )
        if wait is None:
            return
        waited = 0.0 if entered_ms is None else max(now_ms() - entered_ms, 0) / 1000
        due = time.monotonic() + self._config.delay(wait) - waited
        heapq.heappush(self._due, (due, next(self._heap_seq), request.refund_id, request.status))

    def restore(self, requests: list[RefundRequest]) -> None:
        """Requests read back from the state file; open ones time out when they would have."""
        ids: list[str] = []
        for request in requests:
            self.requests[request.refund_id] = request
            self._by_out[request.out_refund_id] = request
            ids += [request.refund_id, *(m.message_id for m in request.messages)]
            if request.is_open:
                self._schedule(request, entered_ms=request.status_ms)
        self._book.reserve_ids(ids)

    def restore_images(self, images: dict[str, str]) -> None:
        self.images.update(images)
        self._book.reserve_ids(images)

    # --- internals ----------------------------------------------------------------------------

    def _check_terms(
        self,
        order: Order,
        line: OrderLine | None,
        fields: dict[str, Any],
        *,
        besides: RefundRequest | None = None,
    ) -> None:
        if fields["reason_id"] not in REASONS[fields["refund_type"]]:
            raise ApiError(
                BAD_REQUEST,
                f"reasonId {fields['reason_id']} is not a reason for refundType "
                f"{fields['refund_type']} (see the render)",
            )
        if fields["goods_status"] not in (GOODS_NOT_RECEIVED, GOODS_RECEIVED):
            raise ApiError(BAD_REQUEST, "goodsStatus must be 1 (not received) or 2 (received)")
        most = self.refundable(order, line, besides=besides)
        if not 1 <= fields["fee"] <= most:
            raise ApiError(
                OVER_BUDGET,
                f"refundFee {fields['fee']} fen must be between 1 and the most refundable "
                f"{most} fen",
            )
        if len(fields["desc"]) > MAX_TEXT:
            raise ApiError(BAD_REQUEST, f"refundDesc is over {MAX_TEXT} characters")
        if len(fields["images"]) > MAX_IMAGES:
            raise ApiError(BAD_REQUEST, f"at most {MAX_IMAGES} images")
        for index, image in enumerate(fields["images"]):
            decode_image(image, f"imageBase64List[{index}]")

    def _keep_images(self, images: list[Any]) -> list[str]:
        """Store pictures that were checked already (decode_image)."""
        return [self.keep_image(image) for image in images]

    def keep_image(self, b64: str) -> str:
        image_id = self._book.new_id(16, "9")
        self.images[image_id] = b64.strip()
        self._changes.mark(IMAGES, image_id)
        return image_id

    def _pay_back(self, order: Order, request: RefundRequest) -> None:
        self._book.record_refund(
            order, request.fee, request.reason_text, request.refund_id, request.sub_id
        )
        request.refunded_fee = request.fee
        self._note(request, PLATFORM, f"退款成功：{request.fee} 分")
        self._enter(order, request, REFUNDED)

    def _note(
        self,
        request: RefundRequest,
        role: str,
        content: str,
        image_ids: list[str] | None = None,
        out_message_id: str | None = None,
    ) -> RefundMessage:
        message = RefundMessage(
            message_id=self._book.new_id(14, "6"),
            role=role,
            content=content,
            create_ms=now_ms(),
            image_ids=list(image_ids or []),
            out_message_id=out_message_id,
        )
        request.messages.append(message)
        return message

    def _enter(self, order: Order, request: RefundRequest, status: int) -> None:
        request.status, request.status_ms = status, now_ms()
        self._schedule(request)
        self._changed(request, order)

    def _changed(self, request: RefundRequest, order: Order | None = None) -> None:
        self._changes.mark(REQUESTS, request.refund_id)
        self._book.refund_request_changed(order or self.order_of(request), request)

    def shop_of(self, order: Order, line: OrderLine | None):
        shop_id = (line or order.good_lines[0]).shop_id or ""
        return self._catalog.shop("taobao", shop_id)
