"""A phone sending malformed Socket.IO frames on the real server: each is ignored, the hall's
log keeps a few of their tracebacks and says how many more there were, never one each (2,000
frames of `42[]` had written 1.3 MB in a second), and the server answers meanwhile."""
from __future__ import annotations

import logging
import urllib.request

import pytest
from websockets.sync.client import connect

from conference.realtime import BoundedLog

from .. import live

pytestmark = pytest.mark.slow


def test_malformed_frames_leave_a_bounded_log_and_a_working_server(tmp_path):
    env = live.prepare(tmp_path / "hall.db")
    server = live.start(env, tmp_path / "server.log")
    try:
        url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        with connect(url, open_timeout=10) as ws:
            ws.recv()  # Engine.IO's open packet
            ws.send("40")
            ws.recv()
            for _ in range(500):
                ws.send("42[]")
            ws.send('42["nothing]')
        with urllib.request.urlopen(server.url + "/api/health", timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()
    log = server.log()
    assert log.count("Traceback") <= 12, log.count("Traceback")


def test_the_bound_says_how_many_were_left_out():
    bound = BoundedLog(per_minute=2)
    record = lambda: logging.LogRecord("engineio.server", logging.ERROR, "", 0, "message handler error", None, None)  # noqa: E731
    kept = [bound.filter(record()) for _ in range(5)]
    assert kept == [True, True, False, False, False]
    key = ("engineio.server", "message handler error")
    bound.seen[key][0] -= 61  # a minute later
    later = record()
    assert bound.filter(later) and "3 more like this" in later.msg
