"""Shopping carts: the platform's cart, shared by every member, seen per chat.

The platform is the source of truth for the lines (SKU, quantity, price, whether they can be
ordered); the bot keeps only whose they are (storage/carts.py): a line belongs to the chat it
was added in — a member's private chat, or a team group whose members share it — and to the
member who added it. `view` reads the platform's cart and settles the bot's table with it:
a line the table knows without a cart id (its add answer was lost) gets its id; a row whose
line has left the cart (ordered, removed) is forgotten; lines the table does not know (added
outside the bot) are never shown to anyone.

Cart changes are not money: a lost answer is settled by reading the cart again (the member is
shown it as the platform has it), never by repeating the call. Orders from the cart go through
OrderService/BatchService like any draft (their lines carry cart ids).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.draft import DraftLine
from bot.marketplaces.base import CartLine, Marketplace
from bot.pandapon.errors import OutcomeUnknown, PlatformError, PlatformUnavailable
from bot.products import ProductView
from storage.carts import CartOwner, CartRepository
from storage.db import now_ms

log = logging.getLogger(__name__)

# A row whose add answer was lost waits this long for its line to show up (a late commit).
DEFAULT_PENDING_SECONDS = 900.0


class CartError(Exception):
    """A cart change that did not happen, or whose outcome is being read: `code` is the
    message key's last part (cart.err.<code>)."""

    def __init__(self, code: str, reason: str | None = None) -> None:
        super().__init__(f"{code}: {reason}" if reason else code)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ChatCartLine:
    line: CartLine
    owner: CartOwner

    @property
    def cart_id(self) -> str:
        return self.line.cart_id


@dataclass(frozen=True, slots=True)
class ChatCart:
    platform: str
    chat_id: int
    lines: tuple[ChatCartLine, ...]

    @property
    def enabled(self) -> list[ChatCartLine]:
        return [entry for entry in self.lines if entry.line.disabled is None]

    @property
    def disabled(self) -> list[ChatCartLine]:
        return [entry for entry in self.lines if entry.line.disabled is not None]

    def total_fen(self, cart_ids: set[str] | None = None) -> int:
        """The enabled lines' total (only `cart_ids`, when given)."""
        return sum(
            entry.line.line_total_fen
            for entry in self.enabled
            if cart_ids is None or entry.cart_id in cart_ids
        )

    def get(self, cart_id: str) -> ChatCartLine | None:
        return next((entry for entry in self.lines if entry.cart_id == cart_id), None)


def draft_line(line: CartLine) -> DraftLine:
    """A cart line as a line of an order draft (ordered from the cart: it keeps its id)."""
    return DraftLine(
        item_id=line.item_id,
        sku_id=line.sku_id,
        title=line.title,
        sku_label=line.sku_label,
        quantity=line.quantity,
        unit_price_fen=line.unit_price_fen,
        image_url=line.image_url,
        seller_id=line.seller_id,
        seller_name=line.seller_name,
        min_quantity=line.min_quantity,
        tiers=list(line.tiers),
        stock=max(line.stock, line.quantity) if line.stock is not None else None,
        original_price_fen=line.original_price_fen,
        cart_id=line.cart_id,
    )


