"""The demo's terminal console, driven as a person would: `orderbot demo --console` as a process,
lines typed into it, its output read. Typed text is always text; buttons are pressed by their
message and number; console keys check what they are given; Ctrl-C stops it at once."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.e2e.demo_process import DemoProcess
from tests.e2e.flows import TSHIRT, TSHIRT_ID


@pytest.fixture
async def demo(tmp_path):
    demo = await DemoProcess.start(tmp_path, "--console")
    await demo.until(":quit (or Ctrl-C, Ctrl-D) stops the demo")
    yield demo
    await demo.close()


async def _to_cart(demo: DemoProcess, quantity: str) -> str:
    await demo.type("/neworder", "Which platform")
    await demo.press("Taobao", "Paste a")
    await demo.type(TSHIRT, "Choose the SKU")
    await demo.press("白色 / L", "How many")
    return await demo.type(quantity, "Subtotal")


async def _placed_orders(demo: DemoProcess) -> list[dict]:
    async with httpx.AsyncClient(base_url=demo.urls["platform"], trust_env=False) as control:
        return (await control.get("/_sandbox/orders")).json()["orders"]


async def test_typed_numbers_are_text_a_quantity_and_a_mobile(demo):
    cart = await _to_cart(demo, "4")  # a button of that message is numbered 4 too: not pressed
    assert "4 ×" in cart
    await demo.press("Continue to the address", "Receiver")
    await demo.press("Enter step by step", "Receiver's name")
    await demo.type("张三", "mobile number")
    shown = await demo.type("13812345678", "Country")
    assert "no button" not in shown
    await demo.press("China", "Province")
    await demo.type("浙江省", "City")
    await demo.type("杭州市", "District")
    await demo.type("余杭区", "Street address")
    await demo.type("文一西路969号", "Postal code")
    receiver = await demo.type("311121", "Use this address?")
    assert "138" in receiver
    await demo.press("Use this address", "Budget")
    await demo.press("Use the total", "come from")
    await demo.press("Skip", "order number")
    await demo.press("Generate one", "Preview")
    await demo.press("Confirm", "Order placed")
    (order,) = await _placed_orders(demo)
    assert [(line["itemId"], line["quantity"]) for line in order["lines"]] == [(TSHIRT_ID, 4)]
    assert order["receiver"]["mobile_phone"].endswith("13812345678")


async def test_a_reject_reason_is_given_with_reply_in_the_group(demo):
    await demo.type(":group Demo purchasing", "(you are in group -100100 as user 1001)")
    await _to_cart(demo, "2")
    await demo.press("Continue to the address", "Receiver")
    await demo.press("Paste a whole address", "Paste the whole address")
    await demo.type(":paste", "(pasting")
    for line in ("张三", "13812345678", "浙江省杭州市余杭区文一西路969号"):
        await demo.type(line)
    await demo.type("311121")
    await demo.type(":end", "Use this address?")  # the four lines went as one message
    await demo.press("Use this address", "Budget")
    await demo.press("Use the total", "come from")
    await demo.press("Skip", "order number")
    await demo.press("Generate one", "Preview")
    await demo.press("Confirm", "Waiting for an approver")
    await demo.type(":as 1002", "(you are now user 1002)")
    await demo.press("Reject", "reply to this message with the reason")
    prompt = demo.message_number("reply to this message with the reason")
    card = await demo.type(f":reply {prompt} Too expensive", "Reason: Too expensive")
    assert "❌ Rejected by Jun" in card
    assert await _placed_orders(demo) == []  # nothing reached the platform


async def test_console_keys_check_their_arguments_and_the_demo_keeps_running(demo):
    answers = {
        ":group xyz": "no group named like “xyz”; groups: -100100 “Demo purchasing team”",
        ":group 5": "group chat ids are negative",
        ":as abc": "usage: :as <user id>",
        ":reply twelve why": "usage: :reply <message number> <text>",
        ":reply 12": "usage: :reply <message number> <text>",
        ":3": "say which message: :<message>.<button>",
        ":99.1": "there is no message #99 in this chat",
        ":lang chinese": "usage: :lang <two-letter code>",
        ":file /no/such/file.csv": "no file at /no/such/file.csv",
        ":end": "no :paste block is open",
        ":frobnicate": "unknown console key :frobnicate",
    }
    for line, expected in answers.items():
        await demo.type(line, expected)
    await demo.type("/start", "Hello Mei")
    await demo.type("::-)")  # '::' sends text that starts with ':'
    async with httpx.AsyncClient(base_url=demo.urls["standin"], trust_env=False) as sim:
        for _ in range(50):
            texts = [m["text"] for m in (await sim.get("/sim/chat/1001")).json()["messages"]]
            if ":-)" in texts:
                break
            await asyncio.sleep(0.05)
    assert ":-)" in texts  # sent as text (the bot may answer it, e.g. offering a search)
    code, output = await demo.stop()
    assert code in (0, 130)
    assert "Traceback" not in output


@pytest.mark.parametrize("mode", [["--console"], []], ids=["console", "web-chat"])
async def test_ctrl_c_stops_the_demo_at_once_and_cleanly(tmp_path, mode):
    demo = await DemoProcess.start(tmp_path, *mode)
    try:
        await demo.until("Ctrl-C")
        started = time.monotonic()
        code, output = await demo.stop()
        elapsed = time.monotonic() - started
    finally:
        await demo.close()
    assert code in (0, 130), output[-2000:]
    assert elapsed < 2.0, f"took {elapsed:.2f}s"
    assert "Traceback" not in output and "Error" not in output, output[-2000:]


async def _order_in_console(demo: DemoProcess) -> None:
    await _to_cart(demo, "2")
    await demo.press("Continue to the address", "Receiver")
    await demo.press("Paste a whole address", "Paste the whole address")
    await demo.type("张三 13812345678 浙江省杭州市余杭区文一西路969号 311121", "Use this address?")
    await demo.press("Use this address", "Budget")
    await demo.press("Use the total", "come from")
    await demo.press("Skip", "order number")
    await demo.press("Generate one", "Preview")
    await demo.press("Confirm", "Order placed")


async def test_a_restarted_demo_keeps_track_working_and_never_repeats_an_order_number(tmp_path):
    demo = await DemoProcess.start(tmp_path, "--console")
    try:
        await demo.until(":quit (or Ctrl-C, Ctrl-D) stops the demo")
        await _order_in_console(demo)
        [first] = await _placed_orders(demo)
    finally:
        await demo.close()
    assert (tmp_path / "demo-platform.db").exists()  # the platform's state, beside the demo's

    again = await DemoProcess.start(tmp_path, "--console")
    try:
        await again.until(":quit (or Ctrl-C, Ctrl-D) stops the demo")
        # the platform finds the old order: Track answers, never "not answering"
        tracked = await again.type("/track #1", "no parcel has been shipped yet")
        assert "not answering" not in tracked
        await _order_in_console(again)
        orders = await _placed_orders(again)
    finally:
        await again.close()
    numbers = sorted(order["orderNo"] for order in orders)
    assert first["orderNo"] in numbers and len(set(numbers)) == 2  # a new number, never reused
