"""The door's writes: admit a scan or a name, undo an admission. One transaction each.

The decision itself is `kiosk.checkin.decide`; this module reads what it needs, writes the
admission, the audit entry and the answer to the scan's `scan_id` together, and hands the
route a status, a JSON body and what changed. Events are the route's job, after this
returns. A request it cannot honour raises `Refusal`; a scan it turns away is an answer
(422), kept like any other.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.answers import Answer
from conference.errors import Refusal, active_conference, invalid, not_found
from conference.i18n import _
from conference.inputs import is_id
from conference.staff import User
from office.attendance import group_counts

from . import offline
from .checkin import Outcome, Scan, decide, read_scan

UNDO_SECONDS = 60
MAX_RAW_KEPT = 500  # of a rejected scan's text, in the audit log


def _messages(outcome: Outcome, invitee: dict[str, Any] | None, extra: dict[str, Any]) -> str:
    if outcome is Outcome.CHECKED_IN:
        return _("Mời %(name)s vào hội trường.", name=invitee["name"] if invitee else "")
    if outcome is Outcome.ALREADY_CHECKED_IN:
        return _("%(name)s đã vào lúc %(time)s tại %(kiosk)s.", name=invitee["name"], time=extra["time"], kiosk=extra["kiosk"])
    if outcome is Outcome.NOT_AN_INVITATION and extra.get("keyboard"):
        return _("Máy này đang bật gõ tiếng Việt (Unikey, Telex) nên mã quét bị đổi chữ (ví dụ AA thành Â). "
                 "Hãy tắt gõ tiếng Việt trên máy này (bấm biểu tượng V thành E, hoặc Ctrl+Shift) rồi quét lại.")
    if outcome is Outcome.NOT_AN_INVITATION:
        return _("Đây không phải giấy mời hội nghị. Hãy quét mã QR trên giấy mời, hoặc tìm theo tên.")
    if outcome is Outcome.UNKNOWN_INVITATION:
        return _("Không có giấy mời nào mang mã này. Hãy tìm theo tên.")
    if outcome is Outcome.REVOKED:
        return _("Giấy mời này đã bị thu hồi (đã cấp giấy mời khác hoặc đã rút khỏi danh sách). Hãy tìm theo tên.")
    return _("Giấy mời này của hội nghị khác (%(title)s). Hãy tìm theo tên.", title=extra.get("title", ""))


def person_shape(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "group_id": row["group_id"],
        "group_name": row["group_name"], "position": row["position"],
        "category": row["category"], "walk_in": bool(row.get("walk_in")),
        "checked_in_at": row.get("checked_in_at"),
    }


def admit(database: Database, body: Any, user: User, zone: str) -> Answer:
    """A kiosk scanned a code, or picked a name: the contract's answer, written once."""
    if not isinstance(body, dict):
        raise invalid(_("Cần gửi một đối tượng JSON có 'code' hoặc 'invitee_id'."))
    scan_id = offline.scan_id(body, user)
    offline_at = offline.offline_at(body)
    if "invitee_id" not in body and "code" not in body:
        raise invalid(_("Cần gửi một đối tượng JSON có 'code' hoặc 'invitee_id'."))
    invitee_id = body.get("invitee_id")
    if "invitee_id" in body and not is_id(invitee_id):
        raise invalid(_("Mã người trong danh sách (invitee_id) phải là số nguyên dương."))

    with store.write(database):
        earlier = offline.earlier_answer(database, scan_id)
        if earlier is not None:  # a retry: the same answer, nothing written again
            return earlier
        conference = active_conference(database, 409)
        raw = body.get("code")
        if "invitee_id" in body:
            method, scan = "search", Scan("id")
            person = store.invitee_get(database, invitee_id)
            invitation = None if person is None else {
                "conference_id": person["conference_id"], "invitee_id": person["id"],
            }
        else:
            method, scan = "scan", read_scan(raw)
            invitation = store.invitation_lookup(database, scan.value) if scan.looks_like_ours else None
        admission = store.checkin_active(database, invitation["invitee_id"]) if invitation else None
        outcome = decide(scan, invitation, conference["id"], admission)
        # A removed person's card answers `revoked`, with their name for the door staff.
        person = store.invitee_get(database, invitation["invitee_id"], include_removed=True) if invitation else None
        answer = _answer(database, outcome, person, admission, conference, invitation, user, method, offline_at, zone,
                         keyboard=scan.kind == "keyboard")
        _audit(database, user, outcome, raw, method, answer, scan_id, offline_at)
        return offline.remember(database, scan_id, answer)


