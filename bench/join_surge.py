"""The moment the join QR appears: N phones open /ask within a few seconds, as a browser
would — the page, every file it names and every module those import, the snapshot
(/api/ask), over at most six keep-alive connections, then the websocket — and how long until
each is live. Our app (`python wsgi.py`, eventlet) beside a bare Node server
(bench/bare_join.js) serving the same bytes with socket.io. Then the same phones come back
(a reconnect): what they fetch again.

Run: .venv/bin/python bench/join_surge.py [--phones 100,300,1000] [--spread 10] [--runs 3]
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import pct, rss_mb  # noqa: E402
from tests import live  # noqa: E402

ASSET = re.compile(r'(?:src|href)="(/(?:v/|static/|vendor/)[^"]+)"')
IMPORT = re.compile(r'(?:from|import)\s*\(?\s*"((?:\./|\.\./|/)[^"]+\.js)"')


class Browser:
    """One phone's browser: at most CONNECTIONS keep-alive connections to the server (as a
    phone's browser keeps for one host), a cache that honours `immutable` and max-age, gzip
    accepted, cookies kept. `close` drops its connections, as a phone's do when its Wi-Fi
    goes; the cache and the cookie stay."""

    CONNECTIONS = 6

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cache: set[str] = set()
        self.cookie = ""
        self.fetched = 0
        self.bytes = 0
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.open = 0

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        while not self.idle and self.open >= self.CONNECTIONS:
            await asyncio.sleep(0.001)
        if self.idle:
            return self.idle.pop()
        self.open += 1
        try:
            return await asyncio.open_connection(self.host, self.port)
        except BaseException:
            self.open -= 1
            raise

    def _drop(self, writer: asyncio.StreamWriter) -> None:
        self.open -= 1
        writer.close()

    def close(self) -> None:
        for _reader, writer in self.idle:
            writer.close()
        self.idle, self.open = [], 0

    async def get(self, path: str) -> bytes:
        if path in self.cache:
            return b""
        reader, writer = await self._connection()
        try:
            headers = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept-Encoding: gzip, deflate\r\n"
            if self.cookie:
                headers += f"Cookie: {self.cookie}\r\n"
            writer.write((headers + "\r\n").encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head[:-4].decode("latin-1").split("\r\n")
            fields = [(name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])]
            named = dict(fields)
            if "content-length" in named:
                body = await reader.readexactly(int(named["content-length"]))
            elif "chunked" in named.get("transfer-encoding", ""):
                body = await _read_chunks(reader)
            else:
                body = await reader.read(-1)
                named["connection"] = "close"
        except BaseException:
            self._drop(writer)
            raise
        if named.get("connection", "").lower() == "close":
            self._drop(writer)
        else:
            self.idle.append((reader, writer))
        status = int(lines[0].split()[1])
        if status >= 400:
            raise RuntimeError(f"{path}: {status}")
        self.fetched += 1
        self.bytes += len(head) + len(body)
        for name, value in fields:
            if name == "set-cookie":
                pair = value.split(";")[0]
                self.cookie = "; ".join(filter(None, [self.cookie, pair]))
            if name == "cache-control" and ("immutable" in value or re.search(r"max-age=[1-9]", value)):
                self.cache.add(path)
        if "gzip" in named.get("content-encoding", ""):
            import gzip

            body = gzip.decompress(body)
        return body

    async def files(self, page: str) -> None:
        """Every file the page names, and every module those import, as a browser walks them."""
        pending = ASSET.findall(page)
        seen: set[str] = set()
        while pending:
            batch = [p for p in dict.fromkeys(pending) if p not in seen]
            pending = []
            seen.update(batch)
            bodies = await asyncio.gather(*(self.get(p) for p in batch))
            for path, body in zip(batch, bodies):
                if path.split("?")[0].endswith(".js") and body:
                    base = path.rsplit("/", 1)[0] + "/"
                    for target in IMPORT.findall(body.decode("utf-8", "replace")):
                        pending.append(_join(base, target))


def _join(base: str, target: str) -> str:
    if target.startswith("/"):
        return target
    parts = base.rstrip("/").split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    out = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return out
        out += await reader.readexactly(size)
        await reader.readexactly(2)


async def page_and_state(browser: Browser) -> tuple[bytes, bytes]:
    try:
        return await browser.get("/ask"), await browser.get("/api/ask")
    finally:
        browser.close()


async def phone(browser: Browser, delay: float, results: list, failures: list) -> None:
    await asyncio.sleep(delay)
    start = time.perf_counter()
    try:
        page = (await browser.get("/ask")).decode()
        await browser.files(page)
        await browser.get("/api/ask")
        url = f"ws://{browser.host}:{browser.port}/socket.io/?EIO=4&transport=websocket"
        async with websockets.connect(url, open_timeout=30, ping_interval=None,
                                      additional_headers={"Cookie": browser.cookie} if browser.cookie else None) as ws:
            await ws.recv()
            await ws.send("40")
            await ws.recv()
            results.append(time.perf_counter() - start)
            await asyncio.sleep(0.2)
    except Exception as error:  # noqa: BLE001 (a failure is a figure here)
        failures.append(repr(error)[:120])
    finally:
        browser.close()


async def surge(host: str, port: int, count: int, spread: float, browsers: list[Browser] | None = None):
    browsers = browsers or [Browser(host, port) for _ in range(count)]
    for b in browsers:
        b.fetched = b.bytes = 0
    results: list[float] = []
    failures: list[str] = []
    await asyncio.gather(*(phone(b, random.uniform(0, spread), results, failures) for b in browsers))
    return browsers, results, failures


def peak_rss(pid: int, stop: list[bool], peak: list[float]) -> None:
    while not stop:
        peak[0] = max(peak[0], rss_mb(pid))
        time.sleep(0.05)


def run(name: str, url: str, pid: int, count: int, spread: float) -> str:
    import threading

    host, port = url.split("//")[1].split(":")
    stop: list[bool] = []
    peak = [rss_mb(pid)]
    watcher = threading.Thread(target=peak_rss, args=(pid, stop, peak))
    watcher.start()
    try:
        browsers, first, failed = asyncio.run(surge(host, int(port), count, spread))
        first_requests = sum(b.fetched for b in browsers) / max(1, len(browsers))
        first_kb = sum(b.bytes for b in browsers) / max(1, len(browsers)) / 1024
        _, again, failed_again = asyncio.run(surge(host, int(port), count, spread, browsers))
    finally:
        stop.append(True)
        watcher.join()
    requests = sum(b.fetched for b in browsers) / max(1, len(browsers))
    kb = sum(b.bytes for b in browsers) / max(1, len(browsers)) / 1024
    return (f"  {name:5s} {count:5d} phones: live p50 {pct(first, .5):6.0f} ms, p99 {pct(first, .99):6.0f} ms "
            f"({first_requests:.0f} requests, {first_kb:.0f} KB each), failed {len(failed)}; back again p99 "
            f"{pct(again, .99):5.0f} ms ({requests:.0f} requests, {kb:.1f} KB), failed {len(failed_again)}; "
            f"server peak RSS {peak[0]:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", default="100,300,1000")
    parser.add_argument("--spread", type=float, default=10.0, help="seconds over which the phones arrive")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    counts = [int(n) for n in args.phones.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = live.prepare(folder / "surge.db")
        subprocess.run([sys.executable, "-c", "from conference import create_app, store\n"
                        "from office.conferences import ensure_active_conference\n"
                        "app = create_app(); ctx = app.app_context(); ctx.push()\n"
                        "ensure_active_conference(store.db(), 'bench')"], cwd=ROOT, env=env, check=True)
        print(f"N phones open /ask over {args.spread:.0f} s (page, files, modules, snapshot, websocket), then come back; "
              f"{args.runs} run(s) each")
        for _run in range(args.runs):
            for count in counts:
                server = live.start(env, folder / "server.log")
                try:
                    # The Node peer gets the same page, snapshot and files.
                    snapshot = folder / "snapshot"
                    snapshot.mkdir(exist_ok=True)
                    browser = Browser("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
                    page, state = asyncio.run(page_and_state(browser))
                    (snapshot / "ask.html").write_bytes(page)
                    (snapshot / "ask.json").write_bytes(state)
                    print(run("ours", server.url, server.process.pid, count, args.spread), flush=True)
                finally:
                    server.stop()
                if shutil.which("node"):
                    port = live.free_port()
                    node = subprocess.Popen(["node", str(ROOT / "bench/bare_join.js"), str(port), str(snapshot)],
                                            cwd=ROOT)
                    try:
                        time.sleep(1.0)
                        print(run("node", f"http://127.0.0.1:{port}", node.pid, count, args.spread), flush=True)
                    finally:
                        node.terminate()
                        node.wait(timeout=5)


if __name__ == "__main__":
    main()
