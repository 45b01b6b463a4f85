"""Hostile input on the routes added with petitions, public results, fields of talk and the
kiosk's offline copy — what `test_hostile.py` does not reach: its fuzz sends JSON bodies to
write routes; these are query strings of GET routes, the petitions' multipart import, HTML
exports of hostile text, and a field list that removes and names a field again.

The rule: bad input gets a Vietnamese {"error", "message"} with a 4xx (a page route: the
Vietnamese 404 page), never a 500, never a change to what is stored.
"""
from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

import pytest

from conference import store
from office import demo

from .conftest import csrf, xlsx

HUGE = str(2**70)


@pytest.fixture
def hall(app):
    with app.app_context():
        demo.load(store.db())
        store.close_db()
    clients = {}
    for account, role in demo.DEMO_ACCOUNTS:
        clients[role] = app.test_client()
        response = clients[role].post("/api/session", json={"username": account, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 200, response.json
    clients[None] = app.test_client(use_cookies=False)
    return clients


def refused(response, status: int, error: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) >= {"error", "message"} and body["message"], body
    if error:
        assert body["error"] == error, body
    return body


def upload(client, data: bytes, name: str):
    return client.post("/api/petitions/import", data={"file": (io.BytesIO(data), name)},
                       headers={"X-CSRF-Token": csrf(client)}, content_type="multipart/form-data")


def petitions(client) -> list[dict]:
    return client.get("/api/petitions").json["petitions"]


# ---------------------------------------------------------------- GET /results?conference=


@pytest.mark.parametrize("value", [HUGE, str(2**63), "9" * 40, "abc", "-1", "1e3", "1.0", "", "0", "１"])
def test_results_page_refuses_any_malformed_conference_with_the_404_page(hall, value):
    """A number past SQLite's integers was a JSON 400 ("Số gửi lên quá lớn") on a page route;
    the README promises the Vietnamese 404 page for an unknown or malformed id."""
    response = hall[None].get("/results", query_string={"conference": value})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Không có hội nghị này" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/record/results.html", "/record/results.pdf"])
@pytest.mark.parametrize("value", [HUGE, "abc", "-1", "1e3", ""])
def test_results_exports_refuse_malformed_conference_as_404_json(hall, path, value):
    refused(hall["secretary"].get(path, query_string={"conference": value}), 404, "no_conference")


def test_results_page_still_takes_a_real_conference(hall):
    conference_id = hall["admin"].get("/api/conference").json["id"]
    assert hall[None].get("/results", query_string={"conference": str(conference_id)}).status_code == 200


# ---------------------------------------------------------------- PATCH /api/room topics


def test_a_removed_field_named_again_comes_back_instead_of_splitting_in_two(hall):
    """Removing a field that a question uses retires it; naming it again made a second field
    of the same name, the question left on the hidden one. Now the same field comes back."""
    chairman, secretary = hall["chairman"], hall["secretary"]
    topics = chairman.get("/api/room").json["topics"]
    names = [t["name"] for t in topics]
    first = topics[0]["id"]
    question = secretary.post("/api/floor-questions", json={"text": "Đèn chiếu sáng ngõ 7 hỏng."}).json["id"]
    assert chairman.patch(f"/api/questions/{question}", json={"topic_id": first}).status_code == 200

    assert chairman.patch("/api/room", json={"topics": names[1:]}).status_code == 200
    again = chairman.patch("/api/room", json={"topics": names})
    assert again.status_code == 200, again.json
    assert [(t["id"], t["name"]) for t in again.json["topics"]] == [(t["id"], t["name"]) for t in topics]
    row = next(q for q in chairman.get("/api/questions").json if q["id"] == question)
    assert row["topic_id"] == first

    # by its id too
    assert chairman.patch("/api/room", json={"topics": names[1:]}).status_code == 200
    by_id = chairman.patch("/api/room", json={"topics": [{"id": first, "name": names[0]}] + names[1:]})
    assert by_id.status_code == 200, by_id.json
    assert by_id.json["topics"][0]["id"] == first


def test_removing_the_field_picked_in_the_same_change_stores_nothing(hall):
    chairman = hall["chairman"]
    before = chairman.get("/api/room").json
    names = [t["name"] for t in before["topics"]]
    response = chairman.patch("/api/room", json={"topics": names[1:], "current_topic_id": before["topics"][0]["id"]})
    refused(response, 400, "invalid")
    assert chairman.get("/api/room").json["topics"] == before["topics"]


