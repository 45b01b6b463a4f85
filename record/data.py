"""What the record says, gathered once for the minutes, the report and the spreadsheets."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.i18n import N_, _
from office import attendance
from projector.vocabulary import FOLLOW_UP, LABELS, TAKEN_UP, Status, record_label

def vi(message: str, /, **values: Any) -> str:
    """The record's own words: the minutes, the report and the spreadsheets are the ward's
    official documents and stay in Vietnamese whatever language the page is shown in."""
    return message % values if values else message


# The record's wording of each status, from the one table (projector/vocabulary.py).
OUTCOME_LABELS = {status.value: label.record for status, label in LABELS.items()}
DEFAULT_RECIPIENTS = (
    "Thường trực HĐND quận",
    "UBND quận",
    "Chủ tịch UBND quận",
    "Tổ trưởng Tổ đại biểu HĐND quận trên địa bàn phường",
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
    counts: dict[str, int]
    people: list[dict[str, Any]]
    missing: list[str] = field(default_factory=list)
    report_due: str | None = None


def asker(question: dict[str, Any]) -> str:
    """How the minutes name the asker: their name and group, unless they chose to hide it."""
    group = question.get("group_name") or question.get("group_other") or ""
    name = question["asker_name"] if question["show_name"] and question["asker_name"] else "Một đại biểu"
    return f"{name} ({group})" if group else name


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
    questions = store.questions_list(database, conference["id"])
    # The minutes follow the order the questions were taken up: shown first, by time shown.
    taken_up = sorted((q for q in questions if q["status"] in _TAKEN_UP),
                      key=lambda q: (q["shown_at"] or "~", q["id"]))
    for number, question in enumerate(taken_up, start=1):
        question["number"] = number
    written = [q for q in taken_up if q["status"] == Status.WRITTEN_REPLY.value]
    referred = [q for q in taken_up if q["status"] == Status.REFERRED.value]
    not_reached = [q for q in questions if q["status"] in (Status.APPROVED.value, Status.PENDING.value)]
    counts = {status: sum(q["status"] == status for q in questions) for status in OUTCOME_LABELS}
    counts["total"] = len(questions)
    record = Record(conference, summary, notes, recipients, categories, short_groups, questions, taken_up,
                    written, referred, not_reached, counts, people)
    record.missing = missing_parts(record)
    if notes.get("council_session_on"):
        due = date.fromisoformat(notes["council_session_on"]) - timedelta(days=REPORT_DAYS_BEFORE)
        record.report_due = due.isoformat()
    return record


def missing_parts(record: Record) -> list[str]:
    """What the secretary has still to write: listed on the page, never silently blank."""
    notes, missing = record.notes, []
    for key, label in (
        ("document_number", N_("số biên bản")), ("opened_at", N_("giờ khai mạc")), ("closed_at", N_("giờ kết thúc")),
        ("chair_name", N_("họ tên người chủ trì")), ("secretary_name", N_("họ tên thư ký")),
        ("programme", N_("chương trình hội nghị")), ("report_summary", N_("tóm tắt báo cáo của Phó Chủ tịch")),
    ):
        if not (notes.get(key) or "").strip():
            missing.append(_(label))
    for question in record.taken_up:
        if question["status"] == Status.ON_SCREEN:
            missing.append(_("câu %(n)d: chưa ghi kết quả", n=question["number"]))
            continue
        if not question["conclusion"]:
            missing.append(_("câu %(n)d: chưa có kết luận của chủ trì", n=question["number"]))
        if not question["responder"]:
            missing.append(_("câu %(n)d: chưa ghi người trả lời", n=question["number"]))
        if question["status"] == Status.WRITTEN_REPLY and not (question["reply_by"] and question["reply_due"]):
            missing.append(_("câu %(n)d: trả lời bằng văn bản chưa ghi ai trả lời, hạn nào", n=question["number"]))
        if question["status"] == Status.REFERRED and not question["referred_to"]:
            missing.append(_("câu %(n)d: chưa ghi cơ quan có thẩm quyền", n=question["number"]))
    if record.not_reached:
        missing.append(_("%(n)d câu hỏi chưa được trả lời hay xử lý tại hội nghị", n=len(record.not_reached)))
    return missing


def outcome_line(question: dict[str, Any]) -> str:
    """The outcome as the minutes state it."""
    label = record_label(question["status"])
    if question["status"] == Status.WRITTEN_REPLY:
        who = question["reply_by"] or "……"
        due = vn_date(question["reply_due"]) or "……"
        return f"{label}: {who} trả lời, hạn {due}"
    if question["status"] == Status.REFERRED:
        return f"{label}: {question['referred_to'] or '……'}"
    return label
