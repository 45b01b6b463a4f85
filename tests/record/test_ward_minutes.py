"""The minutes name, from the data, who came from the ward under each of the plan's
sub-categories (the Fatherland Front as supervisors), who answered, and which invited ward
delegates were absent; nothing that did not happen (issue #10). Opened back with python-docx."""
from __future__ import annotations

import io

import pytest
from docx import Document

from ..conftest import import_file, login, xlsx

WARD = [
    ("Lê Chí Hoạt", "Chủ tịch UBND phường"),
    ("Nguyễn Văn Thắng", "Bí thư Đảng ủy phường"),
    ("Phạm Quốc Hưng", "Chủ tịch HĐND phường"),
    ("Hoàng Thị Lan", "Chủ tịch Ủy ban MTTQ phường"),
    ("Bùi Văn Khải", "Phó Chủ tịch Ủy ban MTTQ phường"),
    ("Lê Minh Tuấn", "Trưởng Công an phường"),
    ("Nguyễn Đức Anh", "Công chức Địa chính – Xây dựng"),
]
ROWS = [["Họ và tên", "Đơn vị", "Chức vụ"], *[[name, "Đại biểu phường", position] for name, position in WARD],
        ["Trần Văn Tổ", "TDP số 1", "Tổ trưởng TDP"], ["Đỗ Thị Dân", "TDP số 1", ""]]


