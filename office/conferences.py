"""Conferences: their fields, creating one, the active one; the plan's defaults. No Flask."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.errors import not_found
from conference.i18n import _
from conference.inputs import iso_day, json_object, whole_number
from conference.migrations import DEFAULT_TOPICS
from conference.text import clean

from . import groups
from .announcement import MAX_CHANNEL
from .groups import WARD_GROUP_NAME, group_key, refused


def default_conference_fields(today: date | None = None) -> dict[str, Any]:
    """A new conference's fields before the office fills them in. No announcement date nor
    channel: they say an announcement was made, which only the office can know."""
    today = today or clock.hall_today()
    return {
        "title": f"Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm {today.year}",
        "organization": "UBND phường",
        "held_on": (today + timedelta(days=14)).isoformat(),
        "starts_at": "08:00",
        "venue": "Hội trường UBND phường",
        "chair": "Chủ tịch UBND phường",
        "capacity": 120,
    }


# What the conferences page sends ("activate" too when it creates one).
CONFERENCE_INPUT = ("title", "organization", "venue", "chair", "invitation_number", "held_on", "announced_on",
                    "starts_at", "announcement_channel", "capacity")


def validate_conference(data: Any, partial: bool = False) -> dict[str, Any]:
    """Checked conference fields from a form or JSON body; raises Refusal (a key it does not
    take, named: "titel" would otherwise be answered 200 with the title unchanged)."""
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    json_object(data, fields=CONFERENCE_INPUT if partial else (*CONFERENCE_INPUT, "activate"))
    out: dict[str, Any] = {}
    # The invitation's number too: the office prints the invitations, and the record page (the
    # secretary's, where it also is) is not on the office's menu.
    for key, limit in (("title", 200), ("organization", 120), ("venue", 200), ("chair", 120), ("invitation_number", 60)):
        if key in data:
            value = clean(data[key]) if isinstance(data[key], (str, int)) else None
            if value is None or len(value) > limit:
                raise refused(_("Trường '%(f)s' không hợp lệ (tối đa %(n)d ký tự).", f=key, n=limit))
            out[key] = value
    if not partial and not out.get("title"):
        raise refused(_("Cần nhập tên hội nghị."))
    for key in ("held_on", "announced_on"):
        if key in data:
            value = data[key]
            if key == "announced_on" and value in (None, ""):
                out[key] = None
                continue
            try:
                out[key] = iso_day(value).isoformat()
            except ValueError:
                raise refused(_("Ngày '%(v)s' không hợp lệ (dạng NNNN-TT-NN).", v=clean(value)[:20]))
    if not partial and "held_on" not in out:
        raise refused(_("Cần nhập ngày tổ chức hội nghị."))
    if "starts_at" in data:
        value = clean(data["starts_at"])
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value, re.ASCII):
            raise refused(_("Giờ bắt đầu không hợp lệ (dạng GG:PP, ví dụ 08:00)."))
        out["starts_at"] = value
    if "announcement_channel" in data:
        value = data["announcement_channel"]
        channel = "" if value is None else (clean(value) if isinstance(value, str) else None)
        if channel is None or len(channel) > MAX_CHANNEL:
            raise refused(_("Hình thức thông báo không hợp lệ (tối đa %(n)d ký tự).", n=MAX_CHANNEL))
        out["announcement_channel"] = channel
    if "capacity" in data:
        capacity = whole_number(data["capacity"], 1, 5000)
        if capacity is None:
            raise refused(_("Số người dự kiến (sức chứa hội trường) phải là số nguyên từ 1 đến 5000."))
        out["capacity"] = capacity
    return out



def create_conference(database: Database, data: Any, actor: str, activate: bool = True) -> int:
    fields = validate_conference(data)
    with store.write(database):
        conference_id = store.conference_insert(database, fields)
        if activate or store.conference_active(database) is None:
            store.conference_activate(database, conference_id)
        store.group_insert(database, conference_id, WARD_GROUP_NAME, group_key(WARD_GROUP_NAME), "ward", 0)
        store.topics_insert(database, conference_id, DEFAULT_TOPICS)
        store.room_update(database, conference_id, {})
        store.audit(database, actor, "conference.create", str(conference_id), title=fields["title"])
    return conference_id


def ensure_active_conference(database: Database, actor: str) -> dict[str, Any]:
    """The active conference; a fresh install gets a default one to fill in later."""
    conference = store.conference_active(database)
    if conference is None:
        create_conference(database, default_conference_fields(), actor)
        conference = store.conference_active(database)
    assert conference is not None
    return conference


def update_conference(database: Database, conference_id: int, data: Any, actor: str) -> dict[str, Any]:
    """The conferences page edits title, date, venue…"""
    fields = validate_conference(data, partial=True)
    with store.write(database):
        if store.conference_get(database, conference_id) is None:
            raise not_found()
        store.conference_update(database, conference_id, fields)
        store.audit(database, actor, "conference.update", str(conference_id), **fields)
    return store.conference_get(database, conference_id) or {}


def activate_conference(database: Database, conference_id: int, actor: str) -> dict[str, Any]:
    """Make one conference the active one; the others are kept as they are."""
    with store.write(database):
        if store.conference_get(database, conference_id) is None:
            raise not_found(_("Không có hội nghị số %(n)d.", n=conference_id))
        store.conference_activate(database, conference_id)
        store.audit(database, actor, "conference.activate", str(conference_id))
    return store.conference_get(database, conference_id) or {}


def add_group_to_active(database: Database, data: Any, actor: str) -> dict[str, Any]:
    """A new group in the active conference; a fresh install gets a default one first, in
    the same transaction."""
    with store.write(database):
        conference_id = ensure_active_conference(database, actor)["id"]
        return groups.add_group(database, conference_id, data, actor)
