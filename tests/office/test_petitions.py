"""Petitions gathered before the day: imported from the TDPs' sheets (all or nothing, row errors),
typed in, assigned to an official, a prepared answer written; the board's counts; on the day
they are pending questions whose prepared answer only the chairman and the secretary see."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from conference import store
from office import petitions

from ..conftest import GOOD_ROWS, csrf, csv_bytes, login, snapshot, xlsx

HEADER = ["STT", "Tổ dân phố", "Người kiến nghị", "Lĩnh vực", "Nội dung"]
GOOD = [
    ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI"],  # a title row above the header, as wards write them
    HEADER,
    [1, "TDP số 1", "Nguyễn Văn An", "Môi trường", "Cống thoát nước ngõ 5 bị tắc, mưa to là ngập."],
    [2, "Tổ dân phố số 2", "", "Đất đai - xây dựng", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất khu tái định cư."],
    [3, "tdp so 1", "Trần Thị Bình", "", "Đèn chiếu sáng đường liên tổ hỏng đã hai tháng."],
]
PREPARED = "UBND phường đã giao Tổ công tác nạo vét cống ngõ 5, xong trước ngày 15/12."


@pytest.fixture
def office(app):
    """The roster imported (TDP số 1, TDP số 2, the ward delegates); an admin client."""
    client = login(app, "admin")
    response = client.post("/api/roster/import", data={"file": (io.BytesIO(xlsx(GOOD_ROWS)), "ds.xlsx")},
                           headers={"X-CSRF-Token": csrf(client)}, content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    return client


def upload(client, data: bytes, name: str = "kien-nghi.xlsx"):
    return client.post("/api/petitions/import", data={"file": (io.BytesIO(data), name)},
                       headers={"X-CSRF-Token": csrf(client)}, content_type="multipart/form-data")


def questions(database) -> list[dict]:
    return list(database.query("SELECT * FROM questions ORDER BY id"))


def test_a_good_sheet_imports_every_petition_pending_with_its_tdp_and_field(app, office, db):
    response = upload(office, xlsx(GOOD))
    assert response.status_code == 201, response.json
    assert response.json["imported"] == 3 and response.json["skipped"] == []
    rows = store.petitions_list(db, store.conference_active(db)["id"])
    assert [(r["number"], r["group_name"], r["topic_name"], r["status"], r["source"]) for r in rows] == [
        (1, "TDP số 1", "Môi trường", "pending", "petition"),
        (2, "TDP số 2", "Đất đai - xây dựng", "pending", "petition"),
        (3, "TDP số 1", None, "pending", "petition"),
    ]
    assert rows[0]["asker_name"] == "Nguyễn Văn An" and rows[0]["show_name"] == 0  # kept, hidden from the screen


def test_the_compiler_s_name_under_the_sheet_is_skipped_and_said(app, office, db):
    """"Người tổng hợp" under the table, past an empty row, refused the sheet ("Thiếu Nội dung")."""
    response = upload(office, xlsx([*GOOD, [], ["", "Người tổng hợp"], ["", "Lê Thị Thu"]]))
    assert response.status_code == 201, response.json
    assert response.json["imported"] == 3
    assert [s["row"] for s in response.json["skipped"]] == [7, 8]  # the title row, the header, 3 petitions, an empty row
    assert "ở cuối tệp, sau một dòng trống" in response.json["skipped"][0]["message"]


def test_an_english_csv_imports_too_and_the_same_sheet_again_is_skipped(app, office, db):
    sheet = csv_bytes([["group", "name", "topic", "text"],
                       ["TDP số 2", "Lê Văn Cường", "moi truong", "Rác thải ở bãi đất trống cuối ngõ 12."],
                       ["TDP số 2", "", "", "Rac thai o bai dat trong cuoi ngo 12"]])  # the same, without diacritics
    first = upload(office, b"\xef\xbb\xbf" + sheet, "kn.csv")
    assert first.status_code == 201, first.json
    assert first.json["imported"] == 1 and first.json["skipped"][0]["row"] == 3
    again = upload(office, sheet, "kn.csv")
    assert again.status_code == 201 and again.json["imported"] == 0
    assert [s["row"] for s in again.json["skipped"]] == [2, 3]
    assert len(questions(db)) == 1


def test_bad_rows_refuse_the_whole_sheet_and_each_is_named_by_its_row(app, office, db):
    bad = GOOD[:3] + [
        [3, "TDP số 99", "", "", "Tổ này không có trong hội nghị."],
        [4, "TDP số 1", "", "Giao thông vận tải", "Lĩnh vực không có."],
        [5, "TDP số 2", "", "", ""],
        [6, "TDP số 2", "", "", "x" * 1001],
    ]
    response = upload(office, xlsx(bad))
    assert response.status_code == 422
    assert [e["row"] for e in response.json["errors"]] == [4, 5, 6, 7]
    messages = " ".join(e["message"] for e in response.json["errors"])
    assert "TDP số 99" in messages and "Giao thông vận tải" in messages and "Môi trường" in messages
    assert "Thiếu Nội dung" in messages and "1.000" in messages
    assert questions(db) == []  # all or nothing


def test_a_tdp_written_without_marks_where_two_differ_only_in_marks_is_asked_not_guessed(app, office, db):
    """'TDP 1 Đông' and 'TDP 1 Đồng' are two groups: a petition from 'TDP 1 Dong' went to the
    first one found; now the row asks which, and one written with its marks goes to its own."""
    for name in ("TDP 1 Đông", "TDP 1 Đồng"):
        assert office.post("/api/groups", json={"name": name}).status_code == 201
    unclear = upload(office, xlsx([HEADER, [1, "TDP 1 Dong", "", "", "Đường ngõ 7 xuống cấp, đề nghị sửa."]]))
    assert unclear.status_code == 422
    message = unclear.json["errors"][0]["message"]
    assert "'TDP 1 Đông' hoặc 'TDP 1 Đồng'" in message and "có dấu" in message
    assert questions(db) == []
    marked = upload(office, xlsx([HEADER, [1, "tdp 1 đồng", "", "", "Đường ngõ 7 xuống cấp, đề nghị sửa."]]))
    assert marked.status_code == 201, marked.json
    rows = store.petitions_list(db, store.conference_active(db)["id"])
    assert [r["group_name"] for r in rows] == ["TDP 1 Đồng"]


def test_files_that_are_not_sheets_are_refused_in_vietnamese(app, office):
    for data, name in ((b"%PDF-1.4 ...", "a.pdf"), (b"", "a.csv"), (csv_bytes([["Họ và tên", "Đơn vị"], ["A", "B"]]), "a.csv")):
        response = upload(office, data, name)
        assert response.status_code in (400, 422) and response.json["message"], name
    assert office.post("/api/petitions/import", headers={"X-CSRF-Token": csrf(office)},
                       content_type="multipart/form-data", data={}).json["error"] == "no_file"


def test_who_may_import_and_prepare(app, office):
    kiosk = login(app, "kiosk")
    assert upload(kiosk, xlsx(GOOD)).status_code == 403
    assert kiosk.get("/api/petitions").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/api/petitions").status_code == 401
    assert anonymous.post("/api/petitions", json={"text": "x"}).status_code == 401
    assert login(app, "chairman").patch("/api/petitions/1", json={"prepared_answer": "x"}).status_code == 403
    assert upload(login(app, "secretary"), xlsx(GOOD)).status_code == 201


def test_the_cli_imports_and_exits_1_on_bad_rows(app, office, runner, tmp_path, db):
    good = tmp_path / "kien-nghi.xlsx"
    good.write_bytes(xlsx(GOOD))
    result = runner.invoke(args=["petitions", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Đã nhập 3 kiến nghị" in result.output
    bad = tmp_path / "loi.csv"
    bad.write_text("Tổ dân phố,Nội dung\nTDP số 7,Một\nTDP số 1,\n", encoding="utf-8")
    result = runner.invoke(args=["petitions", "import", str(bad)])
    assert result.exit_code == 1
    assert "Dòng 2:" in result.output and "Dòng 3:" in result.output
    assert len(questions(db)) == 3


def test_typed_in_assigned_prepared_and_shown_only_to_the_staff(app, office, db):
    secretary = login(app, "secretary")
    groups = {g["name"]: g["id"] for g in secretary.get("/api/petitions").json["groups"]}
    created = secretary.post("/api/petitions", json={
        "text": "Cống thoát nước ngõ 5 bị tắc.", "group_id": groups["TDP số 1"], "name": "Bà Hoa"})
    assert created.status_code == 201, created.json
    petition = created.json
    assert petition["number"] == 1 and petition["prepared"] is False
    again = secretary.post("/api/petitions", json={"text": "cong thoat nuoc ngo 5 bi tac", "group_id": groups["TDP số 1"]})
    assert again.status_code == 409 and again.json["error"] == "duplicate"

    saved = secretary.patch(f"/api/petitions/{petition['id']}", json={
        "prepared_by": "Trần Văn Hùng, Phó Chủ tịch UBND phường", "prepared_answer": PREPARED})
    assert saved.status_code == 200 and saved.json["prepared"] and saved.json["prepared_at"]

    chairman = login(app, "chairman")
    card = next(q for q in chairman.get("/api/questions").json if q["id"] == petition["id"])
    assert card["source"] == "petition" and card["status"] == "pending"
    assert card["prepared_answer"] == PREPARED and card["prepared_by"].startswith("Trần Văn Hùng")
    # Approved on the day: the hall sees its TDP, never the petitioner's hidden name nor the answer.
    assert chairman.patch(f"/api/questions/{petition['id']}", json={"status": "approved"}).status_code == 200
    phone = app.test_client()
    public = phone.get("/api/ask").json["public"]
    shown = next(q for q in public if q["id"] == petition["id"])
    assert shown["group_name"] == "TDP số 1" and shown["asker_name"] == ""
    assert "prepared_answer" not in shown and "prepared_by" not in shown
    assert PREPARED not in phone.get("/api/ask").get_data(as_text=True)
    display = login(app, "display").get("/api/questions").get_data(as_text=True)
    assert PREPARED not in display and "Bà Hoa" not in display
    # Taken up: only the official and the answer may still change.
    refused = secretary.patch(f"/api/petitions/{petition['id']}", json={"text": "Khác"})
    assert refused.status_code == 409
    assert secretary.patch(f"/api/petitions/{petition['id']}", json={"prepared_answer": PREPARED + " Bổ sung."}).status_code == 200


def test_bad_bodies_get_a_clear_4xx(app, office):
    for body in ({}, {"text": ""}, {"text": 5}, {"text": "x" * 1001}, {"text": "ok", "group_id": 10**30},
                 {"text": "ok", "topic_id": "a"}, {"text": "ok", "prepared_by": "x" * 201}, {"text": "ok", "show_name": "có"},
                 [1, 2]):
        response = office.post("/api/petitions", json=body)
        assert 400 <= response.status_code < 500 and response.json["message"], body
    assert office.patch("/api/petitions/999", json={"prepared_answer": "x"}).status_code == 404
    assert office.patch("/api/petitions/1", json={}).status_code in (400, 404)


def test_the_board_counts_per_field_and_official_and_the_days_left(app, office, db):
    assert upload(office, xlsx(GOOD)).status_code == 201
    ids = [p["id"] for p in office.get("/api/petitions").json["petitions"]]
    office.patch(f"/api/petitions/{ids[0]}", json={"prepared_by": "Ông Hùng", "prepared_answer": PREPARED})
    office.patch(f"/api/petitions/{ids[1]}", json={"prepared_by": "ông hùng"})  # the same official, typed otherwise
    state = office.get("/api/petitions").json
    board = state["board"]
    assert (board["total"], board["unprepared"], board["unassigned"]) == (3, 2, 1)
    by_topic = {line["label"]: (line["total"], line["unprepared"]) for line in board["by_topic"]}
    assert by_topic == {"Môi trường": (1, 0), "Đất đai - xây dựng": (1, 1), "(chưa xếp lĩnh vực)": (1, 1)}
    by_official = {line["label"]: (line["total"], line["unprepared"]) for line in board["by_official"]}
    assert by_official == {"Ông Hùng": (2, 1), "(chưa giao)": (1, 1)}
    # Filters: not yet prepared; one official.
    assert len(office.get("/api/petitions?prepared=0").json["petitions"]) == 2
    assert len(office.get("/api/petitions?official=ong hung").json["petitions"]) == 2
    assert len(office.get("/api/petitions?official=").json["petitions"]) == 1


def test_days_left_use_the_halls_date():
    today = date(2025, 11, 10)
    assert petitions.board([], "2025-11-20", today)["days_left"] == 10
    assert petitions.board([], (today - timedelta(days=2)).isoformat(), today)["days_left"] == -2


def test_questions_xlsx_names_the_source_and_the_prepared_answer(app, office):
    upload(office, xlsx(GOOD))
    secretary = login(app, "secretary")
    first = secretary.get("/api/petitions").json["petitions"][0]
    secretary.patch(f"/api/petitions/{first['id']}", json={"prepared_by": "Ông Hùng", "prepared_answer": PREPARED})
    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(secretary.get("/record/questions.xlsx").data)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]
    header, data = rows[0], rows[1:]
    source, prepared = header.index("Nguồn"), header.index("Trả lời chuẩn bị trước")
    assert header[-1] == "Hỏi lại"
    assert {r[source] for r in data} == {"Kiến nghị gửi trước"}
    assert data[0][prepared] == f"Ông Hùng: {PREPARED}"


def test_two_editors_of_one_answer_neither_save_is_written_over(app, office, db):
    """Two office laptops open the same petition's dialog; the first saves. The second's save,
    sent with the values its dialog opened (`was`), is refused with what is stored now instead
    of writing over it; a field it left alone keeps the other's save; the same answer twice
    is no conflict; without `was`, a save writes as before."""
    from flask_socketio import SocketIOTestClient

    from conference.realtime import socketio

    secretary, admin = login(app, "secretary"), login(app, "admin")
    watching: SocketIOTestClient = socketio.test_client(app, flask_test_client=admin)
    phone: SocketIOTestClient = socketio.test_client(app)
    petition = secretary.post("/api/petitions", json={"text": "Đèn đường ngõ 7 hỏng."}).json
    url = f"/api/petitions/{petition['id']}"
    opened = {"prepared_by": "", "prepared_answer": ""}
    watching.get_received()
    first = secretary.patch(url, json={"prepared_by": "Ông Hùng", "prepared_answer": PREPARED, "was": opened})
    assert first.status_code == 200 and first.json["prepared_answer"] == PREPARED
    # The other laptop's page hears of it (ids only); a phone hears nothing.
    heard = [e["args"][0] for e in watching.get_received() if e["name"] == "petitions"]
    assert heard == [{"ids": [petition["id"]]}]
    assert not [e for e in phone.get_received() if e["name"] == "petitions"]

    second = admin.patch(url, json={"prepared_by": "Bà Lan", "prepared_answer": "Trả lời khác hẳn.", "was": opened})
    assert second.status_code == 409 and second.json["error"] == "changed_meanwhile"
    assert "người khác đã lưu" in second.json["message"]
    assert second.json["petition"]["prepared_answer"] == PREPARED
    assert second.json["petition"]["prepared_by"] == "Ông Hùng"
    stored = store.question_get(db, petition["id"])
    assert (stored["prepared_by"], stored["prepared_answer"]) == ("Ông Hùng", PREPARED)

    # The official left as opened, the answer changed: the answer is saved, Ông Hùng kept.
    only_answer = admin.patch(url, json={"prepared_by": "", "prepared_answer": PREPARED + " Bổ sung.",
                                         "was": {"prepared_by": "", "prepared_answer": PREPARED}})
    assert only_answer.status_code == 200, only_answer.json
    assert (only_answer.json["prepared_by"], only_answer.json["prepared_answer"]) == ("Ông Hùng", PREPARED + " Bổ sung.")
    # Both wrote the same answer: nothing to choose between.
    same = secretary.patch(url, json={"prepared_answer": PREPARED + " Bổ sung.", "was": {"prepared_answer": PREPARED}})
    assert same.status_code == 200
    # Without `was` (a script, an older page): the save writes.
    assert secretary.patch(url, json={"prepared_answer": "Mới."}).json["prepared_answer"] == "Mới."

    for was in ([], "x", {"prepared_answer": 5}, {"text": "x"}):
        bad = admin.patch(url, json={"prepared_answer": "Khác.", "was": was})
        assert bad.status_code == 400 and "was" in bad.json["message"], was
    assert store.question_get(db, petition["id"])["prepared_answer"] == "Mới."
    watching.disconnect()
    phone.disconnect()


def test_after_the_meeting_ends_nothing_new_joins_its_record(app, office, db):
    """Once the chairman presses "Kết thúc hội nghị", a petition typed in or imported and a
    floor question are refused (409, in Vietnamese) and the record's count stays; opening
    submissions again resumes the meeting, and they are taken again."""
    chair = login(app, "chairman")
    assert upload(office, xlsx(GOOD)).status_code == 201
    assert chair.post("/api/room/close", json={"confirm": True}).status_code == 200
    before = snapshot(db)
    typed = office.post("/api/petitions", json={"text": "Đề nghị lắp đèn ngõ 7", "group_id": None})
    assert typed.status_code == 409 and typed.json["error"] == "meeting_ended"
    assert "Hội nghị đã kết thúc nên không nhận thêm kiến nghị" in typed.json["message"]
    imported = upload(office, xlsx([HEADER, [1, "TDP số 2", "", "", "Đề nghị sửa cống ngõ 9."]]))
    assert imported.status_code == 409 and imported.json["error"] == "meeting_ended"
    floor = chair.post("/api/floor-questions", json={"text": "Ý kiến sau khi kết thúc"})
    assert floor.status_code == 409 and "câu hỏi từ hội trường" in floor.json["message"]
    assert snapshot(db) == before
    assert office.get("/api/petitions").json["board"]["ended"] is True  # the page says so too
    assert chair.patch("/api/room", json={"submissions": "open"}).status_code == 200
    assert office.get("/api/petitions").json["board"]["ended"] is False
    assert chair.post("/api/floor-questions", json={"text": "Ý kiến khi họp tiếp"}).status_code == 201
    assert office.post("/api/petitions", json={"text": "Đề nghị lắp đèn ngõ 7"}).status_code == 201
