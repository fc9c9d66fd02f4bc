"""The sandbox's after-sales: refund requests run by its seller and the platform's deadlines,
their rules and refusals, the refund callbacks, the state file; and payment vouchers."""

from __future__ import annotations

import asyncio
import base64

from sandbox.pandapon.config import SandboxConfig
from sandbox.pandapon.testkit import call, sandbox_in_process
from sandbox.serving import serve_in_background
from tests.images import jpeg
from tests.integration.test_sandbox_callbacks import Receiver, wait_until
from tests.integration.test_sandbox_state import taobao_order, tshirt_sku

IMAGE = base64.b64encode(jpeg(64, 48)).decode()
NOT_AN_IMAGE = base64.b64encode(b"%PDF-1.4 not a picture").decode()


def quiet_seller(**more) -> SandboxConfig:
    """A seller who acts only when the control API says so."""
    return SandboxConfig(build_seconds=0, refund_answer_seconds=0, refund_receive_seconds=0, **more)


async def paid_order(client, seller_no: str, *, shipped: bool = False) -> dict:
    order = await taobao_order(client, await tshirt_sku(client), seller_no)
    await call(client, "taobao.order.pay", {"orderIdList": [order["id"]]})
    if shipped:
        await client.post(f"/_sandbox/orders/{order['id']}/advance", json={})
    return order


def terms(order: dict, key: str, **more) -> dict:
    return {
        "outRefundId": key,
        "orderId": order["id"],
        "subPurchaseOrderId": order["subOrderVOS"][0]["subOrderId"],
        "refundType": 1,
        "goodsStatus": 1,
        "reasonId": 1,
        "refundFee": 1000,
        "refundDesc": "不想要了",
        "imageBase64List": [IMAGE],
        **more,
    }


async def detail(client, refund_id: str) -> dict:
    answer = await call(client, "taobao.refund.detail", {"refundId": refund_id})
    assert answer["code"] == 200, answer
    return answer["data"]["refundOrderAggregate"]


async def test_a_refund_only_request_is_checked_then_agreed_and_paid_back():
    async with sandbox_in_process(quiet_seller()) as (_, client):
        unpaid = await taobao_order(client, await tshirt_sku(client), "R-UNPAID")
        refused = await call(
            client, "taobao.refund.render", {"orderId": unpaid["id"], "refundType": 1}
        )
        assert refused["code"] == 409  # nothing paid, nothing to refund
        order = await paid_order(client, "R-1")
        render = await call(
            client,
            "taobao.refund.render",
            {
                "orderId": order["id"],
                "subPurchaseOrderId": order["subOrderVOS"][0]["subOrderId"],
                "refundType": 1,
            },
        )
        options = render["data"]
        paid = (await client.get(f"/_sandbox/orders/{order['id']}")).json()["totalAmount"]
        assert options["maxRefundFee"] == paid and options["refundTypes"] == [1]  # not shipped
        assert (
            await call(client, "taobao.refund.render", {"orderId": order["id"], "refundType": 2})
        )["code"] == 409  # a return before anything shipped
        for bad, code in (
            ({"refundFee": paid + 1}, 422),
            ({"refundFee": 0}, 422),
            ({"reasonId": 11}, 400),  # a return reason for a refund only
            ({"imageBase64List": [NOT_AN_IMAGE]}, 400),
            ({"imageBase64List": [IMAGE] * 10}, 400),
        ):
            answer = await call(client, "taobao.refund.submit", terms(order, "R-1-bad", **bad))
            assert answer["code"] == code, (bad, answer)
        submitted = await call(client, "taobao.refund.submit", terms(order, "R-1-a"))
        refund_id = submitted["data"]["refundId"]
        assert submitted["data"]["refundStatus"] == 10
        again = await call(client, "taobao.refund.submit", terms(order, "R-1-a", refundFee=5))
        assert again["data"]["refundId"] == refund_id  # the same key: the same request
        second = await call(client, "taobao.refund.submit", terms(order, "R-1-b"))
        assert second["code"] == 409 and refund_id in second["msg"]  # one open request a line
        aggregate = await detail(client, refund_id)
        assert aggregate["refundOrder"]["timeoutType"] == "SELLER_AGREE"
        assert aggregate["refundOrder"]["remainingTime"] > 0 and aggregate["logistics"] is None
        assert (
            await client.post(f"/_sandbox/refunds/{refund_id}/agree", json={})
        ).status_code == 200
        done = (await detail(client, refund_id))["refundOrder"]
        assert (done["refundStatus"], done["refundedFee"], done["timeoutType"]) == (100, 1000, None)
        state = (await client.get(f"/_sandbox/orders/{order['id']}")).json()
        assert state["refundAmount"] == 1000
        listed = await call(client, "taobao.refund.list", {"purchaseOrderId": order["id"]})
        assert [(r["refundId"], r["refundStatus"]) for r in listed["data"]["records"]] == [
            (refund_id, 100)
        ]
        messages = await call(client, "taobao.refund.message_list", {"refundId": refund_id})
        first = messages["data"]["records"][0]
        assert first["senderRole"] == "BUYER" and len(first["picUrls"]) == 1
        picture = await client.get(first["picUrls"][0].replace("http://sandbox.local", ""))
        assert picture.status_code == 200 and picture.content == base64.b64decode(IMAGE)


