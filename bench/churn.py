"""Phones coming and going: N phones connect to `python wsgi.py` and leave, round after round,
as a hall's phones do when the Wi-Fi drops or a screen locks; the server's RSS while they are
connected and once each round's connections are let go (Engine.IO holds a closed connection
until its 25 s ping wait ends, so the next round starts after --gap seconds). Memory that
climbs round after round is memory the hall loses for good.

Run: .venv/bin/python bench/churn.py [--phones 1000] [--rounds 6] [--gap 30]
Prints figures; asserts nothing. Everything runs on 127.0.0.1 and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fanout import Phones, rss_mb  # noqa: E402
from tests import live  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--gap", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        server = live.start(live.prepare(folder / "churn.db"), folder / "server.log")
        pid = server.process.pid
        try:
            print(f"{args.phones} phones connect and leave, {args.rounds} rounds, {args.gap:.0f} s apart; "
                  f"server RSS at start {rss_mb(pid):.0f} MB")
            print(f"{'round':>5}{'connected MB':>14}{'after MB':>10}")
            for n in range(1, args.rounds + 1):
                phones = Phones(server.url, args.phones)
                await phones.connect()
                await asyncio.sleep(0.5)
                connected = rss_mb(pid)
                await phones.close()
                await asyncio.sleep(args.gap)
                print(f"{n:>5}{connected:>14.0f}{rss_mb(pid):>10.0f}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
