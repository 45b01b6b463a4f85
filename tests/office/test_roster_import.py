"""The roster import: every good shape is read, every bad file is refused whole."""
from __future__ import annotations

import unicodedata

import pytest

from conference import store
from conference.errors import Refusal
from office import roster_import as roster

from ..conftest import GOOD_ROWS, HEADER, csv_bytes, import_file, snapshot, xlsx


def names(database) -> list[str]:
    return [row["name"] for row in database.query("SELECT name FROM invitees ORDER BY id")]


def test_xlsx_imports_every_row_with_groups_and_categories(db):
    summary = roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    assert summary.imported == 4
    assert summary.groups_created == ["TDP số 1", "TDP số 2"]
    people = {row["name"]: row for row in db.query(
        "SELECT i.*, g.name AS group_name, g.kind, g.quota FROM invitees i JOIN groups g ON g.id = i.group_id")}
    assert people["Nguyễn Văn An"]["category"] == "tdp_officer"
    assert people["Nguyễn Văn An"]["position"] == "Tổ trưởng TDP"
    assert people["Trần Thị Bình"]["category"] == "resident"
    # Excel keeps 0912345679 as a number and drops the 0; the phone comes back whole.
    assert people["Lê Văn Cường"]["phone"] == "0912345679"
    assert people["Lê Văn Cường"]["category"] == "resident"  # the default
    assert people["Phạm Thị Dung"]["kind"] == "ward"
    assert people["Phạm Thị Dung"]["category"] == "ward_delegate"
    assert people["Lê Văn Cường"]["quota"] == 10  # a new TDP gets the plan's quota


def test_every_invitee_gets_distinct_unguessable_codes(db):
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    codes = list(db.query("SELECT code, short_code FROM invitations"))
    assert len(codes) == 4
    assert len({c["code"] for c in codes}) == 4 and len({c["short_code"] for c in codes}) == 4
    for c in codes:
        assert c["code"].startswith("DT1-") and len(c["code"]) == 36  # 32 base32 chars: 160 bits
        assert len(c["short_code"]) == 8
        assert not set(c["short_code"]) & set("01OIL25SZB8G")  # no look-alikes


def test_cards_made_beforehand_never_repeat_a_short_code_on_another_card(db):
    """A long file's cards are made before its transaction; a short code that another card
    got meanwhile, or that came twice, is replaced, so a hand-typed code names one person."""
    from office import invitees
    from office.codes import new_codes

    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    taken = [row["short_code"] for row in db.query("SELECT short_code FROM invitations")]
    conference = store.conference_active(db)
    group = store.groups_list(db, conference["id"])[0]
    with store.write(db):
        ids = [store.invitee_insert(db, conference["id"], group["id"], f"Người mới {i}", f"nguoi moi {i}",
                                    "", "resident", "") for i in range(4)]
        fresh = new_codes(4)
        made = [fresh[0], (fresh[1][0], taken[0]), (fresh[2][0], fresh[0][1]), fresh[3]]
        invitees.issue_invitations(db, conference["id"], ids, made)
    shorts = [row["short_code"] for row in db.query("SELECT short_code FROM invitations")]
    assert len(shorts) == 8 and len(set(shorts)) == 8
    codes = {row["invitee_id"]: row["code"] for row in db.query("SELECT invitee_id, code FROM invitations")}
    assert fresh[3][0] in codes.values() and set(ids) <= set(codes) and len(set(codes.values())) == 8


def test_csv_with_bom_english_headers_any_order_and_semicolons(db):
    data = "\ufeff" + "\n".join([
        "phone;group;name;category",
        "0987654321;Tổ dân phố số 3;Hoàng Văn Em;resident",
        ";TDP số 3;Đỗ Thị Phương;tdp_officer",
    ])
    summary = roster.import_roster(db, data.encode("utf-8"), "ds.csv", "test")
    assert summary.imported == 2
    # "Tổ dân phố số 3" and "TDP số 3" are the same group.
    assert summary.groups_created == ["Tổ dân phố số 3"]


