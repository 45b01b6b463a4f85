"""Three kiosks scanning at once against a running server (python wsgi.py, eventlet, on
loopback, synchronous=FULL): latency p50/p99 per scan and admissions per second.

Run: .venv/bin/python bench/checkin.py [--people 600]   (prints figures; asserts nothing)
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402


def kiosk(port: int, cookie: str, codes: list[str], latencies: list[float], tag: str, pause: float = 0.0,
          app_times: list[float] | None = None) -> None:
    """One kiosk scanning its cards in turn; `pause` is the moment a person takes at the door.
    `app_times`: the app's own time for each scan, from its Server-Timing header (seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # keep-alive, as a browser
    for i, code in enumerate(codes):
        body = json.dumps({"code": code, "scan_id": f"{tag}-{i}"})
        start = time.perf_counter()
        connection.request("POST", "/api/checkins", body, {"Content-Type": "application/json", "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        assert response.status in (200, 201), response.status
        if app_times is not None:
            app_times.append(float(response.getheader("Server-Timing", "app;dur=nan").split("dur=")[1]) / 1000)
        if pause:
            time.sleep(pause)
    connection.close()


def login(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("POST", "/api/session", json.dumps({"username": "kiosk", "password": live.PASSWORD}),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";")[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--kiosks", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 15 + 1}"] for i in range(args.people)]
        env = live.prepare(folder / "bench.db", xlsx(rows))
        server = live.start(env, folder / "server.log")
        try:
            port = int(server.url.rsplit(":", 1)[1])
            codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
            k = args.kiosks
            latencies: list[list[float]] = [[] for _ in range(k)]
            threads = [
                threading.Thread(target=kiosk, args=(port, login(port), codes[n::k], latencies[n], f"k{n}"))
                for n in range(k)
            ]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - start
            # A second round: every card again, now answered amber (a read, no write).
            amber: list[list[float]] = [[] for _ in range(k)]
            threads = [
                threading.Thread(target=kiosk, args=(port, login(port), codes[n::k], amber[n], f"a{n}"))
                for n in range(k)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            server.stop()
    every = sorted(x for series in latencies for x in series)
    again = sorted(x for series in amber for x in series)

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(len(values) * p))] * 1000

    print(f"{args.kiosks} kiosk(s), {args.people} invitees, {len(every)} admissions (201), python wsgi.py on eventlet, synchronous=FULL")
    print(f"  admission latency: p50 {pct(every, .5):.1f} ms, p99 {pct(every, .99):.1f} ms, max {every[-1] * 1000:.1f} ms")
    print(f"  throughput: {len(every) / elapsed:.0f} admissions/s ({elapsed:.2f} s in all)")
    print(f"  already-in scans (200): p50 {pct(again, .5):.1f} ms, p99 {pct(again, .99):.1f} ms, "
          f"mean {statistics.mean(again) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
