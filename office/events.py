"""Socket.IO events of the office, emitted after the write commits.

- `attendance` to `staff` and `display`: the conference's counts (`attendance.summary`),
  after any roster or check-in change, and to each staff connection as it connects.
No personal data goes out here: counts, group names and the conference's fields only.
"""
from __future__ import annotations

from conference import store
from conference.realtime import on_staff_connect, socketio

from . import attendance


def attendance_changed() -> None:
    """After a roster or check-in write commits: the new counts to staff and the projector."""
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
