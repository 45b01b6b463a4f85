"""The counts a staff page fetches and the counts its socket sends are the same text for the
same state (keys in the same order), so the page's "nothing changed, redraw nothing" holds
and a row being typed in as the page loads is not drawn again under the typing."""
from __future__ import annotations

import json

import pytest

from .. import live
from ..conftest import xlsx

pytestmark = pytest.mark.slow


def test_the_socket_greeting_is_the_same_text_as_the_fetched_counts(tmp_path):
    rows = [["Họ và tên", "Đơn vị", "Chức vụ"], ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng"],
            ["Trần Thị Bình", "TDP số 2", ""]]
    env = live.prepare(tmp_path / "hall.db", xlsx(rows))
    server = live.start(env, tmp_path / "server.log")
    try:
        secretary = live.Client(server.url, "secretary")
        status, fetched = secretary.call("GET", "/api/conference")
        assert status == 200 and fetched["invited"] == 2
        board = live.StaffSocket(secretary)
        greeting = board.next_attendance()
        # json.loads keeps the order it read: equal dumps means equal text in the browser's
        # JSON.stringify too.
        assert json.dumps(greeting) == json.dumps(fetched)
        board.close()
    finally:
        server.stop()
