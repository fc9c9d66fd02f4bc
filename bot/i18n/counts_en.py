"""English counted phrases: `count.<what>` holds the plural forms "one|other" (CLDR order),
chosen by `bot.i18n.counted` for the number; every text that shows a count uses one of these."""

MESSAGES: dict[str, str] = {
    "count.lines": "{count} line|{count} lines",
    "count.more_lines": "{count} more line|{count} more lines",
    "count.orders": "{count} order|{count} orders",
    "count.rows": "{count} row|{count} rows",
    "count.sellers": "{count} seller|{count} sellers",
    "count.drafts": "{count} draft|{count} drafts",
    "count.approval_requests": "{count} approval request|{count} approval requests",
    "count.minutes": "{count} minute|{count} minutes",
}
