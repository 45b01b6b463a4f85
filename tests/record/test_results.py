"""The results made public (#12): `/results` for anyone on the LAN, the self-contained file for
the ward's website, the A4 PDF for the TDPs' notice boards, and the charts in the Word report.
Every matter is there, accounted as the record accounts it; no phone number, no hidden name,
no pending text; every text a user typed is escaped."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from docx import Document

from record import charts
from record.data import gather

from ..conftest import held_today, import_file, login, xlsx

HOSTILE_TDP = 'TDP số 2 <img src=x onerror="alert(1)"> & $x^2$'
ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Lê Văn Cường", HOSTILE_TDP, "", ""],
        ["Phạm Thị Dung", "Đại biểu phường", "", "Phó Chủ tịch UBND phường"]]
PHONE = "0912345678"
SHOWN = "Hoàng Văn Hiện"
HIDDEN = "Đỗ Thị Ẩn Danh"
PENDING_TEXT = "Câu hỏi còn chờ duyệt, không được lộ ra ngoài"
REJECTED_TEXT = "Lời lẽ xúc phạm không đưa ra hội nghị"
PAST = (date.today() - timedelta(days=10)).isoformat()
FUTURE = (date.today() + timedelta(days=30)).isoformat()


_addresses = iter(range(1, 1_000_000))


def _ask(app, text: str, **extra) -> int:
    """A question from a phone of its own, at an address of its own (the rate limits count
    per phone and per address)."""
    n = next(_addresses)
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    response = phone.post("/api/questions", json={"text": text, **extra})
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def hall(app, client, auth):
    """A conference whose questions end every way: answered (asker shown), written reply overdue
    (asker hidden, with a phone), resolving in progress, referred and done, merged, rejected,
    and one still pending; the meeting still open."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code in (200, 201)
    held = held_today(app)  # the meeting is today: its follow-up is done from today on
    conference = client.get("/api/conference").json
    tdp1 = next(g["id"] for g in conference["groups"] if g["name"] == "TDP số 1")
    tdp2 = next(g["id"] for g in conference["groups"] if g["name"].startswith("TDP số 2"))
    ids = {
        "answered": _ask(app, "Khi nào nạo vét mương ngõ 5?", group_id=tdp1, name=SHOWN, show_name=True),
        "written": _ask(app, "Cấp giấy chứng nhận đất dịch vụ <b>chậm</b>", group_id=tdp2, name=HIDDEN,
                        show_name=False, phone=PHONE),
        "resolving": _ask(app, "Đèn đường ngõ 7 hỏng đã lâu", group_id=tdp1),
        "referred": _ask(app, "Tranh chấp đất với hàng xóm", group_id=tdp2),
        "merged": _ask(app, "Mương ngõ 5 bốc mùi", group_id=tdp1),
        "rejected": _ask(app, REJECTED_TEXT, group_id=tdp1),
        "pending": _ask(app, PENDING_TEXT, group_id=tdp2, name=SHOWN, show_name=True),
    }
    chairman = login(app, "chairman")

    def move(qid, *steps):
        for step in steps:
            response = chairman.patch(f"/api/questions/{qid}", json=step)
            assert response.status_code == 200, response.json

    approve, screen = {"status": "approved"}, {"status": "on_screen"}
    move(ids["answered"], approve, screen, {"status": "answered", "responder": "Công chức Địa chính",
                                            "conclusion": "Nạo vét xong trước 30/6."})
    move(ids["written"], approve, screen, {"status": "written_reply", "reply_by": "Văn phòng UBND",
                                           "reply_due": FUTURE, "conclusion": "Trả lời bằng văn bản."})
    _due(app, ids["written"], PAST)  # weeks later: the due date has passed
    move(ids["resolving"], approve, screen, {"status": "resolving", "reply_by": "Phòng Kinh tế",
                                             "reply_due": FUTURE, "conclusion": "Thay bóng trong tháng."})
    move(ids["referred"], approve, {"status": "referred", "referred_to": "Tòa án nhân dân khu vực"})
    move(ids["merged"], {"status": "merged", "merged_into": ids["answered"]})
    move(ids["rejected"], {"status": "rejected", "reject_reason": "Lời lẽ không phù hợp"})
    secretary = login(app, "secretary")
    assert secretary.patch(f"/api/questions/{ids['referred']}/followup",
                           json={"done_on": held}).status_code == 200
    return {"ids": ids, "conference": conference, "secretary": secretary}


def _due(app, question_id: int, day: str) -> None:
    """Time passes: a due date set at the meeting is now in the past."""
    with app.app_context():
        from conference import store

        with store.write(store.db()):
            store.question_update(store.db(), question_id, {"reply_due": day})


