"""The secretary's record: the free-text parts, what is missing, the exports, the follow-up."""
from __future__ import annotations

from datetime import date

from flask import Response, current_app, jsonify, render_template, request

from conference import store
from conference.errors import Refusal, not_found
from conference.i18n import _
from conference.staff import current_user, requires
from projector.vocabulary import Status

from . import backup, bp, data, events, followups, notes, openapi  # noqa: F401 (openapi describes these routes)

# python-docx and openpyxl weigh ~35 MB: loaded on the first export, not at the hall's start.


def _minutes():
    from . import minutes

    return minutes


def _report():
    from . import report

    return report


def _sheets():
    from . import sheets

    return sheets

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen():
    """?conference=ID (past conferences stay exportable), else the active one; None when none."""
    database = store.db()
    if "conference" in request.args:
        conference_id = request.args.get("conference", type=int)
        return store.conference_get(database, conference_id) if conference_id else None
    return store.conference_active(database)


def _conference():
    """The chosen conference, or a 404 saying there is none."""
    conference = _chosen()
    if conference is None:
        raise Refusal(404, "no_conference", _("Không có hội nghị này."))
    return conference


def _file(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _state(record: data.Record) -> dict:
    notes = {k: record.notes.get(k) for k in store.RECORD_FIELDS}
    notes["recipients"] = record.recipients
    header, rows, overdue = _sheets().followup_table(record)
    days_left = None
    if record.report_due:
        days_left = (date.fromisoformat(record.report_due) - date.today()).days
    return {
        "conference": {"id": record.conference["id"], "title": record.conference["title"]},
        "notes": notes, "missing": record.missing, "report_due": record.report_due, "report_days_left": days_left,
        "counts": record.counts,
        "followup": [{"id": q["id"], "number": q["number"], "asker": data.asker(q), "text": q["text"],
                      "status": q["status"], "who": q["referred_to"] if q["status"] == Status.REFERRED else q["reply_by"],
                      "due": q["reply_due"], "done_on": q["followup_done_on"], "reply": q["followup_text"],
                      "overdue": late}
                     for q, late in zip(record.follow_up, overdue)],
    }


@bp.get("/record")
@requires("secretary", "admin")
def index():
    """The secretary: fill in the minutes' free text, see what is missing, export, follow up."""
    return render_template("record/index.html", conferences=store.conferences_list(store.db()),
                           current=_chosen())


@bp.get("/api/record")
@requires("secretary", "admin", "chairman")
def record_state():
    """The record page: notes, what is missing, the report's due date, the follow-up list."""
    return jsonify(_state(data.gather(store.db(), _conference())))


@bp.patch("/api/record")
@requires("secretary", "admin")
def change_record():
    """The record page saves the free-text parts of the minutes and the report; emits nothing."""
    conference = _conference()
    notes.update(store.db(), conference["id"], request.get_json(silent=True), current_user().actor)
    return jsonify(_state(data.gather(store.db(), conference)))


@bp.patch("/api/questions/<int:question_id>/followup")
@requires("secretary", "admin")
def change_followup(question_id: int):
    """The follow-up list: the date a written reply or referral was done, and the reply; emits `question`."""
    question = followups.change(store.db(), question_id, request.get_json(silent=True), current_user().actor)
    events.followup_changed(question)
    return jsonify({"id": question_id, "done_on": question["followup_done_on"], "reply": question["followup_text"]})


def _export() -> data.Record:
    return data.gather(store.db(), _conference())


@bp.get("/record/minutes.docx")
@requires("secretary", "admin")
def minutes_docx():
    """The minutes (biên bản) as Word, from what the room recorded and the secretary wrote."""
    record = _export()
    return _file(_minutes().minutes(record), DOCX, f"bien-ban-hoi-nghi-{record.conference['id']}.docx")


@bp.get("/record/report.docx")
@requires("secretary", "admin")
def report_docx():
    """The results report to the district, as Word."""
    record = _export()
    return _file(_report().report(record), DOCX, f"bao-cao-ket-qua-{record.conference['id']}.docx")


def _spreadsheet(ext: str, name: str, record: data.Record, sheets: list[tuple]) -> Response:
    """The first sheet as .csv, or every sheet as .xlsx; each sheet is
    (sheet name, title, header, rows, rows to highlight or None)."""
    _name, _title, header, rows, _highlight = sheets[0]
    filename = f"{name}-{record.conference['id']}"
    if ext == "csv":
        return _file(_sheets().csv_bytes(header, rows), "text/csv; charset=utf-8", f"{filename}.csv")
    if ext != "xlsx":
        raise not_found()
    return _file(_sheets().xlsx(sheets, record, _zone()), XLSX, f"{filename}.xlsx")


@bp.get("/record/attendance.<ext>")
@requires("secretary", "admin")
def attendance(ext: str):
    """Attendance per person and per group against quotas, as .xlsx or .csv."""
    record = _export()
    header, rows = _sheets().attendance_table(record, _zone())
    g_header, g_rows = _sheets().groups_table(record)
    return _spreadsheet(ext, "diem-danh", record, [
        ("Điểm danh", "DANH SÁCH ĐIỂM DANH", header, rows, None),
        ("Tổng hợp theo đơn vị", "TỔNG HỢP THEO ĐƠN VỊ", g_header, g_rows, None),
    ])


@bp.get("/record/questions.<ext>")
@requires("secretary", "admin")
def questions(ext: str):
    """Every question with its text, status, responder, conclusion and outcome."""
    record = _export()
    header, rows = _sheets().questions_table(record, _zone())
    return _spreadsheet(ext, "cau-hoi", record, [("Câu hỏi", "Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN", header, rows, None)])


@bp.get("/record/followup.<ext>")
@requires("secretary", "admin")
def followup(ext: str):
    """Written replies and referrals: who, due date, done date, reply; overdue ones marked."""
    record = _export()
    header, rows, overdue = _sheets().followup_table(record)
    return _spreadsheet(ext, "theo-doi-tra-loi", record, [
        ("Theo dõi", "THEO DÕI TRẢ LỜI BẰNG VĂN BẢN VÀ CHUYỂN CƠ QUAN CÓ THẨM QUYỀN", header, rows, overdue)])


@bp.get("/record/backup.json")
@requires("secretary", "admin")
def backup_json():
    """Everything of one conference, to keep or to restore with `flask restore FILE`."""
    conference = _conference()
    return _file(backup.export(store.db(), conference["id"]), "application/json",
                 f"sao-luu-hoi-nghi-{conference['id']}.json")
