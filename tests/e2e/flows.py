"""Reusable stretches of the new-order conversation for end-to-end tests."""

from __future__ import annotations

from tests.e2e.harness import Member

TSHIRT = "https://item.taobao.com/item.htm?spm=a21bo.1&id=653211874520&scm=1007"
TSHIRT_ID = "653211874520"
FOLDER_1688 = "https://detail.1688.com/offer/706627393257.html?spm=a26352"
ADDRESS_BLOCK = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"


async def to_quantity(buyer: Member, sku: str = "白色 / L", *, page: int = 0) -> None:
    await buyer.says("/neworder", "Which platform")
    await buyer.taps("Taobao", "Paste a")
    await buyer.says(TSHIRT, "Choose the SKU")
    for _ in range(page):
        await buyer.taps("Next", "Choose the SKU")
    await buyer.taps(sku, "How many")


async def to_cart(buyer: Member, quantity: str = "2") -> None:
    await to_quantity(buyer)
    await buyer.says(quantity, "Subtotal")


async def to_address(buyer: Member) -> None:
    await to_cart(buyer)
    await buyer.taps("Continue to the address", "Receiver")


async def to_budget(buyer: Member) -> None:
    await to_address(buyer)
    await paste_address(buyer)


async def to_preview(buyer: Member, seller_no: str | None = None) -> None:
    await to_budget(buyer)
    await budget_to_preview(buyer, seller_no)


async def paste_address(buyer: Member) -> None:
    """From the receiver step: the whole address pasted and used, on to the budget."""
    await buyer.taps("Paste a whole address", "Paste the whole address")
    await buyer.says(ADDRESS_BLOCK, "Use this address")
    await buyer.taps("Use this address", "Budget")


async def budget_to_preview(buyer: Member, seller_no: str | None = None) -> dict:
    """From the budget step: the total, no source, the given or a generated order number;
    returns the preview."""
    await buyer.taps("Use the total", "Where did this order come from")
    await buyer.taps("Skip", "Your own order number")
    if seller_no is None:
        return await buyer.taps("Generate one", "Preview")
    return await buyer.says(seller_no, "Preview")


async def items_to_preview(buyer: Member, seller_no: str | None = None) -> dict:
    """From the items panel ("Subtotal") to the preview, as `to_preview` goes on from there."""
    await buyer.taps("Continue to the address", "Receiver")
    await paste_address(buyer)
    return await budget_to_preview(buyer, seller_no)


async def place_order(buyer: Member, seller_no: str) -> dict:
    """A whole Taobao order (2 T-shirts); returns the 'Order placed' message."""
    await to_preview(buyer, seller_no=seller_no)
    return await buyer.taps("Confirm", "Order placed")
