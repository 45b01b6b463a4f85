"""A due date (resolving, written reply, referral) is never set in the past, by the hall's
calendar; today is allowed. And the referral suggestions are the ward's own setting (#10)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from conference import clock, store
from office import conferences
from projector.settings import DEFAULT_AUTHORITIES

from ..conftest import login

HALL = "Asia/Ho_Chi_Minh"


@pytest.fixture
def chairman(app, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    return login(app, "chairman")


def _pending(app) -> int:
    return app.test_client().post("/api/questions", json={"text": "Đề nghị sửa cống ngõ 9 bị vỡ."}).json["id"]


@pytest.mark.parametrize("status", ["resolving", "written_reply", "referred"])
def test_a_due_date_in_the_past_is_refused_and_nothing_changes(app, chairman, status):
    qid = _pending(app)
    for step in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{qid}", json={"status": step})
    yesterday = clock.today(HALL) - timedelta(days=1)
    refused = chairman.patch(f"/api/questions/{qid}", json={
        "status": status, "reply_by": "Văn phòng UBND", "referred_to": "Sở Xây dựng", "reply_due": yesterday.isoformat()})
    assert refused.status_code == 422 and refused.json["error"] == "past_due"
    assert refused.json["message"] == (
        f"Hạn {yesterday:%d/%m/%Y} đã qua. Hãy chọn hôm nay hoặc một ngày sau hôm nay.")
    question = next(q for q in chairman.get("/api/questions").json if q["id"] == qid)
    assert (question["status"], question["reply_due"], question["reply_by"]) == ("on_screen", None, "")


def test_today_is_allowed_and_a_date_kept_as_it_was_stays_allowed_once_passed(app, db, chairman):
    qid = _pending(app)
    today = clock.today(HALL).isoformat()
    done = chairman.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_by": "Văn phòng UBND",
                                                         "reply_due": today})
    assert done.status_code == 200 and done.json["reply_due"] == today
    # Time passes: the date is gone, and the secretary completes another field with the form as it was.
    with store.write(db):
        db.execute("UPDATE questions SET reply_due = '2025-01-10' WHERE id = ?", [qid])
    kept = login(app, "secretary").patch(f"/api/questions/{qid}", json={"reply_by": "Văn phòng UBND phường",
                                                                        "reply_due": "2025-01-10"})
    assert kept.status_code == 200 and kept.json["reply_due"] == "2025-01-10"
    # Moving it to another past date is refused.
    assert chairman.patch(f"/api/questions/{qid}", json={"reply_due": "2025-01-11"}).status_code == 422


def test_the_hall_s_calendar_decides_not_the_server_s(app, chairman):
    """Kiritimati (UTC+14) is always a day or two ahead of Pago Pago (UTC−11)."""
    behind = clock.today("Pacific/Pago_Pago").isoformat()
    app.config["TIMEZONE"] = "Pacific/Kiritimati"
    qid = _pending(app)
    assert chairman.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_due": behind}).status_code == 422
    app.config["TIMEZONE"] = "Pacific/Pago_Pago"
    assert chairman.patch(f"/api/questions/{qid}", json={"status": "written_reply", "reply_due": behind}).status_code == 200


def test_the_referral_suggestions_are_a_setting_of_the_room(app, chairman):
    assert chairman.get("/api/room").json["authorities"] == list(DEFAULT_AUTHORITIES)
    mine = ["Chi nhánh Văn phòng đăng ký đất đai khu vực", "Công an thành phố", "Tòa án nhân dân khu vực 3"]
    saved = chairman.patch("/api/room", json={"authorities": [" Chi nhánh Văn phòng đăng ký đất đai khu vực ", "",
                                                              "Công an thành phố", "Tòa án nhân dân khu vực 3"]})
    assert saved.status_code == 200 and saved.json["authorities"] == mine
    assert chairman.get("/api/room").json["authorities"] == mine
    # An empty list brings back the plan's default suggestions.
    assert chairman.patch("/api/room", json={"authorities": []}).json["authorities"] == list(DEFAULT_AUTHORITIES)


@pytest.mark.parametrize("value", ["Sở Xây dựng", [1, 2], ["x"] * 51, {"a": 1}])
def test_a_bad_referral_list_is_refused_in_vietnamese(app, chairman, value):
    refused = chairman.patch("/api/room", json={"authorities": value})
    assert refused.status_code == 400 and refused.json["message"] == "Danh sách không hợp lệ."
    assert chairman.get("/api/room").json["authorities"] == list(DEFAULT_AUTHORITIES)
