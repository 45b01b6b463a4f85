"""The printable invitations, checked for real: render the PDF, read its QR codes back."""
from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from ..conftest import import_file, xlsx

ROWS = [["Họ và tên", "Đơn vị", "Chức vụ"]] + [
    [f"Nguyễn Thị Hường {i}", f"TDP số {1 + i % 3}", "Chi hội trưởng Phụ nữ" if i % 4 == 0 else ""]
    for i in range(7)
]


@pytest.fixture
def loaded(client, auth):
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    return client


def decoded(pdf: bytes) -> tuple[list[str], str]:
    """Every QR text in the PDF, page by page, and all its text."""
    document = pypdfium2.PdfDocument(pdf)
    codes, text = [], []
    for page in document:
        image = page.render(scale=150 / 72).to_pil()
        codes += [result.text for result in zxingcpp.read_barcodes(image)]
        text.append(page.get_textpage().get_text_range())
    return codes, "\n".join(text)


def test_every_invitation_carries_its_own_code(loaded):
    response = loaded.get("/invitations.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    codes, text = decoded(response.data)
    people = loaded.get("/api/invitees").json
    assert sorted(codes) == sorted(p["code"] for p in people)
    # The text a reader checks: names with exact diacritics, the header, the short code.
    assert "Nguyễn Thị Hường 3" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "GIẤY MỜI" in text  # Decree 30's spelling
    assert "CỘNG HOÀ" not in text
    short = people[0]["short_code"]
    assert f"{short[:4]}-{short[4:]}" in text


def test_one_group_only(loaded):
    group = next(g for g in loaded.get("/api/conference").json["groups"] if g["name"] == "TDP số 2")
    codes, _ = decoded(loaded.get(f"/invitations.pdf?group={group['id']}").data)
    expected = [p["code"] for p in loaded.get(f"/api/invitees?group={group['id']}").json]
    assert len(expected) == 2 and sorted(codes) == sorted(expected)


@pytest.mark.parametrize("group,status", [("999", 404), ("abc", 400), ("", 400)])
def test_unknown_group_is_refused(loaded, group, status):
    response = loaded.get(f"/invitations.pdf?group={group}")
    assert response.status_code == status and response.json["message"]


def test_a_reissued_card_prints_the_new_code(loaded):
    person = loaded.get("/api/invitees").json[0]
    new = loaded.post(f"/api/invitees/{person['id']}/reissue").json
    codes, _ = decoded(loaded.get("/invitations.pdf").data)
    assert new["code"] in codes and person["code"] not in codes


def test_secretary_prints_kiosk_does_not(client, auth, loaded):
    auth.login("secretary")
    assert client.get("/invitations.pdf").status_code == 200
    auth.login("kiosk")
    assert client.get("/invitations.pdf").status_code == 403


def test_browser_print_view_has_one_qr_per_invitee(loaded):
    page = loaded.get("/invitations").get_data(as_text=True)
    assert page.count('<article class="invitation">') == 7
    assert page.count("data:image/svg+xml;base64,") == 7
    assert "Nguyễn Thị Hường 6" in page


# ---------------------------------------------------------------- a document the ward signs

LONG = {
    "title": "Hội nghị đối thoại giữa Chủ tịch Ủy ban nhân dân phường với Nhân dân về công tác quản lý đất đai, "
             "trật tự xây dựng và môi trường năm 2026 (lần thứ hai)",
    "venue": "Hội trường tầng 3, trụ sở Ủy ban nhân dân phường Đồng Mai, số 1 đường Quang Trung, tổ dân phố số 5",
}


def halves(pdf: bytes) -> list[str]:
    """The text of each A5 card on each page: the top half and the bottom half, apart."""
    document = pypdfium2.PdfDocument(pdf)
    out = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        out.append(text.get_text_bounded(left=0, bottom=height / 2, right=width, top=height))
        out.append(text.get_text_bounded(left=0, bottom=0, right=width, top=height / 2))
    return out


@pytest.fixture
def signed(loaded):
    """The conference set as a ward sets it: its name, the chairman, the invitation's number."""
    conference = loaded.get("/api/conference").json
    assert loaded.patch(f"/api/conferences/{conference['id']}", json={
        "organization": "UBND phường Đồng Mai", "chair": "Lê Chí Hoạt – Chủ tịch UBND phường",
        "held_on": "2026-05-15"}).status_code == 200
    assert loaded.patch("/api/record", json={"invitation_number": "12"}).status_code == 200
    return loaded


def test_the_invitation_is_a_document_the_ward_signs(signed):
    """Decree 30: the issuing body's full name, a number …/GM-UBND, the place-date line, the
    signer; the meeting's day in words with the decree's zeros (15 tháng 5, not tháng 05)."""
    _, text = decoded(signed.get("/invitations.pdf").data)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "ỦY BAN NHÂN DÂN" in lines and "PHƯỜNG ĐỒNG MAI" in lines
    assert "Số: 12/GM-UBND" in lines
    assert "Đồng Mai, ngày …… tháng …… năm 2026" in lines
    assert "ngày 15 tháng 5 năm 2026" in text and "tháng 05" not in text
    assert lines.count("TM. ỦY BAN NHÂN DÂN") == 7 and lines.count("Lê Chí Hoạt") == 7
    assert "UBND PHƯỜNG" not in text


def test_a_set_issuing_body_and_superior_body_are_printed(signed):
    signed.patch("/api/record", json={"issuing_body": "Ủy ban nhân dân phường Đồng Mai",
                                      "superior_body": "UBND thành phố Hà Nội", "invitation_number": "7/GM-UBND"})
    _, text = decoded(signed.get("/invitations.pdf").data)
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "PHƯỜNG ĐỒNG MAI" in text and "Số: 7/GM-UBND" in text


def test_the_office_numbers_its_invitations_on_the_conferences_page(loaded):
    """The admin prints the invitations; the record page, where the secretary also sets the
    number, is not on the admin's menu: the conference's own form takes it."""
    conference = loaded.get("/api/conference").json
    saved = loaded.patch(f"/api/conferences/{conference['id']}", json={"invitation_number": "45/GM-UBND"})
    assert saved.status_code == 200
    _, text = decoded(loaded.get("/invitations.pdf").data)
    assert "Số: 45/GM-UBND" in text
    too_long = loaded.patch(f"/api/conferences/{conference['id']}", json={"invitation_number": "9" * 61})
    assert too_long.status_code in (400, 422) and too_long.json["message"]


def test_each_invitation_stays_on_its_own_half_page(signed, tmp_path):
    """Two cards a page, cut along the line: each card's text, long titles included, stays in
    its half; the page image goes to test-output/ to be looked at."""
    conference = signed.get("/api/conference").json
    signed.patch(f"/api/conferences/{conference['id']}", json=LONG)
    person = signed.get("/api/invitees").json[0]
    signed.patch(f"/api/invitees/{person['id']}", json={
        "position": "Chi hội trưởng Chi hội Phụ nữ kiêm Trưởng ban công tác Mặt trận tổ dân phố số 12"})
    pdf = signed.get("/invitations.pdf").data
    cards = halves(pdf)
    assert len(cards) == 8  # 7 invitations, 4 pages
    for card in cards[:7]:
        flat = " ".join(card.split())
        assert flat.count("GIẤY MỜI") == 1 and flat.count("TM. ỦY BAN NHÂN DÂN") == 1, flat
        assert "Lê Chí Hoạt" in flat and "Xin mang theo giấy mời" in flat and "tổ dân phố số 5" in flat
    assert cards[7].strip() == ""
    from ..live import ROOT

    folder = ROOT / "test-output"
    folder.mkdir(exist_ok=True)
    pypdfium2.PdfDocument(pdf)[0].render(scale=110 / 72).to_pil().save(folder / "giay-moi-trang-1.png")


def test_the_print_view_says_cong_hoa_as_the_decree_does(signed):
    page = signed.get("/invitations").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "CỘNG HOÀ" not in page
    assert "TM. ỦY BAN NHÂN DÂN" in page and "ngày 15 tháng 5 năm 2026" in page


def test_the_roster_page_warns_before_printing_invitations_that_name_no_ward(app, client, auth):
    """A fresh install's conference is 'UBND phường': its invitations would print a bare
    'PHƯỜNG'. The roster page says so beside the print buttons until the ward is named."""
    from ..conftest import import_file, xlsx

    auth.login("admin")
    assert import_file(client, xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]])).status_code == 201
    page = client.get("/admin").get_data(as_text=True)
    assert 'id="unnamed-ward"' in page and "Giấy mời chưa có tên phường" in page
    conference = client.get("/api/conference").json
    assert client.patch(f"/api/conferences/{conference['id']}",
                        json={"organization": "UBND phường Đông Mai"}).status_code == 200
    assert 'id="unnamed-ward"' not in client.get("/admin").get_data(as_text=True)


def test_a_page_of_more_invitations_than_a_browser_prints_says_how_instead(client, auth, monkeypatch):
    """Over the page's limit (a district's 20,000 made 150 MB of HTML and froze the door for a
    minute) the page says, in Vietnamese, to print group by group or use the PDF; a group's
    page still prints."""
    from office import routes

    monkeypatch.setattr(routes, "PRINT_PAGE_MAX", 5)
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    refused = client.get("/invitations")
    assert refused.status_code == 413
    page = refused.get_data(as_text=True)
    assert "Danh sách có 7 người, quá nhiều để in trong một trang (tối đa 5)" in page and "PDF" in page
    group = next(g for g in client.get("/api/conference").json["groups"] if g["name"] == "TDP số 2")
    one_group = client.get(f"/invitations?group={group['id']}")
    assert one_group.status_code == 200 and one_group.get_data(as_text=True).count('class="invitation"') == 2