async def test_a_return_goes_back_with_a_tracking_number_and_is_refunded_on_receipt():
    async with sandbox_in_process(quiet_seller()) as (_, client):
        order = await paid_order(client, "R-2", shipped=True)
        made = await call(
            client,
            "taobao.refund.submit",
            terms(order, "R-2", refundType=2, reasonId=12, goodsStatus=2),
        )
        refund_id = made["data"]["refundId"]
        early = await call(client, "taobao.refund.return_render", {"refundId": refund_id})
        assert early["code"] == 409  # no address before the seller agreed
        await client.post(f"/_sandbox/refunds/{refund_id}/agree", json={"describe": "请寄回"})
        address = (await call(client, "taobao.refund.return_render", {"refundId": refund_id}))[
            "data"
        ]
        assert address["receiverAddress"] and {"SF", "ZTO"} <= {
            c["logisticsCompanyCode"] for c in address["logisticsCompanies"]
        }
        aggregate = await detail(client, refund_id)
        assert aggregate["refundOrder"]["refundStatus"] == 20
        assert aggregate["logistics"]["returnGoodsDesc"] == "请寄回"
        wrong = {
            "refundId": refund_id,
            "logisticsCompanyCode": "UPS",
            "logisticsNo": "SF1234567890123",
        }
        assert (await call(client, "taobao.refund.return_submit", wrong))["code"] == 400
        sent = {**wrong, "logisticsCompanyCode": "SF"}
        assert (await call(client, "taobao.refund.return_submit", sent))["data"] is True
        assert (await call(client, "taobao.refund.return_submit", sent))["data"] is True  # again
        aggregate = await detail(client, refund_id)
        assert aggregate["refundOrder"]["refundStatus"] == 30
        assert aggregate["logistics"]["logisticsNo"] == "SF1234567890123"
        cancel = await call(client, "taobao.refund.cancel", path_params={"refundId": refund_id})
        assert cancel["code"] == 409  # the goods are on their way back
        await client.post(f"/_sandbox/refunds/{refund_id}/receive")
        assert (await detail(client, refund_id))["refundOrder"]["refundStatus"] == 100


