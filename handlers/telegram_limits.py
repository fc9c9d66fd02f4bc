"""How much text Telegram takes in one message, for every handler that builds one."""

MESSAGE_LIMIT = 4000  # below Telegram's 4096, leaving room for entities
CAPTION_LIMIT = 1024  # a photo's caption
