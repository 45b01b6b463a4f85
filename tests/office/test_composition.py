"""The plan's composition rules (#10), where they matter: the TDP minimum of 10 resident
representatives (a quota under it needs a reason and is flagged), invited against capacity,
each TDP's three officers, the announcement's date and channel, removing an empty group."""
from __future__ import annotations

from datetime import date

import pytest

from conference import store
from office import announcement, attendance, conferences, officers

from ..conftest import GOOD_ROWS, import_file, snapshot, xlsx


@pytest.fixture
def admin(client, auth):
    auth.login("admin")
    assert import_file(client, xlsx(GOOD_ROWS)).status_code == 201
    return client


def group_named(client, name: str) -> dict:
    return next(g for g in client.get("/api/conference").json["groups"] if g["name"] == name)


# ---------------------------------------------------------------- the TDP minimum


@pytest.mark.parametrize("quota,fragment", [
    (9, "Chỉ tiêu 9 của TDP số 1 thấp hơn mức tối thiểu 10 đại diện nhân dân"),
    (0, "Chỉ tiêu 0 nghĩa là TDP số 1 không cử đại diện nhân dân nào"),
])
@pytest.mark.parametrize("reason", [None, "", "   ", "\u200b"])
def test_a_quota_under_the_minimum_without_a_reason_is_refused_and_nothing_changes(admin, db, quota, fragment, reason):
    group = group_named(admin, "TDP số 1")
    before = snapshot(db)
    body = {"quota": quota} if reason is None else {"quota": quota, "quota_reason": reason}
    response = admin.patch(f"/api/groups/{group['id']}", json=body)
    assert response.status_code == 400 and response.json["error"] == "invalid"
    assert fragment in response.json["message"] and "lý do" in response.json["message"]
    assert snapshot(db) == before


def test_a_quota_under_the_minimum_with_a_reason_is_kept_and_flagged(admin):
    group = group_named(admin, "TDP số 1")
    saved = admin.patch(f"/api/groups/{group['id']}", json={"quota": 6, "quota_reason": " Tổ mới  tách, ít hộ "})
    assert saved.status_code == 200
    assert (saved.json["quota"], saved.json["quota_reason"]) == (6, "Tổ mới tách, ít hộ")
    shown = group_named(admin, "TDP số 1")
    assert shown["below_minimum"] is True and shown["quota_reason"] == "Tổ mới tách, ít hộ"
    assert admin.get("/api/conference").json["minimum_residents"] == 10
    # The reason stays while the quota changes under the minimum; it goes when the quota reaches it.
    assert admin.patch(f"/api/groups/{group['id']}", json={"quota": 7}).json["quota_reason"] == "Tổ mới tách, ít hộ"
    assert admin.patch(f"/api/groups/{group['id']}", json={"quota": 0}).status_code == 200
    raised = admin.patch(f"/api/groups/{group['id']}", json={"quota": 12})
    assert raised.json["quota_reason"] == ""
    assert group_named(admin, "TDP số 1")["below_minimum"] is False
    # Back under it, the old reason is gone: a new one is asked for.
    assert admin.patch(f"/api/groups/{group['id']}", json={"quota": 5}).status_code == 400


def test_a_new_group_under_the_minimum_needs_a_reason_too(admin):
    refused = admin.post("/api/groups", json={"name": "TDP số 20", "quota": 3})
    assert refused.status_code == 400 and "thấp hơn mức tối thiểu" in refused.json["message"]
    assert all(g["name"] != "TDP số 20" for g in admin.get("/api/conference").json["groups"])
    created = admin.post("/api/groups", json={"name": "TDP số 20", "quota": 3, "quota_reason": "Khu tái định cư mới"})
    assert created.status_code == 201 and created.json["quota_reason"] == "Khu tái định cư mới"
    assert admin.post("/api/groups", json={"name": "TDP số 21"}).json["quota"] == 10  # the plan's quota


