"""The state of one member's order in progress: the domain draft plus what the chat shows.

Stored as JSON in the `flow_states` table at every step, with the step beside it in the same write,
so a restart resumes exactly where the member was. Other conversations (refund requests, bulk
uploads, …) declare their own `durable_flow` with a `FlowSession` model of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from bot.domain.draft import Draft
from bot.domain.line_changes import LineChange
from bot.products import ProductView


class QuoteLine(BaseModel):
    index: int
    unit_price_fen: int
    quantity: int
    line_total_fen: int
    available: bool = True
    error_code: str | None = None
    error_message: str | None = None


class SellerQuote(BaseModel):
    """One seller's order inside a multi-seller 1688 draft (the batch preview's block)."""

    seller_id: str
    line_indexes: list[int] = Field(default_factory=list)  # positions in the draft
    goods_fen: int = 0
    postage_fen: int = 0
    problem: str | None = None  # why this seller's order cannot be placed as it is

    @property
    def total_fen(self) -> int:
        return self.goods_fen + self.postage_fen


class PromotionChoice(BaseModel):
    """A 1688 shop promotion the draft reaches, as the preview offers it."""

    promotion_id: str
    name: str
    discount_fen: int
    selected: bool = False


class Quote(BaseModel):
    """The platform's binding view of the draft: current prices and domestic postage (and, on
    1688, the shop promotions it reaches and the discount of the one chosen)."""

    lines: list[QuoteLine] = Field(default_factory=list)
    subtotal_fen: int = 0
    postage_fen: int = 0
    total_fen: int = 0  # subtotal + postage - discount
    problems: list[str] = Field(default_factory=list)
    # A 1688 draft across sellers: one block per seller order (empty for one-seller drafts).
    sellers: list[SellerQuote] = Field(default_factory=list)
    discount_fen: int = 0
    promotions: list[PromotionChoice] = Field(default_factory=list)

    @property
    def chosen_promotion(self) -> PromotionChoice | None:
        return next((p for p in self.promotions if p.selected), None)

    @property
    def ok(self) -> bool:
        return not self.problems and all(line.available for line in self.lines)


class PanelCard(BaseModel):
    """A card (a product's photo and details, with buttons of its own) that the live panel is
    written under: the steps about that product edit the card instead of sending a panel of
    their own, and the card gets its own text and buttons back once the panel moves on
    (handlers/panel_card.py)."""

    message_id: int
    text: str  # the card's own text (HTML)
    buttons: list[list[tuple[str, str]]]  # the card's own rows of (label, callback data)
    photo: bool  # a photo with a caption, or a text message


class FlowSession(BaseModel):
    """What every durable conversation keeps beside its own fields (storage/flows.py)."""

    # The conversation step, stored in its own column beside this JSON.
    step: str | None = Field(default=None, exclude=True)
    # The update whose handling produced this state, and whether its answer reached the chat:
    # an update processed again after a crash is recognised by it (handlers/replay.py).
    update_id: int | None = None
    answered: bool = True
    panel_message_id: int | None = None  # the message whose buttons are live
    card: PanelCard | None = None  # the card the live panel is written under, if any


@dataclass(frozen=True)
class Flow:
    """A durable multi-step conversation: its name (the ConversationHandler's and the state
    rows' flow) and the model of its state. Create with `durable_flow`."""

    name: str
    model: type[FlowSession]


_FLOWS: dict[str, Flow] = {}


def durable_flow(name: str, model: type[FlowSession]) -> Flow:
    """Declare a flow whose steps are written with its state before each answer; its
    ConversationHandler must be `persistent=True` with the same `name`."""
    if name in _FLOWS and _FLOWS[name].model is not model:
        raise ValueError(f"flow {name!r} is declared already")
    _FLOWS[name] = flow = Flow(name, model)
    return flow


def durable_flow_names() -> frozenset[str]:
    return frozenset(_FLOWS)


class OrderSession(FlowSession):
    draft: Draft = Field(default_factory=Draft)
    product: ProductView | None = None  # the product whose SKU is being picked
    sku_id: str | None = None  # the SKU whose quantity is being asked
    sku_page: int = 0
    address_field: str | None = None  # the field being asked
    address_queue: list[str] = Field(default_factory=list)  # the fields still to ask
    pending_receiver: dict[str, str] = Field(default_factory=dict)
    return_to_preview: bool = False  # an edit started from the preview goes back there
    quote: Quote | None = None
    pending_platform_choice: str | None = None  # a bare id waiting for "Taobao or 1688?"
    # The re-check before the preview: what changed since the lines were added, still to
    # settle, and the line whose new quantity is being asked.
    line_changes: list[LineChange] = Field(default_factory=list)
    recheck_index: int | None = None
    pending_order_lines: str | None = None  # pasted lines whose item is on both platforms

    def selected_sku(self):
        if self.product is None or self.sku_id is None:
            return None
        return next((s for s in self.product.skus if s.sku_id == self.sku_id), None)


NEW_ORDER = durable_flow("new_order", OrderSession)
