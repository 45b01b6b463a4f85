"""A kiosk scanning while others log in (python wsgi.py, eventlet, the real scrypt hash):
check-in latency quiet, then during a flood of right passwords (each one hashed), then a
flood of wrong ones (the limit answers 429 without hashing).

Run: .venv/bin/python bench/login_flood.py [--clients 4 32] [--scans 300]   (prints figures)
"""
from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checkin import login  # noqa: E402
from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402


def scan(port: int, cookie: str, codes: list[str], tag: str) -> list[float]:
    """One kiosk, a card every 20 ms; the latency of each."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    for i, code in enumerate(codes):
        start = time.perf_counter()
        connection.request("POST", "/api/checkins", json.dumps({"code": code, "scan_id": f"{tag}-{i}"}),
                           {"Content-Type": "application/json", "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        time.sleep(0.02)
    connection.close()
    return latencies


def flood(port: int, password: str, stop: threading.Event, counts: dict[int, int]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while not stop.is_set():
        connection.request("POST", "/api/session", json.dumps({"username": "admin", "password": password}),
                           {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        counts[response.status] = counts.get(response.status, 0) + 1
    connection.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 32])
    parser.add_argument("--scans", type=int, default=300)
    args = parser.parse_args()
    rounds = 1 + 2 * len(args.clients)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        people = args.scans * rounds
        rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 15 + 1}"] for i in range(people)]
        env = live.prepare(folder / "bench.db", xlsx(rows))
        server = live.start(env, folder / "server.log")
        try:
            port = int(server.url.rsplit(":", 1)[1])
            codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
            cookie = login(port)
            batches = iter(codes[i:i + args.scans] for i in range(0, len(codes), args.scans))
            quiet = scan(port, cookie, next(batches), "quiet")
            print(f"python wsgi.py on eventlet, scrypt; one kiosk, {args.scans} scans 20 ms apart")
            print(f"  quiet:                       check-in p50 {pct(quiet, .5):6.1f} ms, p99 {pct(quiet, .99):6.1f} ms")
            for kind, password in (("right passwords", live.PASSWORD), ("wrong passwords", "sai-mat-khau")):
                for clients in args.clients:
                    stop, counts = threading.Event(), {}
                    threads = [threading.Thread(target=flood, args=(port, password, stop, counts)) for _ in range(clients)]
                    for t in threads:
                        t.start()
                    time.sleep(0.5)
                    started = time.perf_counter()
                    busy = scan(port, cookie, next(batches), f"{kind[:5]}{clients}")
                    elapsed = time.perf_counter() - started
                    stop.set()
                    for t in threads:
                        t.join()
                    answered = ", ".join(f"{n}×{status}" for status, n in sorted(counts.items()))
                    print(f"  {clients:2d} clients, {kind}: check-in p50 {pct(busy, .5):6.1f} ms, "
                          f"p99 {pct(busy, .99):6.1f} ms, max {max(busy) * 1000:6.1f} ms "
                          f"(logins answered {answered} in {elapsed:.1f} s)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
