"""The offline bundle installs into a fresh virtualenv with no package index at all, and the
app it installs serves its pages, scripts and fonts."""
from __future__ import annotations

import pytest

import os
import subprocess
import tarfile
import time
import urllib.request

from .. import live

pytestmark = pytest.mark.slow


def test_the_bundle_installs_and_runs_without_an_index(tmp_path):
    subprocess.run(["scripts/bundle"], cwd=live.ROOT, check=True, capture_output=True, timeout=900)
    archive = live.ROOT / "dist" / "doithoai-offline.tar.gz"
    with tarfile.open(archive) as bundle:
        bundle.extractall(tmp_path, filter="data")
    root = tmp_path / "doithoai"
    assert any((root / "wheels" / "windows").glob("greenlet-*-win_amd64.whl"))
    assert (root / "node_modules" / "dejavu-fonts-ttf" / "ttf" / "DejaVuSans.ttf").exists()
    # No index and no configuration of this machine's: only the bundle's own wheels.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1")
    subprocess.run(["sh", "install.sh"], cwd=root, env=env, check=True, capture_output=True, timeout=600)

    python = root / ".venv" / "bin" / "python"
    port = live.free_port()
    env.update(DOITHOAI_DATABASE=str(tmp_path / "hall.db"), DOITHOAI_INSTANCE=str(tmp_path / "instance"))
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([str(python), "wsgi.py", "--host", "127.0.0.1", "--port", str(port), "--demo"],
                              cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/login", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
        for path in ("/ask", "/vendor/socket.io/socket.io.min.js", "/vendor/be-vietnam-pro/400.css",
                     "/vendor/qr-scanner/qr-scanner.min.js", "/static/js/kiosk.js"):
            with urllib.request.urlopen(url + path, timeout=5) as response:
                assert response.status == 200, path
        # The demo's admin prints invitations: the PDF font came in the bundle too.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opener.open(urllib.request.Request(url + "/api/session", data=b'{"username": "admin", "password": "doithoai2025"}',
                                           headers={"Content-Type": "application/json"}))
        with opener.open(url + "/invitations.pdf", timeout=30) as response:
            assert response.headers["Content-Type"] == "application/pdf"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