@pytest.mark.parametrize("reason", [5, ["lý do"], {"a": 1}, "x" * 201])
def test_a_bad_reason_is_refused(admin, reason):
    group = group_named(admin, "TDP số 1")
    response = admin.patch(f"/api/groups/{group['id']}", json={"quota": 5, "quota_reason": reason})
    assert response.status_code == 400 and "Lý do chỉ tiêu không hợp lệ" in response.json["message"]


def test_an_older_quota_under_the_minimum_does_not_block_a_rename(admin, db):
    group = group_named(admin, "TDP số 2")
    db.execute("UPDATE groups SET quota = 4 WHERE id = ?", [group["id"]])  # set before the rule existed
    db.conn.commit()
    renamed = admin.patch(f"/api/groups/{group['id']}", json={"name": "TDP số 2A"})
    assert renamed.status_code == 200 and renamed.json["quota"] == 4
    flagged = group_named(admin, "TDP số 2A")
    assert flagged["below_minimum"] is True and flagged["quota_reason"] == ""


def test_the_ward_group_has_no_minimum(admin):
    ward = group_named(admin, "Đại biểu phường")
    assert ward["below_minimum"] is False and ward["officer_roles"] == [] and ward["officers_missing"] == []
    assert admin.patch(f"/api/groups/{ward['id']}", json={"quota": 0}).status_code == 200


def test_the_minimum_is_a_floor_for_the_record_whatever_the_quota(admin):
    group = {"kind": "tdp", "quota": 4, "residents_present": 4}
    assert attendance.required(group) == 10 and not attendance.meets_minimum(group)
    assert attendance.below_minimum("tdp", 4) and not attendance.below_minimum("tdp", 10)


# ---------------------------------------------------------------- invited against capacity


def test_more_invited_than_the_capacity_is_warned(admin):
    conference = admin.get("/api/conference").json
    assert conference["capacity_warning"] is None and conference["invited"] == 4
    admin.patch(f"/api/conferences/{conference['id']}", json={"capacity": 3})
    warned = admin.get("/api/conference").json["capacity_warning"]
    assert "Đã mời 4 người" in warned and "(3 chỗ)" in warned
    listed = admin.get("/api/conferences").json[0]
    assert listed["invited"] == 4 and listed["capacity_warning"] == warned
    page = admin.get("/admin").get_data(as_text=True)
    assert "Đã mời 4 người" in page
    assert "Đã mời 4 người" in admin.get("/admin/conferences").get_data(as_text=True)


# ---------------------------------------------------------------- the three officers


@pytest.mark.parametrize("position,roles", [
    ("Bí thư chi bộ", {"party_secretary"}),
    ("BÍ THƯ CHI BỘ TDP SỐ 3", {"party_secretary"}),
    ("Bí thư CB", {"party_secretary"}),
    ("Trưởng ban công tác Mặt trận", {"front_head"}),
    ("Trưởng Ban CTMT", {"front_head"}),
    ("Trưởng ban công tác MTTQ tổ dân phố số 5", {"front_head"}),
    ("Tổ trưởng TDP", {"tdp_head"}),
    ("Tổ trưởng tổ dân phố số 7", {"tdp_head"}),
    ("to truong", {"tdp_head"}),
    ("Bí thư chi bộ kiêm Tổ trưởng TDP", {"party_secretary", "tdp_head"}),
    ("Bí thư chi bộ, Trưởng ban công tác Mặt trận", {"party_secretary", "front_head"}),
    ("Phó Bí thư chi bộ", set()),
    ("Tổ phó TDP", set()),
    ("Phó trưởng ban công tác Mặt trận", set()),
    ("Bí thư Đảng ủy phường", set()),
    ("Bí thư Chi đoàn", set()),
    ("Tổ trưởng tổ hòa giải", set()),
    ("Chi hội trưởng Phụ nữ", set()),
    ("", set()),
])
def test_positions_name_the_plans_three_officers(position, roles):
    assert officers.roles(position) == roles


@pytest.mark.parametrize("position,officer", [
    ("Tổ trưởng TDP", True), ("Phó Bí thư chi bộ", True), ("Tổ phó", True), ("Chi hội trưởng Cựu chiến binh", True),
    ("Trưởng chi hội Người cao tuổi", True), ("Giáo viên", False), ("Hưu trí", False), ("", False),
])
def test_who_is_a_tdp_officer_rather_than_a_resident(position, officer):
    assert officers.is_tdp_officer(position) is officer