def _meeting(app, client, auth, arrived: set[str]):
    """A conference where `arrived` came; one question answered by "Công an phường" (the
    office, no one's position: the police's head is not taken to have answered)."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    people = {p["name"]: p for p in client.get("/api/invitees").json}
    kiosk = login(app, "kiosk")
    for name in arrived:
        assert kiosk.post("/api/checkins", json={"code": people[name]["code"]}).status_code == 201
    phone = app.test_client()
    qid = phone.post("/api/questions", json={"text": "Đề nghị tăng cường tuần tra ban đêm ở ngõ 7."}).json["id"]
    chairman = login(app, "chairman")
    for status in ("approved", "on_screen"):
        chairman.patch(f"/api/questions/{qid}", json={"status": status})
    assert chairman.patch(f"/api/questions/{qid}", json={
        "status": "answered", "responder": "Công an phường", "conclusion": "Giao Công an phường tăng cường tuần tra."
    }).status_code == 200
    secretary = login(app, "secretary")
    assert secretary.patch("/api/record", json={"chair_name": "Lê Chí Hoạt", "secretary_name": "Lê Thị Thu Trang"}).status_code == 200
    return secretary


def _paragraphs(secretary) -> list[str]:
    response = secretary.get("/record/minutes.docx")
    assert response.status_code == 200
    return [p.text for p in Document(io.BytesIO(response.data)).paragraphs]


def _line(paragraphs: list[str], start: str) -> str:
    found = [p for p in paragraphs if p.startswith(start)]
    assert len(found) == 1, (start, paragraphs)
    return found[0]


def test_the_minutes_name_the_chair_the_front_s_supervisors_and_the_absent(app, client, auth):
    came = {"Lê Chí Hoạt", "Nguyễn Văn Thắng", "Hoàng Thị Lan", "Bùi Văn Khải", "Trần Văn Tổ"}
    paragraphs = _paragraphs(_meeting(app, client, auth, came))
    assert _line(paragraphs, "Chủ trì:") == "Chủ trì: Lê Chí Hoạt"
    assert _line(paragraphs, "- Đảng ủy phường:") == "- Đảng ủy phường: Nguyễn Văn Thắng (Bí thư Đảng ủy phường)."
    assert _line(paragraphs, "- UBND phường:") == "- UBND phường: Lê Chí Hoạt (Chủ tịch UBND phường)."
    assert _line(paragraphs, "- Ủy ban MTTQ phường (theo dõi, giám sát hội nghị):") == (
        "- Ủy ban MTTQ phường (theo dõi, giám sát hội nghị): Hoàng Thị Lan (Chủ tịch Ủy ban MTTQ phường); "
        "Bùi Văn Khải (Phó Chủ tịch Ủy ban MTTQ phường).")
    assert _line(paragraphs, "Tham gia trả lời ý kiến của Nhân dân:") == (
        "Tham gia trả lời ý kiến của Nhân dân: Công an phường.")
    assert _line(paragraphs, "Đại biểu phường được mời vắng mặt:") == (
        "Đại biểu phường được mời vắng mặt: Phạm Quốc Hưng (Chủ tịch HĐND phường); "
        "Lê Minh Tuấn (Trưởng Công an phường); Nguyễn Đức Anh (Công chức Địa chính – Xây dựng).")
    # Nobody came for the council, the police or the officials: no line says they did.
    assert not [p for p in paragraphs if p.startswith(("- HĐND phường", "- Công an phường", "- Cán bộ, công chức"))]


def test_no_absent_line_when_every_invited_delegate_came(app, client, auth):
    paragraphs = _paragraphs(_meeting(app, client, auth, {name for name, _position in WARD}))
    assert not [p for p in paragraphs if "vắng mặt" in p]
    assert _line(paragraphs, "- Công an phường:") == "- Công an phường: Lê Minh Tuấn (Trưởng Công an phường)."
    assert _line(paragraphs, "- Cán bộ, công chức phường:") == (
        "- Cán bộ, công chức phường: Nguyễn Đức Anh (Công chức Địa chính – Xây dựng).")


def test_the_front_invited_and_absent_is_said_so_not_left_out(app, client, auth):
    paragraphs = _paragraphs(_meeting(app, client, auth, {"Lê Chí Hoạt", "Lê Minh Tuấn"}))
    assert _line(paragraphs, "- Ủy ban MTTQ phường:") == (
        "- Ủy ban MTTQ phường: được mời theo dõi, giám sát nhưng không có đại biểu có mặt.")
    assert "Hoàng Thị Lan (Chủ tịch Ủy ban MTTQ phường)" in _line(paragraphs, "Đại biểu phường được mời vắng mặt:")


def test_a_sub_category_chosen_on_the_roster_is_the_one_the_minutes_use(app, client, auth):
    secretary = _meeting(app, client, auth, {"Lê Chí Hoạt", "Nguyễn Đức Anh"})
    person = next(p for p in client.get("/api/invitees").json if p["name"] == "Nguyễn Đức Anh")
    assert client.patch(f"/api/invitees/{person['id']}", json={"ward_role": "committee"}).status_code == 200
    assert _line(_paragraphs(secretary), "- UBND phường:") == (
        "- UBND phường: Lê Chí Hoạt (Chủ tịch UBND phường); Nguyễn Đức Anh (Công chức Địa chính – Xây dựng).")


def test_who_chaired_or_answered_is_never_listed_absent(app, client, auth):
    # Neither the chairman nor the official scanned an invitation at the door, yet the record
    # shows them at work in the hall: the minutes must not call them absent.
    secretary = _meeting(app, client, auth, {"Hoàng Thị Lan"})
    chairman = login(app, "chairman")
    qid = app.test_client().post("/api/questions", json={"text": "Khi nào cấp sổ đỏ cho khu tái định cư?"}).json["id"]
    for body in ({"status": "approved"}, {"status": "on_screen"},
                 {"status": "answered", "responder": "ông nguyen duc anh, công chức Địa chính"}):
        assert chairman.patch(f"/api/questions/{qid}", json=body).status_code == 200
    paragraphs = _paragraphs(secretary)
    absent = _line(paragraphs, "Đại biểu phường được mời vắng mặt:")
    assert "Lê Chí Hoạt" not in absent and "Nguyễn Đức Anh" not in absent
    assert "Phạm Quốc Hưng (Chủ tịch HĐND phường)" in absent
    assert _line(paragraphs, "- UBND phường:") == "- UBND phường: Lê Chí Hoạt (Chủ tịch UBND phường)."


def test_a_planned_chairman_who_did_not_come_is_absent_and_the_counts_agree(app, client, auth):
    # Lê Chí Hoạt was to chair but did not come; his deputy chaired, as the secretary wrote.
    secretary = _meeting(app, client, auth, {"Nguyễn Văn Thắng", "Hoàng Thị Lan", "Trần Văn Tổ"})
    conference = client.get("/api/conference").json
    assert client.patch(f"/api/conferences/{conference['id']}",
                        json={"chair": "Lê Chí Hoạt – Chủ tịch UBND phường"}).status_code == 200
    assert secretary.patch("/api/record", json={"chair_name": "Nguyễn Văn Thắng"}).status_code == 200
    paragraphs = _paragraphs(secretary)
    assert _line(paragraphs, "Chủ trì:") == "Chủ trì: Nguyễn Văn Thắng"
    assert "Lê Chí Hoạt (Chủ tịch UBND phường)" in _line(paragraphs, "Đại biểu phường được mời vắng mặt:")
    assert not [p for p in paragraphs if p.startswith("- UBND phường")]
    # The same people in the figures as in the names: 2 of the 7 ward delegates, 3 of 9 in all.
    rows = _ward_row(secretary)
    assert rows == ["Đại biểu phường", "7", "2", "0"]
    assert _line(paragraphs, "Tổng số đại biểu được mời:") == "Tổng số đại biểu được mời: 9; có mặt: 3."

    # Nobody wrote who chaired: the planned chairman is printed as chairing, so he counts as
    # there (names and figures still agree); the record lists the chair's name as still to write.
    assert secretary.patch("/api/record", json={"chair_name": ""}).status_code == 200
    paragraphs = _paragraphs(secretary)
    assert _line(paragraphs, "Chủ trì:") == "Chủ trì: Lê Chí Hoạt – Chủ tịch UBND phường"
    assert "Lê Chí Hoạt" not in _line(paragraphs, "Đại biểu phường được mời vắng mặt:")
    assert _ward_row(secretary) == ["Đại biểu phường", "7", "3", "0"]
    assert _line(paragraphs, "Tổng số đại biểu được mời:") == "Tổng số đại biểu được mời: 9; có mặt: 4."


def test_walk_ins_are_said_to_be_in_the_count_of_those_present(app, client, auth):
    secretary = _meeting(app, client, auth, {"Lê Chí Hoạt", "Trần Văn Tổ"})
    group = next(g for g in client.get("/api/conference").json["groups"] if g["name"] == "TDP số 1")
    kiosk = login(app, "kiosk")
    assert kiosk.post("/api/walkins", json={"name": "Vũ Văn Khách", "group_id": group["id"]}).status_code == 201
    assert _line(_paragraphs(secretary), "Tổng số đại biểu được mời:") == (
        "Tổng số đại biểu được mời: 9; có mặt: 3 (trong đó 1 khách không có giấy mời).")
    report = Document(io.BytesIO(secretary.get("/record/report.docx").data))
    assert "3 đại biểu có mặt (trong đó 1 khách không có giấy mời) trên 9 đại biểu được mời" in "\n".join(
        p.text for p in report.paragraphs)


def _ward_row(secretary) -> list[str]:
    """Section II's row of the ward delegates: invited, present, without an invitation."""
    document = Document(io.BytesIO(secretary.get("/record/minutes.docx").data))
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells[0] == "Đại biểu phường":
                return cells
    raise AssertionError("no row for the ward delegates")


