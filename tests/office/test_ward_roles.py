"""Ward delegates' sub-categories ("thành phần"): read from the position on import, kept by the
office's choice on the roster, carried by the API (issue #10)."""
from __future__ import annotations

import pytest

from office import officers
from office import roster_import as roster

from ..conftest import import_file, xlsx


@pytest.mark.parametrize("position, role", [
    ("Bí thư Đảng ủy phường", "party"),
    ("Phó Bí thư Thường trực Đảng ủy", "party"),
    ("Đảng ủy viên, Trưởng Công an phường", "police"),  # a member of the committee comes as the police's head
    ("Chủ tịch HĐND phường", "council"),
    ("Phó Chủ tịch HĐND phường", "council"),
    ("Chủ tịch UBND phường", "committee"),
    ("Phó Chủ tịch UBND phường", "committee"),
    ("Chủ tịch phường", "committee"),
    ("Chủ tịch Ủy ban MTTQ phường", "front"),
    ("Chủ tịch UBMTTQ phường", "front"),
    ("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường", "front"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ phường", "mass_org"),
    ("Bí thư Đoàn Thanh niên phường", "mass_org"),  # "Bí thư", but of the Youth Union
    ("Chủ tịch Hội Cựu chiến binh", "mass_org"),
    ("Trưởng Công an phường", "police"),
    ("Phó Trưởng Công an phường", "police"),
    ("Chỉ huy trưởng Ban CHQS phường", "military"),
    ("Chính trị viên Ban Chỉ huy Quân sự", "military"),
    ("Trưởng Trạm y tế phường", "health"),
    ("Hiệu trưởng Trường Mầm non Đồng Mai", "school"),
    ("Hiệu trưởng trường THCS", "school"),
    ("Giám đốc HĐQT HTX Đồng Mai", "cooperative"),
    ("Công chức Địa chính – Xây dựng", "official"),
    ("Công chức Tư pháp - Hộ tịch", "official"),
    ("Chánh Văn phòng HĐND - UBND phường", "official"),  # an official, though the office names both bodies
    ("Cán bộ Đài truyền thanh phường", "official"),
    ("CONG CHUC VAN HOA XA HOI", "official"),  # capitals, no diacritics
    ("Giám đốc", "other"),
    ("", "other"),
])
def test_a_position_names_its_sub_category(position, role):
    assert officers.ward_role(position) == role


WARD_ROWS = [["Họ và tên", "Đơn vị", "Chức vụ"],
             ["Nguyễn Văn Thắng", "Đại biểu phường", "Bí thư Đảng ủy phường"],
             ["Hoàng Thị Lan", "Đại biểu phường", "Chủ tịch Ủy ban MTTQ phường"],
             ["Lê Minh Tuấn", "Đại biểu phường", "Trưởng Công an phường"],
             ["Tạ Văn Bình", "Đại biểu phường", "Khách mời"],
             ["Trần Văn Tổ", "TDP số 1", "Tổ trưởng TDP"]]


def test_the_import_reads_each_delegate_s_sub_category_and_names_those_it_could_not(db):
    summary = roster.import_roster(db, xlsx(WARD_ROWS), "ds.xlsx", "test")
    stored = {row["name"]: row["ward_role"] for row in db.query("SELECT name, ward_role FROM invitees")}
    assert stored == {"Nguyễn Văn Thắng": "party", "Hoàng Thị Lan": "front", "Lê Minh Tuấn": "police",
                      "Tạ Văn Bình": "other", "Trần Văn Tổ": ""}
    assert summary.ward_unplaced == ["Tạ Văn Bình"]
    assert any("Tạ Văn Bình" in note and "Thành phần" in note for note in summary.notes)


def test_the_office_chooses_a_sub_category_and_a_new_position_does_not_undo_it(client, auth):
    auth.login("admin")
    assert import_file(client, xlsx(WARD_ROWS)).status_code == 201
    people = {p["name"]: p for p in client.get("/api/invitees").json}
    assert people["Hoàng Thị Lan"]["ward_role"] == "front" and people["Trần Văn Tổ"]["ward_role"] == ""

    guest = people["Tạ Văn Bình"]
    saved = client.patch(f"/api/invitees/{guest['id']}", json={"ward_role": "cooperative"})
    assert saved.status_code == 200 and saved.json["ward_role"] == "cooperative"
    moved = client.patch(f"/api/invitees/{guest['id']}", json={"position": "Phó Chủ tịch UBND phường"}).json
    assert moved["ward_role"] == "cooperative"  # the office's choice stands

    # One read from the position follows a new position.
    chief = people["Lê Minh Tuấn"]
    assert client.patch(f"/api/invitees/{chief['id']}", json={"position": "Phó Chủ tịch UBND phường"}).json[
        "ward_role"] == "committee"
    # Back to "read from the position".
    assert client.patch(f"/api/invitees/{guest['id']}", json={"ward_role": ""}).json["ward_role"] == "committee"


@pytest.mark.parametrize("value", ["thu_ky", 3, None, ["party"]])
def test_an_unknown_sub_category_is_refused_in_vietnamese_and_nothing_changes(client, auth, value):
    auth.login("admin")
    import_file(client, xlsx(WARD_ROWS))
    person = next(p for p in client.get("/api/invitees").json if p["name"] == "Hoàng Thị Lan")
    refused = client.patch(f"/api/invitees/{person['id']}", json={"ward_role": value})
    assert refused.status_code == 400
    assert refused.json["message"] == "Thành phần đại biểu phường không hợp lệ."
    again = next(p for p in client.get("/api/invitees").json if p["name"] == "Hoàng Thị Lan")
    assert again["ward_role"] == "front"


def test_a_person_moved_out_of_the_ward_group_has_no_sub_category(client, auth):
    auth.login("admin")
    import_file(client, xlsx(WARD_ROWS))
    people = {p["name"]: p for p in client.get("/api/invitees").json}
    moved = client.patch(f"/api/invitees/{people['Lê Minh Tuấn']['id']}", json={
        "group_id": people["Trần Văn Tổ"]["group_id"], "category": "đại diện nhân dân"})
    assert moved.status_code == 200 and moved.json["ward_role"] == ""
