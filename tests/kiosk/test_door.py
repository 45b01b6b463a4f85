"""The door's rules called directly, on a real SQLite file, without HTTP: admission, retry
by scan_id, the offline double, undo, walk-ins (welcome past a TDP's quota, confirmed only
past the hall's capacity)."""
from __future__ import annotations

import pytest

from conference import store
from conference.errors import Refusal
from conference.staff import User
from kiosk import door, walkins
from kiosk.checkin import Outcome
from office import conferences, groups, invitees

KIOSK_A = User("device", 1, "kiosk", "Bàn 1")
KIOSK_B = User("device", 2, "kiosk", "Bàn 2")
ADMIN = User("staff", 1, "admin", "Quản trị")
ZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture
def hall(db):
    """A conference with one TDP of quota 2 (the ward's reason given) and two residents on its list."""
    conference_id = conferences.create_conference(
        db, {"title": "Hội nghị", "held_on": "2026-12-20", "capacity": 5}, "test")
    group = groups.add_group(db, conference_id, {"name": "TDP số 1", "quota": 2,
                                                 "quota_reason": "Tổ mới thành lập, ít hộ"}, "test")
    people = [invitees.add_invitee(db, conference_id, {"name": name, "group_id": group["id"]}, "test")
              for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    return {"conference_id": conference_id, "group": group, "people": people}


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_code_admits_once_then_answers_already_in(db, hall):
    code = hall["people"][0]["code"]
    first = door.admit(db, {"code": code}, KIOSK_A, ZONE)
    assert first.status == 201 and first.body["result"] == Outcome.CHECKED_IN.value
    assert first.changed and first.payload["invitee_id"] == hall["people"][0]["id"]
    assert first.body["group"]["residents_present"] == 1
    again = door.admit(db, {"code": code.lower() + "\r\n"}, KIOSK_B, ZONE)
    assert again.status == 200 and again.body["result"] == "already_checked_in"
    assert again.body["kiosk"] == "Bàn 1" and not again.changed
    assert _count(db, "checkins") == 1


def test_a_retried_scan_id_gets_the_first_answer_and_writes_nothing(db, hall):
    body = {"code": hall["people"][0]["code"], "scan_id": "k1-abc-1"}
    first = door.admit(db, body, KIOSK_A, ZONE)
    audit = _count(db, "audit_log")
    retry = door.admit(db, body, KIOSK_A, ZONE)
    assert (retry.status, retry.body) == (first.status, first.body)
    assert _count(db, "checkins") == 1 and _count(db, "audit_log") == audit


def test_admitted_offline_at_two_kiosks_counts_once_and_is_flagged(db, hall, app):
    code = hall["people"][1]["code"]
    door.admit(db, {"code": code, "offline_at": "2026-12-20T01:00:00Z", "scan_id": "a-1"}, KIOSK_A, ZONE)
    second = door.admit(db, {"code": code, "offline_at": "2026-12-20T01:00:05Z", "scan_id": "b-1"}, KIOSK_B, ZONE)
    assert second.body["result"] == "already_checked_in" and second.changed
    assert store.flagged_count(db, hall["conference_id"]) == 1
    assert _count(db, "checkins") == 1


@pytest.mark.parametrize("body", [
    {"code": "x", "scan_id": ""}, {"code": "x", "scan_id": 5}, {"code": "x", "offline_at": "yesterday"},
    {"code": "x", "offline_at": "2026-12-20T01:00:00"}, {"invitee_id": True}, {"invitee_id": 0}, {}, [], "DT1-",
])
def test_bad_bodies_are_refused_before_anything_is_written(db, hall, body):
    audit = _count(db, "audit_log")
    with pytest.raises(Refusal) as refused:
        door.admit(db, body, KIOSK_A, ZONE)
    assert refused.value.status == 400 and refused.value.message
    assert _count(db, "audit_log") == audit


def test_a_rejected_scan_is_an_answer_kept_in_the_audit_log(db, hall):
    answer = door.admit(db, {"code": "https://example.vn/?q=1"}, KIOSK_A, ZONE)
    assert answer.status == 422 and answer.body["error"] == "not_an_invitation"
    assert "https://example.vn" in db.execute("SELECT detail FROM audit_log ORDER BY id DESC").fetchone()[0]


def test_undo_is_the_kiosks_own_within_a_minute_an_admins_any_time(db, hall):
    admitted = door.admit(db, {"code": hall["people"][0]["code"]}, KIOSK_A, ZONE)
    checkin_id = admitted.body["checkin_id"]
    with pytest.raises(Refusal) as other:
        door.undo(db, checkin_id, KIOSK_B)
    assert other.value.status == 403
    undone = door.undo(db, checkin_id, KIOSK_A)
    assert undone.status == 200
    assert undone.payload == {"id": checkin_id, "invitee_id": hall["people"][0]["id"], "at": None,
                              "rev": admitted.payload["rev"] + 1}  # the undo is the list's next change
    with pytest.raises(Refusal) as twice:
        door.undo(db, checkin_id, ADMIN)
    assert twice.value.status == 409 and twice.value.code == "already_undone"


def test_a_walk_in_past_the_quota_is_welcome_without_asking(db, hall):
    for person in hall["people"]:
        door.admit(db, {"invitee_id": person["id"]}, KIOSK_A, ZONE)
    body = {"name": "Lê Văn Cường", "group_id": hall["group"]["id"]}
    admitted = walkins.walk_in(db, body, KIOSK_A)  # the quota (2) is reached: no confirmation
    assert admitted.status == 201 and admitted.body["invitee"]["walk_in"] is True
    assert admitted.body["group"]["residents_present"] == 3
    # Still flagged as a quota under the plan's minimum, with the ward's reason.
    assert admitted.body["group"]["below_minimum"] is True
    assert admitted.body["group"]["quota_reason"] == "Tổ mới thành lập, ít hộ"


def test_a_walk_in_past_the_capacity_stores_nothing_until_confirmed(db, hall):
    for person in hall["people"]:
        door.admit(db, {"invitee_id": person["id"]}, KIOSK_A, ZONE)
    for n in range(3):  # 5 in the hall: its capacity
        walkins.walk_in(db, {"name": f"Khách {n}", "group_id": hall["group"]["id"]}, KIOSK_A)
    people_before = _count(db, "invitees")
    body = {"name": "Lê Văn Cường", "group_id": hall["group"]["id"]}
    with pytest.raises(Refusal) as refused:
        walkins.walk_in(db, body, KIOSK_A)
    assert (refused.value.status, refused.value.code) == (409, "over_capacity")
    assert refused.value.body()["message"] == "Hội trường đã đủ 5 người. Vẫn cho vào?"
    assert _count(db, "invitees") == people_before
    admitted = walkins.walk_in(db, {**body, "confirm": True}, KIOSK_A)
    assert admitted.status == 201 and admitted.body["group"]["residents_present"] == 6


def test_a_walk_in_already_on_the_list_is_pointed_to_the_person(db, hall):
    with pytest.raises(Refusal) as refused:
        walkins.walk_in(db, {"name": "nguyen van an", "group_id": hall["group"]["id"]}, KIOSK_A)
    assert refused.value.code == "already_on_roster"
    assert refused.value.body()["invitee"]["id"] == hall["people"][0]["id"]


def test_a_walk_in_past_the_halls_capacity_asks_to_confirm(db, hall):
    ward = store.groups_list(db, hall["conference_id"])[0]
    for n in range(5):
        walkins.walk_in(db, {"name": f"Đại biểu {n}", "group_id": ward["id"], "confirm": True}, KIOSK_A)
    with pytest.raises(Refusal) as refused:
        walkins.walk_in(db, {"name": "Đại biểu 6", "group_id": ward["id"]}, KIOSK_A)
    assert refused.value.code == "over_capacity"


def test_an_admission_of_someone_removed_since_can_still_be_undone(db, hall):
    person = hall["people"][0]
    admitted = door.admit(db, {"invitee_id": person["id"]}, KIOSK_A, ZONE)
    invitees.remove_invitee(db, person["id"], "test")
    undone = door.undo(db, admitted.body["checkin_id"], ADMIN)
    assert undone.status == 200 and undone.body["invitee"]["name"] == person["name"]


def test_an_admission_made_offline_keeps_the_moment_it_was_made(db, hall):
    """Scanned at 08:19 with the Wi-Fi down, sent at 08:21 when it came back: the arrival is
    08:19 on the board, in the minutes and attendance.csv. A tablet whose clock is ahead of
    the laptop's, or days behind, is not believed: then the moment it was received."""
    from datetime import timedelta

    from conference import clock

    two_minutes_ago = clock.ago(timedelta(minutes=2))
    first = door.admit(db, {"code": hall["people"][0]["code"], "offline_at": two_minutes_ago, "scan_id": "k-1"},
                       KIOSK_A, ZONE)
    assert first.body["at"] == two_minutes_ago
    assert store.checkin_active(db, hall["people"][0]["id"])["at"] == two_minutes_ago
    ahead = clock.utc_iso(clock.parse(clock.now()) + timedelta(hours=1))
    second = door.admit(db, {"code": hall["people"][1]["code"], "offline_at": ahead, "scan_id": "k-2"}, KIOSK_A, ZONE)
    assert second.body["at"] != ahead and clock.age(second.body["at"]) < timedelta(minutes=1)
    door.undo(db, second.body["checkin_id"], ADMIN)
    days_ago = clock.ago(timedelta(days=3))
    third = door.admit(db, {"code": hall["people"][1]["code"], "offline_at": days_ago, "scan_id": "k-3"}, KIOSK_A, ZONE)
    assert third.body["at"] != days_ago and clock.age(third.body["at"]) < timedelta(minutes=1)


def test_a_walk_in_named_as_someone_inside_under_another_group_is_asked_about(db, hall):
    """"Trinh Ngoc Dung" in TDP số 1 while Trịnh Ngọc Dung of another TDP is inside: most often
    the same person registered again (counted twice); asked first, registered if someone else."""
    other = groups.add_group(db, hall["conference_id"], {"name": "TDP số 4"}, "test")
    dung = invitees.add_invitee(db, hall["conference_id"], {"name": "Trịnh Ngọc Dung", "group_id": other["id"]}, "test")
    third = groups.add_group(db, hall["conference_id"], {"name": "TDP số 7"}, "test")
    early = walkins.walk_in(db, {"name": "Trinh Ngoc Dung", "group_id": third["id"], "scan_id": "before"}, KIOSK_A)
    assert early.status == 201  # Dung not inside yet: nothing to ask
    door.admit(db, {"invitee_id": dung["id"]}, KIOSK_A, ZONE)
    people_before = _count(db, "invitees")
    with pytest.raises(Refusal) as refused:
        walkins.walk_in(db, {"name": "Trinh Ngoc Dung", "group_id": hall["group"]["id"], "scan_id": "x"}, KIOSK_B, ZONE)
    assert (refused.value.status, refused.value.code) == (409, "same_name_inside")
    assert refused.value.body()["message"].startswith("Trịnh Ngọc Dung (TDP số 4) đã vào lúc ")
    assert refused.value.body()["invitee"]["id"] == dung["id"]
    assert _count(db, "invitees") == people_before
    different = walkins.walk_in(db, {"name": "Trịnh Ngọc Dung", "group_id": hall["group"]["id"], "another_person": True,
                                     "position": "Hội viên", "scan_id": "y"}, KIOSK_B, ZONE)
    assert different.status == 201


def test_undoing_a_walk_in_takes_them_off_the_list(db, hall):
    """A walk-in registered by mistake and undone was left on the list as invited and absent."""
    admitted = walkins.walk_in(db, {"name": "Đoàn Văn Nhầm", "group_id": hall["group"]["id"]}, KIOSK_A)
    person_id = admitted.body["invitee"]["id"]
    undone = door.undo(db, admitted.body["checkin_id"], KIOSK_A)
    assert undone.body["message"] == "Đã hoàn tác: Đoàn Văn Nhầm (khách không có giấy mời) không còn trong danh sách."
    assert store.invitee_get(db, person_id) is None
    assert [p["name"] for p in store.invitees_list(db, hall["conference_id"])] == ["Nguyễn Văn An", "Trần Thị Bình"]
    listed = door.admit(db, {"invitee_id": hall["people"][0]["id"]}, KIOSK_A, ZONE)  # an invited person's undo keeps them
    door.undo(db, listed.body["checkin_id"], KIOSK_A)
    assert store.invitee_get(db, hall["people"][0]["id"]) is not None


def test_a_walk_in_the_office_has_taken_up_since_stays_when_undone(db, hall):
    """Renamed and moved by the admin after the door registered them: the undo takes back the
    admission only, never the office's edits (an adversarial session saw them deleted)."""
    admitted = walkins.walk_in(db, {"name": "Khách Thử Hai", "group_id": hall["group"]["id"]}, KIOSK_A)
    person_id = admitted.body["invitee"]["id"]
    invitees.update_invitee(db, person_id, {"name": "Khách Thử Hai Sửa"}, "staff:1:admin")
    undone = door.undo(db, admitted.body["checkin_id"], KIOSK_A)
    assert undone.body["message"] == "Đã hoàn tác điểm danh của Khách Thử Hai Sửa."
    kept = store.invitee_get(db, person_id)
    assert kept is not None and kept["name"] == "Khách Thử Hai Sửa" and kept["checked_in_at"] is None


def test_a_walk_in_typed_without_marks_matching_two_listed_people_picks_neither(db, hall):
    """"Nguyen Van An" with both Nguyễn Văn An and Nguyễn Văn Ân on the list: the door offered
    only Ân, one click from admitting the wrong person."""
    invitees.add_invitee(db, hall["conference_id"], {"name": "Nguyễn Văn Ân", "group_id": hall["group"]["id"]}, "test")
    with pytest.raises(Refusal) as refused:
        walkins.walk_in(db, {"name": "Nguyen Van An", "group_id": hall["group"]["id"]}, KIOSK_A)
    body = refused.value.body()
    assert refused.value.code == "already_on_roster" and "invitee" not in body
    assert "có 2 người tên như vậy" in body["message"] and "Nguyễn Văn An" in body["message"] and "Nguyễn Văn Ân" in body["message"]
