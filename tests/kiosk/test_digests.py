"""The kiosk's offline copy holds keyed digests of the invitation codes, never the codes
(kiosk/digests.py); the browser test runs tests/cases/digests.json through
static/js/kiosk/digest.js, so the two sides cannot drift apart."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk import digests
from kiosk.checkin import read_scan

from ..conftest import import_file, xlsx

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "cases" / "digests.json").read_text(encoding="utf-8"))
ROWS = [["Họ và tên", "Đơn vị", "Loại", "Chức vụ"],
        ["Nguyễn Văn An", "TDP số 1", "cán bộ TDP", "Tổ trưởng TDP"],
        ["Trần Thị Bình", "TDP số 1", "", ""],
        ["Phạm Thị Dung", "Đại biểu phường", "", "Phó Chủ tịch UBND phường"]]


@pytest.fixture
def roster(client, auth):
    """An imported roster as the admin sees it, by id; `client` is then logged in as the kiosk."""
    auth.login("admin")
    assert import_file(client, xlsx(ROWS)).status_code == 201
    people = {p["id"]: p for p in client.get("/api/invitees").json}
    auth.login("kiosk")
    return people


def conference_key(app, client) -> bytes:
    return digests.conference_key(app.config["SECRET_KEY"], client.get("/api/conference").json["id"])


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_digest_cases(case):
    scan = read_scan(case["raw"])
    assert scan.kind == case["kind"]
    got = digests.digest(bytes.fromhex(case["key"]), scan.kind, scan.value) if scan.looks_like_ours else None
    assert got == case["digest"]


def test_the_cases_cover_both_kinds_keys_and_what_is_never_digested():
    assert {c["kind"] for c in CASES} >= {"code", "short", "forged", None}
    assert len({c["key"] for c in CASES}) >= 3
    assert {len(c["digest"]) for c in CASES if c["kind"] == "code"} == {digests.CODE_DIGEST_HEX}
    assert {len(c["digest"]) for c in CASES if c["kind"] == "short"} == {digests.SHORT_DIGEST_HEX}


def test_the_key_is_per_conference_and_per_server():
    key = digests.conference_key("test", 1)
    assert key.hex() == CASES[0]["key"]  # the cases' key is the test app's, conference 1
    assert key == digests.conference_key(b"test", 1)
    assert key != digests.conference_key("test", 2) and key != digests.conference_key("other", 1)


def test_the_page_uses_the_servers_lengths():
    script = (ROOT / "static" / "js" / "kiosk" / "digest.js").read_text(encoding="utf-8")
    constants = dict(re.findall(r"export const (\w+) = (\d+);", script))
    assert int(constants["CODE_DIGEST_HEX"]) == digests.CODE_DIGEST_HEX
    assert int(constants["SHORT_DIGEST_HEX"]) == digests.SHORT_DIGEST_HEX


def test_a_kiosk_gets_digests_not_codes(app, client, roster):
    key = conference_key(app, client)
    copy = client.get("/api/invitees").json
    assert len(copy) == len(roster)
    for person in copy:
        assert "code" not in person and "short_code" not in person and "phone" not in person
        full = roster[person["id"]]
        assert person["code_digest"] == digests.digest(key, "code", full["code"])
        assert person["short_digest"] == digests.digest(key, "short", full["short_code"])
        assert full["code"] not in json.dumps(person) and full["short_code"] not in json.dumps(person)
    # Search results carry no code either: the kiosk admits from them by id.
    found = client.get("/api/invitees", query_string={"q": "tran thi"}).json
    assert [p["name"] for p in found] == ["Trần Thị Bình"]
    assert "code" not in found[0] and "short_code" not in found[0]


@pytest.mark.parametrize("role", ["admin", "secretary"])
def test_admin_and_secretary_still_get_the_codes(client, auth, roster, role):
    auth.login(role)
    people = client.get("/api/invitees").json
    assert {p["id"]: (p["code"], p["short_code"]) for p in people} == {
        i: (p["code"], p["short_code"]) for i, p in roster.items()}
    assert all("code_digest" not in p for p in people)


def test_a_revoked_card_has_no_digest(client, auth, roster):
    person = next(iter(roster.values()))
    auth.login("admin")
    assert client.post(f"/api/invitees/{person['id']}/revoke").status_code == 200
    auth.login("kiosk")
    mine = next(p for p in client.get("/api/invitees").json if p["id"] == person["id"])
    assert mine["code_digest"] is None and mine["short_digest"] is None


def test_the_kiosk_page_carries_the_key_and_its_service_worker(app, client, roster):
    page = client.get("/kiosk").get_data(as_text=True)
    assert f'data-digest-key="{conference_key(app, client).hex()}"' in page
    assert 'data-service-worker="/kiosk/sw.js"' in page and 'data-shell-scope="/kiosk"' in page
    assert not any(p["code"] in page or p["short_code"] in page for p in roster.values())
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # nothing inline: CSP script-src 'self'
    with client.get("/kiosk/sw.js") as worker:
        assert worker.status_code == 200 and worker.mimetype == "text/javascript"
        assert worker.headers["Service-Worker-Allowed"] == "/kiosk"  # wider than /kiosk/, its folder
        assert "no-cache" in worker.headers["Cache-Control"]
