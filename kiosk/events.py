"""Socket.IO events of the door, emitted after the write commits."""
from __future__ import annotations

from typing import Any

from conference.realtime import attendance_changed, socketio


def checkin_changed(checkin: dict[str, Any] | None) -> None:
    """An admission or an undo: `checkin` to the kiosks (their offline copy), `attendance` to
    staff and the projector."""
    if checkin:
        socketio.emit("checkin", checkin, to="kiosk")
    attendance_changed()
