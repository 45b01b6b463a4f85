"""What the record says, gathered once for the minutes, the report and the spreadsheets."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.text import fold
from conference.i18n import N_, _, ngettext
from office import attendance, officers
from projector.vocabulary import ACCOUNTED, FOLLOW_UP, LABELS, TAKEN_UP, UNDECIDED, Status, record_label

def vi(message: str, /, **values: Any) -> str:
    """The record's own words: the minutes, the report and the spreadsheets are the ward's
    official documents and stay in Vietnamese whatever language the page is shown in."""
    return message % values if values else message


# The record's wording of each status, from the one table (projector/vocabulary.py).
OUTCOME_LABELS = {status.value: label.record for status, label in LABELS.items()}
# The report's "Nơi nhận" until the secretary writes the ward's own list. The plan sends it to
# the district (HĐND quận, UBND quận…); since July 2025 most wards have no district level, so
# the default names no level above the ward.
DEFAULT_RECIPIENTS = (
    "Thường trực Đảng ủy phường",
    "Thường trực HĐND phường",
    "Thường trực Ủy ban MTTQ Việt Nam phường",
    "Lưu: VT",
)
_TAKEN_UP = frozenset(s.value for s in TAKEN_UP)
FOLLOW_UP_STATUSES = frozenset(s.value for s in FOLLOW_UP)
REPORT_DAYS_BEFORE = 7  # the plan: the report reaches the district seven days before the council
# Characters that a .docx (XML 1.0) cannot hold, whatever reached the database.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: Any) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def local(iso: str | None, zone: str, pattern: str = "%H:%M %d/%m/%Y") -> str:
    return clock.local(iso, zone, pattern)


def vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


BLANK = "……"  # a part of a date left for the hand that signs


def decree30_date(iso: str | None, year: int | None = None) -> str:
    """A date in words as Decree 30/2020/NĐ-CP writes it, for every document line that says
    "ngày … tháng … năm …": a leading zero only on days below 10 and on months 1 and 2
    ('ngày 05 tháng 01 năm 2027', 'ngày 15 tháng 5 năm 2026'). No date: blanks to fill by
    hand, with the year when it is known."""
    if not iso:
        return f"ngày {BLANK} tháng {BLANK} năm {year or BLANK}"
    day = date.fromisoformat(iso)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Record:
    conference: dict[str, Any]
    summary: dict[str, Any]
    notes: dict[str, Any]
    recipients: list[str]
    categories: list[dict[str, Any]]
    short_groups: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    taken_up: list[dict[str, Any]]
    written: list[dict[str, Any]]
    referred: list[dict[str, Any]]
    not_reached: list[dict[str, Any]]
    counts: dict[str, int]  # every status, and "total": the statuses add up to the total
    follow_up: list[dict[str, Any]]  # resolutions, written replies and referrals, by number
    by_outcome: dict[str, list[dict[str, Any]]]  # every question received, under its one status
    people: list[dict[str, Any]]
    missing: list[str] = field(default_factory=list)
    report_due: str | None = None
    # The ward delegates invited or admitted, each with the sub-category they count under.
    ward_delegates: list[dict[str, Any]] = field(default_factory=list)
    responders: list[str] = field(default_factory=list)  # who answered in the hall, in order of first answer
    present: int = 0  # admitted at the door, and the ward delegates seen at work in the hall unscanned
    walk_ins: int = 0  # admitted without an invitation (counted in `present`, never as invited)
    # The meeting is today or ahead and the chairman has not ended it: whatever is exported now
    # is a draft, said so at its head (a document printed mid-meeting must not pass for the record).
    draft: bool = False


def asker(question: dict[str, Any]) -> str:
    """How the minutes name the asker: their name and group, unless they chose to hide it."""
    group = question.get("group_name") or question.get("group_other") or ""
    name = question["asker_name"] if question["show_name"] and question["asker_name"] else "Một đại biểu"
    return f"{name} ({group})" if group else name


def staff_name(question: dict[str, Any]) -> str:
    """The asker's name as the staff need it to reach them: the real one, marked when hidden
    from the screen (the follow-up sheet and the record page's follow-up list)."""
    name = question["asker_name"] or ""
    if name and not question["show_name"]:
        return vi("%(n)s (ẩn trên màn hình)", n=name)
    return name


def gather(database: Database, conference: dict[str, Any]) -> Record:
    summary = attendance.summary(database, conference)
    notes = store.record_notes_get(database, conference["id"])
    recipients = json.loads(notes["recipients"] or "[]") or list(DEFAULT_RECIPIENTS)
    people = store.attendance_rows(database, conference["id"])
    categories = []
    for code, label in attendance.CATEGORY_LABELS.items():
        rows = [p for p in people if p["category"] == code]
        categories.append({"code": code, "label": label, "invited": sum(not p["walk_in"] for p in rows),
                           "walk_in": sum(p["walk_in"] for p in rows),
                           "present": sum(p["checked_in_at"] is not None for p in rows)})
    short_groups = attendance.short_groups(summary["groups"])
    # Every question keeps the number it was given when received, here as on every screen.
    questions = sorted(store.questions_list(database, conference["id"]), key=lambda q: (q["number"] or 0, q["id"]))
    # Taken up at the meeting, in the order shown.
    taken_up = sorted((q for q in questions if q["status"] in _TAKEN_UP and q["shown_at"]),
                      key=lambda q: (q["shown_at"], q["number"] or 0))
    by_outcome = {status.value: [q for q in questions if q["status"] == status.value]
                  for status in (*ACCOUNTED, *UNDECIDED)}
    written = by_outcome[Status.WRITTEN_REPLY.value]
    referred = by_outcome[Status.REFERRED.value]
    not_reached = [q for status in UNDECIDED for q in by_outcome[status.value]]
    counts = {status: len(rows) for status, rows in by_outcome.items()}
    counts["total"] = len(questions)
    assert sum(len(rows) for rows in by_outcome.values()) == len(questions)  # one status each
    follow_up = [q for q in questions if q["status"] in FOLLOW_UP_STATUSES]
    record = Record(conference, summary, notes, recipients, categories, short_groups, questions, taken_up,
                    written, referred, not_reached, counts, follow_up, by_outcome, people)
    record.missing = missing_parts(record)
    record.ward_delegates = [{**p, "ward_role": officers.effective_ward_role(p)}
                             for p in people if p["category"] == "ward_delegate"]
    record.responders = list(dict.fromkeys(q["responder"] for q in taken_up if (q["responder"] or "").strip()))
    # Whom the record shows at work in the hall without a scan at the door counts as present
    # in the figures too, so that the counts and the names printed under them agree.
    seen = sum(not p["checked_in_at"] and _seen_at_work(p, record) for p in record.ward_delegates)
    for category in categories:
        if category["code"] == "ward_delegate":
            category["present"] += seen
    record.present = summary["present"] + seen
    record.walk_ins = sum(c["walk_in"] for c in categories)
    if notes.get("council_session_on"):
        due = date.fromisoformat(notes["council_session_on"]) - timedelta(days=REPORT_DAYS_BEFORE)
        record.report_due = due.isoformat()
    record.draft = (not store.room_get(database, conference["id"]).get("ended_at")
                    and conference["held_on"] >= clock.hall_today().isoformat())
    return record


# Outcomes that leave a matter for after the meeting, without an answer in the hall: nobody need
# have answered them there, and one never shown was never discussed.
WITHOUT_HALL_ANSWER = (Status.WRITTEN_REPLY.value, Status.REFERRED.value)

# A written reply's and a resolution's missing parts: (both, who, when).
OWED = {
    Status.WRITTEN_REPLY.value: (N_("câu %(n)d: trả lời bằng văn bản chưa ghi ai trả lời, hạn nào"),
                                 N_("câu %(n)d: trả lời bằng văn bản chưa ghi ai trả lời"),
                                 N_("câu %(n)d: trả lời bằng văn bản chưa ghi hạn trả lời")),
    Status.RESOLVING.value: (N_("câu %(n)d: chưa ghi đơn vị, người chủ trì giải quyết và thời hạn"),
                             N_("câu %(n)d: chưa ghi đơn vị, người chủ trì giải quyết"),
                             N_("câu %(n)d: chưa ghi thời hạn giải quyết")),
}


def missing_parts(record: Record) -> list[str]:
    """What the secretary has still to write: listed on the page, never silently blank."""
    notes, missing = record.notes, []
    for key, label in (
        ("document_number", N_("số biên bản")), ("opened_at", N_("giờ khai mạc")), ("closed_at", N_("giờ kết thúc")),
        ("chair_name", N_("họ tên người chủ trì")), ("secretary_name", N_("họ tên thư ký")),
        ("programme", N_("chương trình hội nghị")), ("presenter", N_("người trình bày báo cáo")),
        ("report_summary", N_("tóm tắt báo cáo")),
        # Without it the report's deadline (seven days before) cannot be known, nor warned of.
        ("council_session_on", N_("ngày khai mạc kỳ họp HĐND (để tính hạn gửi báo cáo)")),
        ("report_number", N_("số báo cáo")), ("assessment", N_("đánh giá chung của báo cáo")),
    ):
        if not (notes.get(key) or "").strip():
            missing.append(_(label))
    # Days checked when saved, against the meeting's day then; the meeting may have moved since.
    held_on = record.conference.get("held_on") or ""
    for key, label in (("report_issued_on", N_("ngày ban hành báo cáo trước ngày hội nghị")),
                       ("council_session_on", N_("ngày khai mạc kỳ họp HĐND trước ngày hội nghị"))):
        if notes.get(key) and held_on and notes[key] < held_on:
            missing.append(_(label))
    for question in record.taken_up:  # discussed in the hall: who answered, what the chairman concluded
        if question["status"] == Status.ON_SCREEN:
            missing.append(_("câu %(n)d: chưa ghi kết quả", n=question["number"]))
            continue
        if not question["conclusion"]:
            missing.append(_("câu %(n)d: chưa có kết luận của chủ trì", n=question["number"]))
        # Someone answered an answered or a resolved question in the hall; a written reply or a
        # referral may have had nobody speak to it: not asked for (never an invented name).
        if not question["responder"] and question["status"] not in WITHOUT_HALL_ANSWER:
            missing.append(_("câu %(n)d: chưa ghi người trả lời", n=question["number"]))
        if question["status"] == Status.ANSWERED and not question["answer_summary"]:
            missing.append(_("câu %(n)d: chưa ghi tóm tắt trả lời", n=question["number"]))
    for question in record.follow_up:  # owed after the meeting: by whom, by when, to whom
        if question["status"] in OWED and not (question["reply_by"] and question["reply_due"]):
            # What is missing exactly: who, when, or both.
            both, no_one, no_day = OWED[question["status"]]
            message = no_day if question["reply_by"] else no_one if question["reply_due"] else both
            missing.append(_(message, n=question["number"]))
        if question["status"] == Status.REFERRED and not question["referred_to"]:
            missing.append(_("câu %(n)d: chưa ghi cơ quan có thẩm quyền", n=question["number"]))
    if record.not_reached:
        missing.append(ngettext("%(n)d câu hỏi chưa được trả lời hay xử lý tại hội nghị",
                                "%(n)d câu hỏi chưa được trả lời hay xử lý tại hội nghị",
                                len(record.not_reached), n=len(record.not_reached)))
    return missing


def accounting(record: Record) -> str:
    """How many questions were received and what became of each: the parts add up to the whole."""
    counts = record.counts
    text = vi(
        "Hội nghị nhận %(t)d ý kiến, kiến nghị, trong đó: trả lời tại hội nghị %(a)d; tiếp thu, chỉ đạo giải quyết "
        "%(s)d; trả lời bằng văn bản %(w)d; hướng dẫn chuyển cơ quan có thẩm quyền %(r)d; gộp do trùng nội dung "
        "%(m)d; không đưa ra hội nghị %(x)d", t=counts["total"], a=counts["answered"], s=counts["resolving"],
        w=counts["written_reply"], r=counts["referred"], m=counts["merged"], x=counts["rejected"])
    if record.not_reached:
        text += vi("; chưa xử lý %(u)d", u=len(record.not_reached))
    return text + "."


def not_discussed(question: dict[str, Any]) -> str:
    """' (chưa đối thoại tại hội nghị)' after a written reply or a referral the meeting never
    reached (never shown: decided from the queue, or moved to a written reply when the meeting
    ended); empty for one taken up in the hall."""
    if question["status"] in WITHOUT_HALL_ANSWER and not question.get("shown_at"):
        return vi(" (chưa đối thoại tại hội nghị)")
    return ""


def outcome_line(question: dict[str, Any]) -> str:
    """The outcome as the minutes state it."""
    label = record_label(question["status"])
    if question["status"] == Status.WRITTEN_REPLY:
        who = question["reply_by"] or "……"
        due = vn_date(question["reply_due"]) or "……"
        return f"{label}: {who} trả lời, hạn {due}"
    if question["status"] == Status.RESOLVING:
        who = question["reply_by"] or "……"
        due = vn_date(question["reply_due"]) or "……"
        return f"{label}: giao {who} chủ trì giải quyết, hạn {due}"
    if question["status"] == Status.REFERRED:
        return f"{label}: {question['referred_to'] or '……'}"
    return label


def ward_attendance(record: Record) -> dict[str, Any]:
    """The ward delegates as the minutes name them: those present under each sub-category, in
    the plan's order (only the sub-categories someone came for); the Fatherland Front's
    invited, to say truthfully when none of its supervisors came; and the invited who did not
    come, by name. Walk-ins are present or not there at all: never absent. Whoever the record
    shows at work in the hall (the chairman, presenter or secretary named in the minutes, an
    official who answered) was there, scanned at the door or not: never listed as absent."""
    present: dict[str, list[dict[str, Any]]] = {}
    for person in record.ward_delegates:
        if person["checked_in_at"] or _seen_at_work(person, record):
            present.setdefault(person["ward_role"], []).append(person)
    return {
        "present": [(role, present[role]) for role in officers.WARD_ROLES if role in present],
        "front_invited": sum(p["ward_role"] == officers.FRONT and not p["walk_in"] for p in record.ward_delegates),
        "absent": [p for p in record.ward_delegates
                   if not p["checked_in_at"] and not p["walk_in"] and not _seen_at_work(p, record)],
    }


def _seen_at_work(person: dict[str, Any], record: Record) -> bool:
    """The person's name (case and diacritics aside, on word boundaries) is in a line of the
    record that only someone in the hall fills: chairman, presenter, secretary, a responder.
    The chairman the conference planned counts only while the minutes name no other: when the
    secretary writes who chaired, a planned chairman who did not come is absent."""
    name = fold(person["name"])
    if not name:
        return False
    lines = [record.notes.get(key) or "" for key in ("chair_name", "presenter", "secretary_name")]
    lines += [chair_line(record)] + record.responders
    if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", fold(line)) for line in lines):
        return True
    # The chairman's list of who answers names offices ("Công chức Địa chính - Xây dựng"): the
    # one invited delegate holding that office answered, so was there. Not when two hold it.
    office = _office(person.get("position"))
    return bool(office) and any(_office(r) == office for r in record.responders) and sum(
        _office(p.get("position")) == office for p in record.ward_delegates) == 1


def _office(title: object) -> str:
    """An office as a key: case, marks, dashes and spacing aside ("Địa chính – Xây dựng" is
    "Địa chính - Xây dựng")."""
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", fold(title)).strip()


def chair_line(record: Record) -> str:
    """Who chaired, as the minutes print it: the secretary's entry, else the planned chairman."""
    return (record.notes.get("chair_name") or "").strip() or str(record.conference.get("chair") or "")


def with_walk_ins(record: Record) -> str:
    """' (trong đó 1 khách không có giấy mời)' after a count of those present that includes
    people admitted without an invitation, so it is not read as invited people present."""
    return vi(" (trong đó %(n)d khách không có giấy mời)", n=record.walk_ins) if record.walk_ins else ""


def named(person: dict[str, Any]) -> str:
    """'Hoàng Thị Lan (Chủ tịch UBMTTQ phường)': a delegate with their position, as the minutes list them."""
    return f"{person['name']} ({person['position']})" if person["position"] else person["name"]

