""""Hỏi lại": the chairman asks the asker of a phone question back; only the asker's own phone
hears it and answers it, once; the exchange reaches the moderator and the record, never the
public rooms."""
from __future__ import annotations

import io

import openpyxl
import pytest

from conference import store
from conference.realtime import socketio
from office import conferences
from projector.ask_back import MAX_ASK_BACK, MAX_ASK_BACK_ANSWER

from projector import shapes
from record import backup

from ..conftest import docx_text
from ..conftest import login as staff_client

QUESTION = "Đường ngõ 5 ngập nước mỗi khi mưa, đề nghị phường nạo vét cống."
BACK = "Bác cho biết ngập ở đoạn nào của ngõ 5?"
ANSWER = "Đoạn từ nhà số 12 đến số 20, gần cống chung."


@pytest.fixture
def conference(app, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    conferences.add_group_to_active(db, {"name": "TDP số 1"}, "test")
    return store.conference_active(db)


@pytest.fixture
def chairman(app, conference):
    return staff_client(app, "chairman")


@pytest.fixture
def asker(app, conference):
    """A phone that has opened the ask page (its device cookie) and sent one question."""
    phone = app.test_client()
    phone.get("/ask")
    response = phone.post("/api/questions", json={"text": QUESTION, "name": "Bà Hoa"})
    assert response.status_code == 201
    phone.question_id = response.json["id"]
    return phone


def received(sio, name):
    return [e["args"][0] for e in sio.get_received() if e["name"] == name]


def ask_back(client, question_id, text=BACK):
    return client.post(f"/api/questions/{question_id}/ask-back", json={"text": text})


def answer(phone, question_id, text=ANSWER):
    return phone.post(f"/api/questions/{question_id}/ask-back/answer", json={"text": text})


def test_the_asker_alone_hears_the_question_back_and_answers_it_once(app, chairman, asker):
    qid = asker.question_id
    chairman.patch(f"/api/questions/{qid}", json={"status": "approved"})  # public now: the hall sees it
    moderator = socketio.test_client(app, flask_test_client=chairman)
    phone_socket = socketio.test_client(app, flask_test_client=asker)
    other_phone = app.test_client()
    other_phone.get("/ask")
    other_socket = socketio.test_client(app, flask_test_client=other_phone)
    public = socketio.test_client(app, flask_test_client=app.test_client())
    display = socketio.test_client(app, flask_test_client=staff_client(app, "display"))
    for sio in (moderator, phone_socket, other_socket, public, display):
        sio.get_received()

    response = ask_back(chairman, qid)
    assert response.status_code == 200
    assert response.json["ask_back"] == {"text": BACK, "at": response.json["ask_back"]["at"], "answer": "",
                                         "answered_at": None}
    mine = received(phone_socket, "my_question")
    assert len(mine) == 1 and mine[0]["id"] == qid and mine[0]["ask_back"]["text"] == BACK
    staff = received(moderator, "question")
    assert staff and staff[-1]["ask_back"]["text"] == BACK
    for sio in (other_socket, public, display):  # never public: not even the question's event
        assert sio.get_received() == []

    # Another phone is not told the question exists; the asker answers once.
    refused = answer(other_phone, qid)
    assert refused.status_code == 404 and refused.json["error"] == "not_found"
    done = answer(asker, qid)
    assert done.status_code == 200 and done.json["ask_back"]["answer"] == ANSWER
    assert done.json["ask_back"]["answered_at"] and "device" not in done.json
    again = answer(asker, qid, "Một câu trả lời khác")
    assert again.status_code == 409 and again.json["error"] == "already_answered"
    assert received(moderator, "question")[-1]["ask_back"]["answer"] == ANSWER
    assert received(phone_socket, "my_question")[-1]["ask_back"]["answer"] == ANSWER
    for sio in (other_socket, public, display):
        assert sio.get_received() == []

    # Answered: the chairman cannot replace it; everyone's lists say the same.
    replaced = ask_back(chairman, qid, "Một câu hỏi lại khác")
    assert replaced.status_code == 409 and replaced.json["error"] == "already_answered"
    listed = next(q for q in chairman.get("/api/questions").json if q["id"] == qid)
    assert listed["ask_back"]["text"] == BACK and listed["ask_back"]["answer"] == ANSWER
    state = asker.get("/api/ask").json
    assert state["mine"][0]["ask_back"]["answer"] == ANSWER
    seen = other_phone.get("/api/ask").json["public"]
    assert [q["id"] for q in seen] == [qid] and "ask_back" not in seen[0]
    assert BACK not in str(staff_client(app, "display").get("/api/questions").json)


def test_an_unanswered_question_back_may_be_replaced(chairman, asker):
    qid = asker.question_id
    assert ask_back(chairman, qid).status_code == 200
    second = ask_back(chairman, qid, "Xin bác nói rõ số nhà.")
    assert second.status_code == 200 and second.json["ask_back"]["text"] == "Xin bác nói rõ số nhà."
    assert answer(asker, qid).json["ask_back"] == {**second.json["ask_back"], "answer": ANSWER,
                                                   "answered_at": answer_time(chairman, qid)}


def answer_time(chairman, qid):
    return next(q for q in chairman.get("/api/questions").json if q["id"] == qid)["ask_back"]["answered_at"]


def test_the_secretary_may_ask_back_and_the_others_may_not(app, asker, conference):
    qid = asker.question_id
    assert ask_back(staff_client(app, "secretary"), qid).status_code == 200
    for role in ("display", "kiosk", "admin"):
        assert ask_back(staff_client(app, role), qid).status_code == 403, role
    assert ask_back(app.test_client(), qid).status_code == 401
    assert ask_back(asker, qid).status_code == 401  # the asker's phone is no staff


def test_a_question_without_a_phone_or_already_decided_cannot_be_asked_back(chairman, asker):
    floor = chairman.post("/api/floor-questions", json={"text": "Ý kiến nêu tại hội trường về chợ tạm"}).json["id"]
    refused = ask_back(chairman, floor)
    assert refused.status_code == 409 and refused.json["error"] == "no_asker"
    qid = asker.question_id
    chairman.patch(f"/api/questions/{qid}", json={"status": "rejected", "reject_reason": "Trùng nội dung"})
    decided = ask_back(chairman, qid)
    assert decided.status_code == 409 and decided.json["error"] == "conflict"
    assert ask_back(chairman, 99999).status_code == 404


def test_the_asker_cannot_answer_what_was_not_asked(app, asker):
    qid = asker.question_id
    early = answer(asker, qid)
    assert early.status_code == 409 and early.json["error"] == "no_ask_back"
    assert answer(app.test_client(), qid).status_code == 404  # no cookie at all: no such question
    assert answer(asker, 99999).status_code == 404


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "  \n\t "}, {"text": "\u200b\u202e"}, {"text": None},
                                  {"text": 5}, {}, {"text": "x" * (MAX_ASK_BACK + 1)}, {"text": "x" * 20_000}])
