"""The contract from outside, with what a script or a stray keystroke sends rather than what
the pages send: each gets a clear 4xx in Vietnamese and nothing it should not change changes.
Found by an adversarial session (1 December 2026)."""
from __future__ import annotations

from .conftest import GOOD_ROWS, import_file, login, snapshot, xlsx


def hall(app):
    """The roster imported; an admin, a chairman and a kiosk client."""
    admin = login(app, "admin")
    assert import_file(admin, xlsx(GOOD_ROWS)).status_code == 201
    return admin, login(app, "chairman"), login(app, "kiosk")


def test_activate_must_be_true_or_false(app, db):
    admin, _chair, _kiosk = hall(app)
    active = admin.get("/api/conference").json["id"]
    for value in ("false", 0, None, "no"):
        refused = admin.post("/api/conferences", json={"title": "Hội nghị thử", "held_on": "2027-01-15", "activate": value})
        assert refused.status_code == 400 and "true hoặc false" in refused.json["message"], value
    assert admin.get("/api/conference").json["id"] == active  # the hall still follows its conference
    assert admin.post("/api/conferences", json={"title": "Hội nghị thử", "held_on": "2027-01-15",
                                                "activate": False}).status_code == 201
    assert admin.get("/api/conference").json["id"] == active


def test_days_are_written_one_way_only(app, db):
    admin, chair, _kiosk = hall(app)
    for held_on in (20261231, "20261231", "2026-W01-1"):
        refused = admin.post("/api/conferences", json={"title": "Hội nghị thử", "held_on": held_on, "activate": False})
        assert refused.status_code in (400, 422) and "NNNN-TT-NN" in refused.json["message"], held_on
    qid = app.test_client().post("/api/questions", json={"text": "Đường ngõ 5 ngập nước"}).json["id"]
    chair.patch(f"/api/questions/{qid}", json={"status": "approved"})
    chair.patch(f"/api/questions/{qid}", json={"status": "on_screen"})
    week = chair.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_by": "Văn phòng", "reply_due": "2030-W01-1"})
    assert week.status_code == 400 and "NNNN-TT-NN" in week.json["message"]


def test_a_question_is_not_rejected_without_a_reason(app, db):
    _admin, chair, _kiosk = hall(app)
    qid = app.test_client().post("/api/questions", json={"text": "Nội dung không liên quan"}).json["id"]
    for reason in (None, "", "   ", "\u200b", "\u2800"):
        body = {"status": "rejected"} | ({} if reason is None else {"reject_reason": reason})
        refused = chair.patch(f"/api/questions/{qid}", json=body)
        assert refused.status_code == 400 and "lý do" in refused.json["message"], repr(reason)
    assert chair.patch(f"/api/questions/{qid}", json={"status": "rejected", "reject_reason": "Ngoài nội dung"}).status_code == 200


def test_another_conference_s_questions_keep_their_outcome(app, db):
    admin, chair, _kiosk = hall(app)
    qid = app.test_client().post("/api/questions", json={"text": "Đèn đường ngõ 7 hỏng"}).json["id"]
    chair.patch(f"/api/questions/{qid}", json={"status": "rejected", "reject_reason": "Trùng nội dung"})
    assert admin.post("/api/conferences", json={"title": "Hội nghị lần 2", "held_on": "2027-01-15"}).status_code == 201
    moved = chair.patch(f"/api/questions/{qid}", json={"status": "approved"})
    assert moved.status_code == 409 and moved.json["error"] == "other_conference"
    secretary = login(app, "secretary")  # the record of a past meeting is still completed
    assert secretary.patch(f"/api/questions/{qid}", json={"conclusion": "Đã rõ"}).status_code == 200


