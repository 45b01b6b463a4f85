"""A real server process, as the hall runs it (`python wsgi.py`, eventlet), on loopback.

Used by the browser tests, the durability test and the benchmarks; every process started
here is stopped by its PID.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-thu"
ROLES = ("admin", "kiosk", "secretary", "display", "chairman")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database: Path, roster: bytes | None = None, folder: Path | None = None) -> dict[str, str]:
    """A database with one account per role (password PASSWORD) and, optionally, a roster."""
    env = {**os.environ, "DOITHOAI_DATABASE": str(database), "DOITHOAI_SECRET_KEY": "live-test",
           "DOITHOAI_INSTANCE": str(database.parent / "instance")}
    setup = [
        "from conference import create_app, staff, store",
        "from office import roster_import",
        "app = create_app()",
        "ctx = app.app_context(); ctx.push()",
        *[f"staff.add_staff(store.db(), {r!r}, {r!r}, {PASSWORD!r})" for r in ROLES],
    ]
    if roster is not None:
        roster_file = (folder or database.parent) / "roster.xlsx"
        roster_file.write_bytes(roster)
        setup.append(
            f"roster_import.import_roster(store.db(), open({str(roster_file)!r}, 'rb').read(), 'roster.xlsx', 'test')"
        )
    subprocess.run([sys.executable, "-c", "\n".join(setup)], cwd=ROOT, env=env, check=True)
    return env


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start(env: dict[str, str], log_path: Path, port: int | None = None, timeout: float = 20,
          prefix: tuple[str, ...] = ()) -> Server:
    """`python wsgi.py` on 127.0.0.1; `prefix` runs it under another command (`taskset -c 0`)."""
    port = port or free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [*prefix, sys.executable, "wsgi.py", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(server.url + "/login", timeout=1)
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop(signal.SIGKILL)
                raise RuntimeError(server.log())
            time.sleep(0.05)


def held_on(url: str, day: str) -> None:
    """The active conference took place on `day` (ISO): a follow-up is done from its day on."""
    admin = Client(url, "admin")
    status, conference = admin.call("GET", "/api/conference")
    assert status == 200, conference
    status, body = admin.call("PATCH", f"/api/conferences/{conference['id']}", {"held_on": day})
    assert status == 200, body


class Client:
    """A logged-in kiosk or tool: JSON over HTTP with a session cookie."""

    def __init__(self, url: str, role: str):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        status, _ = self.call("POST", "/api/session", {"username": role, "password": PASSWORD})
        assert status == 200

    def cookie(self) -> str:
        """The session as a Cookie header, for a websocket made outside this opener."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def call(self, method: str, path: str, body: Any = None, timeout: float = 10) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.load(error)


class StaffSocket:
    """A staff page's Socket.IO connection, as socket.io-client speaks Engine.IO v4."""

    def __init__(self, client: Client):
        from websockets.sync.client import connect

        cookie = client.cookie()
        url = client.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = connect(url, additional_headers={"Cookie": cookie}, open_timeout=10)
        self.ws.recv(timeout=5)  # open
        self.ws.send("40")

    def next_attendance(self, timeout: float = 5.0) -> dict:
        return self.next_event("attendance", timeout)

    def next_event(self, name: str, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            if message == "2":
                self.ws.send("3")
            elif message.startswith(f'42["{name}"'):
                return json.loads(message[2:])[1]
        raise TimeoutError

    def close(self):
        self.ws.close()
