"""The minutes and the report as documents a ward signs as they come out (Decree 30/2020/NĐ-CP,
issue #10): written for real, opened back with python-docx as a reader would check them, and
(slow) through LibreOffice to PDF, with the page images kept in test-output/."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from record.data import decree30_date

from ..conftest import import_file, login, restored, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Phạm Thị Dung", "Đại biểu phường", "", "Phó Chủ tịch UBND phường"]]
# Long enough to be capped in the minutes' written-reply table, with a word across the cap.
LONG = ("Đề nghị phường xem xét " + "việc cấp giấy chứng nhận quyền sử dụng đất dịch vụ cho các hộ " * 5
        + "đã nộp hồ sơ từ năm 2019 nhưng đến nay vẫn chưa được giải quyết dứt điểm.")
ASSESSMENT = "Hội nghị diễn ra dân chủ, cởi mở; các ý kiến được trả lời thẳng thắn, đúng trọng tâm."
PROPOSALS = "Đề nghị Thành phố bố trí kinh phí nạo vét hệ thống thoát nước khu dân cư."
OTHER = "Đại biểu đề nghị tổ chức đối thoại chuyên đề về trật tự xây dựng."


@pytest.fixture
def meeting(app, client, auth):
    """A conference of the ward of Đồng Mai on 15 May 2026: one question answered, one long one
    for a written reply, the secretary's notes of the minutes."""
    auth.login("admin")
    import_file(client, xlsx(ROWS))
    conference = client.get("/api/conference").json
    assert client.patch(f"/api/conferences/{conference['id']}", json={
        "organization": "UBND phường Đồng Mai", "held_on": "2026-05-15",
        "chair": "Lê Chí Hoạt – Chủ tịch UBND phường"}).status_code == 200
    phone = app.test_client()
    answered = phone.post("/api/questions", json={"text": "Khi nào nạo vét mương ngõ 5?"}).json["id"]
    written = phone.post("/api/questions", json={"text": LONG}).json["id"]
    chairman = login(app, "chairman")
    for qid, outcome, extra in (
        (answered, "answered", {"responder": "Công chức Địa chính", "conclusion": "Nạo vét trước 30/6."}),
        (written, "written_reply", {"responder": "Chủ tịch UBND phường", "reply_by": "Văn phòng UBND",
                                    "reply_due": "2030-06-15", "conclusion": "Trả lời bằng văn bản."}),
    ):
        chairman.patch(f"/api/questions/{qid}", json={"status": "approved"})
        chairman.patch(f"/api/questions/{qid}", json={"status": "on_screen"})
        assert chairman.patch(f"/api/questions/{qid}", json={"status": outcome, **extra}).status_code == 200
    secretary = login(app, "secretary")
    assert secretary.patch("/api/record", json={
        "document_number": "15/BB-UBND", "opened_at": "08 giờ 00", "closed_at": "11 giờ 15",
        "chair_name": "Lê Chí Hoạt", "secretary_name": "Lê Thị Thu Trang", "other_notes": OTHER,
        "programme": "Tuyên bố lý do; báo cáo; đối thoại; kết luận.",
        "report_summary": "Tình hình kinh tế - xã hội ổn định.", "council_session_on": "2026-06-20",
    }).status_code == 200
    return secretary


def paragraphs(content: bytes) -> list[str]:
    """Every paragraph's text, those in table cells too, in the document's order."""
    document = Document(io.BytesIO(content))
    out = []
    for block in document.element.body.iter(qn("w:p")):
        out.append("".join((node.text or "") if node.tag == qn("w:t") else "\n"
                           for node in block.iter(qn("w:t"), qn("w:br"))))
    return out


def text_of(content: bytes) -> str:
    return "\n".join(paragraphs(content))


def run_size(content: bytes, text: str) -> Pt:
    document = Document(io.BytesIO(content))
    paragraph = next(p for p in document.paragraphs if p.text == text)
    return paragraph.runs[0].font.size


