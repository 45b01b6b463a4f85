"""A whole meeting on the demo, as the hall plays it: phones (one through the ask page in
chromium), questions from the floor, approvals, answers, a resolution, written replies,
a referral, a rejection, a merge, questions never reached, the close. Then the secretary's
files — minutes, report, questions.xlsx, the follow-up sheet — each account for every
question received, with counts that add up."""
from __future__ import annotations

import io
import re
import subprocess
import sys

import openpyxl

from office.demo import DEMO_PETITIONS

from .. import live
from ..conftest import docx_text


def download(client: live.Client, path: str) -> bytes:
    with client.opener.open(client.url + path, timeout=30) as response:
        assert response.status == 200, path
        return response.read()


def test_every_question_received_is_in_every_file(tmp_path, browser):
    env = live.prepare(tmp_path / "hall.db")
    subprocess.run([sys.executable, "-c", "from conference import create_app, store\nfrom office import demo\n"
                    "app = create_app()\nctx = app.app_context(); ctx.push()\ndemo.load(store.db())"],
                   cwd=live.ROOT, env=env, check=True)
    server = live.start(env, tmp_path / "server.log")
    try:
        chairman, secretary = live.Client(server.url, "chairman"), live.Client(server.url, "secretary")
        # A resident on a phone, through the real page.
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
        phone = context.new_page()
        phone.goto(server.url + "/ask")
        phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Ngõ 12 ngập sâu mỗi khi mưa, đề nghị nạo vét cống.")
        phone.get_by_role("button", name="Gửi").click()
        phone.get_by_text("chờ chủ trì duyệt").first.wait_for()
        context.close()
        # Other phones and the floor.
        texts = ["Đèn đường ngõ 5 hỏng đã hai tháng", "Xin hỏi tiến độ cấp sổ đỏ khu đất dịch vụ",
                 "Rác thải tập kết sai giờ ở chợ", "Việc riêng giữa hai hộ gia đình", "Ngõ 12 ngập khi mưa to",
                 "Đề nghị lắp camera an ninh ở ngã ba"]
        for text in texts:
            status, _ = _anonymous(server.url, {"text": text, "name": "Bà Hoa", "show_name": False,
                                                "phone": "0912345678"})
            assert status == 201
        for text in ("Ý kiến tại hội trường về trật tự vỉa hè", "Hỏi về chế độ người cao tuổi"):
            assert secretary.call("POST", "/api/floor-questions", {"text": text})[0] == 201
        questions = {q["text"]: q for q in chairman.call("GET", "/api/questions")[1]}
        received = len(questions)
        # The demo's petitions gathered before the day are questions received too; never taken
        # up, the close turns them into written replies like any other.
        petitions = len(DEMO_PETITIONS)
        assert received == 9 + petitions

        def move(text, **body):
            status, data = chairman.call("PATCH", f"/api/questions/{questions[text]['id']}", body)
            assert status == 200, data

        def shown(text, **outcome):
            if questions[text]["status"] == "pending":
                move(text, status="approved")
            move(text, status="on_screen")
            move(text, **outcome)

        shown("Ngõ 12 ngập sâu mỗi khi mưa, đề nghị nạo vét cống.", status="resolving", responder="Phó Chủ tịch UBND phường",
              conclusion="Giao Địa chính khảo sát, nạo vét trước mùa mưa.", reply_by="Công chức Địa chính - Xây dựng",
              reply_due="2027-03-31")
        move("Ngõ 12 ngập khi mưa to", merged_into=questions["Ngõ 12 ngập sâu mỗi khi mưa, đề nghị nạo vét cống."]["id"])
        shown("Đèn đường ngõ 5 hỏng đã hai tháng", status="answered", responder="Chủ tịch UBND phường",
              conclusion="Thay đèn trong tuần.")
        shown("Xin hỏi tiến độ cấp sổ đỏ khu đất dịch vụ", status="written_reply", responder="Chủ tịch UBND phường",
              conclusion="Trả lời bằng văn bản", reply_by="Văn phòng đăng ký đất đai", reply_due="2027-01-15")
        move("Việc riêng giữa hai hộ gia đình", status="rejected", reject_reason="Không thuộc nội dung đối thoại")
        shown("Rác thải tập kết sai giờ ở chợ", status="referred", responder="Chủ tịch UBND phường",
              conclusion="Hướng dẫn gửi Công ty môi trường", referred_to="Công ty môi trường đô thị")
        move("Ý kiến tại hội trường về trật tự vỉa hè", status="written_reply", reply_by="Công an phường")
        move("Đề nghị lắp camera an ninh ở ngã ba", status="approved")  # never reached
        # "Hỏi về chế độ người cao tuổi" waits in the queue; the close turns both into written replies.
        status, refusal = chairman.call("POST", "/api/room/close", {})
        assert status == 409 and len(refusal["undecided"]) == 2 + petitions
        assert chairman.call("POST", "/api/room/close", {"confirm": True})[0] == 200

        numbers = sorted(q["number"] for q in chairman.call("GET", "/api/questions")[1])
        assert numbers == list(range(1, received + 1))
        expected = {"answered": 1, "resolving": 1, "written_reply": 4 + petitions, "referred": 1, "merged": 1, "rejected": 1}
        assert sum(expected.values()) == received

        minutes = docx_text(download(secretary, "/record/minutes.docx"))
        sentence = re.search(r"Hội nghị nhận (\d+) ý kiến, kiến nghị, trong đó: (.*?)\.\n", minutes)
        assert sentence and int(sentence.group(1)) == received
        parts = [int(n) for n in re.findall(r"(\d+)(?:;|$)", sentence.group(2))]
        assert sum(parts) == received and "chưa xử lý" not in sentence.group(2)
        for number in numbers:  # each one: taken up in the hall ("Câu N."), or a row of its outcome's table
            assert re.search(rf"^(Câu {number}\. |{number} \| )", minutes, re.M), (number, minutes)
        report = docx_text(download(secretary, "/record/report.docx"))
        assert f"Hội nghị nhận {received} ý kiến" in report
        for number in numbers:
            assert f"Câu {number}:" in report, number

        sheet = openpyxl.load_workbook(io.BytesIO(download(secretary, "/record/questions.xlsx"))).worksheets[0]
        rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]
        assert sorted(r[0] for r in rows) == numbers
        counted = {}
        for row in rows:
            counted[row[8]] = counted.get(row[8], 0) + 1
        assert sum(counted.values()) == received
        follow = openpyxl.load_workbook(io.BytesIO(download(secretary, "/record/followup.xlsx"))).worksheets[0]
        owed = [r for r in follow.iter_rows(min_row=6, values_only=True) if r[0] is not None]
        assert len(owed) == expected["resolving"] + expected["written_reply"] + expected["referred"]
        hidden = [r for r in owed if r[1] and "Bà Hoa" in r[1]]
        assert hidden and all(r[3] == "0912345678" for r in hidden)  # reachable for the written reply
    finally:
        server.stop()


def _anonymous(url: str, body: dict) -> tuple[int, dict]:
    """A phone with no cookie yet, as the first visit of a resident's browser."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url + "/api/questions", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)
