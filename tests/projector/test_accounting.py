"""Every question received is accounted for: one number from the moment it arrives, one of
the plan's outcomes at the end, and the record's counts add up on every path."""
from __future__ import annotations

import itertools

import pytest

from conference.realtime import socketio
from record import data

from .test_room_api import ask, chairman, conference, events, phone, staff_client  # noqa: F401 (fixtures)


def someone(app, n: int):
    """A phone of its own on the hall's Wi-Fi (its own address: the per-address limit is not the point here)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.1.{n // 250}.{n % 250 + 1}"
    return client


def move(chair, qid, **body):
    response = chair.patch(f"/api/questions/{qid}", json=body)
    assert response.status_code == 200, response.json
    return response.json


def test_numbers_are_given_when_received_and_kept(app, chairman, conference):  # noqa: F811
    phones = [app.test_client() for _ in range(3)]
    ids = [ask(p, text=f"Câu hỏi số {i} về thu gom rác").json["id"] for i, p in enumerate(phones)]
    floor = chairman.post("/api/floor-questions", json={"text": "Ý kiến tại hội trường"}).json
    listed = {q["id"]: q["number"] for q in chairman.get("/api/questions").json}
    assert [listed[i] for i in ids] + [floor["number"]] == [1, 2, 3, 4]
    move(chairman, ids[2], status="approved")
    move(chairman, ids[2], status="on_screen")
    move(chairman, ids[2], status="answered", conclusion="Đã rõ")
    move(chairman, ids[2], status="approved")  # reopened: the same number
    assert {q["id"]: q["number"] for q in chairman.get("/api/questions").json} == listed


def test_a_written_reply_straight_from_pending_stays_with_the_staff(app, phone, chairman, conference):  # noqa: F811
    watcher = socketio.test_client(app)
    watcher.get_received()
    sent = phone.post("/api/questions", json={"text": "Việc riêng ngoài phạm vi đối thoại", "name": "Ông Bảy",
                                              "phone": "0912 345 678", "show_name": False})
    qid = sent.json["id"]
    moved = move(chairman, qid, status="written_reply", reply_by="Văn phòng UBND", reply_due="2027-01-15")
    assert moved["status"] == "written_reply" and moved["asker_phone"] == "0912345678"
    assert events(watcher, "question") == []
    assert all(q["id"] != qid for q in app.test_client().get("/api/ask").json["public"])
    # …while one that was in the queue leaves the public list with an event.
    other = ask(app.test_client(), text="Đèn đường hỏng").json["id"]
    move(chairman, other, status="approved")
    watcher.get_received()
    move(chairman, other, status="referred", referred_to="Công an phường")
    assert [e["id"] for e in events(watcher, "question")] == [other]
    assert "0912345678" not in str(app.test_client().get("/api/ask").json)


def test_closing_the_meeting_asks_first_then_turns_the_unreached_into_written_replies(app, chairman, conference, db):  # noqa: F811
    waiting = ask(app.test_client(), text="Chưa duyệt").json["id"]
    also_waiting = ask(app.test_client(), text="Cũng chưa duyệt").json["id"]
    queued = ask(app.test_client(), text="Trong hàng đợi").json["id"]
    move(chairman, queued, status="approved")
    shown = chairman.post("/api/floor-questions", json={"text": "Đang trên màn hình"}).json["id"]
    move(chairman, shown, status="on_screen")
    first = chairman.post("/api/room/close", json={})
    assert first.status_code == 409 and first.json["error"] == "needs_confirmation"
    assert "4 câu hỏi" in first.json["message"] and first.json["undecided"] == [1, 2, 3, 4]  # in number order
    assert {q["status"] for q in chairman.get("/api/questions").json} == {"pending", "approved", "on_screen"}
    done = chairman.post("/api/room/close", json={"confirm": True})
    assert done.status_code == 200 and done.json["written_reply"] == 4
    assert {q["id"]: q["status"] for q in chairman.get("/api/questions").json} == {
        waiting: "written_reply", also_waiting: "written_reply", queued: "written_reply", shown: "written_reply"}
    assert chairman.get("/api/room").json["submissions"] == "closed"
    assert ask(app.test_client()).status_code == 403
    record = data.gather(db, conference)
    assert record.counts["total"] == 4 == record.counts["written_reply"] and record.not_reached == []


PATHS = {
    "answered": [("approved", {}), ("on_screen", {}), ("answered", {"conclusion": "Đã trả lời"})],
    "resolving": [("approved", {}), ("on_screen", {}), ("resolving", {"reply_by": "Công chức Địa chính", "reply_due": "2027-02-01"})],
    "written from the queue": [("approved", {}), ("written_reply", {"reply_by": "Văn phòng"})],
    "written from pending": [("written_reply", {})],
    "referred": [("approved", {}), ("on_screen", {}), ("referred", {"referred_to": "TAND quận"})],
    "rejected": [("rejected", {"reject_reason": "Rút lại"})],
    "merged": "merge",
    "not reached": [("approved", {})],
    "never approved": [],
}


@pytest.mark.parametrize("count", [1, 3])
def test_received_equals_the_sum_of_the_outcomes_on_every_path(app, chairman, conference, db, count):  # noqa: F811
    keep = chairman.post("/api/floor-questions", json={"text": "Câu gốc"}).json["id"]
    for n, ((name, steps), i) in enumerate(itertools.product(PATHS.items(), range(count))):
        qid = ask(someone(app, n), text=f"{name} {i}").json["id"]
        if steps == "merge":
            move(chairman, qid, merged_into=keep)
            continue
        for status, extra in steps:
            move(chairman, qid, status=status, **extra)
    record = data.gather(db, conference)
    received = 1 + count * len(PATHS)
    assert record.counts["total"] == received == len(record.questions)
    assert sum(v for k, v in record.counts.items() if k != "total") == received
    assert sorted(q["number"] for rows in record.by_outcome.values() for q in rows) == list(range(1, received + 1))
    assert record.counts["resolving"] == count and record.counts["written_reply"] == 2 * count
    chairman.post("/api/room/close", json={"confirm": True})
    after = data.gather(db, conference)
    assert after.counts["total"] == received and after.not_reached == []
    assert after.counts["written_reply"] == 2 * count + len(record.not_reached)