async def test_a_refusal_is_modified_then_cancelled_and_messages_go_both_ways():
    async with sandbox_in_process(quiet_seller()) as (_, client):
        order = await paid_order(client, "R-3")
        refund_id = (await call(client, "taobao.refund.submit", terms(order, "R-3")))["data"][
            "refundId"
        ]
        refuse = await client.post(f"/_sandbox/refunds/{refund_id}/refuse", json={})
        assert refuse.status_code == 400  # a refusal needs its reason
        await client.post(f"/_sandbox/refunds/{refund_id}/refuse", json={"reason": "商品已发出"})
        refused = (await detail(client, refund_id))["refundOrder"]
        assert (refused["refundStatus"], refused["sellerRefuseReason"]) == (-10, "商品已发出")
        assert refused["timeoutType"] == "BUYER_MODIFY"
        modify = {k: v for k, v in terms(order, "x", refundFee=800).items() if k != "outRefundId"}
        modified = await call(client, "taobao.refund.modify", {**modify, "refundId": refund_id})
        assert modified["data"]["refundStatus"] == 10
        now = (await detail(client, refund_id))["refundOrder"]
        assert (now["refundFee"], now["sellerRefuseReason"]) == (800, None)
        message = {"refundId": refund_id, "outMessageId": "m-1", "content": "请尽快处理"}
        first = await call(client, "taobao.refund.message_submit", message)
        assert (await call(client, "taobao.refund.message_submit", message))["data"] == first[
            "data"
        ]
        photo = {"refundId": refund_id, "outMessageId": "m-2", "imageBase64": IMAGE}
        assert (await call(client, "taobao.refund.message_submit", photo))["code"] == 200
        bad = {**photo, "outMessageId": "m-3", "imageBase64": NOT_AN_IMAGE}
        assert (await call(client, "taobao.refund.message_submit", bad))["code"] == 400
        await client.post(f"/_sandbox/refunds/{refund_id}/message", json={"content": "好的"})
        records = (await call(client, "taobao.refund.message_list", {"refundId": refund_id}))[
            "data"
        ]["records"]
        said = [(r["senderRole"], r["content"]) for r in records]
        assert ("BUYER", "请尽快处理") in said and said[-1] == ("SELLER", "好的")
        cancelled = await call(client, "taobao.refund.cancel", path_params={"refundId": refund_id})
        assert cancelled["data"]["cancelSuccess"] is True
        assert cancelled["data"]["refundOrderAggregate"]["refundOrder"]["refundStatus"] == -20
        again = await call(client, "taobao.refund.cancel", path_params={"refundId": refund_id})
        assert again["data"]["cancelSuccess"] is True  # no-op: safe to retry
        closed = await call(
            client, "taobao.refund.message_submit", {**message, "outMessageId": "m-9"}
        )
        assert closed["code"] == 409
        # with the first request closed, the line may be asked for again
        assert (await call(client, "taobao.refund.submit", terms(order, "R-3b")))["code"] == 200


async def test_over_accelerated_time_the_seller_answers_and_deadlines_pass():
    config = SandboxConfig(
        build_seconds=0,
        time_scale=1000,
        refund_answer_seconds=30,  # 30 ms
        refund_receive_seconds=0,
        refund_buyer_timeout_seconds=60,  # 60 ms to send the goods back
    )
    async with sandbox_in_process(config) as (_, client):
        order = await paid_order(client, "R-4", shipped=True)
        made = await call(
            client, "taobao.refund.submit", terms(order, "R-4", refundType=2, reasonId=11)
        )
        refund_id = made["data"]["refundId"]
        for _ in range(100):
            status = (await detail(client, refund_id))["refundOrder"]["refundStatus"]
            if status == -20:
                break
            await asyncio.sleep(0.02)
        messages = (await client.get(f"/_sandbox/refunds/{refund_id}")).json()["messages"]
        roles = [m["role"] for m in messages]
        assert status == -20 and roles == ["BUYER", "SELLER", "PLATFORM"]  # agreed, then lapsed


async def test_each_change_of_a_request_is_called_back_in_platform_time_order():
    target = Receiver()
    server = await serve_in_background(target.app)
    url = f"{server.url}/cb"
    async with sandbox_in_process(quiet_seller(callback_url=url)) as (_, client):
        order = await paid_order(client, "R-5")
        refund_id = (await call(client, "taobao.refund.submit", terms(order, "R-5")))["data"][
            "refundId"
        ]
        await client.post(f"/_sandbox/refunds/{refund_id}/refuse", json={"reason": "不同意"})
        await client.post(f"/_sandbox/refunds/{refund_id}/agree", json={})
        await wait_until(lambda: sum(t == "ORDER_REFUND" for t, _ in target.bodies()) == 3)
    await server.stop()
    refunds = [body for kind, body in target.bodies() if kind == "ORDER_REFUND"]
    assert [(b["refundId"], b["refundStatus"]) for b in refunds] == [
        (refund_id, 10),
        (refund_id, -10),
        (refund_id, 100),
    ]
    assert [b["refundAmount"] for b in refunds] == [0, 0, 1000]
    times = [b["updateTime"] for b in refunds]
    assert times == sorted(times) and len(set(times)) == 3


