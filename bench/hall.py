"""A whole hall at once: N phones on websocket, 3 kiosks scanning the arrivals, the projector
and the moderator connected, the chairman approving questions meanwhile; then, in the same
run, a bare Node socket.io server broadcasting the same number of questions to the same
number of phones. Several runs, each figure printed with its spread (median, min–max).

Prints check-in p50/p99 over every scan, approve-to-last-phone p50/p99 over every approval,
and the server's RSS with every phone still connected after the whole round. Beside the
check-in: the app's own part of it (its Server-Timing header), and Node's — the same kiosks,
pauses and approvals against the bare Node server answering every scan at once, with no
database: with few phones that is the floor this machine itself sets (a kiosk waking after
its pause, the loopback, the client); with many, Node's broadcasts, which never yield, hold
its scans too.

Run: .venv/bin/python bench/hall.py [--phones 300,1000] [--arrivals 1200] [--approvals 40]
     [--runs 3] [--cpus 0]      (--cpus pins the servers, ours and Node's, with taskset, and
                                 keeps the phones and kiosks off those cores)
     [--phone-processes 4]      (the phones as separate devices: spread over processes, so that
                                 no one process reading a thousand sockets sets the figure)
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.

The kiosks run in a process of their own: in the phones' process they would wait for the
GIL while a thousand websocket messages are parsed, and the check-in figure would measure
the benchmark, not the server.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkin import kiosk  # noqa: E402
from fanout import add_pending_questions, bare, pct, phones_for, rss_mb, start_bare  # noqa: E402
from tests import live  # noqa: E402
from tests.conftest import xlsx  # noqa: E402

KIOSKS = 3
PAUSE = 0.05  # the moment a person takes at the door, per kiosk


def kiosks_process(port: int, cookies: list[str], codes: list[str], tag: str, out) -> None:
    """Three kiosks scanning in threads of a process of their own; sends back every latency,
    and the app's own time for each scan (its Server-Timing header)."""
    import threading

    series: list[list[float]] = [[] for _ in cookies]
    app_times: list[list[float]] = [[] for _ in cookies]
    threads = [threading.Thread(target=kiosk, args=(port, cookie, codes[n::len(cookies)], series[n], f"{tag}{n}", PAUSE,
                                                    app_times[n]))
               for n, cookie in enumerate(cookies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.send(([x for s in series for x in s], [x for s in app_times for x in s]))
    out.close()


async def read_all(ws) -> None:
    """A staff page's socket: reads everything, answers the server's pings."""
    try:
        async for message in ws:
            if message == "2":
                await ws.send("3")
    except websockets.ConnectionClosed:
        pass


def prepare(folder: Path, name: str, arrivals: int, approvals: int) -> dict[str, str]:
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Người Số {i}", f"TDP số {i % 12 + 1}"] for i in range(arrivals)]
    env = live.prepare(folder / f"{name}.db", xlsx(rows), folder)
    add_pending_questions(env, approvals)
    return env


async def approve_all(phones, count: int, fire_for, pace: float, label: str) -> tuple[list[float], list[float], list[float]]:
    """Fire each approval (or broadcast) in turn; the time until the last phone had it, and
    where that time went: until the request's answer, until the first phone had it."""
    last, answered, first = [], [], []
    for n in range(count):
        start = time.perf_counter()
        await asyncio.to_thread(fire_for(n))
        answered.append(time.perf_counter() - start)
        question_id = fire_for.question_id(n)
        deadline = time.monotonic() + 30
        while len(phones.arrivals.get(question_id, [])) < phones.count and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
        got = phones.arrivals.get(question_id, [])
        if len(got) < phones.count:
            print(f"  {label}: only {len(got)} of {phones.count} phones got question {question_id}", file=sys.stderr)
        if got:
            last.append(max(got) - start)
            first.append(min(got) - start)
        await asyncio.sleep(max(0.0, pace - (time.perf_counter() - start)))
    return last, answered, first


def approvals_of(chairman: live.Client, ids: list[int]):
    def fire_for(n):
        return lambda: chairman.call("PATCH", f"/api/questions/{ids[n]}", {"status": "approved"})

    fire_for.question_id = lambda n: ids[n]
    return fire_for


async def ours(folder: Path, tag: str, phones_count: int, arrivals: int, approvals: int, prefix: tuple[str, ...],
               spread: int = 1) -> dict:
    env = prepare(folder, tag, arrivals, approvals)
    server = live.start(env, folder / f"{tag}.log", timeout=60, prefix=prefix)
    try:
        port = int(server.url.rsplit(":", 1)[1])
        codes = [p["code"] for p in live.Client(server.url, "admin").call("GET", "/api/invitees")[1]]
        chairman = live.Client(server.url, "chairman")
        ids = [q["id"] for q in chairman.call("GET", "/api/questions")[1]]
        phones = phones_for(server.url, phones_count, spread)
        await phones.connect()
        staff_sockets = []  # the projector and the moderator view, logged in, on their own sockets
        for role in ("display", "chairman"):
            ws = await websockets.connect(phones.url, additional_headers={"Cookie": live.Client(server.url, role).cookie()})
            await ws.recv()
            await ws.send("40")
            staff_sockets.append(ws)
        # They read every event, as the pages do: a socket left unread makes the server queue
        # what it cannot send, and that queue was counted as the server's memory.
        readers = [asyncio.create_task(read_all(ws)) for ws in staff_sockets]
        await asyncio.sleep(0.5)
        fresh_rss = rss_mb(server.process.pid)
        cookies = [live.Client(server.url, "kiosk").cookie() for _ in range(KIOSKS)]
        spawn = multiprocessing.get_context("spawn")
        receive, send = spawn.Pipe(duplex=False)
        door = spawn.Process(target=kiosks_process, args=(port, cookies, codes, tag, send))
        door.start()
        # The approvals spread over the door's whole time, so that every scan meets the room's work.
        door_seconds = arrivals / KIOSKS * (PAUSE + 0.004)
        last, answered, first = await approve_all(phones, approvals, approvals_of(chairman, ids), door_seconds / approvals, tag)
        checkins, app_times = await asyncio.to_thread(receive.recv)
        await asyncio.to_thread(door.join)
        rss = rss_mb(server.process.pid)  # after the whole round, every phone still connected
        await phones.close()
        for ws in staff_sockets:
            await ws.close()
        await asyncio.gather(*readers, return_exceptions=True)
        return {"checkin_p50": pct(checkins, 0.5), "checkin_p99": pct(checkins, 0.99), "scans": len(checkins),
                "app_p50": pct(app_times, 0.5), "app_p99": pct(app_times, 0.99),
                "last_p50": pct(last, 0.5), "last_p99": pct(last, 0.99), "approvals": len(last),
                **parts(answered, first),
                "rss_fresh": fresh_rss, "rss": rss}
    finally:
        server.stop()


async def node(folder: Path, tag: str, phones_count: int, approvals: int, prefix: tuple[str, ...], codes: list[str],
               spread: int = 1) -> dict:
    port = live.free_port()
    process = start_bare([*prefix, "node", "bench/bare_socketio.js"], port, folder, f"node-{tag}")
    try:
        phones = phones_for(f"http://127.0.0.1:{port}", phones_count, spread)
        await phones.connect()
        await asyncio.sleep(0.5)
        # The same kiosks, pauses and approvals: Node answers each scan at once (no database);
        # with few phones what they wait is this machine's floor, with many Node's broadcasts too.
        spawn = multiprocessing.get_context("spawn")
        receive, send = spawn.Pipe(duplex=False)
        door = spawn.Process(target=kiosks_process, args=(port, [""] * KIOSKS, codes, f"n{tag}", send))
        door.start()
        door_seconds = len(codes) / KIOSKS * (PAUSE + 0.004)
        last, answered, first = await approve_all(phones, approvals, bare(f"http://127.0.0.1:{port}"), door_seconds / approvals, f"node {tag}")
        checkins, _app_times = await asyncio.to_thread(receive.recv)
        await asyncio.to_thread(door.join)
        rss = rss_mb(process.pid)
        await phones.close()
        return {"last_p50": pct(last, 0.5), "last_p99": pct(last, 0.99), "rss": rss, **parts(answered, first),
                "checkin_p50": pct(checkins, 0.5), "checkin_p99": pct(checkins, 0.99)}
    finally:
        process.terminate()
        process.wait(timeout=5)


def parts(answered: list[float], first: list[float]) -> dict:
    """Where an approval's time goes: until its request is answered, until the first phone."""
    return {"answer_p50": pct(answered, 0.5), "answer_p99": pct(answered, 0.99),
            "first_p50": pct(first, 0.5), "first_p99": pct(first, 0.99)}


def spread(values: list[float], unit: str, digits: int = 1) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", default="300,1000")
    parser.add_argument("--arrivals", type=int, default=1200)
    parser.add_argument("--approvals", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpus", default="", help="pin the servers to these CPUs with taskset, e.g. 0")
    parser.add_argument("--phone-processes", type=int, default=1,
                        help="spread the phones over this many processes (separate devices): one process "
                             "reading every socket stamps an arrival only when it gets to that socket")
    args = parser.parse_args()
    prefix: tuple[str, ...] = ("taskset", "-c", args.cpus) if args.cpus else ()
    if args.cpus:  # the phones and kiosks on the other cores, so that the server has its own
        server_cpus = {int(c) for c in args.cpus.split(",")}
        others = set(os.sched_getaffinity(0)) - server_cpus
        if others:
            os.sched_setaffinity(0, others)
    with_node = bool(shutil.which("node")) and (ROOT / "node_modules" / "socket.io").exists()
    counts = [int(c) for c in args.phones.split(",")]
    rows: dict[int, list[tuple[dict, dict | None]]] = {c: [] for c in counts}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for run in range(args.runs):
            for count in counts:
                tag = f"r{run}p{count}"
                mine = await ours(folder, tag, count, args.arrivals, args.approvals, prefix, args.phone_processes)
                codes = [f"DT1-{n:032d}" for n in range(args.arrivals)]
                theirs = await node(folder, tag, count, args.approvals, prefix, codes, args.phone_processes) if with_node else None
                rows[count].append((mine, theirs))
                print(f"run {run + 1}, {count} phones: check-in p99 {mine['checkin_p99']:.1f} ms over {mine['scans']} scans"
                      + (f" (Node {theirs['checkin_p99']:.1f} ms)" if theirs else "") + "; "
                      f"last phone p99 {mine['last_p99']:.0f} ms"
                      + (f" (Node {theirs['last_p99']:.0f} ms)" if theirs else "")
                      + f"; RSS {mine['rss']:.0f} MB", flush=True)
    cores = (f"servers pinned to CPU {args.cpus} (taskset), phones and kiosks on the others" if args.cpus
             else f"{os.cpu_count()} cores shared by servers and clients")
    if args.phone_processes > 1:
        cores += f"; the phones spread over {args.phone_processes} processes"
    print()
    print(f"a hall: {KIOSKS} kiosks scanning {args.arrivals} arrivals, projector and moderator connected, "
          f"{args.approvals} approvals meanwhile; {args.runs} runs, median (min–max); {cores}")
    for count in counts:
        mine = [m for m, _ in rows[count]]
        theirs = [t for _, t in rows[count] if t]
        print(f"{count} phones")
        print(f"  check-in p50            {spread([m['checkin_p50'] for m in mine], 'ms')}")
        print(f"  check-in p99            {spread([m['checkin_p99'] for m in mine], 'ms')}")
        if theirs:
            print(f"  check-in, Node          p50 {spread([t['checkin_p50'] for t in theirs], 'ms')}, "
                  f"p99 {spread([t['checkin_p99'] for t in theirs], 'ms')}   (no database: each scan answered at once, "
                  "while it broadcasts the same approvals)")
        print(f"  the app's own part p50  {spread([m['app_p50'] for m in mine], 'ms')}   (Server-Timing: "
              "from the request read to the answer made; the rest is waiting for the loop, the network and the kiosk)")
        print(f"  the app's own part p99  {spread([m['app_p99'] for m in mine], 'ms')}")
        print(f"  last phone p50, ours    {spread([m['last_p50'] for m in mine], 'ms', 0)}")
        print(f"  last phone p99, ours    {spread([m['last_p99'] for m in mine], 'ms', 0)}")
        if theirs:
            print(f"  last phone p50, Node    {spread([t['last_p50'] for t in theirs], 'ms', 0)}")
            print(f"  last phone p99, Node    {spread([t['last_p99'] for t in theirs], 'ms', 0)}")
        for key, words in (("answer", "approval answered"), ("first", "first phone")):
            print(f"  {words} p50 / p99, ours {spread([m[key + '_p50'] for m in mine], 'ms')} / "
                  f"{spread([m[key + '_p99'] for m in mine], 'ms')}"
                  + (f"; Node {spread([t[key + '_p50'] for t in theirs], 'ms')} / "
                     f"{spread([t[key + '_p99'] for t in theirs], 'ms')}" if theirs else ""))
        print(f"  RSS fresh, ours         {spread([m['rss_fresh'] for m in mine], 'MB', 0)}")
        print(f"  RSS after round, ours   {spread([m['rss'] for m in mine], 'MB', 0)}")
        if theirs:
            print(f"  RSS after round, Node   {spread([t['rss'] for t in theirs], 'MB', 0)}")


if __name__ == "__main__":
    asyncio.run(main())
