"""The steps of the new-order conversation (strings, so persisted state stays readable)."""

PLATFORM = "platform"
ITEM = "item"
SKU = "sku"
QTY = "qty"
CART = "cart"
ADDRESS = "address"
ADDR_FIELD = "addr_field"
ADDR_PASTE = "addr_paste"
ADDR_CONFIRM = "addr_confirm"
BUDGET = "budget"
SOURCE = "source"
SELLER_NO = "seller_no"
PREVIEW = "preview"
# Prices or stock changed since the lines were added (handlers/order_recheck.py).
RECHECK = "recheck"
RECHECK_QTY = "recheck_qty"
RESUME = "resume"

ADDRESS_FIELDS = ("name", "mobile", "country", "state", "city", "district", "address", "zip")
OPTIONAL_FIELDS = frozenset({"district"})
