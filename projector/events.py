"""Socket.IO events of the room, emitted after the write commits, to the rooms that may see them.

- `question` to `moderator`: the whole question (no device id);
- `question` to `public` and `display`: only what may be shown (`shapes.public_question`),
  and nothing at all for a question that is not public and never was (pending, or rejected
  or merged straight from pending);
- `my_question` to the asker's own phone (`device:<key>`): its own question, pending too;
- "Hỏi lại" (`ask_back_changed`): the question with its exchange, as `question` to `moderator`
  and `my_question` to the asker's own phone only; the public rooms never hear of it;
- `screen` to `display`, `public` and `moderator`: what the projector shows now;
- `petitions` to `staff`: `{"ids"}` of the petitions (`source` `petition`) a write changed, so
  the office's petitions page shows another's save; ids only.
"""
from __future__ import annotations

import json
from typing import Any

from flask import current_app

from conference import store
from conference.net import public_url
from conference.realtime import device_room, message_queue_state, socketio

from . import shapes

YIELD_EVERY = 50


def question_changed(rows: list[dict[str, Any]], screen_too: bool = True) -> None:
    """After any question write commits: each row to the rooms that may see it; then `screen`.
    A long batch (a petitions sheet, the close of a meeting) lets the door's requests in
    between every `YIELD_EVERY` rows."""
    for n, row in enumerate(rows, 1):
        if n % YIELD_EVERY == 0:
            socketio.sleep(0)
        socketio.emit("question", shapes.staff_question(row), to="moderator")
        # Shown now, or shown until this write (a move sets `was_public`); a row whose
        # visibility a write did not change (a petition's answer, a follow-up) was public
        # exactly when it is shown now.
        if shapes.shown(row) or row.get("was_public", False):
            shown = shapes.public_question(row)
            socketio.emit("question", shown, to="public")
            socketio.emit("question", shown, to="display")
        if row.get("device"):
            socketio.emit("my_question", shapes.own_question(row), to=device_room(row["device"]))
    petitions = [row["id"] for row in rows if row.get("source") == "petition"]
    if petitions:  # the office's petitions page fetches its list again; ids only
        socketio.emit("petitions", {"ids": petitions}, to="staff")
    if screen_too:
        screen_changed()


def ask_back_changed(row: dict[str, Any]) -> None:
    """After the chairman asks back or the asker answers: the exchange to the moderator and to
    the asker's own phone; nothing to `public` or `display` (what they see has not changed)."""
    socketio.emit("question", shapes.staff_question(row), to="moderator")
    if row.get("device"):
        socketio.emit("my_question", shapes.own_question(row), to=device_room(row["device"]))


def screen_changed() -> None:
    """After a move or a room setting commits: what the projector shows now, unless every
    screen already has exactly this (an approval behind the third in line changes nothing
    the hall sees; sending it again would cost a thousand phones' sends for nothing)."""
    database = store.db()
    conference = store.conference_active(database)
    if conference is None:
        return
    payload = shapes.screen(database, conference, public_url() + "/ask")
    if _already_shown(conference["id"], payload):
        return
    for name in ("display", "public", "moderator"):
        socketio.emit("screen", payload, to=name)


def _already_shown(conference_id: int, payload: dict[str, Any]) -> bool:
    """True when this process sent this very `screen` last. Only with one process: with a
    message queue another process may have sent a different one since; a page that
    (re)connects reads `/api/screen` itself, so it never depends on a repeated event."""
    if message_queue_state() != "none":
        return False
    sent = current_app.extensions.setdefault("doithoai.last_screen", {})
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    if sent.get(conference_id) == text:
        return True
    sent[conference_id] = text
    return False