def test_the_group_an_asker_typed_is_public_only_with_their_name(app, db):
    _admin, chair, _kiosk = hall(app)
    hidden = app.test_client().post("/api/questions", json={"text": "Cống ngõ 12 tắc", "group_id": "other",
                                                            "group_other": "Số 5 ngõ 12", "show_name": False}).json["id"]
    named = app.test_client().post("/api/questions", json={"text": "Chợ lấn đường", "group_id": "other", "name": "Bà Tư",
                                                           "group_other": "Hộ kinh doanh chợ", "show_name": True}).json["id"]
    for qid in (hidden, named):
        assert chair.patch(f"/api/questions/{qid}", json={"status": "approved"}).status_code == 200
    public = {q["id"]: q for q in app.test_client().get("/api/ask").json["public"]}
    assert public[hidden]["group_name"] == "" and "Số 5 ngõ 12" not in str(public)
    assert public[named]["group_name"] == "Hộ kinh doanh chợ" and public[named]["asker_name"] == "Bà Tư"
    staff = {q["id"]: q for q in chair.get("/api/questions").json}
    assert staff[hidden]["group_name"] == "Số 5 ngõ 12"  # the chairman still reads it


def test_a_scan_id_belongs_to_its_desk(app, db):
    admin, _chair, kiosk = hall(app)
    people = admin.get("/api/invitees").json
    first = kiosk.post("/api/checkins", json={"code": people[0]["code"], "scan_id": "tab-1"})
    assert first.status_code == 201
    again = kiosk.post("/api/checkins", json={"code": people[0]["code"], "scan_id": "tab-1"})
    assert again.json == first.json  # the same desk's retry: the first answer
    other = admin.post("/api/checkins", json={"code": people[1]["code"], "scan_id": "tab-1"})
    assert other.status_code == 201 and other.json["invitee"]["name"] == people[1]["name"]
    present = {p["id"] for p in admin.get("/api/invitees").json if p.get("checked_in_at")}
    assert {people[0]["id"], people[1]["id"]} <= present


