"""Socket.IO: staff boards get `attendance` after a roster write commits; phones do not."""
from __future__ import annotations

import pytest

from conference import create_app
from conference.realtime import socketio

from ..conftest import GOOD_ROWS, import_file, xlsx


def events(client, name):
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def test_a_staff_board_gets_a_snapshot_then_every_change(app, client, auth):
    auth.login("admin")
    import_file(client, xlsx(GOOD_ROWS))
    board = app.test_client()
    board.post("/api/session", json={"username": "secretary", "password": "mat-khau-thu"})
    observer = socketio.test_client(app, flask_test_client=board)
    phone = socketio.test_client(app)
    assert observer.is_connected() and phone.is_connected()
    snapshot = events(observer, "attendance")
    assert len(snapshot) == 1 and snapshot[0]["invited"] == 4

    tdp = next(g for g in snapshot[0]["groups"] if g["kind"] == "tdp")
    client.post("/api/invitees", json={"name": "Đặng Văn Quang", "group_id": tdp["id"]})
    update = events(observer, "attendance")
    assert len(update) == 1 and update[0]["invited"] == 5
    assert events(phone, "attendance") == []

    # A refused write emits nothing.
    client.post("/api/invitees", json={"name": "", "group_id": tdp["id"]})
    assert events(observer, "attendance") == []


def test_the_event_carries_no_personal_data(app, client, auth):
    auth.login("admin")
    import_file(client, xlsx(GOOD_ROWS))
    observer = socketio.test_client(app, flask_test_client=client)
    payload = str(events(observer, "attendance"))
    assert "0912345678" not in payload and "Nguyễn Văn An" not in payload


def test_an_old_socketio_client_gets_a_clear_4xx(client):
    response = client.get("/socket.io/?EIO=3&transport=polling")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("key, value", [
    ("ATTENDANCE_EVERY", "nhanh"), ("ATTENDANCE_EVERY", -1), ("ATTENDANCE_EVERY", True),
    ("KIOSK_SYNC_PAGE", 0), ("KIOSK_SYNC_PAGE", 2.5), ("PROXIES", "một"),
])
def test_a_bad_number_setting_stops_the_server_at_start_with_a_sentence(tmp_path, key, value):
    """A typo in DOITHOAI_ATTENDANCE_EVERY must not turn every scan into an error later."""
    with pytest.raises(ValueError, match=f"DOITHOAI_{key} phải là một"):
        create_app({"DATABASE": str(tmp_path / "x.db"), "SECRET_KEY": "t", key: value})


@pytest.mark.parametrize("zone", ["Giờ Hà Nội", "Asia/Hanoi2", "../../etc/passwd", "", 7])
def test_a_bad_time_zone_stops_the_server_at_start_with_a_sentence(tmp_path, zone):
    """Every page carries the hall's clock: a typo must not turn every page into an error."""
    with pytest.raises(ValueError, match="DOITHOAI_TIMEZONE phải là tên một múi giờ"):
        create_app({"DATABASE": str(tmp_path / "x.db"), "SECRET_KEY": "t", "TIMEZONE": zone})


def test_the_time_zone_from_the_environment_is_read_as_typed(tmp_path, monkeypatch):
    monkeypatch.setenv("DOITHOAI_DATABASE", str(tmp_path / "x.db"))
    monkeypatch.setenv("DOITHOAI_SECRET_KEY", "t")
    monkeypatch.setenv("DOITHOAI_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DOITHOAI_TIMEZONE", "Asia/Bangkok")
    app = create_app()
    assert app.config["TIMEZONE"] == "Asia/Bangkok"
    page = app.test_client().get("/login")
    assert page.status_code == 200 and b'<meta name="hall-clock" content="' in page.data


def test_number_settings_from_the_environment_are_used(tmp_path, monkeypatch):
    monkeypatch.setenv("DOITHOAI_DATABASE", str(tmp_path / "x.db"))
    monkeypatch.setenv("DOITHOAI_SECRET_KEY", "t")
    monkeypatch.setenv("DOITHOAI_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("DOITHOAI_ATTENDANCE_EVERY", "0.5")
    monkeypatch.setenv("DOITHOAI_KIOSK_SYNC_PAGE", "200")
    app = create_app()
    assert app.config["ATTENDANCE_EVERY"] == 0.5 and app.config["KIOSK_SYNC_PAGE"] == 200


def test_an_empty_secret_key_file_is_made_anew_and_a_kept_one_stays(tmp_path, monkeypatch):
    """A power cut while the key was first made left an empty `instance/secret_key`: every page
    then failed to start a session until someone deleted it by hand. Now it is made anew; a
    key already there is kept (logins survive restarts)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("")
    monkeypatch.setenv("DOITHOAI_DATABASE", str(tmp_path / "x.db"))
    monkeypatch.setenv("DOITHOAI_INSTANCE", str(instance))
    monkeypatch.delenv("DOITHOAI_SECRET_KEY", raising=False)
    app = create_app()
    key = (instance / "secret_key").read_text()
    assert len(key) == 64 and app.config["SECRET_KEY"] == key
    assert app.test_client().get("/login").status_code == 200
    assert create_app().config["SECRET_KEY"] == key  # the next start keeps it
    assert [p.name for p in instance.iterdir() if p.name.startswith(".secret_key.") and p.name != ".secret_key.lock"] == []