def test_a_bad_question_back_is_refused_and_changes_nothing(chairman, asker, db, body):
    response = chairman.post(f"/api/questions/{asker.question_id}/ask-back", json=body)
    assert response.status_code == 400 and response.json["error"] == "invalid" and response.json["message"]
    assert db.execute("SELECT ask_back FROM questions").fetchone()[0] == ""


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": ["a"]}, {},
                                  {"text": "x" * (MAX_ASK_BACK_ANSWER + 1)}])
def test_a_bad_answer_is_refused_and_changes_nothing(chairman, asker, db, body):
    ask_back(chairman, asker.question_id)
    response = asker.post(f"/api/questions/{asker.question_id}/ask-back/answer", json=body)
    assert response.status_code == 400 and response.json["error"] == "invalid"
    assert db.execute("SELECT ask_back_answer FROM questions").fetchone()[0] == ""


def test_the_answer_is_one_line(chairman, asker):
    ask_back(chairman, asker.question_id)
    done = answer(asker, asker.question_id, "  Đoạn từ nhà 12\r\nđến nhà 20  ")
    assert done.json["ask_back"]["answer"] == "Đoạn từ nhà 12 đến nhà 20"


def test_the_exchange_is_in_the_record(app, chairman, asker):
    qid = asker.question_id
    for status in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{qid}", json={"status": status})
    ask_back(chairman, qid)
    answer(asker, qid)
    chairman.patch(f"/api/questions/{qid}", json={"status": "answered", "conclusion": "Giao nạo vét trong tuần."})
    secretary = staff_client(app, "secretary")
    minutes = docx_text(secretary.get("/record/minutes.docx").data)
    assert f"Hỏi lại: {BACK} — Trả lời: {ANSWER}" in minutes
    sheet = openpyxl.load_workbook(io.BytesIO(secretary.get("/record/questions.xlsx").data)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]
    header, row = rows[0], rows[1]
    assert header[-1] == "Hỏi lại" and row[-1] == f"{BACK} — Trả lời: {ANSWER}"


