"""The offline queue's replay, the server's half (the kiosk's half is
static/js/kiosk/queue.js): a kiosk that lost the server admits from its own copy, keeps
each scan with a `scan_id` and the moment it was made (`offline_at`), and sends them once
the server answers.

- a `scan_id` seen before gets the first answer again, and nothing is written twice;
- someone admitted offline at two kiosks counts once, and the admission is flagged for a
  look (**cần kiểm tra** on the board);
- an admission made offline keeps the moment it was made (`admitted_at`), not the replay's.
"""
from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.answers import earlier_answer, remember  # noqa: F401 (the door's names for them)
from conference.errors import invalid
from conference.i18n import _

MAX_SCAN_ID = 100


def scan_id(body: dict[str, Any], user: Any) -> str | None:
    """The key of the body's `scan_id`, checked; None when the kiosk sent none. It is this
    desk's (`user`: a paired tablet, a login): another desk's same id is another scan, and
    never gets this one's answer."""
    value = body.get("scan_id")
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SCAN_ID:
        raise invalid(_("Mã lượt quét (scan_id) phải là chuỗi từ 1 đến %(n)d ký tự.", n=MAX_SCAN_ID))
    return f"scan:{user.kind}:{user.id}:{value}"


def offline_at(body: dict[str, Any]) -> str | None:
    """When a queued scan was made at the kiosk (stored form); None for a live scan."""
    value = body.get("offline_at")
    if value is None:
        return None
    try:
        moment = clock.parse(str(value))
        return clock.utc_iso(moment.astimezone(timezone.utc))
    except (ValueError, OverflowError):  # not a date, or one the calendar cannot shift (year 1, 9999)
        raise invalid(_("Thời điểm quét khi mất mạng (offline_at) phải theo ISO 8601, có múi giờ."))


BELIEVABLE = timedelta(hours=12)  # a Wi-Fi outage, not a tablet whose clock is days off


def admitted_at(when_offline: str | None) -> str:
    """When the person came in: the moment the kiosk admitted them offline, when it is
    believable (within the last BELIEVABLE, not ahead of this laptop's clock), so the board,
    the minutes and attendance.csv show the arrival, not the moment the Wi-Fi came back;
    otherwise now."""
    now = clock.now()
    if when_offline and clock.ago(BELIEVABLE) <= when_offline <= now:
        return when_offline
    return now


def admitted_twice(database: Database, admission: dict[str, Any], kiosk: str, when_offline: str | None) -> bool:
    """Admitted offline here and elsewhere too: counted once, flagged. True when flagged."""
    if when_offline and admission["kiosk"] != kiosk:
        store.checkin_flag(database, admission["id"])
        return True
    return False
