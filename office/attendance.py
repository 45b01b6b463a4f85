"""The attendance arithmetic, one home for it: who counts against a group's quota, the
plan's minimum of resident representatives per TDP (a quota under it needs a reason and is
flagged), a group's level on the board, the groups short of the minimum, each TDP's three
officers invited and present, the invited and the present against the hall's capacity.
No Flask here.

The kiosk (walk-ins), the arrivals board, the roster page, the minutes and the
spreadsheets all ask this module; none of them does the sums itself. The minimum is a
floor, not a cap: a walk-in past a TDP's quota is welcome, and the door asks to confirm
only when the hall is full (`over_capacity`).
"""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import store
from conference.i18n import N_, _

from . import officers
from .announcement import announcement_warning

MINIMUM_RESIDENTS = 10  # the plan: at least 10 resident representatives per TDP
DEFAULT_QUOTA = MINIMUM_RESIDENTS

CATEGORIES = ("ward_delegate", "tdp_officer", "resident")
CATEGORY_LABELS = {
    "ward_delegate": N_("Đại biểu phường"),
    "tdp_officer": N_("Cán bộ TDP"),
    "resident": N_("Đại diện nhân dân"),
}


def below_minimum(kind: str, quota: int) -> bool:
    """A TDP's quota under the plan's minimum of resident representatives (0 included): it
    needs a reason, and every place that shows it flags it."""
    return kind == "tdp" and quota < MINIMUM_RESIDENTS


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


def over_capacity(present: int, capacity: int) -> bool:
    """One more person would take the hall past its expected capacity: the only thing a
    walk-in is asked to confirm (a TDP's quota is a minimum to reach, never a cap)."""
    return present + 1 > capacity


def capacity_warning(invited: int, capacity: int) -> str | None:
    """More people invited than the conference expects (its capacity): said before the day."""
    if invited <= capacity:
        return None
    return _(
        "Đã mời %(i)d người, nhiều hơn số người dự kiến của hội nghị (%(c)d chỗ). Hãy bớt người "
        "mời, hoặc sửa số người dự kiến ở trang Hội nghị nếu hội trường đủ chỗ.", i=invited, c=capacity,
    )


def officer_roles(positions: list[dict[str, Any]]) -> dict[str, dict[str, bool]]:
    """The plan's three officers of one TDP, each invited or not and present or not, from the
    positions on its list (`store.officer_positions`): whoever's position names the role,
    whatever their category (a TDP head admitted as a walk-in still counts)."""
    out = {role: {"invited": False, "present": False} for role in officers.ROLES}
    for person in positions:
        for role in officers.roles(person["position"]):
            out[role]["invited"] = True
            out[role]["present"] = out[role]["present"] or person["checked_in_at"] is not None
    return out


def _role_labels() -> dict[str, str]:
    """The three officers' names in the request's language, looked up once per answer rather
    than once per group and use (a lookup costs as much as the rest of a group's work)."""
    return {role: _(label) for role, label in officers.ROLE_LABELS.items()}


def _counted(row: dict[str, Any], positions: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """A group row with its counts and flags, without the store's bookkeeping columns."""
    group = {k: v for k, v in row.items() if k not in ("sort_order", "conference_id")}
    group["short_of_quota"] = short_of_quota(group)
    group["below_minimum"] = below_minimum(group["kind"], group["quota"])
    # The plan's three officers of a TDP: each invited or not, present or not; then the names
    # of those not invited (the roster page, before the day) and not present (board, minutes).
    roles = officer_roles(positions) if group["kind"] == "tdp" else {}
    group["officer_roles"] = [{"role": role, "label": labels[role], **seen} for role, seen in roles.items()]
    group["officers_not_invited"] = [labels[r] for r in officers_uninvited(group)]
    group["officers_missing"] = [labels[r] for r in officers_absent(group)]
    return group


def officers_absent(group: dict[str, Any], invited_only: bool = False) -> list[str]:
    """The codes of a TDP's three officers not in the hall; `invited_only`: of those invited
    (the record says "vắng" only of someone invited, "chưa mời" of the others)."""
    return [r["role"] for r in group.get("officer_roles", []) if not r["present"] and (r["invited"] or not invited_only)]


def officers_uninvited(group: dict[str, Any]) -> list[str]:
    """The codes of a TDP's three officers nobody on its list is (before the day)."""
    return [r["role"] for r in group.get("officer_roles", []) if not r["invited"]]


def group_counts(database: Database, group_id: int) -> dict[str, Any]:
    """One group with its counts, in the shape the door's answers carry."""
    row = store.group_with_counts(database, group_id)
    if not row:
        return {}
    return _counted(row, store.officer_positions(database, row["conference_id"], group_id), _role_labels())


def summary(database: Database, conference: dict[str, Any]) -> dict[str, Any]:
    """The shape of `GET /api/conference` and of the `attendance` event."""
    positions: dict[int, list[dict[str, Any]]] = {}
    for person in store.officer_positions(database, conference["id"]):
        positions.setdefault(person["group_id"], []).append(person)
    labels = _role_labels()
    groups = [_counted(row, positions.get(row["id"], []), labels)
              for row in store.groups_with_counts(database, conference["id"])]
    invited = sum(g["invited"] for g in groups)
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
        "announcement_channel": conference.get("announcement_channel") or "",
        "announcement_warning": announcement_warning(conference),
        "capacity_warning": capacity_warning(invited, conference["capacity"]),
        "minimum_residents": MINIMUM_RESIDENTS,
        "groups": groups,
        "invited": invited,
        "present": sum(g["present"] for g in groups),
    }
