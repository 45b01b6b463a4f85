"""Socket.IO events of the office, emitted after the write commits.

- `attendance` to `staff` and `display`: the conference's counts (`attendance.summary`),
  after any roster or check-in change, and to each staff connection as it connects.
No personal data goes out here: counts, group names and the conference's fields only.
"""
from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app

from conference import store
from conference.realtime import on_staff_connect, socketio

from . import attendance


def attendance_changed() -> None:
    """After a roster or check-in write commits: the new counts to staff and the projector.

    With `ATTENDANCE_EVERY` seconds, the counts go out just after the request's answer, and at
    most once in that time: kiosks scanning fifty people a second share one count. The counts
    are read when they go out, so the last one is always the truth. 0 (the default): at once,
    inside the request, before its answer."""
    every = float(current_app.config.get("ATTENDANCE_EVERY") or 0)
    if every <= 0:
        _send_attendance()
        return
    state = current_app.extensions.setdefault("doithoai.attendance", {"due": False, "sent": float("-inf")})
    if state["due"]:
        return  # one is on its way; it reads the counts when it goes
    state["due"] = True
    wait = max(0.0, state["sent"] + every - time.monotonic())
    socketio.start_background_task(_send_later, current_app._get_current_object(), state, wait)


def _send_later(app: Flask, state: dict[str, Any], wait: float) -> None:
    socketio.sleep(wait)
    # Cleared before the counts are read: a change committed from now on sends another.
    state["due"] = False
    state["sent"] = time.monotonic()
    try:
        with app.app_context():
            _send_attendance()
    except Exception:  # a busy disk: the next change sends the counts again
        app.logger.exception("attendance")


def _send_attendance() -> None:
    conference = store.conference_active(store.db())
    if conference is None:
        return
    payload = attendance.summary(store.db(), conference)
    socketio.emit("attendance", payload, to="staff")
    socketio.emit("attendance", payload, to="display")


@on_staff_connect
def attendance_to(sid: str) -> None:
    """A staff page connects: the counts now, so it never waits for the next change."""
    conference = store.conference_active(store.db())
    if conference:
        socketio.emit("attendance", attendance.summary(store.db(), conference), to=sid)
