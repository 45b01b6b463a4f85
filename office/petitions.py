"""Petitions gathered before the day (kiến nghị gửi trước): the TDPs' summary sheets imported,
or typed in one by one; each assigned to the official who prepares its answer, and the
prepared answer written (by the secretary, on the official's behalf). No Flask.

A petition is a question like any other (`source` 'petition'): it gets the conference's next
`number` when received, waits `pending` for the chairman on the day, follows the same moves
and lands in the same record. What it adds stays with the staff (`projector.shapes`): the
official (`prepared_by`), the prepared answer and when it was written.

Decisions, documented in the README:
- the file is read by the roster's bounded reader (`roster_import.read_table`), all or
  nothing: any bad row refuses the file and every bad row is listed with its number;
- `Tổ dân phố` must name a group of the conference (`TDP số 3` = `Tổ dân phố số 3`), or be
  empty (a petition sent to the ward directly); an unknown name is a row error;
- `Lĩnh vực` must name one of the conference's fields (case, diacritics, spaces and dashes
  ignored), or be empty; an unknown one is a row error listing the fields, never a new
  field: a typo must not split a field in two for the dialogue by topic;
- a petition already received (same TDP, same content ignoring case, diacritics, spacing
  and punctuation), or repeated lower in the same file, is skipped and listed, so a TDP's
  corrected sheet can be imported again;
- the petitioner's name is kept for the staff and hidden from the screen (`show_name` 0).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.errors import Refusal, active_conference, invalid, meeting_not_ended, not_found
from conference.i18n import N_, _
from conference.inputs import is_id, json_object, keep_others_edits
from conference.offload import let_others_in, off_loop
from conference.text import clean, clean_text, fold
from projector import attention
from projector.settings import MAX_SHORT, MAX_TEXT
from projector.vocabulary import Status

from .groups import GroupKeys, group_key, refused, unclear_group
from .roster_import import CHECKS_BETWEEN_PAUSES, SheetLayout, Unreadable, read_table, trailing_footer, unsaved_formula

SOURCE = "petition"
MAX_PREPARED_BY = 200  # a name and a position: "Ông Trần Văn Hùng, Phó Chủ tịch UBND phường"
MAX_PREPARED_ANSWER = 4000  # as long as a conclusion

PETITION_LAYOUT = SheetLayout(
    headers={
        "group": {"to dan pho", "tdp", "group", "don vi"},
        "name": {"nguoi kien nghi", "ho va ten", "ho ten", "name", "nguoi gui", "petitioner"},
        "topic": {"linh vuc", "topic", "field", "chu de"},
        "text": {"noi dung", "text", "noi dung kien nghi", "kien nghi", "y kien, kien nghi",
                 "noi dung y kien, kien nghi", "content"},
    },
    required=("text",),
    no_header=N_(
        "Không tìm thấy dòng tiêu đề có cột 'Nội dung'. Dòng tiêu đề cần cột Nội dung, và có thể "
        "thêm Tổ dân phố, Người kiến nghị, Lĩnh vực."
    ),
    no_rows=N_("Tệp chỉ có dòng tiêu đề, chưa có kiến nghị nào."),
    cell_chars=MAX_TEXT + 1,  # a cell one longer than a petition may be is a row error, never cut silently
)


@dataclass
class ImportSummary:
    conference_id: int
    imported: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"row", "message"}: already received
    ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"conference_id": self.conference_id, "imported": self.imported, "skipped": self.skipped}


_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def text_key(text: str) -> str:
    """One petition's content as compared for a duplicate: folded, punctuation and spacing ignored."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