def test_a_field_item_with_a_misspelt_key_is_refused_naming_it(hall):
    """`{"id": 3, "nmae": "Đất đai"}` was taken as the field with no new name given."""
    chairman = hall["chairman"]
    before = chairman.get("/api/room").json["topics"]
    items = [{"id": before[0]["id"], "nmae": "Đất đai mới"}] + [t["name"] for t in before[1:]]
    response = chairman.patch("/api/room", json={"topics": items})
    refused(response, 400, "invalid")
    assert "nmae" in response.json["message"]
    assert chairman.get("/api/room").json["topics"] == before


@pytest.mark.parametrize("value", [0, -1, 2**70, "1", 1.5, True, [], {}])
def test_room_current_topic_id_of_the_wrong_kind(hall, value):
    before = hall["chairman"].get("/api/room").json
    refused(hall["chairman"].patch("/api/room", json={"current_topic_id": value}), 400, "invalid")
    assert hall["chairman"].get("/api/room").json["current_topic"] == before["current_topic"]


# ---------------------------------------------------------------- GET /api/questions/<id>/similar


@pytest.mark.parametrize("path", ["0", "-1", HUGE, "abc", "1.5", str(2**63)])
def test_similar_of_no_question(hall, path):
    refused(hall["chairman"].get(f"/api/questions/{path}/similar"), 404, "not_found")


@pytest.mark.parametrize("text", ["đường " * 166, 'NEAR(đường "* AND OR ^ -', '"', "*", "(((((", "col:abc",
                                  "^ống OR * AND NOT", "a" * 1000])
def test_similar_with_full_text_operators_and_repeated_words(hall, text):
    question = hall["secretary"].post("/api/floor-questions", json={"text": text}).json["id"]
    response = hall["chairman"].get(f"/api/questions/{question}/similar")
    assert response.status_code == 200
    assert set(response.json) == {"here", "earlier"}


def test_similar_is_for_staff_only(hall):
    question = petitions(hall["admin"])[0]["id"]
    refused(hall[None].get(f"/api/questions/{question}/similar"), 401)
    refused(hall["kiosk"].get(f"/api/questions/{question}/similar"), 403)


# ---------------------------------------------------------------- POST /api/petitions/import


def _zip_of_something_else() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "không phải bảng tính")
    return buffer.getvalue()


JUNK = {
    "empty.csv": b"",
    "nul.csv": "Nội dung\nĐường\x00 hỏng\n".encode(),
    "utf16le.csv": "Nội dung\nĐường hỏng\n".encode("utf-16-le"),
    "header-only.csv": "Tổ dân phố,Người kiến nghị,Lĩnh vực,Nội dung\n".encode(),
    "header-only.xlsx": xlsx([["Tổ dân phố", "Nội dung"]]),
    "zip.xlsx": _zip_of_something_else(),
    "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,
    "a.pdf": b"%PDF-1.4\n" + b"x" * 100,
}


@pytest.mark.parametrize("name", sorted(JUNK))
def test_petition_import_junk_files_change_nothing(hall, name):
    before = petitions(hall["admin"])
    body = refused(upload(hall["secretary"], JUNK[name], name), 422, "invalid")
    assert body["errors"] and all("message" in e for e in body["errors"])
    assert petitions(hall["admin"]) == before


def test_petition_import_without_a_file(hall):
    secretary = hall["secretary"]
    refused(secretary.post("/api/petitions/import", data={}, headers={"X-CSRF-Token": csrf(secretary)},
                           content_type="multipart/form-data"), 400, "no_file")


