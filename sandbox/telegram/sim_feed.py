"""/sim endpoints a chat client (the web chat, the console) reads: the chats and users there are,
a live feed of what changed, and the files in messages.

`GET /sim/events?after=N&wait=S` long-polls like /sim/outbox but reports what a person watching
the chats would notice — a message posted (by the bot or any user), edited or deleted, a button's
answer (its toast or alert), a chat's members changed, everything reset — so a client refreshes
just the chat that changed.
"""

from __future__ import annotations

import bisect
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from sandbox.telegram.sim_io import SimError, optional_int, sim_endpoint
from sandbox.telegram.state import SimChat, StandInState, StoredMessage

MAX_EVENTS_WAIT = 60.0
SNIPPET_LENGTH = 80


def _snippet(stored: StoredMessage) -> dict[str, Any]:
    data = stored.data
    text = data.get("text") or data.get("caption") or ""
    if "photo" in data:
        kind = "photo"
    elif "document" in data:
        kind = "document"
        text = text or data["document"].get("file_name", "")
    else:
        kind = "text" if "text" in data else "service"
    return {
        "message_id": stored.message_id,
        "from_bot": stored.from_bot,
        "from": data.get("from"),
        "date": data["date"],
        "kind": kind,
        "text": text[:SNIPPET_LENGTH],
    }


def _chat_summary(chat: SimChat) -> dict[str, Any]:
    live = [stored for stored in chat.messages.values() if not stored.deleted]
    return {
        **chat.to_json(),
        "migrated_to": chat.migrated_to,
        "members": {str(user_id): status for user_id, status in chat.statuses.items()},
        "last_message": _snippet(live[-1]) if live else None,
    }


def _user_json(state: StandInState, user_id: int) -> dict[str, Any]:
    user = state.users[user_id]
    return {**user.to_json(), "blocked_bot": user.blocked_bot}


class SimFeedApi:
    def __init__(self, state: StandInState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/sim/chats", self.chats, methods=["GET"]),
            Route("/sim/events", self.events, methods=["GET"]),
            Route("/sim/file/{file_id}", self.file, methods=["GET"]),
        ]

    @sim_endpoint
    async def chats(self, request: Request) -> Response:
        """Every chat (the latest activity first), every user who has appeared, and the bot."""
        chats = sorted(
            (_chat_summary(chat) for chat in self.state.chats.values()),
            key=lambda chat: (chat["last_message"] or {}).get("date", 0),
            reverse=True,
        )
        return JSONResponse(
            {
                "bot": self.state.bot_user_json(),
                "chats": chats,
                "users": [_user_json(self.state, user_id) for user_id in self.state.users],
                "events_last": self.state.events_last,
            }
        )

    @sim_endpoint
    async def events(self, request: Request) -> Response:
        query = dict(request.query_params)
        after = optional_int(query, "after") or 0
        chat_id = optional_int(query, "chat_id")
        try:
            wait = min(float(query.get("wait") or 0), MAX_EVENTS_WAIT)
        except ValueError as exc:
            raise SimError("'wait' must be a number of seconds") from exc

        def matching() -> list[dict[str, Any]]:
            events = self.state.events
            start = bisect.bisect_right(events, after, key=lambda event: event["seq"])
            return [
                event
                for event in events[start:]
                if chat_id is None or event["chat_id"] in (chat_id, None)
            ]

        await self.state.wait_until(self.state.events_signal, lambda: bool(matching()), wait)
        return JSONResponse({"events": matching(), "last": self.state.events_last})

    @sim_endpoint
    async def file(self, request: Request) -> Response:
        """A file of a message by its file_id: `?download=1` asks the browser to save it."""
        stored = self.state.files.get(request.path_params["file_id"])
        if stored is None:
            raise SimError("no file with this file_id", status=404)
        if not stored.content:
            if stored.source_url:  # a photo sent by an URL the stand-in did not fetch
                return RedirectResponse(stored.source_url, status_code=307)
            raise SimError("the stand-in holds no content for this file", status=404)
        media_type = stored.mime_type or "application/octet-stream"
        headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
        # only photos open in the page; anything else a user uploaded is saved, never run
        if request.query_params.get("download") or not media_type.startswith("image/"):
            name = stored.file_name or stored.file_path.rsplit("/", 1)[-1]
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return Response(stored.content, media_type=media_type, headers=headers)
