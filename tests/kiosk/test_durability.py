"""SIGKILL during a burst of scans from three kiosks and questions from phones: after a restart
every acknowledged admission and question is on disk, and nobody is admitted twice."""
from __future__ import annotations

import pytest

import signal
import sqlite3
import threading
import time

from .. import live
from ..conftest import xlsx

pytestmark = pytest.mark.slow

PEOPLE = 150


def test_kill_during_a_burst_loses_no_acknowledged_admission(tmp_path):
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 12 + 1}"] for i in range(PEOPLE)]
    env = live.prepare(tmp_path / "hall.db", xlsx(rows))
    server = live.start(env, tmp_path / "server.log")
    try:
        codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
        assert len(codes) == PEOPLE
        acknowledged: dict[str, tuple[int, dict]] = {}  # scan_id → (status, body)
        unanswered: list[tuple[str, str]] = []
        lock = threading.Lock()

        def kiosk(number: int):
            try:
                client = live.Client(server.url, "kiosk")
            except OSError:  # the power went before this kiosk had even logged in
                return
            # Each kiosk walks the whole list in its own order: many cards meet at two doors.
            order = codes[number::3] + codes[:number:3] + codes[::-1] if number else codes
            for i, code in enumerate(order):
                scan_id = f"kiosk{number}-{i}"
                try:
                    status, body = client.call("POST", "/api/checkins", {"code": code, "scan_id": scan_id}, timeout=5)
                except OSError:
                    with lock:
                        unanswered.append((scan_id, code))
                    return
                with lock:
                    acknowledged[scan_id] = (status, body)

        asked: list[int] = []

        def phones():
            # Phones asking during the same burst: each from its own address, as in the hall.
            for i in range(40):
                try:
                    status, body = live.Client(server.url, "admin").call(
                        "POST", "/api/questions", {"text": f"Câu hỏi số {i} trong lúc mất điện"}, timeout=5)
                except OSError:
                    return
                if status == 201:
                    with lock:
                        asked.append(body["id"])

        threads = [threading.Thread(target=kiosk, args=(n,)) for n in range(3)] + [threading.Thread(target=phones)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.stop(signal.SIGKILL)  # the laptop's power cable, mid-burst
        for t in threads:
            t.join(timeout=15)
        admitted = {body["invitee"]["id"] for status, body in acknowledged.values() if status == 201}
        assert len(acknowledged) >= 60 and admitted

        # On disk, before anything restarts: every acknowledged admission is there.
        with sqlite3.connect(tmp_path / "hall.db") as db:
            present = {row[0] for row in db.execute("SELECT invitee_id FROM checkins WHERE undone_at IS NULL")}
            doubles = db.execute(
                "SELECT invitee_id FROM checkins WHERE undone_at IS NULL GROUP BY invitee_id HAVING count(*) > 1"
            ).fetchall()
        assert admitted <= present
        assert doubles == []
        with sqlite3.connect(tmp_path / "hall.db") as db:
            kept = {row[0] for row in db.execute("SELECT id FROM questions")}
        assert set(asked) <= kept  # every acknowledged question too

        # Restart; the kiosks resend what got no answer, with the same scan_id.
        server = live.start(env, tmp_path / "server.log")
        client = live.Client(server.url, "kiosk")
        for scan_id, code in unanswered:
            status, body = client.call("POST", "/api/checkins", {"code": code, "scan_id": scan_id})
            assert status in (200, 201)
        # A retry of an acknowledged scan gets the very same answer.
        for scan_id, (status, body) in list(acknowledged.items())[:20]:
            code = body.get("invitee", {}).get("id")
            again = client.call("POST", "/api/checkins", {"code": "ignored", "scan_id": scan_id})
            assert again == (status, body), code
        conference = client.call("GET", "/api/conference")[1]
        with sqlite3.connect(tmp_path / "hall.db") as db:
            active = db.execute("SELECT count(*), count(DISTINCT invitee_id) FROM checkins WHERE undone_at IS NULL").fetchone()
        assert active[0] == active[1] == conference["present"]
        assert conference["present"] >= len(admitted)
    finally:
        server.stop()
