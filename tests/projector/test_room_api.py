"""The room's API from outside: a phone asks, the chairman moves, screens follow; a public
Socket.IO client never receives a pending question while the chairman's client sees it."""
from __future__ import annotations

import unicodedata

import pytest

from conference import store
from office import conferences
from conference.realtime import socketio

from ..conftest import PASSWORD


@pytest.fixture
def conference(app, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    conferences.add_group_to_active(db, {"name": "TDP số 1"}, "test")
    return store.conference_active(db)


@pytest.fixture
def phone(app, conference):
    return app.test_client()


def staff_client(app, role):
    client = app.test_client()
    assert client.post("/api/session", json={"username": role, "password": PASSWORD}).status_code == 200
    return client


@pytest.fixture
def chairman(app, conference):
    return staff_client(app, "chairman")


def events(sio, name):
    return [e["args"][0] for e in sio.get_received() if e["name"] == name]


def ask(phone, text="Đường ngõ 5 ngập nước mỗi khi mưa, đề nghị phường nạo vét cống.", **extra):
    return phone.post("/api/questions", json={"text": text, **extra})


def test_phone_asks_chairman_approves_projector_shows(app, phone, chairman, conference):
    mod = socketio.test_client(app, flask_test_client=chairman)
    public = socketio.test_client(app, flask_test_client=app.test_client())
    display = socketio.test_client(app, flask_test_client=staff_client(app, "display"))
    phone.get("/ask")  # the page gives the phone its device cookie before the socket connects
    asker = socketio.test_client(app, flask_test_client=phone)
    for sio in (mod, public, display):
        sio.get_received()

    response = ask(phone, group_id=None, name="Bà Hoa", show_name=False)
    assert response.status_code == 201 and response.json["status"] == "pending"
    qid = response.json["id"]
    seen = events(mod, "question")
    assert seen and seen[0]["id"] == qid and seen[0]["status"] == "pending" and seen[0]["asker_name"] == "Bà Hoa"
    assert events(public, "question") == [] and events(display, "question") == []
    mine = events(asker, "my_question")
    assert mine and mine[0]["status"] == "pending" and "device" not in mine[0]

    assert chairman.patch(f"/api/questions/{qid}", json={"status": "approved"}).json["status"] == "approved"
    shown = events(public, "question")
    assert shown[-1]["status"] == "approved" and shown[-1]["asker_name"] == ""  # she chose not to show it
    assert "device" not in str(shown) and "ip" not in shown[-1]
    assert chairman.patch(f"/api/questions/{qid}", json={"status": "on_screen", "responder": "Trưởng Công an phường"}).status_code == 200
    screen = events(display, "screen")[-1]
    assert screen["question"]["id"] == qid and screen["question"]["responder"] == "Trưởng Công an phường"
    assert screen["join_url"].endswith("/ask")
    assert chairman.patch(f"/api/questions/{qid}", json={"status": "answered", "conclusion": "Giao công chức địa chính kiểm tra trong tuần."}).status_code == 200
    final = events(asker, "my_question")[-1]
    assert final["status"] == "answered" and final["conclusion"].startswith("Giao")


def test_public_never_receives_a_pending_question(app, phone, chairman, conference):
    public = socketio.test_client(app)
    mod = socketio.test_client(app, flask_test_client=chairman)
    for i in range(3):
        ask(phone, text=f"Câu hỏi chờ duyệt số {i} về trật tự đô thị")
    assert len([q for q in events(mod, "question") if q["status"] == "pending"]) == 3
    received = public.get_received()
    assert all("chờ duyệt" not in str(e["args"]) for e in received)
    assert [e for e in received if e["name"] == "question"] == []
    rows = phone.get("/api/ask").json
    assert rows["public"] == [] and len(rows["mine"]) == 3


def test_display_list_has_only_approved_questions(app, phone, chairman, conference):
    first = ask(phone).json["id"]
    ask(phone, text="Một câu hỏi khác vẫn đang chờ duyệt")
    chairman.patch(f"/api/questions/{first}", json={"status": "approved"})
    listed = staff_client(app, "display").get("/api/questions").json
    assert [q["id"] for q in listed] == [first]
    assert "original_text" not in listed[0]
    assert len(chairman.get("/api/questions").json) == 2


@pytest.mark.parametrize("body,status,error", [
    ({"text": ""}, 400, "invalid"),
    ({"text": "   \n\t  "}, 400, "invalid"),
    ({"text": "\u200b\u200e\u202e"}, 400, "invalid"),
    ({"text": None}, 400, "invalid"),
    ({"text": 5}, 400, "invalid"),
    ({}, 400, "invalid"),
    ({"text": "x" * 1001}, 413, "too_long"),
    ({"text": "x" * 20_000}, 413, "too_long"),
    ({"text": "ok", "group_id": 999}, 400, "invalid"),
    ({"text": "ok", "group_id": "1"}, 400, "invalid"),
    ({"text": "ok", "topic_id": 999}, 400, "invalid"),
    ({"text": "ok", "name": "x" * 200}, 400, "invalid"),
    ({"text": "ok", "show_name": "no"}, 400, "invalid"),
])
def test_bad_questions_are_refused_in_vietnamese(phone, db, body, status, error):
    response = phone.post("/api/questions", json=body)
    assert response.status_code == status and response.json["error"] == error
    assert response.json["message"]
    assert list(db.query("SELECT * FROM questions")) == []


@pytest.mark.parametrize("lang, words", [
    ("vi", "Nội dung dài 5.000 ký tự, quá giới hạn 1.000 ký tự."),
    ("en", "5,000 characters"),
])
def test_a_long_text_s_numbers_are_written_as_its_reader_writes_them(phone, lang, words):
    response = phone.post(f"/api/questions?lang={lang}", json={"text": "x" * 5000})
    assert response.status_code == 413 and words in response.json["message"]
    assert ("1,000" in response.json["message"]) == (lang == "en")


@pytest.mark.parametrize("data", ["[1]", '"câu hỏi"', "null", "{x"])
def test_a_body_that_is_not_an_object(phone, data):
    response = phone.post("/api/questions", data=data, content_type="application/json")
    assert response.status_code == 400


def test_text_is_nfc_and_html_stays_text(phone, chairman):
    nfd = unicodedata.normalize("NFD", "Đường Nguyễn Trãi hư hỏng <script>alert(1)</script>")
    qid = ask(phone, text=nfd + "\u202e").json["id"]
    stored = chairman.get("/api/questions").json[0]
    assert stored["id"] == qid
    assert stored["text"] == "Đường Nguyễn Trãi hư hỏng <script>alert(1)</script>"
    assert unicodedata.is_normalized("NFC", stored["text"])


def test_a_flood_from_one_phone_is_429(phone):
    for i in range(3):
        assert ask(phone, text=f"Câu hỏi thứ {i}").status_code == 201
    flood = ask(phone, text="Câu hỏi thứ tư")
    assert flood.status_code == 429 and "chờ" in flood.json["message"]


def test_a_flood_without_cookies_is_429_by_address(app, conference):
    statuses = []
    for i in range(12):
        fresh = app.test_client(use_cookies=False)
        statuses.append(fresh.post("/api/questions", json={"text": f"Câu hỏi {i}"}).status_code)
    assert statuses[:10] == [201] * 10 and statuses[10:] == [429, 429]


def test_paused_and_closed_submissions(phone, chairman):
    assert chairman.patch("/api/room", json={"submissions": "paused"}).status_code == 200
    paused = ask(phone)
    assert paused.status_code == 403 and "tạm dừng" in paused.json["message"]
    chairman.patch("/api/room", json={"submissions": "closed"})
    assert ask(phone).json["error"] == "submissions_closed"
    chairman.patch("/api/room", json={"submissions": "open"})
    assert ask(phone).status_code == 201


def test_attention_words_mark_but_never_publish(phone, chairman):
    qid = ask(phone, text="Cán bộ địa chính có dấu hiệu THAM NHŨNG trong cấp phép").json["id"]
    plain = ask(phone, text="Đề nghị lắp thêm đèn đường").json["id"]
    listed = {q["id"]: q for q in chairman.get("/api/questions").json}
    assert listed[qid]["attention"] is True and listed[plain]["attention"] is False
    assert listed[qid]["status"] == "pending"
    chairman.patch("/api/room", json={"attention_words": ["đèn đường"]})
    third = ask(phone, text="Đèn đường hỏng").json["id"]
    assert {q["id"]: q for q in chairman.get("/api/questions").json}[third]["attention"] is True


def test_vote_once_per_phone_and_merge_unites_interest(app, chairman, conference):
    phones = [app.test_client() for _ in range(3)]
    a = ask(phones[0], text="Xin lắp camera an ninh ở ngõ 12").json["id"]
    b = ask(phones[1], text="Đề nghị lắp camera ngõ 12").json["id"]
    for q in (a, b):
        chairman.patch(f"/api/questions/{q}", json={"status": "approved"})
    assert phones[2].post(f"/api/questions/{a}/interest").json["interest"] == 1
    again = phones[2].post(f"/api/questions/{a}/interest")
    assert again.status_code == 409 and again.json["error"] == "already_voted"
    phones[2].post(f"/api/questions/{b}/interest")
    phones[1].post(f"/api/questions/{b}/interest")
    merged = chairman.patch(f"/api/questions/{b}", json={"merged_into": a})
    assert merged.status_code == 200 and merged.json["status"] == "merged"
    listed = {q["id"]: q for q in chairman.get("/api/questions").json}
    assert listed[a]["interest"] == 2  # phone 2 once, phone 1 once: a union of devices
    assert phones[0].post("/api/questions/99999/interest").status_code == 404
    pending = ask(phones[0], text="Chưa duyệt").json["id"]
    assert phones[1].post(f"/api/questions/{pending}/interest").status_code == 404


@pytest.mark.parametrize("path,moves", [
    ("pending→answered", [("pending", "answered")]),
    ("pending→on_screen", [("pending", "on_screen")]),
    ("approved→resolving", [("approved", "resolving")]),
])
def test_forbidden_moves_are_409(phone, chairman, path, moves):
    qid = ask(phone).json["id"]
    start, target = moves[0]
    if start == "approved":
        chairman.patch(f"/api/questions/{qid}", json={"status": "approved"})
    response = chairman.patch(f"/api/questions/{qid}", json={"status": target})
    assert response.status_code == 409 and "Không thể chuyển" in response.json["message"]


def test_at_most_one_on_screen_and_everything_is_audited(phone, chairman, db):
    ids = [ask(phone, text=f"Câu {i}").json["id"] for i in range(3)]
    for q in ids:
        chairman.patch(f"/api/questions/{q}", json={"status": "approved"})
    chairman.patch(f"/api/questions/{ids[0]}", json={"status": "on_screen"})
    chairman.patch(f"/api/questions/{ids[1]}", json={"status": "on_screen"})
    listed = {q["id"]: q["status"] for q in chairman.get("/api/questions").json}
    assert listed == {ids[0]: "approved", ids[1]: "on_screen", ids[2]: "approved"}
    moves = [r for r in store.audit_entries(db) if r["action"] == "question.move"]
    assert len(moves) == 6 and all(r["actor"].startswith("staff:") for r in moves)


def test_edit_keeps_the_original_and_reopen(phone, chairman):
    qid = ask(phone, text="cau hoi viet sai chinh ta").json["id"]
    edited = chairman.patch(f"/api/questions/{qid}", json={"text": "Câu hỏi viết lại cho rõ"}).json
    assert edited["text"] == "Câu hỏi viết lại cho rõ" and edited["original_text"] == "cau hoi viet sai chinh ta"
    chairman.patch(f"/api/questions/{qid}", json={"status": "rejected", "reject_reason": "Trùng nội dung"})
    reopened = chairman.patch(f"/api/questions/{qid}", json={"status": "approved"}).json
    assert reopened["status"] == "approved" and reopened["closed_at"] is None


def test_written_reply_and_referral_record_who_and_when(phone, chairman):
    qid = ask(phone).json["id"]
    for status in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{qid}", json={"status": status})
    done = chairman.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_by": "Văn phòng UBND", "reply_due": "2030-12-05"}).json
    assert done["status"] == "written_reply" and done["reply_by"] == "Văn phòng UBND" and done["reply_due"] == "2030-12-05"
    bad = chairman.patch(f"/api/questions/{qid}", json={"reply_due": "mai"})
    assert bad.status_code == 400


def test_roles(app, phone, chairman, conference):
    qid = ask(phone).json["id"]
    assert phone.patch(f"/api/questions/{qid}", json={"status": "approved"}).status_code == 401
    assert phone.get("/api/questions").status_code == 401
    secretary = staff_client(app, "secretary")
    assert secretary.patch(f"/api/questions/{qid}", json={"status": "approved"}).status_code == 403
    assert secretary.patch(f"/api/questions/{qid}", json={"conclusion": "Ghi nhận"}).status_code == 200
    assert staff_client(app, "kiosk").patch(f"/api/questions/{qid}", json={"text": "x"}).status_code == 403
    assert staff_client(app, "display").patch(f"/api/questions/{qid}", json={"text": "x"}).status_code == 403
    assert secretary.patch("/api/room", json={"submissions": "closed"}).status_code == 403
    assert chairman.patch(f"/api/questions/{qid}", json={"bogus": 1}).status_code == 400
    assert chairman.patch("/api/questions/99999", json={"status": "approved"}).status_code == 404


def test_floor_question_goes_straight_into_the_queue(app, chairman, conference):
    secretary = staff_client(app, "secretary")
    group = next(g for g in store.groups_list(store.db(), conference["id"]) if g["kind"] == "tdp")
    created = secretary.post("/api/floor-questions", json={"text": "Ông Tư (TDP số 1) hỏi về học phí", "name": "Ông Tư", "group_id": group["id"]})
    assert created.status_code == 201 and created.json["status"] == "approved" and created.json["source"] == "floor"
    assert app.test_client().post("/api/floor-questions", json={"text": "x"}).status_code == 401


def test_reorder_the_queue(phone, chairman):
    ids = [ask(phone, text=f"Câu {i}").json["id"] for i in range(3)]
    for q in ids:
        chairman.patch(f"/api/questions/{q}", json={"status": "approved"})
    assert chairman.post("/api/questions/reorder", json={"order": ids[::-1]}).json["order"] == ids[::-1]
    assert chairman.get("/api/screen").json["next"][0]["id"] == ids[2]
    assert chairman.post("/api/questions/reorder", json={"order": ids[:2]}).status_code == 409
    assert chairman.post("/api/questions/reorder", json={"order": "1,2"}).status_code == 400


def test_the_screen_goes_out_when_what_it_shows_changes(app, phone, chairman):
    """The projector and the phones get `screen` when the next three in line change, and
    not again for an approval further back: the hall sees nothing new, a thousand phones
    would be sent it for nothing. Every approved question still reaches them."""
    public = socketio.test_client(app)
    ids = [ask(app.test_client(), text=f"Câu hỏi số {i} về vệ sinh môi trường").json["id"] for i in range(5)]
    public.get_received()
    shown = []
    for q in ids:
        chairman.patch(f"/api/questions/{q}", json={"status": "approved"})
        got = public.get_received()
        assert [e["args"][0]["id"] for e in got if e["name"] == "question"] == [q]
        shown.append([[n["id"] for n in e["args"][0]["next"]] for e in got if e["name"] == "screen"])
    assert shown == [[ids[:1]], [ids[:2]], [ids[:3]], [], []]
    chairman.post("/api/questions/reorder", json={"order": ids[::-1]})
    screens = events(public, "screen")
    assert [n["id"] for n in screens[-1]["next"]] == ids[::-1][:3]
    chairman.patch(f"/api/questions/{ids[4]}", json={"status": "on_screen"})
    assert events(public, "screen")[-1]["question"]["id"] == ids[4]


def test_room_settings_validate(chairman):
    for bad in ({"zoom": 9}, {"submissions": "maybe"}, {"timer": "go"}, {"topics": []}, {"responders": "x"}, {}, []):
        assert chairman.patch("/api/room", json=bad).status_code == 400
    ok = chairman.patch("/api/room", json={"timer": "start", "timer_seconds": 120, "zoom": 1.4, "topics": ["Đất đai", "Khác"]}).json
    assert ok["timer"]["started_at"] and ok["timer"]["seconds"] == 120 and ok["zoom"] == 1.4
    assert [t["name"] for t in ok["topics"]] == ["Đất đai", "Khác"]


def test_pages_render(app, phone, chairman):
    page = phone.get("/ask")
    assert page.status_code == 200 and "Gửi câu hỏi" in page.get_data(as_text=True)
    assert "dt_device" in page.headers.get("Set-Cookie", "")
    assert chairman.get("/moderator").status_code == 200
    assert staff_client(app, "display").get("/screen").status_code == 200
    assert staff_client(app, "admin").get("/poster").status_code == 200


def test_the_ask_page_gives_each_phone_its_own_send_id_and_shows_changes_at_once(app):
    """The page is rendered once for what it shows and served to the join QR's surge: still each
    phone's form has a send id of its own, and a renamed group, a new field or another language
    show on the next load."""
    import re

    def page(client, path="/ask"):
        return client.get(path).get_data(as_text=True)

    def send_id(html):
        return re.search(r'name="send_id" value="([^"]+)"', html).group(1)

    with app.app_context():  # no context held across requests: each has its own language, as when served
        database = store.db()
        conferences.create_conference(database, conferences.default_conference_fields(), "test")
        conferences.add_group_to_active(database, {"name": "TDP số 1"}, "test")
        conference_id = store.conference_active(database)["id"]
        store.close_db()
    phone = app.test_client()
    first, second = page(phone), page(app.test_client())
    assert send_id(first) != send_id(second) and len({send_id(page(phone)) for _ in range(5)}) == 5
    admin = staff_client(app, "admin")
    group = next(g for g in admin.get("/api/conference").json["groups"] if g["kind"] == "tdp")
    assert admin.patch(f"/api/groups/{group['id']}", json={"name": "TDP Hồ Tùng Mậu"}).status_code == 200
    with app.app_context():
        with store.write(store.db()):
            store.topics_insert(store.db(), conference_id, ["Điện chiếu sáng"])
        store.close_db()
    renamed = page(phone)
    assert "TDP Hồ Tùng Mậu" in renamed and group["name"] not in renamed and "Điện chiếu sáng" in renamed
    english = page(phone, "/ask?lang=en")
    assert 'lang="en"' in english and "Gửi câu hỏi, ý kiến" not in english
    assert 'lang="vi"' in page(phone) and "Gửi câu hỏi, ý kiến" in page(phone)


def test_the_chairman_and_the_secretary_writing_one_question_lose_neither(app, phone, chairman, conference):
    """Each page sends the text fields as it opened them (`was`). The secretary saves a
    conclusion while the chairman is typing his: his outcome with his conclusion is refused
    (409 with what she saved), nothing moved; sent again knowing it, it goes through. A field
    a page left as it was keeps the other's save; a wording edited by both is refused too."""
    secretary = staff_client(app, "secretary")
    qid = ask(phone).json["id"]
    for status in ("approved", "on_screen"):
        assert chairman.patch(f"/api/questions/{qid}", json={"status": status}).status_code == 200
    hers = "Giao Địa chính – Xây dựng nạo vét ngõ 5 xong trước 31/01."
    saved = secretary.patch(f"/api/questions/{qid}", json={"conclusion": hers, "was": {"conclusion": ""}})
    assert saved.status_code == 200 and saved.json["conclusion"] == hers

    his = "Chủ tịch kết luận: nạo vét cống trước 30/12."
    refused = chairman.patch(f"/api/questions/{qid}", json={
        "status": "answered", "responder": "Công chức Địa chính", "conclusion": his,
        "was": {"conclusion": "", "responder": ""}})
    assert refused.status_code == 409 and refused.json["error"] == "changed_meanwhile"
    assert "người khác đã lưu nội dung khác" in refused.json["message"]
    assert refused.json["question"]["conclusion"] == hers and refused.json["question"]["status"] == "on_screen"
    stored = chairman.get("/api/questions").json
    assert next(q for q in stored if q["id"] == qid)["conclusion"] == hers  # nothing written, nothing moved

    done = chairman.patch(f"/api/questions/{qid}", json={
        "status": "answered", "responder": "Công chức Địa chính", "conclusion": his,
        "was": {"conclusion": hers, "responder": ""}})
    assert done.status_code == 200 and done.json["status"] == "answered" and done.json["conclusion"] == his

    # The secretary's summary, her page having opened the responder empty and left it so:
    # the chairman's responder stays.
    summary = secretary.patch(f"/api/questions/{qid}", json={
        "answer_summary": "Đã trả lời tại hội nghị.", "responder": "", "was": {"answer_summary": "", "responder": ""}})
    assert summary.status_code == 200, summary.json
    assert summary.json["responder"] == "Công chức Địa chính" and summary.json["answer_summary"] == "Đã trả lời tại hội nghị."

    # Sửa: both reword the question; the second, opened on the old wording, is refused.
    other = ask(phone, "Đèn đường ngõ 7 hỏng đã hai tháng nay.").json["id"]
    assert chairman.patch(f"/api/questions/{other}", json={
        "text": "Đèn chiếu sáng ngõ 7 hỏng hai tháng.", "was": {"text": "Đèn đường ngõ 7 hỏng đã hai tháng nay."}}).status_code == 200
    late = secretary.patch(f"/api/questions/{other}", json={
        "text": "Đèn ngõ 7 hỏng.", "was": {"text": "Đèn đường ngõ 7 hỏng đã hai tháng nay."}})
    assert late.status_code == 409 and late.json["question"]["text"] == "Đèn chiếu sáng ngõ 7 hỏng hai tháng."

    for was in ([], {"status": "x"}, {"conclusion": 5}, "x"):
        bad = secretary.patch(f"/api/questions/{qid}", json={"conclusion": "Khác.", "was": was})
        assert bad.status_code == 400 and "was" in bad.json["message"], was


def test_a_question_others_were_merged_into_is_not_rejected_or_merged_away(app, phone, chairman, conference):
    """Câu 2 merged into Câu 1: rejecting Câu 1, or merging it into Câu 3, would leave Câu 2
    'merged into' a question not admitted — refused, naming Câu 2; once Câu 2 is reopened, it may."""
    first, second, third = (ask(phone, text).json for text in (
        "Cống ngõ 5 tắc, mưa là ngập.", "Mưa là ngập ngõ 5 vì cống tắc.", "Đèn đường ngõ 7 hỏng."))
    assert chairman.patch(f"/api/questions/{second['id']}", json={"merged_into": first["id"]}).status_code == 200
    # The asker's phone is told which question its own joined (its outcome is that one's).
    mine = {q["id"]: q for q in phone.get("/api/ask").json["mine"]}
    assert mine[second["id"]]["merged_into_number"] == mine[first["id"]]["number"]
    assert mine[first["id"]]["merged_into_number"] is None
    for body in ({"status": "rejected", "reject_reason": "Trùng"}, {"merged_into": third["id"]}):
        refused = chairman.patch(f"/api/questions/{first['id']}", json=body)
        assert refused.status_code == 409 and refused.json["error"] == "has_merged", body
        number = next(q["number"] for q in chairman.get("/api/questions").json if q["id"] == second["id"])
        assert f"Câu {number}" in refused.json["message"]
    assert next(q for q in chairman.get("/api/questions").json if q["id"] == first["id"])["status"] == "pending"
    assert chairman.patch(f"/api/questions/{second['id']}", json={"status": "approved"}).status_code == 200
    assert chairman.patch(f"/api/questions/{first['id']}", json={
        "status": "rejected", "reject_reason": "Trùng"}).status_code == 200


def test_a_due_date_left_as_it_was_is_not_judged_and_a_bad_opened_one_is_a_400(app, chairman, conference, db):
    """The secretary's form sends the due date it showed; the chairman set a new one since, and
    the old one has passed: her conclusion saves (the untouched date is not written, not
    judged). A `was` due date that is no date is a 400, not a conflict."""
    secretary = staff_client(app, "secretary")
    qid = ask(app.test_client()).json["id"]
    assert chairman.patch(f"/api/questions/{qid}", json={
        "status": "written_reply", "reply_by": "Phòng A", "reply_due": "2099-06-01"}).status_code == 200
    # Her page opened it when the due date was another, since passed.
    saved = secretary.patch(f"/api/questions/{qid}", json={
        "conclusion": "Đã giao phòng A.", "reply_due": "2020-01-01", "was": {"reply_due": "2020-01-01", "conclusion": ""}})
    assert saved.status_code == 200, saved.json
    assert saved.json["conclusion"] == "Đã giao phòng A." and saved.json["reply_due"] == "2099-06-01"
    bad = secretary.patch(f"/api/questions/{qid}", json={"conclusion": "X", "was": {"reply_due": "abc"}})
    assert bad.status_code == 400 and "NNNN-TT-NN" in bad.json["message"]


def test_a_number_too_long_for_any_field_is_said_to_be_so(app, chairman, conference):
    response = chairman.patch("/api/questions/1", data='{"conclusion": "X", "was": {"conclusion": ' + "9" * 5000 + "}}",
                              content_type="application/json")
    assert response.status_code == 400 and "số quá dài" in response.json["message"]


def test_a_petition_never_public_stays_out_of_the_public_rooms_when_edited(app, chairman, conference):
    """Rejected straight from pending, then its prepared answer edited: the public and the
    projector never hear of it (not even its id and status)."""
    secretary = staff_client(app, "secretary")
    petition = secretary.post("/api/petitions", json={"text": "Đề nghị mở rộng ngõ 3."}).json
    public = socketio.test_client(app, flask_test_client=app.test_client())
    display = socketio.test_client(app, flask_test_client=staff_client(app, "display"))
    assert chairman.patch(f"/api/questions/{petition['id']}", json={
        "status": "rejected", "reject_reason": "Trùng"}).status_code == 200
    for sio in (public, display):
        sio.get_received()
    assert secretary.patch(f"/api/petitions/{petition['id']}", json={
        "prepared_answer": "TL", "was": {"prepared_answer": ""}}).status_code == 200
    assert events(public, "question") == [] and events(display, "question") == []
    public.disconnect()
    display.disconnect()


def test_a_question_sent_again_after_a_lost_answer_is_written_once(app, phone, conference, db):
    """The Wi-Fi drops the answer, not the question: sent again with the same send_id, the
    phone gets the first answer (200) and there is still one question, one number; another
    phone's same id is its own."""
    body = {"text": "Đề nghị lắp đèn ngõ 9.", "send_id": "k3x-1"}
    first = phone.post("/api/questions", json=body)
    again = phone.post("/api/questions", json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["id"] == first.json["id"]
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 1
    other = app.test_client()
    assert other.post("/api/questions", json=body).status_code == 201
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 2
    for bad in ("", 5, "x" * 101, ["a"]):
        refused = phone.post("/api/questions", json={"text": "Câu khác.", "send_id": bad})
        assert refused.status_code == 400 and "send_id" in refused.json["message"], bad


def test_a_floor_question_sent_again_after_a_lost_answer_is_written_once(app, chairman, conference, db):
    """The secretary's answer is lost (the Wi-Fi, a restarted laptop) and the form, still
    filled, is sent again: one question, one number, the first answer; another desk's same id
    is its own; a bad id is a clear 400."""
    secretary = staff_client(app, "secretary")
    body = {"text": "Ông Tư hỏi về lịch thu gom rác.", "name": "Ông Tư", "send_id": "floor-7"}
    first = secretary.post("/api/floor-questions", json=body)
    again = secretary.post("/api/floor-questions", json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["id"] == first.json["id"] and again.json["number"] == first.json["number"]
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 1
    assert chairman.post("/api/floor-questions", json=body).status_code == 201
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 2
    for bad in ("", 5, "x" * 101, ["a"]):
        refused = secretary.post("/api/floor-questions", json={"text": "Câu khác.", "send_id": bad})
        assert refused.status_code == 400 and "send_id" in refused.json["message"], bad
    assert db.execute("SELECT count(*) FROM questions").fetchone()[0] == 2
