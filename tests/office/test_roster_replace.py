"""The roster import (#10): officers told by "Chức vụ" in a file without "Loại", and "replace
this conference's list" — all or nothing, the same person keeping their code and check-in."""
from __future__ import annotations

import io

import pytest

from conference import store
from conference.errors import Refusal
from office import roster_import as roster

from ..conftest import GOOD_ROWS, csrf, snapshot, xlsx

NO_CATEGORY = [
    ["Họ và tên", "Đơn vị", "Chức vụ"],
    ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP"],
    ["Trần Văn Bảo", "TDP số 1", "Bí thư chi bộ"],
    ["Lê Thị Cúc", "TDP số 1", "Trưởng ban công tác Mặt trận"],
    ["Phạm Văn Dũng", "TDP số 1", "Chi hội trưởng Cựu chiến binh"],
    ["Hoàng Thị Én", "TDP số 1", ""],
    ["Vũ Văn Giang", "TDP số 1", "Giáo viên nghỉ hưu"],
    ["Đỗ Thị Hạnh", "Đại biểu phường", "Phó Chủ tịch UBND phường"],
]


def people(database) -> dict[str, dict]:
    return {row["name"]: row for row in database.query(
        "SELECT i.*, v.code, v.short_code, v.revoked_at FROM invitees i "
        "LEFT JOIN invitations v ON v.invitee_id = i.id AND v.revoked_at IS NULL WHERE i.removed_at IS NULL")}


# ---------------------------------------------------------------- officers from "Chức vụ"


def test_officers_are_told_by_their_position_when_the_file_has_no_category(db):
    summary = roster.import_roster(db, xlsx(NO_CATEGORY), "ds.xlsx", "test")
    listed = people(db)
    for name in ("Nguyễn Văn An", "Trần Văn Bảo", "Lê Thị Cúc", "Phạm Văn Dũng"):
        assert listed[name]["category"] == "tdp_officer", name
    assert listed["Hoàng Thị Én"]["category"] == "resident"
    assert listed["Vũ Văn Giang"]["category"] == "resident"
    assert listed["Đỗ Thị Hạnh"]["category"] == "ward_delegate"
    assert summary.inferred_officers == 4
    answer = summary.as_dict()
    assert answer["inferred_officers"] == 4
    assert any("không có cột 'Loại'" in note and "4 người" in note for note in answer["notes"])
    # So the TDP is not taken for full: 2 residents against its quota of 10.
    group = store.groups_with_counts(db, summary.conference_id)[1]
    assert (group["residents_invited"], group["officers_invited"]) == (2, 4)


def test_a_file_with_a_category_column_is_taken_at_its_word(db):
    rows = [["Họ và tên", "Đơn vị", "Chức vụ", "Loại"], ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP", ""]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert people(db)["Nguyễn Văn An"]["category"] == "resident"  # an empty "Loại" is the default
    assert summary.inferred_officers == 0 and summary.notes == []


def test_a_file_without_category_nor_position_says_everyone_is_a_resident(db):
    summary = roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]]), "ds.xlsx", "test")
    assert "không có cột 'Loại' và cột 'Chức vụ'" in summary.notes[0]


def test_an_unknown_category_is_a_clear_row_error(db):
    rows = [["Họ và tên", "Đơn vị", "Loại"], ["Nguyễn Văn An", "TDP số 1", "khách mời danh dự"]]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert caught.value.errors[0]["message"] == (
        "Dòng 2: Loại 'khách mời danh dự' không hợp lệ (dùng: đại biểu phường, cán bộ TDP, đại diện nhân dân).")


# ---------------------------------------------------------------- replace


@pytest.fixture
def first(db):
    """The first file imported, Nguyễn Văn An admitted at the door."""
    roster.import_roster(db, xlsx(NO_CATEGORY), "ds.xlsx", "test")
    listed = people(db)
    with store.write(db):
        store.checkin_insert(db, listed["Nguyễn Văn An"]["conference_id"], listed["Nguyễn Văn An"]["id"],
                             store.now(), "Bàn 1", "test", "scan", None)
    return people(db)


def test_re_importing_the_same_file_is_refused_with_a_hint_to_replace(db, first):
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(NO_CATEGORY), "ds.xlsx", "test")
    assert "Thay toàn bộ danh sách" in caught.value.message
    assert snapshot(db) == before


