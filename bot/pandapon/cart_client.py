"""The cart calls of the platform client (mixed into PandaPonClient, which holds the transport).

Cart changes are `mutating` endpoints: never retried on a lost answer (OutcomeUnknown); the bot
reads the cart list again to see what happened (bot/cart.py).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from bot.pandapon import models_cart as mc
from bot.pandapon.errors import PlatformProtocolError

M = TypeVar("M", bound=BaseModel)


class CartCalls:
    async def call(self, name: str, **kwargs: Any) -> Any:  # provided by PandaPonClient
        raise NotImplementedError

    async def _typed(self, model: type[M], name: str, **kwargs: Any) -> M:
        raise NotImplementedError

    async def _cart_id(self, name: str, body: Any) -> str:
        data = await self.call(name, body=body)
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip():
            raise PlatformProtocolError(f"{name}: not a cart id: {data!r:.100}")
        return str(data)

    # --- Taobao ----------------------------------------------------------------------------

    async def taobao_cart(self) -> mc.TaobaoCart:
        return await self._typed(mc.TaobaoCart, "taobao.cart.list")

    async def taobao_cart_add(self, request: mc.TaobaoCartAdd) -> str:
        """The cart line's id (a new line, or the SKU's line whose quantity grew)."""
        return await self._cart_id("taobao.cart.add", request)

    async def taobao_cart_quantity(self, cart_id: str, quantity: int) -> None:
        body = mc.TaobaoCartQuantity(id=int(cart_id), quantity=quantity)
        await self.call("taobao.cart.edit_quantity", body=body)

    async def taobao_cart_delete(self, cart_ids: list[str]) -> None:
        body = mc.TaobaoCartDelete(ids=[int(cart_id) for cart_id in cart_ids])
        await self.call("taobao.cart.delete", body=body)

    async def taobao_cart_preview(
        self, request: mc.TaobaoCartPreview
    ) -> mc.TaobaoCartPreviewResult:
        return await self._typed(mc.TaobaoCartPreviewResult, "taobao.cart.preview", body=request)

    async def taobao_cart_create(self, request: mc.TaobaoCartCreate) -> mc.TaobaoCartCreateResult:
        return await self._typed(mc.TaobaoCartCreateResult, "taobao.cart.create", body=request)

    # --- 1688 ------------------------------------------------------------------------------

    async def alibaba_cart(self) -> mc.AlibabaCart:
        return await self._typed(mc.AlibabaCart, "alibaba.cart.list")

    async def alibaba_cart_add(self, request: mc.AlibabaCartAdd) -> str:
        return await self._cart_id("alibaba.cart.add", request)

    async def alibaba_cart_quantity(self, cart_id: str, quantity: int) -> None:
        body = mc.AlibabaCartQuantity(id=int(cart_id), quantity=quantity)
        await self.call("alibaba.cart.edit_quantity", body=body)

    async def alibaba_cart_delete(self, cart_ids: list[str]) -> None:
        body = mc.AlibabaCartDelete(cart_ids=[int(cart_id) for cart_id in cart_ids])
        await self.call("alibaba.cart.delete", body=body)

    async def alibaba_cart_preview(self, request: mc.AlibabaCartPreview) -> mc.PreviewResult:
        return await self._typed(mc.PreviewResult, "alibaba.cart.preview", body=request)

    async def alibaba_cart_create(
        self, request: mc.AlibabaCartCreate
    ) -> mc.AlibabaCartCreateResult:
        return await self._typed(mc.AlibabaCartCreateResult, "alibaba.cart.create", body=request)
