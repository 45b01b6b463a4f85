"""On the real server (eventlet, offload's threads): the hall's phones open /results at the
same moment, right after a start and right after a check-in changes its charts. Every one gets
the page, and the staff's login and the minutes still answer after: matplotlib's locks are
green under eventlet, and two threads drawing at once had hung every later drawing and then
offload's whole thread pool."""
from __future__ import annotations

import threading
import urllib.request

import pytest

from .. import live
from ..conftest import GOOD_ROWS, xlsx

pytestmark = pytest.mark.slow


def crowd(url: str, count: int) -> list[object]:
    """`count` phones asking for /results at once: each one's status, or what went wrong."""
    answers: list[object] = [None] * count
    start = threading.Barrier(count)

    def phone(n: int) -> None:
        start.wait()
        try:
            with urllib.request.urlopen(url + "/results", timeout=30) as response:
                answers[n] = response.status if b"<svg" in response.read() else "no chart"
        except Exception as error:  # noqa: BLE001 (the test reports it)
            answers[n] = repr(error)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(40)
    return answers


def test_phones_opening_the_results_together_all_get_them_and_nothing_hangs(tmp_path):
    env = live.prepare(tmp_path / "hall.db", xlsx(GOOD_ROWS), tmp_path)
    server = live.start(env, tmp_path / "server.log")
    try:
        assert crowd(server.url, 8) == [200] * 8  # the first drawing after the start
        kiosk = live.Client(server.url, "kiosk")
        code = live.Client(server.url, "admin").call("GET", "/api/invitees")[1][0]["code"]
        assert kiosk.call("POST", "/api/checkins", {"code": code})[0] == 201  # the attendance chart changes
        assert crowd(server.url, 12) == [200] * 12
        secretary = live.Client(server.url, "secretary")  # a login hashes on offload's threads
        status, _ = secretary.call("GET", "/api/record", timeout=15)
        assert status == 200
        with secretary.opener.open(server.url + "/record/report.docx", timeout=30) as response:
            assert response.status == 200 and response.read(2) == b"PK"
    finally:
        server.stop()
    assert "Cannot switch to a different thread" not in server.log()