def test_the_group_says_which_officers_are_invited_and_present(admin, client, auth):
    tdp = group_named(admin, "TDP số 1")
    roles = {r["role"]: r for r in tdp["officer_roles"]}
    assert list(roles) == ["party_secretary", "front_head", "tdp_head"]
    assert roles["tdp_head"]["invited"] is True and roles["tdp_head"]["present"] is False
    assert tdp["officers_not_invited"] == ["Bí thư chi bộ", "Trưởng Ban công tác Mặt trận"]
    assert tdp["officers_missing"] == ["Bí thư chi bộ", "Trưởng Ban công tác Mặt trận", "Tổ trưởng TDP"]
    # A secretary who also heads the Front committee, admitted at the door: both roles present.
    person = admin.post("/api/invitees", json={"name": "Đỗ Văn Quang", "group_id": tdp["id"], "category": "tdp_officer",
                                              "position": "Bí thư chi bộ kiêm Trưởng ban công tác Mặt trận"}).json
    assert admin.post("/api/checkins", json={"invitee_id": person["id"]}).status_code == 201
    tdp = group_named(admin, "TDP số 1")
    assert tdp["officers_not_invited"] == [] and tdp["officers_missing"] == ["Tổ trưởng TDP"]
    # The door's answer carries the same shape.
    other = admin.post("/api/invitees", json={"name": "Ngô Thị Hà", "group_id": tdp["id"]}).json
    answer = admin.post("/api/checkins", json={"invitee_id": other["id"]}).json
    assert answer["group"]["officers_missing"] == ["Tổ trưởng TDP"]


# ---------------------------------------------------------------- the announcement


def test_a_new_conference_has_no_announcement_until_the_office_writes_one(admin):
    assert "announced_on" not in conferences.default_conference_fields()
    created = admin.post("/api/conferences", json={"title": "Lần 2", "held_on": "2030-11-20"}).json
    assert created["announced_on"] is None and created["announcement_channel"] == ""
    warning = created["announcement_warning"]
    assert "Chưa có ngày thông báo" in warning and "Chưa ghi hình thức thông báo" in warning


@pytest.mark.parametrize("announced_on,channel,expected", [
    (None, "Đài truyền thanh phường", ["Chưa có ngày thông báo"]),
    ("2030-11-15", "Đài truyền thanh phường", ["chỉ trước hội nghị 5 ngày"]),
    ("2030-11-25", "Đài truyền thanh phường", ["sau ngày hội nghị"]),
    ("2030-11-13", "", ["Chưa ghi hình thức thông báo"]),
    ("2030-11-19", "  ", ["chỉ trước hội nghị 1 ngày", "Chưa ghi hình thức thông báo"]),
    ("2030-11-13", "Đài truyền thanh phường, trang thông tin điện tử phường", []),
])
def test_the_announcement_warning(announced_on, channel, expected):
    warning = announcement.announcement_warning(
        {"held_on": "2030-11-20", "announced_on": announced_on, "announcement_channel": channel})
    if not expected:
        assert warning is None
    for fragment in expected:
        assert fragment in warning


@pytest.mark.parametrize("channel", [5, ["Đài"], "x" * 201])
def test_a_bad_channel_is_refused(admin, db, channel):
    conference = admin.get("/api/conference").json
    before = snapshot(db)
    response = admin.patch(f"/api/conferences/{conference['id']}", json={"announcement_channel": channel})
    assert response.status_code == 400 and "Hình thức thông báo không hợp lệ" in response.json["message"]
    assert snapshot(db) == before


def test_a_fresh_install_is_not_taken_for_announced(db):
    conference = conferences.ensure_active_conference(db, "test")
    assert conference["announced_on"] is None
    assert announcement.announcement_warning(conference).startswith("Chưa có ngày thông báo")
    assert date.fromisoformat(conference["held_on"]) > date.today()


