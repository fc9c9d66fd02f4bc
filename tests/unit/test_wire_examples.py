"""The documented examples (shared/reference/pandapon-api.md) parse into our models and back."""

import json
from decimal import Decimal

from bot.pandapon import models_alibaba as ali
from bot.pandapon import models_taobao as tb
from bot.pandapon.models_callback import CallbackEnvelope
from bot.pandapon.wire import Envelope

SEED_CREATE_BODY = {
    "purchaseAmount": 400,
    "receiver": '{"zip":"11111","country":"中国","address":"测试地址","city":"杭州市","phone":"",'
    '"mobile_phone":"15068763421","district":"余杭区","name":"a测试aa","state":"浙江省"}',
    "orderLineList": '[{"itemId":"600126245031041190","orderLineNo":"1","quantity":"200",'
    '"price":"1","currency":"CNY","skuId":"5016042822039"},{"itemId":"600129202197070073",'
    '"orderLineNo":"1","quantity":"200","price":"1","currency":"CNY","skuId":"4860968496626"}]',
    "orderSource": "lazada",
    "sellerOrderNumber": "1",
}


def _same_json(wire: dict, documented: dict) -> None:
    """Equal, comparing JSON-in-a-string fields by their decoded value."""
    assert wire.keys() == documented.keys()
    for key, value in documented.items():
        if isinstance(value, str) and value[:1] in "[{":
            assert json.loads(wire[key]) == json.loads(value), key
        else:
            assert wire[key] == value, key


def test_seed_create_request_round_trips():
    request = tb.CreateOrderRequest.model_validate(SEED_CREATE_BODY)
    assert request.purchase_amount == 400
    assert request.order_line_list[0].quantity == 200  # an int in our code…
    assert request.receiver.mobile_phone == "15068763421"
    _same_json(request.to_wire(), SEED_CREATE_BODY)  # …and the documented strings on the wire


def test_seed_create_response_parses():
    envelope = Envelope.model_validate(
        {
            "requestId": "4cfda0b725184ab8a1e3ee3b9051ec35",
            "code": 200,
            "developId": "1014533973088404335",
            "msg": "成功",
            "data": {
                "id": 1024285237573584051,
                "orderNo": "PP202405140001",
                "createTime": "2024-05-14 15:39:37",
                "subOrderVOS": [
                    {
                        "subOrderId": 200033789041,
                        "orderNo": "PP202405140001",
                        "quantity": 200,
                        "title": "天穹发布商品,测试请不要拍",
                        "purchaseCurrency": "CNY",
                        "purchaseAmount": 200,
                        "itemId": 600126245031041190,
                        "domesticPostFee": 0,
                        "closeReason": None,
                        "skuId": 5016042822039,
                        "status": "WAIT_BUYER_P",
                        "taobaoPurchaseId": "3682557363260579405",
                        "taobaoSubPurchaseId": "3682557363260579406",
                        "errorCode": None,
                        "errorMessage": None,
                    }
                ],
            },
        }
    )
    result = tb.CreateOrderResult.model_validate(envelope.data)
    assert result.id == "1024285237573584051"
    line = result.sub_order_vos[0]
    assert (line.item_id, line.sku_id, line.failed) == (
        "600126245031041190",
        "5016042822039",
        False,
    )


def test_product_example_parses_with_prices_in_fen():
    product = tb.TaobaoProduct.model_validate(
        {
            "quantity": 400,
            "categoryPath": "童装/婴儿装/亲子装->裙子(新)->连衣裙",
            "shopName": "u[2206891060210]",
            "description": "测试",
            "productUnit": None,
            "picUrls": ["https://img.alicdn.com/a.jpg"],
            "title": "天穹发布商品,测试请不要拍",
            "mpId": "2048057995392326",
            "categoryName": "连衣裙",
            "itemId": 672991141190,
            "userNick": "测试账号tbc003",
            "price": 1,
            "beginAmount": 0,
            "status": "active",
            "promotionPrice": 1,
            "shopId": 268763467,
            "categoryId": "121452038",
            "itemType": "HAVE_MATERIAL",
            "skuList": [
                {
                    "picUrl": None,
                    "quantity": 200,
                    "price": 1,
                    "skuId": "3452545926724",
                    "status": "active",
                    "promotionPrice": 1,
                }
            ],
        }
    )
    assert product.item_id == "672991141190"
    assert product.sku_list[0].effective_price_fen == 1
    assert product.shop_id == "268763467"


