"""An async client for the Telegram stand-in's /sim API: act as users, read what the bot did.

    async with TelegramSim(standin.sim_url) as sim:
        await sim.send(42, 42, "/start")
        reply = await sim.wait_for(42, "sendMessage")          # the bot's answer to that
        data = sim.button_data(reply, "Confirm")
        await sim.press(42, reply["message_id"], 42, data)

`wait_for` looks, by default, only at calls made after this client's latest user action
(send/press/send_document/send_photo), so "the reply to what I just did" needs no bookkeeping.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import httpx

OutboxCall = dict[str, Any]


class SimRequestError(Exception):
    """The stand-in refused a /sim request (for example: pressing a button that is not there)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class SimTimeout(AssertionError):
    """`wait_for` saw no matching Bot API call in time; the message shows the recent outbox."""


def _summary(call: OutboxCall) -> str:
    params = call.get("params") or {}
    text = params.get("text") or params.get("caption") or ""
    outcome = "ok" if call.get("ok") else f"{call.get('error_code')} {call.get('description')}"
    return (
        f"  #{call['seq']} {call['method']} chat={call.get('chat_id')} "
        f"msg={call.get('message_id')} {outcome} {str(text)[:60]!r}"
    )


class TelegramSim:
    def __init__(
        self,
        sim_url: str,
        *,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`transport=httpx.ASGITransport(standin.app)` talks to the stand-in in-process."""
        self._http = httpx.AsyncClient(
            base_url=sim_url, timeout=timeout, trust_env=False, transport=transport
        )
        # One long poll must end before the HTTP client's own timeout does.
        self._longest_wait = max(1.0, timeout - 5.0)
        self.mark = 0  # outbox seq at this client's latest user action

    async def __aenter__(self) -> TelegramSim:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                message = response.json().get("error", response.text)
            except ValueError:
                message = response.text
            raise SimRequestError(response.status_code, message)
        return response.json()

    def _note_action(self, answer: dict[str, Any]) -> None:
        self.mark = max(self.mark, int(answer.get("outbox_seq", 0)))

    # -- acting as users --------------------------------------------------------------------

    async def send(self, chat_id: int, user_id: int, text: str, **extra: Any) -> dict[str, Any]:
        """A user writes `text`; extra: chat_type, chat_title, first_name, username,
        language_code, reply_to_message_id. Returns the queued update."""
        body = {"chat_id": chat_id, "user_id": user_id, "text": text, **extra}
        answer = await self._request("POST", "/sim/message", json=body)
        self._note_action(answer)
        return answer["update"]

    async def press(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        data: str,
        *,
        forged: bool = False,
        **extra: Any,
    ) -> str:
        """A user presses the inline button carrying `data`; returns the callback_query_id.
        `forged`: send `data` although no button on the message carries it (modified client).
        extra: first_name, username, language_code of the user."""
        body = {"chat_id": chat_id, "message_id": message_id, "user_id": user_id, "data": data}
        body.update(extra)
        if forged:
            body["forged"] = True
        answer = await self._request("POST", "/sim/callback", json=body)
        self._note_action(answer)
        return answer["callback_query_id"]

    async def send_document(
        self,
        chat_id: int,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "chat_id": chat_id,
            "user_id": user_id,
            "file_name": file_name,
            "content_base64": base64.b64encode(content).decode("ascii"),
            **extra,
        }
        if mime_type:
            body["mime_type"] = mime_type
        if caption:
            body["caption"] = caption
        answer = await self._request("POST", "/sim/document", json=body)
        self._note_action(answer)
        return answer["update"]

    async def send_photo(
        self,
        chat_id: int,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A user sends a photo (JPEG, PNG, …); the update's `message.photo` holds its sizes,
        each one a file the bot can getFile. A caption such as `/search` is marked a command."""
        body = {
            "chat_id": chat_id,
            "user_id": user_id,
            "content_base64": base64.b64encode(content).decode("ascii"),
            **extra,
        }
        if caption:
            body["caption"] = caption
        answer = await self._request("POST", "/sim/photo", json=body)
        self._note_action(answer)
        return answer["update"]

    # -- reading ----------------------------------------------------------------------------

    async def outbox(
        self,
        chat_id: int | None = None,
        *,
        after: int | None = None,
        method: str | None = None,
        wait: float | None = None,
        exclude: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """`{"calls": [...], "last": seq}`; `wait` long-polls until a matching call exists;
        `exclude`: methods left out (a follower is not woken for them)."""
        query = {
            "chat_id": chat_id,
            "after": after,
            "method": method,
            "wait": wait,
            "exclude": ",".join(exclude) or None,
        }
        params = {key: value for key, value in query.items() if value is not None}
        return await self._request("GET", "/sim/outbox", params=params)

    async def wait_for(
        self,
        chat_id: int | None,
        method: str | None = None,
        after: int | None = None,
        predicate: Callable[[OutboxCall], bool] | None = None,
        timeout: float = 10.0,
    ) -> OutboxCall:
        """The first Bot API call (successful or not; see `ok`) matching the filters after
        `after` (default: this client's latest user action). Raises SimTimeout."""
        cursor = self.mark if after is None else after
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            wait = min(max(remaining, 0), self._longest_wait)
            page = await self.outbox(chat_id, after=cursor, method=method, wait=wait)
            for call in page["calls"]:
                if predicate is None or predicate(call):
                    return call
            if page["calls"]:
                cursor = page["calls"][-1]["seq"]
            if remaining <= 0:
                break
        recent = (await self.outbox(chat_id))["calls"][-15:]
        lines = "\n".join(_summary(call) for call in recent) or "  (nothing)"
        raise SimTimeout(
            f"no {method or 'Bot API'} call for chat {chat_id} after #{cursor} within "
            f"{timeout:.1f}s; recent outbox:\n{lines}"
        )

    async def chat(self, chat_id: int) -> dict[str, Any]:
        """`{"chat", "migrated_to", "members", "messages"}` as the chat stands now."""
        return await self._request("GET", f"/sim/chat/{chat_id}")

    async def chats(self) -> dict[str, Any]:
        """`{"bot", "chats", "users", "events_last"}`: every chat, latest activity first."""
        return await self._request("GET", "/sim/chats")

    async def events(
        self, *, after: int = 0, chat_id: int | None = None, wait: float | None = None
    ) -> dict[str, Any]:
        """`{"events": [...], "last": seq}`: what changed in the chats after `after`."""
        query = {"after": after, "chat_id": chat_id, "wait": wait}
        params = {key: value for key, value in query.items() if value is not None}
        return await self._request("GET", "/sim/events", params=params)

    async def file(self, file_id: str) -> bytes:
        """The content of a file in a message (a photo size, a document)."""
        response = await self._http.get(f"/sim/file/{file_id}")
        if response.status_code >= 400:
            raise SimRequestError(response.status_code, response.text)
        return response.content

    async def last_bot_message(self, chat_id: int) -> dict[str, Any] | None:
        messages = (await self.chat(chat_id))["messages"]
        return next((m for m in reversed(messages) if m["from_bot"]), None)

    async def flood(self) -> dict[str, Any]:
        """Flood control as it stands: `enabled`, `limits`, `counted`, `refused` (429s by
        limit: bot, private, group) and `refused_total`."""
        return await self._request("GET", "/sim/flood")

    async def set_flood(self, enabled: bool = True, **limits: float) -> dict[str, Any]:
        """Turn Telegram's flood control on (Telegram's limits, or those given) or off."""
        return await self._request("PUT", "/sim/flood", json={"enabled": enabled, **limits})

    async def add_users(self, user_ids: list[int], **extra: Any) -> None:
        """Users who started the bot earlier (their private chats exist); extra: first_name,
        language_code for all of them."""
        users = [{"user_id": user_id, **extra} for user_id in user_ids]
        await self._request("POST", "/sim/users", json={"users": users})

    async def webhook(self) -> dict[str, Any]:
        return await self._request("GET", "/sim/webhook")

    async def commands(self) -> list[dict[str, Any]]:
        return (await self._request("GET", "/sim/commands"))["commands"]

    # -- changing the world -----------------------------------------------------------------

    async def fault(
        self,
        method: str,
        code: int | None = None,
        description: str | None = None,
        *,
        times: int = 1,
        retry_after: int | None = None,
        delay: float | None = None,
    ) -> dict[str, Any]:
        """The next `times` calls of `method` fail with `code` (after `delay` seconds)."""
        body = {"method": method, "code": code, "description": description, "times": times}
        body.update(retry_after=retry_after, delay=delay)
        return await self._request("POST", "/sim/fault", json=body)

    async def raw_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue one update exactly as given (`/sim/update`); returns it with its id."""
        body = {"kind": kind, "payload": payload}
        return (await self._request("POST", "/sim/update", json=body))["update"]

    async def reset(self) -> None:
        answer = await self._request("POST", "/sim/reset")
        self.mark = int(answer.get("outbox_seq", 0))

    async def set_member(self, chat_id: int, user_id: int, status: str, **extra: Any) -> None:
        body = {"chat_id": chat_id, "user_id": user_id, "status": status, **extra}
        await self._request("POST", "/sim/chat_member", json=body)

    async def block(self, user_id: int, blocked: bool = True) -> None:
        await self._request("POST", "/sim/block", json={"user_id": user_id, "blocked": blocked})

    async def migrate(self, chat_id: int, user_id: int | None = None) -> int:
        """Upgrade a group to a supergroup; returns the new chat id."""
        body = {"chat_id": chat_id, "user_id": user_id}
        return int((await self._request("POST", "/sim/migrate", json=body))["new_chat_id"])

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def button_data(message: dict[str, Any], label_substring: str) -> str:
        """callback_data of the first inline button whose label contains `label_substring`.
        `message` may be a /sim/chat message, a Message object, or an outbox call."""
        markup = message.get("reply_markup")
        if markup is None and isinstance(message.get("result"), dict):
            markup = message["result"].get("reply_markup")
        if markup is None and isinstance(message.get("params"), dict):
            markup = message["params"].get("reply_markup")
        buttons = [
            button
            for row in (markup or {}).get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]
        for button in buttons:
            if label_substring in button["text"]:
                return button["callback_data"]
        labels = [button["text"] for button in buttons]
        raise LookupError(f"no button labelled like {label_substring!r}; buttons: {labels}")