# ---------------------------------------------------------------- the date, by the decree's rule


@pytest.mark.parametrize("iso,words", [
    ("2027-01-05", "ngày 05 tháng 01 năm 2027"),
    ("2026-05-15", "ngày 15 tháng 5 năm 2026"),
    ("2026-12-15", "ngày 15 tháng 12 năm 2026"),
    ("2026-02-28", "ngày 28 tháng 02 năm 2026"),
    ("2026-03-09", "ngày 09 tháng 3 năm 2026"),
])
def test_dates_in_words_have_zeros_only_where_decree_30_puts_them(iso, words):
    assert decree30_date(iso) == words


def test_a_date_left_blank_is_dots_with_the_year():
    assert decree30_date(None, 2026) == "ngày …… tháng …… năm 2026"
    assert decree30_date("") == "ngày …… tháng …… năm ……"


# ---------------------------------------------------------------- the report


def test_the_report_is_its_own_signed_document(meeting):
    response = meeting.patch("/api/record", json={
        "report_number": "27", "report_issued_on": "2027-01-05", "signer_title": "deputy",
        "signer_name": "Phạm Thị Dung", "assessment": ASSESSMENT, "proposals": PROPOSALS,
        "recipients": ["Thường trực HĐND phường", "UBND Thành phố Hà Nội;", "Lưu: VT, VP."],
    })
    assert response.status_code == 200
    content = meeting.get("/record/report.docx").data
    lines = paragraphs(content)
    text = "\n".join(lines)
    assert "Số: 27/BC-UBND" in lines and "BB-UBND" not in text
    assert "Đồng Mai, ngày 05 tháng 01 năm 2027" in lines  # its issue date, not the meeting's day
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỒNG MAI" in lines and "UBND PHƯỜNG" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "CỘNG HOÀ" not in text
    assert ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] == lines[lines.index("TM. ỦY BAN NHÂN DÂN"):][:3]
    assert "Phạm Thị Dung" in lines
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 4] == ["- Thường trực HĐND phường;", "- UBND Thành phố Hà Nội;", "- Lưu: VT, VP."]
    assert lines[lines.index("3. Đánh giá chung") + 1] == ASSESSMENT
    assert lines[lines.index("4. Kiến nghị, đề xuất") + 1] == PROPOSALS
    assert OTHER not in text  # the minutes' "Ý kiến khác" is not the report's proposals
    assert "(Báo cáo gửi trước" not in text and "14/06/2026" not in text
    assert "ngày 15 tháng 5 năm 2026" in text  # the meeting's day, in the body
    assert any(line.startswith("Trên đây là báo cáo") and line.endswith("./.") for line in lines)
    assert run_size(content, "BÁO CÁO") == Pt(14)


def test_a_fresh_report_leaves_number_and_date_to_the_office(meeting):
    lines = paragraphs(meeting.get("/record/report.docx").data)
    text = "\n".join(lines)
    number = next(line for line in lines if line.startswith("Số:"))
    assert re.fullmatch(r"Số: \s+/BC-UBND", number)
    assert "Đồng Mai, ngày …… tháng …… năm 2026" in lines
    # Signed by the chairman for the committee; recipients named without a district.
    assert lines[lines.index("TM. ỦY BAN NHÂN DÂN") + 1] == "CHỦ TỊCH" and "Lê Chí Hoạt" in lines
    recipients = lines[lines.index("Nơi nhận:") + 1:]
    assert "- Thường trực HĐND phường;" in recipients and "- Lưu: VT." in recipients
    assert "quận" not in text
    assert text.count("……………") == 2  # the assessment and the proposals, still to write


def test_the_record_state_carries_the_new_fields(meeting):
    meeting.patch("/api/record", json={"passed_at_meeting": True, "signer_title": "deputy", "report_issued_on": "2027-01-05"})
    notes = meeting.get("/api/record").json["notes"]
    assert notes["passed_at_meeting"] is True and notes["signer_title"] == "deputy"
    assert notes["report_issued_on"] == "2027-01-05" and notes["report_number"] == ""
    assert notes["recipients"][-1] == "Lưu: VT" and notes["issuing_body"] == ""