def test_logistics_detail_example_parses():
    detail = tb.LogisticsDetail.model_validate(
        {
            "purchaseOrderOuterId": "3682557363260579405",
            "pnmLogisticsDetails": [
                {
                    "mailNo": "SF1234521212678",
                    "logisticsTraces": [
                        {
                            "statusDesc": "运输中",
                            "province": None,
                            "city": "北京市",
                            "district": "朝阳区",
                            "action": "TMS_STATION_OUT",
                            "facilityName": "北京朝阳集散中心",
                            "time": "2023-12-14 21:39:11",
                            "standerdDesc": "【北京市】 快件已发往 广州中心",
                            "status": "TRANSPORT",
                            "nextCity": "广州市",
                            "nextNodeName": "广州中心",
                        }
                    ],
                }
            ],
        }
    )
    trace = detail.pnm_logistics_details[0].logistics_traces[0]
    assert trace.standerd_desc.startswith("【北京市】") and trace.action == "TMS_STATION_OUT"


def test_1688_cancel_example_round_trips():
    body = {"webSite": "1688", "orderId": 2542285634920880600, "cancelReason": "不想要了"}
    request = ali.CancelRequest.model_validate(body)
    assert request.to_wire() == body
    envelope = Envelope.model_validate(
        {
            "requestId": "0d1de79d9f4540308d14c558f86cb3da",
            "code": 200,
            "developId": "1110890638347337996",
            "msg": "成功",
            "data": True,
        }
    )
    assert envelope.code == 200 and envelope.data is True


def test_1688_receive_goods_example_round_trips():
    request = ali.ReceiveGoodsRequest(order_id=2059624776425880794, order_entry_ids=[1, 2])
    assert request.to_wire() == {"orderId": 2059624776425880794, "orderEntryIds": [1, 2]}
    envelope = Envelope.model_validate(
        {
            "requestId": None,
            "code": 200,
            "developId": None,
            "msg": "成功",
            "data": {"success": True, "errorInfo": "", "errorCode": ""},
        }
    )
    assert ali.ReceiveGoodsResult.model_validate(envelope.data).success is True


def test_1688_yuan_amounts_become_exact_fen():
    detail = ali.OrderDetail.model_validate(
        {
            "baseInfo": {
                "id": 2019601741959504495,
                "status": "waitbuyerpay",
                "totalAmount": Decimal("12.35"),
                "shippingFee": Decimal("0.1"),
            },
            "productItems": [{"productID": 1, "price": "0.07", "quantity": 3}],
        }
    )
    assert detail.base_info.total_amount == 1235
    assert detail.base_info.shipping_fee == 10
    assert detail.product_items[0].price == 7


def test_render_example_request_serialises_like_the_docs():
    request = tb.RenderRequest.model_validate(
        {
            "orderLineList": '[{"itemId":600120680003951077,"quantity":"1","skuId":4951323355633}]',
            "receiver": '{"zip":"311121","country":"中国","address":"智溢路西部科技园",'
            '"city":"杭州市","phone":"","mobile_phone":"","district":"余杭区","name":"simon",'
            '"state":"浙江省"}',
        }
    )
    wire = request.to_wire()
    lines = json.loads(wire["orderLineList"])
    assert lines[0]["itemId"] == "600120680003951077" and lines[0]["quantity"] == "1"
    assert json.loads(wire["receiver"])["name"] == "simon"


def test_callback_example_parses():
    envelope = CallbackEnvelope.model_validate(
        {
            "messageType": "ORDER_CREATE",
            "messageBody": '{"orderId":"3305075341149134260","orderNo":"PO202605200001",'
            '"orderStatus":"WAITING_FOR_PAYMENT","payStatus":1,"totalAmount":10000,'
            '"shippingFee":500,"productAmount":9500,"refundAmount":0,"refundStatus":null,'
            '"closeReason":null,"tbCreateTime":"2026-05-20 15:40:00","payTime":null}',
            "messagePlatform": 1,
            "timestamp": "1779263269913",
        }
    )
    assert envelope.platform == "1688"
    assert envelope.message_body.total_amount == 10000
    assert envelope.message_body.raw_status == "WAITING_FOR_PAYMENT"
    assert envelope.timestamp == 1779263269913
