"""The door while the secretary exports: each record file fetched from a real server (`python
wsgi.py`, eventlet) with a district-size list, while a kiosk scans every 50 ms. Prints each
file's seconds and the slowest scan answer meanwhile: a file built on the event loop would
hold every scan for as long as it takes (attendance.xlsx at 21,361 invitees once took minutes).

Run: .venv/bin/python bench/export_door.py [--invitees 20000]
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402

FILES = ("/record/attendance.xlsx", "/record/attendance.csv", "/record/questions.xlsx", "/record/minutes.docx",
         "/record/report.docx", "/record/backup.json", "/invitations.pdf")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitees", type=int, default=20000)
    args = parser.parse_args()
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 40 + 1}"] for i in range(args.invitees)]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = live.prepare(folder / "hall.db", xlsx(rows), folder)
        server = live.start(env, folder / "server.log", timeout=60)
        try:
            secretary = live.Client(server.url, "secretary")
            kiosk = live.Client(server.url, "kiosk")
            codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
            for code in codes[: len(codes) * 8 // 10]:  # most of them in, as after a meeting
                kiosk.call("POST", "/api/checkins", {"code": code})
            print(f"{args.invitees} invitees ({len(codes) * 8 // 10} present); a kiosk scanning every 50 ms meanwhile")
            for path in FILES:
                done: dict[str, float] = {}

                def fetch() -> None:
                    start = time.perf_counter()
                    with secretary.opener.open(server.url + path, timeout=600) as response:
                        response.read()
                    done["seconds"] = time.perf_counter() - start

                worker = threading.Thread(target=fetch)
                worker.start()
                slowest, scans = 0.0, 0
                while worker.is_alive() and scans < 6000:
                    start = time.perf_counter()
                    kiosk.call("POST", "/api/checkins", {"code": "DT1-" + "A" * 32})
                    slowest = max(slowest, time.perf_counter() - start)
                    scans += 1
                    time.sleep(0.05)
                worker.join()
                print(f"  {path:<26} {done['seconds']:6.2f} s; {scans:4d} scans meanwhile, slowest answer {slowest * 1000:6.0f} ms")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
