"""Two app processes sharing events through a real Redis: a check-in on one reaches a board
connected to the other; when Redis goes away, each process still serves its own clients and
says so."""
from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from .. import live
from ..conftest import xlsx

pytestmark = pytest.mark.slow

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 1"]]


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: scripts/test installs it"
    port = live.free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=5)


def test_a_checkin_on_one_process_reaches_a_board_on_the_other(tmp_path, redis_server):
    redis, url = redis_server
    env = live.prepare(tmp_path / "hall.db", xlsx(ROWS))
    env["DOITHOAI_MESSAGE_QUEUE"] = url
    first = live.start(env, tmp_path / "first.log")
    second = live.start(env, tmp_path / "second.log")
    try:
        board = live.StaffSocket(live.Client(second.url, "secretary"))
        assert board.next_attendance()["present"] == 0  # the snapshot on connect
        kiosk = live.Client(first.url, "kiosk")
        codes = [p["code"] for p in live.Client(first.url, "admin").call("GET", "/api/invitees")[1]]
        assert kiosk.call("POST", "/api/checkins", {"code": codes[0]})[0] == 201
        assert board.next_attendance()["present"] == 1  # through Redis, from the other process
        assert live.Client(second.url, "kiosk").call("GET", "/api/health")[1]["message_queue"] == "ok"

        redis.terminate()
        redis.wait(timeout=5)
        local_kiosk = live.Client(second.url, "kiosk")
        assert local_kiosk.call("POST", "/api/checkins", {"code": codes[1]})[0] == 201
        assert board.next_attendance(timeout=10)["present"] == 2  # its own clients still hear
        health = local_kiosk.call("GET", "/api/health")[1]
        assert health == {"ok": False, "database": "ok", "message_queue": "unavailable"}
        board.close()
    finally:
        first.stop()
        second.stop()