@pytest.mark.parametrize("body,fragment", [
    ({"signer_title": "boss"}, "Người ký"),
    ({"passed_at_meeting": "yes"}, "true hoặc false"),
    ({"passed_at_meeting": 1}, "true hoặc false"),
    ({"report_issued_on": "hôm nay"}, "Ngày ban hành"),
    ({"assessment": "x" * 20_001}, "assessment"),
    ({"issuing_body": "Ủ" * 201}, "issuing_body"),
    ({"report_number": ["27"]}, "report_number"),
    ({"proposals": None}, "proposals"),
])
def test_bad_record_fields_are_refused_and_change_nothing(meeting, body, fragment):
    before = meeting.get("/api/record").json["notes"]
    response = meeting.patch("/api/record", json={"report_number": "99", **body})
    assert response.status_code == 400 and fragment in response.json["message"]
    assert meeting.get("/api/record").json["notes"] == before


# ---------------------------------------------------------------- the minutes


def test_the_minutes_say_passed_at_the_meeting_only_when_it_was(meeting):
    text = text_of(meeting.get("/record/minutes.docx").data)
    assert "Hội nghị kết thúc vào hồi 11 giờ 15 cùng ngày." in text
    assert "thông qua tại hội nghị" not in text
    meeting.patch("/api/record", json={"passed_at_meeting": True})
    text = text_of(meeting.get("/record/minutes.docx").data)
    assert "Hội nghị kết thúc vào hồi 11 giờ 15 cùng ngày. Biên bản được lập xong và thông qua tại hội nghị." in text


def test_the_minutes_head_and_dates_follow_decree_30(meeting):
    content = meeting.get("/record/minutes.docx").data
    lines = paragraphs(content)
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỒNG MAI" in lines and "Số: 15/BB-UBND" in lines
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Đồng Mai, ngày 15 tháng 5 năm 2026" in lines  # the meeting's day: 5, not 05
    assert "Vào hồi 08 giờ 00, ngày 15 tháng 5 năm 2026, tại Hội trường UBND phường." in lines
    assert run_size(content, "BIÊN BẢN") == Pt(14)
    assert OTHER in lines  # "Ý kiến khác" stays in the minutes


def test_an_issuing_body_set_by_the_secretary_wins_and_a_bare_one_takes_the_place(app, meeting):
    meeting.patch("/api/record", json={"issuing_body": "Uỷ ban nhân dân phường Đồng Mai",
                                       "superior_body": "UBND thành phố Hà Nội"})
    lines = paragraphs(meeting.get("/record/minutes.docx").data)
    assert "UBND THÀNH PHỐ HÀ NỘI" in lines and "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỒNG MAI" in lines
    admin = login(app, "admin")
    conference = admin.get("/api/conference").json
    admin.patch(f"/api/conferences/{conference['id']}", json={"organization": "UBND phường"})
    meeting.patch("/api/record", json={"issuing_body": "", "superior_body": "", "place": "Đồng Mai"})
    lines = paragraphs(meeting.get("/record/report.docx").data)
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỒNG MAI" in lines


