"""A phone on weak Wi-Fi that stops reading does not hold up the hall: on the real server,
while one phone takes nothing for a while, the others get every approved question as it
is approved, and the slow phone, once it reads again, gets every one of them whole and in
the order they were approved (its socket's backlog is far more than one write can take)."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time

import pytest
from websockets.sync.client import connect

from .. import live

pytestmark = pytest.mark.slow

QUESTIONS = 120
# Near the 1,000-character limit, Vietnamese: about 1.4 KB each on the wire.
TEXT = ("Đề nghị phường nạo vét cống thoát nước ngõ 5 đường Nguyễn Trãi, mỗi khi mưa to nước ngập sâu, "
        "bà con đi lại khó khăn, trẻ em đi học rất nguy hiểm. ") * 6


def add_pending(env: dict[str, str]) -> None:
    setup = (
        "from conference import create_app, store\n"
        "from office.conferences import ensure_active_conference\n"
        "app = create_app(); ctx = app.app_context(); ctx.push(); db = store.db()\n"
        "conference = ensure_active_conference(db, 'Hội nghị đối thoại')\n"
        "with store.write(db):\n"
        f"    for n in range({QUESTIONS}):\n"
        f"        text = {TEXT!r} + f'(câu {{n}})'\n"
        "        store.question_insert(db, conference['id'], {'source': 'phone', 'device': f'd{n}',"
        " 'original_text': text, 'text': text, 'status': 'pending'})\n"
    )
    subprocess.run([sys.executable, "-c", setup], cwd=live.ROOT, env=env, check=True)


def phone(url: str, receive_buffer: int | None = None):
    """A phone's Socket.IO connection; a small receive buffer is a phone that reads slowly."""
    host, port = url.removeprefix("http://").split(":")
    raw = socket.socket()
    if receive_buffer:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    raw.connect((host, int(port)))
    # max_queue=1: the client library itself holds one frame, not sixteen; no pings of its own
    # (a slow phone's pong would wait behind its backlog).
    ws = connect(f"ws://{host}:{port}/socket.io/?EIO=4&transport=websocket", sock=raw, open_timeout=10,
                 max_size=None, max_queue=1 if receive_buffer else 16, ping_interval=None, close_timeout=1)
    ws.recv(timeout=5)  # the Engine.IO open packet
    ws.send("40")
    assert ws.recv(timeout=5).startswith("40")
    return ws


def approved_questions(ws, count: int, timeout: float) -> list[dict]:
    """Read until `count` approved questions have come, answering the server's pings."""
    seen: list[dict] = []
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        message = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
        if message == "2":
            ws.send("3")
        elif message.startswith('42["question"'):
            seen.append(json.loads(message[2:])[1])
    return seen


def test_a_phone_that_stops_reading_holds_up_nobody_and_loses_nothing(tmp_path):
    env = live.prepare(tmp_path / "hall.db")
    add_pending(env)
    # Sockets with a 16 KB send buffer (Linux doubles the 8 KB asked), as a crowded Wi-Fi
    # leaves: the slow phone's backlog is several times what its sockets and client can hold,
    # so a frame is cut part-way and everything after it waits its turn.
    server = live.start(env, tmp_path / "server.log",
                        prefix=(sys.executable, str(live.ROOT / "tests" / "small_send_buffer.py"), "8192"))
    try:
        chairman = live.Client(server.url, "chairman")
        ids = [q["id"] for q in sorted(chairman.call("GET", "/api/questions")[1], key=lambda q: q["number"])]
        assert len(ids) == QUESTIONS
        slow = phone(server.url, receive_buffer=2048)
        quick = phone(server.url)
        got: list[dict] = []
        reader = threading.Thread(target=lambda: got.extend(approved_questions(quick, QUESTIONS, 60)))
        reader.start()

        for question_id in ids:
            status, body = chairman.call("PATCH", f"/api/questions/{question_id}", {"status": "approved"})
            assert status == 200, body
        reader.join(timeout=60)
        # The quick phone had every question while the slow one had read nothing yet.
        assert [q["id"] for q in got] == ids
        assert sum(len(json.dumps(q, ensure_ascii=False).encode()) for q in got) > 150_000

        late = approved_questions(slow, QUESTIONS, 60)
        assert [q["id"] for q in late] == ids
        assert [q["text"] for q in late] == [q["text"] for q in got]
        assert all(q["text"].startswith(TEXT.strip()) for q in late)
        # The slow phone is still a live connection: the next approval reaches it too.
        status, body = chairman.call("PATCH", f"/api/questions/{ids[0]}", {"status": "on_screen"})
        assert status == 200, body
        assert [q["id"] for q in approved_questions(slow, 1, 10)] == [ids[0]]
        slow.close()
        quick.close()
    finally:
        server.stop()
