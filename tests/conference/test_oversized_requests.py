"""The embedded server (eventlet) refuses an oversized address or header with a page that says
why, in Vietnamese, instead of an empty 414 or 400 (a blank page on a phone), and goes on."""
from __future__ import annotations

import socket
import urllib.request
from urllib.parse import urlsplit

import pytest

from .. import live

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
        with urllib.request.urlopen(server.url + "/api/health", timeout=10) as response:  # and it goes on
            assert response.status == 200
    finally:
        server.stop()