def test_petition_import_unsaved_formula_is_a_row_error(hall):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Tổ dân phố", "Nội dung"])
    workbook.active.append(["TDP số 1", '=A1&"x"'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = petitions(hall["admin"])
    body = refused(upload(hall["secretary"], buffer.getvalue(), "f.xlsx"), 422)
    assert body["errors"][0]["row"] == 2
    assert petitions(hall["admin"]) == before


# ---------------------------------------------------------------- POST/PATCH /api/petitions


@pytest.mark.parametrize("field,value", [
    ("text", 1), ("text", []), ("text", None), ("text", "x" * 100_000),
    ("name", 1), ("name", ["x"]), ("name", "x" * 5000),
    ("group_id", "5"), ("group_id", -1), ("group_id", 2**70), ("group_id", 1.5),
    ("topic_id", "x"), ("topic_id", 2**70), ("topic_id", True),
    ("prepared_by", 7), ("prepared_answer", {}), ("show_name", "yes"),
])
def test_petition_patch_bad_fields_change_nothing(hall, field, value):
    admin = hall["admin"]
    petition = next(p for p in petitions(admin) if p["status"] == "pending")
    response = admin.patch(f"/api/petitions/{petition['id']}", json={field: value})
    assert 400 <= response.status_code < 500
    refused(response, response.status_code)
    assert next(p for p in petitions(admin) if p["id"] == petition["id"]) == petition


@pytest.mark.parametrize("path", ["0", "-1", HUGE, "abc", "1.5"])
def test_petition_patch_of_no_petition(hall, path):
    refused(hall["admin"].patch(f"/api/petitions/{path}", json={"prepared_by": "Ông A"}), 404, "not_found")


def test_petition_lone_surrogate_is_refused_before_any_rule(hall):
    before = petitions(hall["admin"])
    response = hall["admin"].post("/api/petitions", data='{"text": "\\ud800 đường"}', content_type="application/json")
    refused(response, 400, "invalid")
    assert petitions(hall["admin"]) == before


# ---------------------------------------------------------------- GET /record/results.html escapes


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes |= {name for name, _value in attrs}


HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'onmouseover='x",
           "\u202egnp.exe", "a\u200bb\u200d", "W" * 5000, "</style><b>x</b>", "]]><svg onload=1>"]


def test_results_html_escapes_hostile_text_everywhere(hall):
    admin, chairman, secretary = hall["admin"], hall["chairman"], hall["secretary"]
    groups = [admin.post("/api/groups", json={"name": "TDP " + text[:90], "quota": 10}).json["id"]
              for text in HOSTILE[1:5]]
    names = [t["name"] for t in chairman.get("/api/room").json["topics"]]
    topics = chairman.patch("/api/room", json={"topics": names + [t[:100] for t in HOSTILE[:6]]}).json["topics"][-6:]
    for i, text in enumerate(HOSTILE):
        question = secretary.post("/api/floor-questions", json={
            "text": ("Hỏi " + text)[:1000], "group_id": groups[i % len(groups)],
            "topic_id": topics[i % len(topics)]["id"]}).json["id"]
        assert chairman.patch(f"/api/questions/{question}", json={"status": "on_screen"}).status_code == 200
        answered = chairman.patch(f"/api/questions/{question}", json={
            "status": "answered", "responder": text[:200], "conclusion": text[:4000], "answer_summary": text[:4000]})
        assert answered.status_code == 200, answered.json
    for client, path in ((secretary, "/record/results.html"), (hall[None], "/results")):
        page = client.get(path)
        assert page.status_code == 200
        parsed = _Elements()
        parsed.feed(page.get_data(as_text=True))
        assert not {"script", "img", "b", "iframe"} & set(parsed.tags), path
        assert not [a for a in parsed.attributes if a.startswith("on") or a == "src"], path
    assert secretary.get("/record/results.pdf").status_code == 200


# ---------------------------------------------------------------- GET /api/kiosk/roster


@pytest.mark.parametrize("since", ["-5", "abc", HUGE, "1.5", "1e3"])
def test_kiosk_roster_bad_since(hall, since):
    epoch = hall["kiosk"].get("/api/kiosk/roster").json["epoch"]
    refused(hall["kiosk"].get("/api/kiosk/roster", query_string={"since": since, "epoch": epoch}), 400, "invalid")


@pytest.mark.parametrize("epoch", ["abc", "1.x.y", "\u0000"])
def test_kiosk_roster_mismatched_epoch_reloads_whole(hall, epoch):
    rev = hall["kiosk"].get("/api/kiosk/roster").json["rev"]
    refused(hall["kiosk"].get("/api/kiosk/roster", query_string={"since": rev, "epoch": epoch}), 410, "reload_whole")


def test_kiosk_roster_is_not_for_phones(hall):
    refused(hall[None].get("/api/kiosk/roster"), 401)


# ---------------------------------------------------------------- PATCH /api/questions reply_due, ward_role


@pytest.mark.parametrize("value", ["2026-02-30", "99999-01-01", "30/12/2026", 20271231, "2027-12-31T00", "２０２７-01-01"])
def test_reply_due_malformed(hall, value):
    question = hall["secretary"].post("/api/floor-questions", json={"text": "Hạn trả lời ngõ 3."}).json["id"]
    refused(hall["chairman"].patch(f"/api/questions/{question}", json={"reply_due": value}), 400, "invalid")


@pytest.mark.parametrize("value", [None, 1, [], {}, "x", "OTHER", " ", "a" * 10_000, True])
def test_invitee_ward_role_odd_values(hall, value):
    admin = hall["admin"]
    person = next(p for p in admin.get("/api/invitees").json if p["category"] == "ward_delegate")
    refused(admin.patch(f"/api/invitees/{person['id']}", json={"ward_role": value}), 400, "invalid")
    assert next(p for p in admin.get("/api/invitees").json if p["id"] == person["id"]) == person