def topic_key(name: str) -> str:
    """'Đất đai - xây dựng', 'dat dai xay dung' and 'Đất đai – Xây dựng' are one field."""
    return _PUNCTUATION.sub(" ", fold(name)).strip()


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class _Conference:
    """What the checks need of the active conference: its groups, its fields, its petitions."""

    id: int
    groups: dict[str, dict[str, Any]]
    topics: dict[str, dict[str, Any]]
    received: dict[tuple[int | None, str], int]  # (group_id, text_key) → the petition's number
    group_keys: GroupKeys = field(init=False)

    def __post_init__(self) -> None:
        self.group_keys = GroupKeys(self.groups)

    @classmethod
    def load(cls, database: Database, conference_id: int) -> _Conference:
        return cls(
            conference_id,
            {g["name_key"]: g for g in store.groups_list(database, conference_id)},
            {topic_key(t["name"]): t for t in store.topics_list(database, conference_id)},
            {(p["group_id"], text_key(p["text"])): p["number"] for p in store.petition_texts(database, conference_id)},
        )

    def topic_names(self) -> str:
        return ", ".join(t["name"] for t in self.topics.values())


def import_petitions(database: Database, data: bytes, filename: str, actor: str) -> ImportSummary:
    """Check the whole sheet, then add every new petition in one transaction, or add nothing.

    Read off the event loop like the roster; the checks hand the loop over as the roster's do."""
    try:
        rows = off_loop(read_table, data, filename, PETITION_LAYOUT)
    except Unreadable as problem:
        message = _(problem.message, **problem.values)
        raise refused(message, [{"row": None, "message": message}]) from None
    active = active_conference(database, 409)
    meeting_not_ended(database, active, _("kiến nghị"))  # said before the rows are checked; again below
    conference = _Conference.load(database, active["id"])
    errors: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    seen: dict[tuple[int | None, str], int] = {}
    fresh: list[dict[str, Any]] = []
    # "Người tổng hợp" and a name to sign under the table, past an empty row: the sheet's footer.
    footer = trailing_footer(rows, lambda row: bool(clean(_cell(row.values.get("text")))))
    for parsed in rows[len(rows) - footer:] if footer else []:
        skipped.append({"row": parsed.row, "message": _(
            "Dòng %(n)d: ở cuối tệp, sau một dòng trống, không có nội dung (người tổng hợp, chữ ký…), bỏ qua.",
            n=parsed.row)})
    rows = rows[:len(rows) - footer]
    for index, parsed in enumerate(rows):
        if index % CHECKS_BETWEEN_PAUSES == 0:
            let_others_in()  # before the transaction, as the roster's checks
        problems: list[str] = []
        values = {name: _cell(parsed.values.get(name)) for name in ("group", "name", "topic", "text")}
        for name, label in (("group", _("Tổ dân phố")), ("name", _("Người kiến nghị")), ("topic", _("Lĩnh vực")),
                            ("text", _("Nội dung"))):
            where = unsaved_formula(values[name])
            if where:
                problems.append(_("ô %(cell)s (%(label)s) là công thức chưa có giá trị; hãy dán dạng giá trị",
                                  cell=where, label=label))
                values[name] = ""
        text = clean_text(values["text"])
        if not text and not problems:
            problems.append(_("thiếu Nội dung"))
        elif len(text) > MAX_TEXT:
            problems.append(_("Nội dung dài hơn %(n)s ký tự; hãy tóm tắt lại", n="1.000"))
        group_name, name, topic_name = clean(values["group"]), clean(values["name"]), clean(values["topic"])
        group_id = topic_id = None
        if group_name:
            meant = conference.group_keys.meant(group_key(group_name[:MAX_SHORT * 2]))
            if not meant:
                problems.append(_("tổ dân phố '%(g)s' không có trong hội nghị này", g=group_name[:60]))
            elif len(meant) > 1:
                problems.append(unclear_group(group_name[:60], (conference.groups[k]["name"] for k in meant)))
            else:
                group_id = conference.groups[meant[0]]["id"]
        if len(name) > MAX_SHORT:
            problems.append(_("tên Người kiến nghị quá dài (tối đa %(n)d ký tự)", n=MAX_SHORT))
        if topic_name:
            topic = conference.topics.get(topic_key(topic_name[:MAX_SHORT * 2]))
            if topic is None:
                problems.append(_("lĩnh vực '%(t)s' không có trong hội nghị này (các lĩnh vực: %(all)s)",
                                  t=topic_name[:60], all=conference.topic_names()))
            else:
                topic_id = topic["id"]
        if problems:
            message = "; ".join(problems)
            errors.append({"row": parsed.row, "message": _("Dòng %(n)d: %(m)s.", n=parsed.row,
                                                             m=message[0].upper() + message[1:])})
            continue
        key = (group_id, text_key(text))
        if key in conference.received:
            skipped.append({"row": parsed.row, "message": _(
                "Dòng %(n)d: đã có (kiến nghị số %(k)d), bỏ qua.", n=parsed.row, k=conference.received[key])})
        elif key in seen:
            skipped.append({"row": parsed.row, "message": _(
                "Dòng %(n)d: trùng với dòng %(k)d, bỏ qua.", n=parsed.row, k=seen[key])})
        else:
            seen[key] = parsed.row
            fresh.append({"group_id": group_id, "asker_name": name, "topic_id": topic_id, "text": text})
    if errors:
        raise refused(_("Tệp có %(n)d dòng lỗi nên chưa nhập kiến nghị nào. Sửa các dòng dưới đây rồi nhập lại.",
                        n=len(errors)), errors)
    summary = ImportSummary(conference.id, skipped=skipped)
    with store.write(database):
        active = active_conference(database, 409)
        if active["id"] != conference.id:
            raise Refusal(409, "conference_changed", _("Hội nghị đang hoạt động vừa thay đổi. Hãy nhập lại tệp."))
        meeting_not_ended(database, active, _("kiến nghị"))
        for petition in fresh:
            summary.ids.append(_insert(database, conference.id, petition))
        summary.imported = len(summary.ids)
        store.audit(database, actor, "petition.import", filename[:200], rows=summary.imported, skipped=len(skipped))
    return summary


