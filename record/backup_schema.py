"""What a backup may hold, table by table: every column the service writes, and the check its
value must pass for the pages, the minutes and the spreadsheets to show it.

Each column's check comes from the rule that writes it (the caps are the rules' own where
they name them: office's MAX_NAME and MAX_POSITION, the room's MAX_TEXT and MAX_SHORT, the
invitation codes' alphabet, the question vocabulary, the invitee categories). `problems`
reads a whole file against this table and says, for a person, which table, row and field is
wrong and why; the restore writes nothing when there is one. `tests/record/test_backup.py`
fails when a migration adds a column that is not described here. No Flask here.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from conference import clock
from conference.i18n import _
from conference.inputs import FIRST_YEAR, LAST_YEAR, is_int, iso_day
from conference.text import first_invisible
from office.attendance import CATEGORIES
from office.codes import CODE_PREFIX, SHORT_ALPHABET, SHORT_LENGTH
from office.announcement import MAX_CHANNEL
from office.groups import MAX_NAME, MAX_REASON
from office.invitees import MAX_POSITION
from office.officers import WARD_ROLES
from projector.ask_back import MAX_ASK_BACK, MAX_ASK_BACK_ANSWER
from projector.settings import MAX_SHORT, MAX_TEXT
from projector.vocabulary import Status

from .followups import MAX_REPLY
from .notes import SIGNER_TITLES

# Caps the rules write as bare numbers, named here with where they come from.
MAX_TITLE = 200  # conference title and venue (office.conferences.validate_conference)
MAX_ORGANIZATION = 120  # conference organization and chair (idem)
MAX_LINE = 200  # responder, reply_by, referred_to, reject_reason (projector.room._edits);
#                 the record's short fields and recipients (record.notes)
MAX_PARAGRAPH = 4000  # conclusion, answer summary (projector.room._edits)
MAX_NOTE = 20_000  # the record's paragraphs (record.notes)
MAX_LABEL = 300  # who admitted someone: a staff member's or a paired device's name (not capped at entry)
MAX_KEY = 4 * MAX_NAME  # a folded search key: casefold may lengthen a name ("ß" → "ss")
# A row's id: what a page's script holds exactly (a JavaScript number), and far below SQLite's
# largest, after which no row could be added to the table.
MAX_ID = 2**53 - 1
MAX_NUMBER = 1_000_000  # a question's number ("Câu 12"): the next is the largest plus one
MAX_ORDER = 10**6

Check = Callable[[Any], "str | None"]  # None when the value is fine, else why not, for a person


@dataclass(frozen=True)
class Column:
    check: Check
    nullable: bool = False  # null allowed (the column has no NOT NULL)
    required: bool = False  # in every row (NOT NULL and no default)
    refers_to: str | None = None  # a table of the same file whose row it names


_SURROGATE = re.compile("[\ud800-\udfff]")


def integer(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not is_int(value):
            return _("phải là số nguyên")
        if not low <= value <= high:
            return _("phải là số nguyên từ %(low)s đến %(high)s", low=low, high=high)
        return None
    return check


def number(low: float, high: float) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            return _("phải là số từ %(low)s đến %(high)s", low=low, high=high)
        return None
    return check


def text(limit: int, pattern: str | None = None) -> Check:
    shape = re.compile(pattern) if pattern else None

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return _("phải là chuỗi ký tự")
        if len(value) > limit:
            return _("dài %(n)d ký tự, quá giới hạn %(limit)d ký tự", n=len(value), limit=limit)
        if _SURROGATE.search(value):
            return _("có ký tự không hợp lệ (mã Unicode lẻ)")
        # What no rule writes: `text.clean` takes control characters, zero-width and direction
        # marks out of what people type (a paragraph keeps its line breaks and tabs).
        control = first_invisible(value)
        if control:
            return _("có ký tự điều khiển %(code)s (không in được), phần mềm không bao giờ ghi ký tự này",
                     code=f"U+{ord(control):04X}")
        if shape is not None and not shape.fullmatch(value):
            return _("không đúng dạng")
        return None
    return check


def one_of(values: Iterable[str]) -> Check:
    allowed = tuple(values)

    def check(value: Any) -> str | None:
        if value not in allowed:
            return _("giá trị %(v)s không thuộc danh sách cho phép (%(allowed)s)",
                     v=json.dumps(value, ensure_ascii=False)[:40], allowed=", ".join(allowed))
        return None
    return check


def day(value: Any) -> str | None:
    """A date as the rules store it (2025-11-20), in the years a rule accepts (`inputs.iso_day`)."""
    try:
        if isinstance(value, str) and iso_day(value).isoformat() == value:
            return None
    except ValueError:
        pass
    return _("không phải ngày hợp lệ (dạng NNNN-TT-NN, năm %(first)d đến %(last)d)", first=FIRST_YEAR, last=LAST_YEAR)


def moment(value: Any) -> str | None:
    """A timestamp as the service keeps it (clock.parse): ISO 8601 with its zone, in the years a
    day may be (9999-12-31T20:00Z is no moment the hall's clock can show: a year 10000 there)."""
    try:
        if isinstance(value, str) and len(value) <= 40 and FIRST_YEAR <= clock.parse(value).year <= LAST_YEAR:
            return None
    except ValueError:
        pass
    return _("không phải thời điểm hợp lệ (dạng 2025-11-20T01:05:00Z, năm %(first)d đến %(last)d)",
             first=FIRST_YEAR, last=LAST_YEAR)


def moment_or_blank(value: Any) -> str | None:
    return None if value == "" else moment(value)


def time_of_day(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return None
    return _("không phải giờ hợp lệ (dạng GG:PP)")


def flag(value: Any) -> str | None:
    return None if is_int(value) and value in (0, 1) else _("phải là 0 hoặc 1")


def word_list(items: int, limit: int) -> Check:
    """A list of short texts kept as JSON text (the attention words, responders, recipients)."""
    def check(value: Any) -> str | None:
        try:
            words = json.loads(value) if isinstance(value, str) else None
        except (ValueError, RecursionError):
            words = None
        if not isinstance(words, list) or len(words) > items or not all(
                isinstance(w, str) and len(w) <= limit and not _SURROGATE.search(w)
                and not first_invisible(w) for w in words):
            return _("phải là danh sách JSON tối đa %(n)d mục, mỗi mục tối đa %(limit)d ký tự", n=items, limit=limit)
        return None
    return check


ROW_ID = Column(integer(1, MAX_ID), required=True)


def ref(table: str, nullable: bool = False) -> Column:
    return Column(integer(1, MAX_ID), nullable=nullable, required=not nullable, refers_to=table)


def req(check: Check) -> Column:
    return Column(check, required=True)


def null(check: Check) -> Column:
    return Column(check, nullable=True)


PHONE = r"(\+?\d{8,15})?"  # as office.invitees._phone keeps it; empty when none
CODE = re.escape(CODE_PREFIX) + "[A-Z2-7]{32}"  # office.codes.new_code: 20 random bytes in base32
SHORT_CODE = f"[{SHORT_ALPHABET}]{{{SHORT_LENGTH}}}"

SCHEMA: dict[str, dict[str, Column]] = {
    "conferences": {
        "id": ROW_ID,
        "title": req(text(MAX_TITLE)),
        "organization": Column(text(MAX_ORGANIZATION)),
        "held_on": req(day),
        "starts_at": Column(time_of_day),
        "venue": Column(text(MAX_TITLE)),
        "chair": Column(text(MAX_ORGANIZATION)),
        "capacity": Column(integer(1, 5000)),
        "announced_on": null(day),
        "is_active": Column(flag),
        "created_at": req(moment),
        # The documents' settings the invitations print (record.notes, m007_record_documents).
        **{name: Column(text(MAX_LINE)) for name in ("issuing_body", "superior_body", "invitation_number")},
        # Where the announcement went out (office.conferences, m008_composition).
        "announcement_channel": Column(text(MAX_CHANNEL)),
    },
    "groups": {
        "id": ROW_ID,
        "conference_id": ref("conferences"),
        "name": req(text(MAX_NAME)),
        "name_key": req(text(MAX_KEY)),
        "kind": req(one_of(("ward", "tdp"))),
        "quota": Column(integer(0, 1000)),
        # Why a TDP's quota is under the plan's minimum (office.groups, m008_composition).
        "quota_reason": Column(text(MAX_REASON)),
        "sort_order": Column(integer(0, MAX_ORDER)),
    },
    "invitees": {
        "id": ROW_ID,
        "conference_id": ref("conferences"),
        "group_id": ref("groups"),
        "name": req(text(MAX_NAME)),
        "name_key": req(text(MAX_KEY)),
        "position": Column(text(MAX_POSITION)),
        "category": req(one_of(CATEGORIES)),
        "phone": Column(text(16, PHONE)),
        "checked_in_at": null(moment),
        "created_at": req(moment),
        "removed_at": null(moment),
        "walk_in": Column(flag),
        # The ward delegate's sub-category, '' when read from the position (m012_ward_roles).
        "ward_role": Column(one_of(("", *WARD_ROLES))),
    },
    "invitations": {
        "id": ROW_ID,
        "invitee_id": ref("invitees"),
        "conference_id": ref("conferences"),
        "code": req(text(len(CODE_PREFIX) + 32, CODE)),
        "short_code": req(text(SHORT_LENGTH, SHORT_CODE)),
        "issued_at": req(moment),
        "revoked_at": null(moment),
    },
    "checkins": {
        "id": ROW_ID,
        "conference_id": ref("conferences"),
        "invitee_id": ref("invitees"),
        "at": req(moment),
        "kiosk": req(text(MAX_LABEL)),
        "actor": req(text(MAX_LABEL)),
        "method": req(one_of(("scan", "search", "walk_in"))),
        "offline_at": null(moment),
        "flagged": Column(flag),
        "undone_at": null(moment),
        "undone_by": null(text(MAX_LABEL)),
    },
    "topics": {
        "id": ROW_ID,
        "conference_id": ref("conferences"),
        "name": req(text(MAX_SHORT)),
        "sort_order": Column(integer(0, MAX_ORDER)),
        "retired": Column(flag),  # dropped from the list while questions still name it (m014_topics)
    },
    "questions": {
        "id": ROW_ID,
        "conference_id": ref("conferences"),
        "created_at": req(moment),
        "source": req(one_of(("phone", "floor", "petition"))),
        # A phone's traces: no backup made now holds them, an older one may (`retention`
        # leaves them out of what is written back).
        "device": null(text(64)),
        "ip": null(text(64)),
        "group_id": ref("groups", nullable=True),
        "group_other": Column(text(MAX_SHORT)),
        "asker_name": Column(text(MAX_SHORT)),
        "show_name": Column(flag),
        "topic_id": ref("topics", nullable=True),
        "original_text": req(text(MAX_TEXT)),
        "text": req(text(MAX_TEXT)),
        "status": Column(one_of(s.value for s in Status)),
        "attention": Column(flag),
        "reject_reason": Column(text(MAX_LINE)),
        "queue_order": null(number(-1e15, 1e15)),
        "responder": Column(text(MAX_LINE)),
        "answer_summary": Column(text(MAX_PARAGRAPH)),
        "conclusion": Column(text(MAX_PARAGRAPH)),
        "reply_by": Column(text(MAX_LINE)),
        "reply_due": null(day),
        "referred_to": Column(text(MAX_LINE)),
        "merged_into": ref("questions", nullable=True),
        "shown_at": null(moment),
        "closed_at": null(moment),
        "updated_at": req(moment),
        "followup_done_on": null(day),
        "followup_text": Column(text(MAX_REPLY)),
        "number": null(integer(1, MAX_NUMBER)),  # an older backup has none: given again in order
        "asker_phone": Column(text(16, PHONE)),  # for a written reply; staff only
        # "Hỏi lại": the chairman's question back and the asker's answer (m009_ask_back).
        "ask_back": Column(text(MAX_ASK_BACK)),
        "ask_back_at": null(moment),
        "ask_back_answer": Column(text(MAX_ASK_BACK_ANSWER)),
        "ask_back_answered_at": null(moment),
        # A petition gathered before the day: who prepares its answer, the answer (m011_petitions).
        "prepared_by": Column(text(MAX_LINE)),
        "prepared_answer": Column(text(MAX_PARAGRAPH)),
        "prepared_at": null(moment),
    },
    "votes": {
        "question_id": ref("questions"),
        "device": req(text(64)),  # a pseudonym since backups leave out the phones' traces
        "at": req(moment),
        "ip": Column(text(64)),  # a phone's trace, as questions' `ip`
    },
    "rooms": {
        "conference_id": ref("conferences"),
        "submissions": Column(one_of(("open", "paused", "closed"))),
        "attention_words": Column(word_list(200, MAX_SHORT)),
        "responders": Column(word_list(50, MAX_SHORT)),
        # The referral suggestions (projector.settings, m012_ward_roles).
        "authorities": Column(word_list(50, MAX_SHORT)),
        "screen_mode": Column(one_of(("questions", "arrivals"))),
        "zoom": Column(number(0.5, 2.5)),
        "timer_started_at": null(moment),
        "timer_seconds": Column(integer(10, 1800)),
        "updated_at": Column(moment_or_blank),
        "current_topic_id": ref("topics", nullable=True),  # the field being taken (m014_topics)
        "ended_at": null(moment),  # the chairman ended the meeting (m017_meeting_ended)
    },
    "record_notes": {
        "conference_id": ref("conferences"),
        **{name: Column(text(MAX_LINE)) for name in (
            "document_number", "place", "opened_at", "closed_at", "chair_name", "secretary_name", "presenter")},
        **{name: Column(text(MAX_NOTE)) for name in ("programme", "report_summary", "other_notes")},
        "council_session_on": null(day),
        "recipients": Column(word_list(30, MAX_LINE)),
        "updated_at": Column(moment_or_blank),
        # The report's own parts (record.notes, m007_record_documents).
        **{name: Column(text(MAX_LINE)) for name in ("report_number", "signer_name")},
        **{name: Column(text(MAX_NOTE)) for name in ("assessment", "proposals")},
        "report_issued_on": null(day),
        "signer_title": Column(one_of(SIGNER_TITLES)),
        "passed_at_meeting": Column(flag),
    },
}

# What makes a row one row (the primary key), where it is not `id`.
KEYS: dict[str, tuple[str, ...]] = {
    "votes": ("question_id", "device"),
    "rooms": ("conference_id",),
    "record_notes": ("conference_id",),
}
MAX_PROBLEMS = 20  # listed of a refused file; the first one is the message


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None  # 1-based, as a person counts the rows of a table in the file
    field: str | None
    reason: str
    row_id: Any = None

    def message(self) -> str:
        where = str(self.row) if self.row_id is None else f"{self.row} (id {self.row_id})"
        if self.row is None:
            return _("Tệp sao lưu có dữ liệu sai ở bảng %(table)s: %(reason)s.", table=self.table, reason=self.reason)
        if self.field is None:
            return _("Tệp sao lưu có dữ liệu sai ở bảng %(table)s, dòng %(row)s: %(reason)s.",
                     table=self.table, row=where, reason=self.reason)
        field = self.field if first_invisible(self.field) is None else json.dumps(self.field)  # a NUL in a key, said
        return _("Tệp sao lưu có dữ liệu sai ở bảng %(table)s, dòng %(row)s, trường %(field)s: %(reason)s.",
                 table=self.table, row=where, field=field[:40], reason=self.reason)

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row": self.row, "field": self.field, "message": self.message()}


def _row_problems(table: str, number: int, row: Any) -> list[Problem]:
    """What is wrong with one row on its own: its shape, each field's type, date, range."""
    if not isinstance(row, dict):
        return [Problem(table, number, None, _("dòng phải là một đối tượng JSON"))]
    columns = SCHEMA[table]
    row_id = row.get("id") if is_int(row.get("id")) else None
    found = [Problem(table, number, str(name), _("trường này không có trong bảng"), row_id)
             for name in row if name not in columns]
    for name, column in columns.items():
        if name not in row:
            if column.required:
                found.append(Problem(table, number, name, _("thiếu trường bắt buộc"), row_id))
            continue
        value = row[name]
        if value is None:
            reason = None if column.nullable else _("không được để trống (null)")
        else:
            reason = column.check(value)
        if reason:
            found.append(Problem(table, number, name, reason, row_id))
    return found


def problems(data: dict[str, Any]) -> list[Problem]:
    """Everything wrong with a backup's data (at most MAX_PROBLEMS), in the file's order;
    empty when every row can be written back and shown. `data` has exactly SCHEMA's tables."""
    found: list[Problem] = []
    keys: dict[str, set[tuple[Any, ...]]] = {}
    for table in SCHEMA:
        rows = data[table]
        if not isinstance(rows, list):
            found.append(Problem(table, None, None, _("phải là một danh sách các dòng")))
            continue
        seen: dict[tuple[Any, ...], int] = {}
        key_names = KEYS.get(table, ("id",))
        for number, row in enumerate(rows, start=1):
            row_found = _row_problems(table, number, row)
            found += row_found
            if row_found:
                continue
            key = tuple(row[name] for name in key_names)
            if key in seen:
                found.append(Problem(table, number, key_names[-1],
                                     _("trùng với dòng %(n)d của bảng", n=seen[key]), row.get("id")))
            seen.setdefault(key, number)
        keys[table] = {key[0] for key in seen} if key_names == ("id",) else set()
        if len(found) >= MAX_PROBLEMS:
            return found[:MAX_PROBLEMS]
    if found:  # a reference is worth checking only between rows that are right on their own
        return found
    for table, columns in SCHEMA.items():
        for number, row in enumerate(data[table], start=1):
            for name, column in columns.items():
                value = row.get(name)
                if column.refers_to and value is not None and value not in keys[column.refers_to]:
                    found.append(Problem(table, number, name, _(
                        "trỏ tới dòng id %(id)s của bảng %(other)s, không có trong tệp",
                        id=value, other=column.refers_to), row.get("id")))
        if len(found) >= MAX_PROBLEMS:
            break
    return (found or _merge_problems(data["questions"]))[:MAX_PROBLEMS]


def _merge_problems(questions: list[dict[str, Any]]) -> list[Problem]:
    """What the merges say that never happens: a question merged into itself or into nothing,
    or a ring of merges (each one merged into the next), which no list could print."""
    into = {row["id"]: row.get("merged_into") for row in questions}
    ends: dict[int, bool] = {}  # a question's chain of merges: True when it runs into a ring
    found: list[Problem] = []
    for number, row in enumerate(questions, start=1):
        if row.get("status") == Status.MERGED.value and row.get("merged_into") is None:
            found.append(Problem("questions", number, "merged_into",
                                 _("câu hỏi đã gộp nhưng không ghi gộp vào câu nào"), row["id"]))
            continue
        if _in_a_ring(row["id"], into, ends):
            found.append(Problem("questions", number, "merged_into",
                                 _("các câu hỏi gộp vào nhau thành vòng (câu gộp vào chính nó)"), row["id"]))
    return found


def _in_a_ring(start: int, into: dict[int, Any], ends: dict[int, bool]) -> bool:
    """Whether following `start`'s merges runs into a ring; each question is walked once."""
    path: list[int] = []
    on_path: set[int] = set()
    current: Any = start
    while current is not None and current not in ends and current not in on_path:
        path.append(current)
        on_path.add(current)
        current = into.get(current)
    ring = current in on_path or ends.get(current, False)
    for question in path:
        ends[question] = ring
    return ring
