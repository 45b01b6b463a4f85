"""The secretary's record: the free-text parts, what is missing, the exports, the follow-up."""
from __future__ import annotations

import functools
import threading
from datetime import date
from typing import Callable

from flask import Response, current_app, jsonify, render_template, request

from conference import clock, store
from conference.errors import Refusal, not_found
from conference.i18n import _
from conference.inputs import MAX_ROW_ID, whole_number
from conference.offload import off_loop
from conference.staff import current_user, requires
from projector import vocabulary
from projector.vocabulary import Status

from . import backup, bp, data, events, followups, gaps, notes, openapi  # noqa: F401 (openapi describes these routes)

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
        # Digits only, at most SQLite's largest id: "abc", "-1", "1e3", 2**70 are no conference (404).
        conference_id = whole_number(request.args["conference"], 1, MAX_ROW_ID)
        return store.conference_get(database, conference_id) if conference_id else None
    return store.conference_active(database)


def _conference():
    """The chosen conference, or a 404 saying there is none."""
    conference = _chosen()
    if conference is None:
        raise Refusal(404, "no_conference", _("Không có hội nghị này."))
    return conference


def _file(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, content_type=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _today() -> date:
    """The date on the hall's calendar: what "overdue" and "days left" are counted from."""
    return clock.today(_zone())


def _state(record: data.Record) -> dict:
    notes = {k: record.notes.get(k) for k in store.RECORD_FIELDS}
    notes["recipients"] = record.recipients
    header, rows, overdue = _sheets().followup_table(record, _today().isoformat())
    days_left = None
    if record.report_due:
        days_left = (date.fromisoformat(record.report_due) - _today()).days
    return {
        "conference": {"id": record.conference["id"], "title": record.conference["title"]},
        "notes": notes, "missing": record.missing, "report_due": record.report_due, "report_days_left": days_left,
        "draft": record.draft,
        # The same lines, each with the question it is about, and the finished questions whose
        # text fields the page edits (through PATCH /api/questions/ID, audited field by field).
        "missing_items": gaps.items(record), "finished": gaps.finished(record),
        "counts": record.counts,
        # The staff's list: the asker's real name, to reach them (hidden on the screen or not).
        "followup": [{"id": q["id"], "number": q["number"],
                      "asker": ", ".join(p for p in (data.staff_name(q), q["group_name"] or q["group_other"] or "") if p),
                      "phone": q["asker_phone"] or "",  # to call them about the reply (gone after the purge)
                      "text": q["text"],
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
                           current=_chosen(), vocabulary=vocabulary.for_pages(), charts=_record_charts(_chosen()))


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
    question, purged = followups.change(store.db(), question_id, request.get_json(silent=True), current_user().actor)
    events.followup_changed(question)
    return jsonify({"id": question_id, "done_on": question["followup_done_on"], "reply": question["followup_text"],
                    "purged": purged})


def _export() -> data.Record:
    """Everything the documents say, read on a thread on this request's own connection."""
    return off_loop(data.gather, store.db(), _conference())


@bp.get("/record/minutes.docx")
@requires("secretary", "admin")
def minutes_docx():
    """The minutes (biên bản) as Word, from what the room recorded and the secretary wrote."""
    record = _export()
    return _file(off_loop(_minutes().minutes, record), DOCX, f"bien-ban-hoi-nghi-{record.conference['id']}.docx")


@bp.get("/record/report.docx")
@requires("secretary", "admin")
def report_docx():
    """The results report to the district, as Word."""
    from flask_babel import force_locale

    record = _export()
    with force_locale("vi"):  # the charts' words, as the report's own: Vietnamese
        results = _results().public(record, _meeting_over(record.conference), _today())
        pictures = _drawn(_results().pngs, _results().chart_list(results), current_app.config["NODE_MODULES"])
    return _file(off_loop(_report().report, record, pictures), DOCX, f"bao-cao-ket-qua-{record.conference['id']}.docx")


def _spreadsheet(ext: str, name: str, tables: Callable[[data.Record], list[tuple]]) -> Response:
    """The first sheet as .csv, or every sheet as .xlsx; `tables(record)` gives each sheet as
    (sheet name, title, header, rows, rows to highlight or None). Read (`_export`), laid out and
    written off the event loop: 20,000 invitees take a second or more, and the door and the
    phones must keep being answered meanwhile (bench/export_door.py)."""
    if ext not in ("csv", "xlsx"):
        raise not_found()
    record, zone = _export(), _zone()

    def build() -> bytes:
        sheets = tables(record)
        if ext == "csv":
            _name, _title, header, rows, _highlight = sheets[0]
            return _sheets().csv_bytes(header, rows)
        return _sheets().xlsx(sheets, record, zone)

    mimetype = "text/csv; charset=utf-8" if ext == "csv" else XLSX
    return _file(off_loop(build), mimetype, f"{name}-{record.conference['id']}.{ext}")


@bp.get("/record/attendance.<ext>")
@requires("secretary", "admin")
def attendance(ext: str):
    """Attendance per person and per group against quotas, as .xlsx or .csv."""
    zone = _zone()
    return _spreadsheet(ext, "diem-danh", lambda record: [
        ("Điểm danh", "DANH SÁCH ĐIỂM DANH", *_sheets().attendance_table(record, zone), None),
        ("Tổng hợp theo đơn vị", "TỔNG HỢP THEO ĐƠN VỊ", *_sheets().groups_table(record), None),
    ])


@bp.get("/record/questions.<ext>")
@requires("secretary", "admin")
def questions(ext: str):
    """Every question with its text, status, responder, conclusion and outcome."""
    zone = _zone()
    return _spreadsheet(ext, "cau-hoi", lambda record: [
        ("Câu hỏi", "Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN", *_sheets().questions_table(record, zone), None)])


@bp.get("/record/followup.<ext>")
@requires("secretary", "admin")
def followup(ext: str):
    """Written replies and referrals: who, due date, done date, reply; overdue ones marked."""
    today = _today().isoformat()
    return _spreadsheet(ext, "theo-doi-tra-loi", lambda record: [
        ("Theo dõi", "THEO DÕI TRẢ LỜI BẰNG VĂN BẢN VÀ CHUYỂN CƠ QUAN CÓ THẨM QUYỀN", *_sheets().followup_table(record, today))])


@bp.get("/record/backup.json")
@requires("secretary", "admin")
def backup_json():
    """Everything of one conference, to keep or to restore with `flask restore FILE`."""
    conference = _conference()
    # This request's own connection, read on a thread while the loop goes on (15 MB: 0.7 s).
    return _file(off_loop(backup.export, store.db(), conference["id"]), "application/json",
                 f"sao-luu-hoi-nghi-{conference['id']}.json")


# ---------------------------------------------------------------- the results made public (#12)
# matplotlib and fpdf2 load on the first chart or PDF, and draw on a real thread (offload).


def _results():
    from . import results

    return results


# One drawing at a time, waited for on the loop. matplotlib's own locks (a figure's render
# lock) are made after eventlet patched `threading`, so they are green: two real threads
# contending one of them hung every later drawing and, in time, offload's whole thread pool.
# Taken here, in the request's greenlet, a second /results waits as a greenlet, never on a
# thread, and finds the first one's pictures in the cache.
_DRAWING = threading.Lock()


def _drawn(draw: Callable, drawn: list, node_modules: str):
    """`draw` (svgs or pngs) of these charts, off the loop, one drawing at a time."""
    with _DRAWING:
        return off_loop(draw, drawn, node_modules)


def _meeting_over(conference: dict) -> bool:
    """Closed by the chairman, or its day is past: then every matter is accounted for."""
    room = store.room_get(store.db(), conference["id"])
    return room["submissions"] == "closed" or conference["held_on"] < _today().isoformat()


def _public(conference: dict, pictures: bool = True):
    # Read off the loop like the documents: at 20,000 invitees a gather takes ~0.1 s, and the
    # hall's phones may all open /results at once.
    results = _results().public(off_loop(data.gather, store.db(), conference), _meeting_over(conference), _today())
    if pictures:
        from markupsafe import Markup

        # Our own SVG, every text in it escaped by ElementTree (record/charts.py).
        chart_list = _results().chart_list(results)
        drawn = _drawn(_results().svgs, chart_list, current_app.config["NODE_MODULES"])
        results.charts = {key: Markup(svg) for key, svg in drawn.items()}
        results.chart_titles = {chart.key: chart.title for chart in chart_list}
        # The same figures as text beside each picture, for a screen reader and for anyone.
        results.chart_data = {chart.key: (chart.x_label, list(zip(chart.labels, chart.values))) for chart in chart_list}
    return results


def _record_charts(conference: dict | None) -> dict:
    """The record page's charts, by key: (caption, inline SVG); none without a conference."""
    if not conference:
        return {}
    results = _public(conference)
    return {key: (results.chart_titles[key], svg) for key, svg in results.charts.items()}


@functools.lru_cache(maxsize=2)
def _results_css(static_folder: str) -> str:
    with open(f"{static_folder}/css/results.css", encoding="utf-8") as sheet:
        return sheet.read().replace("</", "<\\/")


def _results_page(results, standalone: bool) -> str:
    from markupsafe import Markup

    from conference import clock

    # The file carries its stylesheet: our own file, not user text, read once per process.
    css = Markup(_results_css(current_app.static_folder)) if standalone else ""
    return render_template("record/results.html", results=results, standalone=standalone, css=css,
                           summary=_results().summary_line(results),
                           updated=data.local(clock.now(), _zone()))


@bp.get("/results")
def public_results():
    """Anyone on the LAN: the results of the active conference (?conference=ID another); emits nothing."""
    conference = _chosen()
    if conference is None:
        return render_template("error.html", message=_("Không có hội nghị này."), status=404), 404
    return _results_page(_public(conference), standalone=False)


@bp.get("/record/results.html")
@requires("secretary", "admin")
def results_html():
    """The secretary: the public results as one self-contained file for the ward's website."""
    from flask_babel import force_locale

    conference = _conference()
    with force_locale("vi"):  # the ward publishes in Vietnamese whatever the page's language
        page = _results_page(_public(conference), standalone=True)
    return _file(page.encode("utf-8"), "text/html; charset=utf-8", f"ket-qua-hoi-nghi-{conference['id']}.html")


@bp.get("/record/results.pdf")
@requires("secretary", "admin")
def results_pdf():
    """The secretary: the public results on A4 for the TDPs' notice boards."""
    from flask_babel import force_locale

    conference = _conference()
    modules = current_app.config["NODE_MODULES"]
    with force_locale("vi"):
        results = _public(conference, pictures=False)
        pictures = _drawn(_results().pngs, _results().chart_list(results), modules)
        content = off_loop(_results().pdf, results, modules, pictures)
    return _file(content, "application/pdf", f"ket-qua-hoi-nghi-{conference['id']}.pdf")