def test_replace_keeps_the_same_peoples_codes_and_check_ins(db, first):
    corrected = [
        ["Họ và tên", "Đơn vị", "Chức vụ", "Điện thoại"],
        ["NGUYỄN VĂN AN", "Tổ dân phố số 1", "Tổ trưởng TDP", "0912345678"],  # same person, another spelling
        ["Trần Văn Bảo", "TDP số 1", "Bí thư chi bộ kiêm Trưởng ban công tác Mặt trận", ""],
        ["Vũ Văn Giang", "TDP số 1", "", ""],
        ["Đỗ Thị Hạnh", "Đại biểu phường", "Phó Chủ tịch UBND phường", ""],
        ["Mai Thị Lan", "TDP số 2", "", ""],  # new, in a new group
    ]
    summary = roster.import_roster(db, xlsx(corrected), "ds-sua.xlsx", "test", replace=True)
    after = people(db)
    for name in ("Trần Văn Bảo", "Vũ Văn Giang", "Đỗ Thị Hạnh"):
        assert (after[name]["id"], after[name]["code"], after[name]["short_code"]) == \
               (first[name]["id"], first[name]["code"], first[name]["short_code"]), name
    an = after["NGUYỄN VĂN AN"]
    assert an["id"] == first["Nguyễn Văn An"]["id"] and an["code"] == first["Nguyễn Văn An"]["code"]
    assert an["checked_in_at"] == first["Nguyễn Văn An"]["checked_in_at"] is not None
    assert an["phone"] == "0912345678"
    assert after["Trần Văn Bảo"]["position"] == "Bí thư chi bộ kiêm Trưởng ban công tác Mặt trận"
    assert after["Mai Thị Lan"]["code"] and "Hoàng Thị Én" not in after  # gone from the list…
    removed = db.execute("SELECT i.removed_at, v.revoked_at FROM invitees i JOIN invitations v ON v.invitee_id = i.id "
                         "WHERE i.name = 'Hoàng Thị Én'").fetchone()
    assert removed[0] and removed[1]  # …her card answers `revoked`
    assert store.invitation_lookup(db, first["Hoàng Thị Én"]["code"])["revoked_at"]
    assert (summary.imported, summary.added, summary.kept, summary.removed) == (5, 1, 4, 3)
    # An's spelling and phone, Bảo's position, Giang's position emptied; Hạnh unchanged.
    assert summary.updated == 3 and summary.groups_created == ["TDP số 2"]
    assert any(entry["action"] == "roster.replace" for entry in store.audit_entries(db))
    assert any("4 người giữ nguyên mã giấy mời" in note for note in summary.notes)


def test_replace_keeps_whoever_is_already_in_the_hall(db, first):
    # A file without Nguyễn Văn An, who was admitted: he stays on the list, and the result says so.
    rows = [row for row in NO_CATEGORY if row[0] != "Nguyễn Văn An"]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test", replace=True)
    assert summary.kept_checked_in == ["Nguyễn Văn An"] and summary.removed == 0
    assert people(db)["Nguyễn Văn An"]["code"] == first["Nguyễn Văn An"]["code"]
    assert any("đã điểm danh nhưng không có trong tệp" in note for note in summary.notes)


def test_a_column_the_file_lacks_leaves_that_field_as_it_was(db, first):
    rows = [["Họ và tên", "Đơn vị"]] + [[row[0], row[1]] for row in NO_CATEGORY[1:]]
    roster.import_roster(db, xlsx(rows), "ds.xlsx", "test", replace=True)
    after = people(db)
    assert after["Trần Văn Bảo"]["position"] == "Bí thư chi bộ"
    assert after["Trần Văn Bảo"]["category"] == "tdp_officer"  # no "Loại", no "Chức vụ": kept


def test_replace_with_bad_rows_changes_nothing(db, first):
    before = snapshot(db)
    rows = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["", "TDP số 1"], ["Người Mới", ""]]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test", replace=True)
    assert [e["row"] for e in caught.value.errors] == [3, 4]
    assert "chưa nhập ai" in caught.value.message
    assert snapshot(db) == before