@pytest.mark.slow
def test_the_ward_s_attendance_through_libreoffice(app, client, auth, tmp_path):
    """The minutes with the ward's sub-categories go to PDF; section II's page is kept in
    test-output/ (bien-ban-thanh-phan-trang-N.png) to look at."""
    import shutil
    import subprocess

    import pypdfium2

    from .. import live

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: scripts/test installs it"
    secretary = _meeting(app, client, auth, {"Lê Chí Hoạt", "Nguyễn Văn Thắng", "Hoàng Thị Lan", "Bùi Văn Khải",
                                             "Nguyễn Đức Anh", "Trần Văn Tổ"})
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(secretary.get("/record/minutes.docx").data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    document = pypdfium2.PdfDocument(str(source.with_suffix(".pdf")))
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    assert "Ủy ban MTTQ phường (theo dõi, giám sát hội nghị): Hoàng Thị Lan" in text
    assert "Đại biểu phường được mời vắng mặt: Phạm Quốc Hưng (Chủ tịch HĐND phường); Lê Minh Tuấn" in text
    output = live.ROOT / "test-output"
    output.mkdir(exist_ok=True)
    for number, page in enumerate(document, start=1):
        page.render(scale=90 / 72).to_pil().save(output / f"bien-ban-thanh-phan-trang-{number}.png")


def test_an_office_that_answered_is_its_one_holder_present_never_two(app, client, auth):
    """The chairman's list of who answers names offices, written its own way ("Địa chính -
    Xây dựng" with a hyphen, the roster with a dash): the one delegate holding it was there.
    Where two hold the office, the record cannot tell which: neither is taken as present."""
    secretary = _meeting(app, client, auth, {"Lê Chí Hoạt"})
    chairman = login(app, "chairman")
    qid = app.test_client().post("/api/questions", json={"text": "Khi nào cấp sổ đỏ cho khu tái định cư?"}).json["id"]
    for body in ({"status": "approved"}, {"status": "on_screen"},
                 {"status": "answered", "responder": "Công chức Địa chính - Xây dựng"}):
        assert chairman.patch(f"/api/questions/{qid}", json=body).status_code == 200
    paragraphs = _paragraphs(secretary)
    assert "Nguyễn Đức Anh" not in _line(paragraphs, "Đại biểu phường được mời vắng mặt:")
    assert _line(paragraphs, "- Cán bộ, công chức phường:") == (
        "- Cán bộ, công chức phường: Nguyễn Đức Anh (Công chức Địa chính – Xây dựng).")

    auth.login("admin")
    assert client.post("/api/invitees", json={"name": "Vũ Văn Hải", "group_id": next(
        g["id"] for g in client.get("/api/conference").json["groups"] if g["name"] == "Đại biểu phường"),
        "position": "Công chức Địa chính – Xây dựng"}).status_code == 201
    absent = _line(_paragraphs(secretary), "Đại biểu phường được mời vắng mặt:")
    assert "Nguyễn Đức Anh (Công chức Địa chính – Xây dựng)" in absent and "Vũ Văn Hải" in absent
