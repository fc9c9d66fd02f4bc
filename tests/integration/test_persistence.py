"""A real PTB Application with SQLitePersistence resumes a conversation after a restart.

The Bot API is answered from memory by a tiny BaseRequest (getMe, sendMessage), so nothing
leaves the process; everything else is the real python-telegram-bot machinery.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, RequestData

from storage.db import open_database
from storage.persistence import SQLitePersistence

BOT_USER = {"id": 123, "is_bot": True, "first_name": "Order", "username": "order_test_bot"}
CHAT_ID = USER_ID = 555
ASK_NAME, ASK_QUANTITY = range(2)


class MemoryBotApi(BaseRequest):
    """Answers the two Bot API methods this test needs and records what the bot sent."""

    def __init__(self) -> None:
        self.sent_texts: list[str] = []
        self._message_ids = itertools.count(1000)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if api_method == "getMe":
            result: Any = BOT_USER
        elif api_method == "sendMessage":
            self.sent_texts.append(str(params["text"]))
            result = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
        else:
            body = {"ok": False, "error_code": 404, "description": f"Not Found: {api_method}"}
            return 404, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    await update.effective_message.reply_text("Your name?")  # type: ignore[union-attr]
    return ASK_NAME


async def got_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    context.user_data["name"] = update.effective_message.text  # type: ignore[index,union-attr]
    await update.effective_message.reply_text("How many?")  # type: ignore[union-attr]
    return ASK_QUANTITY


async def got_quantity(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    name = context.user_data.get("name")  # type: ignore[union-attr]
    text = update.effective_message.text  # type: ignore[union-attr]
    await update.effective_message.reply_text(f"Done: {name} × {text}")  # type: ignore[union-attr]
    return ConversationHandler.END


def build_app(persistence: SQLitePersistence, api: MemoryBotApi) -> Application:
    app = (
        Application.builder()
        .token("123:abc")
        .persistence(persistence)
        .updater(None)
        .request(api)
        .get_updates_request(MemoryBotApi())
        .build()
    )
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start)],
            states={
                ASK_NAME: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_name)],
                ASK_QUANTITY: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_quantity)],
            },
            fallbacks=[],
            name="t",
            persistent=True,
        )
    )
    return app


_update_ids = itertools.count(1)


def text_update(app: Application, text: str) -> Update:
    update_id = next(_update_ids)
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": CHAT_ID, "type": "private", "first_name": "Ann"},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "Ann"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    update = Update.de_json({"update_id": update_id, "message": message}, app.bot)
    assert update is not None
    return update


async def test_conversation_and_user_data_resume_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "orderbot.db"

    db = open_database(path)
    api = MemoryBotApi()
    app = build_app(SQLitePersistence(db, update_interval=60), api)
    async with app:
        await app.process_update(text_update(app, "/start"))
        await app.process_update(text_update(app, "Alice"))
    db.close()  # the process "restarts": nothing survives but the file
    assert api.sent_texts == ["Your name?", "How many?"]

    db = open_database(path)
    api = MemoryBotApi()
    app = build_app(SQLitePersistence(db, update_interval=60), api)
    async with app:
        assert app.user_data[USER_ID] == {"name": "Alice"}
        # Step 2 answers; without the restored state this text would be ignored.
        await app.process_update(text_update(app, "3"))
    assert api.sent_texts == ["Done: Alice × 3"]
    # The conversation ended, so its row is gone; user_data stays.
    assert db.execute("SELECT count(*) FROM ptb_conversations").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM ptb_user_data").fetchone()[0] == 1
    db.close()


async def test_running_application_writes_every_update_interval(tmp_path: Path) -> None:
    path = tmp_path / "orderbot.db"
    db = open_database(path)
    app = build_app(SQLitePersistence(db, update_interval=0.05), MemoryBotApi())
    async with app:
        await app.start()
        try:
            await app.process_update(text_update(app, "/start"))
            # A second connection (as after a crash) sees the state without any shutdown.
            reader = sqlite3.connect(path)
            try:
                for _ in range(100):
                    rows = reader.execute(
                        "SELECT name, key, state FROM ptb_conversations"
                    ).fetchall()
                    if rows:
                        break
                    await asyncio.sleep(0.02)
            finally:
                reader.close()
            assert rows == [("t", json.dumps([CHAT_ID, USER_ID], separators=(",", ":")), "0")]
        finally:
            await app.stop()
    db.close()
