"""Spreadsheets of the record: attendance (with a per-group sheet against quotas), questions,
and the follow-up of written replies and referrals; each as .xlsx with a header block naming
the conference and the export time, and as .csv of the same table."""
from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from conference import clock
from office import attendance, officers

from projector.ask_back import record_line
from projector.vocabulary import FollowUpState, Status, follow_up_state

from .data import FOLLOW_UP_STATUSES, OUTCOME_LABELS, Record, local, outcome_line, staff_name, vi, vn_date, xml_safe

OVERDUE = PatternFill("solid", fgColor="F8D7DA")


def _safe(value: Any) -> Any:
    """A CSV cell's value as text people typed: never a formula (a spreadsheet opening the
    file would run one), never a control character."""
    if isinstance(value, str):
        value = _clean(value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value  # what spreadsheets do to show a leading sign as text
    return value


def _clean(value: Any) -> Any:
    """An .xlsx cell's value: text without control characters (the cell is then typed as text,
    so a leading '=' is shown as typed, never run: `_as_text`)."""
    return xml_safe(value) if isinstance(value, str) else value


def _as_text(cells: Any) -> None:
    """Cells whose text begins like a formula stay text: the resident's words exactly, never run."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def attendance_table(record: Record, zone: str) -> tuple[list[str], list[list[Any]]]:
    """Everyone invited or admitted; a ward delegate's sub-category (Đảng ủy, UBND, Ủy ban
    MTTQ…) beside their category."""
    header = [vi("STT"), vi("Họ và tên"), vi("Đơn vị"), vi("Loại"), vi("Thành phần"), vi("Chức vụ"), vi("Giờ điểm danh"),
              vi("Bàn đón tiếp"), vi("Khách không có giấy mời")]
    rows = [[n, p["name"], p["group_name"], attendance.CATEGORY_LABELS[p["category"]], _ward_role(p), p["position"],
             local(p["checked_in_at"], zone), p["kiosk"] or "", vi("có") if p["walk_in"] else ""]
            for n, p in enumerate(record.people, start=1)]
    return header, rows


def _ward_role(person: dict[str, Any]) -> str:
    role = officers.effective_ward_role(person)
    return officers.WARD_ROLE_LABELS[role] if role else ""


def groups_table(record: Record) -> tuple[list[str], list[list[Any]]]:
    """Per group against its quota; a TDP's quota under the plan's minimum flagged with its
    reason, and which of its three officers (Bí thư chi bộ, Trưởng Ban công tác Mặt trận, Tổ
    trưởng TDP) were not invited or not in the hall."""
    header = [vi("Đơn vị"), vi("Chỉ tiêu đại diện nhân dân"), vi("Đại diện nhân dân được mời"),
              vi("Đại diện nhân dân có mặt"), vi("Cán bộ, đại biểu có mặt"), vi("Tổng có mặt"),
              # The plan's rule (at least 10 a TDP), not the quota: a quota set lower with a
              # reason is met by its own count on the roster page, and flagged in the next column.
              vi("Đủ tối thiểu %(m)d đại diện nhân dân", m=attendance.MINIMUM_RESIDENTS),
              vi("Chỉ tiêu dưới mức tối thiểu %(m)d", m=attendance.MINIMUM_RESIDENTS), vi("Cán bộ chủ chốt chưa mời"),
              vi("Cán bộ chủ chốt vắng")]
    rows = []
    for g in record.summary["groups"]:
        officers_present = g["present"] - g["residents_present"]
        tdp = g["kind"] == "tdp"
        reached = "" if not tdp else (vi("đạt") if attendance.meets_minimum(g) else vi("chưa đạt"))
        low = vi("có; lý do: %(r)s", r=g["quota_reason"] or vi("chưa ghi")) if g["below_minimum"] else ""
        rows.append([g["name"], g["quota"] if tdp else "", g["residents_invited"], g["residents_present"],
                     officers_present, g["present"], reached, low, officers.in_words(attendance.officers_uninvited(g)),
                     officers.in_words(attendance.officers_absent(g, invited_only=True))])
    return header, rows


def questions_table(record: Record, zone: str) -> tuple[list[str], list[list[Any]]]:
    """Every question received, by its number: the staff's file, so the asker's real name even
    when hidden from the screen (marked), the reason of one not brought to the meeting, the
    answer's summary the minutes print, and the chairman's question back with the asker's answer."""
    header = [vi("Số"), vi("Thời gian gửi"), vi("Họ tên"), vi("Đơn vị"), vi("Lĩnh vực"), vi("Nội dung"), vi("Nội dung gốc"),
              vi("Quan tâm"), vi("Trạng thái"), vi("Người trả lời"), vi("Tóm tắt trả lời"), vi("Lên màn hình lúc"),
              vi("Kết luận"), vi("Kết quả"),
              vi("Hạn"), vi("Gộp vào câu"), vi("Lý do không đưa ra"), vi("Nguồn"), vi("Trả lời chuẩn bị trước"),
              vi("Hỏi lại")]
    numbers = {q["id"]: q["number"] for q in record.questions}
    rows = []
    for q in record.questions:
        rows.append([q["number"], local(q["created_at"], zone), staff_name(q),
                     q["group_name"] or q["group_other"], q["topic_name"] or "", q["text"], q["original_text"],
                     q["interest"], OUTCOME_LABELS[q["status"]], q["responder"], q["answer_summary"] or "",
                     local(q["shown_at"], zone),
                     q["conclusion"], outcome_line(q) if q["status"] in FOLLOW_UP_STATUSES else "",
                     vn_date(q["reply_due"]), numbers.get(q["merged_into"], ""),
                     q["reject_reason"] if q["status"] == Status.REJECTED else "", SOURCE_LABELS.get(q["source"], ""),
                     _prepared(q), record_line(q)])
    return header, rows


