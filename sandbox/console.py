"""The terminal chat of `orderbot demo --console`: you are a Telegram user, the bot answers here.

What you type is sent to the bot as it is — `4` is the text "4". Console keys start with ':'.
Every bot message shows its number (#12) and its buttons `[12.1] Taobao`; `:12.1` presses that
button of that message, whatever arrived since, so a notification never shifts what you press.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from sandbox.console_input import LineSource, PipeLines, TerminalLines, console_output, is_terminal
from sandbox.telegram.client import SimRequestError, TelegramSim

HELP = """\
What you type is sent to the bot as it is (numbers too). Console keys start with ':':
  :12.3              press button 3 of message #12 (shown beside each button)
  :reply 12 TEXT     reply to message #12 (e.g. a reject reason the bot asks for)
  :paste … :end      send the lines in between as one message (a pasted block works too)
  :as ID [NAME]      act as user ID (e.g. :as 1002);  :lang en|zh  your language
  :group [NAME|ID]   talk in a group (default: the demo team group);  :private  back
  :chats             the chats there are
  :file PATH [CAPTION]   send a file;  :photo PATH [CAPTION]   send a photo
  ::TEXT             send TEXT that starts with ':'
  :help              this list;  :quit (or Ctrl-C, Ctrl-D) stops the demo"""

_TAG = re.compile(r"<[^>]+>")
_PRESS = re.compile(r":(\d{1,9})\.(\d{1,3})")
_LANGUAGE = re.compile(r"[a-z]{2}")
MAX_FILE_BYTES = 50 * 1024 * 1024
_SENT = ("sendMessage", "sendPhoto", "sendDocument")
_EDITS = ("editMessageText", "editMessageCaption", "editMessageReplyMarkup")


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


class UsageError(Exception):
    """A console key used wrongly; the message says how to use it."""


def flat_buttons(markup: Any) -> list[dict[str, Any]]:
    """An inline keyboard's buttons in reading order: the order the console numbers them."""
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    return [button for row in rows or [] for button in row]


