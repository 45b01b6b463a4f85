"""Similar matters: time per request at the size of a ward's history, and precision and recall
of the suggestions on the labelled pairs (tests/cases/similar_pairs.tsv), for the service's
matcher and for the alternatives it was chosen against.

The history: one active conference of 2,000 questions and 10 earlier conferences of 2,000
each (22,000 questions), written from the problems, places and wordings residents use.

Run: .venv/bin/python bench/similar.py   (prints figures; asserts nothing). Times are wall
clock on this machine, whatever else runs on it: read them with `uptime` beside them.
"""
from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from conference import create_app, store  # noqa: E402
from conference.text import fold  # noqa: E402
import office  # noqa: E402,F401  (the wings import each other's modules: office first)
from office import conferences  # noqa: E402
from projector import similar  # noqa: E402
from tests.conftest import PASSWORD  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "cases" / "similar_pairs.tsv"
HELD_OUT = PAIRS.with_name("similar_pairs_heldout.tsv")  # written after the rules were set
PER_CONFERENCE = 2000
EARLIER = 10
REQUESTS = 300

PROBLEMS = (
    "ngập nước mỗi khi mưa to, đề nghị nạo vét cống", "cống thoát nước bị tắc, nước thải tràn ra đường",
    "đèn chiếu sáng bị hỏng, tối đi lại nguy hiểm", "rác thải không được thu gom, bốc mùi hôi",
    "quán karaoke hát đến khuya gây ồn ào", "mặt đường nhiều ổ gà, xe máy hay ngã",
    "vỉa hè bị lấn chiếm để bán hàng", "mất nước sinh hoạt vào buổi tối", "điện chập chờn, hay mất điện",
    "trộm cắp xe máy xảy ra nhiều, đề nghị tăng cường tuần tra", "có người nghiện tụ tập ban đêm",
    "xây dựng trái phép, lấn chiếm đất công", "chó thả rông không rọ mõm", "muỗi nhiều, đề nghị phun thuốc",
    "cây xanh cành khô sắp gãy đổ", "xe tải chạy quá tốc độ giờ tan học", "ô tô đỗ trên vỉa hè",
)
ASKS = (
    "thủ tục cấp giấy chứng nhận quyền sử dụng đất quá lâu", "chế độ trợ cấp người cao tuổi khi nào được nhận",
    "hộ nghèo chưa được nhận tiền hỗ trợ Tết", "mức đóng bảo hiểm y tế hộ gia đình tăng",
    "đăng ký thường trú cho con mất nhiều thời gian", "trường mầm non thiếu chỗ, con không được nhận",
    "bồi thường giải phóng mặt bằng dự án chậm", "thu phí vệ sinh môi trường không minh bạch",
)
STREETS = ("Lĩnh Nam", "Tam Trinh", "Minh Khai", "Vĩnh Hưng", "Kim Ngưu", "Mai Động", "Nguyễn Tam Trinh", "Vĩnh Tuy")
OPENINGS = ("Đề nghị phường xem xét: ", "Xin hỏi ", "", "Kính đề nghị UBND phường giải quyết ", "de nghi ")


def question_text(rng: random.Random) -> str:
    opening = rng.choice(OPENINGS)
    if rng.random() < 0.75:
        place = rng.choice((f"ngõ {rng.randint(1, 200)} {rng.choice(STREETS)}", f"tổ {rng.randint(1, 20)}",
                            f"số {rng.randint(1, 300)} đường {rng.choice(STREETS)}", f"đường {rng.choice(STREETS)}"))
        text = f"{opening}{place} {rng.choice(PROBLEMS)}"
    else:
        text = f"{opening}{rng.choice(ASKS)}, gia đình ở tổ {rng.randint(1, 20)}"
    if rng.random() < 0.4:  # written without diacritics, as many phones do
        text = fold(text)
    return text