# ---------------------------------------------------------------- removing a group


def test_an_empty_group_can_be_removed(admin, db):
    created = admin.post("/api/groups", json={"name": "TDP số 99"}).json
    assert admin.delete(f"/api/groups/{created['id']}").status_code == 204
    assert store.group_get(db, created["id"]) is None
    assert admin.delete(f"/api/groups/{created['id']}").status_code == 404
    assert any(row["action"] == "group.remove" for row in store.audit_entries(db))


def test_the_refusal_in_english_counts_one_person_as_one(admin):
    tdp = group_named(admin, "TDP số 2")
    refused = admin.delete(f"/api/groups/{tdp['id']}?lang=en")
    assert refused.status_code == 409
    assert "TDP số 2 still has 1 person on its list" in refused.json["message"]


def test_a_group_with_people_or_history_is_not_removed(admin, db):
    tdp = group_named(admin, "TDP số 2")
    before = snapshot(db)
    refused = admin.delete(f"/api/groups/{tdp['id']}")
    assert refused.status_code == 409 and refused.json["error"] == "group_in_use"
    assert "còn 1 người trong danh sách" in refused.json["message"]
    assert snapshot(db) == before
    person = next(p for p in admin.get("/api/invitees").json if p["group_id"] == tdp["id"])
    assert admin.post("/api/checkins", json={"code": person["code"]}).status_code == 201
    admin.delete(f"/api/invitees/{person['id']}")
    kept = admin.delete(f"/api/groups/{tdp['id']}")  # they came in: the record of the day names it
    assert kept.status_code == 409 and "đã có dữ liệu được lưu" in kept.json["message"]
    ward = group_named(admin, "Đại biểu phường")
    assert admin.delete(f"/api/groups/{ward['id']}").status_code == 409


def test_a_group_left_empty_by_a_replaced_file_can_be_removed(admin, db):
    """A wrong file made a TDP (its header's second row read as a person of TDP "Đơn vị"); the
    corrected file replaced the list and removed that person, who never came: the TDP goes,
    with the removed person and their card, instead of staying in every document."""
    made = admin.post("/api/groups", json={"name": "Đơn vị"}).json
    wrong = admin.post("/api/invitees", json={"name": "Họ và tên", "group_id": made["id"]}).json
    assert admin.delete(f"/api/invitees/{wrong['id']}").status_code == 204
    assert admin.delete(f"/api/groups/{made['id']}").status_code == 204
    assert store.group_get(db, made["id"]) is None
    assert db.execute("SELECT count(*) FROM invitees WHERE id = ?", [wrong["id"]]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM invitations WHERE invitee_id = ?", [wrong["id"]]).fetchone()[0] == 0
    assert "Đơn vị" not in [g["name"] for g in admin.get("/api/conference").json["groups"]]


@pytest.mark.parametrize("role,status", [("secretary", 403), ("kiosk", 403), (None, 401)])
def test_only_admin_removes_a_group(admin, auth, role, status):
    created = admin.post("/api/groups", json={"name": "TDP số 98"}).json
    auth.logout()
    if role:
        auth.login(role)
    assert admin.delete(f"/api/groups/{created['id']}").status_code == status


# ---------------------------------------------------------------- the pages


def test_the_roster_page_flags_and_asks_in_the_page(admin):
    page = admin.get("/admin").get_data(as_text=True)
    assert 'id="capacity-warning"' in page and 'id="announcement-warning"' in page
    assert 'name="replace"' in page and "Thay toàn bộ danh sách" in page
    assert "Bí thư chi bộ" in page  # the roles' names for the script
    conferences_page = admin.get("/admin/conferences").get_data(as_text=True)
    assert 'name="announcement_channel"' in conferences_page and "Chỉ tạo, giữ hội nghị hiện tại" in conferences_page


def test_the_office_scripts_use_no_browser_pop_up():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ("static/js/roster.js", "static/js/conferences.js"):
        text = (root / name).read_text(encoding="utf-8")
        for call in ("prompt(", "alert(", "confirm("):
            assert call not in text, (name, call)