class Console:
    def __init__(
        self,
        sim: TelegramSim,
        *,
        user_id: int,
        group_id: int,
        file_url: str = "",
        out: TextIO | None = None,
    ) -> None:
        self.sim = sim
        self.user_id = user_id
        self.chat_id = user_id
        self.group_id = group_id
        self.file_url = file_url.rstrip("/")  # the stand-in, where files can be downloaded
        self.out = out
        self.first_name: str | None = None
        self.language: str | None = None
        self.paste: list[str] | None = None  # the lines of an open :paste block
        self._cursor = 0

    def write(self, text: str) -> None:
        print(text, file=self.out or sys.stdout, flush=True)

    def prompt(self) -> str:
        where = "private" if self.chat_id > 0 else f"group {self.chat_id}"
        return f"{self.user_id} · {where} › "

    # --- what the bot does ----------------------------------------------------------------

    async def follow_bot(self) -> None:
        """Print every message, edit and answer of the bot in the current chat, as it happens;
        one line about anything new in another chat."""
        while True:
            try:
                page = await self.sim.outbox(after=self._cursor, wait=5)
            except Exception:  # the stand-in is stopping or busy: try again shortly
                await asyncio.sleep(0.5)
                continue
            for call in page["calls"]:
                self._cursor = max(self._cursor, call["seq"])
                if call.get("ok"):
                    self.show(call)

    def show(self, call: dict[str, Any]) -> None:
        method, params = call["method"], call.get("params") or {}
        chat_id = call.get("chat_id")
        if chat_id != self.chat_id:
            if method in _SENT and chat_id is not None:
                where = "a private chat" if chat_id > 0 else f"group {chat_id}"
                text = plain(str(params.get("text") or params.get("caption") or ""))[:60]
                self.write(f"🔔 new in {where} ({chat_id}): {text}")
            return
        number = call.get("message_id")
        if method in _SENT:
            head = f"\n🤖 #{number} {self._content(call)}".rstrip()
        elif method in _EDITS:
            what = self._content(call) if method != "editMessageReplyMarkup" else ""
            head = f"\n🤖 #{number} (edited) {what}".rstrip()
        elif method == "deleteMessage":
            head = f"🤖 #{number} deleted"
        elif method == "answerCallbackQuery" and params.get("text"):
            head = f"   {'⚠️' if params.get('show_alert') else '💬'} {params['text']}"
        else:
            return
        # one write per message, so its buttons never arrive apart from it
        self.write("\n".join([head, *self._buttons(number, params.get("reply_markup"))]))

    def _content(self, call: dict[str, Any]) -> str:
        params, result = call.get("params") or {}, call.get("result") or {}
        text = plain(str(params.get("text") or params.get("caption") or ""))
        if call["method"] == "sendPhoto":
            photo = params.get("photo")
            url = photo if isinstance(photo, str) and photo.startswith("http") else None
            if url is None and result.get("photo"):
                url = f"{self.file_url}/sim/file/{result['photo'][-1]['file_id']}"
            return f"🖼 {url or 'photo'}\n{text}".rstrip()
        if call["method"] == "sendDocument" and result.get("document"):
            document = result["document"]
            link = f"{self.file_url}/sim/file/{document['file_id']}?download=1"
            name = document.get("file_name", "file")
            return f"📄 {name} ({document.get('file_size', 0)} bytes) {link}\n{text}".rstrip()
        return text

    def _buttons(self, number: int | None, markup: Any) -> list[str]:
        if not isinstance(markup, dict):
            return []
        if markup.get("force_reply"):
            return [f"   ↩ answer with  :reply {number} <your text>"]
        lines, index = [], 0
        for row in markup.get("inline_keyboard") or []:
            labels = []
            for button in row:
                index += 1
                link = f" ↗ {button['url']}" if "url" in button else ""
                labels.append(f"[{number}.{index}] {button['text']}{link}")
            lines.append("   " + "   ".join(labels))
        return lines

    # --- what you do ------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Act on one input (it may hold several lines); False means quit."""
        if self.paste is not None:
            return await self._in_paste(line)
        text = line.rstrip("\r\n")
        if not text.strip():
            return True
        if text.startswith("::"):
            await self._send_text(text[1:])
            return True
        if not text.startswith(":"):
            await self._send_text(text)
            return True
        try:
            return await self._key(text.strip())
        except UsageError as exc:
            self.write(f"({exc})")
        except SimRequestError as exc:
            self.write(f"(the stand-in refused: {exc.message})")
        return True

    async def _in_paste(self, line: str) -> bool:
        assert self.paste is not None
        if line.strip() == ":end":
            block, self.paste = "\n".join(self.paste).strip("\n"), None
            if block.strip():
                await self._send_text(block)
            else:
                self.write("(the :paste block was empty; nothing sent)")
        else:
            self.paste.append(line.rstrip("\r\n"))
        return True

    async def _key(self, text: str) -> bool:
        name, _, rest = text.partition(" ")
        rest = rest.strip()
        if name in (":quit", ":q", ":exit"):
            return False
        if press := _PRESS.fullmatch(text):
            await self._press(int(press[1]), int(press[2]))
        elif name == ":help":
            self.write(HELP)
        elif name == ":paste":
            if rest:
                raise UsageError("usage: :paste, then the lines, then :end on a line of its own")
            self.paste = []
            self.write("(pasting: the lines up to :end are sent as one message)")
        elif name == ":end":
            raise UsageError("no :paste block is open")
        elif name == ":reply":
            await self._reply(rest)
        elif name == ":as":
            self._as(rest)
        elif name == ":lang":
            self._lang(rest)
        elif name == ":group":
            await self._group(rest)
        elif name == ":private":
            self.chat_id = self.user_id
            self.write(f"(private chat with the bot as user {self.user_id})")
        elif name == ":chats":
            await self._chats()
        elif name in (":file", ":photo"):
            await self._send_file(name == ":photo", rest)
        elif re.fullmatch(r":\d+", name):
            raise UsageError(
                f"say which message: :<message>.<button>, e.g. :12.{name[1:]} — the numbers "
                "are shown beside each button"
            )
        else:
            raise UsageError(f"unknown console key {name} — :help lists them; ::text sends text")
        return True

    def _identity(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.first_name:
            extra["first_name"] = self.first_name
        if self.language:
            extra["language_code"] = self.language
        return extra

    async def _send_text(self, text: str, **extra: Any) -> None:
        try:
            await self.sim.send(self.chat_id, self.user_id, text, **self._identity(), **extra)
        except SimRequestError as exc:
            self.write(f"(not sent: {exc.message})")

    async def _press(self, message_id: int, index: int) -> None:
        try:
            messages = (await self.sim.chat(self.chat_id))["messages"]
        except SimRequestError as exc:
            if exc.status != 404:
                raise
            messages = []  # nobody has written in this chat yet
        message = next((m for m in messages if m["message_id"] == message_id), None)
        if message is None:
            raise UsageError(f"there is no message #{message_id} in this chat")
        buttons = flat_buttons(message.get("reply_markup"))
        if not buttons:
            raise UsageError(f"message #{message_id} has no buttons (any more)")
        if not 1 <= index <= len(buttons):
            raise UsageError(f"message #{message_id} has buttons {message_id}.1–{len(buttons)}")
        button = buttons[index - 1]
        if "url" in button:
            self.write(f"(a link: open {button['url']} in your browser)")
            return
        if "callback_data" not in button:
            raise UsageError(f"“{button['text']}” is not a button the console can press")
        self.write(f"(pressed: {button['text']})")
        await self.sim.press(
            self.chat_id, message_id, self.user_id, button["callback_data"], **self._identity()
        )

    async def _reply(self, rest: str) -> None:
        number, _, text = rest.partition(" ")
        if not number.isdigit() or not text.strip():
            raise UsageError("usage: :reply <message number> <text>, e.g. :reply 12 too expensive")
        await self._send_text(text.strip(), reply_to_message_id=int(number))

    def _as(self, rest: str) -> None:
        user, _, name = rest.partition(" ")
        if not user.isdigit() or int(user) <= 0:
            raise UsageError("usage: :as <user id> [first name], e.g. :as 1002")
        self.user_id = int(user)
        self.first_name = name.strip() or None
        if self.chat_id > 0:
            self.chat_id = self.user_id
        self.write(f"(you are now user {self.user_id}{f' ({self.first_name})' if name else ''})")

    def _lang(self, rest: str) -> None:
        if not _LANGUAGE.fullmatch(rest):
            raise UsageError("usage: :lang <two-letter code>, e.g. :lang zh or :lang en")
        self.language = rest
        self.write(f"(your Telegram language is now {rest}; the bot answers in it if it can)")

    async def _group(self, rest: str) -> None:
        if not rest:
            group_id = self.group_id
        elif re.fullmatch(r"-?\d+", rest):
            group_id = int(rest)
            if group_id >= 0:
                raise UsageError("group chat ids are negative, e.g. :group -100100")
        else:
            group_id = await self._group_named(rest)
        self.chat_id = group_id
        self.write(f"(you are in group {group_id} as user {self.user_id})")

    async def _group_named(self, name: str) -> int:
        groups = [chat for chat in (await self.sim.chats())["chats"] if chat["id"] < 0]
        found = [chat for chat in groups if name.casefold() in str(chat.get("title")).casefold()]
        if len(found) == 1:
            return int(found[0]["id"])
        known = ", ".join(f"{chat['id']} “{chat.get('title')}”" for chat in groups) or "none yet"
        if found:
            raise UsageError(f"several groups are named like “{name}”: {known}")
        raise UsageError(
            f"no group named like “{name}”; groups: {known}. :group <negative id> opens a new one"
        )

    async def _chats(self) -> None:
        for chat in (await self.sim.chats())["chats"]:
            title = chat.get("title") or f"private chat of {chat.get('first_name')}"
            here = "  ← you are here" if chat["id"] == self.chat_id else ""
            self.write(f"  {chat['id']:>12}  {chat['type']:<10} {title}{here}")

    async def _send_file(self, as_photo: bool, rest: str) -> None:
        key = ":photo" if as_photo else ":file"
        path_text, _, caption = rest.partition(" ")
        if not path_text:
            raise UsageError(f"usage: {key} <path> [caption]")
        path = Path(path_text).expanduser()
        if not path.is_file():
            raise UsageError(f"no file at {path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UsageError(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB")
        content = path.read_bytes()
        extra = {**self._identity(), "caption": caption.strip() or None}
        if as_photo:
            await self.sim.send_photo(self.chat_id, self.user_id, content, **extra)
        else:
            await self.sim.send_document(self.chat_id, self.user_id, path.name, content, **extra)
        self.write(f"(sent {path.name})")

    # --- running ----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, lines: LineSource | None = None) -> None:
        """Until :quit, the end of the input, Ctrl-C (in a terminal) or `stop`."""
        terminal = lines is None and is_terminal()
        source = lines or (TerminalLines(self.prompt) if terminal else PipeLines())
        self._cursor = (await self.sim.outbox())["last"]
        with console_output(terminal):
            self.write(HELP)
            follower = asyncio.create_task(self.follow_bot())
            stopped = asyncio.create_task(stop.wait())
            try:
                while True:
                    reading = asyncio.create_task(source.read())
                    await asyncio.wait({reading, stopped}, return_when=asyncio.FIRST_COMPLETED)
                    if not reading.done():
                        reading.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await reading
                        break
                    line = reading.result()
                    if line is None or not await self.handle(line):
                        break
            finally:
                for task in (follower, stopped):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        self.write("(demo stopping)")
