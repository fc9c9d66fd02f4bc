"""A terminal chat client for `orderbot demo`: you are a Telegram user, the bot answers here.

Buttons are shown as numbered choices; type the number to press one. Lines starting with ':' are
console commands (:help lists them); anything else is sent to the bot as a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
from typing import Any, TextIO

from sandbox.telegram.client import TelegramSim

HELP = """\
Console commands:
  <number>          press button <number> of the latest message with buttons
  :as <user id>     act as another user (e.g. :as 1002)
  :group [chat id]  talk inside a group chat (default -100100), :private to go back
  :help             this list
  :quit             stop the demo
Anything else is sent to the bot as a message (try /start, /neworder, or paste a link)."""

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


class Console:
    def __init__(
        self,
        sim: TelegramSim,
        *,
        user_id: int,
        group_id: int = -100100,
        out: TextIO = sys.stdout,
    ) -> None:
        self.sim = sim
        self.user_id = user_id
        self.chat_id = user_id
        self.chat_type = "private"
        self.group_id = group_id
        self.out = out
        self.buttons: list[tuple[int, int, str, str]] = []  # (chat, message, label, data)
        self._cursor = 0

    def write(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # --- what the bot does --------------------------------------------------------------------

    async def follow_bot(self) -> None:
        """Print every message and edit the bot makes in the current chat, as it happens."""
        while True:
            page = await self.sim.outbox(after=self._cursor, wait=5)
            for call in page["calls"]:
                self._cursor = max(self._cursor, call["seq"])
                self.show(call)

    def show(self, call: dict[str, Any]) -> None:
        method = call["method"]
        params = call.get("params") or {}
        chat_id = params.get("chat_id", call.get("chat_id"))  # answers carry it in the outbox
        if str(chat_id) != str(self.chat_id) or not call.get("ok", True):
            return
        text = params.get("text") or params.get("caption")
        if method in ("sendMessage", "sendPhoto", "sendDocument") and text is not None:
            prefix = "🖼  " if method == "sendPhoto" else ""
            self.write(f"\n🤖 {prefix}{plain(str(text))}")
        elif method in ("editMessageText", "editMessageCaption") and text is not None:
            self.write(f"\n🤖 (edited) {plain(str(text))}")
        elif method == "answerCallbackQuery" and params.get("text"):
            self.write(f"   💬 {params['text']}")
        else:
            return
        markup = params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if rows:
            self.buttons = []
            for row in rows:
                for button in row:
                    if "callback_data" in button:
                        self.buttons.append(
                            (
                                self.chat_id,
                                call["message_id"],
                                button["text"],
                                button["callback_data"],
                            )
                        )
                    elif "url" in button:
                        self.write(f"   🔗 {button['text']}: {button['url']}")
            for number, (_, _, label, _) in enumerate(self.buttons, start=1):
                self.write(f"   [{number}] {label}")

    # --- what you do --------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Act on one input line; False means quit."""
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q", ":exit"):
            return False
        if line == ":help":
            self.write(HELP)
        elif line.startswith(":as"):
            parts = line.split()
            if len(parts) == 2 and parts[1].lstrip("-").isdigit():
                self.user_id = int(parts[1])
                if self.chat_type == "private":
                    self.chat_id = self.user_id
                self.write(f"(you are now user {self.user_id})")
            else:
                self.write("usage: :as <user id>")
        elif line.startswith(":group"):
            parts = line.split()
            self.group_id = int(parts[1]) if len(parts) == 2 else self.group_id
            self.chat_id, self.chat_type = self.group_id, "group"
            self.write(f"(you are in group {self.group_id} as user {self.user_id})")
        elif line == ":private":
            self.chat_id, self.chat_type = self.user_id, "private"
            self.write(f"(private chat with the bot as user {self.user_id})")
        elif line.isdigit() and self.buttons:
            await self._press(int(line))
        else:
            extra = {"chat_type": self.chat_type, "first_name": f"User{self.user_id}"}
            if self.chat_type != "private":
                extra["chat_title"] = "Demo purchasing team"
            await self.sim.send(self.chat_id, self.user_id, line, **extra)
        return True

    async def _press(self, number: int) -> None:
        if not 1 <= number <= len(self.buttons):
            self.write(f"(no button {number}; there are {len(self.buttons)})")
            return
        chat_id, message_id, label, data = self.buttons[number - 1]
        self.write(f"(pressed: {label})")
        try:
            await self.sim.press(chat_id, message_id, self.user_id, data)
        except Exception as exc:  # e.g. the button is gone after an edit
            self.write(f"(that button is no longer there: {exc})")

    async def run(self, lines: TextIO = sys.stdin) -> None:
        self._cursor = (await self.sim.outbox())["last"]
        self.write(HELP)
        follower = asyncio.create_task(self.follow_bot())
        try:
            while True:
                line = await asyncio.to_thread(lines.readline)
                if line == "" or not await self.handle(line):
                    break
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower
