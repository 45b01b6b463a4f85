"""Dialogue by topic: the chairman picks the field being taken, reassigns a question's field,
edits the list of fields; the projector hears the field and how many matters it holds (never
a pending one), and what comes next prefers that field."""
from __future__ import annotations

import pytest

from conference import store
from conference.realtime import socketio
from office import conferences
from record.topics import by_field

from ..conftest import PASSWORD

LONG_FIELD = "Đất đai – xây dựng, quản lý trật tự đô thị và giải phóng mặt bằng dự án mở rộng đường Nguyễn Văn Cừ"
SECRET = "Nội dung chờ duyệt không được lọt ra màn chiếu"


@pytest.fixture
def conference(app, db):
    conferences.create_conference(db, conferences.default_conference_fields(), "test")
    return store.conference_active(db)


def staff_client(app, role):
    client = app.test_client()
    assert client.post("/api/session", json={"username": role, "password": PASSWORD}).status_code == 200
    return client


@pytest.fixture
def chairman(app, conference):
    return staff_client(app, "chairman")


def topic_ids(chairman) -> dict[str, int]:
    return {t["name"]: t["id"] for t in chairman.get("/api/room").json["topics"]}


def ask(app, text: str, **extra) -> int:
    response = app.test_client().post("/api/questions", json={"text": text, **extra})
    assert response.status_code == 201, response.json
    return response.json["id"]


def approved(app, chairman, text: str, **extra) -> int:
    question = ask(app, text, **extra)
    assert chairman.patch(f"/api/questions/{question}", json={"status": "approved"}).status_code == 200
    return question


def events(sio, name):
    return [e["args"][0] for e in sio.get_received() if e["name"] == name]


def test_the_field_taken_now_reaches_the_projector_with_its_count_and_never_a_pending_text(app, chairman):
    fields = topic_ids(chairman)
    land, other = fields["Đất đai - xây dựng"], fields["Môi trường"]
    display = socketio.test_client(app, flask_test_client=staff_client(app, "display"))
    public = socketio.test_client(app, flask_test_client=app.test_client())
    first = approved(app, chairman, "Ngõ 12 lấn chiếm vỉa hè xây nhà trái phép.", topic_id=other)
    second = approved(app, chairman, "Cấp sổ đỏ cho các hộ ở khu tập thể cũ bao giờ xong?", topic_id=land)
    ask(app, SECRET, topic_id=land)  # pending: counted nowhere, shown nowhere
    for sio in (display, public):
        sio.get_received()

    response = chairman.patch("/api/room", json={"current_topic_id": land})
    assert response.status_code == 200, response.json
    assert response.json["current_topic"] == {"id": land, "name": "Đất đai - xây dựng", "count": 1}
    for sio in (display, public):
        screen = events(sio, "screen")[-1]
        assert screen["topic"] == {"id": land, "name": "Đất đai - xây dựng", "count": 1}
        # What comes next prefers the field taken now; the queue's order is kept within each part.
        assert [q["id"] for q in screen["next"]] == [second, first]
        assert SECRET not in str(screen)

    # The chairman moves the first question into the field: the count follows, on every screen.
    assert chairman.patch(f"/api/questions/{first}", json={"topic_id": land}).json["topic_id"] == land
    screen = events(display, "screen")[-1]
    assert screen["topic"]["count"] == 2 and [q["id"] for q in screen["next"]] == [first, second]
    # Answered questions still count as matters of the field; a rejected one does not.
    chairman.patch(f"/api/questions/{first}", json={"status": "on_screen"})
    chairman.patch(f"/api/questions/{first}", json={"status": "answered", "conclusion": "Giao địa chính kiểm tra."})
    chairman.patch(f"/api/questions/{second}", json={"status": "rejected", "reject_reason": "Trùng nội dung."})
    assert app.test_client().get("/api/screen").json["topic"]["count"] == 1
    assert SECRET not in app.test_client().get("/api/screen").get_data(as_text=True)

    # Back to every field: the screen says none.
    assert chairman.patch("/api/room", json={"current_topic_id": None}).json["current_topic"] is None
    assert events(display, "screen")[-1]["topic"] is None


def test_a_foreign_or_made_up_topic_is_refused_in_vietnamese(app, db, chairman, conference):
    question = approved(app, chairman, "Đèn đường ngõ 7 hỏng đã ba tháng.")
    other_conference = conferences.create_conference(
        db, {**conferences.default_conference_fields(), "title": "Lần 2"}, "test", activate=False)
    foreign = store.topics_list(db, other_conference)[0]["id"]
    before = chairman.get("/api/room").json
    for bad in (foreign, 987654, 0, -1, "1", True, 1.5, [1]):
        for url, body in ((f"/api/questions/{question}", {"topic_id": bad}), ("/api/room", {"current_topic_id": bad})):
            response = chairman.patch(url, json=body)
            assert response.status_code == 400, (url, bad, response.json)
            assert response.json["error"] == "invalid" and "Lĩnh vực" in response.json["message"]
    assert chairman.get("/api/room").json == before
    assert chairman.get("/api/questions").json[0]["topic_id"] is None


def test_only_the_chairman_picks_the_field_or_reassigns_one(app, chairman):
    land = topic_ids(chairman)["Đất đai - xây dựng"]
    question = approved(app, chairman, "Xin hỏi tiến độ làm đường ngõ 3.")
    for role in ("display", "secretary"):
        client = staff_client(app, role)
        assert client.patch("/api/room", json={"current_topic_id": land}).status_code == 403
        assert client.patch(f"/api/questions/{question}", json={"topic_id": land}).status_code == 403
    assert app.test_client().patch("/api/room", json={"current_topic_id": land}).status_code in (401, 403)
    assert chairman.get("/api/room").json["current_topic"] is None
    assert chairman.get("/api/questions").json[0]["topic_id"] is None


def test_the_chairman_adds_renames_reorders_and_drops_fields(app, chairman):
    fields = topic_ids(chairman)
    land, env = fields["Đất đai - xây dựng"], fields["Môi trường"]
    question = approved(app, chairman, "Bãi rác tự phát cạnh chợ gây ô nhiễm.", topic_id=env)
    assert chairman.patch("/api/room", json={"current_topic_id": env}).status_code == 200

    # Rename "Môi trường" by its id, move "Đất đai" first, add a long one, drop the rest.
    body = {"topics": [{"id": land, "name": "Đất đai - xây dựng"}, {"id": env, "name": "Môi trường, vệ sinh đô thị"},
                       LONG_FIELD]}
    response = chairman.patch("/api/room", json=body)
    assert response.status_code == 200, response.json
    assert [t["name"] for t in response.json["topics"]] == ["Đất đai - xây dựng", "Môi trường, vệ sinh đô thị", LONG_FIELD]
    assert response.json["current_topic"]["name"] == "Môi trường, vệ sinh đô thị"  # same field, new name
    assert chairman.get("/api/questions").json[0]["topic_name"] == "Môi trường, vệ sinh đô thị"

    # Lines moved as plain names keep each field (and its questions).
    names = ["Môi trường, vệ sinh đô thị", LONG_FIELD, "Đất đai - xây dựng"]
    response = chairman.patch("/api/room", json={"topics": names})
    assert [t["name"] for t in response.json["topics"]] == names
    assert topic_ids(chairman)["Môi trường, vệ sinh đô thị"] == env

    # Dropping the field taken now, which a question points to: retired, not offered, still named on its question.
    response = chairman.patch("/api/room", json={"topics": [LONG_FIELD]})
    assert [t["name"] for t in response.json["topics"]] == [LONG_FIELD]
    assert response.json["current_topic"] is None
    assert chairman.get(f"/api/questions").json[0]["topic_name"] == "Môi trường, vệ sinh đô thị"
    assert chairman.patch(f"/api/questions/{question}", json={"topic_id": env}).status_code == 400
    assert 'Môi trường, vệ sinh đô thị' not in app.test_client().get("/ask").get_data(as_text=True).split("topic")[-1]


@pytest.mark.parametrize("topics", [
    [], "Đất đai", [""], ["  "], ["x" * 121], ["Đất đai", "đất đai"], [{"id": 999999, "name": "Mới"}],
    [{"id": "1", "name": "Mới"}], [{"name": None}], [1], [None], ["Khác"] * 2, [f"Lĩnh vực {i}" for i in range(21)],
])
def test_a_bad_list_of_fields_changes_nothing(app, chairman, topics):
    before = chairman.get("/api/room").json
    response = chairman.patch("/api/room", json={"topics": topics})
    assert response.status_code == 400, response.json
    assert response.json["error"] == "invalid" and response.json["message"]
    assert chairman.get("/api/room").json == before


def test_what_comes_next_is_three_with_the_field_first_in_the_chairmans_order(app, chairman):
    """Under the question on screen the hall sees the next three: the field taken now first,
    each part in the order the chairman set; none pending, none rejected, none from before."""
    fields = topic_ids(chairman)
    land, env = fields["Đất đai - xây dựng"], fields["Môi trường"]
    a = approved(app, chairman, "Rác ở chợ.", topic_id=env)
    b = approved(app, chairman, "Không chọn lĩnh vực.")
    c = approved(app, chairman, "Cấp sổ đỏ khu tập thể.", topic_id=land)
    d = approved(app, chairman, "Xây nhà trái phép ngõ 4.", topic_id=land)
    e = approved(app, chairman, "Đèn đường ngõ 7 hỏng.")
    ask(app, SECRET, topic_id=land)
    gone = approved(app, chairman, "Câu bị từ chối.", topic_id=land)
    chairman.patch(f"/api/questions/{gone}", json={"status": "rejected", "reject_reason": "Trùng nội dung."})

    def shown() -> list[int]:
        return [q["id"] for q in app.test_client().get("/api/screen").json["next"]]

    assert shown() == [a, b, c]
    chairman.patch("/api/room", json={"current_topic_id": land})
    assert shown() == [c, d, a]
    assert chairman.post("/api/questions/reorder", json={"order": [e, d, c, b, a]}).status_code == 200
    assert shown() == [d, c, e]
    chairman.patch("/api/room", json={"current_topic_id": env})
    assert shown() == [a, e, d]
    # The field's matters all taken: the rest of the queue, still in the chairman's order.
    chairman.patch(f"/api/questions/{a}", json={"status": "on_screen"})
    assert shown() == [e, d, c]
    chairman.patch("/api/room", json={"current_topic_id": None})
    assert shown() == [e, d, c]


def test_by_field_follows_the_order_the_fields_were_taken(app, db, chairman, conference):
    fields = topic_ids(chairman)
    land, env = fields["Đất đai - xây dựng"], fields["Môi trường"]
    a = approved(app, chairman, "Cấp sổ đỏ khu tập thể.", topic_id=land)
    b = approved(app, chairman, "Rác ở chợ.", topic_id=env)
    c = approved(app, chairman, "Xây nhà trái phép ngõ 4.", topic_id=land)
    d = approved(app, chairman, "Không chọn lĩnh vực.")
    waiting = ask(app, "Chờ duyệt về môi trường.", topic_id=env)
    for minute, question in enumerate((b, a, c)):  # the environment was taken first
        chairman.patch(f"/api/questions/{question}", json={"status": "on_screen"})
        chairman.patch(f"/api/questions/{question}", json={"status": "answered"})
        with db.conn:  # shown a minute apart (the clock keeps seconds)
            db.execute("UPDATE questions SET shown_at = ? WHERE id = ?", [f"2026-12-14T02:{minute:02d}:00Z", question])
    groups = by_field(store.questions_list(db, conference["id"]), store.topics_list(db, conference["id"]))
    assert [(name, [q["id"] for q in rows]) for name, rows in groups][:3] == [
        ("Môi trường", [b, waiting]), ("Đất đai - xây dựng", [a, c]), ("Khác", [d])]  # the conference's "Khác"
