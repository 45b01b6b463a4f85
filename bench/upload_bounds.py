"""Issue #13: can a spreadsheet stop the hall? Each crafted file, then a normal big roster,
is uploaded as the admin to a real server (python wsgi.py, eventlet) while /api/health is
asked every 100 ms. Prints, per file: its size, the answer and how long it took, how much
the server's memory grew (VmRSS sampled every 20 ms), and how health answered meanwhile.

Run: .venv/bin/python bench/upload_bounds.py   (prints figures; asserts nothing; ~1 min)
Everything runs on 127.0.0.1; the server it starts is stopped by its PID.
"""
from __future__ import annotations

import http.client
import json
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402
from tests.office import test_roster_bounds as crafted  # noqa: E402

HEALTH_EVERY = 0.1
RSS_EVERY = 0.02


def comment_bomb(megabytes: int) -> bytes:
    """A comment of random '<', 'a', 'b' inside a row: packs only 4×, so under 8 MB it is the
    most XML a file can carry past the ratio check (expat must scan every byte)."""
    rng = random.Random(13)

    def body() -> Iterable[bytes]:
        yield b'<row r="2"><!--'
        for _ in range(megabytes):
            yield bytes(rng.choice(b"<ab") for _ in range(1024 * 1024))
        yield b"--></row>"
    return crafted.with_parts({crafted.SHEET: crafted.sheet_xml([crafted.cells_xml(1, crafted.HEADER), *body()])})


def every_cell_filled(rows: int = 20_000, columns: int = 30) -> bytes:
    """The most a sheet may hold within the row and column caps: 20,000 people in 12 TDPs,
    every one of 30 columns filled, each other cell its own shared string (580,000)."""
    letters = [crafted.roster._letters(c + 1) for c in range(columns)]
    groups = 12

    def sheet_rows() -> Iterable[bytes]:
        yield b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        n = 2 + groups
        for r in range(2, rows + 2):
            values = [n, 2 + r % groups, *range(n + 1, n + columns - 1)]
            n += columns - 1
            cells = "".join(f'<c r="{letter}{r}" t="s"><v>{v}</v></c>' for letter, v in zip(letters, values))
            yield f'<row r="{r}">{cells}</row>'.encode()

    def strings() -> Iterable[bytes]:
        yield f'<sst xmlns="{crafted.MAIN}"><si><t>Họ và tên</t></si><si><t>Đơn vị</t></si>'.encode()
        yield "".join(f"<si><t>TDP số {g + 1}</t></si>" for g in range(groups)).encode()
        total = 2 + groups + rows * (columns - 1)
        for start in range(2 + groups, total, 10_000):
            yield "".join(f"<si><t>ô {n}</t></si>" for n in range(start, min(start + 10_000, total))).encode()
        yield b"</sst>"
    return crafted.with_shared_strings(strings(), crafted.sheet_xml(sheet_rows()))


def roster(count: int, tag: str) -> bytes:
    return xlsx([["Họ và tên", "Đơn vị", "Điện thoại"]]
                + [[f"Người {tag} {i}", f"TDP số {i % 12 + 1}", f"09{i:08d}"] for i in range(count)])


