"""The strict Telegram Bot API stand-in and its simulation API (see server.py)."""