def test_an_unanswered_question_back_is_in_the_record_as_such(app, chairman, asker):
    qid = asker.question_id
    ask_back(chairman, qid)
    sheet = openpyxl.load_workbook(io.BytesIO(staff_client(app, "secretary").get("/record/questions.xlsx").data))
    row = list(next(sheet.worksheets[0].iter_rows(min_row=6, values_only=True)))
    assert row[-1] == f"{BACK} — Trả lời: (chưa trả lời)"


def test_the_exchange_survives_a_backup_and_the_purge_of_the_phones(app, chairman, asker, db, tmp_path):
    qid = asker.question_id
    ask_back(chairman, qid)
    answer(asker, qid)
    backup_file = staff_client(app, "secretary").get("/record/backup.json")
    assert backup_file.status_code == 200
    # Restored into an empty database (the `restore` command's own path; this test's app
    # context is the first database's, so not through the CLI here).
    store.migrate(str(tmp_path / "other.db"))
    other = store.connect(str(tmp_path / "other.db"))
    try:
        conference = backup.restore(other, backup_file.data)
        again = store.questions_list(other, conference["id"])[0]
        assert shapes.staff_question(again)["ask_back"] == {
            "text": BACK, "answer": ANSWER, "at": again["ask_back_at"], "answered_at": again["ask_back_answered_at"]}
        assert again["ask_back_at"] and again["ask_back_answered_at"]
    finally:
        other.close()
    with store.write(db):
        store.traces_purge(db, store.conference_active(db)["id"], {})
    kept = next(q for q in chairman.get("/api/questions").json if q["id"] == qid)
    assert kept["ask_back"]["answer"] == ANSWER
    # The phone is forgotten: nobody can answer for it any more, nor be asked back.
    assert answer(asker, qid).status_code == 404


def test_after_the_meeting_ended_a_question_back_is_neither_asked_nor_answered(app, chairman, asker, db):
    """The record is finished when the chairman ends the meeting (and may be signed): a late
    answer from the phone would change it. Both ways are refused, nothing is written; opened
    again, the meeting goes on and the answer is taken."""
    qid = asker.question_id
    assert ask_back(chairman, qid).status_code == 200
    assert chairman.post("/api/room/close", json={"confirm": True}).status_code == 200
    late = answer(asker, qid)
    assert late.status_code == 409 and late.json["error"] == "meeting_ended"
    assert "kết thúc" in late.json["message"]
    assert db.execute("SELECT ask_back_answer FROM questions").fetchone()[0] == ""
    other = asker.post("/api/questions", json={"text": "Một câu khác"})  # closed: no second question either
    assert other.status_code == 403
    assert ask_back(chairman, qid).json["error"] == "meeting_ended"

    assert chairman.patch("/api/room", json={"submissions": "open"}).status_code == 200
    assert answer(asker, qid).status_code == 200


def test_an_exchange_on_a_question_never_reached_is_in_the_minutes_too(app, chairman, asker):
    """Asked back and answered, then the meeting ended before the question was shown: the
    exchange was in questions.xlsx only; the minutes list it with the question."""
    qid = asker.question_id
    ask_back(chairman, qid)
    answer(asker, qid)
    assert chairman.post("/api/room/close", json={"confirm": True}).status_code == 200
    minutes = docx_text(staff_client(app, "secretary").get("/record/minutes.docx").data)
    assert f"Hỏi lại: {BACK} — Trả lời: {ANSWER}" in minutes
