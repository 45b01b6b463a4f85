"""The embedded server (eventlet) refuses an oversized address or header with a page that says
why, in Vietnamese, instead of an empty 414 or 400 (a blank page on a phone), and goes on."""
from __future__ import annotations

import socket
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from .. import live
from ..conftest import xlsx

pytestmark = pytest.mark.slow


def raw(url: str, request: bytes) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_an_oversized_address_or_header_is_refused_in_words(tmp_path):
    server = live.start(live.prepare(tmp_path / "hall.db"), tmp_path / "server.log")
    try:
        long_address = raw(server.url, b"GET /ask?x=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: hall\r\n\r\n")
        head, _, body = long_address.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 414 ") and b"charset=utf-8" in head
        assert "Địa chỉ trang quá dài" in body.decode() and int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) == len(body)
        big_cookie = raw(server.url, b"GET /ask HTTP/1.1\r\nHost: hall\r\nCookie: c=" + b"b" * 9000 + b"\r\n\r\n")
        head, _, body = big_cookie.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 431 ") and "quá lớn" in body.decode()
        many = raw(server.url, b"GET /ask HTTP/1.1\r\nHost: hall\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(150))
                   + b"\r\n")  # Python's own limit, 100 headers: its English page before
        head, _, body = many.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 431 ") and "quá lớn" in body.decode()
        for garbage in (b"GARBAGE\r\n\r\n", b"GET /ask HTTP/9.9\r\nHost: hall\r\n\r\n",
                        b"POST /api/questions HTTP/1.1\r\nHost: hall\r\nContent-Length: -1\r\n\r\n",
                        b"POST /api/questions HTTP/1.1\r\nHost: hall\r\nContent-Length: 5\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n"):
            head, _, body = raw(server.url, garbage).partition(b"\r\n\r\n")
            assert head[9:12] in (b"400", b"505") and b"charset=utf-8" in head, head
            assert "Máy chủ không đọc được yêu cầu này" in body.decode()
        # A phone that opened https:// on this port: closed at once, not held until the idle timeout.
        started = time.monotonic()
        assert raw(server.url, bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]) + b"\x00" * 40) == b""
        assert time.monotonic() - started < 5
        with urllib.request.urlopen(server.url + "/api/health", timeout=10) as response:  # and it goes on
            assert response.status == 200
    finally:
        server.stop()


def test_a_connection_left_silent_is_let_go_and_a_live_websocket_is_not(tmp_path):
    """A phone that walked out of the Wi-Fi between two requests, or in the middle of one, held
    its connection (a green thread, a socket) for the rest of the day: nothing ever came to end
    it. After DOITHOAI_CONNECTION_IDLE_SECONDS of silence the server lets go; a websocket that
    answers the server's pings (every 25 s) is never silent that long and stays."""
    roster = xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]])
    env = {**live.prepare(tmp_path / "hall.db", roster), "DOITHOAI_CONNECTION_IDLE_SECONDS": "50"}
    server = live.start(env, tmp_path / "server.log")
    parts = urlsplit(server.url)
    silent = {}
    try:
        for name, request in (
            ("idle between requests", b"GET /api/health HTTP/1.1\r\nHost: hall\r\nConnection: keep-alive\r\n\r\n"),
            ("headers never finished", b"GET /api/health HTTP/1.1\r\nHost: hall\r\nX-Slow: "),
            ("body never finished", b"POST /api/session HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\n"
                                    b"Content-Length: 100\r\n\r\n{\"username\""),
        ):
            sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
            sock.sendall(request)
            silent[name] = sock
        head = silent["idle between requests"].recv(65536)
        assert head.startswith(b"HTTP/1.1 200 ") and b"Keep-Alive: timeout=50" in head
        chairman = live.Client(server.url, "chairman")
        moderator = live.StaffSocket(chairman)
        started = time.monotonic()
        while time.monotonic() - started < 57:  # the phone's own part: answering each ping
            try:
                if moderator.ws.recv(timeout=1) == "2":
                    moderator.ws.send("3")
            except TimeoutError:
                pass
        for name, sock in silent.items():
            sock.settimeout(5)
            rest = b""
            while chunk := sock.recv(65536):  # b"" once the server has closed it
                rest += chunk
            assert not rest or name == "body never finished", (name, rest[:80])
        # The websocket is still there: the chairman's next change reaches it.
        assert chairman.call("PATCH", "/api/room", {"submissions": "paused"})[0] == 200
        assert moderator.next_event("screen")["submissions"] == "paused"
        moderator.close()
    finally:
        for sock in silent.values():
            sock.close()
        server.stop()
