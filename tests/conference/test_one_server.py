"""One server per hall: a second start on the port in use, or on the database in use, stops
with a message naming the running one; the first goes on serving."""
from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from .. import live

pytestmark = pytest.mark.slow


def second_start(env: dict[str, str], port: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(port)],
                          cwd=live.ROOT, env=env, capture_output=True, text=True, timeout=30)


def test_a_second_server_on_the_same_port_or_database_stops(tmp_path):
    env = live.prepare(tmp_path / "hall.db")
    first = live.start(env, tmp_path / "first.log")
    try:
        port = int(first.url.rsplit(":", 1)[1])
        other_env = live.prepare(tmp_path / "other.db")
        same_port = second_start(other_env, port)
        assert same_port.returncode == 1
        assert f"Cổng {port} đang được một chương trình khác dùng" in same_port.stderr

        same_database = second_start(env, live.free_port())
        assert same_database.returncode == 1
        assert "đang được một máy chủ Đối thoại khác dùng" in same_database.stderr
        assert f"PID {first.process.pid}" in same_database.stderr and first.url in same_database.stderr

        with urllib.request.urlopen(first.url + "/api/health", timeout=5) as response:
            assert response.status == 200  # the first still serves the whole hall
    finally:
        first.stop()
    # Once it stopped, the database is free again.
    again = live.start(env, tmp_path / "again.log")
    again.stop()
