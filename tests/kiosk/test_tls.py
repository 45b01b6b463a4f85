"""HTTPS for tablet cameras: the app's own authority, a server certificate for the LAN address,
and a real `python wsgi.py --https` answering over TLS."""
from __future__ import annotations

import http.cookiejar
import json
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from websockets.sync.client import connect

from kiosk.tls import authority_der, ensure_certificate

from .. import live
from ..conftest import xlsx


def names(path):
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(n) for n in san.get_values_for_type(x509.IPAddress)}


def test_certificate_for_the_lan_address_signed_by_the_hall_authority(tmp_path):
    cert, key = ensure_certificate(tmp_path, ["192.0.2.10"])
    assert names(cert) == {"192.0.2.10", "127.0.0.1"}
    authority = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes())
    x509.load_pem_x509_certificate(cert.read_bytes()).verify_directly_issued_by(authority)
    before = cert.read_bytes()
    assert ensure_certificate(tmp_path, ["192.0.2.10"])[0].read_bytes() == before  # kept
    # The laptop got another address: a new server certificate, the same authority.
    ensure_certificate(tmp_path, ["192.0.2.77"])
    assert "192.0.2.77" in names(cert)
    assert (tmp_path / "ca.crt").read_bytes() == authority.public_bytes(serialization.Encoding.PEM)
    assert authority_der(tmp_path)[:1] == b"\x30"  # DER, as phones install it


@pytest.mark.slow
def test_wsgi_serves_https_with_its_certificate(tmp_path):
    env = live.prepare(tmp_path / "hall.db", xlsx([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]]))
    port = live.free_port()
    instance = tmp_path / "instance"
    log = (tmp_path / "log").open("wb")
    process = subprocess.Popen([sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(port), "--https"],
                               cwd=live.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                context = ssl.create_default_context(cafile=str(instance / "tls" / "ca.crt"))
                with urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=context, timeout=2) as response:
                    assert response.status == 200
                break
            except (OSError, ssl.SSLError):
                assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "log").read_text()
                time.sleep(0.1)
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/tls/ca.crt", context=context) as response:
            assert response.headers["Content-Type"] == "application/x-x509-ca-cert"
        # The arrivals board connects its socket over TLS and gets its first event (the counts):
        # events reach a TLS socket through Engine.IO's own writer, never as raw bytes.
        def login(role: str):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                                 urllib.request.HTTPCookieProcessor(jar))
            body = json.dumps({"username": role, "password": live.PASSWORD}).encode()
            request = urllib.request.Request(f"https://127.0.0.1:{port}/api/session", method="POST", data=body,
                                             headers={"Content-Type": "application/json"})
            with opener.open(request, timeout=5) as response:
                assert response.status == 200
            return opener, jar

        secretary, jar = login("secretary")
        kiosk, _ = login("kiosk")
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        with connect(f"wss://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket", ssl=context,
                     additional_headers={"Cookie": cookie}, open_timeout=10) as ws:
            ws.recv(timeout=5)  # open
            ws.send("40")

            def attendance() -> dict:
                deadline = time.monotonic() + 5
                while not (message := ws.recv(timeout=max(0.1, deadline - time.monotonic()))).startswith(
                        '42["attendance"'):
                    pass
                return json.loads(message[2:])[1]

            assert attendance()["present"] == 0
            time.sleep(0.2)  # settled: nothing waiting to be written to this socket
            with secretary.open(f"https://127.0.0.1:{port}/api/invitees", timeout=5) as response:
                code = json.load(response)[0]["code"]
            scan = urllib.request.Request(f"https://127.0.0.1:{port}/api/checkins", method="POST",
                                          data=json.dumps({"code": code}).encode(),
                                          headers={"Content-Type": "application/json"})
            with kiosk.open(scan, timeout=5) as response:
                assert response.status == 201
            assert attendance()["present"] == 1
    finally:
        process.terminate()
        process.wait(timeout=5)
        log.close()
