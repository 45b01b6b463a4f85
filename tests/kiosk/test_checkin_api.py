"""POST /api/checkins and friends, from outside, as a kiosk would; with an observing board."""
from __future__ import annotations

import threading

import pytest

from conference import store
from conference.realtime import socketio

from ..conftest import PASSWORD, import_file, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Lê Văn Cường", "TDP số 1", "", ""],
        ["Phạm Thị Dung", "Đại biểu phường", "", "Phó Chủ tịch UBND phường"]]


@pytest.fixture
def hall(app, client, auth):
    """An imported roster; `client` is logged in as the kiosk; returns people by name."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    people = {p["name"]: p for p in client.get("/api/invitees").json}
    auth.login("kiosk")
    return people


def observer(app, role="secretary"):
    board = app.test_client()
    board.post("/api/session", json={"username": role, "password": PASSWORD})
    sio = socketio.test_client(app, flask_test_client=board)
    sio.get_received()  # the snapshot on connect
    return sio


def received(sio, name):
    return [e["args"][0] for e in sio.get_received() if e["name"] == name]


def test_green_then_amber_and_the_board_sees_it(app, client, hall):
    board = observer(app)
    phone = socketio.test_client(app)
    person = hall["Trần Thị Bình"]
    first = client.post("/api/checkins", json={"code": person["code"] + "\r\n"})
    assert first.status_code == 201
    body = first.json
    assert body["result"] == "checked_in"
    assert body["invitee"]["name"] == "Trần Thị Bình" and body["invitee"]["group_name"] == "TDP số 1"
    assert body["group"]["residents_present"] == 1 and body["group"]["quota"] == 10
    update = received(board, "attendance")
    assert len(update) == 1 and update[0]["present"] == 1
    assert received(phone, "attendance") == [] and received(phone, "checkin") == []

    again = client.post("/api/checkins", json={"code": person["short_code"].lower()})
    assert again.status_code == 200
    assert again.json["result"] == "already_checked_in"
    assert again.json["at"] == body["at"] and again.json["kiosk"] == "kiosk"
    assert "đã vào lúc" in again.json["message"]
    assert received(board, "attendance") == []  # nothing changed


def test_kiosks_hear_of_each_others_admissions(app, client, hall):
    other_kiosk = observer(app, "kiosk")
    client.post("/api/checkins", json={"code": hall["Lê Văn Cường"]["code"]})
    heard = received(other_kiosk, "checkin")
    assert heard and heard[0]["invitee_id"] == hall["Lê Văn Cường"]["id"]


@pytest.mark.parametrize("body,status,error", [
    ({"code": ""}, 422, "not_an_invitation"),
    ({"code": "x" * 10_240}, 422, "not_an_invitation"),
    ({"code": "\x00\x01\x02"}, 422, "not_an_invitation"),
    ({"code": "'; DELETE FROM invitees; --"}, 422, "not_an_invitation"),
    ({"code": "🙂"}, 422, "not_an_invitation"),
    ({"code": "https://example.org/"}, 422, "not_an_invitation"),
    ({"code": 12345678}, 422, "unknown_invitation"),  # a well-formed short code, not ours
    ({"code": "VN4H-Y9RO"}, 422, "unknown_invitation"),
    ({"code": "ABCD-EFGH"}, 422, "unknown_invitation"),
    ({"code": "ACDE-FHJ"}, 422, "not_an_invitation"),
    ({"code": None}, 422, "not_an_invitation"),
    ({"code": ["DT1-"]}, 422, "not_an_invitation"),
    ({"code": "DT1-" + "A" * 32}, 422, "unknown_invitation"),
    ({"code": "DT1-" + "Z" * 10}, 422, "unknown_invitation"),
    ({"code": "ACDE-FHJK"}, 422, "unknown_invitation"),
    ({"invitee_id": 99999}, 422, "unknown_invitation"),
    ({"invitee_id": 2**70}, 400, "invalid"),
    ({"invitee_id": "1"}, 400, "invalid"),
    ({"invitee_id": True}, 400, "invalid"),
    ({}, 400, "invalid"),
    ({"code": "x", "scan_id": 5}, 400, "invalid"),
    ({"code": "x", "offline_at": "hôm qua"}, 400, "invalid"),
])
def test_bad_scans_get_their_contract_answer(client, hall, db, body, status, error):
    before = list(db.query("SELECT * FROM checkins"))
    response = client.post("/api/checkins", json=body)
    assert response.status_code == status
    assert response.json["error"] == error
    assert response.json["message"] and response.json["message"][0].isupper()
    assert list(db.query("SELECT * FROM checkins")) == before


@pytest.mark.parametrize("data", ["[1, 2]", '"DT1-"', "42", "null", "{bad json"])
def test_a_body_that_is_not_an_object(client, hall, data):
    response = client.post("/api/checkins", data=data, content_type="application/json")
    assert response.status_code == 400 and response.json["error"] == "invalid"


def test_revoked_and_removed_cards(client, auth, hall):
    auth.login("admin")
    old = hall["Lê Văn Cường"]
    client.post(f"/api/invitees/{old['id']}/reissue")
    client.delete(f"/api/invitees/{hall['Phạm Thị Dung']['id']}")
    auth.login("kiosk")
    revoked = client.post("/api/checkins", json={"code": old["code"]})
    assert revoked.status_code == 422 and revoked.json["error"] == "revoked"
    assert revoked.json["invitee"]["name"] == "Lê Văn Cường"
    removed = client.post("/api/checkins", json={"code": hall["Phạm Thị Dung"]["code"]})
    assert removed.json["error"] == "revoked"


def test_last_sessions_card_is_wrong_conference(client, auth, db, hall):
    auth.login("admin")
    client.post("/api/conferences", json={"title": "Đối thoại lần 2", "held_on": "2026-11-20"})
    auth.login("kiosk")
    response = client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]})
    assert response.status_code == 422 and response.json["error"] == "wrong_conference"
    assert "hội nghị khác" in response.json["message"]


def test_a_retry_with_the_same_scan_id_admits_once(client, hall, db):
    body = {"code": hall["Nguyễn Văn An"]["code"], "scan_id": "kiosk-1:42"}
    first = client.post("/api/checkins", json=body)
    retry = client.post("/api/checkins", json=body)
    assert first.status_code == retry.status_code == 201
    assert first.json == retry.json
    assert len(list(db.query("SELECT * FROM checkins"))) == 1
    # A new scan of the same card is amber, as it should be.
    assert client.post("/api/checkins", json={**body, "scan_id": "kiosk-1:43"}).status_code == 200


def test_two_kiosks_same_card_same_moment_exactly_one_admits(app, hall, db):
    code = hall["Trần Thị Bình"]["code"]
    results: list[str] = []
    barrier = threading.Barrier(6)

    def scan(n):
        kiosk = app.test_client()
        kiosk.post("/api/session", json={"username": "kiosk", "password": PASSWORD})
        barrier.wait()
        results.append(kiosk.post("/api/checkins", json={"code": code, "scan_id": f"k{n}"}).json["result"])

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["already_checked_in"] * 5 + ["checked_in"]
    assert len(list(db.query("SELECT * FROM checkins"))) == 1


def test_admit_by_name_when_the_card_is_at_home(client, hall):
    found = client.get("/api/invitees", query_string={"q": "tran thi binh"}).json
    assert [p["name"] for p in found] == ["Trần Thị Bình"]
    response = client.post("/api/checkins", json={"invitee_id": found[0]["id"]})
    assert response.status_code == 201 and response.json["invitee"]["name"] == "Trần Thị Bình"


def test_undo_within_a_minute_then_only_admin(client, auth, db, hall):
    first = client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]}).json
    undone = client.post(f"/api/checkins/{first['checkin_id']}/undo")
    assert undone.status_code == 200 and undone.json["group"]["present"] == 0
    assert client.post(f"/api/checkins/{first['checkin_id']}/undo").status_code == 409
    # Admitted again, then the minute passes.
    second = client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]}).json
    assert second["result"] == "checked_in"
    db.execute("UPDATE checkins SET at = '2000-01-01T00:00:00Z' WHERE id = ?", [second["checkin_id"]])
    late = client.post(f"/api/checkins/{second['checkin_id']}/undo")
    assert late.status_code == 403 and "quản trị viên" in late.json["message"]
    auth.login("admin")
    assert client.post(f"/api/checkins/{second['checkin_id']}/undo").status_code == 200
    actions = [row["action"] for row in store.audit_entries(db)]
    assert actions.count("checkin.admit") == 2 and actions.count("checkin.undo") == 2


def test_rejected_scans_are_audited_with_the_raw_text(client, hall, db):
    client.post("/api/checkins", json={"code": "https://example.org/?x=1"})
    client.post("/api/checkins", json={"code": "y" * 10_000})
    rejected = [row for row in store.audit_entries(db) if row["action"] == "checkin.reject"]
    assert len(rejected) == 2
    assert '"raw_length": 10000' in rejected[0]["detail"]
    assert "https://example.org/?x=1" in rejected[1]["detail"]


def test_walk_in_past_the_quota_is_admitted_at_once(client, auth, db, hall):
    auth.login("admin")
    group = next(g for g in client.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    saved = client.patch(f"/api/groups/{group['id']}", json={"quota": 1, "quota_reason": "Tổ ít hộ dân"})
    assert saved.status_code == 200
    auth.login("kiosk")
    client.post("/api/checkins", json={"code": hall["Trần Thị Bình"]["code"]})
    body = {"name": "Hoàng Văn Em", "group_id": group["id"], "phone": "0901234567"}
    done = client.post("/api/walkins", json=body)  # past the quota: welcome, no "confirm"
    assert done.status_code == 201 and done.json["invitee"]["walk_in"] is True
    assert done.json["group"]["residents_present"] == 2
    again = client.post("/api/walkins", json={**body, "confirm": True})
    assert again.status_code == 409 and again.json["error"] == "already_on_roster"


def test_walk_in_over_capacity_and_bad_input(client, auth, db, hall):
    auth.login("admin")
    conference = client.get("/api/conference").json
    client.patch(f"/api/conferences/{conference['id']}", json={"capacity": 1})
    ward = next(g for g in conference["groups"] if g["kind"] == "ward")
    auth.login("kiosk")
    client.post("/api/checkins", json={"code": hall["Phạm Thị Dung"]["code"]})
    full = client.post("/api/walkins", json={"name": "Khách Mới", "group_id": ward["id"]})
    assert full.status_code == 409 and full.json["error"] == "over_capacity"
    for bad in ({"name": "", "group_id": ward["id"], "confirm": True}, {"name": "A", "group_id": 999},
                {"name": "A"}, [1], {"name": "A", "group_id": ward["id"], "phone": "gọi", "confirm": True}):
        response = client.post("/api/walkins", json=bad)
        assert response.status_code == 400 and response.json["message"]


@pytest.mark.parametrize("role,status", [("chairman", 403), ("secretary", 403), ("display", 403), (None, 401)])
def test_only_kiosk_and_admin_check_in(client, auth, hall, role, status):
    auth.logout()
    if role:
        auth.login(role)
    assert client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]}).status_code == status
    assert client.post("/api/walkins", json={"name": "A", "group_id": 1}).status_code == status


def test_board_shows_groups_officers_and_latest(client, auth, hall):
    client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]})
    auth.login("display")
    data = client.get("/api/board").json
    tdp = next(g for g in data["groups"] if g["name"] == "TDP số 1")
    assert tdp["level"] == "below"
    assert tdp["officers"] == [{"name": "Nguyễn Văn An", "position": "Tổ trưởng TDP", "present": True}]
    assert data["latest"][0]["name"] == "Nguyễn Văn An" and data["present"] == 1
    assert data["per_minute"] == 0.2
    assert "phone" not in str(data) and "0901" not in str(data)


def test_pages(client, auth, hall):
    assert client.get("/kiosk").status_code == 200
    assert client.get("/board").status_code == 200
    printable = client.get("/kiosk/printable").get_data(as_text=True)
    assert "Nguyễn Văn An" in printable and 'type="checkbox"' in printable or "☐" in printable
    # The paper list is printed by the office with the codes; a tablet's copy holds none.
    short = next(iter(hall.values()))["short_code"]
    assert short and short not in printable.replace("-", "").replace(" ", "")
    auth.login("admin")
    printed = client.get("/kiosk/printable").get_data(as_text=True)
    assert short in printed.replace("-", "").replace(" ", "")


def test_admitted_offline_at_two_kiosks_counts_once_and_is_flagged(app, client, auth, db, hall):
    with app.app_context():
        from conference import staff
        staff.add_staff(store.db(), "kiosk2", "kiosk", PASSWORD, "Cửa phụ")
    second = app.test_client()
    second.post("/api/session", json={"username": "kiosk2", "password": PASSWORD})
    code = hall["Trần Thị Bình"]["code"]
    first = client.post("/api/checkins", json={"code": code, "offline_at": "2025-11-20T08:01:00+07:00", "scan_id": "a1"})
    assert first.status_code == 201
    late = second.post("/api/checkins", json={"code": code, "offline_at": "2025-11-20T08:02:00+07:00", "scan_id": "b1"})
    assert late.status_code == 200 and late.json["result"] == "already_checked_in"
    auth.login("admin")
    board = client.get("/api/board").json
    assert board["present"] == 1 and board["flagged"] == 1
    assert board["latest"][0]["flagged"] is True
    stored = list(db.query("SELECT offline_at FROM checkins"))
    assert stored == [{"offline_at": "2025-11-20T01:01:00Z"}]


def test_admin_undoes_from_the_roster_page(client, auth, hall):
    client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"]})
    auth.login("admin")
    person = hall["Nguyễn Văn An"]
    assert client.post(f"/api/invitees/{person['id']}/undo-checkin").status_code == 200
    assert client.post(f"/api/invitees/{person['id']}/undo-checkin").status_code == 404
    auth.login("kiosk")
    assert client.post(f"/api/invitees/{person['id']}/undo-checkin").status_code == 403


def test_an_hour_old_queue_and_a_kiosk_clock_that_disagrees(client, hall, db):
    from datetime import datetime, timedelta, timezone

    hour_ago = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    old = client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"], "offline_at": hour_ago, "scan_id": "q1"})
    ahead = client.post("/api/checkins", json={"code": hall["Lê Văn Cường"]["code"], "offline_at": tomorrow, "scan_id": "q2"})
    assert old.status_code == ahead.status_code == 201
    # The admission's time is the server's; what the kiosk's clock said is kept beside it.
    rows = {r["invitee_id"]: r for r in db.query("SELECT invitee_id, at, offline_at FROM checkins")}
    ahead_row = rows[hall["Lê Văn Cường"]["id"]]
    assert ahead_row["offline_at"] > ahead_row["at"] and ahead.json["at"] == ahead_row["at"]
    # Replaying the same queue again an hour later changes nothing.
    again = client.post("/api/checkins", json={"code": hall["Nguyễn Văn An"]["code"], "offline_at": hour_ago, "scan_id": "q1"})
    assert again.json == old.json and len(rows) == 2


def test_a_card_read_through_a_vietnamese_keyboard_says_so(client, hall, db):
    """Unikey's Telex on the door's laptop turns a scanner's "AA" into "Â": the card is not
    found (which letters were pressed cannot be told back), and the door is told why and what
    to do, not "no such invitation"."""
    code = hall["Lê Văn Cường"]["code"]
    typed = "DT1-" + code[4:8] + "Â" + code[9:]
    response = client.post("/api/checkins", json={"code": typed})
    assert response.status_code == 422 and response.json["error"] == "not_an_invitation"
    assert "gõ tiếng Việt" in response.json["message"] and "quét lại" in response.json["message"]
    assert list(db.query("SELECT * FROM checkins")) == []
    assert client.post("/api/checkins", json={"code": code}).status_code == 201  # Vietnamese off: in
