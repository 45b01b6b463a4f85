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
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "GIẤY MỜI" in text
    short = people[0]["short_code"]
    assert f"{short[:4]}-{short[4:]}" in text


def test_one_group_only(loaded):
    group = next(g for g in loaded.get("/api/conference").json["groups"] if g["name"] == "TDP số 2")
    codes, _ = decoded(loaded.get(f"/invitations.pdf?group={group['id']}").data)
    expected = [p["code"] for p in loaded.get(f"/api/invitees?group={group['id']}").json]
    assert len(expected) == 2 and sorted(codes) == sorted(expected)


@pytest.mark.parametrize("group", ["999", "abc", ""])
def test_unknown_group_is_404(loaded, group):
    response = loaded.get(f"/invitations.pdf?group={group}")
    assert response.status_code == 404 and response.json["message"]


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
