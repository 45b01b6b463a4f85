"""Seconds to import a 10,000-row roster sheet and to render 500 invitations.

Run: .venv/bin/python bench/roster.py   (prints figures; asserts nothing)
"""
from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conference import create_app, store  # noqa: E402
from office import roster_import as roster  # noqa: E402
from office.demo import FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, SURNAMES  # noqa: E402
from office import invitations  # noqa: E402


def sheet(rows: int) -> bytes:
    rng = random.Random(1)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Loại", "Điện thoại"])
    for i in range(rows):
        middle, given = (MALE_MIDDLE, MALE_GIVEN) if i % 2 else (FEMALE_MIDDLE, FEMALE_GIVEN)
        name = f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)} {i}"
        ws.append([i + 1, name, f"TDP số {i % 40 + 1}", "", "đại diện nhân dân", f"09{rng.randrange(10**7, 10**8)}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    data = sheet(10_000)
    print(f"sheet: 10,000 rows, {len(data) / 1024:.0f} KiB")
    import_times = []
    for run in range(3):
        with tempfile.TemporaryDirectory() as folder:
            app = create_app({"DATABASE": f"{folder}/bench.db", "SECRET_KEY": "bench", "ASYNC_MODE": "threading"})
            with app.app_context():
                database = store.db()
                import_times += timed(lambda: roster.import_roster(database, data, "bench.xlsx", "bench"), 1)
                conference = store.conference_active(database)
                people = store.invitees_list(database, conference["id"])[:500]
                if run == 0:
                    render = timed(lambda: invitations.render(conference, people, app.config["NODE_MODULES"]), 3)
                    pdf = invitations.render(conference, people, app.config["NODE_MODULES"])
                store.close_db()
    print(f"import 10,000 rows (.xlsx, one transaction, synchronous=FULL): "
          f"median {statistics.median(import_times):.2f} s, runs {', '.join(f'{t:.2f}' for t in import_times)}")
    print(f"render 500 invitations (250 A4 pages, {len(pdf) / 1024:.0f} KiB PDF): "
          f"median {statistics.median(render):.2f} s, runs {', '.join(f'{t:.2f}' for t in render)}")


if __name__ == "__main__":
    main()
