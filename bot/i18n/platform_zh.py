"""平台对订单或商品的答复（简体中文）。"""

MESSAGES: dict[str, str] = {
    "platform.order_not_found": (
        "🔎 平台上没有订单 {ref}（平台单号 <code>{order_no}</code>），可能已在平台上删除。"
        "这里保存的订单保持不变。"
    ),
}
