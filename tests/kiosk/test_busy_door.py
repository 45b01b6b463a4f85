"""A busy door on the real server with DOITHOAI_ATTENDANCE_EVERY set: three kiosks scanning as
fast as they can share the arrivals board's counts, and the board still ends on the truth; a lone scan after a quiet
moment reaches it at once."""
from __future__ import annotations

import threading
import time

import pytest

from .. import live
from ..conftest import xlsx

pytestmark = pytest.mark.slow

PEOPLE = 61


def test_three_kiosks_share_the_counts_and_the_board_ends_on_the_truth(tmp_path):
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 3 + 1}"] for i in range(PEOPLE)]
    env = live.prepare(tmp_path / "hall.db", xlsx(rows))
    env["DOITHOAI_ATTENDANCE_EVERY"] = "0.25"  # a busy door: the counts shared
    server = live.start(env, tmp_path / "server.log")
    try:
        codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
        board = live.StaffSocket(live.Client(server.url, "secretary"))
        assert board.next_attendance()["present"] == 0  # the counts on connect
        kiosks = [live.Client(server.url, "kiosk") for _ in range(3)]
        statuses: list[int] = []

        def scan(kiosk: live.Client, mine: list[str]) -> None:
            for code in mine:
                statuses.append(kiosk.call("POST", "/api/checkins", {"code": code})[0])

        burst = codes[:-1]
        threads = [threading.Thread(target=scan, args=(k, burst[n::3])) for n, k in enumerate(kiosks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert statuses == [201] * len(burst)
        seen = []
        while not seen or seen[-1]["present"] < len(burst):
            seen.append(board.next_attendance(timeout=10))
        assert seen[-1]["present"] == len(burst)
        assert sum(g["present"] for g in seen[-1]["groups"]) == len(burst)
        assert len(seen) < len(burst)  # the scans shared their counts

        time.sleep(1)  # a quiet moment at the door
        assert kiosks[0].call("POST", "/api/checkins", {"code": codes[-1]})[0] == 201
        started = time.monotonic()
        assert board.next_attendance(timeout=5)["present"] == PEOPLE
        print(f"lone scan reached the board in {time.monotonic() - started:.3f} s")
        board.close()
    finally:
        server.stop()