def _answer(database, outcome, person, admission, conference, invitation, user, method, offline_at, zone,
            keyboard: bool = False) -> Answer:
    if outcome is Outcome.CHECKED_IN:
        at = offline.admitted_at(offline_at)
        checkin_id = store.checkin_insert(
            database, conference["id"], person["id"], at, user.name, user.actor, method, offline_at
        )
        person = store.invitee_get(database, person["id"])
        body = {
            "result": outcome.value, "checkin_id": checkin_id, "at": at,
            "invitee": person_shape(person), "group": group_counts(database, person["group_id"]),
            "message": _messages(outcome, person, {}),
        }
        return Answer(201, body, changed=True, payload={
            "id": checkin_id, "invitee_id": person["id"], "at": at,
            "rev": store.offline_rev(database, conference["id"])["rev"]})
    if outcome is Outcome.ALREADY_CHECKED_IN:
        offline.admitted_twice(database, admission, user.name, offline_at)
        body = {
            "result": outcome.value, "at": admission["at"], "kiosk": admission["kiosk"],
            "checkin_id": admission["id"], "invitee": person_shape(person),
            "group": group_counts(database, person["group_id"]),
            "message": _messages(outcome, person, {"time": clock.local(admission["at"], zone), "kiosk": admission["kiosk"]}),
        }
        return Answer(200, body, changed=bool(offline_at))
    extra: dict[str, Any] = {"keyboard": keyboard}
    if outcome is Outcome.WRONG_CONFERENCE:
        other = store.conference_get(database, invitation["conference_id"])
        extra["title"] = other["title"] if other else ""
    body = {"error": outcome.value, "message": _messages(outcome, person, extra)}
    if person is not None and outcome in (Outcome.REVOKED, Outcome.WRONG_CONFERENCE):
        body["invitee"] = {"name": person["name"], "group_name": person["group_name"]}
    return Answer(422, body)


def _audit(database, user: User, outcome: Outcome, raw: Any, method: str, answer: Answer, scan_id, offline_at) -> None:
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
    detail: dict[str, Any] = {"method": method, "scan_id": scan_id}
    if offline_at:
        detail["offline_at"] = offline_at
    if raw is not None or method == "scan":
        detail["raw"] = text[:MAX_RAW_KEPT]
        if len(text) > MAX_RAW_KEPT:
            detail["raw_length"] = len(text)
    invitee = answer.body.get("invitee") or {}
    action = "checkin.admit" if outcome.admitted else (
        "checkin.already" if outcome is Outcome.ALREADY_CHECKED_IN else "checkin.reject"
    )
    store.audit(database, user.actor, action, str(invitee.get("id") or ""), result=outcome.value, **detail)


def undo_for_invitee(database: Database, invitee_id: int, user: User) -> Answer:
    """The roster page: an admin takes back a person's admission, however long ago."""
    admission = store.checkin_active(database, invitee_id)
    if admission is None:
        raise not_found(_("Người này chưa được điểm danh."))
    return undo(database, admission["id"], user)


# What makes a walk-in the office's own since the door registered them: kept when undone.
_OFFICE_EDITS = ("invitee.update", "invitation.reissue", "invitation.revoke")
_ROSTER_FILES = ("roster.import", "roster.replace")


def _only_the_door_s(database: Database, admission: dict[str, Any], person: dict[str, Any]) -> bool:
    """Whether the person exists only by this walk-in's admission: registered by it, still on
    the list, and neither edited by the office nor met by a roster file since."""
    return (admission["method"] == "walk_in" and bool(person["walk_in"])
            and store.invitee_get(database, person["id"]) is not None
            and not store.audited_since(database, admission["at"], _OFFICE_EDITS, str(person["id"]))
            and not store.audited_since(database, admission["at"], _ROSTER_FILES))


def undo(database: Database, checkin_id: int, user: User) -> Answer:
    """Take back an admission: the kiosk that made it within a minute, an admin any time."""
    with store.write(database):
        row = store.checkin_get(database, checkin_id)
        if row is None:
            raise not_found(_("Không tìm thấy lượt điểm danh này."))
        if row["undone_at"]:
            raise Refusal(409, "already_undone", _("Lượt điểm danh này đã được hoàn tác."))
        if user.role != "admin" and (row["actor"] != user.actor or clock.age(row["at"]) > timedelta(seconds=UNDO_SECONDS)):
            raise Refusal(403, "undo_expired", _(
                "Bàn đón tiếp chỉ hoàn tác lượt của mình trong 1 phút; sau đó nhờ quản trị viên."
            ))
        store.checkin_undo(database, checkin_id, store.now(), user.actor)
        person = store.invitee_get(database, row["invitee_id"], include_removed=True)  # removed since: still undone
        store.audit(database, user.actor, "checkin.undo", str(row["invitee_id"]), checkin_id=checkin_id)
        message = _("Đã hoàn tác điểm danh của %(name)s.", name=person["name"])
        if _only_the_door_s(database, row, person):
            # Registered at the door by this admission (a name mistyped, the wrong group): taken
            # back with it, not left on the list as someone invited who never came.
            store.invitee_remove(database, person["id"])
            store.audit(database, user.actor, "invitee.remove", str(person["id"]), name=person["name"], reason="walk_in.undo")
            message = _("Đã hoàn tác: %(name)s (khách không có giấy mời) không còn trong danh sách.", name=person["name"])
        body = {"result": "undone", "checkin_id": checkin_id, "invitee": person_shape(person),
                "group": group_counts(database, person["group_id"]), "message": message}
        rev = store.offline_rev(database, row["conference_id"])["rev"]
    return Answer(200, body, changed=True, payload={"id": checkin_id, "invitee_id": row["invitee_id"], "at": None, "rev": rev})