def build(database) -> list[int]:
    """The history, and the active conference's question ids."""
    rng = random.Random(12)
    active = []
    for n in range(EARLIER + 1):
        fields = {**conferences.default_conference_fields(), "title": f"Hội nghị {n + 1}",
                  "held_on": f"{2016 + n // 2}-{'05' if n % 2 == 0 else '11'}-20"}
        conference_id = conferences.create_conference(database, fields, "bench", activate=n == EARLIER)
        statuses = ("answered", "referred", "written_reply", "resolving", "rejected", "merged")
        with store.write(database):
            for _ in range(PER_CONFERENCE):
                text = question_text(rng)
                qid = store.question_insert(database, conference_id, {"source": "phone", "original_text": text,
                                                                      "text": text, "status": "pending"})
                if n < EARLIER:
                    store.question_update(database, qid, {"status": rng.choice(statuses[:4]), "reply_due": "2020-01-01"})
                else:
                    active.append(qid)
    return active


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def labelled(path: Path = PAIRS) -> list[tuple[str, str, str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [tuple(row) for row in list(csv.reader(lines, delimiter="\t"))[1:]]  # type: ignore[misc]


def quality(name: str, pairs, scorer, thresholds) -> None:
    """Precision and recall at each threshold; the service's own threshold marked."""
    scored = [(label == "same", scorer(a, b)) for label, _kind, a, b in pairs]
    print(f"  {name}")
    for threshold in thresholds:
        tp = sum(same and s >= threshold for same, s in scored)
        fp = sum(not same and s >= threshold for same, s in scored)
        fn = sum(same and s < threshold for same, s in scored)
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(f"    threshold {threshold:.2f}: precision {precision:.3f}  recall {recall:.3f}")


def main() -> None:
    pairs = labelled()
    print(f"Labelled pairs: {len(pairs)} ({sum(p[0] == 'same' for p in pairs)} same matter, "
          f"{sum(p[0] == 'different' for p in pairs)} different; hard negatives: "
          f"{sum(p[1] in ('same-place', 'same-problem', 'same-field') for p in pairs)})")
    print("Precision and recall of the suggestions:")
    quality(f"service matcher (projector/similar.py; threshold {similar.THRESHOLD})", pairs, similar.score,
            (similar.THRESHOLD - 0.1, similar.THRESHOLD, similar.THRESHOLD + 0.1))
    held_out = labelled(HELD_OUT)
    quality(f"service matcher on the {len(held_out)} held-out pairs (never used to set its rules)", held_out,
            similar.score, (similar.THRESHOLD,))
    quality("rapidfuzz token_set_ratio on folded text", pairs,
            lambda a, b: fuzz.token_set_ratio(fold(a), fold(b)) / 100, (0.6, 0.7, 0.8))
    quality("rapidfuzz token_sort_ratio on folded text", pairs,
            lambda a, b: fuzz.token_sort_ratio(fold(a), fold(b)) / 100, (0.5, 0.6, 0.7))

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "DATABASE": str(Path(folder) / "bench.db"), "SECRET_KEY": "bench",
                          "ASYNC_MODE": "threading", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            from conference import staff

            database = store.db()
            staff.add_staff(database, "chairman", "chairman", PASSWORD)
            started = time.perf_counter()
            active = build(database)
            print(f"\nHistory: {EARLIER} earlier conferences + 1 active, {PER_CONFERENCE} questions each "
                  f"({(EARLIER + 1) * PER_CONFERENCE} in all), built in {time.perf_counter() - started:.1f} s")

            # The full-text index must find the pair's other half among its candidates.
            with store.write(database):
                conference = store.conference_active(database)
                halves = [(store.question_insert(database, conference["id"], {
                    "source": "phone", "original_text": b, "text": b, "status": "pending"}), a)
                    for label, _kind, a, b in pairs if label == "same"]
            found = crowded = 0
            size, total = store.questions_count(database, [conference["id"]]), store.questions_count(database)
            for qid, a in halves:
                words = similar.search_terms(a)
                query = similar.search_query(words, store.term_documents(database, words), size, total,
                                             most=similar.HERE_QUERY_TERMS, share=similar.HERE_RARE,
                                             cap=similar.HERE_RARE_CAP)
                rows = store.questions_matching(database, query, [conference["id"]], similar.CANDIDATES)
                if any(row["id"] == qid for row in rows):
                    found += 1
                else:  # left out for questions at least as alike (the history repeats its wordings)?
                    other = store.question_get(database, qid)["text"]
                    crowded += sum(similar.score(a, row["text"]) >= similar.score(a, other) for row in rows) \
                        >= similar.HERE_LIMIT
            print(f"FTS5 candidates: the labelled duplicate among the top {similar.CANDIDATES} of {size} for "
                  f"{found}/{len(halves)} pairs; of the {len(halves) - found} others, {crowded} were left out for at "
                  f"least {similar.HERE_LIMIT} questions the matcher finds as alike")

            rng = random.Random(3)
            sample = [rng.choice(active) for _ in range(REQUESTS)]
            similar._terms.cache_clear()
            cold = []
            for qid in sample[:50]:
                t = time.perf_counter()
                similar.similar(database, qid, "2026-01-01")
                cold.append((time.perf_counter() - t) * 1000)
            times = []
            for qid in sample:
                t = time.perf_counter()
                similar.similar(database, qid, "2026-01-01")
                times.append((time.perf_counter() - t) * 1000)
            print(f"\nPer request, FTS5 candidates + matcher (similar.similar): p50 {statistics.median(times):.2f} ms, "
                  f"p99 {percentile(times, 0.99):.2f} ms, max {max(times):.2f} ms "
                  f"(first 50, cold term cache: p50 {statistics.median(cold):.2f} ms)")

            client = app.test_client()
            client.post("/api/session", json={"username": "chairman", "password": PASSWORD})
            http = []
            for qid in sample[:100]:
                t = time.perf_counter()
                assert client.get(f"/api/questions/{qid}/similar").status_code == 200
                http.append((time.perf_counter() - t) * 1000)
            print(f"Per request over HTTP (Flask test client, auth included): p50 {statistics.median(http):.2f} ms, "
                  f"p99 {percentile(http, 0.99):.2f} ms")

            huge = "Ngõ 12 ngập nước khi mưa to " + "rất lâu rồi chưa ai xử lý " * 40_000
            with store.write(database):
                big = store.question_insert(database, conference["id"], {"source": "floor", "original_text": huge,
                                                                         "text": huge, "status": "pending"})
            t = time.perf_counter()
            similar.similar(database, big, "2026-01-01")
            print(f"A 1 MB question: {(time.perf_counter() - t) * 1000:.2f} ms (read up to {similar.MAX_CHARS} characters)")

            # The alternative without an index: rapidfuzz over every text (folded once, kept in
            # memory), each request.
            texts = [fold(row[0]) for row in database.conn.execute("SELECT text FROM questions").fetchall()]
            brute = []
            for qid in sample[:30]:
                query = fold(store.question_get(database, qid)["text"])
                t = time.perf_counter()
                process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=8)
                brute.append((time.perf_counter() - t) * 1000)
            print(f"Without the index (rapidfuzz token_set_ratio over all {len(texts)} folded texts in memory): "
                  f"p50 {statistics.median(brute):.1f} ms, p99 {percentile(brute, 0.99):.1f} ms")
        store.release_all()


if __name__ == "__main__":
    main()
