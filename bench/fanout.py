"""Approve-to-last-phone: N phones on websocket, the chairman approves a question, how long
until every phone has it. Our app (`python wsgi.py`, eventlet) side by side with a bare
Flask-SocketIO broadcast app and, when node is here, a bare Node socket.io server.

Run: .venv/bin/python bench/fanout.py [--phones 100,500,1000,2000] [--trials 8]
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import live  # noqa: E402


TEXT = ("Đề nghị phường nạo vét cống thoát nước ngõ 5 đường Nguyễn Trãi, mỗi khi mưa to nước "
        "ngập sâu, bà con đi lại khó khăn, trẻ em đi học rất nguy hiểm.")


def add_pending_questions(env: dict[str, str], count: int) -> None:
    """Pending questions written straight into the benchmark's database (through the API, one
    loopback address would meet the per-address rate limit, as it should)."""
    setup = (
        "from conference import create_app, store\n"
        "from office.conferences import ensure_active_conference\n"
        "app = create_app(); ctx = app.app_context(); ctx.push(); db = store.db()\n"
        "conference = ensure_active_conference(db, 'bench')\n"
        f"text = {TEXT!r}\n"
        "with store.write(db):\n"
        f"    for n in range({count}):\n"
        "        store.question_insert(db, conference['id'], {'source': 'phone', 'device': f'bench{n}',"
        " 'original_text': f'{text} ({n})', 'text': f'{text} ({n})', 'status': 'pending'})\n"
    )
    subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True)


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Phones:
    """N Engine.IO v4 websocket clients, as socket.io-client in a browser speaks it."""

    def __init__(self, url: str, count: int):
        self.url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.count = count
        self.arrivals: dict[int, list[float]] = {}
        self.connected = 0
        self.tasks: list[asyncio.Task] = []
        self.sockets: list = []

    async def _phone(self) -> None:
        # Browsers offer permessage-deflate; so do we, and the server decides.
        async with websockets.connect(self.url, max_size=None, open_timeout=60, ping_interval=None) as ws:
            self.sockets.append(ws)
            await ws.recv()  # the Engine.IO open packet
            await ws.send("40")
            await ws.recv()  # the namespace connect
            self.connected += 1
            async for message in ws:
                if message == "2":
                    await ws.send("3")
                elif message.startswith('42["question"'):
                    now = time.perf_counter()
                    question = json.loads(message[2:])[1]
                    self.arrivals.setdefault(question["id"], []).append(now)

    async def connect(self) -> None:
        for start in range(0, self.count, 100):  # in waves, as a hall fills
            for _ in range(min(100, self.count - start)):
                self.tasks.append(asyncio.create_task(self._phone()))
            deadline = time.monotonic() + 60
            while self.connected < min(self.count, start + 100) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
        if self.connected < self.count:
            raise RuntimeError(f"only {self.connected} of {self.count} phones connected")

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def _phones_process(url: str, count: int, out) -> None:
    """A share of the hall's phones in a process of its own: arrivals (question id, the
    moment, `time.perf_counter`, which is the system's monotonic clock, the same in every
    process) sent back every few milliseconds, never from the phone's own reading."""

    async def run() -> None:
        phones = Phones(url, count)
        await phones.connect()
        out.send(("ready", phones.connected))
        sent: dict[int, int] = {}
        while True:
            await asyncio.sleep(0.002)
            batch = []
            for question_id, times in list(phones.arrivals.items()):
                done = sent.get(question_id, 0)
                if len(times) > done:
                    batch.append((question_id, times[done:]))
                    sent[question_id] = len(times)
            if batch:
                out.send(("arrivals", batch))

    try:
        asyncio.run(run())
    except (KeyboardInterrupt, BrokenPipeError, EOFError):
        pass