class CartService:
    def __init__(
        self,
        markets: dict[str, Marketplace],
        owners: CartRepository,
        *,
        pending_seconds: float = DEFAULT_PENDING_SECONDS,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.markets = markets
        self.owners = owners
        self._pending_ms = int(pending_seconds * 1000)
        self._clock = clock

    # --- reading ----------------------------------------------------------------------------

    async def view(self, platform: str, chat_id: int) -> ChatCart:
        """The chat's lines as the platform has them now (the bot's table settled with it)."""
        lines = await self.markets[platform].cart()
        return self._settle(platform, chat_id, lines)

    def _settle(self, platform: str, chat_id: int, lines: list[CartLine]) -> ChatCart:
        by_key = {line.key: line for line in lines}
        now, gone = self._clock(), []
        for owner in self.owners.platform_lines(platform):
            line = by_key.get(owner.key)
            if line is not None and line.cart_id != owner.cart_id:
                self.owners.set_cart_id(platform, owner.item_id, owner.sku_id, line.cart_id)
            elif line is None and (
                owner.cart_id is not None or now - owner.added_at > self._pending_ms
            ):
                gone.append(owner.key)
        self.owners.forget(platform, gone)
        owners = {o.key: o for o in self.owners.platform_lines(platform) if o.chat_id == chat_id}
        mine = tuple(ChatCartLine(line, owners[line.key]) for line in lines if line.key in owners)
        return ChatCart(platform, chat_id, mine)

    # --- changes ----------------------------------------------------------------------------

    async def add(
        self,
        chat_id: int,
        user_id: int,
        user_name: str,
        product: ProductView,
        sku_id: str,
        quantity: int,
    ) -> ChatCart:
        """Put the SKU in the chat's cart (or add to its line there); the cart after it."""
        platform, market = product.platform, self.markets[product.platform]
        before = {line.key: line for line in await market.cart()}
        key = (product.item_id, sku_id)
        owner = self.owners.owner(platform, *key)
        if owner is not None and owner.chat_id != chat_id:
            raise CartError("elsewhere")
        if owner is None and key in before:
            raise CartError("outside")  # on the account's cart, not through the bot
        fresh = owner is None
        if fresh:
            owner = self.owners.claim(platform, *key, chat_id, user_id, user_name)
            if owner.chat_id != chat_id:  # another chat took it a moment ago
                raise CartError("elsewhere")
        try:
            cart_id = await market.cart_add(product, sku_id, quantity)
        except PlatformError as exc:
            if fresh:
                self.owners.forget(platform, [key])
            raise CartError("refused", exc.msg or str(exc)) from exc
        except PlatformUnavailable as exc:
            if fresh:
                self.owners.forget(platform, [key])
            raise CartError("down") from exc
        except OutcomeUnknown as exc:
            log.warning("cart add %s/%s: answer lost; reading the cart", platform, key)
            raise CartError("unknown") from exc
        self.owners.set_cart_id(platform, *key, cart_id)
        return await self.view(platform, chat_id)

    async def set_quantity(
        self, platform: str, chat_id: int, user_id: int, cart_id: str, quantity: int
    ) -> None:
        self._own(await self.view(platform, chat_id), cart_id, user_id)
        await self._change(self.markets[platform].cart_set_quantity(cart_id, quantity))

    async def remove(self, platform: str, chat_id: int, user_id: int, cart_ids: list[str]) -> int:
        """Remove the member's own lines among `cart_ids` (all of them in a private chat)."""
        cart = await self.view(platform, chat_id)
        entries = [self._own(cart, cart_id, user_id) for cart_id in cart_ids]
        if entries:
            await self._change(self.markets[platform].cart_remove([e.cart_id for e in entries]))
            self.owners.forget(platform, [e.line.key for e in entries])
        return len(entries)

    async def empty(self, platform: str, chat_id: int, user_id: int) -> int:
        """Remove every line of the chat's cart the member added (in a group: only theirs)."""
        cart = await self.view(platform, chat_id)
        ids = [entry.cart_id for entry in cart.lines if entry.owner.added_by == user_id]
        return await self.remove(platform, chat_id, user_id, ids) if ids else 0

    @staticmethod
    def _own(cart: ChatCart, cart_id: str, user_id: int) -> ChatCartLine:
        entry = cart.get(cart_id)
        if entry is None:
            raise CartError("gone")
        if entry.owner.added_by != user_id and cart.chat_id < 0:
            raise CartError("not_yours", entry.owner.added_by_name)
        return entry

    @staticmethod
    async def _change(call) -> None:
        try:
            await call
        except PlatformError as exc:
            raise CartError("refused", exc.msg or str(exc)) from exc
        except PlatformUnavailable as exc:
            raise CartError("down") from exc
        except OutcomeUnknown as exc:
            raise CartError("unknown") from exc
