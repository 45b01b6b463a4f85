"""The kiosks' offline copy at 20,000 invitees: what one update costs a kiosk and the server,
the whole list again (GET /api/kiosk/roster, and GET /api/invitees, the kiosk's reload
before #14) against only what changed after one admission (GET /api/kiosk/roster?since=…),
and the door's scans while other kiosks keep their copies current either way.

Run: .venv/bin/python bench/offline_sync.py [--people 20000] [--rounds 30]   (prints figures;
asserts nothing)
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
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402


class Kiosk:
    """One kiosk's keep-alive connection, as a browser holds it."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        status, _, headers = self.call("POST", "/api/session", {"username": "kiosk", "password": live.PASSWORD})
        assert status == 200, status
        self.cookie = headers["Set-Cookie"].split(";")[0]

    def call(self, method: str, path: str, body=None) -> tuple[int, bytes, dict]:
        headers = {"Content-Type": "application/json"}
        if getattr(self, "cookie", None):
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, None if body is None else json.dumps(body), headers)
        response = self.connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())

    def timed(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        status, data, _ = self.call("GET", path)
        assert status == 200, (status, data[:200])
        return (time.perf_counter() - start) * 1000, data


def figures(label: str, times: list[float], sizes: list[int]) -> str:
    times = sorted(times)
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return (f"  {label:<44} {statistics.median(sizes):>11,.0f} B   p50 {statistics.median(times):7.1f} ms"
            f"   p99 {p99:7.1f} ms   (n={len(times)})")


def door_under_sync(port: int, codes: list[str], followers: int, whole: bool) -> list[float]:
    """One kiosk scans `codes` while `followers` other kiosks bring their copies up after each
    admission: the whole list each time, or only what changed. The scans' latencies, in ms."""
    scanner = Kiosk(port)
    admitted = threading.Semaphore(0)
    done = threading.Event()
    ready = threading.Barrier(followers + 1)

    def follow() -> None:
        me = Kiosk(port)
        _, data = me.timed("/api/kiosk/roster")
        copy = json.loads(data)
        ready.wait()
        while True:
            admitted.acquire()
            if done.is_set():
                return
            if whole:
                me.timed("/api/invitees")  # the kiosk's reload before #14
            else:
                _, data = me.timed("/api/kiosk/roster?" + urlencode({"since": copy["rev"], "epoch": copy["epoch"]}))
                copy["rev"] = json.loads(data)["rev"]

    threads = [threading.Thread(target=follow) for _ in range(followers)]
    for thread in threads:
        thread.start()
    ready.wait()  # every follower holds its first copy
    latencies = []
    for i, code in enumerate(codes):
        start = time.perf_counter()
        status, _, _ = scanner.call("POST", "/api/checkins", {"code": code, "scan_id": f"{'w' if whole else 'd'}{i}"})
        latencies.append((time.perf_counter() - start) * 1000)
        assert status in (200, 201), status
        for _ in range(followers):
            admitted.release()  # every follower hears of it (the socket's `checkin`)
        time.sleep(0.05)  # a person at the door
    done.set()
    for _ in range(followers):
        admitted.release()
    for thread in threads:
        thread.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--scans", type=int, default=60, help="scans at the door while two kiosks follow")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        rows = [["Họ và tên", "Đơn vị"]] + [[f"Nguyễn Thị Số {i}", f"TDP số {i % 40 + 1}"] for i in range(args.people)]
        env = live.prepare(folder / "bench.db", xlsx(rows))
        server = live.start(env, folder / "server.log")
        try:
            port = int(server.url.rsplit(":", 1)[1])
            people = live.Client(server.url, "admin").call("GET", "/api/invitees", timeout=120)[1]
            codes = [p["code"] for p in people]
            ids = [p["id"] for p in people]
            kiosk, door = Kiosk(port), Kiosk(port)
            kiosk.timed("/api/kiosk/roster")  # warm: the first read pulls the file into the page cache

            whole_t, whole_b, old_t, old_b, delta_t, delta_b = [], [], [], [], [], []
            for n in range(args.rounds):
                t, data = kiosk.timed("/api/kiosk/roster")
                whole_t.append(t)
                whole_b.append(len(data))
                copy = json.loads(data)
                t, data = kiosk.timed("/api/invitees")
                old_t.append(t)
                old_b.append(len(data))
                status, _, _ = door.call("POST", "/api/checkins", {"invitee_id": ids[n], "scan_id": f"r{n}"})
                assert status == 201, status
                t, data = kiosk.timed("/api/kiosk/roster?" + urlencode({"since": copy["rev"], "epoch": copy["epoch"]}))
                answer = json.loads(data)
                assert len(answer["changed"]) == 1 and answer["rev"] == copy["rev"] + 1, answer
                delta_t.append(t)
                delta_b.append(len(data))

            print(f"The kiosk's offline copy, {len(people):,} invitees, one update after one admission "
                  f"({args.rounds} rounds; JSON as sent, uncompressed):")
            print(figures("whole list, GET /api/kiosk/roster", whole_t, whole_b))
            print(figures("whole list, GET /api/invitees (before #14)", old_t, old_b))
            print(figures("what changed, GET /api/kiosk/roster?since=", delta_t, delta_b))
            print(f"  → per update: {statistics.median(whole_b) / statistics.median(delta_b):,.0f}× fewer bytes, "
                  f"{statistics.median(whole_t) / statistics.median(delta_t):,.0f}× less time than the whole list")

            scans = codes[args.rounds:args.rounds + 2 * args.scans]
            print(f"\nThe door's scans ({args.scans} each way) while two other kiosks update their copy after each admission:")
            for label, whole, batch in (("they reload the whole list", True, scans[:args.scans]),
                                        ("they fetch what changed", False, scans[args.scans:])):
                latencies = door_under_sync(port, batch, 2, whole)
                print(figures(label, latencies, [0]).replace("          0 B", "  check-in:  "))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
