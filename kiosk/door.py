"""The door's writes: admit a scan or a name, admit a walk-in, undo. One transaction each.

The decision itself is `kiosk.checkin.decide`; this module reads what it needs, writes the
admission, the audit entry and the answer to the scan's `scan_id` together, and hands the
route a status and a JSON body. Events are the route's job, after this returns.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from conference import roster, store
from conference.answers import Answer
from conference.answers import error as _error
from conference.i18n import _
from conference.staff import User
from conference.text import clean, fold

from .checkin import Outcome, Scan, decide, over_capacity, over_quota, read_scan

UNDO_SECONDS = 60
MAX_SCAN_ID = 100
MAX_RAW_KEPT = 500  # of a rejected scan's text, in the audit log


def local_time(iso: str, zone: str) -> str:
    """'2025-11-20T01:05:00Z' → '08:05' in the hall's time zone."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def _messages(outcome: Outcome, invitee: dict[str, Any] | None, extra: dict[str, Any]) -> str:
    if outcome is Outcome.CHECKED_IN:
        return _("Mời %(name)s vào hội trường.", name=invitee["name"] if invitee else "")
    if outcome is Outcome.ALREADY_CHECKED_IN:
        return _("%(name)s đã vào lúc %(time)s tại %(kiosk)s.", name=invitee["name"], time=extra["time"], kiosk=extra["kiosk"])
    if outcome is Outcome.NOT_AN_INVITATION:
        return _("Đây không phải giấy mời hội nghị. Hãy quét mã QR trên giấy mời, hoặc tìm theo tên.")
    if outcome is Outcome.UNKNOWN_INVITATION:
        return _("Không có giấy mời nào mang mã này. Hãy tìm theo tên.")
    if outcome is Outcome.REVOKED:
        return _("Giấy mời này đã bị thu hồi (đã cấp giấy mời khác hoặc đã rút khỏi danh sách). Hãy tìm theo tên.")
    return _("Giấy mời này của hội nghị khác (%(title)s). Hãy tìm theo tên.", title=extra.get("title", ""))


def _person(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "group_id": row["group_id"],
        "group_name": row["group_name"], "position": row["position"],
        "category": row["category"], "walk_in": bool(row.get("walk_in")),
        "checked_in_at": row.get("checked_in_at"),
    }


def _group(database: Database, group_id: int) -> dict[str, Any]:
    group = dict(store.group_with_counts(database, group_id) or {})
    for key in ("sort_order", "conference_id"):
        group.pop(key, None)
    return group


def _scan_id(body: dict[str, Any]) -> tuple[str | None, Answer | None]:
    scan_id = body.get("scan_id")
    if scan_id is None:
        return None, None
    if not isinstance(scan_id, str) or not 0 < len(scan_id) <= MAX_SCAN_ID:
        return None, _error(400, "invalid", _("Mã lượt quét (scan_id) phải là chuỗi từ 1 đến %(n)d ký tự.", n=MAX_SCAN_ID))
    return scan_id, None


def _offline_at(body: dict[str, Any]) -> tuple[str | None, Answer | None]:
    value = body.get("offline_at")
    if value is None:
        return None, None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError
    except ValueError:
        return None, _error(400, "invalid", _("Thời điểm quét khi mất mạng (offline_at) phải theo ISO 8601, có múi giờ."))
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"), None


def admit(database: Database, body: Any, user: User, zone: str) -> Answer:
    """A kiosk scanned a code, or picked a name: the contract's answer, written once."""
    if not isinstance(body, dict):
        return _error(400, "invalid", _("Cần gửi một đối tượng JSON có 'code' hoặc 'invitee_id'."))
    scan_id, problem = _scan_id(body)
    offline_at, problem2 = _offline_at(body)
    if problem or problem2:
        return problem or problem2  # type: ignore[return-value]
    if "invitee_id" not in body and "code" not in body:
        return _error(400, "invalid", _("Cần gửi một đối tượng JSON có 'code' hoặc 'invitee_id'."))
    invitee_id = body.get("invitee_id")
    if "invitee_id" in body and (not isinstance(invitee_id, int) or isinstance(invitee_id, bool) or invitee_id < 1):
        return _error(400, "invalid", _("Mã người trong danh sách (invitee_id) phải là số nguyên dương."))

    with store.write(database):
        if scan_id:
            prior = store.scan_get(database, scan_id)
            if prior is not None:  # a retry: the same answer, nothing written again
                return Answer(prior["status"], json.loads(prior["response"]))
        conference = store.conference_active(database)
        if conference is None:
            return _error(409, "no_conference", _("Chưa có hội nghị nào đang hoạt động."))
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
        answer = _answer(database, outcome, person, admission, conference, invitation, user, method, offline_at, zone)
        _audit(database, user, outcome, raw, method, answer, scan_id, offline_at)
        if scan_id:
            store.scan_put(database, scan_id, answer.status, answer.body)
    return answer