def test_names_and_questions_that_read_as_nothing_or_as_a_code_are_refused(app, db):
    admin, _chair, kiosk = hall(app)
    group = next(g for g in admin.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    before = snapshot(db)
    code = admin.get("/api/invitees").json[0]["code"]
    for name in ("\u2800\u2800", "\u0301\u0300", "\u061c", "\u115f\u2800", code, "00020101021238570010A000000727"):
        refused = kiosk.post("/api/walkins", json={"name": name, "group_id": group["id"]})
        assert 400 <= refused.status_code < 500 and refused.json["message"], repr(name)
    for text in ("\u2800\u2800\u2800", "\u0301\u0301", "\u061c\u061c"):
        refused = app.test_client().post("/api/questions", json={"text": text})
        assert 400 <= refused.status_code < 500 and refused.json["message"], repr(text)
    assert snapshot(db) == before
    walked = kiosk.post("/api/walkins", json={"name": "Trần Văn Tư", "group_id": group["id"]})
    assert walked.status_code == 201


def test_another_conference_s_list_is_its_record(app, db):
    admin, _chair, _kiosk = hall(app)
    person = admin.get("/api/invitees").json[0]
    assert admin.post("/api/conferences", json={"title": "Hội nghị lần 2", "held_on": "2027-01-15"}).status_code == 201
    before = snapshot(db)
    for method, path, body in (("patch", "", {"name": "Tên khác"}), ("delete", "", None),
                               ("post", "/reissue", None), ("post", "/revoke", None)):
        refused = getattr(admin, method)(f"/api/invitees/{person['id']}{path}", json=body)
        assert refused.status_code == 404 and "hội nghị đang hoạt động" in refused.json["message"], (method, path)
    assert snapshot(db) == before


def test_a_group_filter_that_is_no_number_is_a_400_not_the_whole_list(app, db):
    admin, _chair, _kiosk = hall(app)
    for value in ("abc", "16.0", "1e3", ""):
        refused = admin.get(f"/api/invitees?group={value}")
        assert refused.status_code == 400 and refused.json["message"], value
    group = next(g for g in admin.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    assert {p["group_id"] for p in admin.get(f"/api/invitees?group={group['id']}").json} == {group["id"]}


def test_a_petitions_filter_that_cannot_be_read_is_a_400(app, db):
    admin, _chair, _kiosk = hall(app)
    assert admin.post("/api/petitions", json={"text": "Xin lắp đèn ngõ 9"}).status_code == 201
    for query in ("topic=abc", "topic=", "topic=-1", "prepared=yes", "prepared="):
        refused = admin.get(f"/api/petitions?{query}")
        assert refused.status_code == 400 and refused.json["message"].startswith("Tham số"), query
    assert len(admin.get("/api/petitions?prepared=0").json["petitions"]) == 1
    assert admin.get("/api/petitions?prepared=1").json["petitions"] == []


def test_a_filter_given_twice_is_a_400_naming_it_not_the_first_value_taken(app, db):
    """`?group=3&group=4` answered group 3's list as if both had been applied."""
    admin, _chair, _kiosk = hall(app)
    groups = admin.get("/api/conference").json["groups"]
    twice = admin.get(f"/api/invitees?group={groups[0]['id']}&group={groups[1]['id']}")
    assert twice.status_code == 400 and "group" in twice.json["message"]
    assert "nhiều lần" in twice.json["message"]
    assert admin.get(f"/api/invitees?group={groups[0]['id']}").status_code == 200


def test_the_invitations_file_is_named_by_the_group_s_number(app, db):
    admin, _chair, _kiosk = hall(app)
    group = next(g for g in admin.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    assert admin.get("/invitations.pdf?group=abc").status_code == 400
    named = admin.get(f"/invitations.pdf?group=%20{group['id']}%20")
    assert named.status_code == 200
    assert named.headers["Content-Disposition"] == f'inline; filename="giay-moi-don-vi-{group["id"]}.pdf"'


def test_a_misspelt_field_is_refused_not_dropped(app, db):
    """A script that writes "prepared_answr" is told, rather than answered 200 with its words lost."""
    admin, chair, _kiosk = hall(app)
    secretary = login(app, "secretary")
    petition = admin.post("/api/petitions", json={"text": "Xin lắp đèn ngõ 9"}).json
    qid = app.test_client().post("/api/questions", json={"text": "Đường ngõ 5 ngập nước"}).json["id"]
    for status in ("approved", "on_screen"):
        chair.patch(f"/api/questions/{qid}", json={"status": status})
    assert chair.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_by": "Văn phòng",
                                                      "reply_due": "2030-01-15"}).status_code == 200
    before = snapshot(db)
    for client, method, path, body, misspelt in (
        (admin, "post", "/api/petitions", {"text": "Xin sửa cống", "prepared_answr": "Sẽ sửa"}, "prepared_answr"),
        (admin, "patch", f"/api/petitions/{petition['id']}", {"prepared_by": "Ông Hùng", "prepared_answr": "Sẽ lắp"},
         "prepared_answr"),
        (secretary, "patch", "/api/record", {"place": "Đồng Mai", "documnet_number": "12/BB-UBND"}, "documnet_number"),
        (chair, "patch", "/api/room", {"zoom": 1.5, "zom": 2}, "zom"),
        (secretary, "patch", f"/api/questions/{qid}/followup", {"reply": "Đã trả lời", "done": "2030-01-01"}, "done"),
        (admin, "patch", f"/api/conferences/{admin.get('/api/conference').json['id']}", {"venue": "Hội trường", "titel": "X"},
         "titel"),
        (admin, "post", "/api/conferences", {"title": "Hội nghị lần 2", "held_on": "2030-01-15", "capcity": 80}, "capcity"),
        (admin, "post", "/api/groups", {"name": "TDP số 9", "quotaa": 12}, "quotaa"),
        (admin, "patch", f"/api/groups/{admin.get('/api/conference').json['groups'][0]['id']}", {"quota": 11, "quotaa": 1},
         "quotaa"),
        (secretary, "post", "/api/floor-questions", {"text": "Ông Tư hỏi về ngõ 9", "nmae": "Ông Tư"}, "nmae"),
        (chair, "post", "/api/room/close", {"confrim": True}, "confrim"),
        (admin, "patch", f"/api/invitees/{admin.get('/api/invitees').json[0]['id']}", {"postion": "Tổ phó"}, "postion"),
    ):
        refused = getattr(client, method)(path, json=body)
        assert refused.status_code == 400, (path, refused.status_code)
        assert refused.json["message"] == f"Trường không hợp lệ: {misspelt}.", path
    assert snapshot(db) == before
    saved = admin.patch(f"/api/petitions/{petition['id']}", json={"prepared_by": "Ông Hùng", "prepared_answer": "Sẽ lắp"})
    assert saved.status_code == 200 and saved.json["prepared_answer"] == "Sẽ lắp"
    assert secretary.patch("/api/record", json={"place": "Đồng Mai"}).json["notes"]["place"] == "Đồng Mai"


def test_the_ask_form_posted_without_its_script(app, db):
    """POST /ask: what a phone's browser sends when ask.js did not arrive. No session's token (a
    phone's session cookie may be gone by then, and anyone may ask): another site's form is
    refused by its origin; a refusal gives the page back with the words typed, nothing stored."""
    hall(app)
    phone = app.test_client()
    assert 'name="csrf_token"' not in phone.get("/ask").get_data(as_text=True)
    forged = phone.post("/ask", data={"text": "Từ trang khác"}, headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403
    before = snapshot(db)
    refused = phone.post("/ask", data={"text": "Đường <b>ngõ 5</b> ngập", "group_id": "abc",
                                       "phone": "0912345678", "send_id": "s1"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Tổ dân phố đã chọn không có trong hội nghị này." in body
    assert "Đường &lt;b&gt;ngõ 5&lt;/b&gt; ngập</textarea>" in body and 'value="0912345678"' in body
    assert snapshot(db) == before
    for _ in range(2):  # the browser sends the form twice (a double tap): one question
        sent = phone.post("/ask", data={"text": "Đường ngõ 5 ngập", "send_id": "s2",
                                        "show_name": "on", "name": "Bà Hoa"})
        assert sent.status_code == 303 and sent.headers["Location"].endswith("/ask?sent=1")
    rows = login(app, "chairman").get("/api/questions").json
    assert [(q["text"], q["show_name"], q["asker_name"]) for q in rows] == [("Đường ngõ 5 ngập", True, "Bà Hoa")]
    too_long = phone.post("/ask", data={"text": "Đường ngõ 7 bị ngập." + " " * 19_985 + "PHẦN CUỐI", "send_id": "s3"})
    assert too_long.status_code == 413 and len(login(app, "chairman").get("/api/questions").json) == 1  # said, not cut


def test_a_day_outside_the_calendar_the_pages_count_in_is_refused_and_nothing_written(app, db):
    """`council_session_on` 0001-01-03 was written, answered 400 (its report due a week before
    year 1), and /record, the documents and /results answered 400 from then on."""
    hall(app)
    secretary = login(app, "secretary")
    before = snapshot(db)
    for day in ("0001-01-03", "1899-12-31", "3000-01-01"):
        refused = secretary.patch("/api/record", json={"council_session_on": day, "place": "Nơi mới sau lỗi"})
        assert refused.status_code == 400 and refused.json["message"], day
    assert snapshot(db) == before
    assert secretary.get("/record").status_code == 200 and app.test_client().get("/results").status_code == 200
    assert secretary.patch("/api/record", json={"council_session_on": "2026-12-20"}).status_code == 200


def test_a_filter_naming_another_conference_s_row_is_a_404_and_a_browser_gets_a_page(app, db):
    admin, _chair, _kiosk = hall(app)
    first = admin.get("/api/conference").json
    group = first["groups"][0]["id"]
    topic = admin.get("/api/petitions").json["topics"][0]["id"]
    assert admin.post("/api/conferences", json={"title": "Hội nghị lần 2", "held_on": "2027-01-15"}).status_code == 201
    assert admin.get(f"/api/invitees?group={group}").status_code == 404  # not an empty list, as if it were filtered
    assert admin.get(f"/api/petitions?topic={topic}").status_code == 404
    page = admin.get("/invitations?group=abc", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert "Tham số group phải là mã số" in page.get_data(as_text=True)
    assert admin.get("/invitations?group=abc").json["error"] == "invalid"  # a script still gets JSON