class SpreadPhones:
    """The same N phones as `Phones`, spread over `processes` processes, as phones are separate
    devices: one process reading a thousand sockets becomes the bottleneck it measures (an
    arrival is stamped only when that process gets to its socket). Same interface."""

    def __init__(self, url: str, count: int, processes: int):
        import multiprocessing

        self.url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.count = count
        self.arrivals: dict[int, list[float]] = {}
        self.connected = 0
        spawn = multiprocessing.get_context("spawn")
        shares = [count // processes + (1 if n < count % processes else 0) for n in range(processes)]
        self.pipes, self.children = [], []
        for share in (s for s in shares if s):
            receive, send = spawn.Pipe(duplex=False)
            child = spawn.Process(target=_phones_process, args=(url, share, send), daemon=True)
            child.start()
            send.close()
            self.pipes.append(receive)
            self.children.append(child)

    def _read(self, pipe) -> None:
        try:
            kind, value = pipe.recv()
        except EOFError:
            asyncio.get_running_loop().remove_reader(pipe.fileno())
            return
        if kind == "ready":
            self.connected += value
        else:
            for question_id, times in value:
                self.arrivals.setdefault(question_id, []).extend(times)

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            loop.add_reader(pipe.fileno(), self._read, pipe)
        deadline = time.monotonic() + 120
        while self.connected < self.count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.connected < self.count:
            raise RuntimeError(f"only {self.connected} of {self.count} phones connected")

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            loop.remove_reader(pipe.fileno())
            pipe.close()
        for child in self.children:
            child.terminate()
            child.join(5)


def phones_for(url: str, count: int, processes: int = 1):
    """One process's phones (`Phones`), or phones spread over `processes` (`SpreadPhones`)."""
    return Phones(url, count) if processes <= 1 else SpreadPhones(url, count, processes)


async def trial(phones: Phones, fire, question_id: int) -> list[float]:
    start = time.perf_counter()
    await asyncio.to_thread(fire)
    deadline = time.monotonic() + 30
    while len(phones.arrivals.get(question_id, [])) < phones.count and time.monotonic() < deadline:
        await asyncio.sleep(0.001)
    return [t - start for t in phones.arrivals.get(question_id, [])]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


async def measure(name: str, url: str, pid: int, count: int, trials: int, fire_for) -> dict:
    phones = Phones(url, count)
    await phones.connect()
    await asyncio.sleep(0.5)
    idle_rss = rss_mb(pid)
    last, every = [], []
    cpu_before = cpu_seconds(pid)
    for n in range(trials):
        delays = await trial(phones, fire_for(n), fire_for.question_id(n))
        if len(delays) < count:
            print(f"  {name}: trial {n}: only {len(delays)} of {count} phones got it", file=sys.stderr)
        if delays:
            last.append(max(delays))
            every += delays
        await asyncio.sleep(0.3)
    # The server's CPU over the trials (their pauses included: pings, idle connections), per
    # approval: what one approval to this many phones costs the machine.
    cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / trials
    await phones.close()
    return {"name": name, "phones": count, "last_p50": pct(last, 0.5), "last_p99": pct(last, 0.99), "cpu_ms": cpu_ms,
            "every_p50": pct(every, 0.5), "every_p99": pct(every, 0.99), "rss": idle_rss}


class Ours:
    """Our app: pending questions, a chairman's session, PATCH → approved."""

    def __init__(self, folder: Path, trials: int):
        env = live.prepare(folder / "fanout.db")
        add_pending_questions(env, trials * 2)
        self.server = live.start(env, folder / "server.log")
        self.chairman = live.Client(self.server.url, "chairman")
        self.ids = [q["id"] for q in self.chairman.call("GET", "/api/questions")[1]]
        self.used = 0

    def start_round(self):
        base = self.used
        outer = self

        def fire_for(n):
            return lambda: outer.chairman.call("PATCH", f"/api/questions/{outer.ids[base + n]}", {"status": "approved"})

        fire_for.question_id = lambda n: self.ids[base + n]
        return fire_for

    def end_round(self, trials: int):
        self.used += trials


def bare(url: str):
    def fire_for(n):
        return lambda: urllib.request.urlopen(urllib.request.Request(f"{url}/emit?id={n}", method="POST"), timeout=30).read()

    fire_for.question_id = lambda n: n
    return fire_for


def start_bare(command: list[str], port: int, folder: Path, name: str) -> subprocess.Popen:
    log = (folder / f"{name}.log").open("wb")
    process = subprocess.Popen(command + [str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{name} did not start: {(folder / f'{name}.log').read_text()}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", default="100,500,1000")
    parser.add_argument("--trials", type=int, default=8)
    args = parser.parse_args()
    counts = [int(c) for c in args.phones.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        ours = Ours(folder, args.trials * len(counts))
        try:
            for count in counts:
                fire_for = ours.start_round()
                results.append(await measure("ours", ours.server.url, ours.server.process.pid, count, args.trials, fire_for))
                ours.end_round(args.trials)
        finally:
            ours.server.stop()
        baselines = [("bare Flask-SocketIO", [sys.executable, "bench/bare_socketio.py"])]
        if shutil.which("node") and (ROOT / "node_modules" / "socket.io").exists():
            baselines.append(("bare Node socket.io", ["node", "bench/bare_socketio.js"]))
        for name, command in baselines:
            port = live.free_port()
            process = start_bare(command, port, folder, name.replace(" ", "-"))
            try:
                for count in counts:
                    results.append(await measure(name, f"http://127.0.0.1:{port}", process.pid, count, args.trials, bare(f"http://127.0.0.1:{port}")))
            finally:
                process.terminate()
                process.wait(timeout=5)

    print(f"approve → every phone has it; {args.trials} approvals per row; clients and server on one "
          f"{os.cpu_count()}-core machine")
    print(f"{'server':<22}{'phones':>7}{'last p50':>10}{'last p99':>10}{'each p50':>10}{'each p99':>10}{'RSS MB':>9}"
          f"{'CPU ms/approval':>17}")
    for r in results:
        print(f"{r['name']:<22}{r['phones']:>7}{r['last_p50']:>10.0f}{r['last_p99']:>10.0f}"
              f"{r['every_p50']:>10.0f}{r['every_p99']:>10.0f}{r['rss']:>9.0f}{r['cpu_ms']:>17.1f}")
    for count in counts:
        row = {r["name"]: r for r in results if r["phones"] == count}
        ratios = [f"{name}: ×{row['ours']['last_p99'] / max(r['last_p99'], 0.001):.2f}"
                  for name, r in row.items() if name != "ours"]
        print(f"ours' last-phone p99 at {count} phones against " + ", ".join(ratios))


if __name__ == "__main__":
    asyncio.run(main())
