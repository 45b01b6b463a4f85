"""The server dies and comes back: every page reconnects by itself and shows the right state
within 3 seconds — the kiosk, the moderator view, the projector and a phone."""
from __future__ import annotations

import re
import signal
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import xlsx
from .conftest import login

pytestmark = pytest.mark.browser
ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 1"]]


def test_every_page_comes_back_with_the_right_state(browser, tmp_path):
    database = tmp_path / "hall.db"
    env = live.prepare(database, xlsx(ROWS))
    port = live.free_port()
    server = live.start(env, tmp_path / "server.log", port=port)
    contexts = [browser.new_context() for _ in range(4)]
    try:
        chairman = live.Client(server.url, "chairman")
        phone = live.Client(server.url, "admin")
        question = phone.call("POST", "/api/questions", {"text": "Khi nào sửa xong cầu Đồng Mai?"})[1]["id"]
        chairman.call("PATCH", f"/api/questions/{question}", {"status": "approved"})

        kiosk, moderator, screen, ask = (context.new_page() for context in contexts)
        login(kiosk, server.url, "kiosk")
        login(moderator, server.url, "chairman")
        login(screen, server.url, "display")
        ask.goto(server.url + "/ask")
        expect(kiosk.locator("#present-count")).to_contain_text("0/120")
        expect(moderator.locator('[data-column="approved"] .q')).to_have_count(1)
        expect(screen.locator("#idle")).to_be_visible()
        expect(ask.locator("#public li")).to_contain_text("trong hàng đợi")

        server.stop(signal.SIGKILL)
        # While it is down, the state moves on (as another process or a restore would move it).
        with sqlite3.connect(database) as conn:
            conn.execute("UPDATE questions SET status = 'on_screen', shown_at = '2025-11-20T01:30:00Z' WHERE id = ?", [question])
            invitee = conn.execute("SELECT id, conference_id FROM invitees ORDER BY id LIMIT 1").fetchone()
            conn.execute("INSERT INTO checkins (conference_id, invitee_id, at, kiosk, actor, method) VALUES (?, ?, ?, 'Cửa phụ', 'test', 'scan')",
                         [invitee[1], invitee[0], "2025-11-20T01:00:00Z"])
            conn.execute("UPDATE invitees SET checked_in_at = '2025-11-20T01:00:00Z' WHERE id = ?", [invitee[0]])
        time.sleep(2.5)  # long enough for every page to have tried, and backed off

        server = live.start(env, tmp_path / "server.log", port=port)
        expect(screen.locator("#current-text")).to_have_text("Khi nào sửa xong cầu Đồng Mai?", timeout=3000)
        expect(moderator.locator('[data-column="on_screen"] .q')).to_have_count(1, timeout=3000)
        expect(ask.locator("#public li")).to_contain_text("đang được trả lời", timeout=3000)
        expect(kiosk.locator("#present-count")).to_contain_text("1/120", timeout=3000)
        assert kiosk.locator("#offline-banner").is_hidden()
        expect(kiosk).to_have_url(re.compile("/kiosk$"))
    finally:
        for context in contexts:
            context.close()
        server.stop()