FILES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("far row at 1,048,576, dimension A1:XFD1048576", "ds.xlsx", crafted.far_row),
    ("far row at 20,000, dimension A1:XFD1048576", "ds.xlsx", lambda: crafted.far_row(20_000, "Trần Thị Bình")),
    ("zip bomb: 2 GB of spaces in the sheet", "ds.xlsx", lambda: crafted.spaces_bomb(2048)),
    ("10 MB of spaces (ratio ~1000)", "ds.xlsx", lambda: crafted.spaces_bomb(10)),
    ("2,000,000 empty cells in one row (38 MB XML)", "ds.xlsx", lambda: crafted.dense_cells(2_000_000)),
    ("30 MB comment of random '<ab'", "ds.xlsx", lambda: comment_bomb(30)),
    ("20,000 rows × 30 filled cells, 580,000 strings", "ds.xlsx", every_cell_filled),
    ("20,000 rows of 1,000-character cells", "ds.xlsx", lambda: crafted.long_cells(20_000)),
    ("malformed sheet XML", "ds.xlsx", crafted.broken_sheet),
    ("UTF-16 CSV with a lone surrogate", "ds.csv", crafted.utf16_lone_surrogate),
    ("CSV with a 5 MB cell", "ds.csv", crafted.csv_long_cell),
    ("CSV: one row of 8,000,000 commas", "ds.csv", lambda: "Họ và tên,Đơn vị\n".encode() + b"," * 8_000_000),
    ("normal roster, 2,000 rows", "ds.xlsx", lambda: roster(2_000, "A")),
    ("normal roster, 20,000 rows", "ds.xlsx", lambda: roster(20_000, "B")),
    ("20,000 people, each in a new group", "ds.csv",
     lambda: "\n".join(["Họ và tên,Đơn vị"] + [f"Người C {i},Tổ {i}" for i in range(20_000)]).encode()),
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Watch:
    """/api/health every 100 ms and the server's RSS every 20 ms, while one upload runs."""

    def __init__(self, port: int, pid: int):
        self.port, self.pid = port, pid
        self.stop = threading.Event()
        self.health: list[tuple[bool, float]] = []
        self.peak = 0.0

    def __enter__(self) -> "Watch":
        self.threads = [threading.Thread(target=self._health), threading.Thread(target=self._rss)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _health(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/api/health")
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - start
            self.health.append((ok, elapsed))
            self.stop.wait(max(0.0, HEALTH_EVERY - elapsed))

    def _rss(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self.stop.wait(RSS_EVERY)


def upload(port: int, cookie: str, token: str, data: bytes, name: str) -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", "/api/roster/import", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie, "X-CSRF-Token": token})
    response = connection.getresponse()
    text = response.read()
    connection.close()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, {"message": text[:80].decode(errors="replace")}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        env = live.prepare(folder_path / "bench.db")
        server = live.start(env, folder_path / "server.log")
        try:
            port = int(server.url.rsplit(":", 1)[1])
            admin = live.Client(server.url, "admin")
            page = admin.opener.open(server.url + "/login").read().decode()
            token = re.search(r'name="csrf-token" content="([^"]+)"', page)[1]
            cookie = admin.cookie()
            print("python wsgi.py (eventlet) on 127.0.0.1; each file uploaded by the admin while "
                  f"/api/health is asked every {HEALTH_EVERY * 1000:.0f} ms; RSS sampled every {RSS_EVERY * 1000:.0f} ms")
            print(f"{'file':<48}{'size':>9}{'status':>7}{'seconds':>9}{'RSS +MB':>9}{'health ok':>11}"
                  f"{'slowest':>9}  answer")
            for label, name, build in FILES:
                data = build()
                time.sleep(0.3)
                before = rss_mb(server.process.pid)
                with Watch(port, server.process.pid) as watch:
                    time.sleep(0.2)
                    start = time.perf_counter()
                    status, body = upload(port, cookie, token, data, name)
                    seconds = time.perf_counter() - start
                    time.sleep(0.2)
                answered = sum(ok for ok, _ in watch.health)
                slowest = max(elapsed for _, elapsed in watch.health) * 1000
                answer = f"{body.get('imported')} imported" if status == 201 else body.get("message", "")[:60]
                size = f"{len(data) / 1024:.1f} KB" if len(data) < 1024 * 1024 else f"{len(data) / 2**20:.1f} MB"
                print(f"{label:<48}{size:>9}{status:>7}{seconds:>9.2f}{watch.peak - before:>9.0f}"
                      f"{answered:>6}/{len(watch.health):<4}{slowest:>7.0f}ms  {answer}", flush=True)
            hwm = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{server.process.pid}/status").read_text())
            print(f"server peak RSS over the whole run (VmHWM): {int(hwm[1]) / 1024:.0f} MB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
