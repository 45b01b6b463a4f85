"""The secretary fills a finished question's gaps from the record page, through the moderator's
own PATCH: status unchanged, every field audited old → new; the record's missing lines point
to their question; the favicon; times in the hall's clock, never a raw UTC string."""
from __future__ import annotations

import json
import re

import pytest

from conference import store
from conference.realtime import socketio
from office import conferences

from ..conftest import csrf, login

QUESTION = "Đề nghị phường sửa đèn chiếu sáng ở ngõ 12, tối đi lại rất nguy hiểm."


@pytest.fixture
def answered(app, db):
    """A question answered at the meeting with no responder and no conclusion written."""
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    phone = app.test_client()
    qid = phone.post("/api/questions", json={"text": QUESTION}).json["id"]
    chairman = login(app, "chairman")
    for status in ("approved", "on_screen", "answered"):
        assert chairman.patch(f"/api/questions/{qid}", json={"status": status}).status_code == 200
    return qid


def _edits(db, qid):
    return [json.loads(row["detail"]) for row in store.audit_entries(db)
            if row["action"] == "question.edit" and row["subject"] == str(qid)]


def test_secretary_fills_the_conclusion_of_an_answered_question_audited(app, db, answered):
    secretary = login(app, "secretary")
    moderator = socketio.test_client(app, flask_test_client=login(app, "chairman"))
    moderator.get_received()
    before = secretary.get("/api/record").json
    number = store.question_get(db, answered)["number"]
    lines = [item for item in before["missing_items"] if item["question_id"] == answered]
    assert {item["number"] for item in lines} == {number} and len(lines) == 3  # conclusion, responder, summary
    assert all(item["text"] in before["missing"] for item in lines)
    assert [q["id"] for q in before["finished"]] == [answered]
    assert before["finished"][0]["fields"] == ["responder", "answer_summary", "conclusion"]

    response = secretary.patch(f"/api/questions/{answered}", json={
        "conclusion": "Giao Công an phường phối hợp Điện lực sửa trong tuần.", "responder": "Trưởng Công an phường",
        "answer_summary": ""})
    assert response.status_code == 200
    assert response.json["status"] == "answered"  # not reopened
    assert response.json["conclusion"] == "Giao Công an phường phối hợp Điện lực sửa trong tuần."
    heard = [e["args"][0] for e in moderator.get_received() if e["name"] == "question"]
    assert heard and heard[-1]["id"] == answered and heard[-1]["conclusion"].startswith("Giao Công an")

    (detail,) = _edits(db, answered)
    assert detail["changes"] == {
        "conclusion": {"from": "", "to": "Giao Công an phường phối hợp Điện lực sửa trong tuần."},
        "responder": {"from": "", "to": "Trưởng Công an phường"},
    }  # the empty summary over nothing is no change
    row = next(r for r in store.audit_entries(db) if r["action"] == "question.edit")
    assert row["actor"].startswith("staff:") or "secretary" in row["actor"]
    assert row["at"].endswith("Z")

    # Once more: the audit keeps the old value as well as the new.
    secretary.patch(f"/api/questions/{answered}", json={"conclusion": "Giao Công an phường sửa trước thứ Sáu."})
    assert _edits(db, answered)[0]["changes"] == {"conclusion": {
        "from": "Giao Công an phường phối hợp Điện lực sửa trong tuần.", "to": "Giao Công an phường sửa trước thứ Sáu."}}
    still = secretary.get("/api/record").json["missing_items"]
    assert [item["text"] for item in still if item["question_id"] == answered] == [f"câu {number}: chưa ghi tóm tắt trả lời"]
    secretary.patch(f"/api/questions/{answered}", json={"answer_summary": "Đèn sẽ được thay trong tuần."})
    after = secretary.get("/api/record").json
    assert not [item for item in after["missing_items"] if item["question_id"] == answered]
    assert after["finished"][0]["conclusion"] == "Giao Công an phường sửa trước thứ Sáu."


@pytest.mark.parametrize("body", [{"status": "approved"}, {"status": "written_reply"}, {"merged_into": 1},
                                  {"status": "answered", "conclusion": "x"}])
def test_a_status_move_by_the_secretary_is_still_refused(app, db, answered, body):
    secretary = login(app, "secretary")
    response = secretary.patch(f"/api/questions/{answered}", json=body)
    assert response.status_code == 403 and response.json["error"] == "forbidden" and response.json["message"]
    row = store.question_get(db, answered)
    assert row["status"] == "answered" and not row["conclusion"] and _edits(db, answered) == []


@pytest.mark.parametrize("body", [
    [], "kết luận", 5, {}, {"conclusion": 5}, {"conclusion": None}, {"conclusion": "x" * 5000},
    {"responder": ["a"]}, {"reply_due": "31/13/2026"}, {"reply_due": 20261231}, {"kết_luận": "x"},
    {"text": ""}, {"conclusion": "ok", "nonsense": True},
])
def test_an_odd_body_is_a_clear_4xx_and_changes_nothing(app, db, answered, body):
    secretary = login(app, "secretary")
    before = dict(store.question_get(db, answered))
    response = secretary.patch(f"/api/questions/{answered}", json=body)
    assert 400 <= response.status_code < 500
    assert set(response.json) >= {"error", "message"} and response.json["message"]
    assert dict(store.question_get(db, answered)) == before and _edits(db, answered) == []


def test_the_admin_reads_the_record_but_does_not_edit_questions(app, answered):
    admin = login(app, "admin")
    assert admin.get("/api/record").status_code == 200
    assert admin.patch(f"/api/questions/{answered}", json={"conclusion": "x"}).status_code == 403


def test_favicon_and_every_page_links_an_icon(app, client, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    staff = login(app, "secretary")
    for who, path in ((client, "/login"), (client, "/ask"), (staff, "/poster"), (staff, "/record"),
                      (staff, "/moderator"), (staff, "/invitations")):
        html = who.get(path).get_data(as_text=True)
        assert 'rel="icon"' in html, path
        svg = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
        with client.get(svg) as icon:
            assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_the_devices_page_shows_the_halls_time(app, client, db):
    login_as = client.post("/api/session", json={"username": "admin", "password": "mat-khau-thu"})
    assert login_as.status_code == 200
    page = client.post("/admin/devices", data={"role": "kiosk", "name": "Cửa chính 1", "csrf_token": csrf(client)},
                       follow_redirects=True)
    token = re.search(r"/pair/([A-Za-z0-9_-]+)", page.get_data(as_text=True)).group(1)
    tablet = app.test_client()
    assert tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)}).status_code == 302
    db.execute("UPDATE devices SET paired_at = ?", ["2026-11-30T05:10:42Z"])
    db.conn.commit()
    html = client.get("/admin/devices").get_data(as_text=True)
    assert "12:10 30/11/2026" in html  # Asia/Ho_Chi_Minh, UTC+7
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", html)
