"""The moment the join QR appears: hundreds of phones connect within a second or two while
the server is busy. eventlet's listen backlog of 50 dropped the rest of them (the kernel
counted 3,003 overflows in one benchmark run), and each dropped phone waited 1, 3 or 7 s
for its retry: the server now keeps a queue the size of the hall."""
from __future__ import annotations

import signal
import socket
import time
from urllib.parse import urlsplit

import pytest

from .. import live

pytestmark = pytest.mark.slow

PHONES = 300


def test_phones_arriving_while_the_server_is_busy_are_queued_and_all_answered(tmp_path):
    server = live.start(live.prepare(tmp_path / "hall.db"), tmp_path / "server.log")
    parts = urlsplit(server.url)
    phones: list[socket.socket] = []
    try:
        server.process.send_signal(signal.SIGSTOP)  # busy: accepting nothing, as a loop held by work
        try:
            connected = 0
            for _ in range(PHONES):
                phone = socket.socket()
                phones.append(phone)
                phone.settimeout(0.5)  # a dropped SYN is retried only after 1 s
                try:
                    phone.connect((parts.hostname, parts.port))
                except TimeoutError:
                    break
                connected += 1
        finally:
            server.process.send_signal(signal.SIGCONT)
        assert connected == PHONES
        for phone in phones:
            phone.settimeout(30)
            phone.sendall(b"GET /api/health HTTP/1.1\r\nHost: hall\r\nConnection: close\r\n\r\n")
        answered = 0
        deadline = time.monotonic() + 60
        for phone in phones:
            answer = b""
            while time.monotonic() < deadline and (chunk := phone.recv(65536)):
                answer += chunk
            answered += answer.startswith(b"HTTP/1.1 200 ")
        assert answered == PHONES
    finally:
        for phone in phones:
            phone.close()
        server.stop()
