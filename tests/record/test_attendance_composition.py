"""The record's attendance (section II of the minutes, attendance.xlsx) flags what the plan's
composition rules ask: a TDP quota under the minimum with its reason, and which of a TDP's
three officers were invited and absent ("vắng") and which were never invited ("chưa mời"):
nobody is printed as absent who was not asked to come."""
from __future__ import annotations

import io

import openpyxl
import pytest

from ..conftest import docx_text, import_file, login, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Chức vụ"],  # no "Loại": officers told by their position
        ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP"],
        ["Trần Văn Bảo", "TDP số 1", "Bí thư chi bộ kiêm Trưởng ban công tác Mặt trận"],
        ["Lê Thị Cúc", "TDP số 1", ""],
        ["Phạm Văn Dũng", "TDP số 2", "Tổ trưởng TDP"],
        ["Hoàng Thị Én", "TDP số 2", ""]]


@pytest.fixture
def held(app, client, auth):
    """TDP số 2 allowed a quota of 4 with the ward's reason; everyone in TDP số 1 came, and
    only Hoàng Thị Én of TDP số 2."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    groups = {g["name"]: g for g in client.get("/api/conference").json["groups"]}
    assert client.patch(f"/api/groups/{groups['TDP số 2']['id']}",
                        json={"quota": 4, "quota_reason": "Tổ mới sáp nhập, ít hộ dân"}).status_code == 200
    kiosk = login(app, "kiosk")
    for person in client.get("/api/invitees").json:
        if person["name"] != "Phạm Văn Dũng":
            assert kiosk.post("/api/checkins", json={"code": person["code"]}).status_code == 201
    return login(app, "secretary")


def test_the_minutes_note_a_low_quota_and_absent_officers(held):
    text = docx_text(held.get("/record/minutes.docx").data)
    assert "TDP số 1 | 2/2 | 1/10 | chưa đủ 10 đại diện" in text
    assert "TDP số 1 | 2/2 | 1/10 | chưa đủ 10 đại diện; vắng" not in text  # all three of its officers came
    assert ("TDP số 2 | 0/1 | 1/4 | chưa đủ 10 đại diện; chỉ tiêu dưới mức tối thiểu 10: Tổ mới sáp nhập, ít hộ dân; "
            "vắng Tổ trưởng TDP; chưa mời Bí thư chi bộ, Trưởng Ban công tác Mặt trận") in text
    assert ("Các tổ dân phố có chỉ tiêu dưới mức tối thiểu 10 đại diện nhân dân của kế hoạch: "
            "TDP số 2 (chỉ tiêu 4, lý do: Tổ mới sáp nhập, ít hộ dân).") in text
    assert ("Các tổ dân phố vắng cán bộ chủ chốt (Bí thư chi bộ, Trưởng Ban công tác Mặt trận, Tổ trưởng TDP): "
            "TDP số 2 (Tổ trưởng TDP).") in text
    assert "Các tổ dân phố chưa mời cán bộ chủ chốt: TDP số 2 (Bí thư chi bộ, Trưởng Ban công tác Mặt trận)." in text


def test_the_attendance_sheet_flags_the_same(held):
    workbook = openpyxl.load_workbook(io.BytesIO(held.get("/record/attendance.xlsx").data))
    header, *rows = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)][4:]
    groups = {row[0]: dict(zip(header, row)) for row in rows}
    low = groups["TDP số 2"]
    assert low["Chỉ tiêu đại diện nhân dân"] == 4
    assert low["Chỉ tiêu dưới mức tối thiểu 10"] == "có; lý do: Tổ mới sáp nhập, ít hộ dân"
    assert low["Cán bộ chủ chốt chưa mời"] == "Bí thư chi bộ, Trưởng Ban công tác Mặt trận"
    assert low["Cán bộ chủ chốt vắng"] == "Tổ trưởng TDP"
    full = groups["TDP số 1"]
    assert full["Chỉ tiêu dưới mức tối thiểu 10"] is None and full["Cán bộ chủ chốt vắng"] is None
    assert groups["Đại biểu phường"]["Cán bộ chủ chốt vắng"] is None


def test_the_english_page_leaves_the_record_in_vietnamese(held):
    held.set_cookie("lang", "en")
    text = docx_text(held.get("/record/minutes.docx").data)
    assert "vắng Tổ trưởng TDP; chưa mời Bí thư chi bộ, Trưởng Ban công tác Mặt trận" in text