def _matters(page: str) -> list[str]:
    return re.findall(r'data-number="(\d+)"', page)


def test_anyone_sees_every_matter_and_no_personal_data(app, hall):
    page = app.test_client().get("/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert len(_matters(html)) == 7  # every question received, pending and rejected ones too
    assert "Khi nào nạo vét mương ngõ 5?" in html and "Nạo vét xong trước 30/6." in html
    assert SHOWN in html  # the asker chose to show it
    assert HIDDEN not in html and PHONE not in html
    assert PENDING_TEXT not in html and REJECTED_TEXT not in html and "Lời lẽ không phù hợp" not in html
    assert "Tòa án nhân dân khu vực" in html and "Phòng Kinh tế" in html and "Văn phòng UBND" in html
    assert "quá hạn" in html and "đã thực hiện xong" in html and "đang thực hiện" in html
    # Every text escaped: the TDP's name, the question's markup.
    assert "<img" not in html and "<b>chậm" not in html
    assert "&lt;img" in html and "&lt;b&gt;chậm" in html
    assert 'id="running"' in html  # the meeting is still open: it says so
    assert "<svg" in html and "style=" not in html  # inline charts, no inline style (the CSP)


def test_results_follow_the_records_accounting(app, hall):
    with app.app_context():
        from conference import store
        from record import results

        record = gather(store.db(), store.conference_active(store.db()))
        public = results.public(record, meeting_over=False)
    assert [m.number for m in public.matters] == [q["number"] for q in record.questions]
    outcomes = dict(public.per_outcome)
    assert sum(outcomes.values()) == record.counts["total"] == 7
    assert outcomes["Chưa xử lý"] == 1
    assert public.followup == {"done": 1, "in_progress": 1, "overdue": 1}


def test_after_the_meeting_closes_nothing_is_pending(app, hall):
    chairman = login(app, "chairman")
    approved = _ask(app, "Đề nghị lắp thêm camera an ninh ở ngõ 9")
    assert chairman.patch(f"/api/questions/{approved}", json={"status": "approved"}).status_code == 200
    assert chairman.post("/api/room/close", json={"confirm": True}).status_code == 200
    html = app.test_client().get("/results").get_data(as_text=True)
    assert 'id="running"' not in html
    assert "Chưa xử lý" not in html
    # Closing made it a written reply, but the chairman never let it into the hall: it is
    # there with its number and outcome, its words unpublished, and says so.
    number = next(q["number"] for q in chairman.get("/api/questions").json if q["id"] == hall["ids"]["pending"])
    item = re.search(rf'<li class="matter written_reply" id="cau-{number}".*?</li>', html, re.S).group(0)
    assert PENDING_TEXT not in html and "Trả lời bằng văn bản" in item
    assert "Nội dung không công bố: ý kiến chưa được đưa ra hội nghị" in item
    exported = hall["secretary"].get("/record/results.html").get_data(as_text=True)
    assert PENDING_TEXT not in exported and "Nội dung không công bố" in exported
    # An approved question the meeting did not reach was public already: its words stay.
    assert "Đề nghị lắp thêm camera an ninh ở ngõ 9" in html


@pytest.mark.parametrize("query", ["abc", "999999", "-1", "1.5", "", "99999999999999999999999"])
def test_an_unknown_or_bad_conference_is_a_vietnamese_404(app, hall, query):
    response = app.test_client().get(f"/results?conference={query}")
    assert response.status_code in (400, 404)
    assert "hội nghị" in response.get_data(as_text=True).lower() or response.status_code == 400


def test_another_conference_by_id(app, hall):
    conference_id = hall["conference"]["id"]
    response = app.test_client().get(f"/results?conference={conference_id}")
    assert response.status_code == 200 and len(_matters(response.get_data(as_text=True))) == 7


def test_the_static_export_is_one_self_contained_file(app, hall):
    assert app.test_client().get("/record/results.html").status_code in (401, 302, 403)
    response = hall["secretary"].get("/record/results.html")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    html = response.get_data(as_text=True)
    assert "<style>" in html and "<link" not in html and "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html) and not re.search(r"url\((?!#)", html)
    assert not re.search(r"https?://", html.replace("http://www.w3.org/", ""))
    assert len(_matters(html)) == 7 and html.count("<svg") == 4
    assert HIDDEN not in html and PHONE not in html and PENDING_TEXT not in html
    assert "<img" not in html and "&lt;img" in html


def test_the_pdf_opens_and_grows_a_page_per_few_matters(app, hall):
    pdfium = pytest.importorskip("pypdfium2")
    response = hall["secretary"].get("/record/results.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    small = pdfium.PdfDocument(response.data)
    text = " ".join(" ".join(small[i].get_textpage().get_text_range().split()) for i in range(len(small)))
    assert "KẾT QUẢ HỘI NGHỊ ĐỐI THOẠI" in text and "Tòa án nhân dân khu vực" in text
    assert HIDDEN not in text and PHONE not in text and PENDING_TEXT not in text
    pages_before = len(small)
    chairman = login(app, "chairman")
    for n in range(40):
        qid = _ask(app, f"Kiến nghị số {n} về trật tự đô thị, vỉa hè bị lấn chiếm " * 3)
        assert chairman.patch(f"/api/questions/{qid}", json={
            "status": "written_reply", "reply_by": "Công an phường", "reply_due": FUTURE}).status_code == 200
    bigger = pdfium.PdfDocument(hall["secretary"].get("/record/results.pdf").data)
    assert len(bigger) >= pages_before + 3
    for index in (0, len(bigger) - 1):
        bigger[index].render(scale=1).to_pil().save(f"test-output/results-pdf-page-{index + 1}.png")


def test_the_report_carries_the_charts_as_pictures(app, hall):
    response = hall["secretary"].get("/record/report.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    assert len(document.inline_shapes) == 4
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(shape.width <= text_width for shape in document.inline_shapes)
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ ")]
    assert captions[0] == "Biểu đồ 1. Đại diện nhân dân có mặt theo tổ dân phố" and len(captions) == 4
    texts = [p.text for p in document.paragraphs]
    assert texts.index("PHỤ LỤC") > texts.index("4. Kiến nghị, đề xuất")


def test_the_record_page_shows_the_charts_and_links_the_exports(app, hall):
    html = hall["secretary"].get("/record").get_data(as_text=True)
    assert html.count("<svg") == 4
    assert "/record/results.html" in html and "/record/results.pdf" in html and "/results" in html


def test_the_asker_phone_keeps_the_follow_up_after_the_meeting(app, hall, client):
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "10.200.0.1"
    response = phone.post("/api/questions", json={"text": "Rác thải ở chợ không được thu gom"})
    qid = response.json["id"]
    chairman = login(app, "chairman")
    for step in ("approved", "on_screen"):
        assert chairman.patch(f"/api/questions/{qid}", json={"status": step}).status_code == 200
    assert chairman.patch(f"/api/questions/{qid}", json={"status": "resolving", "reply_by": "Tổ dân phố",
                                                         "reply_due": FUTURE}).status_code == 200
    _due(app, qid, PAST)
    assert chairman.post("/api/room/close", json={"confirm": True}).status_code == 200
    mine = phone.get("/api/ask").json["mine"]
    assert mine[0]["status"] == "resolving" and mine[0]["followup"] == "overdue"
    assert mine[0]["reply_by"] == "Tổ dân phố" and mine[0]["reply_due"] == PAST


def test_svg_labels_are_escaped_and_never_maths():
    chart = charts.count_chart("t", "Tiêu đề", [("<script>alert(1)</script>", 1), ("$x^2$ & ngõ", 2)], "số")
    svg = charts.svg(chart)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "$x^2$ &amp; ngõ" in svg
    assert "style=" not in svg and "<style" not in svg
    assert 'id="t-' in svg and "Tiêu đề" in svg
    assert charts.png(chart)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_label_with_control_characters_still_draws():
    chart = charts.count_chart("c", "Tiêu đề", [("TDP\x01 số\x0b 4\ufffe", 3)], "số")
    svg = charts.svg(chart)
    assert "TDP số 4" in svg


def test_no_conference_at_all_is_a_404_page(client):
    response = client.get("/results")
    assert response.status_code == 404 and "Không có hội nghị này." in response.get_data(as_text=True)


def test_the_page_in_english_keeps_the_same_matters(app, hall):
    html = app.test_client().get("/results?lang=en").get_data(as_text=True)
    assert len(_matters(html)) == 7 and HIDDEN not in html


def test_the_report_names_the_question_a_duplicate_joined(app, hall):
    numbers = {q["id"]: q["number"] for q in login(app, "chairman").get("/api/questions").json}
    report = Document(io.BytesIO(hall["secretary"].get("/record/report.docx").data))
    text = "\n".join(p.text for p in report.paragraphs)
    merged, into = numbers[hall["ids"]["merged"]], numbers[hall["ids"]["answered"]]
    assert f"- Câu {merged}: Mương ngõ 5 bốc mùi — Gộp vào Câu {into} cùng nội dung." in text
