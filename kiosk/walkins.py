"""Walk-ins: someone at the door without an invitation is registered into a group and
admitted, flagged as a walk-in. The rule for the warning: only past the hall's capacity
(`office.attendance.over_capacity`) does the kiosk ask to confirm, and send again with
`"confirm": true`. A TDP's quota is the plan's minimum of resident representatives, not a
cap: a resident beyond it is welcome and admitted at once. One transaction; a `scan_id`
makes a retry harmless."""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.answers import Answer
from conference.errors import Refusal, active_conference, invalid
from conference.i18n import _, ngettext
from conference.inputs import is_id, json_object
from conference.staff import User
from conference.text import clean
from office.attendance import group_counts, over_capacity
from office.invitees import add_invitee, name_index, namesakes

from . import offline
from .checkin import Outcome
from .door import person_shape


def looks_like_a_scan(name: str) -> bool:
    """A card's code, a bank's QR or a parcel's barcode read into the name: one long word with
    digits in it. A person's name has letters and spaces (the kiosk's page refuses these too;
    a script or another desk must not register "DT1-…" as a walk-in)."""
    return len(name) >= 8 and " " not in name and any(ch.isdigit() for ch in name)


def _not_inside_already(database: Database, index: dict, group_id: int, name: str, zone: str) -> None:
    """A 409 when someone of this name under another group has come in already: most often the
    same person, registered again by mistake, and counted twice."""
    for other_group in sorted({g for g, _key in index} - {group_id}):
        for twin in namesakes(index, other_group, name):
            person = store.invitee_get(database, twin["id"])
            if person and person["checked_in_at"]:
                raise Refusal(409, "same_name_inside", _(
                    "%(name)s (%(group)s) đã vào lúc %(time)s. Nếu là người khác cùng tên, hãy ghi nhận khách mới.",
                    name=person["name"], group=person["group_name"], time=clock.local(person["checked_in_at"], zone),
                ), invitee=person_shape(person))


def walk_in(database: Database, body: Any, user: User, zone: str = "Asia/Ho_Chi_Minh") -> Answer:
    """Register someone at the door into a group and admit them, flagged as walk-in.

    Past the hall's capacity the kiosk must confirm (`"confirm": true`); a group's quota is
    never a reason to ask. Someone of the same name already inside under another group (a
    name typed without its marks, the group chosen wrong) is asked about first: 409
    `same_name_inside`; `"another_person": true` says it is someone else.
    """
    body = json_object(body)
    scan_id = offline.scan_id(body, user)
    with store.write(database):
        earlier = offline.earlier_answer(database, scan_id)
        if earlier is not None:
            return earlier
        conference = active_conference(database, 409)
        fields = {k: body[k] for k in ("name", "group_id", "position", "phone") if k in body}
        group_id = fields.get("group_id")
        group = store.group_get(database, group_id) if is_id(group_id) else None
        if group is None or group["conference_id"] != conference["id"]:
            raise invalid(_("Đơn vị không tồn tại trong hội nghị này."))
        name = clean(fields.get("name")) if isinstance(fields.get("name"), str) else ""
        if looks_like_a_scan(name):
            raise invalid(_("Tên này trông như một mã quét (giấy mời hay mã QR khác), không phải tên người. "
                            "Nếu là giấy mời, hãy quét ở ô quét; nếu không, hãy gõ họ và tên."), field="name")
        index = name_index(store.invitee_names(database, conference["id"]))
        twins = namesakes(index, group_id, name) if name else []
        if not twins and name and body.get("another_person") is not True:
            _not_inside_already(database, index, group_id, name, zone)
        if len(twins) > 1:  # "Nguyen Van An": An or Ân, both listed; the door must not pick one
            raise Refusal(409, "already_on_roster", _(
                "Danh sách của %(group)s có %(n)d người tên như vậy (%(names)s); hãy tìm theo tên để điểm danh đúng người.",
                group=group["name"], n=len(twins), names=", ".join(t["name"] for t in twins[:5])))
        if twins:
            existing = store.invitee_get(database, twins[0]["id"])
            raise Refusal(409, "already_on_roster", _(
                "%(name)s đã có trong danh sách của %(group)s; hãy tìm theo tên để điểm danh.",
                name=twins[0]["name"], group=group["name"],
            ), **({"invitee": person_shape(existing)} if existing else {}))
        present = sum(g["present"] for g in store.groups_with_counts(database, conference["id"]))
        if body.get("confirm") is not True and over_capacity(present, conference["capacity"]):
            raise Refusal(409, "over_capacity", ngettext(
                "Hội trường đã đủ %(n)d người. Vẫn cho vào?", "Hội trường đã đủ %(n)d người. Vẫn cho vào?",
                conference["capacity"], n=conference["capacity"]))
        data = {**fields, "category": "ward_delegate" if group["kind"] == "ward" else "resident"}
        person = add_invitee(database, conference["id"], data, user.actor, walk_in=True)
        at = store.now()
        checkin_id = store.checkin_insert(database, conference["id"], person["id"], at, user.name, user.actor, "walk_in", None)
        person = store.invitee_get(database, person["id"])
        store.audit(database, user.actor, "checkin.walk_in", str(person["id"]), name=person["name"], group=group["name"])
        answer = Answer(201, {
            "result": Outcome.CHECKED_IN.value, "checkin_id": checkin_id, "at": at,
            "invitee": person_shape(person), "group": group_counts(database, group_id),
            "message": _("Đã ghi nhận %(name)s (khách không có giấy mời) và cho vào.", name=person["name"]),
        }, changed=True, payload={"id": checkin_id, "invitee_id": person["id"], "at": at,
                                  "rev": store.offline_rev(database, conference["id"])["rev"]})
        return offline.remember(database, scan_id, answer)
