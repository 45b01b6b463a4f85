"""A full or read-only disk: writes are refused with a clear message, nothing is half-written,
and the service keeps answering reads."""
from __future__ import annotations

import sqlite3

import pytest

from conference import store

from ..conftest import GOOD_ROWS, import_file, xlsx


def stored(app):
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
                for t in ("invitees", "invitations", "checkins", "questions", "audit_log")]


@pytest.fixture
def broken_disk(app, monkeypatch):
    """Every new connection gets a pragma that makes the disk refuse writes as a real one does."""
    def breaking(pragma: str):
        with sqlite3.connect(app.config["DATABASE"]) as conn:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
        real_connect = store.connect

        def connect(path):
            database = real_connect(path)
            database.execute(pragma.format(pages=pages))
            return database

        store.release_all()
        monkeypatch.setattr(store, "connect", connect)
        return lambda: (store.release_all(), monkeypatch.setattr(store, "connect", real_connect))
    return breaking


@pytest.fixture
def hall(client, auth):
    auth.login("admin")
    import_file(client, xlsx(GOOD_ROWS))
    return client.get("/api/invitees").json


def test_a_read_only_disk(app, client, auth, hall, broken_disk):
    auth.login("kiosk")  # a login writes its session: the kiosk logged in before the disk failed
    before = stored(app)
    repair = broken_disk("PRAGMA query_only = 1")  # what a read-only file or mount answers
    for _ in range(2):
        response = client.post("/api/checkins", json={"code": hall[1]["code"]})
        assert response.status_code == 503 and "không ghi được dữ liệu" in response.json["message"]
    assert app.test_client().post("/api/questions", json={"text": "Câu hỏi khi đĩa hỏng"}).status_code == 503
    assert client.get("/api/conference").status_code == 200
    assert len(client.get("/api/invitees").json) == len(hall)
    repair()
    assert stored(app) == before
    assert client.post("/api/checkins", json={"code": hall[1]["code"]}).status_code == 201


def test_a_full_disk_during_an_import(app, client, auth, hall, broken_disk):
    before = stored(app)
    repair = broken_disk("PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i} với tên khá dài để cần trang mới", "TDP số 9"] for i in range(400)]
    response = import_file(client, xlsx(rows))
    assert response.status_code == 503 and "ổ đĩa đầy" in response.json["message"]
    assert client.get("/api/conference").json["invited"] == len(hall)
    repair()
    assert stored(app) == before  # nothing half-written: no group, no invitee, no code
    assert import_file(client, xlsx(rows)).status_code == 201
