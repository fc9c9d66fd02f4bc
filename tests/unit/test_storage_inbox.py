"""The inbox: stored before acknowledged, repeats recognised, unfinished ones handed back."""

from __future__ import annotations

from storage.db import open_database
from storage.inbox import MAX_ATTEMPTS, Inbox


def _inbox(tmp_path, clock=None) -> Inbox:
    db = open_database(tmp_path / "inbox.db")
    return Inbox(db, clock) if clock else Inbox(db)


def test_an_update_is_stored_once_and_a_redelivery_is_recognised(tmp_path):
    inbox = _inbox(tmp_path)
    body = {"update_id": 7, "message": {"text": "hi"}}
    assert inbox.store(7, body)
    assert not inbox.store(7, dict(reversed(list(body.items()))))  # same content, any key order
    assert [entry.update_id for entry in inbox.unfinished()] == [7]


def test_a_reused_id_with_new_content_is_a_new_update(tmp_path):
    inbox = _inbox(tmp_path)
    inbox.store(1, {"update_id": 1, "message": {"text": "first life"}})
    inbox.start(1)
    inbox.finish(1)
    assert inbox.unfinished() == []
    # Telegram numbered updates anew (a week of silence; a restarted stand-in)
    assert inbox.store(1, {"update_id": 1, "message": {"text": "second life"}})
    [entry] = inbox.unfinished()
    assert entry.body["message"]["text"] == "second life" and entry.attempts == 0


def test_unfinished_updates_come_back_oldest_first_and_a_poison_one_is_given_up(tmp_path):
    inbox = _inbox(tmp_path)
    for update_id in (30, 10, 20):
        inbox.store(update_id, {"update_id": update_id})
    inbox.finish(10)
    assert [e.update_id for e in inbox.unfinished()] == [30, 20]  # in arrival order
    for _ in range(MAX_ATTEMPTS):
        inbox.start(30)  # each start that never finished: the bot died handling it
    assert [e.update_id for e in inbox.unfinished()] == [20]
    assert inbox.is_done(30)  # closed as given up, so one bad update cannot block the rest


def test_done_updates_are_purged_after_a_day(tmp_path):
    now = [1_000_000_000]
    inbox = _inbox(tmp_path, clock=lambda: now[0])
    inbox.store(1, {"update_id": 1})
    inbox.finish(1)
    inbox.store(2, {"update_id": 2})
    now[0] += 25 * 3600 * 1000
    assert inbox.purge_done() == 1
    assert inbox.open_count() == 1  # the open one is never purged


def test_a_redelivery_is_recognised_across_telegram_and_ptb_forms(tmp_path):
    """Earlier versions stored PTB's `Update.to_dict()` when polling; an update stored so and
    delivered again as Telegram sent it is the same update, not a new one."""
    from telegram import Update

    raw = {
        "update_id": 9,
        "message": {
            "message_id": 5,
            "date": 1764662400,
            "chat": {"id": 42, "type": "private", "first_name": "Ann"},
            "from": {"id": 42, "is_bot": False, "first_name": "Ann"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    inbox = _inbox(tmp_path)
    assert inbox.store(9, Update.de_json(raw, None).to_dict())
    assert not inbox.store(9, raw)
    changed = {**raw, "message": {**raw["message"], "text": "/help"}}
    assert inbox.store(9, changed)  # new content under the id: a new update