def test_tables_wrap_and_never_cut_a_word(meeting):
    document = Document(io.BytesIO(meeting.get("/record/minutes.docx").data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Câu")
    shown = table.rows[1].cells[1].text
    assert shown.endswith("…") and len(shown) <= 300
    assert LONG.startswith(shown[:-1]) and LONG[len(shown) - 1] == " "  # cut where a word ends
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert abs(sum(grid) / 56.7 - 165) < 1, grid  # twentieths of a point to mm: the text's width
        assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
                   for row in table.rows)


def test_the_signatures_are_kept_with_the_closing_line(meeting):
    for path, closing in (("/record/minutes.docx", "Hội nghị kết thúc"), ("/record/report.docx", "Trên đây là")):
        document = Document(io.BytesIO(meeting.get(path).data))
        last = next(p for p in document.paragraphs if p.text.startswith(closing))
        assert last.paragraph_format.keep_with_next and last.paragraph_format.keep_together
        signature = document.tables[-1]
        assert signature._tbl.getprevious().getprevious() is last._p  # closing, a spacer, the signatures
        assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_backup_keeps_the_documents_settings(meeting, tmp_path):
    meeting.patch("/api/record", json={"report_number": "27", "assessment": ASSESSMENT, "passed_at_meeting": True,
                                       "issuing_body": "Ủy ban nhân dân phường Đồng Mai", "invitation_number": "12"})
    report_before = text_of(meeting.get("/record/report.docx").data)
    other = restored(tmp_path, meeting.get("/record/backup.json").data)
    assert text_of(other.get("/record/report.docx").data) == report_before
    notes = other.get("/api/record").json["notes"]
    assert notes["invitation_number"] == "12" and notes["passed_at_meeting"] is True


# ---------------------------------------------------------------- through LibreOffice


@pytest.mark.slow
def test_signatures_share_the_page_of_the_closing_line_in_libreoffice(meeting, tmp_path):
    """The minutes and the report, made longer line by line so that their ends cross a page
    break; each goes to PDF with LibreOffice: the page holding the signature title ("CHỦ TRÌ",
    "CHỦ TỊCH") also holds the closing sentence. Pages of the shortest and of the first
    longer one are kept in test-output/ as PNG."""
    import shutil
    import subprocess

    import pypdfium2

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: scripts/test installs it"
    sources = []
    for extra in range(0, 36, 3):
        meeting.patch("/api/record", json={
            "programme": "\n".join(f"{i + 1}. Nội dung thứ {i + 1} của chương trình." for i in range(extra)),
            "assessment": "\n".join(f"Đánh giá thứ {i + 1}." for i in range(extra + 12)),
            "report_number": "27"})
        for name, path in (("bien-ban", "/record/minutes.docx"), ("bao-cao", "/record/report.docx")):
            source = tmp_path / f"{name}-{extra:02d}.docx"
            source.write_bytes(meeting.get(path).data)
            sources.append(source)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    from .. import live

    output = live.ROOT / "test-output"
    output.mkdir(exist_ok=True)
    first_pages: dict[str, int] = {}
    saved: set[str] = set()
    for source in sources:
        name = source.stem.rsplit("-", 1)[0]
        document = pypdfium2.PdfDocument(str(source.with_suffix(".pdf")))
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
        signature, closing = ("CHỦ TRÌ", "Hội nghị kết thúc vào hồi") if name == "bien-ban" else \
            ("TM. ỦY BAN NHÂN DÂN", "Trên đây là báo cáo")
        signed = [i for i, text in enumerate(pages) if signature in text]
        assert signed and closing in pages[signed[-1]], (source.name, len(pages), signed)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
        label = None
        if name not in first_pages:
            first_pages[name], label = len(pages), name
        elif len(pages) > first_pages[name] and f"{name}-dai" not in saved:
            label = f"{name}-dai"  # the first one whose end went over to a new page
        if label:
            saved.add(label)
            for number, page in enumerate(document, start=1):
                page.render(scale=90 / 72).to_pil().save(output / f"van-ban-{label}-trang-{number}.png")
    assert {"bien-ban-dai", "bao-cao-dai"} <= saved, first_pages  # each crossed a page break


# ---------------------------------------------------------------- what the report credits, what the notes hold together


def test_the_report_credits_the_chairman_only_with_what_he_directed(app, meeting):
    """Section 2b listed written replies never reached in the hall and referrals as the
    chairman's directions. Now: b) his directions (accepted for resolution) alone, c) written
    replies, d) referrals; one the meeting never reached says so, in the minutes too."""
    phone, chairman = app.test_client(), login(app, "chairman")
    resolving = phone.post("/api/questions", json={"text": "Đề nghị lắp đèn ngõ 9."}).json["id"]
    referred = phone.post("/api/questions", json={"text": "Đề nghị sửa quốc lộ 1A."}).json["id"]
    unreached = phone.post("/api/questions", json={"text": "Đề nghị mở thêm lớp mầm non."}).json["id"]
    for status in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{resolving}", json={"status": status})
    assert chairman.patch(f"/api/questions/{resolving}", json={
        "status": "resolving", "responder": "Chủ tịch UBND phường", "reply_by": "Công chức Địa chính",
        "reply_due": "2030-07-01", "conclusion": "Giao lắp trong tháng 7."}).status_code == 200
    chairman.patch(f"/api/questions/{referred}", json={"status": "approved"})
    assert chairman.patch(f"/api/questions/{referred}", json={
        "status": "referred", "referred_to": "Sở Xây dựng"}).status_code == 200
    chairman.patch(f"/api/questions/{unreached}", json={"status": "approved"})
    assert chairman.post("/api/room/close", json={"confirm": True}).status_code == 200
    numbers = {q["id"]: q["number"] for q in chairman.get("/api/questions").json}

    lines = paragraphs(meeting.get("/record/report.docx").data)
    b = lines.index("b) Các nội dung Chủ tịch UBND phường tiếp thu, chỉ đạo giải quyết sau hội nghị")
    c = lines.index("c) Các ý kiến sẽ trả lời bằng văn bản")
    d = lines.index("d) Các ý kiến hướng dẫn chuyển cơ quan có thẩm quyền")
    assert lines[b + 1:c] == [f"- Câu {numbers[resolving]}: Tiếp thu, chỉ đạo giải quyết: giao Công chức Địa chính "
                              "chủ trì giải quyết, hạn 01/07/2030."]
    written = lines[c + 1:d]
    assert len(written) == 2 and not any(f"Câu {numbers[resolving]}:" in line for line in written)
    assert [line for line in written if line.startswith(f"- Câu {numbers[unreached]}:")][0].endswith(
        "(chưa đối thoại tại hội nghị).")
    assert sum("chưa đối thoại" in line for line in written) == 1  # the one shown in the hall is not marked
    assert lines[d + 1] == f"- Câu {numbers[referred]}: Hướng dẫn chuyển cơ quan có thẩm quyền: Sở Xây dựng " \
                           "(chưa đối thoại tại hội nghị)."
    minutes = text_of(meeting.get("/record/minutes.docx").data)
    assert "Đề nghị mở thêm lớp mầm non. (chưa đối thoại tại hội nghị)" in minutes


@pytest.mark.parametrize("body,fragment", [
    ({"report_number": "15/BB-UBND"}, "trùng số biên bản"),
    ({"report_number": "０15 / BB\u2010UBND"}, "trùng số biên bản"),  # wide digits, a leading 0, spaces, another dash
    ({"report_number": "12/BB-UBND"}, "ký hiệu BB"),
    ({"report_issued_on": "2026-05-14"}, "Ngày ban hành báo cáo (14/05/2026) trước ngày hội nghị (15/05/2026)"),
    ({"council_session_on": "2026-05-01"}, "Ngày khai mạc kỳ họp HĐND (01/05/2026) trước ngày hội nghị"),
])
def test_a_report_number_or_date_that_cannot_be_is_refused_naming_the_field(meeting, body, fragment):
    before = meeting.get("/api/record").json["notes"]
    response = meeting.patch("/api/record", json=body)
    assert response.status_code == 400 and fragment in response.json["message"], response.json
    assert response.json["field"] == next(iter(body))
    assert meeting.get("/api/record").json["notes"] == before
    assert meeting.patch("/api/record", json={"report_number": "27", "report_issued_on": "2026-05-15"}).status_code == 200


def test_two_tabs_of_the_record_lose_neither_s_words(app, meeting):
    """Tab B, opened before tab A saved "Ý kiến khác", saved its "Đánh giá chung" with the whole
    form: A's words went back to the old ones, both tabs said "Đã lưu.". With `was`, a field B
    left alone keeps A's save; one both changed is a 409 naming it, nothing written."""
    opened = meeting.get("/api/record").json["notes"]
    other_tab = login(app, "secretary")
    assert other_tab.patch("/api/record", json={"other_notes": "Ý kiến của tab A.", "was": {
        "other_notes": opened["other_notes"]}}).status_code == 200
    form = {key: opened[key] or "" for key in ("other_notes", "assessment", "chair_name")}
    saved = meeting.patch("/api/record", json={**form, "assessment": "Đánh giá của tab B.", "was": form})
    assert saved.status_code == 200
    notes = meeting.get("/api/record").json["notes"]
    assert notes["other_notes"] == "Ý kiến của tab A." and notes["assessment"] == "Đánh giá của tab B."

    clash = meeting.patch("/api/record", json={**form, "other_notes": "Ý kiến của tab B.", "was": form})
    assert clash.status_code == 409 and clash.json["fields"] == ["other_notes"]
    assert clash.json["current"]["other_notes"] == "Ý kiến của tab A."
    assert meeting.get("/api/record").json["notes"] == notes


def test_a_field_s_heading_and_a_question_stay_with_what_follows(app, meeting):
    """"3.2. Kinh tế - xã hội" sat at the foot of a page, its questions overleaf."""
    chairman = login(app, "chairman")
    topics = chairman.get("/api/room").json["topics"]
    for question, topic in zip(chairman.get("/api/questions").json, topics):
        assert chairman.patch(f"/api/questions/{question['id']}", json={"topic_id": topic["id"]}).status_code == 200
    document = Document(io.BytesIO(meeting.get("/record/minutes.docx").data))
    kept = {p.text[:4]: p.paragraph_format.keep_with_next for p in document.paragraphs
            if re.match(r"3\.\d\. |Câu \d", p.text)}
    assert {"3.1.", "3.2."} <= set(kept) and all(kept.values()), kept
    report = Document(io.BytesIO(meeting.get("/record/report.docx").data))
    labels = [p for p in report.paragraphs if re.match(r"[a-d]\) ", p.text) or p.text.endswith("ý kiến):")]
    assert len(labels) >= 5 and all(p.paragraph_format.keep_with_next for p in labels)


def test_documents_exported_before_the_meeting_ended_say_draft_at_their_head(app, client, meeting):
    """Exported mid-meeting (the day is today and the chairman has not ended it), the minutes
    looked like the signed record; now both say "DỰ THẢO" first, and the record page says why.
    Ended, the same documents carry no such line; a meeting of an earlier day never does."""
    from conference import clock

    conference = client.get("/api/conference").json
    with app.app_context():  # the hall's calendar (Asia/Ho_Chi_Minh), not this machine's UTC date
        today = clock.hall_today().isoformat()
    assert client.patch(f"/api/conferences/{conference['id']}", json={"held_on": today}).status_code == 200
    assert meeting.patch("/api/record", json={"report_issued_on": today, "council_session_on": today}).status_code == 200
    for path in ("/record/minutes.docx", "/record/report.docx"):
        lines = paragraphs(meeting.get(path).data)
        assert lines[:2] == ["DỰ THẢO", "(Hội nghị chưa kết thúc: bản xuất giữa chừng, chưa dùng để ký.)"], path
    assert meeting.get("/api/record").json["draft"] is True
    assert login(app, "chairman").post("/api/room/close", json={"confirm": True}).status_code == 200
    for path in ("/record/minutes.docx", "/record/report.docx"):
        assert "DỰ THẢO" not in paragraphs(meeting.get(path).data), path
    assert meeting.get("/api/record").json["draft"] is False


def test_the_name_under_a_signature_is_the_person_s_alone(meeting):
    """"Bà Lê Thị Thu Trang, Công chức Văn phòng" typed as the secretary put the title under the
    signature; the name line of section II keeps what was typed, the signature the name alone."""
    assert meeting.patch("/api/record", json={"secretary_name": "Bà Lê Thị Thu Trang, Công chức Văn phòng - Thống kê",
                                              "chair_name": "Ông Lê Chí Hoạt – Chủ tịch UBND phường"}).status_code == 200
    lines = paragraphs(meeting.get("/record/minutes.docx").data)
    assert "Thư ký: Bà Lê Thị Thu Trang, Công chức Văn phòng - Thống kê" in lines
    assert {"Lê Thị Thu Trang", "Lê Chí Hoạt"} <= set(lines)  # a paragraph of the name alone: the signatures
    assert "Bà Lê Thị Thu Trang" not in [line for line in lines if not line.startswith("Thư ký:")]
    report = paragraphs(meeting.get("/record/report.docx").data)
    assert "Lê Chí Hoạt" in report and "Ông Lê Chí Hoạt – Chủ tịch UBND phường" not in report


def test_a_written_reply_decided_in_the_hall_asks_for_nobody_who_answered(app, meeting):
    """"câu N: chưa ghi người trả lời" for a written reply pushed the secretary to name someone who
    never spoke, and the minutes printed "Người trả lời: ……". An answered question still asks."""
    phone, chairman = app.test_client(), login(app, "chairman")
    qid = phone.post("/api/questions", json={"text": "Đề nghị cho biết quy hoạch khu đất số 3."}).json["id"]
    for status in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{qid}", json={"status": status})
    assert chairman.patch(f"/api/questions/{qid}", json={
        "status": "written_reply", "reply_by": "Văn phòng UBND", "reply_due": "2030-06-30",
        "conclusion": "Trả lời bằng văn bản."}).status_code == 200
    number = next(q["number"] for q in chairman.get("/api/questions").json if q["id"] == qid)
    missing = meeting.get("/api/record").json["missing"]
    assert f"câu {number}: chưa ghi người trả lời" not in missing
    lines = paragraphs(meeting.get("/record/minutes.docx").data)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Câu {number}. "))
    assert not lines[start + 1].startswith("Người trả lời:") and lines[start + 1].startswith("Kết luận của chủ trì:")


def test_the_minutes_number_made_the_report_s_marks_the_minutes_box(meeting):
    assert meeting.patch("/api/record", json={"report_number": "27/BC-UBND"}).status_code == 200
    response = meeting.patch("/api/record", json={"document_number": "27 / BC-UBND"})
    assert response.status_code == 400 and response.json["field"] == "document_number"


@pytest.mark.parametrize("typed,signed", [
    ("Chủ tịch UBND phường Lê Chí Hoạt", "Lê Chí Hoạt"), ("Ông: Lê Chí Hoạt", "Lê Chí Hoạt"),
    ("Chủ tịch UBND phường Đồng Mai Lê Chí Hoạt", "Lê Chí Hoạt"),
    ("Chủ tịch UBND phường Đồng Mai", "Chủ tịch UBND phường Đồng Mai"),  # no name in it: as written, never "Đồng Mai"
])
def test_a_title_written_first_leaves_the_name_under_the_signature(meeting, typed, signed):
    assert meeting.patch("/api/record", json={"chair_name": typed}).status_code == 200
    assert signed in paragraphs(meeting.get("/record/minutes.docx").data)


def test_a_report_day_left_before_a_meeting_moved_later_is_listed_as_missing(client, meeting):
    """The days are checked when saved; the meeting's day moved after them: the page says so."""
    assert meeting.patch("/api/record", json={"report_issued_on": "2026-05-20", "council_session_on": "2026-06-20"}).status_code == 200
    conference = client.get("/api/conference").json
    assert client.patch(f"/api/conferences/{conference['id']}", json={"held_on": "2026-05-25"}).status_code == 200
    missing = meeting.get("/api/record").json["missing"]
    assert "ngày ban hành báo cáo trước ngày hội nghị" in missing
    assert "ngày khai mạc kỳ họp HĐND trước ngày hội nghị" not in missing
