"""Pairing a tablet by QR: one use, a few minutes, and an unpaired tablet loses access."""
from __future__ import annotations

import re

from conference import store

from ..conftest import csrf


def start(client, role="kiosk", name="Cửa chính 1") -> str:
    made = client.post("/admin/devices", data={"role": role, "name": name, "csrf_token": csrf(client)})
    assert made.status_code == 303 and made.location.endswith("/admin/devices")  # a reload resends nothing
    page = client.get("/admin/devices")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data:image/svg+xml;base64," in html  # the QR to scan
    return re.search(r"/pair/([A-Za-z0-9_-]+)", html).group(1)


def test_a_tablet_pairs_once_as_kiosk(app, client, auth):
    auth.login("admin")
    token = start(client)
    tablet = app.test_client()
    offer = tablet.get(f"/pair/{token}")
    assert offer.status_code == 200
    assert "Máy này sẽ là: Cửa chính 1 — Bàn đón tiếp." in offer.get_data(as_text=True)  # said before the button
    response = tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)})
    assert response.status_code == 302 and response.location.endswith("/kiosk")
    me = tablet.get("/api/me").json
    assert me == {**me, "kind": "device", "role": "kiosk", "name": "Cửa chính 1"}
    assert tablet.get("/api/invitees?q=a").status_code == 200
    assert tablet.get("/admin").status_code == 403
    # The same QR again, from another tablet: refused.
    other = app.test_client()
    assert other.get(f"/pair/{token}").status_code == 410
    assert other.post(f"/pair/{token}", data={"csrf_token": csrf(other)}).status_code == 410
    assert other.get("/api/me").status_code == 401


def test_an_expired_token_does_not_pair(app, client, auth, db):
    auth.login("admin")
    token = start(client, "display")
    db.execute("UPDATE pairings SET expires_at = '2000-01-01T00:00:00Z'")
    db.conn.commit()
    tablet = app.test_client()
    assert "hết hạn" in tablet.get(f"/pair/{token}").get_data(as_text=True)
    assert tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)}).status_code == 410


def test_unpairing_ends_the_tablets_access(app, client, auth, db):
    auth.login("admin")
    token = start(client, "display", "Màn chiếu hội trường")
    tablet = app.test_client()
    tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)})
    assert tablet.get("/api/conference").status_code in (200, 404)
    device = store.devices_list(db)[0]
    client.post(f"/admin/devices/{device['id']}/revoke", data={"csrf_token": csrf(client)})
    assert tablet.get("/api/me").status_code == 401


def test_only_kiosk_or_display_and_only_by_admin(app, client, auth):
    auth.login("admin")
    page = client.post("/admin/devices", data={"role": "admin", "csrf_token": csrf(client)})
    assert page.status_code == 400 and "kiosk" in page.get_data(as_text=True)
    auth.login("secretary")
    assert client.post("/admin/devices", data={"role": "kiosk", "csrf_token": csrf(client)}).status_code == 403


def test_unknown_token(client):
    assert client.get("/pair/khong-co").status_code == 410


def test_the_qr_stays_on_a_reload_and_goes_once_a_tablet_used_it(app, client, auth, db):
    """The form answers with a redirect: a reload shows the same QR (no browser question about
    sending the form again, no second pairing); once the tablet has paired, the page says so
    once, the QR is gone and the tablet is in the list. The page's script asks the state."""
    auth.login("admin")
    assert client.get("/admin/devices/pairing").json == {"state": "none"}
    token = start(client, "kiosk", "Cửa phụ")
    again = client.get("/admin/devices").get_data(as_text=True)
    assert f"/pair/{token}" in again
    assert db.execute("SELECT count(*) FROM pairings").fetchone()[0] == 1
    assert client.get("/admin/devices/pairing").json == {"state": "valid"}

    tablet = app.test_client()
    assert tablet.post(f"/pair/{token}", data={"csrf_token": csrf(tablet)}).status_code == 302
    assert client.get("/admin/devices/pairing").json == {"state": "used"}
    after = client.get("/admin/devices").get_data(as_text=True)
    assert "Thiết bị “Cửa phụ” đã ghép xong." in after
    assert "/pair/" not in after and "data:image/svg+xml" not in after
    assert "<td>Cửa phụ</td>" in after
    later = client.get("/admin/devices").get_data(as_text=True)
    assert "đã ghép xong" not in later  # said once
    assert client.get("/admin/devices/pairing").json == {"state": "none"}


def test_an_unused_qr_that_expired_is_said_once(client, auth, db):
    auth.login("admin")
    start(client)
    db.execute("UPDATE pairings SET expires_at = '2000-01-01T00:00:00Z'")
    db.conn.commit()
    assert client.get("/admin/devices/pairing").json == {"state": "expired"}
    page = client.get("/admin/devices").get_data(as_text=True)
    assert "đã hết hạn mà chưa máy nào dùng" in page and "/pair/" not in page
    assert "hết hạn" not in client.get("/admin/devices").get_data(as_text=True)


def test_the_pairing_state_is_the_admin_s_alone(client, auth):
    auth.login("secretary")
    assert client.get("/admin/devices/pairing").status_code == 403
