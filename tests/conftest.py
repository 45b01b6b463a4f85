"""Fixtures: a fresh SQLite file per test, a client, the CLI runner, and logins by role."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conference import create_app, store

PASSWORD = "mat-khau-thu"


@pytest.fixture
def app(tmp_path: Path):
    app = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "test.db"),
        "SECRET_KEY": "test",
        "ASYNC_MODE": "threading",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    with app.app_context():
        from conference import staff

        for role in staff.ROLES:
            staff.add_staff(store.db(), role, role, PASSWORD)
        store.close_db()
    yield app


@pytest.fixture(autouse=True)
def _close_pooled_connections():
    """Each test's database file is its own: close the pooled connections after it."""
    yield
    store.release_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, role: str = "admin"):
        response = self.client.post("/api/session", json={"username": role, "password": PASSWORD})
        assert response.status_code == 200, response.json
        return response

    def logout(self):
        return self.client.delete("/api/session")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def db(app):
    with app.app_context():
        yield store.db()


def xlsx(rows: list[list[Any]], merge: list[str] | None = None) -> bytes:
    """A real .xlsx file made with openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merge or []:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    return "\n".join(delimiter.join(row) for row in rows).encode(encoding)


HEADER = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Loại", "Điện thoại"]
GOOD_ROWS = [
    HEADER,
    [1, "Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP", "cán bộ TDP", "0912345678"],
    [2, "Trần Thị Bình", "TDP số 1", "", "đại diện nhân dân", ""],
    [3, "Lê Văn Cường", "TDP số 2", "", "", 912345679],
    [4, "Phạm Thị Dung", "Đại biểu phường", "Phó Chủ tịch UBND phường", "đại biểu phường", ""],
]


def import_file(client, data: bytes, name: str = "danh-sach.xlsx"):
    return client.post(
        "/api/roster/import",
        data={"file": (io.BytesIO(data), name)},
        headers={"X-CSRF-Token": csrf(client)},
        content_type="multipart/form-data",
    )


def held_today(app) -> str:
    """The active conference takes place today on the hall's calendar (a new one is set two
    weeks ahead): its follow-up is done from this day on. Returns the day, ISO."""
    from conference import clock

    with app.app_context():
        database = store.db()
        day = clock.hall_today().isoformat()
        with store.write(database):
            store.conference_update(database, store.conference_active(database)["id"], {"held_on": day})
    return day


def login(app, role: str):
    """A new client logged in as `role`."""
    client = app.test_client()
    assert client.post("/api/session", json={"username": role, "password": PASSWORD}).status_code == 200
    return client


def docx_text(content: bytes) -> str:
    """A Word file's text as a reader sees it: paragraphs, then each table row as "a | b | c"."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def restored(tmp_path: Path, backup: bytes, role: str = "secretary"):
    """A second app whose empty database took this backup through `flask restore`; a client
    logged in there as `role`."""
    (tmp_path / "backup.json").write_bytes(backup)
    fresh = create_app({"TESTING": True, "DATABASE": str(tmp_path / "restored.db"), "SECRET_KEY": "t",
                        "ASYNC_MODE": "threading", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup.json")])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        from conference import staff

        staff.add_staff(store.db(), role, role, PASSWORD)
    return login(fresh, role)


def csrf(client) -> str:
    """The token the roster page would send, read from a page like a browser does."""
    page = client.get("/login").get_data(as_text=True)
    marker = 'name="csrf-token" content="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def snapshot(database) -> dict[str, list[dict]]:
    """Everything the roster stores, to prove a refused import changed nothing."""
    return {
        table: list(database.query(f"SELECT * FROM {table} ORDER BY id"))
        for table in ("conferences", "groups", "invitees", "invitations")
    }


# What needs more than Python and a SQLite file is `slow`: the browser, LibreOffice, Redis,
# the offline bundle, a server killed mid-burst. `pytest -m "not slow"` is the quick loop;
# scripts/test (CI) runs everything.
_SLOW_FOLDERS = ("browser",)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent.name in _SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _forget_login_failures():
    """Wrong passwords of one test do not make another wait."""
    from conference import login_limit

    login_limit.reset()
    yield
