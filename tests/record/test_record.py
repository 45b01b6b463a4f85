"""The record, opened back with python-docx and openpyxl as a reader would check it;
and the backup's round trip into a new database."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile

import openpyxl
import pytest
from docx import Document

from conference import create_app, store
from office import conferences

from ..conftest import docx_text, held_today, import_file, login, restored, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Lê Văn Cường", "TDP số 2", "", ""],
        ["Phạm Thị Dung", "Đại biểu phường", "", "Phó Chủ tịch UBND phường"]]
QUESTION = "Đề nghị phường sớm nạo vét mương thoát nước ở ngõ 5, tránh ngập úng khi mưa lớn."
FLOOR = unicodedata.normalize("NFD", "Ông Tư hỏi: học phí trường mầm non năm nay có tăng không?")


@pytest.fixture
def meeting(app, client, auth):
    """A conference that happened: roster, arrivals, questions through every outcome, notes."""
    auth.login("admin")
    import_file(client, xlsx(ROWS))
    held = held_today(app)  # the meeting is today: its follow-up is done from today on
    people = {p["name"]: p for p in client.get("/api/invitees").json}
    kiosk = login(app, "kiosk")
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"):
        kiosk.post("/api/checkins", json={"code": people[name]["code"]})
    phone = app.test_client()
    group = next(g for g in client.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    asked = phone.post("/api/questions", json={"text": QUESTION, "group_id": group["id"], "name": "Bà Bình"}).json["id"]
    hidden = phone.post("/api/questions", json={"text": "Xin hỏi về cấp sổ đỏ đất dịch vụ", "name": "Ông Giấu", "show_name": False,
                                                "phone": "0912000777"}).json["id"]
    rejected = phone.post("/api/questions", json={"text": "Nội dung không liên quan"}).json["id"]
    chairman = login(app, "chairman")
    secretary = login(app, "secretary")
    floor = secretary.post("/api/floor-questions", json={"text": FLOOR, "name": "Ông Tư"}).json["id"]
    for qid, outcome, extra in (
        (asked, "answered", {"responder": "Công chức Địa chính - Xây dựng", "conclusion": "Giao UBND phường nạo vét trước 30/6.",
                             "answer_summary": "Cống ngõ 5 đã có trong kế hoạch nạo vét quý II."}),
        (hidden, "written_reply", {"responder": "Chủ tịch UBND phường", "reply_by": "Văn phòng UBND", "reply_due": "2030-01-10", "conclusion": "Trả lời bằng văn bản."}),
        (floor, "referred", {"responder": "Phó Chủ tịch UBND phường", "referred_to": "Phòng Giáo dục và Đào tạo quận", "conclusion": "Hướng dẫn ông Tư liên hệ phòng Giáo dục."}),
    ):
        if qid != floor:  # a floor question goes straight into the queue
            chairman.patch(f"/api/questions/{qid}", json={"status": "approved"})
        chairman.patch(f"/api/questions/{qid}", json={"status": "on_screen"})
        assert chairman.patch(f"/api/questions/{qid}", json={"status": outcome, **extra}).status_code == 200
    chairman.patch(f"/api/questions/{rejected}", json={"status": "rejected", "reject_reason": "Ngoài nội dung"})
    # A due date cannot be set in the past; time passes, and the written reply is now overdue.
    with app.app_context():
        with store.write(store.db()):
            store.db().execute("UPDATE questions SET reply_due = '2025-01-10' WHERE id = ?", [hidden])
    secretary.patch("/api/record", json={
        "document_number": "15/BB-UBND", "place": "Đồng Mai", "opened_at": "08 giờ 00", "closed_at": "11 giờ 15",
        "chair_name": "Lê Chí Hoạt", "secretary_name": "Lê Thị Thu Trang",
        "programme": "Tuyên bố lý do; báo cáo; đối thoại; kết luận.",
        "report_summary": "Tình hình kinh tế - xã hội 6 tháng đầu năm ổn định.",
        "council_session_on": "2030-12-20",
    })
    return {"secretary": secretary, "chairman": chairman, "admin": client, "ids": (asked, hidden, floor, rejected),
            "held": held}


def test_minutes_hold_what_a_reader_checks(meeting):
    response = meeting["secretary"].get("/record/minutes.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.data))
    assert document.styles["Normal"].font.name == "Times New Roman"
    text = docx_text(response.data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BIÊN BẢN" in text and "Số: 15/BB-UBND" in text and "Đồng Mai, ngày" in text
    assert QUESTION in text  # every diacritic as the resident typed it
    assert unicodedata.normalize("NFC", FLOOR) in text
    assert "Bà Bình (TDP số 1)" in text
    assert "Ông Giấu" not in text and "Một đại biểu" in text  # he chose to hide his name
    assert "Giao UBND phường nạo vét trước 30/6." in text
    assert "Trả lời bằng văn bản: Văn phòng UBND trả lời, hạn 10/01/2025" in text
    assert "Phòng Giáo dục và Đào tạo quận" in text
    assert ("TDP số 1 | 1/1 | 1/10 | chưa đủ 10 đại diện; chưa mời Bí thư chi bộ, Trưởng Ban công tác Mặt trận"
            in text)  # the Tổ trưởng TDP came; the TDP's other two officers were never invited
    assert "Các tổ dân phố chưa mời cán bộ chủ chốt: TDP số 1" in text
    assert "Các tổ dân phố vắng cán bộ chủ chốt" not in text and "; vắng" not in text  # nobody invited was absent
    assert "Đại diện nhân dân | 2 | 1 | 0" in text
    assert "Hội nghị nhận 4 ý kiến" in text and "không đưa ra hội nghị 1" in text
    assert "Lê Thị Thu Trang" in text and "11 giờ 15" in text
    # Three taken up, one answered in the hall: only its summary is asked for (blank, listed as
    # missing); the written reply and the referral had no answer in the hall to summarise.
    assert text.count("Tóm tắt trả lời:") == 1
    assert "Các tổ dân phố chưa đủ số đại diện nhân dân theo kế hoạch (ít nhất 10 mỗi tổ dân phố): TDP số 1" in text


def test_missing_parts_are_listed_and_an_empty_export_is_valid(app, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    secretary = login(app, "secretary")
    state = secretary.get("/api/record").json
    assert "giờ khai mạc" in state["missing"] and "họ tên thư ký" in state["missing"]
    # No council date: the report's deadline cannot be known, and the page says so.
    assert state["report_due"] is None and "ngày khai mạc kỳ họp HĐND (để tính hạn gửi báo cáo)" in state["missing"]
    for path in ("/record/minutes.docx", "/record/report.docx", "/record/questions.xlsx", "/record/attendance.xlsx",
                 "/record/followup.xlsx", "/record/questions.csv", "/record/backup.json"):
        assert secretary.get(path).status_code == 200, path
    text = docx_text(secretary.get("/record/minutes.docx").data)
    assert "Hội nghị nhận 0 ý kiến" in text and "……" in text


def test_report_names_recipients_and_the_deadline(meeting):
    state = meeting["secretary"].get("/api/record").json
    assert state["report_due"] == "2030-12-13"  # seven days before the council's session
    text = docx_text(meeting["secretary"].get("/record/report.docx").data)
    assert "BÁO CÁO" in text and "Thường trực HĐND phường" in text and "Thường trực HĐND quận" not in text
    assert "13/12/2030" not in text and "(Báo cáo gửi trước" not in text  # an office note, not the report's
    assert "trả lời bằng văn bản 1" in text


def sheet_rows(content: bytes, index: int = 0) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[index].iter_rows(values_only=True)]


def test_questions_spreadsheet(meeting):
    rows = sheet_rows(meeting["secretary"].get("/record/questions.xlsx").data)
    assert rows[0][0] == "Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN" and "Hội nghị đối thoại" in rows[1][0]
    assert rows[2][0].startswith("Xuất lúc")
    header, data = rows[4], rows[5:]
    assert header[:6] == ["Số", "Thời gian gửi", "Họ tên", "Đơn vị", "Lĩnh vực", "Nội dung"]
    by_text = {r[5]: r for r in data}
    assert by_text[QUESTION][8] == "Đã trả lời tại hội nghị" and by_text[QUESTION][3] == "TDP số 1"
    # The staff's file names the asker who hid their name from the screen, and says so.
    assert by_text["Xin hỏi về cấp sổ đỏ đất dịch vụ"][2] == "Ông Giấu (ẩn trên màn hình)"
    assert by_text["Xin hỏi về cấp sổ đỏ đất dịch vụ"][header.index("Hạn")] == "10/01/2025"
    # The answer's summary the minutes print has its column too (it had none: sheet and minutes disagreed).
    assert header[9:11] == ["Người trả lời", "Tóm tắt trả lời"]
    assert by_text[QUESTION][10] == "Cống ngõ 5 đã có trong kế hoạch nạo vét quý II."
    assert len(data) == 4
    csv_rows = list(csv.reader(io.StringIO(meeting["secretary"].get("/record/questions.csv").data.decode("utf-8-sig"))))
    assert csv_rows[0] == header and len(csv_rows) == 5


def test_attendance_spreadsheet_with_group_summary(meeting):
    content = meeting["secretary"].get("/record/attendance.xlsx").data
    people = sheet_rows(content, 0)[5:]
    assert [p[1] for p in people if p[6]] == ["Phạm Thị Dung", "Nguyễn Văn An", "Trần Thị Bình"]
    assert all(p[7] == "kiosk" for p in people if p[6])
    # A ward delegate's sub-category ("Thành phần"), read from the position; none for a TDP's people.
    assert sheet_rows(content, 0)[4][4] == "Thành phần"
    assert [(p[1], p[4]) for p in people][:2] == [("Phạm Thị Dung", "UBND phường"), ("Nguyễn Văn An", None)]
    header, *rows = sheet_rows(content, 1)[4:]
    assert header[7:] == ["Chỉ tiêu dưới mức tối thiểu 10", "Cán bộ chủ chốt chưa mời", "Cán bộ chủ chốt vắng"]
    groups = {r[0]: r for r in rows}
    # TDP số 1 has its Tổ trưởng (present) but never invited a Bí thư chi bộ nor a Trưởng ban
    # công tác Mặt trận: not invited, so not absent either.
    uninvited = "Bí thư chi bộ, Trưởng Ban công tác Mặt trận"
    assert groups["TDP số 1"][1:] == [10, 1, 1, 1, 2, "chưa đạt", None, uninvited, None]


def test_followup_marks_overdue_and_records_the_reply(meeting):
    secretary = meeting["secretary"]
    state = secretary.get("/api/record").json
    written = next(f for f in state["followup"] if f["status"] == "written_reply")
    assert written["overdue"] is True  # due 10/01/2025, not done
    assert written["asker"].startswith("Ông Giấu (ẩn trên màn hình)")  # the staff's list: whom to reply to
    assert written["phone"] == "0912000777"  # and how: the phone the asker left for the written reply
    content = secretary.get("/record/followup.xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    late_row = next(row for row in sheet.iter_rows(min_row=6) if row[-1].value == "quá hạn")
    assert late_row[1].value == "Ông Giấu (ẩn trên màn hình)"  # reachable: the real name, for the reply
    assert late_row[0].fill.fgColor.rgb.endswith("F8D7DA")
    done = secretary.patch(f"/api/questions/{written['id']}/followup", json={"done_on": meeting["held"], "reply": "Đã gửi công văn số 45."})
    assert done.status_code == 200
    after = next(f for f in secretary.get("/api/record").json["followup"] if f["id"] == written["id"])
    assert after["overdue"] is False and after["reply"] == "Đã gửi công văn số 45."
    assert secretary.patch(f"/api/questions/{written['id']}/followup", json={"done_on": "hôm qua"}).status_code == 400
    # A day not yet come is a typo (a month read for a day): refused, what was stored kept.
    from datetime import date, timedelta
    later = (date.today() + timedelta(days=40)).isoformat()
    future = secretary.patch(f"/api/questions/{written['id']}/followup", json={"done_on": later})
    assert future.status_code == 422 and "chưa tới" in future.json["message"]
    # Nor a day before the meeting that received it (published as done before it was asked).
    held = date.fromisoformat(secretary.get("/api/conference").json["held_on"])
    early = secretary.patch(f"/api/questions/{written['id']}/followup",
                            json={"done_on": (held - timedelta(days=1)).isoformat()})
    assert early.status_code == 422 and early.json["error"] == "before_meeting" and early.json["field"] == "done_on"
    assert f"trước ngày hội nghị ({held:%d/%m/%Y})" in early.json["message"]
    assert next(f for f in secretary.get("/api/record").json["followup"] if f["id"] == written["id"])["done_on"] == meeting["held"]
    assert secretary.patch(f"/api/questions/{meeting['ids'][3]}/followup", json={"reply": "x"}).status_code == 404


def test_a_formula_typed_by_a_resident_stays_text(app, meeting):
    phone = app.test_client()
    qid = phone.post("/api/questions", json={"text": '=HYPERLINK("http://x","bấm")'}).json["id"]
    number = next(q["number"] for q in meeting["chairman"].get("/api/questions").json if q["id"] == qid)
    content = meeting["secretary"].get("/record/questions.xlsx").data
    rows = sheet_rows(content)
    # The .xlsx keeps the resident's words exactly, as a text cell (never a formula to run).
    assert next(r[5] for r in rows[5:] if r[0] == number) == '=HYPERLINK("http://x","bấm")'
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    cell = next(row[5] for row in sheet.iter_rows(min_row=6) if row[0].value == number)
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    # A CSV has no cell types: there the leading apostrophe keeps a spreadsheet from running it.
    assert meeting["secretary"].get("/record/questions.csv").data.decode("utf-8-sig").count("'=HYPERLINK") == 2


def test_control_characters_cannot_break_the_minutes(meeting, db):
    qid = meeting["ids"][0]
    db.execute("UPDATE questions SET conclusion = ? WHERE id = ?", ["Kết luận\x00\x07 có ký tự lạ\x1b", qid])
    text = docx_text(meeting["secretary"].get("/record/minutes.docx").data)
    assert "Kết luận có ký tự lạ" in text


def test_backup_round_trip_gives_the_same_figures_and_documents(meeting, tmp_path, runner):
    secretary = meeting["secretary"]
    backup = secretary.get("/record/backup.json").data
    before = {path: secretary.get(path).data for path in ("/record/questions.csv", "/record/attendance.csv", "/record/followup.csv")}
    minutes_before = docx_text(secretary.get("/record/minutes.docx").data)
    other = restored(tmp_path, backup)
    for path, content in before.items():
        assert other.get(path).data == content, path
    assert docx_text(other.get("/record/minutes.docx").data) == minutes_before
    assert other.get("/api/conference").json["present"] == 3


@pytest.mark.parametrize("mangle,fragment", [
    (lambda b: b[: len(b) // 2], "không đầy đủ"),
    (lambda b: b.replace(b'"version": 1', b'"version": 2'), "phiên bản 2"),
    (lambda b: b.replace("Nguyễn Văn An".encode(), "Nguyễn Văn Ân".encode()), "đã bị sửa"),
    (lambda b: b"\xff\xfe garbage", "UTF-8"),
    (lambda b: json.dumps({"format": "khác"}).encode(), "không phải tệp sao lưu"),
])
def test_bad_backups_are_refused_and_change_nothing(meeting, tmp_path, mangle, fragment):
    raw = mangle(meeting["secretary"].get("/record/backup.json").data)
    (tmp_path / "bad.json").write_bytes(raw)
    fresh = create_app({"TESTING": True, "DATABASE": str(tmp_path / "empty.db"), "SECRET_KEY": "t", "ASYNC_MODE": "threading"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "bad.json")])
    assert result.exit_code != 0 and fragment in result.output
    with fresh.app_context():
        assert store.conferences_count(store.db()) == 0


def test_restore_refuses_a_database_that_has_a_conference(meeting, runner, tmp_path):
    (tmp_path / "b.json").write_bytes(meeting["secretary"].get("/record/backup.json").data)
    result = runner.invoke(args=["restore", str(tmp_path / "b.json")])
    assert result.exit_code != 0 and "trống" in result.output


def test_past_conferences_stay_exportable_and_roles(meeting, app):
    admin = meeting["admin"]
    past_id = admin.get("/api/conference").json["id"]
    admin.post("/api/conferences", json={"title": "Đối thoại lần 2", "held_on": "2026-11-20"})
    text = docx_text(meeting["secretary"].get(f"/record/minutes.docx?conference={past_id}").data)
    assert QUESTION in text
    assert meeting["secretary"].get("/record/minutes.docx?conference=999").status_code == 404
    assert login(app, "kiosk").get("/record/backup.json").status_code == 403
    assert app.test_client().get("/record/minutes.docx").status_code == 401
    assert meeting["secretary"].get("/record").status_code == 200


@pytest.mark.slow
def test_minutes_convert_to_pdf_with_libreoffice(meeting, tmp_path):
    """What the chairman signs: LibreOffice opens the .docx, page 1 goes to test-output/."""
    import shutil
    import subprocess

    import pypdfium2

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: scripts/test installs it"
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(meeting["secretary"].get("/record/minutes.docx").data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    document = pypdfium2.PdfDocument(str(tmp_path / "bien-ban.pdf"))
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    assert "BIÊN BẢN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # one font: whole letters
    assert "nạo vét mương thoát nước" in " ".join(text.split())
    output = live_output()
    document[0].render(scale=110 / 72).to_pil().save(output / "bien-ban-trang-1.png")
    assert (output / "bien-ban-trang-1.png").stat().st_size > 10_000


def live_output():
    from .. import live

    folder = live.ROOT / "test-output"
    folder.mkdir(exist_ok=True)
    return folder


def test_a_followup_change_reaches_a_second_secretary_screen(app, meeting):
    """The follow-up emits `question` like every other question change: another secretary's
    moderator view stays current; no phone or projector gets a phone number or device."""
    from conference.realtime import socketio

    other_desk = socketio.test_client(app, flask_test_client=login(app, "secretary"))
    public = socketio.test_client(app)
    for client in (other_desk, public):
        client.get_received()
    written = next(f for f in meeting["secretary"].get("/api/record").json["followup"] if f["status"] == "written_reply")
    meeting["secretary"].patch(f"/api/questions/{written['id']}/followup", json={"done_on": meeting["held"], "reply": "Đã gửi."})
    seen = [e["args"][0] for e in other_desk.get_received() if e["name"] == "question"]
    assert [q["id"] for q in seen] == [written["id"]]
    public_seen = [e["args"][0] for e in public.get_received() if e["name"] == "question"]
    assert public_seen and all("device" not in q and not q.get("asker_name") for q in public_seen)
    other_desk.disconnect()
    public.disconnect()