def _insert(database: Database, conference_id: int, petition: dict[str, Any]) -> int:
    """One petition received: pending, its number given now, the petitioner's name hidden."""
    return store.question_insert(database, conference_id, {
        "source": SOURCE, "group_id": petition["group_id"], "asker_name": petition["asker_name"], "show_name": 0,
        "topic_id": petition["topic_id"], "original_text": petition["text"], "text": petition["text"],
        "status": Status.PENDING.value,
        "attention": int(attention.flagged(database, conference_id, petition["text"])),
    })


# ---------------------------------------------------------------- typed in, prepared


def _short(body: dict[str, Any], name: str, limit: int, label: str) -> str | None:
    """A one-line field of the body, cleaned; None when the body leaves it out."""
    if name not in body:
        return None
    value = body[name]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(_("Ô “%(f)s” không hợp lệ.", f=label))
    text = clean(value)
    if len(text) > limit:
        raise invalid(_("Ô “%(f)s” quá dài (tối đa %(n)d ký tự).", f=label, n=limit))
    return text


def _petition_text(value: Any) -> str:
    text = clean_text(value) if isinstance(value, str) and len(value) <= 4 * MAX_TEXT else None
    if text is None and isinstance(value, str):
        text = "x" * (MAX_TEXT + 1)  # far too long: say so below
    if not text:
        raise invalid(_("Hãy viết nội dung kiến nghị."))
    if len(text) > MAX_TEXT:
        raise Refusal(413, "too_long", _("Nội dung kiến nghị dài quá %(n)s ký tự. Hãy tóm tắt lại.", n="1.000"))
    return text


def _references(database: Database, conference: _Conference, body: dict[str, Any]) -> dict[str, Any]:
    """The TDP and the field a body names, checked against the conference."""
    out: dict[str, Any] = {}
    if "group_id" in body:
        value = body["group_id"]
        if value in (None, ""):
            out["group_id"] = None
        else:
            group = store.group_get(database, value) if is_id(value) else None
            if group is None or group["conference_id"] != conference.id:
                raise invalid(_("Tổ dân phố đã chọn không có trong hội nghị này."))
            out["group_id"] = value
    if "topic_id" in body:
        value = body["topic_id"]
        if value in (None, ""):
            out["topic_id"] = None
        else:
            if not is_id(value) or value not in {t["id"] for t in conference.topics.values()}:
                raise invalid(_("Lĩnh vực đã chọn không hợp lệ."))
            out["topic_id"] = value
    return out


