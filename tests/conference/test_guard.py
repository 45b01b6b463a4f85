"""Writes only from our own pages, whatever their body type; headers on every answer;
passwords that cannot be guessed by a flood; the join address never from a request."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conference import login_limit
from conference.realtime import socketio

from ..conftest import PASSWORD

ROOT_DIR = Path(__file__).resolve().parents[2]
ELSEWHERE = {"Origin": "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site"}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/json", "application/x-www-form-urlencoded"])
def test_another_page_on_this_laptop_cannot_write(app, client, auth, content_type):
    auth.login("admin")
    kwargs = {"data": "{}", "content_type": content_type} if content_type else {}
    for headers in (ELSEWHERE, {"Origin": "http://127.0.0.1:9999"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/api/conferences", headers=headers, **kwargs)
        assert response.status_code == 403 and response.json["error"] == "cross_site", (headers, response.json)
        assert "không đến từ trang" in response.json["message"]
    phone = app.test_client()
    assert phone.post("/api/questions", json={"text": "Câu hỏi giả mạo"}, headers=ELSEWHERE).status_code == 403


def test_our_own_pages_write(app, client, auth):
    auth.login("admin")
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    body = {"title": "Hội nghị đối thoại lần 2", "held_on": "2026-12-20"}
    assert client.post("/api/conferences", json=body, headers=same).status_code == 201
    assert client.post("/api/conferences", json=body, headers={"Origin": "http://localhost"}).status_code == 201


def test_every_answer_carries_the_headers(app, client, auth):
    for path in ("/login", "/api/health", "/ask", "/static/css/app.css", "/api/me"):
        response = client.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Referrer-Policy"], path
        response.close()


def test_an_answer_says_how_long_the_app_took(app, client, auth):
    """Server-Timing, as browsers' developer tools read it: the app's own milliseconds."""
    auth.login("admin")
    for response in (client.get("/api/conference"), client.post("/api/checkins", json={"code": "giấy lạ"})):
        name, _, duration = response.headers["Server-Timing"].partition(";dur=")
        assert name == "app" and 0 <= float(duration) < 60_000


def test_no_template_holds_an_inline_script_or_handler():
    import re

    for page in (ROOT_DIR / "templates").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert not re.search(r"\son[a-z]+\s*=", html), page


def test_wrong_passwords_meet_a_limit_with_the_wait(app, client):
    for _ in range(login_limit.LIMIT):
        assert client.post("/api/session", json={"username": "admin", "password": "sai-mat-khau"}).status_code == 401
    refused = client.post("/api/session", json={"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429 and "thử lại sau" in refused.json["message"]
    assert 0 < refused.json["retry_after"] <= login_limit.WINDOW + 1
    # The same name from another address: limited too (per account)…
    other = client.post("/api/session", json={"username": "admin", "password": "x" * 8},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 429
    # …while another account from another address logs in.
    ok = app.test_client().post("/api/session", json={"username": "kiosk", "password": PASSWORD},
                                environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert ok.status_code == 200
    # The login form says it in Vietnamese, in place.
    page = app.test_client().post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "x"})
    assert page.status_code in (400, 429)


def test_someone_else_s_wrong_passwords_do_not_keep_a_name_out_of_its_own_browser(app):
    """The chairman logged in on his laptop yesterday; today a prankster in the hall types his
    name with ten wrong passwords from a phone. His laptop still logs him in (it has logged him
    in before: a signed cookie); a new browser waits, as the guard means; the prankster too."""
    login_limit.reset()
    laptop = app.test_client()
    laptop.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert laptop.post("/api/session", json={"username": "chairman", "password": PASSWORD}).status_code == 200
    assert laptop.delete("/api/session").status_code == 204  # logged out: the cookie stays
    prankster = app.test_client()
    prankster.environ_base["REMOTE_ADDR"] = "10.0.0.66"
    for _ in range(login_limit.LIMIT):
        assert prankster.post("/api/session", json={"username": "chairman", "password": "doan-bua"}).status_code == 401
    assert prankster.post("/api/session", json={"username": "chairman", "password": PASSWORD}).status_code == 429
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "10.0.0.3"
    assert stranger.post("/api/session", json={"username": "chairman", "password": PASSWORD}).status_code == 429
    forged = app.test_client()  # a cookie this server did not sign is no browser it knows
    forged.environ_base["REMOTE_ADDR"] = "10.0.0.4"
    forged.set_cookie("doithoai_known", "WyJjaGFpcm1hbiJd.forged")
    assert forged.post("/api/session", json={"username": "chairman", "password": PASSWORD}).status_code == 429
    assert laptop.post("/api/session", json={"username": "chairman", "password": PASSWORD}).status_code == 200
    login_limit.reset()


def test_the_limit_forgets_after_its_window():
    login_limit.reset()
    for i in range(login_limit.LIMIT):
        login_limit.failed("10.0.0.1", "admin", now=1000.0 + i)
    assert login_limit.wait("10.0.0.1", "admin", now=1010.0) > 0
    assert login_limit.wait("10.0.0.1", "admin", now=1000.0 + login_limit.WINDOW + 1) == 0


def test_a_hash_runs_off_the_event_loop():
    """Under eventlet, the hall's server: while a slow hash computes, other greenlets run."""
    script = textwrap.dedent("""
        import eventlet
        eventlet.monkey_patch()
        import hashlib
        from conference.offload import off_loop
        ticks = []
        def tick():
            while True:
                ticks.append(1)
                eventlet.sleep(0.001)
        eventlet.spawn(tick)
        eventlet.sleep(0)
        before = len(ticks)
        off_loop(hashlib.scrypt, b"password", salt=b"salt", n=2**15, r=8, p=1, maxmem=2**27)
        print(len(ticks) - before)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 5  # on the loop itself it would be 0


def test_the_join_address_never_comes_from_a_request(app, client, auth):
    app.config["PUBLIC_URL"] = None
    auth.login("display")
    screen = socketio.test_client(app, flask_test_client=client)
    phone = app.test_client()
    response = phone.get("/api/screen", headers={"Host": "evil.example:80"})
    assert "evil.example" not in str(response.json)
    assert "evil.example" not in str(screen.get_received())


def test_a_question_never_shown_sends_nothing_to_the_public(app, client, auth):
    from office import demo
    from conference import store

    with app.app_context():
        demo.load(store.db())
    phone = app.test_client()
    question = phone.post("/api/questions", json={"text": "Một câu hỏi không phù hợp"}).json
    watcher = socketio.test_client(app)
    watcher.get_received()
    auth.login("chairman")
    moved = client.patch(f"/api/questions/{question['id']}", json={"status": "rejected", "reject_reason": "Không thuộc phạm vi"})
    assert moved.status_code == 200, moved.json
    heard = [e for e in watcher.get_received() if e["name"] == "question"]
    assert heard == []


def test_votes_from_one_address_are_limited(app, client, auth):
    from office import demo
    from conference import store
    from projector.rate_limit import VOTES_PER_ADDRESS

    with app.app_context():
        demo.load(store.db())
    auth.login("chairman")
    ids = []
    for text in ("Đường ngập khi mưa", "Đèn đường hỏng", "Rác thải chưa thu gom"):
        ids.append(app.test_client().post("/api/questions", json={"text": text}).json["id"])
        assert client.patch(f"/api/questions/{ids[-1]}", json={"status": "approved"}).status_code == 200
    counted = 0
    for i in range(VOTES_PER_ADDRESS[1] + 20):
        fresh = app.test_client()  # a fresh cookie each time
        response = fresh.post(f"/api/questions/{ids[i % len(ids)]}/interest")
        assert response.status_code in (200, 409, 429), response.json
        counted += response.status_code == 200
    assert counted == VOTES_PER_ADDRESS[1]
    last = app.test_client().post(f"/api/questions/{ids[0]}/interest")
    assert last.status_code == 429 and "quá nhiều" in last.json["message"]