def _answer(database, outcome, person, admission, conference, invitation, user, method, offline_at, zone) -> Answer:
    if outcome is Outcome.CHECKED_IN:
        at = store.now()
        checkin_id = store.checkin_insert(
            database, conference["id"], person["id"], at, user.name, user.actor, method, offline_at
        )
        person = store.invitee_get(database, person["id"])
        body = {
            "result": outcome.value, "checkin_id": checkin_id, "at": at,
            "invitee": _person(person), "group": _group(database, person["group_id"]),
            "message": _messages(outcome, person, {}),
        }
        return Answer(201, body, changed=True, payload={"id": checkin_id, "invitee_id": person["id"], "at": at})
    if outcome is Outcome.ALREADY_CHECKED_IN:
        if offline_at and admission["kiosk"] != user.name:
            # Admitted offline here and elsewhere too: counted once, flagged for a look.
            store.checkin_flag(database, admission["id"])
        body = {
            "result": outcome.value, "at": admission["at"], "kiosk": admission["kiosk"],
            "checkin_id": admission["id"], "invitee": _person(person),
            "group": _group(database, person["group_id"]),
            "message": _messages(outcome, person, {"time": local_time(admission["at"], zone), "kiosk": admission["kiosk"]}),
        }
        return Answer(200, body, changed=bool(offline_at))
    extra: dict[str, Any] = {}
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
        return _error(404, "not_found", _("Người này chưa được điểm danh."))
    return undo(database, admission["id"], user)


def undo(database: Database, checkin_id: int, user: User) -> Answer:
    """Take back an admission: the kiosk that made it within a minute, an admin any time."""
    with store.write(database):
        row = store.checkin_get(database, checkin_id)
        if row is None:
            return _error(404, "not_found", _("Không tìm thấy lượt điểm danh này."))
        if row["undone_at"]:
            return _error(409, "already_undone", _("Lượt điểm danh này đã được hoàn tác."))
        age = datetime.now(timezone.utc) - datetime.fromisoformat(row["at"].replace("Z", "+00:00"))
        if user.role != "admin" and (row["actor"] != user.actor or age > timedelta(seconds=UNDO_SECONDS)):
            return _error(403, "undo_expired", _(
                "Bàn đón tiếp chỉ hoàn tác lượt của mình trong 1 phút; sau đó nhờ quản trị viên."
            ))
        store.checkin_undo(database, checkin_id, store.now(), user.actor)
        person = store.invitee_get(database, row["invitee_id"])
        store.audit(database, user.actor, "checkin.undo", str(row["invitee_id"]), checkin_id=checkin_id)
        body = {"result": "undone", "checkin_id": checkin_id, "invitee": _person(person),
                "group": _group(database, person["group_id"]),
                "message": _("Đã hoàn tác điểm danh của %(name)s.", name=person["name"])}
    return Answer(200, body, changed=True, payload={"id": checkin_id, "invitee_id": row["invitee_id"], "at": None})


def walk_in(database: Database, body: Any, user: User) -> Answer:
    """Register someone at the door into a group and admit them, flagged as walk-in.

    Past the group's quota or the hall's capacity the kiosk must confirm (`"confirm": true`).
    """
    if not isinstance(body, dict):
        return _error(400, "invalid", _("Dữ liệu gửi lên phải là một đối tượng JSON."))
    scan_id, problem = _scan_id(body)
    if problem:
        return problem
    with store.write(database):
        if scan_id:
            prior = store.scan_get(database, scan_id)
            if prior is not None:
                return Answer(prior["status"], json.loads(prior["response"]))
        conference = store.conference_active(database)
        if conference is None:
            return _error(409, "no_conference", _("Chưa có hội nghị nào đang hoạt động."))
        fields = {k: body[k] for k in ("name", "group_id", "position", "phone") if k in body}
        group_id = fields.get("group_id")
        group = store.group_get(database, group_id) if isinstance(group_id, int) and not isinstance(group_id, bool) else None
        if group is None or group["conference_id"] != conference["id"]:
            return _error(400, "invalid", _("Đơn vị không tồn tại trong hội nghị này."))
        name = clean(fields.get("name")) if isinstance(fields.get("name"), str) else ""
        if name and (group_id, fold(name)) in store.invitee_keys(database, conference["id"]):
            existing = [p for p in store.invitees_list(database, conference["id"], fold(name), group_id) if fold(p["name"]) == fold(name)]
            answer = _error(409, "already_on_roster", _(
                "%(name)s đã có trong danh sách của %(group)s; hãy tìm theo tên để điểm danh.",
                name=name, group=group["name"],
            ))
            if existing:
                answer.body["invitee"] = _person(existing[0])
            return answer
        counts = store.group_with_counts(database, group_id)
        present = sum(g["present"] for g in store.groups_with_counts(database, conference["id"]))
        if body.get("confirm") is not True:
            if over_capacity(present, conference["capacity"]):
                return _error(409, "over_capacity", _(
                    "Hội trường đã đủ %(n)d người. Vẫn cho vào?", n=conference["capacity"]))
            if over_quota(counts):
                return _error(409, "over_quota", _(
                    "%(group)s đã đủ %(n)d đại diện nhân dân. Vẫn cho vào?", group=group["name"], n=group["quota"]))
        data = {**fields, "category": "ward_delegate" if group["kind"] == "ward" else "resident"}
        try:
            person = roster.add_invitee(database, conference["id"], data, user.actor, walk_in=True)
        except roster.RosterError as exc:
            return _error(400, "invalid", exc.message)
        at = store.now()
        checkin_id = store.checkin_insert(database, conference["id"], person["id"], at, user.name, user.actor, "walk_in", None)
        person = store.invitee_get(database, person["id"])
        store.audit(database, user.actor, "checkin.walk_in", str(person["id"]), name=person["name"], group=group["name"])
        answer = Answer(201, {
            "result": Outcome.CHECKED_IN.value, "checkin_id": checkin_id, "at": at,
            "invitee": _person(person), "group": _group(database, group_id),
            "message": _("Đã ghi nhận %(name)s (khách không có giấy mời) và cho vào.", name=person["name"]),
        }, changed=True, payload={"id": checkin_id, "invitee_id": person["id"], "at": at})
        if scan_id:
            store.scan_put(database, scan_id, answer.status, answer.body)
    return answer
