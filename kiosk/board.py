"""The arrivals board: per group against quota, who of the officers is in, the pace."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from office import attendance

PACE_MINUTES = 5


def board(database: Database, conference: dict[str, Any], zone: str) -> dict[str, Any]:
    """What the board draws; names only of officers and delegates, never a phone number."""
    summary = attendance.summary(database, conference)
    people = store.invitees_list(database, conference["id"])
    officers: dict[int, list[dict[str, Any]]] = {}
    for person in people:
        if person["category"] != "resident":
            officers.setdefault(person["group_id"], []).append({
                "name": person["name"], "position": person["position"],
                "present": person["checked_in_at"] is not None,
            })
    for group in summary["groups"]:
        group["officers"] = officers.get(group["id"], [])
        group["level"] = attendance.level(group)
    since = clock.ago(timedelta(minutes=PACE_MINUTES))
    latest = [
        {"name": row["name"], "group_name": row["group_name"], "time": clock.local(row["at"], zone),
         "walk_in": bool(row["walk_in"]), "flagged": bool(row["flagged"])}
        for row in store.arrivals(database, conference["id"], 8)
    ]
    summary.update({
        "per_minute": round(store.arrivals_since(database, conference["id"], since) / PACE_MINUTES, 1),
        "latest": latest,
        "flagged": store.flagged_count(database, conference["id"]),
    })
    return summary
