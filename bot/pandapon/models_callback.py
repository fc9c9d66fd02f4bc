"""Message callbacks the platform POSTs to us (envelope documented; bodies partly assumed)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.pandapon.wire import Id, JsonString, WireModel

PLATFORM_TAOBAO = 0
PLATFORM_1688 = 1


class CallbackBody(WireModel):
    """The fields we read from `messageBody`; everything else is kept in `extra`."""

    model_config = ConfigDict(extra="allow")

    order_id: Id | None = None
    order_no: Id | None = None
    out_order_id: str | None = None
    seller_order_number: str | None = None
    order_status: str | None = None
    status: str | None = None
    pay_status: int | None = None
    total_amount: int | None = None
    shipping_fee: int | None = None
    product_amount: int | None = None
    domestic_post_fee: int | None = None
    refund_amount: int | None = None  # what the order got back in all
    refund_status: Any = None
    refund_id: Id | None = None  # refund callbacks: the request (or refund) that moved
    refund_fee: int | None = None
    close_reason: str | None = None
    update_time: int | None = None

    @property
    def raw_status(self) -> str | None:
        return self.order_status or self.status


class CallbackEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    message_type: str = Field(alias="messageType", min_length=1, max_length=100)
    message_body: JsonString[CallbackBody] = Field(alias="messageBody")
    message_platform: int = Field(alias="messagePlatform", ge=0, le=1)
    timestamp: int = Field(alias="timestamp")

    @property
    def order_label(self) -> str:
        """The order number to put in log lines about this callback."""
        body = self.message_body
        for value in (body.order_no, body.seller_order_number, body.out_order_id, body.order_id):
            if value:
                return str(value)
        return "?"

    @property
    def platform(self) -> str:
        return "1688" if self.message_platform == PLATFORM_1688 else "taobao"