def test_a_tdp_written_the_ward_s_many_ways_is_one_group_and_dbp_the_ward_delegates(db):
    """A clerk's file wrote TDP 9 four ways and the ward delegates as "ĐB phường" / "ĐBP": they
    made four groups, and the ward's officials counted as residents short of a quota."""
    rows = [["Họ và tên", "Đơn vị", "Chức vụ", "Số điện thoại"],
            ["Nguyễn Văn An", "TDP 9", "", ""], ["Trần Thị Bình", "Tổ 9", "", ""],
            ["Lê Văn Cường", "TDP số 09", "", ""], ["Phạm Thị Dung", "tổ dân phố số 9", "", ""],
            ["Hoàng Thị Lan", "ĐB phường", "Chủ tịch Ủy ban MTTQ phường", ""],
            ["Bùi Văn Khải", "ĐBP", "Trạm trưởng Trạm Y tế", "'0987654321"]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert summary.imported == 6
    assert summary.groups_created == ["TDP 9"]
    people = {row["name"]: row for row in db.query(
        "SELECT i.*, g.name AS group_name, g.kind FROM invitees i JOIN groups g ON g.id = i.group_id")}
    assert {people[n]["group_name"] for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")} == {"TDP 9"}
    assert people["Hoàng Thị Lan"]["kind"] == people["Bùi Văn Khải"]["kind"] == "ward"
    assert people["Bùi Văn Khải"]["category"] == "ward_delegate"
    assert people["Bùi Văn Khải"]["phone"] == "0987654321"  # the apostrophe that kept Excel's 0 is not part of it


def test_a_second_sheet_with_people_is_said_not_read_and_an_empty_one_is_not(db):
    """A clerk put TDP 7 on a sheet of its own: the import read the first sheet only and said
    nothing, and a whole TDP would have gone uninvited. An empty "Sheet2" says nothing."""
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    for row in GOOD_ROWS:
        first.append(row)
    workbook.create_sheet("Sheet2")
    other = workbook.create_sheet("TDP 7")
    other.append(["Họ và tên", "Đơn vị"])
    other.append(["Vũ Thị Hoa", "TDP 7"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    summary = roster.import_roster(db, buffer.getvalue(), "ds.xlsx", "test")
    assert summary.imported == 4
    assert summary.notes[0].startswith("Chỉ trang tính đầu tiên của tệp được đọc. Trang “TDP 7” cũng có dữ liệu")
    assert "Sheet2" not in summary.notes[0]
    assert roster.other_sheets(xlsx(GOOD_ROWS)) == ([], True)  # one sheet: nothing to say
    assert roster.other_sheets(b"PK\x03\x04 not a zip") == ([], True)  # the import itself says what is wrong
    assert roster.other_sheets(buffer.getvalue(), seconds=0) == ([], False)  # out of time: said, not a clean result


def test_the_signature_lines_under_the_list_are_skipped_and_said_not_refused(db):
    """"Người lập biểu" and the clerk's name under the table, past an empty row, refused the
    whole file ("Dòng 28: thiếu Họ và tên"). They are the sheet's footer: skipped, named in
    the notes. A row without a name right under the list (no empty row) is still a row error."""
    rows = [HEADER, *GOOD_ROWS[1:], [], ["", "", "Người lập biểu"], ["", "", "Nguyễn Thị Thư"]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert summary.imported == 4
    assert summary.notes[0] == ("Bỏ qua các dòng 7, 8 ở cuối tệp: sau một dòng trống, không có họ tên kèm đơn vị "
                                "(người lập biểu, chữ ký…).")
    # The signer in the name column, with no group: a footer too.
    footer = [HEADER, *GOOD_ROWS[1:], [], ["", "Người lập biểu"], ["", "Nguyễn Thị Thư"]]
    assert roster.import_roster(db, xlsx(footer), "c.xlsx", "test", replace=True).notes[0].startswith("Bỏ qua các dòng 7, 8")
    # People whose names were left out, in a group the list uses, with a phone: not a footer, an error.
    nameless = [HEADER, *GOOD_ROWS[1:], [], ["", "", "TDP số 1", "", "", "0912000111"]]
    with pytest.raises(Refusal) as missing_name:
        roster.import_roster(db, xlsx(nameless), "d.xlsx", "test", replace=True)
    assert "Dòng 7" in missing_name.value.errors[0]["message"]
    with pytest.raises(Refusal) as refused:
        roster.import_roster(db, xlsx([HEADER, ["", "Lê Thị Mới", "TDP số 1"], ["", "", "Người lập biểu"]]), "b.xlsx", "test")
    assert "Dòng 3" in refused.value.errors[0]["message"]


def test_nfd_names_are_stored_nfc(db):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    roster.import_roster(db, csv_bytes([["Họ và tên", "Đơn vị"], [nfd, "TDP số 1"]]), "ds.csv", "test")
    assert names(db) == ["Nguyễn Thị Hường"]
    assert unicodedata.is_normalized("NFC", names(db)[0])


def test_title_rows_above_the_header_are_skipped(db):
    rows = [["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ ĐỐI THOẠI"], [], HEADER, *GOOD_ROWS[1:]]
    assert roster.import_roster(db, xlsx(rows), "ds.xlsx", "test").imported == 4


def test_merged_group_cells_apply_to_every_row_of_the_merge(db):
    rows = [["Họ và tên", "Đơn vị"], ["Vũ Văn Giang", "TDP số 5"], ["Đặng Thị Hoa", None], ["Bùi Văn Ích", None]]
    roster.import_roster(db, xlsx(rows, merge=["B2:B4"]), "ds.xlsx", "test")
    groups = {row["name"]: row["group_name"] for row in db.query(
        "SELECT i.name, g.name AS group_name FROM invitees i JOIN groups g ON g.id = i.group_id")}
    assert groups == {"Vũ Văn Giang": "TDP số 5", "Đặng Thị Hoa": "TDP số 5", "Bùi Văn Ích": "TDP số 5"}


def test_formula_with_cached_value_is_read_uncomputed_is_an_error(db):
    # openpyxl writes formulas without a cached value, as a sheet never opened in Excel.
    rows = [["Họ và tên", "Đơn vị"], ["Vũ Văn Giang", '="TDP số "&"5"']]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert "B2" in caught.value.errors[0]["message"]
    assert "công thức" in caught.value.errors[0]["message"]


def test_formulas_in_columns_we_do_not_read_are_harmless(db):
    rows = [["STT", "Họ và tên", "Đơn vị"], ["=ROW()-1", "Vũ Văn Giang", "TDP số 5"]]
    assert roster.import_roster(db, xlsx(rows), "ds.xlsx", "test").imported == 1


BAD_FILES = {
    "empty": (b"", "ds.xlsx", "Tệp rỗng"),
    "spaces only": (b"   \n  ", "ds.csv", "Tệp rỗng"),
    "pdf renamed xlsx": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "ds.xlsx", "PDF"),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ds.xlsx", ".xls"),
    "broken zip": (b"PK\x03\x04garbage", "ds.xlsx", "Không đọc được tệp Excel"),
    "text named xlsx": (b"Ho va ten,Don vi\nA,B\n", "ds.xlsx", "không phải bảng tính"),
    "wrong headers": (csv_bytes([["Tên", "Địa chỉ"], ["A", "B"]]), "ds.csv", "Không tìm thấy dòng tiêu đề"),
    "header only": (csv_bytes([["Họ và tên", "Đơn vị"]]), "ds.csv", "chỉ có dòng tiêu đề"),
    "windows-1258 csv": ("Họ và tên,Đơn vị\nNguyễn Văn A,TDP 1\n".encode("cp1258", errors="replace"), "ds.csv", "UTF-8"),
    "unclosed quote": (b'H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan,\xc4\x90\xc6\xa1n v\xe1\xbb\x8b\n"A,B\n', "ds.csv", None),
}


@pytest.mark.parametrize("data,filename,expected", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_refused_with_a_message_and_nothing_changes(db, data, filename, expected):
    roster.import_roster(db, xlsx(GOOD_ROWS), "first.xlsx", "test")
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, data, filename, "test")
    if expected:
        assert expected in caught.value.message
    assert caught.value.errors, "a person is told what is wrong"
    assert snapshot(db) == before


BAD_ROWS = {
    "name of only spaces": (["   ", "TDP số 1"], "thiếu Họ và tên"),
    "zero-width name": (["\u200b\u200b", "TDP số 1"], "thiếu Họ và tên"),
    "no group": (["Nguyễn Văn Khoa", ""], "thiếu Đơn vị"),
    "unknown category": (["Nguyễn Văn Khoa", "TDP số 1", "khách VIP"], "Loại 'khách VIP' không hợp lệ"),
    "resident in ward group": (["Nguyễn Văn Khoa", "Đại biểu phường", "đại diện nhân dân"], "chỉ gồm đại biểu phường"),
    "ward delegate in a TDP": (["Nguyễn Văn Khoa", "TDP số 1", "đại biểu phường"], "phải thuộc đơn vị"),
    "bad phone": (["Nguyễn Văn Khoa", "TDP số 1", "", "gọi sau"], "số điện thoại"),
    "name too long": (["A" * 101, "TDP số 1"], "quá dài"),
}


@pytest.mark.parametrize("row,expected", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_reported_by_number_and_nothing_is_imported(db, row, expected):
    header = ["Họ và tên", "Đơn vị", "Loại", "Điện thoại"]
    rows = [header, ["Nguyễn Văn Lâm", "TDP số 1"], row + [""] * (4 - len(row)), ["Trần Văn Minh", "TDP số 2"]]
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert len(caught.value.errors) == 1
    error = caught.value.errors[0]
    assert error["row"] == 3
    assert error["message"].startswith("Dòng 3:")
    assert expected.lower() in error["message"].lower()
    assert "chưa nhập ai" in caught.value.message
    assert snapshot(db) == before


def test_every_bad_row_is_reported_not_just_the_first(db):
    rows = [["Họ và tên", "Đơn vị"], ["", "TDP số 1"], ["Ngô Văn Nam", ""], ["Ngô Văn Nam", "TDP 2"], ["ngo van nam", "TDP 2"]]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert [e["row"] for e in caught.value.errors] == [2, 3, 5]
    assert "Trùng với dòng 4" in caught.value.errors[2]["message"]


def test_a_name_already_on_the_roster_is_a_duplicate(db):
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, csv_bytes([["Họ và tên", "Đơn vị"], ["NGUYỄN VĂN AN", "tdp so 1"]]), "ds.csv", "test")
    assert "đã có trong danh sách của TDP số 1" in caught.value.errors[0]["message"]


def test_the_same_file_sent_again_says_it_was_imported_already(db):
    """An import whose answer was lost (the Wi-Fi, a restart) and sent again: the admin is told
    the file is in already, not "nobody imported"; nothing changes. A file with one new person
    among the listed ones is still refused row by row, as before."""
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    assert caught.value.message.startswith(f"Mọi người trong tệp ({len(GOOD_ROWS) - 1} người) đã có trong danh sách")
    assert "chưa nhập ai" not in caught.value.message and len(caught.value.errors) == len(GOOD_ROWS) - 1
    assert snapshot(db) == before
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(GOOD_ROWS + [["Người Mới Hẳn", "TDP số 1"]]), "ds.xlsx", "test")
    assert "chưa nhập ai" in caught.value.message


def test_the_same_name_in_another_group_is_a_different_person(db):
    rows = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Nguyễn Văn An", "TDP số 2"]]
    assert roster.import_roster(db, xlsx(rows), "ds.xlsx", "test").imported == 2


def test_a_hundred_thousand_rows_are_refused_quickly_and_clearly(db):
    lines = ["Họ và tên,Đơn vị"] + [f"Người {i},TDP {i % 20}" for i in range(100_000)]
    before = snapshot(db)
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, "\n".join(lines).encode(), "ds.csv", "test")
    assert "quá nhiều dòng" in caught.value.message
    assert snapshot(db) == before


def test_a_hundred_thousand_row_xlsx_is_refused(db):
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người {i}", "TDP 1"] for i in range(roster.MAX_ROWS + 20)]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert "quá nhiều dòng" in caught.value.message


def test_import_into_a_fresh_install_makes_a_conference_to_fill_in(db):
    assert store.conference_active(db) is None
    roster.import_roster(db, xlsx(GOOD_ROWS), "ds.xlsx", "test")
    conference = store.conference_active(db)
    assert conference is not None and "Hội nghị đối thoại" in conference["title"]


def test_the_web_page_upload_gives_row_errors_as_json(client, auth, db):
    auth.login("admin")
    response = import_file(client, xlsx([["Họ và tên", "Đơn vị"], ["", "TDP 1"]]))
    assert response.status_code == 422
    body = response.json
    assert body["error"] == "invalid"
    assert body["errors"] == [{"row": 2, "message": "Dòng 2: Thiếu Họ và tên."}]
    response = import_file(client, xlsx(GOOD_ROWS))
    assert response.status_code == 201
    assert response.json["imported"] == 4


def test_upload_without_the_page_token_is_refused(client, auth):
    auth.login("admin")
    import io
    response = client.post("/api/roster/import", data={"file": (io.BytesIO(xlsx(GOOD_ROWS)), "ds.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json["error"] == "csrf" and "X-CSRF-Token" in response.json["message"]
    stale = client.post("/api/roster/import", data={"file": (io.BytesIO(xlsx(GOOD_ROWS)), "ds.xlsx")},
                        headers={"X-CSRF-Token": "from-an-old-session"}, content_type="multipart/form-data")
    assert stale.status_code == 400 and "Phiên làm việc đã hết hạn" in stale.json["message"]


@pytest.mark.parametrize("role,status", [("secretary", 403), ("kiosk", 403), ("chairman", 403), (None, 401)])
def test_only_admin_imports(client, auth, role, status):
    if role:
        auth.login(role)
    assert import_file(client, xlsx(GOOD_ROWS)).status_code == status


def test_upload_without_a_file_and_a_huge_upload(client, auth, app):
    auth.login("admin")
    from ..conftest import csrf
    response = client.post("/api/roster/import", data={}, headers={"X-CSRF-Token": csrf(client)},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "chọn tệp" in response.json["message"]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = import_file(client, b"x" * 5000, "ds.csv")
    assert response.status_code == 413
    assert response.json["error"] == "too_large"


def test_a_header_on_two_rows_is_one_header_and_its_second_row_is_nobody(db):
    """"Họ và tên" and "Đơn vị" merged down two rows, "Liên hệ" merged across with
    "Điện thoại" under it (a common ward sheet): the second row is no person named "Họ và
    tên" in a group "Đơn vị", and the phones under "Điện thoại" are read."""
    rows = [["DANH SÁCH ĐẠI BIỂU"], [],
            ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Liên hệ", None],
            [None, None, None, None, "Điện thoại", "Ghi chú"],
            [1, "Vũ Văn Giang", "TDP số 5", "Tổ trưởng TDP", "0912345678", ""],
            [2, "Đặng Thị Hoa", "TDP số 5", "", "0987654321", "vắng sáng"]]
    summary = roster.import_roster(db, xlsx(rows, merge=["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3"]), "ds.xlsx", "test")
    assert summary.imported == 2
    people = {row["name"]: row for row in db.query(
        "SELECT i.name, i.phone, g.name AS group_name FROM invitees i JOIN groups g ON g.id = i.group_id")}
    assert set(people) == {"Vũ Văn Giang", "Đặng Thị Hoa"}
    assert {p["group_name"] for p in people.values()} == {"TDP số 5"}
    assert people["Vũ Văn Giang"]["phone"] == "0912345678" and people["Đặng Thị Hoa"]["phone"] == "0987654321"


def test_a_person_under_the_header_with_no_group_is_still_a_refused_row(db):
    """A row right under the header that names someone is a person's row, even with its group
    left empty: it is refused with its number, never taken for part of the header."""
    rows = [["Họ và tên", "Đơn vị", "Điện thoại"], ["Vũ Văn Giang", None, "0912345678"], ["Đặng Thị Hoa", "TDP số 5", ""]]
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert any(error["row"] == 2 for error in caught.value.errors)


def test_a_file_whose_positions_name_no_tdp_officer_says_so_not_zero_officers(db):
    """"0 người … được xếp là cán bộ TDP theo cột Chức vụ" read as a count of nobody."""
    rows = [["Họ và tên", "Đơn vị", "Chức vụ"], ["Lê Văn Một", "TDP số 1", "Giáo viên"], ["Lê Văn Hai", "TDP số 1", ""]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert summary.notes == ["Tệp không có cột 'Loại', và cột 'Chức vụ' không cho thấy ai ở tổ dân phố là cán bộ TDP "
                             "(Bí thư chi bộ, Trưởng ban công tác Mặt trận, Tổ trưởng TDP…): mọi người ở tổ dân phố "
                             "được xếp là đại diện nhân dân. Hãy xem lại cột Loại trong danh sách."]


def test_names_in_capitals_without_marks_or_twice_with_one_phone_are_said_before_printing(db):
    """Accepted as written (the file may be right), but the office is told before the invitations
    print "NGUYỄN VĂN AN" or "Tran Thi Binh", or invite one person in two groups."""
    rows = [["Họ và tên", "Đơn vị", "Điện thoại"], ["NGUYỄN VĂN AN", "TDP số 1", ""], ["Tran Thi Binh", "TDP số 1", ""],
            ["Lê Văn Cường", "TDP số 1", "0912345679"], ["Lê Văn Cường", "TDP số 2", "0912 345 679"],
            ["Phạm Thị Dung", "TDP số 2", ""]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert summary.imported == 5
    notes = "\n".join(summary.notes)
    assert "1 tên viết hoa toàn bộ (NGUYỄN VĂN AN)" in notes
    assert "1 tên không có dấu (Tran Thi Binh)" in notes
    assert "có thể là một người được mời hai lần: Lê Văn Cường (TDP số 1, TDP số 2)." in notes
    assert "Phạm Thị Dung" not in notes


@pytest.mark.parametrize("written", ["T.D.P số 9", "Tổ DP số 9", "TDP ９", "tổ dân phố số 09", "Tổ 9"])
def test_a_tdp_written_with_dots_a_short_form_or_wide_digits_is_one_group(written):
    from office.groups import group_key
    assert group_key(written) == group_key("TDP 9")
    assert group_key("Tổ 1 A") == group_key("TDP 1A") != group_key("TDP 1")


def test_groups_whose_names_differ_only_in_marks_are_two_and_an_unmarked_name_is_asked(db):
    """'TDP 1 Đông' and 'TDP 1 Đồng' were one key (marks folded away): the second group's people
    went into the first. Now two groups; a name typed without marks ('TDP 1 Dong', a keyboard
    without Vietnamese) is the one group it can be, and a row error naming both when it could be
    either; 'Tổ Hoà Bình' and 'to hoa binh' stay one group."""
    rows = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP 1 Đông"], ["Trần Thị Bình", "TDP 1 Đồng"],
            ["Lê Văn Cường", "Tổ Hoà Bình"], ["Phạm Thị Dung", "to hoa binh"], ["Đỗ Văn Em", "Tổ Hòa Bình"]]
    summary = roster.import_roster(db, xlsx(rows), "ds.xlsx", "test")
    assert summary.groups_created == ["TDP 1 Đông", "TDP 1 Đồng", "Tổ Hoà Bình"]
    placed = dict(db.execute("SELECT i.name, g.name FROM invitees i JOIN groups g ON g.id = i.group_id").fetchall())
    assert placed["Nguyễn Văn An"] == "TDP 1 Đông" and placed["Trần Thị Bình"] == "TDP 1 Đồng"
    assert placed["Phạm Thị Dung"] == placed["Đỗ Văn Em"] == "Tổ Hoà Bình"
    with pytest.raises(Refusal) as caught:
        roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Hoàng Văn Phúc", "TDP 1 Dong"]]), "ds.xlsx", "test")
    message = caught.value.errors[0]["message"]
    assert "'TDP 1 Đông' hoặc 'TDP 1 Đồng'" in message and "có dấu" in message
    assert db.execute("SELECT count(*) FROM invitees").fetchone()[0] == 5


def test_a_file_without_marks_finds_the_group_written_with_them(db):
    roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "Tổ dân phố Đông Hải"]]), "a.xlsx", "test")
    summary = roster.import_roster(db, xlsx([["Họ và tên", "Đơn vị"], ["Tran Thi Binh", "TDP Dong Hai"]]), "b.xlsx", "test")
    assert summary.groups_created == [] and summary.imported == 1
    assert db.execute("SELECT count(*) FROM groups WHERE kind = 'tdp'").fetchone()[0] == 1


@pytest.mark.parametrize("written,ward", [("Đ.B.P", True), ("Đại biểu phường Đồng Mai", True), ("Đại biểu HĐND phường", True),
                                          ("Đại biểu nhân dân phường", False), ("TDP 9", False), ("Đại biểu", False)])
def test_the_ward_delegates_group_however_written(written, ward):
    from office.groups import is_ward
    assert is_ward(written) is ward