def _prepared(body: dict[str, Any], row: dict[str, Any] | None) -> dict[str, Any]:
    """The official and the prepared answer a body sets; `prepared_at` moves with the answer;
    and whether the petitioner's name may be shown in the hall (hidden unless asked)."""
    out: dict[str, Any] = {}
    if "show_name" in body:
        if not isinstance(body["show_name"], bool):
            raise invalid(_("Lựa chọn hiện tên không hợp lệ."))
        out["show_name"] = int(body["show_name"])
    who = _short(body, "prepared_by", MAX_PREPARED_BY, _("Người chuẩn bị trả lời"))
    if who is not None:
        out["prepared_by"] = who
    if "prepared_answer" in body:
        value = body["prepared_answer"]
        if value is not None and not isinstance(value, str):
            raise invalid(_("Ô “%(f)s” không hợp lệ.", f=_("Nội dung trả lời chuẩn bị")))
        answer = clean_text(value or "")[:MAX_PREPARED_ANSWER + 1]
        if len(answer) > MAX_PREPARED_ANSWER:
            raise invalid(_("Nội dung trả lời chuẩn bị quá dài (tối đa %(n)s ký tự).", n="4.000"))
        if row is None or answer != row["prepared_answer"]:
            out["prepared_answer"] = answer
            out["prepared_at"] = clock.now() if answer else None
    return out


# What a petition's body may hold: what the office types (the text, the TDP, the field, the
# petitioner), who prepares the answer and the answer, and what the preparing page opened with.
PETITION_FIELDS = ("text", "name", "group_id", "topic_id", "show_name", "prepared_by", "prepared_answer")


def add_petition(database: Database, body: Any, actor: str) -> dict[str, Any]:
    """A petition typed in by the office: pending, numbered now; 409 when already received."""
    body = json_object(body, fields=PETITION_FIELDS)
    text = _petition_text(body.get("text"))
    name = _short(body, "name", MAX_SHORT, _("Người kiến nghị")) or ""
    with store.write(database):
        active = active_conference(database, 409)
        meeting_not_ended(database, active, _("kiến nghị"))
        conference = _Conference.load(database, active["id"])
        references = _references(database, conference, body)
        group_id = references.get("group_id")
        number = conference.received.get((group_id, text_key(text)))
        if number is not None:
            raise Refusal(409, "duplicate", _("Kiến nghị này đã có (số %(n)d, cùng tổ dân phố, cùng nội dung).", n=number))
        prepared = _prepared(body, None)
        question_id = _insert(database, conference.id, {"group_id": group_id, "asker_name": name,
                                                        "topic_id": references.get("topic_id"), "text": text})
        if prepared:
            store.question_update(database, question_id, prepared)
        store.audit(database, actor, "petition.add", str(question_id))
        return store.question_get(database, question_id) or {}


def update_petition(database: Database, petition_id: int, body: Any, actor: str) -> dict[str, Any]:
    """The office assigns the official, writes the prepared answer, or corrects a petition the
    chairman has not yet taken up (TDP, field, petitioner, text; only while pending)."""
    body = json_object(body, need_fields=True, fields=(*PETITION_FIELDS, "was"))
    with store.write(database):
        row = store.question_get(database, petition_id)
        conference = active_conference(database, 409)
        if row is None or row["source"] != SOURCE or row["conference_id"] != conference["id"]:
            raise not_found(_("Không có kiến nghị này trong hội nghị đang hoạt động."))
        fields = _prepared(body, row)
        keep_others_edits(body, row, fields, PREPARED_FIELDS, lambda: _changed_meanwhile(row))
        if "prepared_answer" not in fields:
            fields.pop("prepared_at", None)  # the answer is not written: nor is its time
        corrections = {k for k in ("text", "group_id", "topic_id", "name") if k in body}
        if corrections:
            if row["status"] != Status.PENDING.value:
                raise Refusal(409, "taken_up", _(
                    "Kiến nghị này đã được chủ trì xử lý; chỉ còn sửa được người chuẩn bị và nội dung trả lời."))
            fields.update(_references(database, _Conference.load(database, conference["id"]), body))
            if "text" in body:  # the text as received stays in `original_text`, as a question's does
                fields["text"] = _petition_text(body["text"])
            name = _short(body, "name", MAX_SHORT, _("Người kiến nghị"))
            if name is not None:
                fields["asker_name"] = name
        changed = {k: v for k, v in fields.items() if row.get(k) != v}
        if not changed:
            return row
        store.question_update(database, petition_id, changed)
        store.audit(database, actor, "petition.update", str(petition_id),
                    fields=sorted(k for k in changed if k != "prepared_at"))
        return store.question_get(database, petition_id) or {}


