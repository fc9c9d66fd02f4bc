"""国家、币种与海外收件人相关错误的中文说明。"""

MESSAGES: dict[str, str] = {
    "err.country.empty": "请输入国家。",
    "err.country.unknown": (
        "“{text}”不是已知的国家。请输入国家名称（越南、Vietnam）或两位代码（VN）。"
    ),
    "err.currency.unknown": "“{text}”不是 ISO 4217 币种代码。",
    "err.currency.not_amount": "“{text}”不是金额。",
    "err.currency.too_precise": (
        "{text} {currency} 的小数位多于 {currency} 使用的位数（{places}）。"
    ),
    "err.receiver.country.unknown": "“{text}”不是已知的国家。请输入国家名称或代码（VN、US）。",
    "err.receiver.zip.wrong_shape": "“{text}”不是{country}的邮政编码（例如 {example}）。",
    "err.abroad.country.unknown": "{text} 不是已知的国家。",
    "err.abroad.country.china": "货物本就在中国：收件人在中国时请照常下单。",
    "err.abroad.mobile.empty": "请输入收件人的电话。",
    "err.abroad.mobile.invalid": "“{text}”不是电话号码。",
    "err.abroad.mobile.other_country": (
        "{text} 是 {number_country} 的电话号码，不是 {country} 的：请输入收件人在 {country} "
        "的号码。"
    ),
    "err.abroad.mobile.invalid_for_country": (
        "{text} 不是 {country} 的有效电话号码（例如 {example}）。"
    ),
    "err.abroad.zip.needed": "请输入邮政编码（例如 {example}）。",
    "err.abroad.zip.wrong_shape": "“{text}”不是 {country} 的邮政编码（例如 {example}）。",
    "err.abroad.state.empty": "请输入州或省。",
    "err.abroad.state.unknown": "“{text}”不是 {country} 的州/省（例如 {example}）。",
    "err.abroad.tax_id.needed": "当地海关需要收件人的 {kind}。",
    "err.abroad.tax_id.invalid": "“{text}”不是有效的 {kind}。",
    "err.abroad.email.invalid": "“{text}”不是邮箱地址。",
    "err.abroad.name.empty": "请输入收件人姓名。",
    "err.abroad.name.too_short": "姓名太短。",
    "err.abroad.name.too_long": "姓名超过 {maximum} 个字符。",
    "err.abroad.name.invalid": "姓名必须包含文字。",
    "err.abroad.address1.empty": "请输入街道地址。",
    "err.abroad.address1.too_short": "街道地址至少需要 {minimum} 个字符（门牌号和街道）。",
    "err.abroad.address1.too_long": "街道地址超过 {maximum} 个字符。",
    "err.abroad.address2.empty": "请输入第二行地址。",
    "err.abroad.address2.too_short": "第二行地址太短。",
    "err.abroad.address2.too_long": "第二行地址超过 {maximum} 个字符。",
    "err.abroad.city.empty": "请输入城市。",
    "err.abroad.city.too_short": "城市名称太短。",
    "err.abroad.city.too_long": "城市名称超过 {maximum} 个字符。",
}
