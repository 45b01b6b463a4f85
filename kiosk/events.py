"""Socket.IO events of the door, emitted after the write commits.

- `checkin` to `kiosk`: `{"id", "invitee_id", "at", "rev"}` (null `at` after an undo), so every
  kiosk's offline copy stays current; `rev` is the list's after this change (kiosk/sync.py): a
  copy one behind applies it and is current, any other asks `/api/kiosk/roster` what changed;
  no names, no phone numbers;
- then the office's `attendance` to `staff` and `display`.
"""
from __future__ import annotations

from typing import Any

from conference.realtime import socketio
from office.events import attendance_changed


def checkin_changed(checkin: dict[str, Any] | None) -> None:
    """An admission or an undo: `checkin` to the kiosks, `attendance` to staff and the projector."""
    if checkin:
        socketio.emit("checkin", checkin, to="kiosk")
    attendance_changed()