PREPARED_FIELDS = {"prepared_by": clean, "prepared_answer": clean_text}


def _changed_meanwhile(row: dict[str, Any]) -> Refusal:
    return Refusal(409, "changed_meanwhile", _(
        "Trong lúc bạn soạn, người khác đã lưu người chuẩn bị hoặc trả lời chuẩn bị khác cho kiến nghị này. "
        "Bản của bạn chưa lưu và vẫn còn đây: hãy đối chiếu với bản đã lưu rồi lưu lại."),
        petition=staff_petition(row))


# ---------------------------------------------------------------- the office's view


def staff_petition(row: dict[str, Any]) -> dict[str, Any]:
    """A petition as the office's page shows it (staff only: the petitioner's name too)."""
    return {
        "id": row["id"], "number": row["number"], "created_at": row["created_at"], "status": row["status"],
        "group_id": row["group_id"], "group_name": row["group_name"] or "",
        "asker_name": row["asker_name"], "show_name": bool(row["show_name"]),
        "topic_id": row["topic_id"], "topic_name": row["topic_name"] or "",
        "text": row["text"], "prepared_by": row["prepared_by"], "prepared_answer": row["prepared_answer"],
        "prepared_at": row["prepared_at"], "prepared": bool(row["prepared_answer"]),
    }


def board(rows: list[dict[str, Any]], held_on: str, today: date) -> dict[str, Any]:
    """The "chuẩn bị" board: per field and per official, how many petitions and how many still
    without a prepared answer; the days left until the conference (negative once it passed)."""
    def count(key: str, none: str) -> list[dict[str, Any]]:
        lines: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["status"] in (Status.MERGED.value, Status.REJECTED.value):
                continue  # no longer to be answered
            name = row[key] or ""
            line = lines.setdefault(fold(name), {"name": name, "label": name or none, "total": 0, "unprepared": 0})
            line["total"] += 1
            line["unprepared"] += 0 if row["prepared_answer"] else 1
        return sorted(lines.values(), key=lambda l: (-l["unprepared"], not l["name"], fold(l["name"])))

    try:
        days_left: int | None = (date.fromisoformat(held_on) - today).days
    except (TypeError, ValueError):
        days_left = None
    by_topic = count("topic_name", _("(chưa xếp lĩnh vực)"))
    return {
        "held_on": held_on, "today": today.isoformat(), "days_left": days_left,
        "total": sum(line["total"] for line in by_topic),
        "unprepared": sum(line["unprepared"] for line in by_topic),
        "unassigned": sum(1 for row in rows if not row["prepared_by"]
                          and row["status"] not in (Status.MERGED.value, Status.REJECTED.value)),
        "by_topic": by_topic,
        "by_official": count("prepared_by", _("(chưa giao)")),
    }


def officials(database: Database, conference_id: int, rows: list[dict[str, Any]]) -> list[str]:
    """Who may prepare answers, to suggest as the office types: the ward delegates on the roster
    ("name, position") and every official already assigned a petition."""
    names = [row["prepared_by"] for row in rows if row["prepared_by"]]
    for person in store.invitees_list(database, conference_id):
        if person.get("group_kind") == "ward":
            names.append(f"{person['name']}, {person['position']}" if person["position"] else person["name"])
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), name)
    return list(seen.values())
