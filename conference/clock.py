"""Time as the service keeps it (UTC, ISO 8601 with a Z) and as people read it (the
hall's zone). One home for both, so no wing formats a timestamp its own way."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def utc_iso(moment: datetime) -> str:
    """'2025-11-20T01:05:00Z': seconds, UTC, a Z."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def now() -> str:
    return utc_iso(datetime.now(timezone.utc))


def ago(delta: timedelta) -> str:
    """The moment `delta` before now, stored form."""
    return utc_iso(datetime.now(timezone.utc) - delta)


def parse(iso: str) -> datetime:
    """A stored timestamp back to an aware datetime; raises ValueError for anything else."""
    moment = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(iso)
    return moment


def today(zone: str) -> date:
    """The date on the hall's calendar now (a due date is compared with it, not with UTC's)."""
    return datetime.now(ZoneInfo(zone)).date()


def hall_today() -> date:
    """Today on the hall's calendar: the app's TIMEZONE inside the app; this machine's date
    outside it (a script without an app)."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return date.today()
    return today(current_app.config["TIMEZONE"])


def hall_clock() -> str:
    """'<ms since epoch> <minutes east of UTC>' of the hall's zone now, for a page's script: a
    tablet whose own clock or zone is wrong still counts "today" and "in 7 days" as the hall
    does (a due date is checked against the hall's calendar)."""
    from flask import current_app

    moment = datetime.now(ZoneInfo(current_app.config["TIMEZONE"]))
    offset = moment.utcoffset() or timedelta(0)
    return f"{int(moment.timestamp() * 1000)} {int(offset.total_seconds() // 60)}"


def age(iso: str) -> timedelta:
    return datetime.now(timezone.utc) - parse(iso)


def local(iso: str | None, zone: str, pattern: str = "%H:%M") -> str:
    """'2025-11-20T01:05:00Z' → '08:05' (or `pattern`) in the hall's zone; '' for nothing."""
    if not iso:
        return ""
    return parse(iso).astimezone(ZoneInfo(zone)).strftime(pattern)
