"""Vietnamese names that differ only in their marks are different people: "Nguyễn Văn Hùng"
and "Nguyễn Văn Hưng", "Lê Thị Hà" and "Lê Thị Hạ", "Nguyễn Văn An" and "Nguyễn Văn Ân" may
all be on one TDP's list. One person written twice (case, spacing, or once typed without any
marks) is still a duplicate, and a replaced roster gives each person back their own card."""
from __future__ import annotations

import pytest

from conference.errors import Refusal
from conference.text import same_name
from office import roster_import as roster

from ..conftest import login, xlsx
from .test_roster_replace import people

NAMESAKES = [["Họ và tên", "Đơn vị"],
             ["Nguyễn Văn Hùng", "TDP số 1"], ["Nguyễn Văn Hưng", "TDP số 1"],
             ["Lê Thị Hà", "TDP số 1"], ["Lê Thị Hạ", "TDP số 1"],
             ["NGUYỄN VĂN AN", "TDP số 1"]]


@pytest.mark.parametrize("a,b,same", [
    ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng", False), ("Lê Thị Hà", "Lê Thị Hạ", False),
    ("Nguyễn Văn An", "Nguyễn Văn Ân", False), ("Đỗ Văn Đức", "Do Van Duc", True),
    ("NGUYỄN  VĂN AN", "nguyễn văn an", True), ("Nguyen Van An", "Nguyễn Văn An", True),
    ("Nguyễn Văn An", "Nguyễn Văn Anh", False), ("Nguyễn Thị Hòa", "Nguyễn Thị Hoà", True),  # the tone's place
    ("Ｎguyễn Văn An", "Nguyễn Văn An", True), ("Ðặng Văn Lâm", "Đặng Văn Lâm", True),  # width, an Eth for Đ
    ("Nguyễn\u00adVăn\u034f An\ufe0f", "NguyễnVăn An", True),  # soft hyphen, joiner, variation selector
])
def test_same_name(a, b, same):
    assert same_name(a, b) is same and same_name(b, a) is same


def test_a_roster_of_namesakes_imports_every_one(db):
    summary = roster.import_roster(db, xlsx(NAMESAKES), "ds.xlsx", "test")
    assert summary.imported == 5
    assert set(people(db)) == {row[0] for row in NAMESAKES[1:]}


def test_one_person_twice_in_a_file_is_still_a_row_error(db):
    rows = NAMESAKES + [["nguyễn văn hưng", "TDP số 1"], ["Le Thi Ha", "tdp so 1"]]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    messages = [e["message"] for e in caught.value.errors]
    assert messages == ["Dòng 7: Trùng với dòng 3 (cùng họ tên, cùng đơn vị).",
                        "Dòng 8: Trùng với dòng 4 (cùng họ tên, cùng đơn vị)."]


def test_a_replaced_roster_gives_each_namesake_their_own_card(db):
    roster.import_roster(db, xlsx(NAMESAKES[:2]), "ds.xlsx", "test")  # only Hùng at first
    first = people(db)
    roster.import_roster(db, xlsx([NAMESAKES[0], NAMESAKES[2], NAMESAKES[1]]), "ds.xlsx", "test", replace=True)
    after = people(db)
    assert after["Nguyễn Văn Hùng"]["code"] == first["Nguyễn Văn Hùng"]["code"]
    assert after["Nguyễn Văn Hưng"]["code"] != first["Nguyễn Văn Hùng"]["code"]


def test_the_roster_page_and_the_door_tell_namesakes_apart(app, client, auth):
    auth.login("admin")
    from ..conftest import import_file

    assert import_file(client, xlsx([["Họ và tên", "Đơn vị"], ["NGUYỄN VĂN AN", "TDP số 3"],
                                     ["Nguyễn Văn Ân", "TDP số 1"]])).status_code == 201
    groups = {g["name"]: g["id"] for g in client.get("/api/conference").json["groups"]}
    an = next(p for p in client.get("/api/invitees").json if p["name"] == "Nguyễn Văn Ân")
    # Ân moves to TDP số 3, where An is: two people.
    assert client.patch(f"/api/invitees/{an['id']}", json={"group_id": groups["TDP số 3"]}).status_code == 200
    # The same An typed again, without marks: refused, naming whom it clashes with.
    again = client.post("/api/invitees", json={"name": "Nguyen Van An", "group_id": groups["TDP số 3"]})
    assert again.status_code == 400 and "trùng với 'NGUYỄN VĂN AN'" in again.json["message"]
    # Correcting one's own marks is no clash with oneself.
    assert client.patch(f"/api/invitees/{an['id']}", json={"name": "Nguyễn Văn Ấn"}).status_code == 200
    # At the door: "nguyen van an", typed without marks, could be An or Ấn, both listed: both
    # named, neither offered (one click from admitting the wrong person); written with its
    # marks, An is offered as the listed An; Ẩn is a new guest.
    kiosk = login(app, "kiosk")
    either = kiosk.post("/api/walkins", json={"name": "nguyen van an", "group_id": groups["TDP số 3"]})
    assert either.status_code == 409 and "invitee" not in either.json
    assert "NGUYỄN VĂN AN" in either.json["message"] and "Nguyễn Văn Ấn" in either.json["message"]
    listed = kiosk.post("/api/walkins", json={"name": "Nguyễn Văn An", "group_id": groups["TDP số 3"]})
    assert listed.status_code == 409 and listed.json["invitee"]["name"] == "NGUYỄN VĂN AN"
    new = kiosk.post("/api/walkins", json={"name": "Nguyễn Văn Ẩn", "group_id": groups["TDP số 3"]})
    assert new.status_code == 201, new.json


def test_a_replace_row_typed_without_marks_that_could_be_two_people_is_a_row_error(db):
    """An and Ân are both on TDP số 1's list; a corrected file says only 'Nguyen Van An': which
    one keeps their card cannot be known, so the file is refused, saying so, and nothing changes."""
    from ..conftest import snapshot

    roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn Ân", "TDP số 1"],
                                   ["Nguyễn Văn An", "TDP số 1"]]), "ds.xlsx", "test")
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Nguyen Van An", "TDP số 1"]]), "ds.xlsx", "test",
                             replace=True)
    assert caught.value.errors[0]["message"] == (
        "Dòng 2: 'Nguyen Van An' có thể là 'Nguyễn Văn Ân' hoặc 'Nguyễn Văn An' trong danh sách: "
        "hãy ghi tên có dấu để biết là ai.")
    assert snapshot(db) == before
    # Written with its marks, it is An, who keeps their card; Ân, not in the file, is removed.
    first = people(db)
    roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["NGUYỄN VĂN AN", "TDP số 1"]]), "ds.xlsx", "test",
                         replace=True)
    assert people(db)["NGUYỄN VĂN AN"]["code"] == first["Nguyễn Văn An"]["code"]
    assert "Nguyễn Văn Ân" not in people(db)


def test_the_same_name_with_its_tone_placed_the_other_way_is_a_duplicate(app, client, auth):
    auth.login("admin")
    from ..conftest import import_file

    assert import_file(client, xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Thị Hòa", "TDP số 1"]])).status_code == 201
    group = next(g["id"] for g in client.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    again = client.post("/api/invitees", json={"name": "Nguyễn Thị Hoà", "group_id": group})
    assert again.status_code == 400 and "Nguyễn Thị Hòa" in again.json["message"]
    wide = client.post("/api/invitees", json={"name": "Ｎguyễn Thị Hòa", "group_id": group})
    assert wide.status_code == 400
