"""English messages for what the platform answered about an order or product."""

MESSAGES: dict[str, str] = {
    "platform.order_not_found": (
        "🔎 The platform has no order {ref} (platform no. <code>{order_no}</code>): it may have "
        "been removed there. The order stays here as it was."
    ),
}
