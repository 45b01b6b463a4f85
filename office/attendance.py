"""The attendance arithmetic, one home for it: who counts against a group's quota, the
plan's minimum of resident representatives per TDP, a group's level on the board, the
groups short of the minimum, the hall's capacity. No Flask here.

The kiosk (walk-ins), the arrivals board, the roster page, the minutes and the
spreadsheets all ask this module; none of them does the sums itself.
"""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import store
from conference.i18n import N_

from .announcement import announcement_warning

MINIMUM_RESIDENTS = 10  # the plan: at least 10 resident representatives per TDP
DEFAULT_QUOTA = MINIMUM_RESIDENTS

CATEGORIES = ("ward_delegate", "tdp_officer", "resident")
CATEGORY_LABELS = {
    "ward_delegate": N_("Đại biểu phường"),
    "tdp_officer": N_("Cán bộ TDP"),
    "resident": N_("Đại diện nhân dân"),
}


def required(group: dict[str, Any]) -> int:
    """Residents a TDP must bring: its quota, and never fewer than the plan's minimum."""
    return max(group["quota"], MINIMUM_RESIDENTS) if group["kind"] == "tdp" else 0


def meets_minimum(group: dict[str, Any]) -> bool:
    """A TDP whose residents present reach what it must bring (the ward group always does)."""
    return group["kind"] != "tdp" or group["residents_present"] >= required(group)


def short_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The TDPs still short of their residents, as the minutes name them."""
    return [g for g in groups if not meets_minimum(g)]


def level(group: dict[str, Any]) -> str:
    """How the board colours a group: below, at or above its quota; `ward` for delegates."""
    if group["kind"] != "tdp":
        return "ward"
    residents, quota = group["residents_present"], group["quota"]
    return "below" if residents < quota else ("at" if residents == quota else "above")


def short_of_quota(group: dict[str, Any]) -> int:
    """Residents still to invite for a TDP to fill its quota (the roster page)."""
    return max(0, group["quota"] - group["residents_invited"]) if group["kind"] == "tdp" else 0


def over_quota(group: dict[str, Any]) -> bool:
    """One more resident would take a residential group past its quota."""
    return group["kind"] == "tdp" and group["residents_present"] + 1 > group["quota"]


def over_capacity(present: int, capacity: int) -> bool:
    """One more person would take the hall past its expected capacity."""
    return present + 1 > capacity


def _counted(row: dict[str, Any]) -> dict[str, Any]:
    """A group row with its counts, without the store's bookkeeping columns."""
    group = {k: v for k, v in row.items() if k not in ("sort_order", "conference_id")}
    group["short_of_quota"] = short_of_quota(group)
    return group


def group_counts(database: Database, group_id: int) -> dict[str, Any]:
    """One group with its counts, in the shape the door's answers carry."""
    row = store.group_with_counts(database, group_id)
    return _counted(row) if row else {}


def summary(database: Database, conference: dict[str, Any]) -> dict[str, Any]:
    """The shape of `GET /api/conference` and of the `attendance` event."""
    groups = [_counted(row) for row in store.groups_with_counts(database, conference["id"])]
    return {
        "id": conference["id"],
        "title": conference["title"],
        "organization": conference["organization"],
        "held_on": conference["held_on"],
        "starts_at": conference["starts_at"],
        "venue": conference["venue"],
        "chair": conference["chair"],
        "capacity": conference["capacity"],
        "announced_on": conference["announced_on"],
        "announcement_warning": announcement_warning(conference),
        "groups": groups,
        "invited": sum(g["invited"] for g in groups),
        "present": sum(g["present"] for g in groups),
    }
