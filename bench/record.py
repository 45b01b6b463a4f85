"""Seconds to export the minutes and the spreadsheets for 500 invitees and 200 questions (or
`--invitees N`: a district-size list, where a sheet built row by row once took minutes).

Run: .venv/bin/python bench/record.py [--invitees 20000]   (prints figures; asserts nothing)
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conference import create_app, store  # noqa: E402
from office import roster_import as roster  # noqa: E402
from office.demo import FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, SURNAMES  # noqa: E402
from record import backup, data, minutes, report, sheets  # noqa: E402
from tests.conftest import xlsx  # noqa: E402

STATUSES = ("answered", "answered", "written_reply", "referred", "rejected", "merged", "answered")


def build(database, invitees: int = 500) -> dict:
    rng = random.Random(5)
    rows = [["Họ và tên", "Đơn vị"]]
    for i in range(invitees):
        middle, given = (MALE_MIDDLE, MALE_GIVEN) if i % 2 else (FEMALE_MIDDLE, FEMALE_GIVEN)
        rows.append([f"{rng.choice(SURNAMES)} {rng.choice(middle)} {rng.choice(given)} {i}", f"TDP số {i % 14 + 1}"])
    roster.import_roster(database, xlsx(rows), "bench.xlsx", "bench")
    conference = store.conference_active(database)
    people = store.invitees_list(database, conference["id"])
    with store.write(database):
        for person in people[:invitees * 84 // 100]:
            store.checkin_insert(database, conference["id"], person["id"], store.now(), "Cửa chính", "bench", "scan", None)
        for n in range(200):
            status = STATUSES[n % len(STATUSES)]
            text = (f"Câu hỏi số {n}: đề nghị phường xem xét việc sửa chữa đường ngõ, thoát nước, chiếu sáng "
                    "và trật tự đô thị tại khu dân cư, bà con rất mong được trả lời sớm.")
            qid = store.question_insert(database, conference["id"], {
                "source": "phone", "device": f"d{n}", "original_text": text, "text": text, "status": status,
                "asker_name": f"Người hỏi {n}", "responder": "Phó Chủ tịch UBND phường",
                "conclusion": "Giao bộ phận chuyên môn kiểm tra, báo cáo trong tháng.",
            })
            store.question_update(database, qid, {"shown_at": store.now(), "reply_by": "Văn phòng", "reply_due": "2026-01-10",
                                                  "referred_to": "Phòng Tài nguyên và Môi trường quận"})
    return conference


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitees", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE": f"{folder}/bench.db", "SECRET_KEY": "bench", "ASYNC_MODE": "threading"})
        with app.app_context():
            database = store.db()
            conference = build(database, args.invitees)
            zone = app.config["TIMEZONE"]
            record = data.gather(database, conference)
            print(f"{args.invitees} invitees ({args.invitees * 84 // 100} present), 200 questions; median of 5 runs, "
                  "each including gathering the data")
            figures = {
                "minutes .docx": lambda: minutes.minutes(data.gather(database, conference)),
                "report .docx": lambda: report.report(data.gather(database, conference)),
                "questions .xlsx": lambda: sheets.xlsx([("Câu hỏi", "x", *sheets.questions_table(data.gather(database, conference), zone), None)], record, zone),
                "attendance .xlsx (2 sheets)": lambda: sheets.xlsx([
                    ("Điểm danh", "x", *sheets.attendance_table(data.gather(database, conference), zone), None),
                    ("Tổng hợp", "x", *sheets.groups_table(record), None)], record, zone),
                "questions .csv": lambda: sheets.csv_bytes(*sheets.questions_table(data.gather(database, conference), zone)),
                "backup .json": lambda: backup.export(database, conference["id"]),
            }
            for name, fn in figures.items():
                print(f"  {name:<28} {timed(fn):.3f} s")
            store.close_db()


if __name__ == "__main__":
    main()
