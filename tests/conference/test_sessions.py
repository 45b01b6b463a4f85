"""Sessions that end: logging out, a password reset, a role change and unpairing end that
account's or device's sessions at once, over HTTP and on open sockets; a staff login lasts
a working day."""
from __future__ import annotations

from conference import staff, store
from conference.realtime import socketio

from ..conftest import GOOD_ROWS, PASSWORD, csrf, import_file, xlsx
from ..office.test_pairing import start


def copy_of(app, client):
    """Another browser holding a copy of this client's cookies, taken now."""
    other = app.test_client()
    for cookie in client._cookies.values():
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return other


def test_a_copied_cookie_is_worth_nothing_after_logout(app, client, auth):
    auth.login("admin")
    stolen = copy_of(app, client)
    assert stolen.get("/api/me").json["role"] == "admin"
    assert auth.logout().status_code == 204
    assert stolen.get("/api/me").status_code == 401
    assert stolen.post("/api/conferences", json={"title": "x"}).status_code == 401


def test_the_logout_button_ends_the_session_and_its_socket(app, client, auth):
    auth.login("secretary")
    stolen = copy_of(app, client)
    socket = socketio.test_client(app, flask_test_client=client)
    assert socket.is_connected()
    assert client.post("/logout", data={"csrf_token": csrf(client)}).status_code == 302
    assert not socket.is_connected()
    assert stolen.get("/api/me").status_code == 401


def test_a_password_reset_or_a_role_change_ends_every_session_of_the_account(app, client, auth, db):
    auth.login("chairman")
    second = app.test_client()
    second.post("/api/session", json={"username": "chairman", "password": PASSWORD})
    socket = socketio.test_client(app, flask_test_client=second)
    assert socket.is_connected()
    with app.test_request_context():
        staff.add_staff(store.db(), "chairman", "chairman", "mat-khau-moi-1")
    assert client.get("/api/me").status_code == 401 and second.get("/api/me").status_code == 401
    assert not socket.is_connected()
    # A role change, through the CLI as the office would do it.
    auth.login("secretary")
    result = app.test_cli_runner().invoke(args=["staff", "add", "secretary", "--role", "chairman", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert client.get("/api/me").status_code == 401
    auth.login("secretary")
    assert client.get("/api/me").json["role"] == "chairman"


def test_an_unpaired_kiosk_hears_nothing_more(app, client, auth, db):
    auth.login("admin")
    import_file(client, xlsx(GOOD_ROWS))
    token = start(client, "kiosk", "Cửa phụ")
    tablet = app.test_client()
    tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)})
    socket = socketio.test_client(app, flask_test_client=tablet)
    assert socket.is_connected()
    socket.get_received()
    device = store.devices_list(db)[0]
    client.post(f"/admin/devices/{device['id']}/revoke", data={"csrf_token": csrf(client)})
    assert not socket.is_connected()
    # A check-in at another door: the revoked tablet gets neither `checkin` nor `attendance`.
    code = client.get("/api/invitees").json[0]["code"]
    auth.login("kiosk")
    assert client.post("/api/checkins", json={"code": code}).status_code == 201
    assert not socket.is_connected()
    assert tablet.get("/api/invitees?q=a").status_code == 401


def test_an_unpaired_display_stops_getting_the_screen(app, client, auth, db):
    auth.login("admin")
    token = start(client, "display", "Màn chiếu")
    tablet = app.test_client()
    tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)})
    socket = socketio.test_client(app, flask_test_client=tablet)
    assert socket.is_connected()
    device = store.devices_list(db)[0]
    client.post(f"/admin/devices/{device['id']}/revoke", data={"csrf_token": csrf(client)})
    assert not socket.is_connected()


def test_a_staff_login_lasts_a_working_day(app, client, auth, db):
    auth.login("secretary")
    assert client.get("/api/me").status_code == 200
    db.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE staff_id IS NOT NULL")
    db.conn.commit()
    assert client.get("/api/me").status_code == 401
    row = db.execute("SELECT created_at, expires_at FROM sessions").fetchone()
    assert row[1] is not None and app.config["STAFF_SESSION_HOURS"] == 12


def test_a_paired_tablet_stays_paired_until_unpaired(app, client, auth, db):
    auth.login("admin")
    tablet = app.test_client()
    tablet.post(f"/pair/{start(client)}", data={"csrf_token": csrf(tablet)})
    assert db.execute("SELECT expires_at FROM sessions WHERE device_id IS NOT NULL").fetchone()[0] is None
    assert tablet.get("/api/me").json["kind"] == "device"
