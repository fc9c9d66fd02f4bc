"""What the simulated users do: a whole Taobao order, or the same number of echoed messages."""

from __future__ import annotations

from dataclasses import dataclass

from bench.chat import SimUser, any_message, says

TSHIRT = "https://item.taobao.com/item.htm?spm=a21bo.1&id=653211874520&scm=1007"
ADDRESS_BLOCK = "张三 13812345678 浙江省杭州市余杭区文一西路969号 311121"
SELLER_NO = "{seller_no}"  # stands for the buyer's own order number in ORDER_STEPS
SKU = "{sku}"  # stands for the SKU the buyer picks
# The T-shirt's SKUs in stock on its first page of buttons (300 each): many orders can spread
# over them without emptying one.
SKUS = ("白色 / M", "白色 / L", "白色 / XL", "白色 / XXL", "黑色 / M", "黑色 / L", "黑色 / XL")
DEFAULT_SKU = "白色 / L"


@dataclass(frozen=True)
class Step:
    action: str  # "say" or "tap"
    what: str  # the text to send, or the label of the button to press
    reply: str  # what the bot's answer says


# /neworder to "Order placed": two T-shirts, a pasted address, the quoted total, our own number.
ORDER_STEPS: tuple[Step, ...] = (
    Step("say", "/neworder", "Which platform"),
    Step("tap", "Taobao", "Paste a"),
    Step("say", TSHIRT, "Choose the SKU"),
    Step("tap", SKU, "How many"),
    Step("say", "2", "Subtotal"),
    Step("tap", "Continue to the address", "Receiver"),
    Step("tap", "Paste a whole address", "Paste the whole address"),
    Step("say", ADDRESS_BLOCK, "Use this address"),
    Step("tap", "Use this address", "Budget"),
    Step("tap", "Use the total", "Where did this order come from"),
    Step("tap", "Skip", "Your own order number"),
    Step("say", SELLER_NO, "Preview"),
    Step("tap", "Confirm", "Order placed"),
)
UPDATES_PER_ORDER = len(ORDER_STEPS)


def filled(step: Step, seller_no: str, sku: str = DEFAULT_SKU) -> str:
    """The text to send or the label to press at `step`, for this order."""
    return step.what.replace(SELLER_NO, seller_no).replace(SKU, sku)


async def place_order(user: SimUser, seller_no: str) -> None:
    for step in ORDER_STEPS:
        reply = says(step.reply)
        if step.action == "say":
            await user.say(filled(step, seller_no), reply)
        else:
            await user.tap(filled(step, seller_no), reply)


async def place_orders(user: SimUser, orders: int, run_tag: str) -> None:
    for number in range(orders):
        await place_order(user, f"BENCH{run_tag}U{user.user_id}N{number}")


def echo_texts() -> list[str]:
    """As many texts as an order has updates, the order's own words where it types them."""
    return [filled(step, "BENCH0") for step in ORDER_STEPS]


async def echo_exchange(user: SimUser, rounds: int) -> None:
    """The baseline's conversation: each text answered by one sendMessage."""
    texts = echo_texts()
    for _ in range(rounds):
        for text in texts:
            await user.say(text, any_message)