def test_replace_over_http_and_its_answer(client, auth, db):
    auth.login("admin")

    def upload(data: bytes, replace: str | None):
        form = {"file": (io.BytesIO(data), "ds.xlsx")}
        if replace is not None:
            form["replace"] = replace
        return client.post("/api/roster/import", data=form, headers={"X-CSRF-Token": csrf(client)},
                           content_type="multipart/form-data")

    assert upload(xlsx(GOOD_ROWS), None).status_code == 201
    again = upload(xlsx(GOOD_ROWS), "0")
    assert again.status_code == 422 and "Thay toàn bộ danh sách" in again.json["message"]
    replaced = upload(xlsx(GOOD_ROWS[:3]), "1")
    assert replaced.status_code == 201
    body = replaced.json
    assert body["replace"] is True and (body["imported"], body["kept"], body["added"], body["removed"]) == (2, 2, 0, 2)
    assert body["groups_emptied"] == ["TDP số 2"] and body["notes"]
    assert len(client.get("/api/invitees").json) == 2


def test_the_cli_replaces_with_a_flag(runner, db, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(NO_CATEGORY))
    assert runner.invoke(args=["roster", "import", str(path)]).exit_code == 0
    refused = runner.invoke(args=["roster", "import", str(path)])
    assert refused.exit_code == 1
    path.write_bytes(xlsx(NO_CATEGORY[:4]))
    result = runner.invoke(args=["roster", "import", "--replace", str(path)])
    assert result.exit_code == 0, result.output
    assert "Đã thay danh sách: 3 người giữ nguyên mã giấy mời" in result.output
    assert "4 người bị xoá khỏi danh sách" in result.output


def test_a_person_the_corrected_file_lists_under_another_group_is_moved_with_their_card(db):
    """The corrected file put Trần Thị Bình under TDP số 2: she was removed (her printed card
    no longer opened the door) and listed again with a new one. She is moved, her card kept, and
    the result says so. Two people of her name elsewhere, or another phone: nobody is guessed."""
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    before = people(db)
    moved = [row[:] for row in GOOD_ROWS]
    bình = next(row for row in moved if row[1] == "Trần Thị Bình")
    bình[2] = "TDP số 2"
    summary = roster.import_roster(db, xlsx(moved), "ds.xlsx", "test", replace=True)
    after = people(db)
    assert summary.moved == ["Trần Thị Bình"] and summary.removed == 0 and summary.added == 0
    assert after["Trần Thị Bình"]["code"] == before["Trần Thị Bình"]["code"]
    group = db.execute("SELECT g.name FROM groups g WHERE g.id = ?", [after["Trần Thị Bình"]["group_id"]]).fetchone()[0]
    assert group == "TDP số 2"
    assert any("chuyển đơn vị, giữ nguyên mã giấy mời: Trần Thị Bình" in note for note in summary.notes)

    # Lê Văn Cường under TDP số 1 with another phone than his: another person, a new card.
    again = [row[:] for row in moved]
    cường = next(row for row in again if row[1] == "Lê Văn Cường")
    cường[2], cường[5] = "TDP số 1", "0911222333"
    summary = roster.import_roster(db, xlsx(again), "ds.xlsx", "test", replace=True)
    assert summary.moved == [] and summary.added == 1 and summary.removed == 1
    assert people(db)["Lê Văn Cường"]["code"] != before["Lê Văn Cường"]["code"]
    assert summary.reissued == ["Lê Văn Cường"]  # said: the old printed card no longer opens the door
    assert any("in và phát lại giấy mời" in note and "Lê Văn Cường" in note for note in summary.notes)


def test_one_person_claimed_by_two_namesakes_in_other_groups_gives_the_card_to_neither(db):
    """Trần Thị Bình left TDP số 1; the file lists a Trần Thị Bình in TDP số 2 and another in a new
    TDP số 3: row order gave her card to the first. Now neither takes it (two new cards)."""
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    before = people(db)["Trần Thị Bình"]["code"]
    rows = [row[:] for row in GOOD_ROWS if row[1] != "Trần Thị Bình"]
    rows += [[5, "Trần Thị Bình", "TDP số 2", "", "", ""], [6, "Trần Thị Bình", "TDP số 3", "", "", ""]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test", replace=True)
    assert summary.moved == [] and summary.added == 2 and summary.removed == 1
    codes = [r["code"] for r in db.query("SELECT v.code FROM invitees i JOIN invitations v ON v.invitee_id = i.id "
                                         "AND v.revoked_at IS NULL WHERE i.name = 'Trần Thị Bình' AND i.removed_at IS NULL")]
    assert len(codes) == 2 and before not in codes
