"""A whole hall at once: 1,000 phones on websocket, 3 kiosks scanning 120 arrivals, the
projector and the moderator connected, the chairman approving questions meanwhile.
Prints check-in p99, approve-to-last-phone p99 and the server's RSS, under eventlet (the
user's choice), gevent and threading side by side — the same code, one setting apart.

Run: .venv/bin/python bench/hall.py [--phones 1000] [--modes eventlet,gevent,threading]
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkin import kiosk  # noqa: E402
from fanout import Phones, add_pending_questions, pct, rss_mb  # noqa: E402
from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402

ARRIVALS = 120
APPROVALS = 8


def prepare(folder: Path, mode: str) -> dict[str, str]:
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 12 + 1}"] for i in range(ARRIVALS)]
    env = live.prepare(folder / f"{mode}.db", xlsx(rows), folder)
    add_pending_questions(env, APPROVALS)
    env["DOITHOAI_ASYNC_MODE"] = mode
    return env


async def run_mode(mode: str, phones_count: int, folder: Path) -> dict:
    env = prepare(folder, mode)
    server = live.start(env, folder / f"{mode}.log", timeout=60)
    try:
        port = int(server.url.rsplit(":", 1)[1])
        admin = live.Client(server.url, "admin")
        codes = [p["code"] for p in admin.call("GET", "/api/invitees")[1]]
        chairman = live.Client(server.url, "chairman")
        ids = [q["id"] for q in chairman.call("GET", "/api/questions")[1]]
        phones = Phones(server.url, phones_count)
        await phones.connect()
        # The projector and the moderator view, logged in, on their own sockets.
        staff_sockets = []
        for role in ("display", "chairman"):
            ws = await websockets.connect(phones.url, additional_headers={"Cookie": live.Client(server.url, role).cookie()})
            await ws.recv()
            await ws.send("40")
            staff_sockets.append(ws)
        await asyncio.sleep(0.5)
        kiosk_latencies: list[list[float]] = [[], [], []]
        kiosks = [threading.Thread(target=kiosk, args=(port, live.Client(server.url, "kiosk").cookie(),
                                                       codes[n::3], kiosk_latencies[n], f"{mode}{n}", 0.05))
                  for n in range(3)]
        for t in kiosks:
            t.start()
        last = []
        for question_id in ids:
            start = time.perf_counter()
            await asyncio.to_thread(chairman.call, "PATCH", f"/api/questions/{question_id}", {"status": "approved"})
            deadline = time.monotonic() + 30
            while len(phones.arrivals.get(question_id, [])) < phones_count and time.monotonic() < deadline:
                await asyncio.sleep(0.001)
            got = phones.arrivals.get(question_id, [])
            if len(got) < phones_count:
                print(f"  {mode}: only {len(got)} of {phones_count} phones got question {question_id}", file=sys.stderr)
            if got:
                last.append(max(got) - start)
            await asyncio.sleep(0.3)
        for t in kiosks:
            await asyncio.to_thread(t.join)
        rss = rss_mb(server.process.pid)
        await phones.close()
        for ws in staff_sockets:
            await ws.close()
        checkins = [x for series in kiosk_latencies for x in series]
        return {"mode": mode, "checkin_p50": pct(checkins, 0.5), "checkin_p99": pct(checkins, 0.99),
                "last_p50": pct(last, 0.5), "last_p99": pct(last, 0.99), "rss": rss, "scans": len(checkins)}
    finally:
        server.stop()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--modes", default="eventlet,gevent,threading")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for mode in args.modes.split(","):
            try:
                results.append(await run_mode(mode, args.phones, Path(folder)))
            except Exception as exc:  # a mode that cannot run here is reported, not hidden
                results.append({"mode": mode, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
    print(f"a hall: {args.phones} phones, 3 kiosks × {ARRIVALS // 3} arrivals, projector and moderator connected, "
          f"{APPROVALS} approvals; one 2-core machine")
    print(f"{'mode':<11}{'check-in p50':>14}{'check-in p99':>14}{'last phone p50':>16}{'last phone p99':>16}{'RSS MB':>9}")
    for r in results:
        if "error" in r:
            print(f"{r['mode']:<11} could not run: {r['error']}")
            continue
        print(f"{r['mode']:<11}{r['checkin_p50']:>12.1f}ms{r['checkin_p99']:>12.1f}ms{r['last_p50']:>14.0f}ms"
              f"{r['last_p99']:>14.0f}ms{r['rss']:>9.0f}")


if __name__ == "__main__":
    asyncio.run(main())