# Where a question came from, as the record names it.
SOURCE_LABELS = {"phone": "Gửi qua điện thoại", "floor": "Phát biểu tại hội nghị", "petition": "Kiến nghị gửi trước"}


def _prepared(question: dict[str, Any]) -> str:
    """A petition's answer prepared before the day, with who prepared it."""
    if not (question.get("prepared_by") or question.get("prepared_answer")):
        return ""
    return f"{question.get('prepared_by') or '……'}: {question.get('prepared_answer') or vi('(chưa có nội dung)')}"


def followup_table(record: Record, today: str) -> tuple[list[str], list[list[Any]], list[bool]]:
    """Every commitment to follow up (resolutions, written replies, referrals): who owes what
    by when, and how to reach the asker (real name, group, phone), hidden from the screen or not."""
    header = [vi("Số"), vi("Người hỏi"), vi("Đơn vị"), vi("Điện thoại"), vi("Nội dung"), vi("Hình thức"),
              vi("Người, cơ quan phụ trách"), vi("Hạn"), vi("Ngày hoàn thành"), vi("Kết quả"), vi("Quá hạn")]
    rows, overdue = [], []
    for q in record.follow_up:
        late = follow_up_state(q, today) == FollowUpState.OVERDUE
        rows.append([q["number"], staff_name(q), q["group_name"] or q["group_other"] or "", q["asker_phone"], q["text"],
                     OUTCOME_LABELS[q["status"]],
                     q["referred_to"] if q["status"] == Status.REFERRED else q["reply_by"], vn_date(q["reply_due"]),
                     vn_date(q["followup_done_on"]), q["followup_text"], vi("quá hạn") if late else ""])
        overdue.append(late)
    return header, rows, overdue


def _sheet(sheet: Any, title: str, record: Record, zone: str, header: list[str], rows: list[list[Any]],
           highlight: list[bool] | None = None) -> None:
    sheet.append([_clean(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_clean(record.conference["title"])])
    exported = local(clock.now(), zone)
    sheet.append([vi("Xuất lúc %(t)s", t=exported)])
    sheet.append([])
    sheet.append([_clean(h) for h in header])
    for row in sheet.iter_rows(min_row=1, max_row=5):
        _as_text(row)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Each row's cells by their own address: `sheet[sheet.max_row]` counts every cell of the
    # sheet to find the last row, once per row (21,361 invitees: 287 s, the hall stopped).
    width = len(header)
    for index, row in enumerate(rows):
        sheet.append([_clean(v) for v in row])
        cells = [sheet.cell(row=6 + index, column=column) for column in range(1, width + 1)]
        _as_text(cells)
        if highlight and highlight[index]:
            for cell in cells:
                cell.fill = OVERDUE
    for column in range(1, len(header) + 1):
        widest = max([len(str(header[column - 1]))] + [len(str(r[column - 1])) for r in rows[:500]])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, widest + 2))
    sheet.freeze_panes = "A6"


def xlsx(sheets: list[tuple[str, str, list[str], list[list[Any]], list[bool] | None]], record: Record, zone: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, title, header, rows, highlight in sheets:
        _sheet(workbook.create_sheet(name[:31]), title, record, zone, header, rows, highlight)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so that Excel shows the Vietnamese letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe(h) for h in header])
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
