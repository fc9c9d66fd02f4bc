"""Simplified Chinese counted phrases. Chinese has one form for every number (CLDR "other")."""

MESSAGES: dict[str, str] = {
    "count.lines": "{count} 行",
    "count.more_lines": "{count} 行",
    "count.orders": "{count} 个订单",
    "count.rows": "{count} 行",
    "count.sellers": "{count} 个商家",
    "count.drafts": "{count} 个草稿",
    "count.approval_requests": "{count} 个审批申请",
    "count.minutes": "{count} 分钟",
}
