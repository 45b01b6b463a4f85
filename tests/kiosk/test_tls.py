"""HTTPS for tablet cameras: the app's own authority, a server certificate for the LAN address,
and a real `python wsgi.py --https` answering over TLS."""
from __future__ import annotations

import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kiosk.tls import authority_der, ensure_certificate

from .. import live


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
    env = live.prepare(tmp_path / "hall.db")
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
    finally:
        process.terminate()
        process.wait(timeout=5)
        log.close()