async def test_refund_requests_and_their_pictures_survive_a_restart(tmp_path):
    path = tmp_path / "platform.db"
    async with sandbox_in_process(quiet_seller(state_path=str(path))) as (_, client):
        order = await paid_order(client, "R-6")
        refund_id = (await call(client, "taobao.refund.submit", terms(order, "R-6")))["data"][
            "refundId"
        ]
        await client.post(f"/_sandbox/refunds/{refund_id}/refuse", json={"reason": "不同意"})
        before = (await client.get(f"/_sandbox/refunds/{refund_id}")).json()
    async with sandbox_in_process(quiet_seller(state_path=str(path))) as (_, client):
        after = (await client.get(f"/_sandbox/refunds/{refund_id}")).json()
        assert after == before
        image = await client.get(f"/_sandbox/refund-images/{after['images'][0]}")
        assert image.content == base64.b64decode(IMAGE)
        again = await call(client, "taobao.refund.submit", terms(order, "R-6"))
        assert again["data"]["refundId"] == refund_id  # the key is remembered too
        other = await paid_order(client, "R-6b")
        new = (await call(client, "taobao.refund.submit", terms(other, "R-6b")))["data"]["refundId"]
        assert new != refund_id


async def test_a_payment_voucher_waits_for_finance_which_may_refuse_it():
    async with sandbox_in_process(SandboxConfig(build_seconds=0, voucher_review_seconds=3600)) as (
        _,
        client,
    ):
        order = await taobao_order(client, await tshirt_sku(client), "V-1")
        upload = {"orderId": order["id"], "voucherNo": "V-1-a", "imageBase64": IMAGE}
        bad = await call(
            client, "taobao.order.upload_voucher", {**upload, "imageBase64": NOT_AN_IMAGE}
        )
        assert bad["code"] == 400
        first = await call(client, "taobao.order.upload_voucher", upload)
        assert first["data"]["orderStatus"] == "PAY_PENDING"
        assert (await call(client, "taobao.order.upload_voucher", upload))["data"] == first["data"]
        other = await call(client, "taobao.order.upload_voucher", {**upload, "voucherNo": "V-1-b"})
        assert other["code"] == 409  # one under review already
        pay = await call(client, "taobao.order.pay", {"orderIdList": [order["id"]]})
        assert pay["data"]["failedOrders"]  # finance decides, not the buyer's pay button
        review = await client.post(
            f"/_sandbox/orders/{order['id']}/voucher", json={"approve": False, "reason": "金额不符"}
        )
        assert review.json()["status"] == "PAY_REJECTED"
        assert review.json()["vouchers"][0]["status"] == "REJECTED"
        second = await call(client, "taobao.order.upload_voucher", {**upload, "voucherNo": "V-1-b"})
        assert second["data"]["orderStatus"] == "PAY_PENDING"
        review = await client.post(
            f"/_sandbox/orders/{order['id']}/voucher", json={"approve": True}
        )
        assert review.json()["status"] == "WAIT_SELLER_SEND_GOODS" and review.json()["payTime"]
        vouchers = (await call(client, "taobao.order.detail", {"orderId": order["id"]}))["data"][
            "paymentVouchers"
        ]
        assert [(v["voucherNo"], v["status"]) for v in vouchers] == [
            ("V-1-a", "REJECTED"),
            ("V-1-b", "APPROVED"),
        ]
        late = await call(client, "taobao.order.upload_voucher", {**upload, "voucherNo": "V-1-c"})
        assert late["code"] == 409  # paid: no payment awaited any more


async def test_finance_approves_a_voucher_on_its_own_after_the_review_time():
    async with sandbox_in_process(
        SandboxConfig(build_seconds=0, time_scale=1000, voucher_review_seconds=30)
    ) as (_, client):
        order = await taobao_order(client, await tshirt_sku(client), "V-2")
        upload = {"orderId": order["id"], "voucherNo": "V-2", "imageBase64": IMAGE}
        await call(client, "taobao.order.upload_voucher", upload)
        for _ in range(100):
            state = (await client.get(f"/_sandbox/orders/{order['id']}")).json()
            if state["status"] == "WAIT_SELLER_SEND_GOODS":
                break
            await asyncio.sleep(0.02)
        assert state["vouchers"][0]["status"] == "APPROVED" and state["payTime"]
